import { BuildSecret, SshAgent } from './builder/private-dependencies';
import { DEFAULT_ARCHITECTURE, RustBuildOptions } from './builder/rust-build-options';
import { cachingStrategyOf } from './caching/registry';
import { crossStrategyOf } from './cross/registry';
import { assertCargoName, assertFeatureName } from '../core/cargo-names';
import { invalidValue } from '../core/errors';
import { assertImageReference } from '../core/image-ref';
import { assertMatches, assertSingleLine } from '../core/text';
import { Architecture, Linkage } from '../model/architecture';
import { CargoBinary, CargoManifest } from '../model/cargo/cargo-manifest';
import { CrossCompilation } from '../model/cross-compilation';
import { DependencyCaching } from '../model/dependency-caching';
import { ReleaseProfile } from '../model/release-profile';
import { OsPackageManager, RustToolchain } from '../model/rust-toolchain';

/** Props of the builder that produces one static binary. */
export interface RustMuslImageProps extends RustBuildOptions {
  /** Directory of the service's crate (or its Cargo.toml). A workspace member's workspace root becomes the build context. */
  readonly crateDirectory: string;
  /**
   * The binary target to build and run.
   * @default - inferred from Cargo.toml: `default-run`, or the only binary
   */
  readonly binaryName?: string;
}

// Variables the builder owns, with what to use instead.
const RESERVED_BUILD_VARIABLES: Array<[RegExp, string]> = [
  [/^RUSTFLAGS$|^CARGO_ENCODED_RUSTFLAGS$|^CARGO_BUILD_RUSTFLAGS$/, 'Pass the flags as rustFlags; they are added to the ones the linkage needs (e.g. +crt-static).'],
  [/^CARGO_TARGET_DIR$|^CARGO_BUILD_TARGET_DIR$/, 'Leave it unset: the build stages copy the binary from /build/target.'],
  [/^CARGO_BUILD_TARGET$/, 'Choose the target with architecture and linkage.'],
  [/^CARGO_PROFILE_RELEASE_/, 'Set the release profile with profile (ReleaseProfile.optimized({...}) or ReleaseProfile.custom({...})).'],
  [/^CARGO_TARGET_[A-Z0-9_]+_LINKER$/, 'The cross-compilation strategy sets the linker; choose it with crossCompilation, or use RustToolchain.custom() with an image that has your toolchain.'],
];

// cargo build options the builder sets itself: passing them again would build something else than what is shipped.
const OWNED_CARGO_FLAGS = [
  '--target', '--target-dir', '--release', '-r', '--profile', '--manifest-path', '--package', '-p', '--bin', '--bins',
  '--workspace', '--all', '--lib', '--example', '--examples', '--test', '--tests', '--bench', '--benches', '--all-targets',
  '--features', '-F', '--no-default-features', '--locked', '--out-dir', '--artifact-dir',
];
// `--config` keys that would change the target, its directory, flags or linker, or the release profile.
const OWNED_CONFIG_KEYS = /^(build\.(target|target-dir|rustflags|rustc-wrapper)|target\.|profile\.release)/;

const PACKAGE = /^[a-z0-9][a-z0-9.+_-]{0,127}(:[a-z0-9-]+)?$/;

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
 * const dockerfile = new ScratchRuntime({ port: 8080 }).compose(builder).dockerfile;
 */
export class RustMuslImage {
  /**
   * A builder that compiles several binaries of one workspace in one build
   * (the services of a `RustWorkspaceImages`). @internal
   */
  public static _forBinaries(props: RustMuslImageProps, binaryNames: string[]): RustMuslImage {
    const builder = new RustMuslImage(props);
    builder.requestedBinaries = [...binaryNames];
    return builder;
  }

