import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/*
 * The one shared test utility: temporary directories that are always
 * removed, writing file trees (with symbolic links), and walking them
 * without following links.
 *
 * A directory made inside a test is removed after that test; one made while
 * a test file loads, or in beforeAll, after the file's last test. Importing
 * this module registers the hooks, so no test file can forget them.
 */

const removeAfterEach: string[] = [];
const removeAfterAll: string[] = [];

function removeAll(dirs: string[]): void {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

// Outside jest (a script that imports a helper) there are no hooks and nothing to register.
if (typeof afterEach === 'function' && typeof afterAll === 'function') {
  afterEach(() => removeAll(removeAfterEach));
  afterAll(() => removeAll(removeAfterAll));
}

function insideTest(): boolean {
  return typeof expect === 'function' && expect.getState().currentTestName !== undefined;
}

/**
 * A fresh directory under the OS temporary directory (projen's synthSnapshot
 * insists on it), by its real path, removed after the test (or the file).
 */
export function tempDir(prefix: string = 'test-'): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `cdk-rust-image-${prefix}`)));
  (insideTest() ? removeAfterEach : removeAfterAll).push(dir);
  return dir;
}

/** A symbolic link to write with `writeTree`: `target` is written as it is (relative or absolute). */
export interface SymlinkSpec {
  readonly symlink: string;
}

/** What `writeTree` writes at a path: file content, or a symbolic link. */
export type TreeContent = string | Buffer | SymlinkSpec;

/** A symbolic link pointing at `target`. */
export function symlink(target: string): SymlinkSpec {
  return { symlink: target };
}

/** Writes files and links (posix relative path -> content) under `root`, creating folders; returns `root`. */
export function writeTree(root: string, files: Record<string, TreeContent>): string {
  for (const [file, content] of Object.entries(files)) {
    const target = path.join(root, ...file.split('/'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.rmSync(target, { force: true });
    if (typeof content === 'object' && !Buffer.isBuffer(content)) {
      fs.symlinkSync(content.symlink, target);
    } else {
      fs.writeFileSync(target, content);
    }
  }
  return root;
}

/** A fresh temporary directory holding `files`. */
export function makeTree(files: Record<string, TreeContent>, prefix: string = 'tree-'): string {
  return writeTree(tempDir(prefix), files);
}

/** A fresh temporary copy of `source` (links copied as links). */
export function copyTree(source: string, prefix: string = 'copy-'): string {
  const dir = tempDir(prefix);
  fs.cpSync(source, dir, { recursive: true, verbatimSymlinks: true });
  return dir;
}

/** One entry of a walked tree. */
export interface WalkedEntry {
  /** Posix path relative to the walked directory. */
  readonly path: string;
  readonly kind: 'file' | 'directory' | 'symlink' | 'other';
  /** The link text, for symbolic links. */
  readonly target?: string;
}

/** Every entry below `dir`, sorted by path; symbolic links are reported, never followed. */
export function walkTree(dir: string): WalkedEntry[] {
  const out: WalkedEntry[] = [];
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isSymbolicLink()) {
        out.push({ path: child, kind: 'symlink', target: fs.readlinkSync(path.join(dir, child)) });
      } else if (entry.isDirectory()) {
        out.push({ path: child, kind: 'directory' });
        walk(child);
      } else {
        out.push({ path: child, kind: entry.isFile() ? 'file' : 'other' });
      }
    }
  };
  walk('');
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The files and links below `dir` (no directories), as sorted posix paths. */
export function listFiles(dir: string): string[] {
  return walkTree(dir).filter((e) => e.kind !== 'directory').map((e) => e.path);
}

/** The text of every regular file below `dir` (posix path -> content), skipping folders with the given names. */
export function readTree(dir: string, skipFolders: string[] = []): Record<string, string> {
  const skipped = (p: string) => p.split('/').slice(0, -1).some((segment) => skipFolders.includes(segment));
  return Object.fromEntries(walkTree(dir)
    .filter((e) => e.kind === 'file' && !skipped(e.path))
    .map((e) => [e.path, fs.readFileSync(path.join(dir, e.path), 'utf8')]));
}

