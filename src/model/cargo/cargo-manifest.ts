import * as fs from 'fs';
import * as path from 'path';
import { configFiles, targetDirectories, vendoredDirectories } from './cargo-config';
import { CargoBinary, CargoPackage, CargoTargetKind } from './cargo-package';
import { findWorkspace } from './cargo-workspace';
import { LockedPackage, readLockfile } from './lockfile';
import { SkeletonFile, skeletonFiles } from './skeleton';
import { SourceTree } from './source-tree';
import { describePackages, InheritedRoot, inheritedRoots } from './workspace-packages';
import { compareStrings } from '../../core/versions';

export * from './cargo-package';

/** Options of `CargoManifest.fromDirectory()`. */
export interface CargoManifestOptions {
  /**
   * The Docker build context: a directory that contains the Cargo workspace
   * and every path dependency outside it (a monorepo root, say). Only what
   * the build needs is read from it.
   * @default - the workspace root (the crate directory when it is in no workspace)
   */
  readonly buildContextDirectory?: string;
}

interface CargoManifestState {
  readonly tree: SourceTree;
  readonly rootDirectory: string;
  readonly crateDirectory: string;
  readonly packages: CargoPackage[];
  readonly isWorkspace: boolean;
  readonly isVirtual: boolean;
  readonly lockedPackages?: LockedPackage[];
  readonly inheritedRoots: InheritedRoot[];
}

/**
 * A Cargo crate or workspace, read from its `Cargo.toml` files with a real
 * TOML parser: its packages, their targets, the lockfile and the files at the
 * workspace root that affect a build.
 *
 * @example
 * const manifest = rust.CargoManifest.fromDirectory(path.join(__dirname, 'service'));
 * const binary = manifest.resolveBinary();
 * console.log(`${binary.packageName}: ${binary.binaryName}`);
 */
export class CargoManifest {
  /**
   * Reads `<directory>/Cargo.toml` (or `directory` itself when it is a
   * `Cargo.toml` file), finds the enclosing workspace root if any, and reads
   * every member and local path dependency, all from inside the build
   * context: a path, target or symbolic link that leads outside it is an
   * error that names the manifest, the key and the path.
   *
   * @param directory the crate directory (`crateDirectory`), absolute or relative to the working directory
   */
  public static fromDirectory(directory: string, options: CargoManifestOptions = {}): CargoManifest {
    const context = options.buildContextDirectory !== undefined ? locateContext(options.buildContextDirectory) : undefined;
    const workspace = findWorkspace(locateManifest(directory), context);
    const tree = workspace.tree;
    const rootDirectory = workspace.root.dir;
    const lockfile = path.join(rootDirectory, 'Cargo.lock');
    tree.assertNotLinkedOutside(lockfile, 'Cargo.lock');
    const doc = workspace.root.doc;
    const isWorkspace = typeof doc.workspace === 'object' && doc.workspace !== null;
    return new CargoManifest({
      tree,
      rootDirectory,
      crateDirectory: path.dirname(locateManifest(directory)),
      packages: describePackages(workspace),
      isWorkspace,
      isVirtual: isWorkspace && doc.package === undefined && doc.project === undefined,
      lockedPackages: tree.isFile(lockfile) ? readLockfile(tree, lockfile) : undefined,
      inheritedRoots: inheritedRoots(workspace),
    });
  }

  /**
   * Absolute path of the build context: `buildContextDirectory` when given,
   * else the workspace root.
   */
  public readonly contextDirectory: string;

  /**
   * Absolute path of the workspace root when the crate is a workspace member,
   * else of the crate directory.
   */
  public readonly rootDirectory: string;

  /** The workspace root relative to the build context, posix separators (`.` when they are the same). */
  public readonly workspacePath: string;

  /** Absolute path of the directory the user pointed at. */
  public readonly crateDirectory: string;

  /**
   * The root package (if any), all workspace members and all local path
   * dependencies, sorted by directory (the context root first); their
   * paths are relative to `contextDirectory`.
   */
  public readonly packages: CargoPackage[];

  /**
   * The package at `crateDirectory`.
   *
   * @default - undefined when `crateDirectory` holds a virtual manifest
   */
  public readonly selectedPackage?: CargoPackage;

  /** Whether the root `Cargo.toml` has a `[workspace]` table. */
  public readonly isWorkspace: boolean;

  /** Whether the root `Cargo.toml` has `[workspace]` and no `[package]`. */
  public readonly isVirtual: boolean;

  /** Whether `Cargo.lock` exists at `rootDirectory`. */
  public readonly hasLockfile: boolean;

  /** Sorted, unique names of the `[[package]]` entries of `Cargo.lock` (empty without a lockfile). */
  public readonly lockedPackageNames: string[];

