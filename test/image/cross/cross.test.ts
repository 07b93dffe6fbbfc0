import * as path from 'path';
import { validate } from 'dockerfile-utils';
import {
  AlpineRuntime, Architecture, CrossCompilation, CrossCompilationKind, DependencyCaching, DistrolessRuntime,
  Linkage, RustMuslImage, RustMuslImageProps, RustToolchain, ScratchRuntime,
} from '../../../src';
import { zigInstallCommands } from '../../../src/image/cross/tool-install';
import { ZIG_SHA256 } from '../../../src/model/pins';

const FIXTURES = path.join(__dirname, '..', '..', 'fixtures', 'cargo');

function builder(props: Partial<RustMuslImageProps> = {}, fixture: string = 'lib-bin'): RustMuslImage {
  return new RustMuslImage({ crateDirectory: path.join(FIXTURES, fixture), dependencyCaching: DependencyCaching.none(), ...props });
}

function toolchainStage(text: string): string {
  return text.slice(text.indexOf('FROM '), text.indexOf('\n\nFROM toolchain AS'));
}

const PROFILE_AND_CHECK = [
  'ENV CARGO_TARGET_DIR="/build/target"',
  'ENV CARGO_PROFILE_RELEASE_OPT_LEVEL="3"',
  'ENV CARGO_PROFILE_RELEASE_LTO="fat"',
  'ENV CARGO_PROFILE_RELEASE_CODEGEN_UNITS="1"',
  'ENV CARGO_PROFILE_RELEASE_PANIC="abort"',
  'ENV CARGO_PROFILE_RELEASE_STRIP="symbols"',
  'COPY .cdk-rust-image/assert-static.sh /usr/local/bin/cdk-rust-image-assert-static',
];

describe('defaults: never emulate silently', () => {
  test('a single x86_64 image builds natively (no --platform, cargo build)', () => {
    const b = builder();
    const text = new ScratchRuntime().compose(b).dockerfile;
    expect(b.crossCompilation.kind).toBe(CrossCompilationKind.NONE);
    expect(text).toContain('FROM rust:1.99.0-trixie AS toolchain\n');
    expect(text).toContain('cargo build --release --locked --target x86_64-unknown-linux-musl --bin lib-bin');
  });

  test('an arm64 image cross-compiles with Debian\'s cross gcc on the build platform', () => {
    const b = builder({ architecture: Architecture.ARM64 });
    const text = new ScratchRuntime().compose(b).dockerfile;
    expect(b.crossCompilation.kind).toBe(CrossCompilationKind.GCC);
    expect(toolchainStage(text)).toBe([
      'FROM --platform=$BUILDPLATFORM rust:1.99.0-trixie AS toolchain',
      '# Rust toolchain for aarch64-unknown-linux-musl (runs on the build host, cross-compiles with gcc)',
      'RUN \\',
      '    for arch in arm64; do if [ "$arch" != "$(dpkg --print-architecture)" ]; then dpkg --add-architecture "$arch"; fi; done \\',
      '    && apt-get update \\',
      '    && apt-get install -y --no-install-recommends musl-dev:arm64 \\',
      '    && rm -rf /var/lib/apt/lists/*',
      'RUN rustup target add aarch64-unknown-linux-musl',
      'ENV CC_aarch64_unknown_linux_musl="aarch64-linux-musl-gcc"',
      'ENV AR_aarch64_unknown_linux_musl="aarch64-linux-gnu-ar"',
      'ENV CARGO_TARGET_AARCH64_UNKNOWN_LINUX_MUSL_LINKER="aarch64-linux-musl-gcc"',
      ...PROFILE_AND_CHECK,
    ].join('\n'));
    expect(text).toContain('cargo build --release --locked --target aarch64-unknown-linux-musl --bin lib-bin');
    // The probe is cross-compiled the same way.
    expect(text).toContain('    cargo build --release --locked --target aarch64-unknown-linux-musl \\\n');
    expect(text).not.toContain('musl-tools');
  });

  test('arm64 with static glibc cross-compiles with gcc-aarch64-linux-gnu and crt-static, no warning', () => {
    const b = builder({ architecture: Architecture.ARM64, linkage: Linkage.GLIBC_STATIC });
    const build = new ScratchRuntime().compose(b);
    expect(b.crossCompilation.kind).toBe(CrossCompilationKind.GCC);
    expect(toolchainStage(build.dockerfile)).toBe([
      'FROM --platform=$BUILDPLATFORM rust:1.99.0-trixie AS toolchain',
      '# Rust toolchain for aarch64-unknown-linux-gnu (runs on the build host, cross-compiles with gcc)',
      'RUN \\',
      '    apt-get update \\',
      '    && apt-get install -y --no-install-recommends gcc-aarch64-linux-gnu libc6-dev-arm64-cross \\',
      '    && rm -rf /var/lib/apt/lists/*',
      'RUN rustup target add aarch64-unknown-linux-gnu',
      'ENV CC_aarch64_unknown_linux_gnu="aarch64-linux-gnu-gcc"',
      'ENV AR_aarch64_unknown_linux_gnu="aarch64-linux-gnu-ar"',
      'ENV CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER="aarch64-linux-gnu-gcc"',
      ...PROFILE_AND_CHECK.slice(0, -1),
      'ENV RUSTFLAGS="-C target-feature=+crt-static"',
      PROFILE_AND_CHECK[PROFILE_AND_CHECK.length - 1],
    ].join('\n'));
    expect(build.warnings).toEqual([]);
  });

  test('an explicit none() for arm64 is taken at its word: the builder runs on linux/arm64, no warning', () => {
    const explicit = builder({ architecture: Architecture.ARM64, linkage: Linkage.GLIBC_STATIC, crossCompilation: CrossCompilation.none() });
    const build = new ScratchRuntime().compose(explicit);
    expect(build.dockerfile).toContain('FROM rust:1.99.0-trixie AS toolchain\n');
    expect(build.warnings).toEqual([]);
  });

  test('an Alpine toolchain (no apt) defaults to zigbuild for arm64', () => {
    const b = builder({ architecture: Architecture.ARM64, toolchain: RustToolchain.alpine('1.99.0') });
    expect(b.crossCompilation.kind).toBe(CrossCompilationKind.ZIGBUILD);
    expect(new ScratchRuntime().compose(b).dockerfile).toContain('RUN apk add --no-cache curl xz\n');
  });
});

