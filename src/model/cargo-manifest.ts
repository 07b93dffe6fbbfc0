import * as path from 'path';
import { CargoBinary, CargoPackage, CargoTargetKind } from './cargo-package';
import { compareStrings, isFile, packageTable, posixRelative, readManifest, readToml, stat, str, table, tables } from './cargo-toml';
import { describePackages, findWorkspace } from './cargo-workspace';

export * from './cargo-package';

/** Files at the workspace root that change how cargo builds, in sorted order. */
const CONFIG_FILES = ['.cargo/config', '.cargo/config.toml', 'rust-toolchain', 'rust-toolchain.toml'];

interface CargoManifestState {
  readonly rootDirectory: string;
  readonly crateDirectory: string;
  readonly packages: CargoPackage[];
  readonly isWorkspace: boolean;
  readonly isVirtual: boolean;
  readonly lockedPackageNames?: string[];
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
   * every member and local path dependency.
   *
   * @param directory the crate directory (`crateDirectory`), absolute or relative to the working directory
   */
  public static fromDirectory(directory: string): CargoManifest {
    const crate = readManifest(locateManifest(directory));
    const workspace = findWorkspace(crate);
    const rootDirectory = workspace.root.dir;
    const lockfile = path.join(rootDirectory, 'Cargo.lock');
    return new CargoManifest({
      rootDirectory,
      crateDirectory: crate.dir,
      packages: describePackages(workspace),
      isWorkspace: table(workspace.root.doc.workspace) !== undefined,
      isVirtual: table(workspace.root.doc.workspace) !== undefined && !packageTable(workspace.root.doc),
      lockedPackageNames: isFile(lockfile) ? lockedNames(lockfile) : undefined,
    });
  }

  /**
   * Absolute path of the workspace root when the crate is a workspace member,
   * else of the crate directory. This is the Docker build context.
   */
  public readonly rootDirectory: string;

  /** Absolute path of the directory the user pointed at. */
  public readonly crateDirectory: string;

  /**
   * The root package (if any), all workspace members and all local path
   * dependencies inside `rootDirectory`, sorted by directory (the root first).
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
   * Which of `.cargo/config`, `.cargo/config.toml`, `rust-toolchain` and
   * `rust-toolchain.toml` exist at `rootDirectory`, as sorted relative paths.
   */
  public readonly configFiles: string[];

  private constructor(state: CargoManifestState) {
    this.rootDirectory = state.rootDirectory;
    this.crateDirectory = state.crateDirectory;
    this.packages = state.packages;
    const selected = posixRelative(state.rootDirectory, state.crateDirectory);
    this.selectedPackage = state.packages.find((p) => p.directory === selected);
    this.isWorkspace = state.isWorkspace;
    this.isVirtual = state.isVirtual;
    this.hasLockfile = state.lockedPackageNames !== undefined;
    this.lockedPackageNames = state.lockedPackageNames ?? [];
    this.configFiles = CONFIG_FILES.filter((file) => isFile(path.join(state.rootDirectory, ...file.split('/'))));
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

  private describeScope(): string {
    if (!this.selectedPackage) {
      return `workspace at ${this.rootDirectory}`;
    }
    const pkg = `package '${this.selectedPackage.name}'`;
    return this.isWorkspace || this.packages.length > 1 ? `${pkg} or the other packages in ${this.rootDirectory}` : `${pkg} (${this.absoluteManifest(this.selectedPackage)})`;
  }

  private absoluteManifest(pkg: CargoPackage): string {
    return path.join(this.rootDirectory, ...pkg.manifestPath.split('/'));
  }

  private noBinaryError(): Error {
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
  const abs = path.resolve(directory);
  const found = stat(abs);
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
  if (!isFile(manifest)) {
    throw new Error(`crateDirectory '${directory}' has no Cargo.toml: looked for ${manifest}. ${fix}`);
  }
  return manifest;
}

/** Sorted unique `[[package]]` names of a Cargo.lock. */
function lockedNames(lockfile: string): string[] {
  const names = tables(readToml(lockfile).package).map((p) => str(p.name)).filter((n): n is string => n !== undefined);
  return [...new Set(names)].sort(compareStrings);
}