  /**
   * The cargo configuration files the build uses: `.cargo/config(.toml)` in
   * the workspace root and the directories above it inside the context, and
   * `rust-toolchain(.toml)`; sorted paths relative to `contextDirectory`.
   */
  public readonly configFiles: string[];

  private readonly tree: SourceTree;
  private readonly lockedPackages: LockedPackage[];
  private readonly inheritedRoots: InheritedRoot[];

  private constructor(state: CargoManifestState) {
    this.tree = state.tree;
    this.contextDirectory = state.tree.root;
    this.rootDirectory = state.rootDirectory;
    this.workspacePath = state.tree.relative(state.rootDirectory);
    this.crateDirectory = state.crateDirectory;
    this.packages = state.packages;
    const selected = state.tree.relative(state.crateDirectory);
    this.selectedPackage = state.packages.find((p) => p.directory === selected);
    this.isWorkspace = state.isWorkspace;
    this.isVirtual = state.isVirtual;
    this.hasLockfile = state.lockedPackages !== undefined;
    this.lockedPackages = state.lockedPackages ?? [];
    this.inheritedRoots = state.inheritedRoots;
    this.lockedPackageNames = [...new Set(this.lockedPackages.map((p) => p.name))].sort(compareStrings);
    this.configFiles = configFiles(state.tree, state.rootDirectory);
  }

  /**
   * All binary targets: those of the selected package first, then those of
   * the other packages in directory order; each package's binaries by name.
   */
  public binaries(): CargoBinary[] {
    const selected = this.selectedPackage;
    const ordered = selected ? [selected, ...this.packages.filter((p) => p !== selected)] : this.packages;
    return ordered.flatMap(binariesOf);
  }

  /**
   * The binary to build and run.
   *
   * Without `binaryName`: the selected package's `default-run`, else its only
   * binary; for a virtual manifest, the only binary of the workspace. Throws
   * when that is ambiguous or there is no binary.
   *
   * @param binaryName the binary to pick, from the selected package or, failing that, any local package
   */
  public resolveBinary(binaryName?: string): CargoBinary {
    const all = this.binaries();
    if (binaryName !== undefined) {
      const found = all.find((b) => b.binaryName === binaryName);
      if (!found) {
        if (all.length === 0) {
          throw this.noBinaryError();
        }
        const names = [...new Set(all.map((b) => b.binaryName))].join(', ');
        throw new Error(`binaryName '${binaryName}' is not a binary target of the Cargo ${this.describeScope()}; `
          + `available binaries: ${names}. Set binaryName to one of them.`);
      }
      return found;
    }
    const selected = this.selectedPackage;
    if (!selected) {
      if (all.length === 1) {
        return all[0];
      }
      if (all.length === 0) {
        throw this.noBinaryError();
      }
      throw new Error(`Cargo workspace at ${this.rootDirectory} has several binaries (${all.map((b) => `${b.packageName}/${b.binaryName}`).join(', ')}); `
        + 'set binaryName to one of the binary names, or point crateDirectory at the directory of the package that builds it.');
    }
    const own = binariesOf(selected);
    if (selected.defaultRun !== undefined) {
      const found = own.find((b) => b.binaryName === selected.defaultRun);
      if (!found) {
        throw new Error(`default-run '${selected.defaultRun}' in ${this.absoluteManifest(selected)} names no binary of package '${selected.name}' `
          + `(binaries: ${own.map((b) => b.binaryName).join(', ') || 'none'}); fix default-run or set binaryName.`);
      }
      return found;
    }
    if (own.length === 1) {
      return own[0];
    }
    if (own.length === 0) {
      throw this.noBinaryError();
    }
    throw new Error(`Cargo package '${selected.name}' has several binaries (${own.map((b) => b.binaryName).join(', ')}); `
      + 'set binaryName to one of them or set `default-run` in Cargo.toml');
  }

  /** Whether `Cargo.lock` has a `[[package]]` entry with this name. */
  public hasLockedPackage(name: string): boolean {
    return this.lockedPackageNames.includes(name);
  }

  /**
   * The skeleton of the workspace for the dependency layer: normalized
   * manifests and Cargo.lock, stub sources (context-relative paths).
   * @internal
   */
  public _skeletonFiles(): SkeletonFile[] {
    return skeletonFiles(this.tree, this.workspacePath, this.packages, this.inheritedRoots, this.hasLockfile);
  }

  /**
   * The workspace roots other than this one that local packages (path
   * crates of another workspace) inherit from: staged with the build.
   * @internal
   */
  public _inheritedRoots(): InheritedRoot[] {
    return [...this.inheritedRoots];
  }

