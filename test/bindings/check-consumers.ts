/**
 * Type-checks the consumers of the generated bindings and compares the
 * diagnostics with their `expect-error` markers (see consumer-expectations.ts):
 *
 * - Python: pyright (strict, test/bindings/pyrightconfig.json) over
 *   test/bindings/python/*.py, against the installed wheel and the generated
 *   constructs/aws-cdk-lib/projen packages;
 * - Java: javac over every generated source of this package plus the good
 *   consumers in test/bindings/java (no error allowed), then over each
 *   `Wrong*.java` consumer alone. The sources of constructs, aws-cdk-lib and
 *   projen are on the source path and only their signatures are read
 *   (`-implicit:none`).
 *
 * Run by scripts/bindings/bindings.sh after the bindings are generated; exits
 * non-zero when a good consumer has a diagnostic, a wrong consumer misses one
 * of its errors, or a wrong consumer has no marker at all.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { compareDiagnostics, Diagnostic, ExpectedError, fromPyright, parseExpectations, parseJavacOutput, PyrightDiagnostic } from './consumer-expectations';

const root = path.resolve(__dirname, '..', '..');
const generated = path.join(root, 'dist-bindings');

/** Debian's jars that the generated Java code compiles against (libjackson2-databind-java, libjetbrains-annotations-java). */
const JAVA_CLASSPATH = [
  '/usr/share/java/jackson-databind.jar',
  '/usr/share/java/jackson-core.jar',
  '/usr/share/java/jackson-annotations.jar',
  '/usr/share/java/org.jetbrains.annotations-java8.jar',
];

interface CheckResult {
  readonly files: string[];
  readonly expected: ExpectedError[];
  readonly diagnostics: Diagnostic[];
  readonly problems: string[];
}

function listFiles(dir: string, extension: string): string[] {
  return fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter(f => f.endsWith(extension))
    .sort()
    .map(f => path.join(dir, f));
}

function expectationsOf(files: string[], isWrong: (file: string) => boolean): { expected: ExpectedError[]; problems: string[] } {
  const expected = files.flatMap(f => parseExpectations(f, fs.readFileSync(f, 'utf8')));
  const problems = files
    .filter(f => isWrong(f) && !expected.some(e => e.file === f))
    .map(f => `${f}: a wrong consumer without any expect-error marker`);
  return { expected, problems };
}

function checkPython(): CheckResult {
  const files = listFiles(path.join(__dirname, 'python'), '.py');
  const { expected, problems } = expectationsOf(files, f => path.basename(f).startsWith('wrong_'));
  const pyright = path.join(root, 'node_modules', '.bin', 'pyright');
  const args = ['--outputjson', '--project', path.join(__dirname, 'pyrightconfig.json'), ...files];
  const run = spawnSync(pyright, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.error || !run.stdout) {
    throw new Error(`pyright did not run: ${run.error?.message ?? run.stderr}`);
  }
  const report = JSON.parse(run.stdout) as {
    version: string;
    generalDiagnostics: PyrightDiagnostic[];
    summary: { filesAnalyzed: number; timeInSec: number };
  };
  if (report.summary.filesAnalyzed < files.length) {
    problems.push(`pyright analyzed ${report.summary.filesAnalyzed} files, expected at least ${files.length}`);
  }
  console.log(`pyright ${report.version}: ${files.length} consumers in ${report.summary.timeInSec}s`);
  return { files, expected, diagnostics: report.generalDiagnostics.map(fromPyright), problems };
}

function javac(sources: string[]): Diagnostic[] {
  const sourcePath = [
    path.join(generated, 'self', 'java', 'src', 'main', 'java'),
    path.join(__dirname, 'java-stubs'),
    ...['constructs', 'aws-cdk-lib', 'projen'].map(pkg => path.join(generated, 'deps', pkg, 'java', 'src', 'main', 'java')),
  ];
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bindings-javac-'));
  try {
    const run = spawnSync('javac', [
      '-proc:none', '-implicit:none', '-Xlint:none', '-Xmaxerrs', '1000', '-J-Xmx2g', '-encoding', 'UTF-8',
      '-d', outdir, '-classpath', JAVA_CLASSPATH.join(path.delimiter), '-sourcepath', sourcePath.join(path.delimiter),
      ...sources,
    ], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (run.error) {
      throw new Error(`javac did not run: ${run.error.message}`);
    }
    const diagnostics = parseJavacOutput(run.stderr).map(d => ({ ...d, file: path.resolve(d.file) }));
    if (run.status !== 0 && diagnostics.length === 0) {
      throw new Error(`javac failed without a diagnostic:\n${run.stderr}`);
    }
    return diagnostics;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function checkJava(): CheckResult {
  const missing = JAVA_CLASSPATH.filter(jar => !fs.existsSync(jar));
  if (missing.length > 0) {
    throw new Error(`missing ${missing.join(', ')}: apt-get install libjackson2-databind-java libjetbrains-annotations-java`);
  }
  const files = listFiles(path.join(__dirname, 'java'), '.java');
  const isWrong = (f: string) => path.basename(f).startsWith('Wrong');
  const { expected, problems } = expectationsOf(files, isWrong);
  const ownSources = listFiles(path.join(generated, 'self', 'java', 'src', 'main', 'java'), '.java');
  const diagnostics = [
    ...javac([...ownSources, ...files.filter(f => !isWrong(f))]),
    ...files.filter(isWrong).flatMap(f => javac([f])),
  ];
  console.log(`javac: ${ownSources.length} generated sources and ${files.length} consumers`);
  return { files, expected, diagnostics, problems };
}

const results = [checkPython(), checkJava()];
const problems: string[] = [];
for (const result of results) {
  problems.push(...result.problems, ...compareDiagnostics(result.expected, result.diagnostics));
  for (const file of result.files) {
    const mine = result.diagnostics.filter(d => d.file === file);
    console.log(`  ${path.relative(root, file)}: ${mine.filter(d => d.severity === 'error').length} errors`);
    for (const d of mine) {
      console.log(`    ${d.line}: ${d.severity} [${d.rule ?? '-'}] ${d.message.split('\n')[0]}`);
    }
  }
  const elsewhere = result.diagnostics.filter(d => !result.files.includes(d.file));
  for (const d of elsewhere) {
    console.log(`  ${path.relative(root, d.file)}:${d.line}: ${d.severity} [${d.rule ?? '-'}] ${d.message.split('\n')[0]}`);
  }
}
if (problems.length > 0) {
  console.error(`bindings check FAILED:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
const caught = results.reduce((n, r) => n + r.expected.length, 0);
const [python, java] = results.map(r => r.expected.length);
const stubOnly = results.reduce((n, r) => n + r.expected.filter(e => e.stubOnly).length, 0);
console.log(`bindings check passed: good consumers and generated sources clean, ${caught} deliberate errors caught `
  + `(Python ${python}, Java ${java}; ${stubOnly} of them stub-only: the real jsii runtime's types would not report them)`);