/**
 * `describe` for tests that run cargo on the host: without cargo the file
 * fails once, naming it and how to install it (`requireHostTool`), as every
 * other test that needs a host program does.
 */
export function describeWithCargo(name: string, fn: () => void): void {
  requireHostTool('cargo');
  describe(name, fn);
}

/** A program some unit tests run on the host: what for, and how to get it. */
interface HostTool {
  readonly purpose: string;
  readonly install: string;
  /** An environment variable that names the program instead of PATH. */
  readonly override?: string;
}

const RUST_INSTALL = 'Install Rust 1.78 or later (cargo, rustc, rustfmt): https://rustup.rs, or on Debian/Ubuntu `apt-get install cargo rustc rustfmt`';

/**
 * The programs the unit tests (`npx projen build`, `npx projen test`) run
 * on the host besides Node.js; the README's prerequisites list the same.
 */
export const HOST_TOOLS = {
  cargo: { purpose: 'builds the health check probe, runs the dependency-caching simulations (test/image) and compares staged trees with cargo metadata (test/model, test/cdk)', install: RUST_INSTALL },
  rustc: { purpose: 'builds static and dynamic test binaries for the static-binary check (test/image)', install: RUST_INSTALL },
  rustfmt: { purpose: 'checks the formatting of the generated sample crate (test/projen)', install: `${RUST_INSTALL} (rustup: \`rustup component add rustfmt\`)`, override: 'RUSTFMT' },
  cc: { purpose: 'links what rustc builds, statically against the C library (test/image)', install: 'Install a C compiler with the static C library: on Debian/Ubuntu `apt-get install build-essential`, on macOS `xcode-select --install`' },
} as const satisfies Record<string, HostTool>;

/** A host program the unit tests need. */
export type HostToolName = keyof typeof HOST_TOOLS;

function findOnPath(program: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, program);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Where the tool is (its override variable, else PATH), or undefined. */
export function findHostTool(name: HostToolName): string | undefined {
  const tool: HostTool = HOST_TOOLS[name];
  const override = tool.override !== undefined ? process.env[tool.override] : undefined;
  return override !== undefined && override !== '' ? override : findOnPath(name);
}

/** One line per missing tool: what it is for and how to install it. */
export function missingHostToolsMessage(names: HostToolName[]): string | undefined {
  const missing = names.filter((name) => findHostTool(name) === undefined);
  if (missing.length === 0) return undefined;
  return [
    `The unit tests need ${missing.join(', ')} on the host, and ${missing.length === 1 ? 'it is' : 'they are'} not on PATH:`,
    ...missing.map((name) => `  ${name}: ${HOST_TOOLS[name].purpose}. ${HOST_TOOLS[name].install}.`),
    'See the README\'s prerequisites.',
  ].join('\n');
}

/**
 * The path of a host program a test file needs (call it at the top of the
 * file): throws one error that names the program, what the tests use it
 * for and how to install it, so a missing tool fails the file once, not
 * each test with `spawnSync cargo ENOENT`. A whole-suite run checks every
 * tool first (test/host-tools-setup.ts) and fails once.
 */
export function requireHostTool(name: HostToolName): string {
  const message = missingHostToolsMessage([name]);
  if (message !== undefined) {
    const error = new Error(message);
    // Jest prints the stack under the message: the message is the whole story.
    error.stack = '';
    throw error;
  }
  return findHostTool(name)!;
}

/** The `[package]` table of a Cargo.toml for `name` (version 0.1.0, edition 2021), then `extra` lines. */
export function pkg(name: string, extra: string = ''): string {
  return `[package]\nname = "${name}"\nversion = "0.1.0"\nedition = "2021"\n${extra}`;
}