  /** The crate directory as given. */
  public readonly crateDirectory: string;
  /**
   * The build context directory, when it was given.
   * @default - the workspace root
   */
  public readonly buildContextDirectory?: string;
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
  /** Digests to pin image references with, by reference. */
  public readonly imageDigests: { [imageReference: string]: string };
  /** Whether `imageDigests` was given (then unpinned images are warned about). */
  public readonly pinningRequested: boolean;
  /** Secrets the dependency fetch step reads. */
  public readonly buildSecrets: BuildSecret[];
  /**
   * The SSH agent of the dependency fetch step.
   * @default - none
   */
  public readonly sshAgent?: SshAgent;
  /** Whether the image ships an SBOM of the Rust dependencies. */
  public readonly sbom: boolean;
  /**
   * The source revision label.
   * @default - none
   */
  public readonly sourceRevision?: string;
  /** Whether `crossCompilation` was left to its default. @internal */
  public readonly _crossCompilationDefaulted: boolean;
  private readonly props: RustMuslImageProps;
  private readonly requestedBinary?: string;
  private requestedBinaries?: string[];
  private readonly requestedLocked?: boolean;
  private manifestCache?: CargoManifest;
  private binaryCache?: CargoBinary;

  constructor(props: RustMuslImageProps) {
    this.props = props;
    this.crateDirectory = props.crateDirectory;
    this.buildContextDirectory = props.buildContextDirectory;
    this.architecture = props.architecture ?? DEFAULT_ARCHITECTURE;
    if (!Architecture.all().includes(this.architecture)) {
      throw invalidValue('architecture', this.architecture, 'expected Architecture.X86_64 or Architecture.ARM64', 'Use one of the Architecture constants.');
    }
    this.linkage = props.linkage ?? Linkage.MUSL;
    if (!Object.values(Linkage).includes(this.linkage)) {
      throw invalidValue('linkage', this.linkage, `expected one of ${Object.values(Linkage).join(', ')}`, 'Use Linkage.MUSL or Linkage.GLIBC_STATIC.');
    }
    this.toolchain = props.toolchain ?? RustToolchain.latest();
    this.profile = props.profile ?? ReleaseProfile.optimized();
    this.dependencyCaching = props.dependencyCaching ?? DependencyCaching.skeleton();
    this.multiPlatform = props.multiPlatform ?? false;
    // Never emulate silently: anything but a single x86_64 image cross-compiles on the build host.
    const crossCapable = this.multiPlatform || this.architecture !== Architecture.X86_64;
    this._crossCompilationDefaulted = props.crossCompilation === undefined;
    this.crossCompilation = props.crossCompilation
      ?? (crossCapable ? defaultCrossCompilation(this.toolchain) : CrossCompilation.none());
    this.features = [...(props.features ?? [])];
    this.noDefaultFeatures = props.noDefaultFeatures ?? false;
    this.cargoArgs = [...(props.cargoArgs ?? [])];
    this.rustFlags = [...(props.rustFlags ?? [])];
    this.buildPackages = [...(props.buildPackages ?? [])];
    this.buildEnvironment = { ...(props.buildEnvironment ?? {}) };
    this.imageDigests = { ...(props.imageDigests ?? {}) };
    this.pinningRequested = props.imageDigests !== undefined;
    this.sbom = props.sbom ?? true;
    this.buildSecrets = (props.buildSecrets ?? []).map((secret) => ({ ...secret }));
    this.sshAgent = props.sshAgent ? { ...props.sshAgent, knownHosts: [...(props.sshAgent.knownHosts ?? [])] } : undefined;
    this.sourceRevision = props.sourceRevision;
    this.requestedBinary = props.binaryName;
    this.requestedLocked = props.locked;
    this.validate();
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
    this.manifestCache ??= CargoManifest.fromDirectory(this.crateDirectory, { buildContextDirectory: this.buildContextDirectory });
    return this.manifestCache;
  }

  /** The package and binary that are built (inferred when `binaryName` is not set; the first of a workspace build). */
  public get binary(): CargoBinary {
    this.binaryCache ??= this.manifest.resolveBinary(this.requestedBinary ?? this.requestedBinaries?.[0]);
    return this.binaryCache;
  }

  /** Every binary the build compiles: `binary`, or each service of a workspace build. */
  public get binaries(): CargoBinary[] {
    return this.requestedBinaries ? this.requestedBinaries.map((name) => this.manifest.resolveBinary(name)) : [this.binary];
  }

