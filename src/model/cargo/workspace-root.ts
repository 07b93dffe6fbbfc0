import * as fs from 'fs';
import * as path from 'path';
import { ManifestFile, packageTable, readManifest, str, strings, table } from './cargo-toml';
import { dependencyTables } from './dependencies';
import { SourceTree } from './source-tree';
import { isInside } from '../../core/paths';

// Which workspace a manifest belongs to, following cargo's
// `find_workspace_root` (core/workspace.rs) and `load_inheritable_fields`
// (util/toml/mod.rs).

/**
 * The `Cargo.toml` files of a build, each read once. A file inside the
 * context is read through it (a link that leaves the context counts as
 * absent, as it is absent from the staged context); one above the context
 * is read only to find a workspace root, so that an error can say where it is.
 */
export class ManifestFinder {
  private readonly found = new Map<string, ManifestFile | undefined>();

  constructor(private readonly tree: SourceTree) {}

  /** The manifest at `file`, or undefined when there is none. */
  public find(file: string): ManifestFile | undefined {
    const abs = path.resolve(file);
    if (!this.found.has(abs)) this.found.set(abs, this.read(abs));
    return this.found.get(abs);
  }

  private read(file: string): ManifestFile | undefined {
    if (this.tree.contains(file)) {
      return this.tree.isFile(file) ? readManifest(this.tree, file) : undefined;
    }
    return isPlainFile(file) ? readManifest(new SourceTree(path.dirname(file)), file) : undefined;
  }
}

/** Whether `file` exists and is a regular file (following links). */
export function isPlainFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * The workspace root a manifest inherits from, as cargo finds it: the
 * manifest itself when it has `[workspace]`; the root `package.workspace`
 * points at; else, walking up from the directory above the crate, the first
 * `Cargo.toml` that has `[workspace]` and does not `exclude` the crate, or
 * that points at a root with its own `package.workspace`. Undefined when
 * there is none (cargo: "failed to find a workspace root" once the crate
 * inherits something). Membership is not checked here: cargo reads a path
 * dependency's inherited fields from that root whether or not its `members`
 * list the crate.
 */
export function findWorkspaceRoot(finder: ManifestFinder, crate: ManifestFile): ManifestFile | undefined {
  if (table(crate.doc.workspace)) return crate;
  const pointer = str(packageTable(crate.doc)?.workspace);
  if (pointer !== undefined) return rootPointer(finder, crate, pointer);
  for (let dir = path.dirname(crate.dir); ; dir = path.dirname(dir)) {
    const candidate = finder.find(path.join(dir, 'Cargo.toml'));
    if (candidate && table(candidate.doc.workspace)) {
      if (!isExcluded(candidate, crate.dir)) return candidate;
    } else if (candidate) {
      const next = str(packageTable(candidate.doc)?.workspace);
      if (next !== undefined) return rootPointer(finder, candidate, next);
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

function rootPointer(finder: ManifestFinder, from: ManifestFile, pointer: string): ManifestFile {
  const rootFile = path.join(path.resolve(from.dir, pointer), 'Cargo.toml');
  const root = finder.find(rootFile);
  if (!root || !table(root.doc.workspace)) {
    throw new Error(`${from.file} sets package.workspace = '${pointer}', but ${rootFile} is not a workspace manifest: point package.workspace at the directory of the Cargo.toml that has [workspace], or remove it.`);
  }
  return root;
}

/**
 * cargo's `is_excluded`: the crate lies under an `exclude` entry and not
 * under a `members` entry taken literally (a glob never counts here).
 */
export function isExcluded(root: ManifestFile, dir: string): boolean {
  const workspace = table(root.doc.workspace);
  const under = (entries: unknown) => strings(entries).some((entry) => isInside(path.resolve(root.dir, entry), dir));
  return under(workspace?.exclude) && !under(workspace?.members);
}

/**
 * The first thing a manifest takes from its workspace root, for messages
 * (`package.edition`, `the dependency 'serde'`, `[lints]`), or undefined
 * when it inherits nothing: cargo reads the root only then.
 */
export function inheritedKey(doc: ManifestFile['doc']): string | undefined {
  const pkg = packageTable(doc) ?? {};
  const field = Object.keys(pkg).find((key) => table(pkg[key])?.workspace === true);
  if (field !== undefined) return `package.${field}`;
  for (const deps of dependencyTables(doc, false)) {
    const name = Object.keys(deps).find((key) => table(deps[key])?.workspace === true);
    if (name !== undefined) return `the dependency '${name}'`;
  }
  return table(doc.lints)?.workspace === true ? '[lints]' : undefined;
}
