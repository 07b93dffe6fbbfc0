import * as path from 'path';
import { validate } from 'dockerfile-utils';
import { stageInstructions } from './docker-sim';
import { FIXTURES } from './sim-helpers';
import { DependencyCaching, DependencyCachingKind, ImageBuild, RustMuslImage, RustMuslImageProps, ScratchRuntime } from '../../../src';
import { PLACEHOLDER_VERSION } from '../../../src/model/cargo/skeleton';

/** The text of the stages from `FROM <first>` up to (not including) the runtime stage. */
function builderPart(dockerfile: string, first: string): string {
  const start = dockerfile.indexOf(`\nFROM ${first}`);
  const end = dockerfile.indexOf('\nFROM toolchain AS accounts');
  return dockerfile.slice(start + 1, end);
}

function compose(fixture: string, caching: DependencyCaching, props: Partial<RustMuslImageProps> = {}): ImageBuild {
  return new ScratchRuntime().compose(new RustMuslImage({ crateDirectory: path.join(FIXTURES, fixture), dependencyCaching: caching, ...props }));
}

const CLEAN_LIB_BIN = [
  '    for dir in /build/target/release /build/target/x86_64-unknown-linux-musl/release; do rm -rf "$dir"/.fingerprint/lib-bin-???????????????? "$dir"/build/lib-bin-???????????????? "$dir"/deps/lib_bin-???????????????? "$dir"/deps/lib_bin-????????????????.* "$dir"/deps/liblib_bin-????????????????.*; done \\',
  '    && rm -f /build/target/x86_64-unknown-linux-musl/release/lib-bin /build/target/x86_64-unknown-linux-musl/release/lib-bin.d \\',
];
const BUILD_AND_COLLECT_LIB_BIN = [
  '    && cargo build --release --locked --target x86_64-unknown-linux-musl --bin lib-bin \\',
  '    && mkdir -p /out \\',
  '    && cp /build/target/x86_64-unknown-linux-musl/release/lib-bin /out/lib-bin \\',
  '    && sh /usr/local/bin/cdk-rust-image-assert-static /out/lib-bin',
];

