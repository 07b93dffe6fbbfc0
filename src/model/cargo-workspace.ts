import * as path from 'path';
import { CargoPackage } from './cargo-package';
import { discoverTargets } from './cargo-targets';
import {
  compareStrings, isDirectory, isFile, isInside, listDirectory, ManifestFile, packageTable,
  posixRelative, readManifest, str, strings, table, TomlTable,
} from './cargo-toml';

// Workspace discovery and member loading, following cargo's core/workspace.rs.

/** A package found inside the workspace root. */
interface LocalPackage {
  readonly manifest: ManifestFile;
  /** Root package or listed in `[workspace].members`. */
  readonly member: boolean;
}

/** The root manifest and every local package, keyed by absolute directory. */
export interface Workspace {
  readonly root: ManifestFile;
  readonly packages: Map<string, LocalPackage>;
}

/**
 * The workspace a crate belongs to: the crate itself when it has
 * `[workspace]`, the root named by `package.workspace`, else the nearest
 * ancestor workspace that contains the crate (as a member or through path
 * dependencies) and does not exclude it; a crate in no workspace is its own root.
 */
export function findWorkspace(crate: ManifestFile): Workspace {
  if (table(crate.doc.workspace)) {
    return loadWorkspace(crate, true);
  }
  const pointer = str(packageTable(crate.doc)?.workspace);
  if (pointer !== undefined) {
    const rootFile = path.resolve(crate.dir, pointer, 'Cargo.toml');
    const root = isFile(rootFile) ? readManifest(rootFile) : undefined;
    if (!root || !table(root.doc.workspace)) {
      throw new Error(`${crate.file} sets package.workspace = '${pointer}', but ${rootFile} is not a workspace manifest: point package.workspace at the directory of the Cargo.toml that has [workspace], or remove it.`);
    }
    const workspace = loadWorkspace(root, true);
    if (!workspace.packages.has(crate.dir) || isExcluded(root, crate.dir)) {
      throw new Error(`${crate.file} sets package.workspace = '${pointer}', but the workspace at ${root.file} does not include ${crate.dir}: add '${posixRelative(root.dir, crate.dir)}' to its [workspace].members.`);
    }
    return workspace;
  }
  for (let dir = path.dirname(crate.dir); ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'Cargo.toml');
    if (isFile(file)) {
      const candidate = readManifest(file);
      if (table(candidate.doc.workspace) && !isExcluded(candidate, crate.dir) && loadWorkspace(candidate, false).packages.has(crate.dir)) {
        return loadWorkspace(candidate, true);
      }
    }
    if (path.dirname(dir) === dir) {
      return loadWorkspace(crate, true);
    }
  }
}

/**
 * Loads the root package, the `[workspace].members` (globs expanded, minus
 * `exclude`) and, transitively, every `path` dependency. With `strict`, a
 * member without Cargo.toml or a path dependency outside the root is an
 * error; without it (used while probing ancestors) they are skipped.
 */
function loadWorkspace(root: ManifestFile, strict: boolean): Workspace {
  const packages = new Map<string, LocalPackage>();
  const queue: ManifestFile[] = [];
  const add = (manifest: ManifestFile, member: boolean) => {
    packages.set(manifest.dir, { manifest, member });
    queue.push(manifest);
  };
  if (packageTable(root.doc)) {
    add(root, true);
  }
  for (const pattern of strings(table(root.doc.workspace)?.members)) {
    const dirs = expandMember(root.dir, pattern);
    if (dirs.length === 0 && strict) {
      throw new Error(`${root.file}: [workspace].members entry '${pattern}' matches no directory; fix the pattern or create the member crate.`);
    }
    for (const dir of dirs.filter((d) => !packages.has(d) && !isExcluded(root, d))) {
      const file = path.join(dir, 'Cargo.toml');
      if (!isInside(root.dir, dir)) {
        if (strict) {
          throw new Error(`${root.file}: workspace member '${pattern}' (${dir}) is outside ${root.dir}, the Docker build context; move the member below ${root.dir}.`);
        }
      } else if (isFile(file)) {
        add(readManifest(file), true);
      } else if (strict) {
        throw new Error(`${root.file}: workspace member '${posixRelative(root.dir, dir)}' (from members entry '${pattern}') has no Cargo.toml; `
          + 'create it, or add the directory to [workspace].exclude.');
      }
    }
  }
  const visit = (from: ManifestFile, name: string, relative: string) => {
    const dir = path.resolve(from.dir, relative);
    if (packages.has(dir)) {
      return;
    }
    const file = path.join(dir, 'Cargo.toml');
    if (!isInside(root.dir, dir) || !isFile(file)) {
      if (strict) {
        throw pathDependencyError(root, from, name, relative, dir);
      }
      return;
    }
    add(readManifest(file), false);
  };
  for (const [name, relative] of pathDependencies(rootOnlyDependencyTables(root.doc))) {
    visit(root, name, relative);
  }
  for (let i = 0; i < queue.length; i++) {
    for (const [name, relative] of pathDependencies(dependencyTables(queue[i].doc))) {
      visit(queue[i], name, relative);
    }
  }
  return { root, packages };
}

