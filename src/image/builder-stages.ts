import { RustMuslImage } from './rust-musl-image';
import { ASSERT_STATIC_FILE, PROBE_DIR, probeSupportFiles, SupportFile } from './support-files';
import { Dockerfile, DockerfileStage } from '../dockerfile/dockerfile';
import { invalidValue, quote, QuoteContext } from '../dockerfile/quote';
import { Linkage } from '../model/architecture';
import { OptLevel, ReleaseProfile } from '../model/release-profile';
import { OsPackageManager } from '../model/rust-toolchain';
import { crossPackages, renderCrossTools } from './cross/cross-tools';

/** Where the build happens and where finished binaries are collected. */
export const BUILD_DIR = '/build';
export const TARGET_DIR = '/build/target';
export const OUT_DIR = '/out';
export const CA_CERTIFICATES = '/etc/ssl/certs/ca-certificates.crt';

/** What the builder stages leave for the runtime stage. @internal */
export interface BuilderOutput {
  /** Stage that holds the binary and the CA bundle. */
  readonly builderStage: string;
  /** Absolute path of the binary in that stage. */
  readonly binaryPath: string;
  /** Stage and path of the health check probe, when one was built. */
  readonly probeStage?: string;
  readonly probePath?: string;
  readonly supportFiles: SupportFile[];
  readonly warnings: string[];
}

const sh = (value: string, prop: string) => quote(value, QuoteContext.SHELL, prop);

/** Path of a release artifact for `triple`. */
export function artifactPath(triple: string, name: string): string {
  return `${TARGET_DIR}/${triple}/release/${name}`;
}

/** Where the static-binary check script sits in the toolchain stage. */
export const ASSERT_STATIC = '/usr/local/bin/cdk-rust-image-assert-static';

/**
 * Fails the build when `binary` has a program interpreter or needs shared
 * libraries: in scratch/distroless such a binary dies with the baffling
 * "no such file or directory".
 */
export function staticCheckCommands(binary: string): string[] {
  return [`sh ${ASSERT_STATIC} ${sh(binary, 'binary path')}`];
}

/** The toolchain stage: builder image, OS packages, cross tools, Rust targets, profile and flags. */
export function renderToolchainStage(dockerfile: Dockerfile, builder: RustMuslImage): DockerfileStage {
  const toolchain = builder.toolchain;
  const cross = builder.crossCompilation;
  const triples = builder.architectures.map((a) => a.rustTarget(builder.linkage));
  const stage = dockerfile.addStage({ image: toolchain.image, name: 'toolchain', ...(cross.onBuildPlatform ? { platform: '$BUILDPLATFORM' } : {}) })
    .comment(`Rust toolchain for ${triples.join(', ')}${cross.onBuildPlatform ? ` (runs on the build host, cross-compiles with ${cross.kind})` : ''}`);

  const packages = [...osPackagesFor(builder), ...crossPackages(builder), ...builder.buildPackages];
  if (packages.length > 0) {
    const pkgs = packages.map((p) => sh(p, 'buildPackages')).join(' ');
    switch (toolchain.packageManager) {
      case OsPackageManager.APT:
        stage.run(['apt-get update', `apt-get install -y --no-install-recommends ${pkgs}`, 'rm -rf /var/lib/apt/lists/*']);
        break;
      case OsPackageManager.APK:
        stage.run([`apk add --no-cache ${pkgs}`]);
        break;
      case OsPackageManager.NONE:
        if (builder.buildPackages.length > 0) {
          throw invalidValue('buildPackages', builder.buildPackages, `the toolchain image ${toolchain.image} declares no package manager`, 'Install the packages in your builder image, or pass packageManager to RustToolchain.custom().');
        }
        break;
    }
  }
  const crossCompiling = cross.onBuildPlatform || builder.multiPlatform;
  const missing = triples.filter((t) => toolchain.needsTargetInstall(t, crossCompiling));
  if (missing.length > 0) {
    stage.run([`rustup target add ${missing.map((t) => sh(t, 'target')).join(' ')}`]);
  }
  renderCrossTools(stage, builder, triples);
  const env: Record<string, string> = {
    CARGO_TARGET_DIR: TARGET_DIR,
    ...builder.profile.environment(),
  };
  const rustFlags = [...(builder.linkage === Linkage.GLIBC_STATIC ? ['-C', 'target-feature=+crt-static'] : []), ...builder.rustFlags];
  if (rustFlags.length > 0) {
    env.RUSTFLAGS = rustFlags.join(' ');
  }
  // Spread, not Object.assign: a key such as "__proto__" must stay a variable.
  for (const [name, value] of Object.entries({ ...env, ...builder.buildEnvironment })) {
    stage.env(name, value);
  }
  stage.copy([ASSERT_STATIC_FILE.path], ASSERT_STATIC);
  return stage;
}

