import * as path from 'path';
import { readToml, str, table } from './cargo-toml';
import { SourceTree } from './source-tree';
import { isInside } from '../../core/paths';
import { compareStrings } from '../../core/versions';

/** Files that change how cargo builds, looked for in each directory cargo reads them from. */
const CONFIG_NAMES = ['.cargo/config', '.cargo/config.toml'];
const TOOLCHAIN_NAMES = ['rust-toolchain', 'rust-toolchain.toml'];

/**
 * The cargo configuration files of a build: `.cargo/config(.toml)` in the
 * workspace root and every directory above it up to the context root
 * (cargo reads them from the working directory upwards), and the
 * `rust-toolchain(.toml)` of the workspace root; as sorted context-relative paths.
 */
export function configFiles(tree: SourceTree, workspaceRoot: string): string[] {
  const found: string[] = [];
  for (let dir = workspaceRoot; tree.contains(dir); dir = path.dirname(dir)) {
    for (const name of CONFIG_NAMES) {
      const file = path.join(dir, ...name.split('/'));
      tree.assertNotLinkedOutside(file, tree.relative(file));
      if (tree.isFile(file)) found.push(tree.relative(file));
    }
    if (dir === tree.root || path.dirname(dir) === dir) break;
  }
  for (const name of TOOLCHAIN_NAMES) {
    const file = path.join(workspaceRoot, name);
    tree.assertNotLinkedOutside(file, tree.relative(file));
    if (tree.isFile(file)) found.push(tree.relative(file));
  }
  return found.sort(compareStrings);
}

/**
 * Directories of the context that cargo configuration names as source
 * replacements (`[source.<name>] directory = "vendor"`), relative to the
 * directory that holds `.cargo/`; as sorted context-relative paths.
 */
export function vendoredDirectories(tree: SourceTree, configs: string[]): string[] {
  const found = new Set<string>();
  for (const config of configs.filter((f) => f.includes('.cargo/'))) {
    const file = path.join(tree.root, ...config.split('/'));
    const base = path.dirname(path.dirname(file));
    for (const source of Object.values(table(readToml(tree, file).source) ?? {})) {
      const dir = str(table(source)?.directory);
      if (dir === undefined) continue;
      const abs = path.resolve(base, dir);
      if (abs !== tree.root && tree.contains(abs) && tree.isDirectory(abs)) found.add(tree.relative(abs));
    }
  }
  return [...found].sort(compareStrings);
}

/**
 * Where cargo writes build output on the developer's machine: `target/` of
 * the workspace root, and any `[build] target-dir` of the configuration
 * inside the context; as context-relative paths. The staged context
 * leaves them out.
 */
export function targetDirectories(tree: SourceTree, workspaceRoot: string, configs: string[]): string[] {
  const found = new Set<string>();
  if (tree.contains(workspaceRoot)) found.add(tree.relative(path.join(workspaceRoot, 'target')));
  for (const config of configs.filter((f) => f.includes('.cargo/'))) {
    const file = path.join(tree.root, ...config.split('/'));
    const dir = str(table(readToml(tree, file).build)?.['target-dir']);
    if (dir === undefined) continue;
    // Relative to the directory that holds `.cargo/`.
    const abs = path.resolve(path.dirname(path.dirname(file)), dir);
    if (isInside(tree.root, abs) && abs !== tree.root) found.add(tree.relative(abs));
  }
  return [...found].sort(compareStrings);
}
