/**
 * The kind of a Cargo build target, as `cargo metadata` names it.
 */
export enum CargoTargetKind {
  /** The library target (`src/lib.rs` or `[lib]`). */
  LIB = 'lib',
  /** A binary target (`src/main.rs`, `src/bin/*`, `[[bin]]`). */
  BIN = 'bin',
  /** An example (`examples/*`, `[[example]]`). */
  EXAMPLE = 'example',
  /** A benchmark (`benches/*`, `[[bench]]`). */
  BENCH = 'bench',
  /** An integration test (`tests/*`, `[[test]]`). */
  TEST = 'test',
  /** The build script (`build.rs` or `package.build`). */
  BUILD_SCRIPT = 'custom-build',
}

/**
 * One build target of a Cargo package.
 */
export interface CargoTarget {
  /**
   * Target name, as cargo reports it. For the library this is the crate name
   * (`my_lib`); for the build script it is `build-script-<file stem>`, so
   * `build-script-build` for `build.rs`.
   */
  readonly name: string;

  /** What kind of target this is. */
  readonly kind: CargoTargetKind;

  /**
   * Source file of the target, relative to the package directory, posix
   * separators (`src/main.rs`, `src/bin/tool/main.rs`, `build.rs`).
   */
  readonly path: string;
}

/**
 * A Cargo package read from a `Cargo.toml` inside the build context.
 */
export interface CargoPackage {
  /** `package.name`. */
  readonly name: string;

  /**
   * `package.version`, resolved from `[workspace.package]` when inherited.
   *
   * @default - undefined when the manifest has no version, or inherits one
   * the workspace does not define
   */
  readonly version?: string;

  /**
   * Package directory relative to the manifest root directory, posix
   * separators; `.` for the root package.
   */
  readonly directory: string;

  /** Path of the package's `Cargo.toml` relative to the manifest root directory (`crates/api/Cargo.toml`). */
  readonly manifestPath: string;

  /**
   * All library, binary, example, bench and test targets and the build
   * script, ordered by kind (in `CargoTargetKind` order) and then by name.
   */
  readonly targets: CargoTarget[];

  /**
   * `package.default-run`: the binary `cargo run` picks.
   *
   * @default - not set
   */
  readonly defaultRun?: string;

  /**
   * Whether the package is the root package or listed in
   * `[workspace].members`. False for packages that are only reached through
   * `path` dependencies (cargo treats those as implicit members, but they are
   * not part of the member list).
   */
  readonly workspaceMember: boolean;

  /**
   * Whether the package is reached only through `[patch.<source>]` or
   * `[replace]` (or the path dependencies of such a crate): it replaces a
   * registry crate, so it builds with the dependencies, from its real
   * sources, in the dependency layer.
   */
  readonly patched: boolean;

  /**
   * The local packages this one depends on by path (directly or through
   * `[workspace.dependencies]`), as directories like `directory`, sorted.
   */
  readonly localDependencies: string[];
}

/**
 * A binary target and the package that builds it.
 */
export interface CargoBinary {
  /** Name of the package that owns the binary (for `cargo build -p`). */
  readonly packageName: string;

  /** Name of the binary (for `cargo build --bin`, and the file name in `target/<profile>/`). */
  readonly binaryName: string;

  /** Directory of the package, relative to the manifest root directory, posix separators. */
  readonly packageDirectory: string;
}