describe('explicit choices', () => {
  test('clang: clang, lld, llvm and the target\'s musl headers; CC/AR/CFLAGS/linker variables for the triple', () => {
    const text = new ScratchRuntime().compose(builder({ architecture: Architecture.ARM64, crossCompilation: CrossCompilation.clang() })).dockerfile;
    expect(toolchainStage(text)).toBe([
      'FROM --platform=$BUILDPLATFORM rust:1.99.0-trixie AS toolchain',
      '# Rust toolchain for aarch64-unknown-linux-musl (runs on the build host, cross-compiles with clang)',
      'RUN \\',
      '    for arch in arm64; do if [ "$arch" != "$(dpkg --print-architecture)" ]; then dpkg --add-architecture "$arch"; fi; done \\',
      '    && apt-get update \\',
      '    && apt-get install -y --no-install-recommends clang lld llvm musl-dev:arm64 \\',
      '    && rm -rf /var/lib/apt/lists/*',
      'RUN rustup target add aarch64-unknown-linux-musl',
      'ENV CC_aarch64_unknown_linux_musl="clang"',
      'ENV AR_aarch64_unknown_linux_musl="llvm-ar"',
      'ENV CARGO_TARGET_AARCH64_UNKNOWN_LINUX_MUSL_LINKER="rust-lld"',
      'ENV CFLAGS_aarch64_unknown_linux_musl="-nostdlibinc -isystem /usr/include/aarch64-linux-musl"',
      ...PROFILE_AND_CHECK,
    ].join('\n'));
    expect(text).toContain('cargo build --release --locked --target aarch64-unknown-linux-musl --bin lib-bin');
  });

  test('zigbuild: the zig tarball and cargo-zigbuild are checked against pinned SHA-256 before use', () => {
    const zig = builder({ architecture: Architecture.ARM64, crossCompilation: CrossCompilation.zigbuild() });
    const text = new ScratchRuntime().compose(zig).dockerfile;
    expect(toolchainStage(text)).toBe([
      'FROM --platform=$BUILDPLATFORM rust:1.99.0-trixie AS toolchain',
      '# Rust toolchain for aarch64-unknown-linux-musl (runs on the build host, cross-compiles with zigbuild)',
      'RUN \\',
      '    apt-get update \\',
      '    && apt-get install -y --no-install-recommends xz-utils \\',
      '    && rm -rf /var/lib/apt/lists/*',
      'RUN rustup target add aarch64-unknown-linux-musl',
      'RUN \\',
      '    case "$(uname -m)" in aarch64) sum=ea4b09bfb22ec6f6c6ceac57ab63efb6b46e17ab08d21f69f3a48b38e1534f17 ;; x86_64) sum=70e49664a74374b48b51e6f3fdfbf437f6395d42509050588bd49abe52ba3d00 ;; '
        + '*) echo "cdk-rust-image: no pinned zig checksum for build hosts of architecture $(uname -m)" >&2; exit 1 ;; esac \\',
      '    && curl -fsSL -o /tmp/zig.tar.xz "https://ziglang.org/download/0.16.0/zig-$(uname -m)-linux-0.16.0.tar.xz" \\',
      '    && echo "$sum  /tmp/zig.tar.xz" | sha256sum -c - \\',
      '    && mkdir -p /opt/zig \\',
      '    && tar -xJf /tmp/zig.tar.xz -C /opt/zig --strip-components=1 \\',
      '    && rm /tmp/zig.tar.xz \\',
      '    && ln -s /opt/zig/zig /usr/local/bin/zig \\',
      '    && zig version',
      'RUN \\',
      '    case "$(uname -m)" in x86_64) curl -fsSL -o /tmp/cargo-zigbuild.tar.xz https://github.com/rust-cross/cargo-zigbuild/releases/download/v0.23.4/cargo-zigbuild-x86_64-unknown-linux-musl.tar.xz '
        + '&& echo \'9e3cf73485edbd45905c8aadbc0fdf869c7ddc3848f0c898229f2680db52e44b  /tmp/cargo-zigbuild.tar.xz\' | sha256sum -c - '
        + '&& tar -xJf /tmp/cargo-zigbuild.tar.xz -C /usr/local/bin --strip-components=1 --wildcards \'*/cargo-zigbuild\' && rm /tmp/cargo-zigbuild.tar.xz ;; '
        + '*) cargo install --locked cargo-zigbuild --version 0.23.4 ;; esac \\',
      '    && command -v cargo-zigbuild',
      ...PROFILE_AND_CHECK,
    ].join('\n'));
    expect(text).toContain('cargo zigbuild --release --locked --target aarch64-unknown-linux-musl --bin lib-bin');
  });

  test('emulated(): the builder on the target platform, and a warning about the cost with its id', () => {
    const build = new ScratchRuntime().compose(builder({ architecture: Architecture.ARM64, crossCompilation: CrossCompilation.emulated() }));
    expect(build.dockerfile).toContain('FROM rust:1.99.0-trixie AS toolchain\n');
    expect(build.dockerfile).toContain('musl-tools');
    expect(build.warnings).toEqual([{
      id: 'cdk-rust-image:emulatedBuild',
      message: 'crossCompilation is CrossCompilation.emulated(): on a build host of another architecture Docker runs the whole Rust build under QEMU, '
        + 'typically 5 to 20 times slower (and some crates\' build scripts misbehave under emulation). Use CrossCompilation.gcc() (or clang(), zigbuild()) to cross-compile at native speed.',
    }]);
  });

  test('zigbuild or clang with static glibc fails, naming the prop, the value and the fix', () => {
    const zigGlibc = { architecture: Architecture.ARM64, linkage: Linkage.GLIBC_STATIC, crossCompilation: CrossCompilation.zigbuild() };
    expect(() => builder(zigGlibc)).toThrow(new Error(
      'Invalid crossCompilation "zigbuild": zig and the clang setup cannot link glibc statically. Use CrossCompilation.gcc() (Debian\'s cross gcc), or Linkage.MUSL.'));
    expect(() => builder({ linkage: Linkage.GLIBC_STATIC, crossCompilation: CrossCompilation.clang() })).toThrow(new Error(
      'Invalid crossCompilation "clang": zig and the clang setup cannot link glibc statically. Use CrossCompilation.gcc() (Debian\'s cross gcc), or Linkage.MUSL.'));
  });

  test('gcc or clang need apt: an Alpine toolchain is refused with the fix', () => {
    expect(() => builder({ architecture: Architecture.ARM64, toolchain: RustToolchain.alpine('1.99.0'), crossCompilation: CrossCompilation.gcc() })).toThrow(new Error(
      'Invalid crossCompilation "gcc": it installs the target\'s C toolchain with apt, and the toolchain rust:1.99.0-alpine3.24 has no apt. '
      + 'Use CrossCompilation.zigbuild() with an Alpine toolchain, RustToolchain.of(version), or a custom image with packageManager APT.'));
  });

  test('zigbuild versions are exact, and a zig version without a pinned checksum needs one', () => {
    const zig = CrossCompilation.zigbuild({ zigVersion: '0.15.1', cargoZigbuildVersion: '0.19.8' });
    const text = new ScratchRuntime().compose(builder({ architecture: Architecture.ARM64, crossCompilation: zig })).dockerfile;
    expect(text).toContain('"https://ziglang.org/download/0.15.1/zig-$(uname -m)-linux-0.15.1.tar.xz"');
    expect(text).toContain(`aarch64) sum=${ZIG_SHA256['0.15.1'].aarch64} ;;`);
    expect(text).toContain('RUN cargo install --locked cargo-zigbuild --version 0.19.8\n');
    expect(() => CrossCompilation.zigbuild({ zigVersion: 'latest' })).toThrow(new Error(
      'Invalid zigVersion "latest": expected an exact zig version such as "0.16.0". Change zigVersion to an exact zig version such as "0.16.0".'));
    expect(() => CrossCompilation.zigbuild({ zigVersion: '0.12.0' })).toThrow(new Error(
      'Invalid zigVersion "0.12.0": the library carries no SHA-256 for this zig version, and an unverified download is never rendered. '
      + 'Pass zigSha256: { x86_64: \'…\', aarch64: \'…\' } from https://ziglang.org/download/index.json, or use the default 0.16.0.'));
    expect(() => CrossCompilation.zigbuild({ zigVersion: '0.12.0', zigSha256: { x86_64: 'abc' } })).toThrow(new Error(
      'Invalid zigSha256.x86_64 "abc": expected a build host architecture (x86_64, aarch64) mapped to a SHA-256 in 64 lower-case hex digits. '
      + 'Copy the "shasum" of zig-x86_64-linux-0.12.0.tar.xz from https://ziglang.org/download/index.json.'));
  });

  test('zig tarball names follow ziglang.org (os-arch before 0.14.1, arch-os since)', () => {
    const url = (version: string) => zigInstallCommands(version, { x86_64: 'a'.repeat(64) })[1];
    expect(url('0.13.0')).toBe('curl -fsSL -o /tmp/zig.tar.xz "https://ziglang.org/download/0.13.0/zig-linux-$(uname -m)-0.13.0.tar.xz"');
    expect(url('0.14.0')).toBe('curl -fsSL -o /tmp/zig.tar.xz "https://ziglang.org/download/0.14.0/zig-linux-$(uname -m)-0.14.0.tar.xz"');
    expect(url('0.14.1')).toBe('curl -fsSL -o /tmp/zig.tar.xz "https://ziglang.org/download/0.14.1/zig-$(uname -m)-linux-0.14.1.tar.xz"');
    expect(url('0.15.1')).toBe('curl -fsSL -o /tmp/zig.tar.xz "https://ziglang.org/download/0.15.1/zig-$(uname -m)-linux-0.15.1.tar.xz"');
  });

  test('cargoChef cooks with --zigbuild when cross-compiling with zig', () => {
    const chef = builder({
      architecture: Architecture.ARM64, crossCompilation: CrossCompilation.zigbuild(), dependencyCaching: DependencyCaching.cargoChef(),
    });
    const text = new ScratchRuntime().compose(chef).dockerfile;
    expect(text).toContain('RUN cargo chef cook --zigbuild --release --locked --target aarch64-unknown-linux-musl --bin lib-bin --recipe-path /build/recipe.json\n');
    expect(text).toContain('cargo zigbuild --release --locked --target aarch64-unknown-linux-musl --bin lib-bin');
  });
});