  /** The same build, seen from one of its binaries (for that service's runtime stage). @internal */
  public _forBinary(binaryName: string): RustMuslImage {
    const view = new RustMuslImage({ ...this.props, binaryName });
    view.manifestCache = this.manifest;
    return view;
  }

  /** Whether `cargo build` runs with `--locked`. */
  public get locked(): boolean {
    const hasLockfile = this.manifest.hasLockfile;
    if (this.requestedLocked === true && !hasLockfile) {
      throw invalidValue('locked', true, `there is no Cargo.lock in ${this.manifest.rootDirectory}`, 'Run `cargo generate-lockfile` and commit Cargo.lock, or leave locked unset.');
    }
    return this.requestedLocked ?? hasLockfile;
  }

  /** The image reference to render for `reference`: with its digest from `imageDigests` when one is given. */
  public pinned(reference: string): string {
    // Own keys only: a reference such as "constructor" is no key of the map's prototype.
    const digest = Object.prototype.hasOwnProperty.call(this.imageDigests, reference) ? this.imageDigests[reference] : undefined;
    return digest === undefined || reference.includes('@') ? reference : `${reference}@${digest}`;
  }

  private validate(): void {
    if (typeof this.crateDirectory !== 'string' || this.crateDirectory === '') {
      throw invalidValue('crateDirectory', this.crateDirectory, 'expected the path of the crate directory', 'Set crateDirectory to a directory that contains Cargo.toml.');
    }
    if (this.requestedBinary !== undefined) {
      assertCargoName(this.requestedBinary, 'binaryName', true);
    }
    this.features.forEach((f, i) => assertFeatureName(f, `features[${i}]`));
    this.buildPackages.forEach((p, i) => assertMatches(p, PACKAGE, `buildPackages[${i}]`, 'a package name such as "pkg-config"'));
    this.rustFlags.forEach((flag, i) => {
      assertSingleLine(flag, `rustFlags[${i}]`);
      if (flag === '' || /\s/.test(flag)) {
        throw invalidValue(`rustFlags[${i}]`, flag, 'cargo splits RUSTFLAGS on whitespace, so this element would become several flags (or none)', 'Pass each flag and each value as its own element, e.g. ["-C", "target-cpu=neoverse-n1"].');
      }
    });
    this.validateCargoArgs();
    this.validatePrivateDependencies();
    if (this.sourceRevision !== undefined) {
      assertMatches(this.sourceRevision, /^[A-Za-z0-9._\/:@+-]{1,128}$/, 'sourceRevision', 'a revision such as a git commit id (letters, digits and ._/:@+-, up to 128)');
    }
    for (const [name, value] of Object.entries(this.buildEnvironment)) {
      assertMatches(name, /^[A-Za-z_][A-Za-z0-9_]{0,254}$/, 'buildEnvironment name', 'a variable name of letters, digits and "_"');
      assertSingleLine(value, `buildEnvironment.${name}`);
      const reserved = RESERVED_BUILD_VARIABLES.find(([pattern]) => pattern.test(name));
      if (reserved) {
        throw invalidValue(`buildEnvironment.${name}`, value, 'the builder sets this variable itself, and overriding it would silently change what is built', reserved[1]);
      }
    }
    for (const [reference, digest] of Object.entries(this.imageDigests)) {
      assertImageReference(reference, 'imageDigests key');
      assertMatches(digest, /^sha256:[a-f0-9]{64}$/, `imageDigests["${reference}"]`, 'a digest "sha256:" followed by 64 lower-case hex digits');
    }
    if (this.linkage === Linkage.GLIBC_STATIC && this.toolchain.muslHost) {
      throw invalidValue('linkage', this.linkage, `the toolchain ${this.toolchain.image} is musl-based and cannot link glibc`, 'Use Linkage.MUSL with an Alpine toolchain, or RustToolchain.of(version) for static glibc.');
    }
    // The cross approach's and the caching strategy's own checks: what they cannot honour fails here, not at render time.
    crossStrategyOf(this.crossCompilation).validate?.(this);
    cachingStrategyOf(this.dependencyCaching).validate?.(this);
  }

