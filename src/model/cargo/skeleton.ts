import * as path from 'path';
import { CargoPackage, CargoTargetKind } from './cargo-package';
import { packageTable, readToml, stringifyToml, table, TomlTable } from './cargo-toml';
import { dependencyTables } from './dependencies';
import { SourceTree } from './source-tree';
import type { InheritedRoot } from './workspace-packages';
import { compareStrings } from '../../core/versions';

/**
 * The version every local package has in the skeleton, so that bumping a
 * local version does not invalidate the dependency layer.
 */
export const PLACEHOLDER_VERSION = '0.0.0';

/** `[package]` keys that never change how dependencies build (they only feed `CARGO_PKG_*` of local crates). */
const METADATA_KEYS = ['authors', 'categories', 'description', 'documentation', 'homepage', 'keywords', 'license', 'license-file', 'readme', 'repository'];

type MutableTable = { [key: string]: unknown };

/** One file of the skeleton: a context-relative path and its content. */
export interface SkeletonFile {
  readonly path: string;
  readonly content: string;
}

/**
 * The skeleton of a workspace: every manifest normalized (local versions
 * set to a placeholder, metadata and comments dropped), Cargo.lock
 * normalized the same way (so `--locked` still holds), and a stub for every
 * target and build script of the local packages (crates that only
 * `[patch]` or `[replace]` reach are left to be copied whole). The roots of
 * other workspaces that local packages inherit from are normalized with
 * them (a root package gets stubs too, since cargo checks its targets
 * exist); one a patched crate inherits from is kept as it is, and so are
 * the versions its other inheritors take from it. Same manifests, same
 * bytes: the dependency layer only changes when something that affects the
 * dependencies changes. Paths are relative to the build context.
 */
export function skeletonFiles(
  tree: SourceTree, workspacePath: string, allPackages: CargoPackage[], roots: InheritedRoot[], hasLockfile: boolean,
): SkeletonFile[] {
  // Patched crates build like dependencies, from their real sources (copied as they are, not stubbed).
  const packages = allPackages.filter((p) => !p.patched);
  const files = new Map<string, string>();
  const read = (file: string) => readToml(tree, path.join(tree.root, ...file.split('/')));
  const rootManifest = joinPosix(workspacePath, 'Cargo.toml');
  for (const file of [rootManifest, ...packages.map((p) => p.manifestPath)]) {
    files.set(file, stringifyToml(normalizeManifest(read(file))));
  }
  for (const root of roots) {
    files.set(root.manifestPath, root.verbatim
      ? tree.readText(path.join(tree.root, ...root.manifestPath.split('/')), root.manifestPath)
      : stringifyToml(normalizeManifest(read(root.manifestPath))));
  }
  if (hasLockfile) {
    // A version taken from a root kept as it is stays what it is in Cargo.lock too.
    const keptVersions = new Set(roots.filter((r) => r.verbatim).flatMap((r) => r.inheritors));
    const inheritsVersion = (p: CargoPackage) => table(packageTable(read(p.manifestPath))?.version)?.workspace === true;
    const normalized = packages.filter((p) => !keptVersions.has(p.directory) || !inheritsVersion(p));
    const lockfile = joinPosix(workspacePath, 'Cargo.lock');
    files.set(lockfile, stringifyToml(normalizeLockfile(read(lockfile), normalized)));
  }
  const stubbed = [...packages, ...roots.flatMap((r) => (r.rootPackage ? [r.rootPackage] : []))];
  for (const pkg of stubbed) {
    for (const [file, content] of stubSources(pkg)) {
      // A file shared by a library and a binary gets `main`, which is valid in both.
      if (!files.has(file) || content !== '') files.set(file, content);
    }
  }
  return [...files.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([file, content]) => ({ path: file, content }));
}

function joinPosix(dir: string, file: string): string {
  return dir === '.' ? file : `${dir}/${file}`;
}

/** Stub sources of every target: an empty library, `fn main() {}` for everything else. */
function stubSources(pkg: CargoPackage): Array<[string, string]> {
  return pkg.targets.map((target) => {
    const file = path.posix.normalize(path.posix.join(pkg.directory, target.path));
    return [file, target.kind === CargoTargetKind.LIB ? '' : 'fn main() {}\n'];
  });
}

/** A manifest with local versions replaced, metadata dropped and path dependencies unversioned. */
export function normalizeManifest(doc: TomlTable): MutableTable {
  const out = clone(doc);
  for (const pkg of [table(out.package), table(out.project), table(table(out.workspace)?.package)]) {
    if (!pkg) continue;
    const mutable = pkg as MutableTable;
    if (typeof mutable.version === 'string') mutable.version = PLACEHOLDER_VERSION;
    for (const key of METADATA_KEYS) delete mutable[key];
  }
  for (const deps of dependencyTables(out, true) as MutableTable[]) {
    for (const spec of Object.values(deps)) {
      const dep = table(spec) as MutableTable | undefined;
      // A local crate's version requirement would not match the placeholder.
      if (dep && typeof dep.path === 'string') delete dep.version;
    }
  }
  return out;
}

/** Cargo.lock with the local packages' versions set to the placeholder. */
export function normalizeLockfile(doc: TomlTable, packages: CargoPackage[]): MutableTable {
  const out = clone(doc);
  const local = new Map(packages.map((p) => [p.name, p.version ?? PLACEHOLDER_VERSION]));
  const entries = Array.isArray(out.package) ? out.package as MutableTable[] : [];
  const isLocal = (name: unknown, version: unknown) => typeof name === 'string' && local.get(name) === version;
  for (const entry of entries) {
    if (entry.source === undefined && isLocal(entry.name, entry.version)) {
      entry.version = PLACEHOLDER_VERSION;
    }
    if (Array.isArray(entry.dependencies)) {
      // "name version" (without a source) names a local package when several versions exist.
      entry.dependencies = entry.dependencies.map((dep: unknown) => {
        const parts = typeof dep === 'string' ? dep.split(' ') : [];
        return parts.length === 2 && isLocal(parts[0], parts[1]) ? `${parts[0]} ${PLACEHOLDER_VERSION}` : dep;
      });
    }
  }
  return out;
}

function clone(doc: TomlTable): MutableTable {
  // TOML values are plain data; dates are kept by reference (they are never changed).
  const copy = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(copy);
    const t = table(value);
    return t ? Object.fromEntries(Object.entries(t).map(([k, v]) => [k, copy(v)])) : value;
  };
  return copy(doc) as MutableTable;
}
