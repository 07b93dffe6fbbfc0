import * as fs from 'fs';
import * as path from 'path';
import hostToolsSetup from './host-tools-setup';
import { HOST_TOOLS, requireHostTool, tempDir, writeTree } from './util';

/** Runs `fn` with PATH (and RUSTFMT) set, then restores them. */
function withPath<T>(dirs: string[], fn: () => T, rustfmt?: string): T {
  const saved = { PATH: process.env.PATH, RUSTFMT: process.env.RUSTFMT };
  process.env.PATH = dirs.join(path.delimiter);
  if (rustfmt === undefined) delete process.env.RUSTFMT; else process.env.RUSTFMT = rustfmt;
  try {
    return fn();
  } finally {
    process.env.PATH = saved.PATH;
    if (saved.RUSTFMT === undefined) delete process.env.RUSTFMT; else process.env.RUSTFMT = saved.RUSTFMT;
  }
}

function binDir(...programs: string[]): string {
  const dir = writeTree(tempDir('bin-'), Object.fromEntries(programs.map((p) => [p, '#!/bin/sh\nexit 0\n'])));
  programs.forEach((p) => fs.chmodSync(path.join(dir, p), 0o755));
  return dir;
}

describe('host tools of the unit tests', () => {
  test('a missing tool fails with one message naming it, what the tests use it for and how to install it', () => {
    const empty = tempDir('empty-');
    expect(() => withPath([empty], () => requireHostTool('cargo'))).toThrow(new Error([
      'The unit tests need cargo on the host, and it is not on PATH:',
      `  cargo: ${HOST_TOOLS.cargo.purpose}. ${HOST_TOOLS.cargo.install}.`,
      'See the README\'s prerequisites.',
    ].join('\n')));
  });

  test('a tool on PATH is found, a file that is not executable is not', () => {
    const bin = binDir('cargo');
    const notExecutable = writeTree(tempDir('noexec-'), { cargo: 'not a program' });
    expect(withPath([notExecutable, bin], () => requireHostTool('cargo'))).toBe(path.join(bin, 'cargo'));
    expect(() => withPath([notExecutable], () => requireHostTool('cargo'))).toThrow(/^The unit tests need cargo on the host/);
  });

  test('RUSTFMT names rustfmt instead of PATH', () => {
    expect(withPath([tempDir('empty-')], () => requireHostTool('rustfmt'), '/opt/rust/bin/rustfmt')).toBe('/opt/rust/bin/rustfmt');
  });

  test('a whole-suite run checks every tool first and fails once, listing each missing one; a run of chosen files leaves it to the files', () => {
    const some = binDir('rustc', 'cc');
    expect(() => withPath([some], () => hostToolsSetup({}))).toThrow(new Error([
      'The unit tests need cargo, rustfmt on the host, and they are not on PATH:',
      `  cargo: ${HOST_TOOLS.cargo.purpose}. ${HOST_TOOLS.cargo.install}.`,
      `  rustfmt: ${HOST_TOOLS.rustfmt.purpose}. ${HOST_TOOLS.rustfmt.install}.`,
      'See the README\'s prerequisites.',
    ].join('\n')));
    expect(() => withPath([some], () => hostToolsSetup({ testPathPatterns: { patterns: ['test/cdk'] } }))).not.toThrow();
    expect(() => withPath([binDir(...Object.keys(HOST_TOOLS))], () => hostToolsSetup({}))).not.toThrow();
  });
});
