import * as fs from 'fs';
import { pkg, writeTree } from '../util';

/** Writes a minimal binary crate at `dir` and returns `dir`. */
export function writeCrate(dir: string, name: string = 'task-api'): string {
  return writeTree(dir, {
    'Cargo.toml': pkg(name),
    'src/main.rs': 'fn main() {}\n',
  });
}

/** Whether the owner may not write the file: projen's read-only marker on disk (root ignores it, so check the bits). */
export function isReadOnly(file: string): boolean {
  const owner = Math.floor((fs.statSync(file).mode % 0o1000) / 0o100);
  return ![2, 3, 6, 7].includes(owner);
}
