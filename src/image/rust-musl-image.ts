import { invalidValue } from '../dockerfile/quote';
import { assertMatches } from '../dockerfile/validate';
import { Architecture, Linkage } from '../model/architecture';
import { CargoBinary, CargoManifest } from '../model/cargo-manifest';
import { CrossCompilation, CrossCompilationKind } from '../model/cross-compilation';
import { DependencyCaching } from '../model/dependency-caching';
import { ReleaseProfile } from '../model/release-profile';
import { RustToolchain } from '../model/rust-toolchain';

/** Props of the builder that produces one static binary. */
export interface RustMuslImageProps {
  /** Directory of the service's crate (or its Cargo.toml). A workspace member's workspace root becomes the build context. */
  readonly crateDirectory: string;
  /**
   * The binary target to build and run.
   * @default - inferred from Cargo.toml: `default-run`, or the only binary
   */
  readonly binaryName?: string;
  /**
   * CPU architecture of the image.
   * @default Architecture.X86_64
   */
  readonly architecture?: Architecture;
  /**
   * Static linkage of the binary.
   * @default Linkage.MUSL
   */
  readonly linkage?: Linkage;
  /**
   * Builder image.
   * @default RustToolchain.latest() (rust:<default version>-bookworm)
   */
  readonly toolchain?: RustToolchain;
  /**
   * Release profile settings.
   * @default ReleaseProfile.optimized()
   */
  readonly profile?: ReleaseProfile;
  /**
   * Cargo features to enable.
   * @default - none
   */
  readonly features?: string[];
  /**
   * Disable the package's default features.
   * @default false
   */
  readonly noDefaultFeatures?: boolean;
  /**
   * Extra arguments for `cargo build`.
   * @default - none
   */
  readonly cargoArgs?: string[];
  /**
   * Extra `RUSTFLAGS` (they replace `rustflags` from `.cargo/config.toml`).
   * @default - none
   */
  readonly rustFlags?: string[];
  /**
   * Environment variables of the build stages.
   * @default - none
   */
  readonly buildEnvironment?: { [name: string]: string };
  /**
   * Extra OS packages for the builder (e.g. `pkg-config`, `cmake`).
   * @default - none
   */
  readonly buildPackages?: string[];
  /**
   * Use `--locked` (fail when Cargo.lock is out of date).
   * @default - true when Cargo.lock exists
   */
  readonly locked?: boolean;
  /**
   * How compiled dependencies are cached between builds.
   * @default DependencyCaching.skeleton()
   */
  readonly dependencyCaching?: DependencyCaching;
  /**
   * How the builder compiles for the image's architecture.
   * @default - CrossCompilation.zigbuild() for Architecture.ARM64 and for
   * multi-platform Dockerfiles (the builder runs on the build host, never
   * emulated); CrossCompilation.none() for a single-platform x86_64 image
   */
  readonly crossCompilation?: CrossCompilation;
  /**
   * Render one Dockerfile that builds every architecture (`docker buildx
   * build --platform linux/amd64,linux/arm64`): one builder chain per
   * architecture, picked with `$TARGETARCH` at build time, and the runtime
   * stage on each target platform. `architecture` remains the platform the
   * CDK asset and `ImageBuild.platform` use.
   * @default false
   */
  readonly multiPlatform?: boolean;
}

// Variables the builder owns, with what to use instead.
const RESERVED_BUILD_VARIABLES: Record<string, string> = {
  RUSTFLAGS: 'Pass the flags as rustFlags; they are added to the ones the linkage needs (e.g. +crt-static).',
  CARGO_ENCODED_RUSTFLAGS: 'Pass the flags as rustFlags.',
  CARGO_TARGET_DIR: 'Leave it unset: the build stages copy the binary from /build/target.',
  CARGO_BUILD_TARGET: 'Choose the target with architecture and linkage.',
};

const FEATURE = /^[A-Za-z0-9_][A-Za-z0-9_+./-]*$/;
const PACKAGE = /^[a-z0-9][a-z0-9.+_-]*$/;

/**
 * The builder: compiles one static binary for one architecture in a
 * multi-stage build. musl by default; static glibc as an option.
 *
 * @example
 * const builder = new RustMuslImage({
 *   crateDirectory: 'service',
 *   binaryName: 'task-api',
 *   architecture: Architecture.ARM64,
 * });
 * const dockerfile = new ScratchRuntime({ port: 8080 }).dockerfile(builder).render();
 */
export class RustMuslImage {
  /** The crate directory as given. */
  public readonly crateDirectory: string;
  /** CPU architecture. */
  public readonly architecture: Architecture;
  /** Static linkage. */
  public readonly linkage: Linkage;
  /** Builder image. */
  public readonly toolchain: RustToolchain;
  /** Release profile. */
  public readonly profile: ReleaseProfile;
  /** Dependency caching strategy. */
  public readonly dependencyCaching: DependencyCaching;
  /** How the builder compiles for the image's architecture. */
  public readonly crossCompilation: CrossCompilation;
  /** Whether the Dockerfile builds every architecture, picked by `$TARGETARCH`. */
  public readonly multiPlatform: boolean;
  /** Cargo features. */
  public readonly features: string[];
  /** Whether default features are off. */
  public readonly noDefaultFeatures: boolean;
  /** Extra cargo arguments. */
  public readonly cargoArgs: string[];
  /** Extra RUSTFLAGS. */
  public readonly rustFlags: string[];
  /** Extra builder packages. */
  public readonly buildPackages: string[];
  /** Build stage environment. */
  public readonly buildEnvironment: { [name: string]: string };
  /** Whether `crossCompilation` was left to its default. @internal */
  public readonly _crossCompilationDefaulted: boolean;
  private readonly requestedBinary?: string;
  private readonly requestedLocked?: boolean;
  private manifestCache?: CargoManifest;
  private binaryCache?: CargoBinary;

