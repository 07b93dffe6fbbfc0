import { CargoPackage } from './cargo-package';
import { discoverTargets } from './cargo-targets';
import { ManifestFile, packageTable, str, table } from './cargo-toml';
import { LocalPackage, Workspace } from './cargo-workspace';
import { inheritedKey } from './workspace-root';
import { assertCargoName } from '../../core/cargo-names';
import { commonAncestor } from '../../core/paths';
import { compareStrings } from '../../core/versions';

/**
 * A workspace root other than the build's that local packages (path crates
 * of another workspace) inherit from: cargo reads it while it loads them, so
 * the skeleton and the context hold it.
 */
export interface InheritedRoot {
  /** Context-relative path of the root's Cargo.toml. */
  readonly manifestPath: string;
  /** Directories of the local packages that inherit from it, sorted. */
  readonly inheritors: string[];
  /**
   * Whether a patched crate inherits from it. Patched crates are copied as
   * they are and must keep their own versions, so the root is staged as it
   * is too.
   */
  readonly verbatim: boolean;
  /**
   * The root's own package when it has one that is not a local package:
   * cargo checks its targets exist when it reads the manifest.
   */
  readonly rootPackage?: CargoPackage;
}

/** The public description of every local package, sorted by directory (the context root first). */
export function describePackages(workspace: Workspace): CargoPackage[] {
  return [...workspace.packages.values()]
    .map((local) => describePackage(workspace, local))
    .sort((a, b) => (a.directory === '.' ? -1 : b.directory === '.' ? 1 : compareStrings(a.directory, b.directory)));
}

/** The roots other than the build's that local packages inherit from, sorted by manifest path. */
export function inheritedRoots(workspace: Workspace): InheritedRoot[] {
  const byRoot = new Map<string, { root: ManifestFile; inheritors: LocalPackage[] }>();
  for (const local of workspace.packages.values()) {
    const root = local.root;
    if (!root || root.file === workspace.root.file || root.file === local.manifest.file || inheritedKey(local.manifest.doc) === undefined) continue;
    // A root that is itself a local package is in the skeleton (or copied whole) already.
    if (workspace.packages.has(root.dir)) continue;
    const entry = byRoot.get(root.file) ?? { root, inheritors: [] };
    entry.inheritors.push(local);
    byRoot.set(root.file, entry);
  }
  return [...byRoot.values()].map(({ root, inheritors }) => ({
    manifestPath: workspace.tree.relative(root.file),
    inheritors: inheritors.map((l) => workspace.tree.relative(l.manifest.dir)).sort(compareStrings),
    verbatim: inheritors.some((l) => l.patched),
    ...(packageTable(root.doc) ? { rootPackage: describeRootPackage(workspace, root) } : {}),
  })).sort((a, b) => compareStrings(a.manifestPath, b.manifestPath));
}

function describeRootPackage(workspace: Workspace, root: ManifestFile): CargoPackage {
  return describePackage(workspace, { manifest: root, member: false, patched: false, root, edges: [] });
}

function describePackage(workspace: Workspace, local: LocalPackage): CargoPackage {
  const tree = workspace.tree;
  const { manifest, member } = local;
  const pkg = packageTable(manifest.doc);
  const name = pkg?.name;
  if (!pkg || name === undefined) {
    throw new Error(`${manifest.file} has no package.name: every crate in the build context needs a [package] table with name = "...".`);
  }
  assertCargoName(name, `package.name in ${manifest.file}`);
  assertRootReachable(workspace, local);
  const inherited = table(table(local.root?.doc.workspace)?.package);
  const version = inheritable(pkg.version, inherited?.version);
  const defaultRun = pkg['default-run'];
  if (defaultRun !== undefined) assertCargoName(defaultRun, `package.default-run in ${manifest.file}`, true);
  return {
    name,
    ...(version !== undefined ? { version } : {}),
    directory: tree.relative(manifest.dir),
    manifestPath: tree.relative(manifest.file),
    targets: discoverTargets(tree, manifest, name, inheritable(pkg.edition, inherited?.edition) ?? '2015'),
    ...(defaultRun !== undefined ? { defaultRun } : {}),
    workspaceMember: member,
    patched: local.patched,
    localDependencies: [...new Set(local.edges
      .filter((edge) => workspace.packages.has(edge.dir) && edge.dir !== manifest.dir)
      .map((edge) => tree.relative(edge.dir)))].sort(compareStrings),
  };
}

/** A package that inherits needs its root, inside the context (cargo reads it to load the package). */
function assertRootReachable(workspace: Workspace, local: LocalPackage): void {
  const what = inheritedKey(local.manifest.doc);
  if (what === undefined) return;
  const { tree } = workspace;
  const file = local.manifest.file;
  if (!local.root) {
    throw new Error(`${file} inherits ${what} from its workspace (workspace = true), but no Cargo.toml with [workspace] above ${local.manifest.dir} includes it, so cargo fails with "failed to find a workspace root". `
      + `Give ${what} a value of its own in ${file}, or make the crate part of a workspace (set package.workspace, or move it below the workspace root and out of its exclude list).`);
  }
  if (!tree.contains(local.root.dir)) {
    throw new Error(`${file} inherits ${what} from the workspace root ${local.root.file}, which is outside the build context ${tree.root}: cargo reads that manifest to load the crate. `
      + `Set buildContextDirectory to ${commonAncestor(tree.root, local.root.dir)} or a directory above it (only the root's Cargo.toml is added to the context).`);
  }
}

/** A `key = "value"` or `key = { workspace = true }` value. */
function inheritable(value: unknown, inherited: unknown): string | undefined {
  if (typeof value === 'string') {
    return value;
  }
  return table(value)?.workspace === true ? str(inherited) : undefined;
}
