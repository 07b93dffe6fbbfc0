import { readToml, str, tables } from './cargo-toml';
import { SourceTree } from './source-tree';
import { compareStrings } from '../../core/versions';

/** One `[[package]]` entry of Cargo.lock. */
export interface LockedPackage {
  readonly name: string;
  readonly version: string;
  /** `registry+…`, `git+…`, or undefined for a local (path) crate. */
  readonly source?: string;
  /** SHA-256 of the downloaded crate (registry crates). */
  readonly checksum?: string;
  /** The entry's `dependencies`, as written (`name`, `name version`, or `name version (source)`). */
  readonly dependencies: string[];
}

/** The packages of a Cargo.lock, sorted by name, version and source. */
export function readLockfile(tree: SourceTree, lockfile: string): LockedPackage[] {
  const entries = tables(readToml(tree, lockfile).package).flatMap((p): LockedPackage[] => {
    const name = str(p.name);
    const version = str(p.version);
    if (name === undefined || version === undefined) return [];
    return [{
      name,
      version,
      ...(str(p.source) !== undefined ? { source: str(p.source) } : {}),
      ...(str(p.checksum) !== undefined ? { checksum: str(p.checksum) } : {}),
      dependencies: Array.isArray(p.dependencies) ? p.dependencies.filter((d): d is string => typeof d === 'string') : [],
    }];
  });
  return entries.sort((a, b) => compareStrings(a.name, b.name) || compareStrings(a.version, b.version) || compareStrings(a.source ?? '', b.source ?? ''));
}

/**
 * Resolves lockfile dependency strings (`name`, `name version`,
 * `name version (source)`) to the packages they name, through an index by
 * name (a lockfile of a thousand packages has several thousand of them).
 */
export function lockedDependencyResolver(packages: LockedPackage[]): (dependency: string) => LockedPackage | undefined {
  const byName = new Map<string, LockedPackage[]>();
  for (const p of packages) byName.set(p.name, [...(byName.get(p.name) ?? []), p]);
  return (dependency) => {
    const match = /^(\S+)(?: (\S+))?(?: \((.+)\))?$/.exec(dependency);
    if (!match) return undefined;
    const [, name, version, source] = match;
    return byName.get(name)?.find((p) => (version === undefined || p.version === version) && (source === undefined || p.source === source));
  };
}