  /** Whether the dependencies are fetched in a step of their own, with secrets or an SSH agent. */
  public get fetchesPrivately(): boolean {
    return this.buildSecrets.length > 0 || this.sshAgent !== undefined;
  }

  private validatePrivateDependencies(): void {
    const ids = new Set<string>();
    this.buildSecrets.forEach((secret, i) => {
      assertMatches(secret.id, /^[A-Za-z0-9._-]{1,64}$/, `buildSecrets[${i}].id`, 'an id of letters, digits, ".", "_" and "-"');
      if (ids.has(secret.id)) throw invalidValue(`buildSecrets[${i}].id`, secret.id, 'another secret has this id', 'Give every secret its own id.');
      ids.add(secret.id);
      if (secret.environmentVariable !== undefined) {
        assertMatches(secret.environmentVariable, /^[A-Z_][A-Z0-9_]{0,127}$/, `buildSecrets[${i}].environmentVariable`, 'an upper-case variable name such as "CARGO_REGISTRIES_PRIVATE_TOKEN"');
      }
      if (secret.sourceFile !== undefined) assertSingleLine(secret.sourceFile, `buildSecrets[${i}].sourceFile`);
    });
    const ssh = this.sshAgent;
    if (ssh) {
      assertMatches(ssh.id ?? 'default', /^[A-Za-z0-9._-]{1,64}$/, 'sshAgent.id', 'an id of letters, digits, ".", "_" and "-"');
      (ssh.keys ?? []).forEach((key, i) => {
        assertSingleLine(key, `sshAgent.keys[${i}]`);
        if (key === '' || /[,=]/.test(key)) throw invalidValue(`sshAgent.keys[${i}]`, key, 'a key path cannot be empty or hold "," or "=", which separate the --ssh value', 'Use a plain file path.');
      });
      if (ssh.knownHosts.length === 0) {
        throw invalidValue('sshAgent.knownHosts', ssh.knownHosts, 'git over SSH verifies host keys, and none is given', 'Pass the known_hosts lines of your git hosts (e.g. `ssh-keyscan github.com`, checked against the host\'s published fingerprints).');
      }
      ssh.knownHosts.forEach((line, i) => {
        assertSingleLine(line, `sshAgent.knownHosts[${i}]`);
        if (!/^\S+ (ssh-|ecdsa-|sk-)\S* \S+/.test(line)) {
          throw invalidValue(`sshAgent.knownHosts[${i}]`, line, 'expected a known_hosts line: "<host> <key type> <base64 key>"', 'Copy the line from `ssh-keyscan <host>`.');
        }
      });
    }
  }

  private validateCargoArgs(): void {
    this.cargoArgs.forEach((arg, i) => {
      assertSingleLine(arg, `cargoArgs[${i}]`);
      const flag = arg.split('=')[0];
      if (OWNED_CARGO_FLAGS.includes(flag) || /^-[pF]./.test(arg)) {
        throw invalidValue(`cargoArgs[${i}]`, arg, `the builder sets ${flag} itself (target, profile, package, binary, features and --locked come from their own options)`, 'Use the matching option (architecture, linkage, profile, binaryName, features, locked) instead.');
      }
      const config = flag === '--config' ? (arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : this.cargoArgs[i + 1]) : undefined;
      if (config !== undefined && OWNED_CONFIG_KEYS.test(config.trim())) {
        throw invalidValue(`cargoArgs[${i}]`, arg, `--config ${config} changes the target, its directory, flags, linker or release profile, which the builder owns`, 'Use architecture, linkage, rustFlags, crossCompilation or profile instead.');
      }
    });
  }
}

/** The cross approach for a foreign or multi-platform build: Debian's cross gcc where apt exists, else zig. */
function defaultCrossCompilation(toolchain: RustToolchain): CrossCompilation {
  return toolchain.packageManager === OsPackageManager.APT ? CrossCompilation.gcc() : CrossCompilation.zigbuild();
}
