import * as path from 'path';
import { ManifestFile, packageTable, str, table } from './cargo-toml';
import type { Selection, Unreachable, Workspace } from './cargo-workspace';
import { dependencyTables } from './dependencies';
import { commonAncestor } from '../../core/paths';

/** One `path` dependency of a package. */
export interface PathEdge {
  /** The dependency's key. */
  readonly name: string;
  /** The `path` value, as written. */
  readonly relative: string;
  /** The manifest that holds the `path` (the workspace root, for `dep = { workspace = true }`). */
  readonly declaredIn: ManifestFile;
  /** Where it resolves. */
  readonly dir: string;
}

/**
 * The path dependencies of a manifest, of every kind and target: those with
 * their own `path`, and those taken from `[workspace.dependencies]` of the
 * root it inherits from (`dep = { workspace = true }`), whose `path` is
 * relative to that root.
 */
export function pathEdges(manifest: ManifestFile, root: ManifestFile | undefined): PathEdge[] {
  const shared = table(table(root?.doc.workspace)?.dependencies) ?? {};
  const edges: PathEdge[] = [];
  for (const deps of dependencyTables(manifest.doc, false)) {
    for (const [name, spec] of Object.entries(deps)) {
      const own = str(table(spec)?.path);
      const inherited = table(spec)?.workspace === true ? str(table(shared[name])?.path) : undefined;
      if (own !== undefined) {
        edges.push({ name, relative: own, declaredIn: manifest, dir: path.resolve(manifest.dir, own) });
      } else if (inherited !== undefined && root !== undefined) {
        edges.push({ name, relative: inherited, declaredIn: root, dir: path.resolve(root.dir, inherited) });
      }
    }
  }
  return edges;
}

/**
 * The error for path dependencies that cannot be loaded. When the selected
 * package needs one, it names that one and the route to it from the
 * selected package (the shortest, breadth first); otherwise the first one,
 * and the manifest that asks for it (cargo loads every member).
 */
export function unreachableDependencyError(workspace: Workspace, selection: Selection, unreachable: Unreachable[]): Error {
  const { packages, tree } = workspace;
  const nameOf = (dir: string) => str(packageTable(packages.get(dir)!.manifest.doc)?.name) ?? tree.relative(dir);
  const start = path.dirname(selection.file);
  const routes = new Map<string, string[]>(packages.has(start) ? [[start, [nameOf(start)]]] : []);
  let found: { failure: Unreachable; route: string[] } | undefined;
  for (const [dir, route] of routes) {
    const failure = unreachable.find((u) => u.owner === dir);
    if (failure) {
      found = { failure, route };
      break;
    }
    for (const edge of packages.get(dir)!.edges) {
      if (packages.has(edge.dir) && !routes.has(edge.dir)) routes.set(edge.dir, [...route, nameOf(edge.dir)]);
    }
  }
  const { edge } = found?.failure ?? unreachable[0];
  const asked = selection.name !== undefined ? `package '${selection.name}' (${selection.file})` : `the crate at ${selection.file}`;
  const own = edge.declaredIn.file === selection.file;
  const declared = own ? '' : ` in ${edge.declaredIn.file}`;
  const route = found === undefined ? `its workspace depends${own ? '' : ` through ${edge.declaredIn.file}`} on '${edge.name}' by path '${edge.relative}'`
    : found.route.length === 1 ? `it depends on '${edge.name}' by path '${edge.relative}'${declared}`
      : `it depends through ${found.route.join(' -> ')} on '${edge.name}' by path '${edge.relative}'${declared}`;
  if (!tree.contains(edge.dir)) {
    return new Error(`Cannot build ${asked}: ${route} (${edge.dir}), which is outside the build context ${tree.root}. `
      + `cargo needs every path dependency inside the context: set buildContextDirectory to ${commonAncestor(tree.root, edge.dir)} (it may be a monorepo root; only the crates the build needs are staged), `
      + `or depend on '${edge.name}' by version from a registry.`);
  }
  return new Error(`Cannot build ${asked}: ${edge.declaredIn.file} depends on '${edge.name}' by path '${edge.relative}', but ${edge.dir} has no Cargo.toml `
    + `(or it is a symbolic link that leaves the build context): fix the path of '${edge.name}'.`);
}
