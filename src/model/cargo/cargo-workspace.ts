import * as fs from 'fs';
import * as path from 'path';
import { CargoPackage } from './cargo-package';
import { discoverTargets } from './cargo-targets';
import { ManifestFile, packageTable, readManifest, str, strings, table, TomlTable } from './cargo-toml';
import { dependencyTables, patchedPathCrates, pathDependencies } from './dependencies';
import { SourceTree } from './source-tree';
import { assertCargoName } from '../../core/cargo-names';
import { isInside, posixRelative } from '../../core/paths';
import { compareStrings } from '../../core/versions';

// Workspace discovery and member loading, following cargo's core/workspace.rs.

/** A package found inside the build context. */
interface LocalPackage {
  readonly manifest: ManifestFile;
  /** Root package or listed in `[workspace].members`. */
  readonly member: boolean;
  /** Reached only through `[patch.<source>]` or `[replace]` (and their own path dependencies). */
  readonly patched: boolean;
}

/** The root manifest and every local package, keyed by absolute directory, read from one build context. */
export interface Workspace {
  readonly tree: SourceTree;
  readonly root: ManifestFile;
  readonly packages: Map<string, LocalPackage>;
}

/** The crate the user pointed at, for messages. */
interface Selection {
  readonly file: string;
  readonly name?: string;
}

/**
 * The workspace a crate belongs to: the crate itself when it has
 * `[workspace]`, the root named by `package.workspace`, else the nearest
 * ancestor workspace that contains the crate (as a member or through path
 * dependencies) and does not exclude it; a crate in no workspace is its own
 * root. Everything is read from the build context: `contextDirectory` when
 * given, else the workspace root.
 */
export function findWorkspace(crateFile: string, contextDirectory?: string): Workspace {
  const crateDir = path.dirname(crateFile);
  if (contextDirectory !== undefined && !isInside(contextDirectory, crateDir)) {
    throw new Error(`The crate ${crateDir} is outside buildContextDirectory ${contextDirectory}: the build context must contain the crate. Set buildContextDirectory to ${contextDirectory === crateDir ? crateDir : commonAncestor(contextDirectory, crateDir)} or a directory above it.`);
  }
  const treeFor = (dir: string) => new SourceTree(contextDirectory ?? dir);
  const crate = readManifest(treeFor(crateDir), crateFile);
  const selection: Selection = { file: crate.file, name: str(packageTable(crate.doc)?.name) };
  if (table(crate.doc.workspace)) {
    return loadWorkspace(treeFor(crate.dir), crate, selection, true);
  }
  const pointer = str(packageTable(crate.doc)?.workspace);
  if (pointer !== undefined) {
    const rootDir = path.resolve(crate.dir, pointer);
    const tree = treeFor(rootDir);
    assertContextHoldsRoot(tree, rootDir, crate.file);
    const rootFile = path.join(rootDir, 'Cargo.toml');
    const root = tree.isFile(rootFile) ? readManifest(tree, rootFile) : undefined;
    if (!root || !table(root.doc.workspace)) {
      throw new Error(`${crate.file} sets package.workspace = '${pointer}', but ${rootFile} is not a workspace manifest: point package.workspace at the directory of the Cargo.toml that has [workspace], or remove it.`);
    }
    const workspace = loadWorkspace(tree, root, selection, true);
    if (!workspace.packages.has(crate.dir) || isExcluded(root, crate.dir)) {
      throw new Error(`${crate.file} sets package.workspace = '${pointer}', but the workspace at ${root.file} does not include ${crate.dir}: add '${posixRelative(root.dir, crate.dir)}' to its [workspace].members.`);
    }
    return workspace;
  }
  for (let dir = path.dirname(crate.dir); ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'Cargo.toml');
    if (isPlainFile(file)) {
      // Probing reads the candidate from a tree of its own; only a confirmed root is loaded strictly.
      const probeTree = new SourceTree(dir);
      const candidate = readManifest(probeTree, file);
      const contains = () => loadWorkspace(probeTree, candidate, selection, false).packages.has(crate.dir);
      if (table(candidate.doc.workspace) && !isExcluded(candidate, crate.dir) && contains()) {
        const tree = treeFor(dir);
        assertContextHoldsRoot(tree, dir, crate.file);
        return loadWorkspace(tree, candidate, selection, true);
      }
    }
    if (path.dirname(dir) === dir) {
      return loadWorkspace(treeFor(crate.dir), crate, selection, true);
    }
  }
}

function isPlainFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function assertContextHoldsRoot(tree: SourceTree, rootDir: string, crateFile: string): void {
  if (!tree.contains(rootDir)) {
    throw new Error(`The Cargo workspace root of ${crateFile} is ${rootDir}, outside buildContextDirectory ${tree.root}: cargo needs the whole workspace in the build context. `
      + `Set buildContextDirectory to ${commonAncestor(tree.root, rootDir)} or a directory above it.`);
  }
}

function commonAncestor(a: string, b: string): string {
  let dir = a;
  while (!isInside(dir, b)) dir = path.dirname(dir);
  return dir;
}

/**
 * Loads the root package, the `[workspace].members` (globs expanded, minus
 * `exclude`) and, transitively, every `path` dependency. With `strict`, a
 * member without Cargo.toml or a path dependency outside the context is an
 * error; without it (used while probing ancestors) they are skipped.
 */
function loadWorkspace(tree: SourceTree, root: ManifestFile, selection: Selection, strict: boolean): Workspace {
  const packages = new Map<string, LocalPackage>();
  const queue: ManifestFile[] = [];
  let patching = false;
  const add = (manifest: ManifestFile, member: boolean) => {
    packages.set(manifest.dir, { manifest, member, patched: patching });
    queue.push(manifest);
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
  const visit = (from: ManifestFile, name: string, relative: string) => {
    const dir = path.resolve(from.dir, relative);
    if (packages.has(dir)) {
      return;
    }
    const file = path.join(dir, 'Cargo.toml');
    if (!tree.contains(dir) || !tree.isFile(file)) {
      if (strict) {
        throw pathDependencyError(tree, selection, from, name, relative, dir);
      }
      return;
    }
    add(readManifest(tree, file), false);
  };
  const drain = () => {
    for (let i = 0; i < queue.length; i++) {
      for (const [name, relative] of pathDependencies(dependencyTables(queue[i].doc, false))) {
        visit(queue[i], name, relative);
      }
    }
    queue.length = 0;
  };
  // Local crates first: members, [workspace.dependencies] and every path dependency reached from them.
  for (const [name, relative] of pathDependencies([table(table(root.doc.workspace)?.dependencies)].filter((t): t is TomlTable => t !== undefined))) {
    visit(root, name, relative);
  }
  drain();
  // Then the crates only [patch] and [replace] reach: they build like dependencies.
  patching = true;
  for (const [name, relative] of patchedPathCrates(root.doc)) {
    visit(root, name, relative);
  }
  drain();
  return { tree, root, packages };
}

function pathDependencyError(tree: SourceTree, selection: Selection, from: ManifestFile, name: string, relative: string, dir: string): Error {
  const asked = selection.name !== undefined ? `package '${selection.name}' (${selection.file})` : `the crate at ${selection.file}`;
  const via = from.file === selection.file ? '' : ` through ${from.file}`;
  if (!tree.contains(dir)) {
    return new Error(`Cannot build ${asked}: its workspace depends${via} on '${name}' by path '${relative}' (${dir}), which is outside the build context ${tree.root}. `
      + `cargo needs every path dependency inside the context: set buildContextDirectory to ${commonAncestor(tree.root, dir)} (it may be a monorepo root; only the crates the build needs are staged), `
      + `or depend on '${name}' by version from a registry.`);
  }
  return new Error(`Cannot build ${asked}: ${from.file} depends on '${name}' by path '${relative}', but ${dir} has no Cargo.toml `
    + `(or it is a symbolic link that leaves the build context): fix the path of '${name}'.`);
}

/** The public description of every local package, sorted by directory (the context root first). */
export function describePackages(workspace: Workspace): CargoPackage[] {
  const inherited = table(table(workspace.root.doc.workspace)?.package);
  return [...workspace.packages.values()]
    .map((local) => describePackage(workspace, local, inherited))
    .sort((a, b) => (a.directory === '.' ? -1 : b.directory === '.' ? 1 : compareStrings(a.directory, b.directory)));
}

function describePackage(workspace: Workspace, local: LocalPackage, inherited: TomlTable | undefined): CargoPackage {
  const tree = workspace.tree;
  const { manifest, member } = local;
  const pkg = packageTable(manifest.doc);
  const name = pkg?.name;
  if (!pkg || name === undefined) {
    throw new Error(`${manifest.file} has no package.name: every crate in the build context needs a [package] table with name = "...".`);
  }
  assertCargoName(name, `package.name in ${manifest.file}`);
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
    localDependencies: localDependencies(workspace, manifest),
  };
}

