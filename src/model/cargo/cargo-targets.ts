import * as path from 'path';
import { CargoTarget, CargoTargetKind } from './cargo-package';
import { ManifestFile, packageTable, table, tables, TomlTable } from './cargo-toml';
import { SourceTree } from './source-tree';
import { assertCargoName } from '../../core/cargo-names';
import { invalidValue } from '../../core/errors';
import { compareStrings } from '../../core/versions';

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

// A library's crate name is a Rust identifier.
const LIB_NAME = /^[\p{XID_Start}_]\p{XID_Continue}*$/u;

/** Where a manifest is read: the file, and the context every path must stay in. */
interface Reading {
  readonly manifest: ManifestFile;
  readonly tree: SourceTree;
}

/**
 * All targets of a package: explicit `[lib]`/`[[bin]]`/... tables merged with
 * the auto-discovered files, plus the build script; sorted by kind, then name.
 * Every name follows cargo's rules and every path lies inside the context.
 */
export function discoverTargets(tree: SourceTree, manifest: ManifestFile, packageName: string, edition: string): CargoTarget[] {
  const reading = { manifest, tree };
  const pkg = packageTable(manifest.doc) ?? {};
  const targets = [
    ...libTargets(reading, pkg, packageName),
    ...RULES.flatMap((rule) => kindTargets(reading, pkg, rule, packageName, edition)),
    ...buildScripts(reading, pkg),
  ];
  return targets.sort((a, b) =>
    KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || compareStrings(a.name, b.name) || compareStrings(a.path, b.path));
}

function libTargets(r: Reading, pkg: TomlTable, packageName: string): CargoTarget[] {
  const lib = table(r.manifest.doc.lib);
  const inferred = r.tree.isFile(path.join(r.manifest.dir, 'src', 'lib.rs')) ? 'src/lib.rs' : undefined;
  const name = lib?.name !== undefined ? lib.name : packageName.replace(/-/g, '_');
  if (typeof name !== 'string' || !LIB_NAME.test(name)) {
    throw invalidValue(`[lib] name in ${r.manifest.file}`, name, 'cargo takes a library name that is a Rust identifier (letters, digits and "_")', 'Fix [lib] name.');
  }
  if (lib) {
    const explicit = lib.path;
    const libPath = explicit !== undefined ? contained(r, explicit, '[lib] path') : inferred;
    if (libPath === undefined) {
      throw new Error(`${r.manifest.file} has a [lib] table without path, and src/lib.rs does not exist: create src/lib.rs or set path = "..." under [lib].`);
    }
    return [{ name, kind: CargoTargetKind.LIB, path: libPath }];
  }
  return inferred !== undefined && pkg.autolib !== false ? [{ name, kind: CargoTargetKind.LIB, path: inferred }] : [];
}

function kindTargets(r: Reading, pkg: TomlTable, rule: KindRule, packageName: string, edition: string): CargoTarget[] {
  const inferred = inferTargets(r, rule, packageName);
  const explicit = tables(r.manifest.doc[rule.key]).map((t, i) => explicitTarget(r, rule, t, i, inferred));
  // Edition 2015 turns discovery off as soon as one target of the kind is declared.
  const autoSwitch = pkg[rule.auto];
  const autodiscover = typeof autoSwitch === 'boolean' ? autoSwitch : edition !== '2015' || explicit.length === 0;
  const names = new Set(explicit.map((t) => t.name));
  const paths = new Set(explicit.filter((t) => t.explicitPath).map((t) => t.path));
  const discovered = autodiscover ? inferred.filter((t) => !names.has(t.name) && !paths.has(t.path)) : [];
  const result = [...explicit, ...discovered].map((t) => ({ name: t.name, kind: rule.kind, path: t.path }));
  for (const target of result) {
    assertCargoName(target.name, `[[${rule.key}]] name in ${r.manifest.file} (source ${target.path})`, rule.kind === CargoTargetKind.BIN);
    const clashes = result.filter((t) => t.name === target.name);
    if (clashes.length > 1) {
      throw new Error(`${r.manifest.file} has several ${rule.key} targets named '${target.name}' (${clashes.map((t) => t.path).join(', ')}): `
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
function inferTargets(r: Reading, rule: KindRule, packageName: string): Candidate[] {
  const found: Candidate[] = [];
  if (rule.kind === CargoTargetKind.BIN && r.tree.isFile(path.join(r.manifest.dir, 'src', 'main.rs'))) {
    found.push({ name: packageName, path: 'src/main.rs' });
  }
  const base = path.join(r.manifest.dir, ...rule.directory.split('/'));
  for (const entry of r.tree.list(base)) {
    if (entry.endsWith('.rs') && r.tree.isFile(path.join(base, entry))) {
      found.push({ name: entry.slice(0, -'.rs'.length), path: `${rule.directory}/${entry}` });
    } else if (r.tree.isFile(path.join(base, entry, 'main.rs'))) {
      found.push({ name: entry, path: `${rule.directory}/${entry}/main.rs` });
    }
  }
  return found;
}

function explicitTarget(r: Reading, rule: KindRule, target: TomlTable, index: number, inferred: Candidate[]): Candidate {
  const name = target.name;
  if (name === undefined || name === '') {
    throw new Error(`${r.manifest.file}: [[${rule.key}]] entry ${index + 1} has no name; add name = "..." to it.`);
  }
  assertCargoName(name, `[[${rule.key}]] name in ${r.manifest.file}`, rule.kind === CargoTargetKind.BIN);
  if (target.path !== undefined) {
    return { name, path: contained(r, target.path, `[[${rule.key}]] '${name}' path`), explicitPath: true };
  }
  const match = inferred.find((c) => c.name === name);
  if (!match) {
    throw new Error(`${r.manifest.file}: cannot find the source of [[${rule.key}]] '${name}' at ${rule.directory}/${name}.rs `
      + `or ${rule.directory}/${name}/main.rs; create one of them or set path = "..." in the [[${rule.key}]] table.`);
  }
  return match;
}

function buildScripts(r: Reading, pkg: TomlTable): CargoTarget[] {
  const build = pkg.build;
  let scripts: unknown[];
  if (build === false || build === undefined) {
    scripts = build === undefined && r.tree.isFile(path.join(r.manifest.dir, 'build.rs')) ? ['build.rs'] : [];
  } else if (build === true) {
    scripts = ['build.rs'];
  } else if (Array.isArray(build)) {
    scripts = build;
  } else {
    scripts = [build];
  }
  return scripts.map((script) => {
    const scriptPath = contained(r, script, 'package.build');
    return { name: `build-script-${path.posix.parse(scriptPath).name}`, kind: CargoTargetKind.BUILD_SCRIPT, path: scriptPath };
  });
}

/**
 * A path from Cargo.toml, relative to the package directory, as a normalised
 * posix path; it must lie inside the build context.
 */
function contained(r: Reading, value: unknown, key: string): string {
  if (typeof value !== 'string' || value === '') {
    throw invalidValue(`${key} in ${r.manifest.file}`, value, 'expected a relative path to a Rust source file', `Fix ${key}.`);
  }
  const abs = path.resolve(r.manifest.dir, value);
  if (!r.tree.contains(abs)) {
    throw new Error(`${r.manifest.file}: ${key} '${value}' resolves to ${abs}, outside the build context ${r.tree.root}. `
      + `Every source cargo compiles must be inside the context: move the file inside ${r.tree.root}, or widen the context with buildContextDirectory.`);
  }
  return path.relative(r.manifest.dir, abs).split(path.sep).join('/');
}
