import * as path from 'path';
import { CargoTarget, CargoTargetKind } from './cargo-package';
import { compareStrings, isFile, listDirectory, ManifestFile, packageTable, posixRelative, str, table, tables, TomlTable } from './cargo-toml';

// Target discovery, following cargo's src/cargo/util/toml/targets.rs.

const KIND_ORDER: CargoTargetKind[] = [
  CargoTargetKind.LIB,
  CargoTargetKind.BIN,
  CargoTargetKind.EXAMPLE,
  CargoTargetKind.BENCH,
  CargoTargetKind.TEST,
  CargoTargetKind.BUILD_SCRIPT,
];

interface KindRule {
  readonly kind: CargoTargetKind;
  /** The array-of-tables key (`bin` for `[[bin]]`). */
  readonly key: string;
  /** The `package.auto*` switch. */
  readonly auto: string;
  /** The conventional directory (`src/bin`, `examples`...). */
  readonly directory: string;
}

const RULES: KindRule[] = [
  { kind: CargoTargetKind.BIN, key: 'bin', auto: 'autobins', directory: 'src/bin' },
  { kind: CargoTargetKind.EXAMPLE, key: 'example', auto: 'autoexamples', directory: 'examples' },
  { kind: CargoTargetKind.BENCH, key: 'bench', auto: 'autobenches', directory: 'benches' },
  { kind: CargoTargetKind.TEST, key: 'test', auto: 'autotests', directory: 'tests' },
];

/**
 * All targets of a package: explicit `[lib]`/`[[bin]]`/... tables merged with
 * the auto-discovered files, plus the build script; sorted by kind, then name.
 */
export function discoverTargets(manifest: ManifestFile, packageName: string, edition: string): CargoTarget[] {
  const pkg = packageTable(manifest.doc) ?? {};
  const targets = [
    ...libTargets(manifest, pkg, packageName),
    ...RULES.flatMap((rule) => kindTargets(manifest, pkg, rule, packageName, edition)),
    ...buildScripts(manifest, pkg),
  ];
  return targets.sort((a, b) =>
    KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || compareStrings(a.name, b.name) || compareStrings(a.path, b.path));
}

function libTargets(manifest: ManifestFile, pkg: TomlTable, packageName: string): CargoTarget[] {
  const lib = table(manifest.doc.lib);
  const inferred = isFile(path.join(manifest.dir, 'src', 'lib.rs')) ? 'src/lib.rs' : undefined;
  const name = str(lib?.name) ?? packageName.replace(/-/g, '_');
  if (lib) {
    const explicit = str(lib.path);
    const libPath = explicit !== undefined ? normalise(manifest, explicit) : inferred;
    if (libPath === undefined) {
      throw new Error(`${manifest.file} has a [lib] table without path, and src/lib.rs does not exist: create src/lib.rs or set path = "..." under [lib].`);
    }
    return [{ name, kind: CargoTargetKind.LIB, path: libPath }];
  }
  return inferred !== undefined && pkg.autolib !== false ? [{ name, kind: CargoTargetKind.LIB, path: inferred }] : [];
}

function kindTargets(manifest: ManifestFile, pkg: TomlTable, rule: KindRule, packageName: string, edition: string): CargoTarget[] {
  const inferred = inferTargets(manifest, rule, packageName);
  const explicit = tables(manifest.doc[rule.key]).map((t, i) => explicitTarget(manifest, rule, t, i, inferred));
  // Edition 2015 turns discovery off as soon as one target of the kind is declared.
  const autoSwitch = pkg[rule.auto];
  const autodiscover = typeof autoSwitch === 'boolean' ? autoSwitch : edition !== '2015' || explicit.length === 0;
  const names = new Set(explicit.map((t) => t.name));
  const paths = new Set(explicit.filter((t) => t.explicitPath).map((t) => t.path));
  const discovered = autodiscover ? inferred.filter((t) => !names.has(t.name) && !paths.has(t.path)) : [];
  const result = [...explicit, ...discovered].map((t) => ({ name: t.name, kind: rule.kind, path: t.path }));
  for (const target of result) {
    const clashes = result.filter((t) => t.name === target.name);
    if (clashes.length > 1) {
      throw new Error(`${manifest.file} has several ${rule.key} targets named '${target.name}' (${clashes.map((t) => t.path).join(', ')}): `
        + `give each [[${rule.key}]] a unique name, or remove one of the files.`);
    }
  }
  return result;
}

interface Candidate {
  readonly name: string;
  readonly path: string;
  readonly explicitPath?: boolean;
}

/** Files cargo finds on its own: `<dir>/*.rs` and `<dir>/*\/main.rs`, plus `src/main.rs` for binaries. */
function inferTargets(manifest: ManifestFile, rule: KindRule, packageName: string): Candidate[] {
  const found: Candidate[] = [];
  if (rule.kind === CargoTargetKind.BIN && isFile(path.join(manifest.dir, 'src', 'main.rs'))) {
    found.push({ name: packageName, path: 'src/main.rs' });
  }
  const base = path.join(manifest.dir, ...rule.directory.split('/'));
  for (const entry of listDirectory(base)) {
    if (entry.endsWith('.rs') && isFile(path.join(base, entry))) {
      found.push({ name: entry.slice(0, -'.rs'.length), path: `${rule.directory}/${entry}` });
    } else if (isFile(path.join(base, entry, 'main.rs'))) {
      found.push({ name: entry, path: `${rule.directory}/${entry}/main.rs` });
    }
  }
  return found;
}

function explicitTarget(manifest: ManifestFile, rule: KindRule, target: TomlTable, index: number, inferred: Candidate[]): Candidate {
  const name = str(target.name);
  if (!name) {
    throw new Error(`${manifest.file}: [[${rule.key}]] entry ${index + 1} has no name; add name = "..." to it.`);
  }
  const explicit = str(target.path);
  if (explicit !== undefined) {
    return { name, path: normalise(manifest, explicit), explicitPath: true };
  }
  const match = inferred.find((c) => c.name === name);
  if (!match) {
    throw new Error(`${manifest.file}: cannot find the source of [[${rule.key}]] '${name}' at ${rule.directory}/${name}.rs `
      + `or ${rule.directory}/${name}/main.rs; create one of them or set path = "..." in the [[${rule.key}]] table.`);
  }
  return match;
}

function buildScripts(manifest: ManifestFile, pkg: TomlTable): CargoTarget[] {
  const build = pkg.build;
  let scripts: string[];
  if (build === false) {
    scripts = [];
  } else if (typeof build === 'string') {
    scripts = [build];
  } else if (Array.isArray(build)) {
    scripts = build.filter((b): b is string => typeof b === 'string');
  } else {
    scripts = isFile(path.join(manifest.dir, 'build.rs')) ? ['build.rs'] : [];
  }
  return scripts.map((script) => {
    const scriptPath = normalise(manifest, script);
    return { name: `build-script-${path.posix.parse(scriptPath).name}`, kind: CargoTargetKind.BUILD_SCRIPT, path: scriptPath };
  });
}

/** A path from Cargo.toml, relative to the package directory, as a normalised posix path. */
function normalise(manifest: ManifestFile, value: string): string {
  return posixRelative(manifest.dir, path.resolve(manifest.dir, value));
}
