import * as path from 'path';
import { validate } from 'dockerfile-utils';
import {
  AlpineRuntime, Architecture, CrossCompilation, CrossCompilationKind, DependencyCaching, DistrolessRuntime,
  Linkage, RustMuslImage, RustMuslImageProps, ScratchRuntime,
} from '../../../src';
import { zigTarballUrl } from '../../../src/image/cross/cross-tools';

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
    const text = new ScratchRuntime().dockerfile(b).render();
    expect(b.crossCompilation.kind).toBe(CrossCompilationKind.NONE);
    expect(text).toContain('FROM rust:1.95-bookworm AS toolchain\n');
    expect(text).toContain('cargo build --release --locked --target x86_64-unknown-linux-musl --bin lib-bin');
  });

  test('an arm64 image cross-compiles with zigbuild on the build platform', () => {
    const text = new ScratchRuntime().dockerfile(builder({ architecture: Architecture.ARM64 })).render();
    expect(toolchainStage(text)).toBe([
      'FROM --platform=$BUILDPLATFORM rust:1.95-bookworm AS toolchain',
      '# Rust toolchain for aarch64-unknown-linux-musl (runs on the build host, cross-compiles with zigbuild)',
      'RUN \\',
      '    apt-get update \\',
      '    && apt-get install -y --no-install-recommends xz-utils \\',
      '    && rm -rf /var/lib/apt/lists/*',
      'RUN rustup target add aarch64-unknown-linux-musl',
      'RUN \\',
      '    mkdir -p /opt/zig \\',
      '    && curl -fsSL https://ziglang.org/download/0.13.0/zig-linux-$(uname -m)-0.13.0.tar.xz | tar -xJ -C /opt/zig --strip-components=1 \\',
      '    && ln -s /opt/zig/zig /usr/local/bin/zig \\',
      '    && zig version',
      'RUN cargo install cargo-zigbuild --locked --version 0.20.1',
      ...PROFILE_AND_CHECK,
    ].join('\n'));
    expect(text).toContain('cargo zigbuild --release --locked --target aarch64-unknown-linux-musl --bin lib-bin');
    // The probe is cross-compiled the same way.
    expect(text).toContain('cargo zigbuild --release --locked --target aarch64-unknown-linux-musl \\');
    expect(text).not.toContain('musl-tools');
  });

  test('arm64 with static glibc cannot use zig: the builder runs on linux/arm64, with a warning', () => {
    const b = builder({ architecture: Architecture.ARM64, linkage: Linkage.GLIBC_STATIC });
    const build = new ScratchRuntime().compose(b);
    expect(b.crossCompilation.kind).toBe(CrossCompilationKind.NONE);
    expect(build.dockerfile).toContain('FROM rust:1.95-bookworm AS toolchain\n');
    expect(build.warnings).toEqual([expect.stringMatching(/^Linkage\.GLIBC_STATIC cannot be cross-compiled .* linux\/arm64: .*QEMU emulation.*Use Linkage\.MUSL/)]);
  });

  test('an explicit none() for arm64 is taken at its word: no warning', () => {
    const explicit = builder({ architecture: Architecture.ARM64, linkage: Linkage.GLIBC_STATIC, crossCompilation: CrossCompilation.none() });
    const build = new ScratchRuntime().compose(explicit);
    expect(build.warnings).toEqual([]);
  });
});

