import * as path from 'path';
import {
  Architecture, CrossCompilation, DependencyCaching, DistrolessRuntime, RustMuslImage, RustMuslImageProps, ScratchRuntime,
} from '../../src';

/*
 * Build options the builder owns or cannot write safely are refused for
 * their own reason: the prop, the value, why, and what to use instead.
 */

const SINGLE = path.join(__dirname, '..', 'fixtures', 'cargo', 'single');
const compose = (props: Partial<RustMuslImageProps>) => new ScratchRuntime().compose(new RustMuslImage({ crateDirectory: SINGLE, ...props }));

describe('rustFlags: one flag or value per element', () => {
  const SPLIT = 'cargo splits RUSTFLAGS on whitespace, so this element would become several flags (or none). '
    + 'Pass each flag and each value as its own element, e.g. ["-C", "target-cpu=neoverse-n1"].';
  test.each([['-C target-cpu=native'], ['-Ctarget-cpu=native\t-g'], [''], [' ']])('%j is refused', (flag) => {
    expect(() => compose({ rustFlags: ['-g', flag] })).toThrow(new Error(`Invalid rustFlags[1] ${JSON.stringify(flag)}: ${SPLIT}`));
  });

  test('separate elements are joined into RUSTFLAGS after the linkage\'s own', () => {
    expect(compose({ rustFlags: ['-C', 'target-cpu=native'] }).dockerfile).toContain('ENV RUSTFLAGS="-C target-cpu=native"\n');
  });
});

describe('cargoArgs the builder owns', () => {
  const OWNED = 'target, profile, package, binary, features and --locked come from their own options). '
    + 'Use the matching option (architecture, linkage, profile, binaryName, features, locked) instead.';
  test.each([['--target'], ['--target=aarch64-unknown-linux-musl'], ['--release'], ['--bin'], ['-p'], ['--features=x'], ['--locked']])('%j', (arg) => {
    expect(() => compose({ cargoArgs: [arg] })).toThrow(new Error(`Invalid cargoArgs[0] ${JSON.stringify(arg)}: the builder sets ${arg.split('=')[0]} itself (${OWNED}`));
  });

  test.each([['-pother'], ['-Fx']])('%j (a short flag with its value attached)', (arg) => {
    expect(() => compose({ cargoArgs: [arg] })).toThrow(new Error(`Invalid cargoArgs[0] ${JSON.stringify(arg)}: the builder sets ${arg} itself (${OWNED}`));
  });

  test.each([
    [['--config', 'build.target-dir="elsewhere"'], 0, '--config', 'build.target-dir="elsewhere"'],
    [['--config=build.rustflags=["-Cpanic=unwind"]'], 0, '--config=build.rustflags=["-Cpanic=unwind"]', 'build.rustflags=["-Cpanic=unwind"]'],
    [['--timings', '--config', 'profile.release.lto=false'], 1, '--config', 'profile.release.lto=false'],
  ])('--config of an owned key: %j', (cargoArgs, index, element, config) => {
    expect(() => compose({ cargoArgs })).toThrow(new Error(
      `Invalid cargoArgs[${index}] ${JSON.stringify(element)}: --config ${config} changes the target, its directory, flags, linker or release profile, which the builder owns. `
      + 'Use architecture, linkage, rustFlags, crossCompilation or profile instead.'));
  });

  test('other --config keys and flags pass', () => {
    expect(compose({ cargoArgs: ['--config', 'net.git-fetch-with-cli=true', '--timings'] }).dockerfile)
      .toContain('cargo build --release --locked --target x86_64-unknown-linux-musl --bin single --config net.git-fetch-with-cli=true --timings');
  });
});