function pathDependencyError(root: ManifestFile, from: ManifestFile, name: string, relative: string, dir: string): Error {
  if (!isInside(root.dir, dir)) {
    return new Error(`${from.file} depends on '${name}' by path '${relative}' (${dir}), which is outside ${root.dir}, the Docker build context `
      + '(the workspace root, or the crate directory when the crate is in no workspace). '
      + `Move '${name}' inside ${root.dir} (for example as a workspace member), or publish it to a registry and depend on it by version.`);
  }
  return new Error(`${from.file} depends on '${name}' by path '${relative}', but ${dir} has no Cargo.toml: fix the path of '${name}'.`);
}

/** The public description of every local package, sorted by directory (the root first). */
export function describePackages(workspace: Workspace): CargoPackage[] {
  const inherited = table(table(workspace.root.doc.workspace)?.package);
  return [...workspace.packages.values()]
    .map((local) => describePackage(workspace.root, local, inherited))
    .sort((a, b) => (a.directory === '.' ? -1 : b.directory === '.' ? 1 : compareStrings(a.directory, b.directory)));
}

function describePackage(root: ManifestFile, local: LocalPackage, inherited: TomlTable | undefined): CargoPackage {
  const { manifest, member } = local;
  const pkg = packageTable(manifest.doc);
  const name = str(pkg?.name);
  if (!pkg || !name) {
    throw new Error(`${manifest.file} has no package.name: every crate in the build context needs a [package] table with name = "...".`);
  }
  const version = inheritable(pkg.version, inherited?.version);
  const defaultRun = str(pkg['default-run']);
  return {
    name,
    ...(version !== undefined ? { version } : {}),
    directory: posixRelative(root.dir, manifest.dir),
    manifestPath: posixRelative(root.dir, manifest.file),
    targets: discoverTargets(manifest, name, inheritable(pkg.edition, inherited?.edition) ?? '2015'),
    ...(defaultRun !== undefined ? { defaultRun } : {}),
    workspaceMember: member,
  };
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

const DEPENDENCY_KEYS = ['dependencies', 'dev-dependencies', 'dev_dependencies', 'build-dependencies', 'build_dependencies'];

/** `[dependencies]`, `[dev-dependencies]`, `[build-dependencies]` and their `[target.<cfg>.*]` forms. */
function dependencyTables(doc: TomlTable): TomlTable[] {
  const scopes = [doc, ...Object.values(table(doc.target) ?? {}).map(table)];
  return scopes.flatMap((scope) => DEPENDENCY_KEYS.map((key) => table(scope?.[key])))
    .filter((t): t is TomlTable => t !== undefined);
}

/** Tables only the root manifest may use: `[workspace.dependencies]`, `[patch.<source>]`, `[replace]`. */
function rootOnlyDependencyTables(doc: TomlTable): TomlTable[] {
  return [
    table(table(doc.workspace)?.dependencies),
    ...Object.values(table(doc.patch) ?? {}).map(table),
    table(doc.replace),
  ].filter((t): t is TomlTable => t !== undefined);
}

/** `[name, path]` of each dependency given with `path = "..."`. */
function pathDependencies(tables: TomlTable[]): Array<[string, string]> {
  return tables.flatMap((deps) => Object.entries(deps)
    .map(([name, spec]): [string, string | undefined] => [name, str(table(spec)?.path)])
    .filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** Expands one `members` entry (`*`, `?`, `[...]` within a segment, `**` across segments) to existing directories. */
function expandMember(rootDir: string, pattern: string): string[] {
  const segments = pattern.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
  if (!segments.some(isGlob)) {
    return [path.resolve(rootDir, pattern)];
  }
  let current = [path.isAbsolute(pattern) ? path.parse(path.resolve(pattern)).root : rootDir];
  for (const segment of segments) {
    if (segment === '**') {
      current = current.flatMap((dir) => [dir, ...subdirectories(dir)]);
    } else if (isGlob(segment)) {
      const re = globSegment(segment);
      current = current.flatMap((dir) => listDirectory(dir).filter((name) => re.test(name)).map((name) => path.join(dir, name)));
    } else {
      current = current.map((dir) => path.join(dir, segment));
    }
  }
  return [...new Set(current.filter(isDirectory))];
}

function isGlob(segment: string): boolean {
  return /[*?[]/.test(segment);
}

function subdirectories(dir: string): string[] {
  return listDirectory(dir).map((name) => path.join(dir, name)).filter(isDirectory)
    .flatMap((sub) => [sub, ...subdirectories(sub)]);
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