describe('multi-platform Dockerfile', () => {
  const STRATEGIES = [DependencyCaching.skeleton(), DependencyCaching.cacheMounts(), DependencyCaching.cargoChef(), DependencyCaching.none()];

  test.each(STRATEGIES.map((s) => [s.kind, s]))('%s: one chain per architecture, picked by TARGETARCH; valid', (_kind, caching) => {
    const b = builder({ multiPlatform: true, dependencyCaching: caching }, 'virtual-workspace');
    const build = new ScratchRuntime().compose(b);
    const text = build.dockerfile;
    expect(validate(text)).toEqual([]);
    expect(text).toMatch(/^FROM --platform=\$BUILDPLATFORM rust:1\.99\.0-trixie AS toolchain$/m);
    expect(text).toContain('RUN rustup target add x86_64-unknown-linux-musl aarch64-unknown-linux-musl');
    for (const [arch, triple] of [['amd64', 'x86_64-unknown-linux-musl'], ['arm64', 'aarch64-unknown-linux-musl']]) {
      expect(text).toMatch(new RegExp(`^FROM \\S+ AS builder-${arch}$`, 'm'));
      expect(text).toMatch(new RegExp(`^FROM toolchain AS healthcheck-${arch}$`, 'm'));
      expect(text).toContain(`cargo build --release --locked --target ${triple} --package virtual-server --bin virtual-server`);
      expect(text).toContain(`cp /build/target/${triple}/release/virtual-server /out/virtual-server`);
    }
    expect(text).toContain('\nFROM builder-${TARGETARCH} AS builder\n');
    expect(text).toContain('\nFROM healthcheck-${TARGETARCH} AS healthcheck\n');
    // The runtime stage has no --platform: it is the target platform's.
    expect(text).toContain('\nFROM scratch AS runtime\n');
    expect(text).toContain('COPY --from=builder /out/virtual-server /app/virtual-server');
    // Support files (the skeleton above all) appear once.
    const paths = build.supportFiles.map((f) => f.path);
    expect(new Set(paths).size).toBe(paths.length);
    expect(build.warnings).toEqual([]);
  });

  test('cache mount ids are per triple', () => {
    const text = new ScratchRuntime().compose(builder({ multiPlatform: true, dependencyCaching: DependencyCaching.cacheMounts() })).dockerfile;
    expect(text).toContain('id=cdk-rust-image-target-lib-bin-x86_64-unknown-linux-musl,target=/build/target');
    expect(text).toContain('id=cdk-rust-image-target-lib-bin-aarch64-unknown-linux-musl,target=/build/target');
  });

  test('runtimes without the probe alias only the builder', () => {
    const text = new AlpineRuntime().compose(builder({ multiPlatform: true })).dockerfile;
    expect(validate(text)).toEqual([]);
    expect(text).not.toContain('healthcheck-${TARGETARCH}');
    expect(text).toContain('\nFROM builder-${TARGETARCH} AS builder\n');
  });

  test('none() with multiPlatform warns that one platform is emulated without a native node', () => {
    const build = new DistrolessRuntime().compose(builder({ multiPlatform: true, crossCompilation: CrossCompilation.none() }));
    expect(validate(build.dockerfile)).toEqual([]);
    expect(build.dockerfile).toContain('FROM rust:1.99.0-trixie AS toolchain\n');
    expect(build.warnings).toEqual([{
      id: 'cdk-rust-image:multiPlatformWithoutCross',
      message: 'crossCompilation is CrossCompilation.none() with multiPlatform: each platform\'s builder runs on that platform, so unless your buildx builder has a native node for every platform, '
        + 'Docker emulates the foreign one (5 to 20 times slower). Use CrossCompilation.gcc() to build every platform on the build host.',
    }]);
  });
});
