import * as fs from 'fs';
import * as path from 'path';
import { loadESLint } from 'eslint';

/*
 * The layer rule of projenrc/layers.ts, as projen wrote it into .eslintrc.json,
 * run by eslint on source text placed in the layers: an upward import is an
 * error, a downward one is not. Only that rule runs (the others need the
 * type-checked program, which text that is not on disk is not part of).
 */
const ROOT = path.join(__dirname, '..');
const RULE = 'import/no-restricted-paths';

function configuredRule(): unknown {
  const text = fs.readFileSync(path.join(ROOT, '.eslintrc.json'), 'utf-8').replace(/^\s*\/\/.*$/gm, '');
  const rule = (JSON.parse(text) as { rules: Record<string, unknown> }).rules[RULE];
  if (!rule) throw new Error(`.eslintrc.json has no ${RULE} rule: run npx projen`);
  return rule;
}

async function layerErrors(file: string, code: string): Promise<string[]> {
  const LegacyESLint = await loadESLint({ useFlatConfig: false });
  const eslint = new LegacyESLint({
    cwd: ROOT,
    useEslintrc: false,
    baseConfig: {
      parser: '@typescript-eslint/parser',
      parserOptions: { ecmaVersion: 2018, sourceType: 'module' },
      plugins: ['import'],
      settings: { 'import/parsers': { '@typescript-eslint/parser': ['.ts'] }, 'import/resolver': { node: { extensions: ['.ts', '.js'] } } },
      rules: { [RULE]: configuredRule() } as never,
    },
  });
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return result.messages.map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`);
}

test.each([
  ['src/model/upward.ts', 'import { RustMuslImage } from \'../image/rust-musl-image\';\nexport const x = RustMuslImage;\n'],
  ['src/core/upward.ts', 'import { Architecture } from \'../model/architecture\';\nexport const x = Architecture;\n'],
  ['src/image/builder/upward.ts', 'import { ScratchRuntime } from \'../runtimes/scratch-runtime\';\nexport const x = ScratchRuntime;\n'],
  ['src/cdk/upward.ts', 'import { Dockerfile } from \'../dockerfile/dockerfile\';\nexport const x = Dockerfile;\n'],
])('an upward import in %s fails the lint', async (file, code) => {
  expect(await layerErrors(file, code)).toEqual([expect.stringMatching(new RegExp(`^${RULE}: `))]);
});

test('a downward import passes it', async () => {
  expect(await layerErrors('src/image/runtimes/downward.ts', 'import { Architecture } from \'../../model/architecture\';\nexport const x = Architecture;\n')).toEqual([]);
});