describe('exact render of the lib-bin fixture', () => {
  test('skeleton (the default): dependency layer from the skeleton, local crates deleted, final build', () => {
    const build = new ScratchRuntime().compose(new RustMuslImage({ crateDirectory: path.join(FIXTURES, 'lib-bin') }));
    expect(builderPart(build.dockerfile, 'toolchain AS builder')).toBe([
      'FROM toolchain AS builder',
      'WORKDIR /build',
      '# Dependency layer: normalized manifests, Cargo.lock and stub sources, computed at synth time',
      'COPY .cdk-rust-image/skeleton/ ./',
      'RUN cargo build --release --locked --target x86_64-unknown-linux-musl --bin lib-bin',
      '# The real sources; every local crate is rebuilt from them, whatever their mtimes',
      'COPY --from=sources /sources/ /build/',
      'RUN \\',
      ...CLEAN_LIB_BIN,
      ...BUILD_AND_COLLECT_LIB_BIN,
      '',
    ].join('\n'));
    expect(build.supportFiles.filter((f) => f.path.startsWith('.cdk-rust-image/skeleton/'))).toEqual([
      { path: '.cdk-rust-image/skeleton/Cargo.lock', content: 'version = 4\n\n[[package]]\nname = "lib-bin"\nversion = "0.0.0"\n' },
      { path: '.cdk-rust-image/skeleton/Cargo.toml', content: '[package]\nname = "lib-bin"\nversion = "0.0.0"\nedition = "2021"\n\n[dependencies]\n' },
      { path: '.cdk-rust-image/skeleton/src/lib.rs', content: '' },
      { path: '.cdk-rust-image/skeleton/src/main.rs', content: 'fn main() {}\n' },
    ]);
  });

  test('cacheMounts: one RUN with registry, git and per-triple target caches, binary copied out in it', () => {
    const build = compose('lib-bin', DependencyCaching.cacheMounts());
    expect(builderPart(build.dockerfile, 'toolchain AS builder')).toBe([
      'FROM toolchain AS builder',
      '# Registry, git checkouts and target directory live in BuildKit caches (local builds; empty on fresh CI runners)',
      'WORKDIR /build',
      'COPY --from=sources /sources/ ./',
      'RUN --mount=type=cache,id=cdk-rust-image-cargo-registry,target=/usr/local/cargo/registry,sharing=locked'
        + ' --mount=type=cache,id=cdk-rust-image-cargo-git,target=/usr/local/cargo/git,sharing=locked'
        + ' --mount=type=cache,id=cdk-rust-image-target-lib-bin-x86_64-unknown-linux-musl,target=/build/target,sharing=locked \\',
      ...CLEAN_LIB_BIN,
      ...BUILD_AND_COLLECT_LIB_BIN,
      '',
    ].join('\n'));
  });

  test('cacheMounts follows CARGO_HOME from buildEnvironment', () => {
    const build = compose('lib-bin', DependencyCaching.cacheMounts(), { buildEnvironment: { CARGO_HOME: '/opt/cargo' } });
    expect(build.dockerfile).toContain('target=/opt/cargo/registry,sharing=locked');
    expect(build.dockerfile).toContain('target=/opt/cargo/git,sharing=locked');
  });

  test('cargoChef: pinned install, planner, cook with the final build\'s flags', () => {
    const build = compose('lib-bin', DependencyCaching.cargoChef('0.1.71'));
    expect(builderPart(build.dockerfile, 'toolchain AS chef')).toBe([
      'FROM toolchain AS chef',
      'RUN CARGO_TARGET_DIR=/tmp/cargo-chef cargo install --locked cargo-chef --version 0.1.71 && rm -rf /tmp/cargo-chef',
      'WORKDIR /build',
      '',
      'FROM chef AS planner',
      'COPY --from=sources /sources/ ./',
      'RUN cargo chef prepare --recipe-path /build/recipe.json',
      '',
      'FROM toolchain AS healthcheck',
      '# A tiny static HTTP probe for images without curl or wget, built for size',
      'ENV CARGO_PROFILE_RELEASE_OPT_LEVEL="z"',
      'ENV CARGO_PROFILE_RELEASE_LTO="fat"',
      'ENV CARGO_PROFILE_RELEASE_CODEGEN_UNITS="1"',
      'ENV CARGO_PROFILE_RELEASE_PANIC="abort"',
      'ENV CARGO_PROFILE_RELEASE_STRIP="symbols"',
      'WORKDIR /healthcheck',
      'COPY .cdk-rust-image/healthcheck/ ./',
      'RUN \\',
      '    cargo build --release --locked --target x86_64-unknown-linux-musl \\',
      '    && mkdir -p /out \\',
      '    && cp /build/target/x86_64-unknown-linux-musl/release/healthcheck /out/healthcheck \\',
      '    && sh /usr/local/bin/cdk-rust-image-assert-static /out/healthcheck',
      '',
      'FROM chef AS builder',
      'COPY --from=planner /build/recipe.json /build/recipe.json',
      'RUN cargo chef cook --release --locked --target x86_64-unknown-linux-musl --bin lib-bin --recipe-path /build/recipe.json',
      'COPY --from=sources /sources/ /build/',
      'RUN \\',
      ...CLEAN_LIB_BIN,
      ...BUILD_AND_COLLECT_LIB_BIN,
      '',
    ].join('\n'));
  });

  test('cargoChef at the default version: the prebuilt x86_64 archive, checked against its pinned SHA-256, else cargo install --locked', () => {
    const build = compose('lib-bin', DependencyCaching.cargoChef());
    expect(builderPart(build.dockerfile, 'toolchain AS chef').split('\n').slice(0, 5)).toEqual([
      'FROM toolchain AS chef',
      'RUN \\',
      '    case "$(uname -m)" in x86_64) curl -fsSL -o /tmp/cargo-chef.tar.xz https://github.com/LukeMathWalker/cargo-chef/releases/download/v0.1.78/cargo-chef-x86_64-unknown-linux-musl.tar.xz '
        + '&& echo \'aca691abfbfbbe00d482e0ed2249eec3091b65e96a0ce92947fb5b254d48b16d  /tmp/cargo-chef.tar.xz\' | sha256sum -c - '
        + '&& tar -xJf /tmp/cargo-chef.tar.xz -C /usr/local/bin --strip-components=1 --wildcards \'*/cargo-chef\' && rm /tmp/cargo-chef.tar.xz ;; '
        + '*) CARGO_TARGET_DIR=/tmp/cargo-chef cargo install --locked cargo-chef --version 0.1.78 && rm -rf /tmp/cargo-chef ;; esac \\',
      '    && command -v cargo-chef',
      'WORKDIR /build',
    ]);
  });

  test('none: the sources, one build, nothing cached', () => {
    const build = compose('lib-bin', DependencyCaching.none());
    expect(builderPart(build.dockerfile, 'toolchain AS builder')).toBe([
      'FROM toolchain AS builder',
      'WORKDIR /build',
      'COPY --from=sources /sources/ ./',
      'RUN \\',
      '    cargo build --release --locked --target x86_64-unknown-linux-musl --bin lib-bin \\',
      ...BUILD_AND_COLLECT_LIB_BIN.slice(1),
      '',
    ].join('\n'));
    expect(build.supportFiles.some((f) => f.path.includes('skeleton'))).toBe(false);
  });
});