describe('buildEnvironment variables the builder sets', () => {
  test.each([
    ['CARGO_PROFILE_RELEASE_LTO', 'Set the release profile with profile (ReleaseProfile.optimized({...}) or ReleaseProfile.custom({...})).'],
    ['CARGO_BUILD_RUSTFLAGS', 'Pass the flags as rustFlags; they are added to the ones the linkage needs (e.g. +crt-static).'],
    ['CARGO_TARGET_X86_64_UNKNOWN_LINUX_MUSL_LINKER', 'The cross-compilation strategy sets the linker; choose it with crossCompilation, or use RustToolchain.custom() with an image that has your toolchain.'],
  ])('%s', (name, fix) => {
    expect(() => compose({ buildEnvironment: { [name]: 'x' } })).toThrow(new Error(
      `Invalid buildEnvironment.${name} "x": the builder sets this variable itself, and overriding it would silently change what is built. ${fix}`));
  });

  test.each<[string, Partial<RustMuslImageProps>, string]>([
    ['CC_ of the gcc cross approach', { architecture: Architecture.ARM64 }, 'CC_aarch64_unknown_linux_musl'],
    ['AR_ of the gcc cross approach', { architecture: Architecture.ARM64 }, 'AR_aarch64_unknown_linux_musl'],
    ['CFLAGS_ of the clang cross approach', { architecture: Architecture.ARM64, crossCompilation: CrossCompilation.clang() }, 'CFLAGS_aarch64_unknown_linux_musl'],
    ['CC_ of every platform of a multi-platform build', { multiPlatform: true }, 'CC_x86_64_unknown_linux_musl'],
  ])('%s', (_what, props, name) => {
    const builder = new RustMuslImage({ crateDirectory: SINGLE, ...props, buildEnvironment: { [name]: 'mine' } });
    expect(() => new ScratchRuntime().compose(builder)).toThrow(new RegExp(
      `^Invalid buildEnvironment\\.${name} "mine": the builder sets ${name} itself \\(to "[^"]+"\\)\\. Remove it from buildEnvironment; choose the behaviour with crossCompilation, profile or rustFlags\\.$`));
  });

  test('CC_ for a native x86_64 build (no cross approach sets it) is the user\'s to set', () => {
    expect(compose({ buildEnvironment: { CC_x86_64_unknown_linux_musl: 'musl-gcc' } }).dockerfile).toContain('ENV CC_x86_64_unknown_linux_musl="musl-gcc"\n');
  });

  test('a CARGO_HOME that no cache mount can name is refused as buildEnvironment.CARGO_HOME when the builder is made', () => {
    const props = { crateDirectory: SINGLE, dependencyCaching: DependencyCaching.cacheMounts(), buildEnvironment: { CARGO_HOME: '/opt/my cargo' } };
    expect(() => new RustMuslImage(props)).toThrow(new Error(
      'Invalid buildEnvironment.CARGO_HOME "/opt/my cargo": DependencyCaching.cacheMounts() mounts the registry and git caches below it, '
      + 'and a mount target may not contain spaces, commas, quotes or "=". Use a path such as "/opt/cargo", or another DependencyCaching.'));
  });
});

describe('imageDigests', () => {
  test('a digest that is not sha256 with 64 lower-case hex digits', () => {
    expect(() => compose({ imageDigests: { 'rust:1.99.0-trixie': 'sha256:ABC' } })).toThrow(new Error(
      'Invalid imageDigests["rust:1.99.0-trixie"] "sha256:ABC": expected a digest "sha256:" followed by 64 lower-case hex digits. '
      + 'Change imageDigests["rust:1.99.0-trixie"] to a digest "sha256:" followed by 64 lower-case hex digits.'));
  });

  test('a key that is no image reference', () => {
    expect(() => compose({ imageDigests: { 'Rust Latest': `sha256:${'a'.repeat(64)}` } })).toThrow(new Error(
      'Invalid imageDigests key "Rust Latest": expected a Docker image reference: lower-case repository path, optional registry host and port, ":tag" (up to 128 characters) '
      + 'and "@sha256:<64 hex digits>", at most 255 characters before the tag. Set imageDigests key to e.g. "debian:trixie-slim" or "registry.example.com/team/rust:1.99.0-trixie@sha256:…".'));
  });

  test('pinned images are rendered with their digest; the others are named in a warning', () => {
    const digest = `sha256:${'b'.repeat(64)}`;
    const build = new DistrolessRuntime().compose(new RustMuslImage({ crateDirectory: SINGLE, imageDigests: { 'rust:1.99.0-trixie': digest } }));
    expect(build.dockerfile).toContain(`FROM rust:1.99.0-trixie@${digest} AS toolchain\n`);
    expect(build.dockerfile).toContain('FROM gcr.io/distroless/static-debian13:nonroot AS runtime\n');
    expect(build.warnings).toEqual([{
      id: 'cdk-rust-image:unpinnedImage',
      message: 'imageDigests pins no digest for "gcr.io/distroless/static-debian13:nonroot": these images are still resolved by tag, so a rebuild can pull different bytes. '
        + 'Add them to imageDigests (resolve a digest with `docker buildx imagetools inspect gcr.io/distroless/static-debian13:nonroot`).',
    }]);
  });
});

describe('a base image named like a stage of the generated Dockerfile', () => {
  test.each([['runtime'], ['builder'], ['builder-arm64'], ['toolchain'], ['healthcheck-amd64'], ['accounts'], ['chef'], ['planner'], ['dev'], ['sources'], ['sources-amd64']])('%s', (baseImage) => {
    expect(() => new ScratchRuntime({ baseImage })).toThrow(new Error(
      `Invalid baseImage "${baseImage}": the generated Dockerfile has a stage of that name, so the image would be built from its own stages. `
      + 'Use a registry reference such as "docker.io/library/ubuntu:24.04".'));
  });

  test('a base image named like a member of every JavaScript object is only a name', () => {
    expect(compose({ imageDigests: {} }).dockerfile).toMatch(/^FROM scratch AS runtime$/m);
    const build = new ScratchRuntime({ baseImage: 'constructor' }).compose(new RustMuslImage({ crateDirectory: SINGLE, imageDigests: {} }));
    expect(build.dockerfile).toMatch(/^FROM constructor AS runtime$/m);
    expect(build.baseImage).toBe('constructor');
  });

  test('a registry reference of the same name is fine', () => {
    expect(new ScratchRuntime({ baseImage: 'docker.io/library/builder:1' }).baseImage).toBe('docker.io/library/builder:1');
  });
});