describe('explicit choices', () => {
  test('clang: clang, lld and llvm; CC/AR/linker variables for the triple', () => {
    const text = new ScratchRuntime().dockerfile(builder({ architecture: Architecture.ARM64, crossCompilation: CrossCompilation.clang() })).render();
    expect(toolchainStage(text)).toBe([
      'FROM --platform=$BUILDPLATFORM rust:1.95-bookworm AS toolchain',
      '# Rust toolchain for aarch64-unknown-linux-musl (runs on the build host, cross-compiles with clang)',
      'RUN \\',
      '    apt-get update \\',
      '    && apt-get install -y --no-install-recommends clang lld llvm \\',
      '    && rm -rf /var/lib/apt/lists/*',
      'RUN rustup target add aarch64-unknown-linux-musl',
      'ENV CC_aarch64_unknown_linux_musl="clang"',
      'ENV AR_aarch64_unknown_linux_musl="llvm-ar"',
      'ENV CARGO_TARGET_AARCH64_UNKNOWN_LINUX_MUSL_LINKER="rust-lld"',
      ...PROFILE_AND_CHECK,
    ].join('\n'));
    expect(text).toContain('cargo build --release --locked --target aarch64-unknown-linux-musl --bin lib-bin');
  });

  test('emulated(): the builder on the target platform, and a warning about the cost', () => {
    const build = new ScratchRuntime().compose(builder({ architecture: Architecture.ARM64, crossCompilation: CrossCompilation.emulated() }));
    expect(build.dockerfile).toContain('FROM rust:1.95-bookworm AS toolchain\n');
    expect(build.dockerfile).toContain('musl-tools');
    expect(build.warnings).toEqual([expect.stringMatching(/^crossCompilation is CrossCompilation\.emulated\(\): .*5 to 20 times slower.*CrossCompilation\.zigbuild\(\)/)]);
  });

  test('zigbuild or clang with static glibc fails, naming the prop, the value and the fix', () => {
    expect(() => builder({ architecture: Architecture.ARM64, linkage: Linkage.GLIBC_STATIC, crossCompilation: CrossCompilation.zigbuild() }))
      .toThrow('Invalid crossCompilation "zigbuild": zig and the clang setup cannot link glibc statically. Use Linkage.MUSL to cross-compile, or CrossCompilation.none()');
    expect(() => builder({ linkage: Linkage.GLIBC_STATIC, crossCompilation: CrossCompilation.clang() })).toThrow(/Invalid crossCompilation "clang"/);
  });

  test('zigbuild versions are pinned and validated', () => {
    const zig = CrossCompilation.zigbuild({ zigVersion: '0.14.1', cargoZigbuildVersion: '0.19.8' });
    const text = new ScratchRuntime().dockerfile(builder({ architecture: Architecture.ARM64, crossCompilation: zig })).render();
    expect(text).toContain('https://ziglang.org/download/0.14.1/zig-$(uname -m)-linux-0.14.1.tar.xz');
    expect(text).toContain('cargo install cargo-zigbuild --locked --version 0.19.8');
    expect(() => CrossCompilation.zigbuild({ zigVersion: 'latest' })).toThrow(/Invalid zigVersion "latest"/);
  });

  test('zig tarball names follow ziglang.org (os-arch before 0.14.1, arch-os since)', () => {
    expect(zigTarballUrl('0.13.0')).toBe('https://ziglang.org/download/0.13.0/zig-linux-$(uname -m)-0.13.0.tar.xz');
    expect(zigTarballUrl('0.14.0')).toBe('https://ziglang.org/download/0.14.0/zig-linux-$(uname -m)-0.14.0.tar.xz');
    expect(zigTarballUrl('0.15.1')).toBe('https://ziglang.org/download/0.15.1/zig-$(uname -m)-linux-0.15.1.tar.xz');
  });

  test('cargoChef cooks with zigbuild when cross-compiling with zig', () => {
    const chef = builder({ architecture: Architecture.ARM64, dependencyCaching: DependencyCaching.cargoChef() });
    const text = new ScratchRuntime().dockerfile(chef).render();
    expect(text).toContain('RUN cargo chef cook --zigbuild --release --locked --target aarch64-unknown-linux-musl --bin lib-bin --recipe-path recipe.json');
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
    expect(text).toMatch(/^FROM --platform=\$BUILDPLATFORM rust:1\.95-bookworm AS toolchain$/m);
    expect(text).toContain('RUN rustup target add x86_64-unknown-linux-musl aarch64-unknown-linux-musl');
    for (const [arch, triple] of [['amd64', 'x86_64-unknown-linux-musl'], ['arm64', 'aarch64-unknown-linux-musl']]) {
      expect(text).toMatch(new RegExp(`^FROM \\S+ AS builder-${arch}$`, 'm'));
      expect(text).toMatch(new RegExp(`^FROM toolchain AS healthcheck-${arch}$`, 'm'));
      expect(text).toContain(`cargo zigbuild --release --locked --target ${triple} --package virtual-server --bin virtual-server`);
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
    const text = new ScratchRuntime().dockerfile(builder({ multiPlatform: true, dependencyCaching: DependencyCaching.cacheMounts() })).render();
    expect(text).toContain('id=cdk-rust-image-target-lib-bin-x86_64-unknown-linux-musl,target=/build/target');
    expect(text).toContain('id=cdk-rust-image-target-lib-bin-aarch64-unknown-linux-musl,target=/build/target');
  });

  test('runtimes without the probe alias only the builder', () => {
    const text = new AlpineRuntime().dockerfile(builder({ multiPlatform: true })).render();
    expect(validate(text)).toEqual([]);
    expect(text).not.toContain('healthcheck-${TARGETARCH}');
    expect(text).toContain('\nFROM builder-${TARGETARCH} AS builder\n');
  });

  test('none() with multiPlatform warns that one platform is emulated without a native node', () => {
    const build = new DistrolessRuntime().compose(builder({ multiPlatform: true, crossCompilation: CrossCompilation.none() }));
    expect(validate(build.dockerfile)).toEqual([]);
    expect(build.dockerfile).toContain('FROM rust:1.95-bookworm AS toolchain\n');
    expect(build.warnings).toEqual([expect.stringMatching(/^crossCompilation is CrossCompilation\.none\(\) with multiPlatform: .*native node for every platform/)]);
  });
});
