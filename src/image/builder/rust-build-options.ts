import { BuildSecret, SshAgent } from './private-dependencies';
import { Architecture, Linkage } from '../../model/architecture';
import { CrossCompilation } from '../../model/cross-compilation';
import { DependencyCaching } from '../../model/dependency-caching';
import { ReleaseProfile } from '../../model/release-profile';
import { RustToolchain } from '../../model/rust-toolchain';

/** The architecture of an image unless told otherwise (`RustBuildOptions.architecture`). */
export const DEFAULT_ARCHITECTURE = Architecture.X86_64;

/**
 * How the service binary is built: the options every front end shares
 * (`RustMuslImage`, `RustServiceImage`, `RustWorkspaceServices`,
 * `RustDockerfiles`, `RustWorkspaceDockerfile`,
 * `RustServiceProject.buildOptions`). Which binary to build is named by each
 * front end: `binaryName`, or the `services` of a workspace build.
 */
export interface RustBuildOptions {
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
   * @default RustToolchain.latest() (rust:<default version>-trixie)
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
   * Extra arguments for `cargo build` (each one word; those the builder
   * owns, such as `--target`, `--release` or `--bin`, are refused).
   * @default - none
   */
  readonly cargoArgs?: string[];
  /**
   * Extra `RUSTFLAGS`, one flag or value per element (they replace
   * `rustflags` from `.cargo/config.toml`).
   * @default - none
   */
  readonly rustFlags?: string[];
  /**
   * Environment variables of the build stages (variables the builder sets
   * itself are refused).
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
   * @default - CrossCompilation.gcc() for Architecture.ARM64 and for
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
  /**
   * The Docker build context, when it must be wider than the Cargo
   * workspace: a monorepo root whose crates outside the workspace the
   * service depends on by path. Only the workspace, those crates and the
   * cargo configuration on the way are staged (CDK) or let through the
   * generated `.dockerignore` (projen).
   * @default - the workspace root (the crate directory when it is in no workspace)
   */
  readonly buildContextDirectory?: string;
  /**
   * Digests to pin image references with, by the reference the Dockerfile
   * would otherwise use (e.g. `{ 'rust:1.99.0-trixie': 'sha256:…',
   * 'gcr.io/distroless/static-debian13:nonroot': 'sha256:…' }`): every FROM
   * of a listed image is rendered `name:tag@sha256:…`. When the map is
   * given, each image left unpinned is named in a warning.
   * @default - no pinning (tags only), no warning
   */
  readonly imageDigests?: { [imageReference: string]: string };
  /**
   * Secrets the step that fetches dependencies reads (private registries'
   * tokens, git credentials); only that step sees them.
   * @default - none
   */
  readonly buildSecrets?: BuildSecret[];
  /**
   * An SSH agent for git dependencies over SSH; only the fetch step sees it.
   * @default - none
   */
  readonly sshAgent?: SshAgent;
  /**
   * Ship a CycloneDX SBOM of the Rust dependencies (from Cargo.lock) in the
   * image, at `/usr/share/sbom/<binary>.cdx.json`, with a label that points
   * to it (scanners see no crates in a static binary otherwise).
   * @default true (when there is a Cargo.lock)
   */
  readonly sbom?: boolean;
  /**
   * The source revision the image is built from (e.g. a git commit), as the
   * `org.opencontainers.image.revision` label. It is part of the image, so a
   * new value rebuilds the final stage.
   * @default - no revision label
   */
  readonly sourceRevision?: string;
}
