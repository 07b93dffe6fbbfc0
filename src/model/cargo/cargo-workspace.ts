import * as path from 'path';
import { ManifestFile, packageTable, readManifest, str, strings, table, TomlTable } from './cargo-toml';
import { patchedPathCrates, pathDependencies } from './dependencies';
import { expandMember } from './member-globs';
import { PathEdge, pathEdges, unreachableDependencyError } from './path-edges';
import { SourceTree } from './source-tree';
import { findWorkspaceRoot, inheritedKey, isExcluded, ManifestFinder } from './workspace-root';
import { commonAncestor, isInside, posixRelative } from '../../core/paths';

// Workspace discovery and member loading, following cargo's core/workspace.rs.

/** A package found inside the build context. */
export interface LocalPackage {
  readonly manifest: ManifestFile;
  /** Root package or listed in `[workspace].members`. */
  readonly member: boolean;
  /** Reached only through `[patch.<source>]` or `[replace]` (and their own path dependencies). */
  readonly patched: boolean;
  /**
   * The workspace root the package inherits from (`workspace = true`
   * values, `[workspace.dependencies]`, `[lints]`): the build's root for
   * its members, the crate's own root (as cargo finds it) for a path crate
   * of another workspace that inherits something; undefined otherwise.
   */
  readonly root?: ManifestFile;
  /** Its path dependencies, direct or through its root's `[workspace.dependencies]`. */
  readonly edges: PathEdge[];
}

/** The root manifest and every local package, keyed by absolute directory, read from one build context. */
export interface Workspace {
  readonly tree: SourceTree;
  readonly root: ManifestFile;
  readonly packages: Map<string, LocalPackage>;
}

/** The crate the user pointed at, for messages. */
export interface Selection {
  readonly file: string;
  readonly name?: string;
}

/**
 * The workspace a crate belongs to, as cargo finds it (`findWorkspaceRoot`):
 * the crate itself when it has `[workspace]`, the root `package.workspace`
 * names, else the nearest `Cargo.toml` above it with `[workspace]` that
 * does not exclude it; a crate in no workspace is its own root. That root
 * must contain the crate (as a member or through path dependencies), as
 * cargo requires. Everything is read from the build context:
 * `contextDirectory` when given, else the workspace root.
 */
export function findWorkspace(crateFile: string, contextDirectory?: string): Workspace {
  const crateDir = path.dirname(crateFile);
  if (contextDirectory !== undefined && !isInside(contextDirectory, crateDir)) {
    throw new Error(`The crate ${crateDir} is outside buildContextDirectory ${contextDirectory}: the build context must contain the crate. Set buildContextDirectory to ${contextDirectory === crateDir ? crateDir : commonAncestor(contextDirectory, crateDir)} or a directory above it.`);
  }
  const treeFor = (dir: string) => new SourceTree(contextDirectory ?? dir);
  const crate = readManifest(treeFor(crateDir), crateFile);
  const selection: Selection = { file: crate.file, name: str(packageTable(crate.doc)?.name) };
  // Probing reads candidates from trees of their own (they may lie above the context); only the root found is loaded strictly.
  const probe = findWorkspaceRoot(new ManifestFinder(new SourceTree(crate.dir)), crate);
  if (probe === undefined || probe.file === crate.file) {
    return loadWorkspace(treeFor(crate.dir), crate, selection, true);
  }
  const pointer = str(packageTable(crate.doc)?.workspace);
  const contains = () => loadWorkspace(new SourceTree(probe.dir), probe, selection, false).packages.has(crate.dir);
  if (isExcluded(probe, crate.dir) || !contains()) {
    throw pointer !== undefined
      ? new Error(`${crate.file} sets package.workspace = '${pointer}', but the workspace at ${probe.file} does not include ${crate.dir}: add '${posixRelative(probe.dir, crate.dir)}' to its [workspace].members.`)
      : new Error(`${crate.file} lies below the workspace root ${probe.file}, which does not include it, so cargo refuses to build it ("current package believes it's in a workspace when it's not"). `
        + `Add '${posixRelative(probe.dir, crate.dir)}' to [workspace].members there, add it to [workspace].exclude, or give ${crate.file} an empty [workspace] table of its own.`);
  }
  const tree = treeFor(probe.dir);
  assertContextHoldsRoot(tree, probe.dir, crate.file);
  return loadWorkspace(tree, readManifest(tree, probe.file), selection, true);
}