function osPackagesFor(builder: RustMuslImage): string[] {
  // musl-gcc only targets the host; the cross approaches bring their own C toolchain.
  if (builder.linkage !== Linkage.MUSL || builder.crossCompilation.onBuildPlatform) return [];
  switch (builder.toolchain.packageManager) {
    case OsPackageManager.APT: return ['musl-tools'];
    case OsPackageManager.APK: return ['musl-dev'];
    case OsPackageManager.NONE: return [];
  }
}

/**
 * The arguments of `cargo build` (`cargo zigbuild` when cross-compiling with
 * zig) for the service binary (unquoted), for `triple` or, with `withTarget`
 * false, the native target. Every strategy builds its dependency layer with
 * these same arguments.
 */
export function cargoBuildArgs(builder: RustMuslImage, withTarget: boolean = true, triple: string = builder.targetTriple): string[] {
  const binary = builder.binary;
  return [
    withTarget ? builder.crossCompilation.cargoSubcommand : 'build', '--release',
    ...(builder.locked ? ['--locked'] : []),
    ...(withTarget ? ['--target', triple] : []),
    ...(builder.manifest.isWorkspace ? ['--package', binary.packageName] : []),
    '--bin', binary.binaryName,
    ...(builder.noDefaultFeatures ? ['--no-default-features'] : []),
    ...(builder.features.length > 0 ? ['--features', builder.features.join(',')] : []),
    ...builder.cargoArgs,
  ];
}

/** `cargo <args>` as one shell command. */
export function cargoCommand(args: string[]): string {
  return ['cargo', ...args.map((a) => sh(a, 'cargo argument'))].join(' ');
}

/** Copies a release artifact to /out and checks it is static. */
export function collectBinaryCommands(builder: RustMuslImage, name: string, triple: string = builder.targetTriple): string[] {
  const out = `${OUT_DIR}/${name}`;
  return [
    `mkdir -p ${OUT_DIR}`,
    `cp ${sh(artifactPath(triple, name), 'binary path')} ${sh(out, 'binary path')}`,
    ...staticCheckCommands(out),
  ];
}

// The probe's own release profile: smallest binary, whatever the service's profile.
const PROBE_PROFILE = ReleaseProfile.optimized({ optLevel: OptLevel.MIN_SIZE });

/**
 * The health check probe: a std-only crate built for the service's target
 * with its cross toolchain and a size-optimized profile, in stage
 * `healthcheck<suffix>`.
 */
export function renderProbeStage(dockerfile: Dockerfile, builder: RustMuslImage, triple: string = builder.targetTriple, suffix: string = ''): { stage: string; path: string; files: SupportFile[] } {
  const name = `healthcheck${suffix}`;
  const stage = dockerfile.addStage({ image: 'toolchain', name })
    .comment('A tiny static HTTP probe for images without curl or wget, built for size');
  for (const [key, value] of Object.entries(PROBE_PROFILE.environment())) stage.env(key, value);
  stage.workdir('/healthcheck')
    .copy([`${PROBE_DIR}/`], './')
    .run([
      cargoCommand([builder.crossCompilation.cargoSubcommand, '--release', '--locked', '--target', triple]),
      ...collectBinaryCommands(builder, 'healthcheck', triple),
    ]);
  return { stage: name, path: `${OUT_DIR}/healthcheck`, files: probeSupportFiles() };
}