  constructor(props: RustMuslImageProps) {
    this.crateDirectory = props.crateDirectory;
    this.architecture = props.architecture ?? Architecture.X86_64;
    this.linkage = props.linkage ?? Linkage.MUSL;
    this.toolchain = props.toolchain ?? RustToolchain.latest();
    this.profile = props.profile ?? ReleaseProfile.optimized();
    this.dependencyCaching = props.dependencyCaching ?? DependencyCaching.skeleton();
    this.multiPlatform = props.multiPlatform ?? false;
    // Never emulate silently: anything but a single x86_64 image cross-compiles
    // with zig, except static glibc, which zig cannot link (that one warns).
    const crossCapable = this.multiPlatform || this.architecture !== Architecture.X86_64;
    this._crossCompilationDefaulted = props.crossCompilation === undefined;
    this.crossCompilation = props.crossCompilation
      ?? (crossCapable && this.linkage === Linkage.MUSL ? CrossCompilation.zigbuild() : CrossCompilation.none());
    this.features = [...(props.features ?? [])];
    this.noDefaultFeatures = props.noDefaultFeatures ?? false;
    this.cargoArgs = [...(props.cargoArgs ?? [])];
    this.rustFlags = [...(props.rustFlags ?? [])];
    this.buildPackages = [...(props.buildPackages ?? [])];
    this.buildEnvironment = { ...(props.buildEnvironment ?? {}) };
    for (const [name, fix] of Object.entries(RESERVED_BUILD_VARIABLES)) {
      if (Object.prototype.hasOwnProperty.call(this.buildEnvironment, name)) {
        throw invalidValue(`buildEnvironment.${name}`, this.buildEnvironment[name], 'the builder sets this variable itself, and overriding it would silently change what is built', fix);
      }
    }
    this.requestedBinary = props.binaryName;
    this.requestedLocked = props.locked;

    if (props.binaryName !== undefined) {
      assertMatches(props.binaryName, /^[A-Za-z0-9_-]+$/, 'binaryName', 'a Cargo binary name (letters, digits, "_" and "-")');
    }
    this.features.forEach((f) => assertMatches(f, FEATURE, 'features', 'feature names such as "rustls" or "dep/feature"'));
    this.buildPackages.forEach((p) => assertMatches(p, PACKAGE, 'buildPackages', 'package names such as "pkg-config"'));
    if (this.linkage === Linkage.GLIBC_STATIC && this.toolchain.muslHost) {
      throw invalidValue('linkage', this.linkage, `the toolchain ${this.toolchain.image} is musl-based and cannot link glibc`, 'Use Linkage.MUSL with an Alpine toolchain, or RustToolchain.of(version) for static glibc.');
    }
    if (this.linkage === Linkage.GLIBC_STATIC && this.crossCompilation.onBuildPlatform) {
      throw invalidValue('crossCompilation', this.crossCompilation.kind, 'zig and the clang setup cannot link glibc statically', 'Use Linkage.MUSL to cross-compile, or CrossCompilation.none() when the build host has the image\'s architecture (CrossCompilation.emulated() otherwise).');
    }
    if (this.toolchain.muslHost && this.crossCompilation.kind === CrossCompilationKind.CLANG) {
      throw invalidValue('crossCompilation', this.crossCompilation.kind, `clang cross-compilation is set up for Debian toolchains, not ${this.toolchain.image}`, 'Use CrossCompilation.zigbuild() with an Alpine toolchain, or RustToolchain.of(version).');
    }
  }

  /** The architectures the Dockerfile builds: all of them when multiPlatform, else `architecture`. */
  public get architectures(): Architecture[] {
    return this.multiPlatform ? Architecture.all() : [this.architecture];
  }

  /** The Rust target triple of the binary (for `architecture`). */
  public get targetTriple(): string {
    return this.architecture.rustTarget(this.linkage);
  }

  /** The parsed Cargo manifest (read on first use). */
  public get manifest(): CargoManifest {
    this.manifestCache ??= CargoManifest.fromDirectory(this.crateDirectory);
    return this.manifestCache;
  }

  /** The package and binary that are built (inferred when `binaryName` is not set). */
  public get binary(): CargoBinary {
    this.binaryCache ??= this.manifest.resolveBinary(this.requestedBinary);
    return this.binaryCache;
  }

  /** Whether `cargo build` runs with `--locked`. */
  public get locked(): boolean {
    const hasLockfile = this.manifest.hasLockfile;
    if (this.requestedLocked === true && !hasLockfile) {
      throw invalidValue('locked', true, `there is no Cargo.lock in ${this.manifest.rootDirectory}`, 'Run `cargo generate-lockfile` and commit Cargo.lock, or leave locked unset.');
    }
    return this.requestedLocked ?? hasLockfile;
  }
}
