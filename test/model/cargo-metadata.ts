import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { DockerfileParser } from 'dockerfile-ast';
import { tempDir } from '../util';

/*
 * `cargo metadata` as the comparison of record: what cargo itself sees in
 * the original tree, in the dependency layer the skeleton builds (the
 * builder stage's COPY steps replayed from the rendered Dockerfile) and in
 * the staged build context, reduced to what the build depends on, with
 * every path relative to the tree (or context) root.
 *
 * Left out of every view: the `[package]` metadata the skeleton drops
 * (authors, categories, description, documentation, homepage, keywords,
 * license, license-file, readme, repository), `package.metadata`, the
 * target directory, and absolute paths and package ids (replaced by
 * relative paths and `name (directory)` / `name@version` keys). For the
 * skeleton also what stubs change on purpose: the versions of local
 * packages (a placeholder, 0.0.0) and the version requirements of path
 * dependencies (dropped, so the placeholder matches).
 */

/** One dependency of a package, as cargo resolved its declaration. */
interface DependencyView {
  readonly name: string;
  readonly kind: string | null;
  readonly req?: string;
  readonly rename: string | null;
  readonly optional: boolean;
  readonly usesDefaultFeatures: boolean;
  readonly features: string[];
  readonly target: string | null;
  /** Relative to the tree root, for path dependencies. */
  readonly path?: string;
}

interface TargetView {
  readonly kind: string[];
  readonly crateTypes: string[];
  readonly name: string;
  readonly srcPath: string;
  readonly srcExists: boolean;
  readonly edition: string;
  readonly requiredFeatures: string[];
}

interface PackageView {
  readonly key: string;
  readonly version?: string;
  readonly edition: string;
  readonly rustVersion: string | null;
  readonly links: string | null;
  readonly features: Record<string, string[]>;
  readonly dependencies: DependencyView[];
  readonly targets: TargetView[];
}

/** What the build depends on, as cargo sees it. */
export interface MetadataView {
  readonly workspaceRoot: string;
  readonly members: string[];
  readonly packages: PackageView[];
  /** Each package's resolved dependencies (key -> dependency keys with kinds), without `--no-deps`. */
  readonly resolve?: Record<string, string[]>;
}

export interface MetadataOptions {
  /** Skip resolution (for trees whose registry crates are not at hand). */
  readonly noDeps?: boolean;
  /** Leave out what the skeleton changes on purpose (local versions, path dependencies' requirements). */
  readonly stubbed?: boolean;
}

/** Runs `cargo metadata --offline --locked` in `<root>/<workspacePath>`; throws with cargo's message when it fails. */
export function cargoMetadata(root: string, workspacePath: string, options: MetadataOptions = {}): MetadataView {
  const result = runCargoMetadata(root, workspacePath, options);
  if (result.status !== 0) {
    throw new Error(`cargo metadata failed in ${path.join(root, workspacePath)}:\n${result.stderr}`);
  }
  return view(JSON.parse(result.stdout), root, options);
}

/** cargo's error (its "error:" line and causes) when `cargo metadata` fails in `<root>/<workspacePath>`, else undefined. */
export function cargoMetadataError(root: string, workspacePath: string, options: MetadataOptions = {}): string | undefined {
  const result = runCargoMetadata(root, workspacePath, options);
  return result.status === 0 ? undefined : result.stderr;
}

/**
 * `cargo check --offline` (`--locked` with a lockfile) of the whole
 * workspace in `<root>/<workspacePath>`, into a temporary target directory;
 * throws with cargo's output when it fails.
 */
export function cargoCheck(root: string, workspacePath: string): void {
  const lockfile = fs.existsSync(path.join(root, workspacePath, 'Cargo.lock'));
  const env = { ...process.env, CARGO_HOME: tempDir('cargo-home-'), CARGO_TARGET_DIR: tempDir('cargo-target-'), CARGO_TERM_COLOR: 'never' };
  const result = spawnSync('cargo', ['check', '--offline', '--workspace', '--all-targets', ...(lockfile ? ['--locked'] : [])], { cwd: path.join(root, workspacePath), encoding: 'utf8', env });
  if (result.status !== 0) {
    throw new Error(`cargo check failed in ${path.join(root, workspacePath)}:\n${result.stderr}`);
  }
}