  /**
   * The local packages a package needs to build: itself and, transitively,
   * its local path dependencies (context-relative directories, sorted).
   */
  public localClosure(packageName: string): string[] {
    const start = this.packages.find((p) => p.name === packageName);
    if (!start) {
      throw new Error(`Cargo package '${packageName}' is not a local package of ${this.rootDirectory} (packages: ${this.packages.map((p) => p.name).join(', ')}).`);
    }
    const seen = new Set<string>([start.directory]);
    const queue = [start];
    for (let i = 0; i < queue.length; i++) {
      for (const dir of queue[i].localDependencies) {
        const next = this.packages.find((p) => p.directory === dir);
        if (next && !seen.has(dir)) {
          seen.add(dir);
          queue.push(next);
        }
      }
    }
    return [...seen].sort(compareStrings);
  }

  /** The `[[package]]` entries of Cargo.lock (empty without a lockfile). @internal */
  public _lockedPackages(): LockedPackage[] {
    return [...this.lockedPackages];
  }

  /** Source replacement directories of the cargo configuration (context-relative). @internal */
  public _vendoredDirectories(): string[] {
    return vendoredDirectories(this.tree, this.configFiles);
  }

  /** Where cargo writes build output on the developer's machine (context-relative). @internal */
  public _targetDirectories(): string[] {
    return targetDirectories(this.tree, this.rootDirectory, this.configFiles);
  }

  private describeScope(): string {
    if (!this.selectedPackage) {
      return `workspace at ${this.rootDirectory}`;
    }
    const pkg = `package '${this.selectedPackage.name}'`;
    return this.isWorkspace || this.packages.length > 1 ? `${pkg} or the other packages in ${this.rootDirectory}` : `${pkg} (${this.absoluteManifest(this.selectedPackage)})`;
  }

  private absoluteManifest(pkg: CargoPackage): string {
    return path.join(this.contextDirectory, ...pkg.manifestPath.split('/'));
  }

  private noBinaryError(): Error {
    if (!this.selectedPackage && this.isVirtual) {
      // A virtual manifest has no src/main.rs of its own to add: the fix is in its members.
      const root = path.join(this.rootDirectory, 'Cargo.toml');
      if (this.packages.length === 0) {
        return new Error(`The Cargo workspace at ${root} has no members: [workspace].members lists no crate (or [workspace].exclude leaves none), `
          + 'and a virtual manifest has no [package] of its own, so there is nothing to build. '
          + 'Add the service\'s crate to [workspace].members (e.g. members = ["api"]), or point crateDirectory at the crate.');
      }
      return new Error(`No package of the Cargo workspace at ${root} has a binary target (${this.packages.map((p) => `'${p.name}' in ${p.directory}`).join(', ')}): `
        + 'add src/main.rs or a [[bin]] table to the service\'s package, add the service\'s crate to [workspace].members, or point crateDirectory at it.');
    }
    const manifest = this.selectedPackage ? this.absoluteManifest(this.selectedPackage) : path.join(this.rootDirectory, 'Cargo.toml');
    return new Error(`No binary target found in ${manifest}: add src/main.rs, or a [[bin]] table with name and path, `
      + 'or point crateDirectory at a package that has a binary.');
  }
}

function binariesOf(pkg: CargoPackage): CargoBinary[] {
  return pkg.targets
    .filter((t) => t.kind === CargoTargetKind.BIN)
    .map((t) => ({ packageName: pkg.name, binaryName: t.name, packageDirectory: pkg.directory }));
}

/** The Cargo.toml a `crateDirectory` value means: `<dir>/Cargo.toml`, or the value itself when it is a Cargo.toml file. */
function locateManifest(directory: string): string {
  if (typeof directory !== 'string' || directory === '') {
    throw new Error(`Invalid crateDirectory ${JSON.stringify(directory)}: expected the path of a crate directory. Set crateDirectory to a directory that contains Cargo.toml.`);
  }
  const abs = path.resolve(directory);
  const found = statOf(abs);
  const fix = 'Set crateDirectory to a directory that contains Cargo.toml, or to the path of a Cargo.toml file.';
  if (!found) {
    throw new Error(`crateDirectory '${directory}' does not exist (looked for ${abs}). ${fix}`);
  }
  if (found.isFile()) {
    if (path.basename(abs) !== 'Cargo.toml') {
      throw new Error(`crateDirectory '${directory}' is a file, not Cargo.toml or a directory. ${fix}`);
    }
    return abs;
  }
  const manifest = path.join(abs, 'Cargo.toml');
  if (!statOf(manifest)?.isFile()) {
    throw new Error(`crateDirectory '${directory}' has no Cargo.toml: looked for ${manifest}. ${fix}`);
  }
  return manifest;
}


/** The build context a `buildContextDirectory` value means: an existing directory. */
function locateContext(directory: string): string {
  if (typeof directory !== 'string' || directory === '' || !statOf(path.resolve(directory))?.isDirectory()) {
    throw new Error(`Invalid buildContextDirectory ${JSON.stringify(directory)}: expected an existing directory that contains the Cargo workspace. Set it to e.g. the repository root.`);
  }
  return path.resolve(directory);
}

function statOf(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}
