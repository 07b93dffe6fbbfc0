import { invalidValue } from '../../core/errors';
import { shellQuote } from '../../core/shell';
import { Dockerfile, DockerfileStage } from '../../dockerfile/dockerfile';
import { Linkage } from '../../model/architecture';
import { OsPackageManager } from '../../model/rust-toolchain';
import { ASSERT_STATIC, TARGET_DIR } from '../builder/layout';
import { ASSERT_STATIC_FILE } from '../context/support-files';
import { crossSetup } from '../cross/registry';
import type { RustMuslImage } from '../rust-musl-image';

/** Name of the stage every build stage starts from. */
export const TOOLCHAIN_STAGE = 'toolchain';

/**
 * The variables the toolchain stage sets: target directory, release
 * profile, RUSTFLAGS, and the cross approach's compilers and linkers. A
 * `buildEnvironment` entry may not override one of them.
 */
export function builderEnvironment(builder: RustMuslImage): { [name: string]: string } {
  const env: { [name: string]: string } = {
    ...crossSetup(builder).environment,
    CARGO_TARGET_DIR: TARGET_DIR,
    ...builder.profile.environment(),
  };
  const rustFlags = [...(builder.linkage === Linkage.GLIBC_STATIC ? ['-C', 'target-feature=+crt-static'] : []), ...builder.rustFlags];
  if (rustFlags.length > 0) {
    env.RUSTFLAGS = rustFlags.join(' ');
  }
  return env;
}

/** The toolchain stage: builder image, OS packages, cross tools, Rust targets, profile and flags. */
export function renderToolchainStage(dockerfile: Dockerfile, builder: RustMuslImage): DockerfileStage {
  const toolchain = builder.toolchain;
  const cross = builder.crossCompilation;
  const setup = crossSetup(builder);
  const triples = builder.architectures.map((a) => a.rustTarget(builder.linkage));
  const stage = dockerfile.addStage({ image: builder.pinned(toolchain.image), name: TOOLCHAIN_STAGE, ...(cross.onBuildPlatform ? { platform: '$BUILDPLATFORM' } : {}) })
    .comment(`Rust toolchain for ${triples.join(', ')}${cross.onBuildPlatform ? ` (runs on the build host, cross-compiles with ${cross.kind})` : ''}`);

  const packages = [...osPackagesFor(builder), ...setup.packages, ...builder.buildPackages];
  if (packages.length > 0) {
    const pkgs = packages.map((p) => shellQuote(p, 'buildPackages')).join(' ');
    switch (toolchain.packageManager) {
      case OsPackageManager.APT:
        stage.run([
          ...(setup.debianArchitectures.length > 0 ? [addArchitectures(setup.debianArchitectures)] : []),
          'apt-get update',
          `apt-get install -y --no-install-recommends ${pkgs}`,
          'rm -rf /var/lib/apt/lists/*',
        ]);
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
    stage.run([`rustup target add ${missing.map((t) => shellQuote(t, 'target')).join(' ')}`]);
  }
  if (builder.sshAgent) {
    // Host keys of the git hosts, for every user (git's SSH client always verifies them).
    stage.run(['mkdir -p /etc/ssh', `printf '%s\\n' ${builder.sshAgent.knownHosts.map((l) => shellQuote(l, 'sshAgent.knownHosts')).join(' ')} >> /etc/ssh/ssh_known_hosts`]);
  }
  // Tools are installed before the profile variables, so `cargo install` is not built with the service's flags.
  for (const commands of setup.installCommands) stage.run(commands);
  const own = builderEnvironment(builder);
  for (const name of Object.keys(builder.buildEnvironment)) {
    if (Object.prototype.hasOwnProperty.call(own, name)) {
      throw invalidValue(`buildEnvironment.${name}`, builder.buildEnvironment[name], `the builder sets ${name} itself (to ${JSON.stringify(own[name])})`, 'Remove it from buildEnvironment; choose the behaviour with crossCompilation, profile or rustFlags.');
    }
  }
  // Spread, not Object.assign: a key such as "__proto__" must stay a variable.
  for (const [name, value] of Object.entries({ ...own, ...builder.buildEnvironment })) {
    stage.env(name, value);
  }
  stage.copy([ASSERT_STATIC_FILE.path], ASSERT_STATIC);
  return stage;
}

/** Enables the foreign architectures whose packages the cross approach installs (the build host's own needs nothing). */
function addArchitectures(arches: string[]): string {
  const list = arches.map((a) => shellQuote(a, 'architecture')).join(' ');
  return `for arch in ${list}; do if [ "$arch" != "$(dpkg --print-architecture)" ]; then dpkg --add-architecture "$arch"; fi; done`;
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