/**
 * The local packages a manifest depends on by path, directly or through
 * `[workspace.dependencies]` (`dep = { workspace = true }`), as sorted
 * context-relative directories.
 */
function localDependencies(workspace: Workspace, manifest: ManifestFile): string[] {
  const shared = table(table(workspace.root.doc.workspace)?.dependencies) ?? {};
  const dirs = new Set<string>();
  for (const deps of dependencyTables(manifest.doc, false)) {
    for (const [key, spec] of Object.entries(deps)) {
      const own = str(table(spec)?.path);
      const viaWorkspace = table(spec)?.workspace === true ? str(table(shared[key])?.path) : undefined;
      const dir = own !== undefined ? path.resolve(manifest.dir, own)
        : viaWorkspace !== undefined ? path.resolve(workspace.root.dir, viaWorkspace) : undefined;
      if (dir !== undefined && workspace.packages.has(dir) && dir !== manifest.dir) dirs.add(workspace.tree.relative(dir));
    }
  }
  return [...dirs].sort(compareStrings);
}

/** A `key = "value"` or `key = { workspace = true }` value. */
function inheritable(value: unknown, inherited: unknown): string | undefined {
  if (typeof value === 'string') {
    return value;
  }
  return table(value)?.workspace === true ? str(inherited) : undefined;
}

/** cargo's `is_excluded`: under an `exclude` entry and not under a literal `members` entry. */
function isExcluded(root: ManifestFile, dir: string): boolean {
  const workspace = table(root.doc.workspace);
  const under = (entries: unknown) => strings(entries).some((entry) => isInside(path.resolve(root.dir, entry), dir));
  return under(workspace?.exclude) && !under(workspace?.members);
}

/**
 * Expands one `members` entry (`*`, `?`, `[...]` within a segment, `**`
 * across segments) to existing directories of the context. `**` does not
 * descend through symbolic links, so a link to a parent cannot make it loop.
 */
function expandMember(tree: SourceTree, rootDir: string, pattern: string): string[] {
  const segments = pattern.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
  if (!segments.some(isGlob)) {
    return [path.resolve(rootDir, pattern)];
  }
  let current = [path.isAbsolute(pattern) ? path.parse(path.resolve(pattern)).root : rootDir];
  for (const segment of segments) {
    if (segment === '**') {
      current = current.flatMap((dir) => [dir, ...subdirectories(tree, dir)]);
    } else if (isGlob(segment)) {
      const re = globSegment(segment);
      current = current.flatMap((dir) => tree.list(dir).filter((name) => re.test(name)).map((name) => path.join(dir, name)));
    } else {
      current = current.map((dir) => path.join(dir, segment));
    }
  }
  return [...new Set(current.filter((dir) => tree.isDirectory(dir)))];
}

function isGlob(segment: string): boolean {
  return /[*?[]/.test(segment);
}

/** Every directory below `dir` reached without passing through a symbolic link. */
function subdirectories(tree: SourceTree, dir: string): string[] {
  if (!tree.isDirectory(dir)) return [];
  const out: string[] = [];
  for (const name of tree.list(dir)) {
    const sub = path.join(dir, name);
    let stats: fs.Stats;
    try {
      stats = fs.lstatSync(sub);
    } catch {
      continue;
    }
    if (stats.isDirectory()) {
      out.push(sub, ...subdirectories(tree, sub));
    } else if (stats.isSymbolicLink() && tree.isDirectory(sub)) {
      out.push(sub);
    }
  }
  return out;
}

/** A glob path segment as an anchored regular expression. */
function globSegment(segment: string): RegExp {
  let re = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    const close = c === '[' ? segment.indexOf(']', i + 2) : -1;
    if (c === '*') {
      re += '.*';
    } else if (c === '?') {
      re += '.';
    } else if (close > 0) {
      const body = segment.slice(i + 1, close);
      re += body.startsWith('!')
        ? `[^${body.slice(1).replace(/[\\^[]/g, '\\$&')}]`
        : `[${body.replace(/[\\^[]/g, '\\$&')}]`;
      i = close;
    } else {
      re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${re}$`);
}
