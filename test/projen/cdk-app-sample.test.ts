import * as path from 'path';
import * as ts from 'typescript';
import { Architecture } from '../../src';
import { ServiceDatabaseKind } from '../../src/projen/rust-service-options';
import { cdkAppSample } from '../../src/projen/sample/cdk-app-main';

const ROOT = path.join(__dirname, '..', '..');
// A file that exists only in memory, placed in the repository so that
// `aws-cdk-lib` resolves from its node_modules.
const VIRTUAL = path.join(ROOT, 'test', 'projen', '__sample_cdk_app__', 'main.ts');

/** Type-checks `source` as `infra/main.ts` would be, with `cdk-rust-image` mapped to this repository's sources. */
function typeCheck(source: string): string[] {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    ignoreDeprecations: '6.0',
    strict: true,
    esModuleInterop: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['node'],
    baseUrl: ROOT,
    paths: { 'cdk-rust-image': ['src/index.ts'] },
  } as ts.CompilerOptions;
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, ...rest) => fileName === VIRTUAL
    ? ts.createSourceFile(fileName, source, languageVersion)
    : getSourceFile(fileName, languageVersion, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => fileName === VIRTUAL || fileExists(fileName);
  const program = ts.createProgram([VIRTUAL], options, host);
  return ts.getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName === VIRTUAL)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

test('the sample CDK app compiles against the library', () => {
  const source = cdkAppSample({ binaryName: 'my-svc', port: 9090, architecture: Architecture.ARM64 });
  expect(source).toContain('architecture: Architecture.ARM64,');
  expect(typeCheck(source)).toEqual([]);
});

test('the PostgreSQL sample CDK app compiles against the library: one ServiceStackOptions value spread into the service', () => {
  const source = cdkAppSample({ binaryName: 'my-svc', port: 8080, architecture: Architecture.X86_64, database: ServiceDatabaseKind.POSTGRES });
  expect(source).toContain('...serviceStack });');
  expect(typeCheck(source)).toEqual([]);
});

test('the type check does report errors', () => {
  expect(typeCheck('import { NoSuchThing } from \'cdk-rust-image\';\nNoSuchThing;\n').join('\n')).toMatch(/NoSuchThing/);
});
