import * as fs from 'fs';
import * as path from 'path';
import { loadESLint } from 'eslint';

/*
 * The import rules of projenrc/layers.ts, as projen wrote them into
 * .eslintrc.json, run by eslint on source text placed in the repository: an
 * upward import in src/, an import of test code from outside test/, and an
 * import cycle are errors; a downward import is not. Only those rules run
 * (the others need the type-checked program, which text that is not on disk
 * is not part of).
 */
const ROOT = path.join(__dirname, '..');
const PATHS = 'import/no-restricted-paths';
const CYCLE = 'import/no-cycle';

function eslintrc(): { rules: Record<string, unknown>; settings: Record<string, unknown> } {
  return JSON.parse(fs.readFileSync(path.join(ROOT, '.eslintrc.json'), 'utf-8').replace(/^\s*\/\/.*$/gm, ''));
}

function configuredRule(rule: string): unknown {
  const configured = eslintrc().rules[rule];
  if (!configured) throw new Error(`.eslintrc.json has no ${rule} rule: run npx projen`);
  return configured;
}

/**
 * no-cycle as configured, without its shortcut: it first computes the
 * strongly connected components of the files on disk and skips a file that
 * is in none with its imports, so text that differs from the file on disk
 * (the deliberate cycle below) needs the full walk.
 */
function withoutScc(configured: unknown): unknown {
  const [level, options] = configured as [string, Record<string, unknown>];
  return [level, { ...options, disableScc: true }];
}

/** The errors of `rules` on `code` placed at `file` (no-cycle needs the file on disk: it reads the graph from there). */
async function lintErrors(file: string, code: string, rules: string[] = [PATHS]): Promise<string[]> {
  const LegacyESLint = await loadESLint({ useFlatConfig: false });
  const eslint = new LegacyESLint({
    cwd: ROOT,
    useEslintrc: false,
    baseConfig: {
      parser: '@typescript-eslint/parser',
      parserOptions: { ecmaVersion: 2018, sourceType: 'module' },
      plugins: ['import'],
      // The project's own resolver settings: no-cycle follows imports as the lint does.
      settings: eslintrc().settings as never,
      rules: Object.fromEntries(rules.map((rule) => [rule, rule === CYCLE ? withoutScc(configuredRule(rule)) : configuredRule(rule)])) as never,
    },
  });
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, file) });
  return result.messages.map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`);
}

describe('layers of src/', () => {
  test.each([
    ['src/model/upward.ts', 'import { RustMuslImage } from \'../image/rust-musl-image\';\nexport const x = RustMuslImage;\n'],
    ['src/core/upward.ts', 'import { Architecture } from \'../model/architecture\';\nexport const x = Architecture;\n'],
    ['src/image/builder/upward.ts', 'import { ScratchRuntime } from \'../runtimes/scratch-runtime\';\nexport const x = ScratchRuntime;\n'],
    ['src/cdk/upward.ts', 'import { Dockerfile } from \'../dockerfile/dockerfile\';\nexport const x = Dockerfile;\n'],
  ])('an upward import in %s fails the lint', async (file, code) => {
    expect(await lintErrors(file, code)).toEqual([expect.stringMatching(new RegExp(`^${PATHS}: `))]);
  });

  test('the builder (rust-musl-image.ts) importing a runtime fails the lint', async () => {
    const code = 'import { DistrolessRuntime } from \'./runtimes/distroless-runtime\';\nexport const x = DistrolessRuntime;\n';
    expect(await lintErrors('src/image/rust-musl-image.ts', code)).toEqual([expect.stringMatching(/the builder \(rust-musl-image\.ts\) may not import what composes images from it\.$/)]);
  });

  test('a downward import passes it', async () => {
    expect(await lintErrors('src/image/runtimes/downward.ts', 'import { Architecture } from \'../../model/architecture\';\nexport const x = Architecture;\n')).toEqual([]);
  });
});

describe('the tools around src/', () => {
  test.each([
    ['bench/engine/uses-test.ts', 'import { markersOf } from \'../../test/engine/task-api\';\nexport const x = markersOf;\n'],
    ['scripts/readme/uses-test.ts', 'import { tempDir } from \'../../test/util\';\nexport const x = tempDir;\n'],
    ['scripts/readme/uses-bench.ts', 'import { parseWrk } from \'../../bench/engine/wrk\';\nexport const x = parseWrk;\n'],
    ['devtools/uses-test.ts', 'import { tempDir } from \'../test/util\';\nexport const x = tempDir;\n'],
    ['src/core/uses-devtools.ts', 'import { REPO_ROOT } from \'../../devtools/engine-harness\';\nexport const x = REPO_ROOT;\n'],
  ])('%s fails the lint', async (file, code) => {
    expect(await lintErrors(file, code)).toEqual([expect.stringMatching(new RegExp(`^${PATHS}: `))]);
  });

  test('bench and scripts may import devtools/', async () => {
    expect(await lintErrors('bench/engine/uses-devtools.ts', 'import { REPO_ROOT } from \'../../devtools/engine-harness\';\nexport const x = REPO_ROOT;\n')).toEqual([]);
    expect(await lintErrors('scripts/readme/uses-devtools.ts', 'import { VERIFIED_PATHS } from \'../../devtools/verified-paths\';\nexport const x = VERIFIED_PATHS;\n')).toEqual([]);
  });
});

describe('import cycles', () => {
  const FILE = 'src/image/builder/cargo-command.ts';
  const source = () => fs.readFileSync(path.join(ROOT, FILE), 'utf-8');

  test('the builder is known by type below it: cargo-command.ts as it is passes', async () => {
    expect(source()).toContain('import type { RustMuslImage } from \'../rust-musl-image\';');
    expect(await lintErrors(FILE, source(), [CYCLE, PATHS])).toEqual([]);
  });

  test('a value import of the builder below it is a cycle, and fails the lint', async () => {
    const code = source().replace('import type { RustMuslImage }', 'import { RustMuslImage }');
    expect(await lintErrors(FILE, code, [CYCLE, PATHS])).toEqual([expect.stringMatching(new RegExp(`^${CYCLE}: Dependency cycle`))]);
  });
});