interface FixtureCase { readonly crate: string; readonly binaryName?: string; readonly bin: string }
const FIXTURE_CASES: Record<string, FixtureCase> = {
  'single crate': { crate: 'single', bin: 'single' },
  'lib+bin': { crate: 'lib-bin', bin: 'lib-bin' },
  'several bins': { crate: 'multi-bin', binaryName: 'worker', bin: 'worker' },
  'custom bin path': { crate: 'custom-bin-path', bin: 'server' },
  'build.rs': { crate: 'build-script', bin: 'build-script' },
  'workspace with a member binary': { crate: 'workspace-member/crates/api', bin: 'member-api' },
  'virtual manifest, path dependency between members, example and bench': { crate: 'virtual-workspace', bin: 'virtual-server' },
  'path dependency with a version, examples, benches and tests': { crate: 'path-deps', bin: 'path-deps' },
};
const STRATEGIES: Record<string, () => DependencyCaching> = {
  skeleton: () => DependencyCaching.skeleton(),
  cacheMounts: () => DependencyCaching.cacheMounts(),
  cargoChef: () => DependencyCaching.cargoChef(),
  none: () => DependencyCaching.none(),
};

describe.each(Object.entries(STRATEGIES))('%s on every fixture', (_strategy, caching) => {
  test.each(Object.entries(FIXTURE_CASES))('%s', (_name, c) => {
    const builder = new RustMuslImage({ crateDirectory: path.join(FIXTURES, c.crate), binaryName: c.binaryName, dependencyCaching: caching() });
    const build = new ScratchRuntime().compose(builder);
    const text = build.dockerfile;
    expect(validate(text)).toEqual([]);
    // Only what Docker 20.10's built-in BuildKit frontend understands.
    expect(text).not.toMatch(/<<|COPY --link|--chmod|^# syntax=/m);

    const stages = [...text.matchAll(/^FROM .* AS (\S+)$/gm)].map((m) => m[1]);
    const builderStage = stageInstructions(text, ['builder', 'chef']).join('\n');
    const builds = [...builderStage.matchAll(/cargo (?:chef cook|build) (--release[^&]*?)(?: --recipe-path \/build\/recipe\.json)?(?= &&|$|\n)/gm)].map((m) => m[1].trim());
    const finalBuild = `--release --locked --target x86_64-unknown-linux-musl${builder.manifest.isWorkspace ? ` --package ${builder.binary.packageName}` : ''} --bin ${c.bin}`;
    // The dependency build (if any) and the final build use the same arguments.
    expect(new Set(builds)).toEqual(new Set([finalBuild]));
    expect(builderStage).toContain(`cp /build/target/x86_64-unknown-linux-musl/release/${c.bin} /out/${c.bin}`);
    expect(builderStage).toContain(`sh /usr/local/bin/cdk-rust-image-assert-static /out/${c.bin}`);

    const kind = builder.dependencyCaching.kind;
    expect(builds).toHaveLength(kind === DependencyCachingKind.NONE || kind === DependencyCachingKind.CACHE_MOUNTS ? 1 : 2);
    if (kind !== DependencyCachingKind.NONE) {
      // Every local package's fingerprints go before the final build.
      for (const pkg of builder.manifest.packages) {
        expect(builderStage).toContain(`"$dir"/.fingerprint/${pkg.name}-${'?'.repeat(16)}`);
      }
    }
    if (kind === DependencyCachingKind.CARGO_CHEF) {
      expect(stages).toEqual(['toolchain', 'sources', 'chef', 'planner', 'healthcheck', 'builder', 'accounts', 'runtime']);
    }
    if (kind === DependencyCachingKind.CACHE_MOUNTS) {
      expect(builderStage).toMatch(/--mount=type=cache,id=cdk-rust-image-target-[a-z-]+-x86_64-unknown-linux-musl,target=\/build\/target,sharing=locked/);
    }
    if (kind === DependencyCachingKind.SKELETON) {
      const skeleton = new Map(build.supportFiles.filter((f) => f.path.startsWith('.cdk-rust-image/skeleton/'))
        .map((f) => [f.path.slice('.cdk-rust-image/skeleton/'.length), f.content]));
      for (const pkg of builder.manifest.packages) {
        expect(skeleton.get(pkg.manifestPath)).toMatch(new RegExp(`name = "${pkg.name}"`));
        for (const target of pkg.targets) {
          expect(skeleton.has(path.posix.normalize(path.posix.join(pkg.directory, target.path)))).toBe(true);
        }
      }
      expect(skeleton.get('Cargo.lock')).not.toMatch(/version = "0\.1\.0"/);
      expect(skeleton.get('Cargo.lock')).toContain(`version = "${PLACEHOLDER_VERSION}"`);
    }
  });
});

describe('skeleton normalization', () => {
  test('drops comments and metadata, unversions path dependencies, keeps what changes the build', () => {
    const build = compose('path-deps', DependencyCaching.skeleton());
    const manifest = build.supportFiles.find((f) => f.path === '.cdk-rust-image/skeleton/Cargo.toml')!.content;
    expect(manifest).toBe([
      '[package]',
      'name = "path-deps"',
      'version = "0.0.0"',
      'edition = "2021"',
      '',
      '[dependencies.path-util]',
      'path = "libs/util"',
      '',
      '[[example]]',
      'name = "demo"',
      '',
      '[[bench]]',
      'name = "throughput"',
      'harness = false',
      '',
    ].join('\n'));
  });

  test('workspace-inherited versions stay inherited and the workspace version becomes the placeholder', () => {
    const build = compose('workspace-member/crates/api', DependencyCaching.skeleton());
    const files = new Map(build.supportFiles.map((f) => [f.path, f.content]));
    expect(files.get('.cdk-rust-image/skeleton/Cargo.toml')).toContain('[workspace.package]\nversion = "0.0.0"\n');
    expect(files.get('.cdk-rust-image/skeleton/crates/api/Cargo.toml')).toContain('[package.version]\nworkspace = true\n');
    // The excluded member is not part of the skeleton.
    expect([...files.keys()].some((p) => p.includes('experimental'))).toBe(false);
  });

  test('same manifests, byte-identical skeleton', () => {
    const a = compose('virtual-workspace', DependencyCaching.skeleton());
    const b = compose('virtual-workspace', DependencyCaching.skeleton());
    expect(a.dockerfile).toBe(b.dockerfile);
    expect(a.supportFiles).toEqual(b.supportFiles);
  });
});

describe('DependencyCaching values', () => {
  test('cargoChef pins the default version and rejects ranges', () => {
    expect(DependencyCaching.cargoChef().cargoChefVersion).toBe(DependencyCaching.DEFAULT_CARGO_CHEF_VERSION);
    expect(() => DependencyCaching.cargoChef('^0.1')).toThrow(new Error(
      'Invalid cargoChef version "^0.1": expected an exact version such as "0.1.78". Change cargoChef version to an exact version such as "0.1.78".'));
  });

  test('cargoChef rejects cargoArgs, which cook cannot take, when the builder is made', () => {
    expect(() => new RustMuslImage({ crateDirectory: path.join(FIXTURES, 'lib-bin'), dependencyCaching: DependencyCaching.cargoChef(), cargoArgs: ['--timings'] }))
      .toThrow(new Error('Invalid cargoArgs ["--timings"]: cargo chef cook accepts only cargo build\'s common flags, so the dependency build could not use the same arguments '
        + 'as the final build. Remove cargoArgs (use features, profile or buildEnvironment), or use DependencyCaching.skeleton().'));
  });

  test('cargoChef rejects build secrets and an SSH agent, which cook would hand to every build script, when the builder is made', () => {
    const knownHosts = ['github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl'];
    for (const privateFetch of [{ buildSecrets: [{ id: 'token' }] }, { sshAgent: { knownHosts } }]) {
      expect(() => new RustMuslImage({ crateDirectory: path.join(FIXTURES, 'lib-bin'), dependencyCaching: DependencyCaching.cargoChef(), ...privateFetch }))
        .toThrow(new Error('Invalid dependencyCaching "cargoChef": cargo chef cook fetches and builds dependencies in one step, so the build secrets and SSH agent would reach every build script. '
          + 'Use DependencyCaching.skeleton() (the default), which fetches in a step of its own.'));
    }
  });

  test('the default strategy is skeleton', () => {
    expect(new RustMuslImage({ crateDirectory: path.join(FIXTURES, 'single') }).dependencyCaching.kind).toBe(DependencyCachingKind.SKELETON);
  });
});
