import { createRequire } from 'module';
import * as path from 'path';
import { CargoManifest, CargoPackage, CargoTargetKind } from '../../model/cargo-manifest';
import { compareStrings, readToml, table, TomlTable } from '../../model/cargo-toml';
import { SUPPORT_DIR, SupportFile } from '../support-files';

// See cargo-toml.ts: smol-toml's CommonJS build, loaded with require.
type SmolToml = typeof import('smol-toml', { with: { 'resolution-mode': 'import' } });
const { stringify } = createRequire(__filename)('smol-toml') as SmolToml;

/** Folder of the skeleton in the build context. */
export const SKELETON_DIR = `${SUPPORT_DIR}/skeleton`;

/**
 * The version every local package has in the skeleton, so that bumping a
 * local version does not invalidate the dependency layer.
 */
export const PLACEHOLDER_VERSION = '0.0.0';

/** `[package]` keys that never change how dependencies build (they only feed `CARGO_PKG_*` of local crates). */
const METADATA_KEYS = ['authors', 'categories', 'description', 'documentation', 'homepage', 'keywords', 'license', 'license-file', 'readme', 'repository'];

const DEPENDENCY_KEYS = ['dependencies', 'dev-dependencies', 'dev_dependencies', 'build-dependencies', 'build_dependencies'];

type MutableTable = { [key: string]: unknown };

/**
 * The skeleton of a crate or workspace, as support files under
 * `.cdk-rust-image/skeleton/`: every manifest normalized (local versions set
 * to a placeholder, metadata and comments dropped), Cargo.lock normalized
 * the same way (so `--locked` still holds), and a stub for every target and
 * build script. Same manifests, same bytes: the layer only changes when
 * something that affects the dependencies changes.
 */
export function skeletonSupportFiles(manifest: CargoManifest): SupportFile[] {
  const root = manifest.rootDirectory;
  const files = new Map<string, string>();
  const manifests = ['Cargo.toml', ...manifest.packages.map((p) => p.manifestPath)];
  for (const file of manifests) {
    files.set(file, stringify(normalizeManifest(readToml(path.join(root, ...file.split('/'))))));
  }
  if (manifest.hasLockfile) {
    files.set('Cargo.lock', stringify(normalizeLockfile(readToml(path.join(root, 'Cargo.lock')), manifest.packages)));
  }
  for (const pkg of manifest.packages) {
    for (const [file, content] of stubSources(pkg)) {
      // A file shared by a library and a binary gets `main`, which is valid in both.
      if (!files.has(file) || content !== '') files.set(file, content);
    }
  }
  return [...files.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([file, content]) => ({ path: `${SKELETON_DIR}/${file}`, content }));
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
  for (const deps of dependencyTables(out)) {
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

/** Every table that lists dependencies: per kind, per target cfg, in the workspace, and patches. */
function dependencyTables(doc: MutableTable): MutableTable[] {
  const scopes = [doc, ...Object.values(table(doc.target) ?? {}).map(table)];
  return [
    ...scopes.flatMap((scope) => DEPENDENCY_KEYS.map((key) => table(scope?.[key]))),
    table(table(doc.workspace)?.dependencies),
    ...Object.values(table(doc.patch) ?? {}).map(table),
    table(doc.replace),
  ].filter((t): t is TomlTable => t !== undefined) as MutableTable[];
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