function runCargoMetadata(root: string, workspacePath: string, options: MetadataOptions) {
  const lockfile = fs.existsSync(path.join(root, workspacePath, 'Cargo.lock'));
  const args = ['metadata', '--offline', '--format-version', '1', ...(lockfile ? ['--locked'] : []), ...(options.noDeps ? ['--no-deps'] : [])];
  // A fresh CARGO_HOME: no configuration or registry cache of the machine takes part.
  const env = { ...process.env, CARGO_HOME: tempDir('cargo-home-'), CARGO_TERM_COLOR: 'never' };
  return spawnSync('cargo', args, { cwd: path.join(root, workspacePath), encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
}

function view(metadata: any, root: string, options: MetadataOptions): MetadataView {
  const real = (p: string) => (fs.existsSync(p) ? fs.realpathSync(p) : p);
  const rel = (p: string) => path.relative(real(root), real(p)).split(path.sep).join('/') || '.';
  const keys = new Map<string, string>();
  for (const p of metadata.packages) {
    keys.set(p.id, p.source === null ? `${p.name} (${rel(path.dirname(p.manifest_path))})` : `${p.name}@${p.version}`);
  }
  const key = (id: string) => keys.get(id) ?? id;
  const sorted = <T>(items: T[], by: (item: T) => string) => [...items].sort((a, b) => (by(a) < by(b) ? -1 : by(a) > by(b) ? 1 : 0));
  const packages: PackageView[] = sorted(metadata.packages.map((p: any): PackageView => {
    const local = p.source === null;
    return {
      key: key(p.id),
      ...(local && options.stubbed ? {} : { version: p.version }),
      edition: p.edition,
      rustVersion: p.rust_version ?? null,
      links: p.links ?? null,
      features: p.features,
      dependencies: sorted(p.dependencies.map((d: any): DependencyView => ({
        name: d.name,
        kind: d.kind,
        ...(d.path !== undefined && options.stubbed ? {} : { req: d.req }),
        rename: d.rename,
        optional: d.optional,
        usesDefaultFeatures: d.uses_default_features,
        features: [...d.features].sort(),
        target: d.target,
        ...(d.path !== undefined ? { path: rel(d.path) } : {}),
      })), (d) => `${d.kind} ${d.name} ${d.target}`),
      targets: sorted(p.targets.map((t: any) => ({
        kind: t.kind,
        crateTypes: t.crate_types,
        name: t.name,
        srcPath: rel(t.src_path),
        // cargo metadata reads no source: a target file missing from a context only shows here.
        srcExists: fs.existsSync(t.src_path),
        edition: t.edition,
        requiredFeatures: t['required-features'] ?? [],
      })), (t) => `${t.kind.join(',')} ${t.name}`),
    };
  }), (p) => p.key);
  const nodes: any[] | undefined = metadata.resolve?.nodes;
  const resolve = nodes === undefined ? undefined : Object.fromEntries(sorted(nodes, (n) => key(n.id)).map((n) => [
    key(n.id),
    n.deps.map((d: any) => `${key(d.pkg)} [${d.dep_kinds.map((k: any) => `${k.kind ?? 'normal'}${k.target ? ` ${k.target}` : ''}`).join(', ')}]`).sort(),
  ]));
  return {
    workspaceRoot: rel(metadata.workspace_root),
    members: metadata.workspace_members.map(key).sort(),
    packages,
    ...(resolve ? { resolve } : {}),
  };
}

/**
 * The files the dependency build sees: the builder stage's COPY steps up to
 * its first RUN, replayed from the rendered Dockerfile onto a fresh
 * directory that stands for `/build`, from the staged context `context`.
 */
export function dependencyLayer(dockerfile: string, context: string, stage: string = 'builder'): string {
  const layer = tempDir('dependency-layer-');
  const inLayer = (containerPath: string) => {
    const rel = path.posix.relative('/build', containerPath);
    if (rel.startsWith('..') || path.posix.isAbsolute(rel)) throw new Error(`the ${stage} stage writes ${containerPath}, outside /build`);
    return path.join(layer, ...rel.split('/'));
  };
  let current: string | undefined;
  let workdir = '/';
  for (const instruction of DockerfileParser.parse(dockerfile).getInstructions()) {
    const keyword = instruction.getKeyword();
    const args = instruction.getArguments().map((a) => a.getValue());
    if (keyword === 'FROM') {
      current = args[2];
      continue;
    }
    if (current !== stage) continue;
    if (keyword === 'RUN') break;
    if (keyword === 'WORKDIR') workdir = path.posix.resolve(workdir, args[0]);
    if (keyword !== 'COPY') continue;
    if (args.some((a) => a.startsWith('--'))) throw new Error(`dependencyLayer replays plain COPY steps only: ${instruction.getTextContent()}`);
    const [source, destination] = args;
    const target = inLayer(path.posix.resolve(workdir, destination));
    const from = path.join(context, ...source.split('/'));
    if (source.endsWith('/')) {
      fs.cpSync(from, target, { recursive: true, verbatimSymlinks: true });
    } else {
      fs.mkdirSync(destination.endsWith('/') ? target : path.dirname(target), { recursive: true });
      fs.copyFileSync(from, destination.endsWith('/') ? path.join(target, path.basename(source)) : target);
    }
  }
  return layer;
}