function assertContextHoldsRoot(tree: SourceTree, rootDir: string, crateFile: string): void {
  if (!tree.contains(rootDir)) {
    throw new Error(`The Cargo workspace root of ${crateFile} is ${rootDir}, outside buildContextDirectory ${tree.root}: cargo needs the whole workspace in the build context. `
      + `Set buildContextDirectory to ${commonAncestor(tree.root, rootDir)} or a directory above it.`);
  }
}

/** A path dependency that cannot be loaded, and the package whose edge it is. */
export interface Unreachable {
  /** Directory of the package that depends on it (the root's, for `[workspace.dependencies]`, `[patch]` and `[replace]`). */
  readonly owner: string;
  readonly edge: PathEdge;
}

/**
 * Loads the root package, the `[workspace].members` (globs expanded, minus
 * `exclude`) and, transitively, every `path` dependency, each with the
 * workspace root it inherits from. With `strict`, a member without
 * Cargo.toml or a path dependency outside the context is an error (naming
 * the route from the selected package when it has one); without it (used
 * while probing ancestors) they are skipped.
 */
function loadWorkspace(tree: SourceTree, root: ManifestFile, selection: Selection, strict: boolean): Workspace {
  const finder = new ManifestFinder(tree);
  const packages = new Map<string, LocalPackage>();
  const queue: LocalPackage[] = [];
  const unreachable: Unreachable[] = [];
  let patching = false;
  const rootOf = (manifest: ManifestFile, member: boolean): ManifestFile | undefined => {
    // A crate in no workspace is loaded as its own root, without [workspace].
    if (member) return table(root.doc.workspace) ? root : undefined;
    // cargo looks for a path crate's root only when the crate inherits something.
    if (inheritedKey(manifest.doc) === undefined) return undefined;
    try {
      return findWorkspaceRoot(finder, manifest);
    } catch (e) {
      if (strict) throw e;
      return undefined;
    }
  };
  const add = (manifest: ManifestFile, member: boolean) => {
    const own = rootOf(manifest, member);
    const local = { manifest, member, patched: patching, root: own, edges: pathEdges(manifest, own) };
    packages.set(manifest.dir, local);
    queue.push(local);
  };
  if (packageTable(root.doc)) {
    add(root, true);
  }
  for (const pattern of strings(table(root.doc.workspace)?.members)) {
    const dirs = expandMember(tree, root.dir, pattern);
    if (dirs.length === 0 && strict) {
      throw new Error(`${root.file}: [workspace].members entry '${pattern}' matches no directory; fix the pattern or create the member crate.`);
    }
    for (const dir of dirs.filter((d) => !packages.has(d) && !isExcluded(root, d))) {
      const file = path.join(dir, 'Cargo.toml');
      if (!tree.contains(dir)) {
        if (strict) {
          throw new Error(`${root.file}: workspace member '${pattern}' (${dir}) is outside the build context ${tree.root}; move the member below it, or widen the context with buildContextDirectory.`);
        }
      } else if (tree.isFile(file)) {
        add(readManifest(tree, file), true);
      } else if (strict) {
        throw new Error(`${root.file}: workspace member '${posixRelative(root.dir, dir)}' (from members entry '${pattern}') has no Cargo.toml `
          + `(or it is a symbolic link that leaves the build context ${tree.root}); create it, or add the directory to [workspace].exclude.`);
      }
    }
  }
  const visit = (owner: string, edge: PathEdge) => {
    if (packages.has(edge.dir)) return;
    const file = path.join(edge.dir, 'Cargo.toml');
    if (!tree.contains(edge.dir) || !tree.isFile(file)) {
      unreachable.push({ owner, edge });
      return;
    }
    add(readManifest(tree, file), false);
  };
  const drain = () => {
    for (let i = 0; i < queue.length; i++) {
      for (const edge of queue[i].edges) visit(queue[i].manifest.dir, edge);
    }
    queue.length = 0;
  };
  const rootEdges = (entries: Array<[string, string]>) => entries
    .map(([name, relative]) => ({ name, relative, declaredIn: root, dir: path.resolve(root.dir, relative) }));
  // Local crates first: members, [workspace.dependencies] and every path dependency reached from them.
  for (const edge of rootEdges(pathDependencies([table(table(root.doc.workspace)?.dependencies)].filter((t): t is TomlTable => t !== undefined)))) {
    visit(root.dir, edge);
  }
  drain();
  // Then the crates only [patch] and [replace] reach: they build like dependencies.
  patching = true;
  for (const edge of rootEdges(patchedPathCrates(root.doc))) {
    visit(root.dir, edge);
  }
  drain();
  const workspace = { tree, root, packages };
  if (strict && unreachable.length > 0) {
    throw unreachableDependencyError(workspace, selection, unreachable);
  }
  return workspace;
}
