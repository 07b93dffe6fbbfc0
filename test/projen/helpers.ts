import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** A fresh directory under the OS temp dir (synthSnapshot insists on it). */
export function tempDir(prefix: string = 'projen-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `cdk-rust-image-${prefix}`));
}

/** Writes a minimal binary crate at `dir` and returns `dir`. */
export function writeCrate(dir: string, name: string = 'task-api'): string {
  fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'Cargo.toml'), `[package]\nname = "${name}"\nversion = "0.1.0"\nedition = "2021"\n`);
  fs.writeFileSync(path.join(dir, 'src', 'main.rs'), 'fn main() {}\n');
  return dir;
}

/** Reads every file under `dir` (relative posix path -> text), skipping node_modules. */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(child);
      } else {
        out[child] = fs.readFileSync(path.join(dir, child), 'utf8');
      }
    }
  };
  walk('');
  return out;
}

/** Whether the owner may not write the file: projen's read-only marker on disk (root ignores it, so check the bits). */
export function isReadOnly(file: string): boolean {
  const owner = Number(fs.statSync(file).mode.toString(8).slice(-3, -2));
  return [0, 1, 4, 5].includes(owner);
}
