import { CARGO_ZIGBUILD_VERSION, ZIG_SHA256, ZIG_VERSION } from './pins';
import { invalidValue } from '../core/errors';
import { assertMatches } from '../core/text';
import { EXACT_VERSION_PATTERN } from '../core/versions';

/** How the builder produces a binary for the image's architecture. */
export enum CrossCompilationKind {
  /** The builder runs on the image's platform; the build host is assumed to have that architecture. */
  NONE = 'none',
  /** The builder runs on the image's platform under emulation (QEMU), by explicit choice. */
  EMULATED = 'emulated',
  /** The builder runs on the build host and links with cargo-zigbuild. */
  ZIGBUILD = 'zigbuild',
  /** The builder runs on the build host and compiles C with clang, links with rust-lld. */
  CLANG = 'clang',
  /** The builder runs on the build host and compiles and links with Debian's cross gcc for the target. */
  GCC = 'gcc',
}

/** Pinned versions of the zig toolchain. */
export interface ZigbuildOptions {
  /**
   * Version of zig, downloaded from ziglang.org and checked against its SHA-256.
   * @default CrossCompilation.DEFAULT_ZIG_VERSION
   */
  readonly zigVersion?: string;
  /**
   * SHA-256 of the zig tarball for each build host architecture (`uname -m`:
   * `x86_64`, `aarch64`). Required for a zig version whose checksums the
   * library does not carry; the build fails on a host architecture without one.
   * @default - the library's pinned checksums of `zigVersion`
   */
  readonly zigSha256?: { [hostArch: string]: string };
  /**
   * Version of cargo-zigbuild: the release's prebuilt archive (checksum pinned
   * by the library) where one is pinned for the build host, else compiled with
   * `cargo install --locked`.
   * @default CrossCompilation.DEFAULT_CARGO_ZIGBUILD_VERSION
   */
  readonly cargoZigbuildVersion?: string;
}

/** What an approach means for the builder stages. */
interface CrossTraits {
  /** Whether the builder stages run on the build host (`--platform=$BUILDPLATFORM`). */
  readonly onBuildPlatform: boolean;
  /** The cargo subcommand that compiles. */
  readonly cargoSubcommand: string;
}

const ON_TARGET: CrossTraits = { onBuildPlatform: false, cargoSubcommand: 'build' };
const ON_HOST: CrossTraits = { onBuildPlatform: true, cargoSubcommand: 'build' };

const HOST_ARCHES = ['x86_64', 'aarch64'];
const SHA256 = /^[a-f0-9]{64}$/;

/**
 * How the builder stages compile for the image's architecture.
 *
 * With `gcc()`, `clang()` and `zigbuild()` the builder stages run on the
 * build host (`FROM --platform=$BUILDPLATFORM`) and cross-compile for the
 * target triple at native speed. `none()` and `emulated()` run the builder
 * on the image's own platform, which is only fast on a build host of that
 * architecture: anywhere else Docker emulates every compiler run.
 *
 * @example
 * CrossCompilation.gcc();       // Debian's cross gcc and the target's musl (or glibc) from apt
 * CrossCompilation.clang();     // clang + rust-lld
 * CrossCompilation.zigbuild();  // zig and cargo-zigbuild, downloaded and checksum-verified
 * CrossCompilation.none();      // the builder runs on the image's platform
 * CrossCompilation.emulated();  // QEMU; slow, by explicit choice only
 */
export class CrossCompilation {
  /** The zig version `zigbuild()` installs when none is given. */
  public static readonly DEFAULT_ZIG_VERSION = ZIG_VERSION;
  /** The cargo-zigbuild version `zigbuild()` installs when none is given. */
  public static readonly DEFAULT_CARGO_ZIGBUILD_VERSION = CARGO_ZIGBUILD_VERSION;

  /**
   * Builds on the build host with Debian's cross compilers, installed with
   * apt (signed packages, nothing else downloaded): for a musl target,
   * `musl-dev` of the target architecture, whose `<arch>-linux-musl-gcc`
   * compiles C (ring, aws-lc-rs) and links; for static glibc,
   * `gcc-<arch>-linux-gnu` with the target's C library. Needs a Debian
   * toolchain image (`RustToolchain.of()`, or a custom image with apt).
   */
  public static gcc(): CrossCompilation {
    return new CrossCompilation(CrossCompilationKind.GCC, ON_HOST);
  }

  /**
   * Builds on the build host with `cargo zigbuild`: zig is the C compiler and
   * linker for the target, with libc headers for every target bundled.
   * Supports musl targets (zig cannot link glibc statically). The zig
   * tarball is checked against a pinned SHA-256 before it is unpacked.
   */
  public static zigbuild(options: ZigbuildOptions = {}): CrossCompilation {
    const zig = options.zigVersion ?? CrossCompilation.DEFAULT_ZIG_VERSION;
    const zigbuild = options.cargoZigbuildVersion ?? CrossCompilation.DEFAULT_CARGO_ZIGBUILD_VERSION;
    assertMatches(zig, EXACT_VERSION_PATTERN, 'zigVersion', `an exact zig version such as "${CrossCompilation.DEFAULT_ZIG_VERSION}"`);
    assertMatches(zigbuild, EXACT_VERSION_PATTERN, 'cargoZigbuildVersion', `an exact version such as "${CrossCompilation.DEFAULT_CARGO_ZIGBUILD_VERSION}"`);
    const checksums: { [hostArch: string]: string } = { ...(ZIG_SHA256[zig] ?? {}), ...(options.zigSha256 ?? {}) };
    for (const [arch, sum] of Object.entries(checksums)) {
      if (!HOST_ARCHES.includes(arch) || typeof sum !== 'string' || !SHA256.test(sum)) {
        throw invalidValue(`zigSha256.${arch}`, sum, `expected a build host architecture (${HOST_ARCHES.join(', ')}) mapped to a SHA-256 in 64 lower-case hex digits`, `Copy the "shasum" of zig-${arch}-linux-${zig}.tar.xz from https://ziglang.org/download/index.json.`);
      }
    }
    if (Object.keys(checksums).length === 0) {
      throw invalidValue('zigVersion', zig, 'the library carries no SHA-256 for this zig version, and an unverified download is never rendered', `Pass zigSha256: { x86_64: '…', aarch64: '…' } from https://ziglang.org/download/index.json, or use the default ${CrossCompilation.DEFAULT_ZIG_VERSION}.`);
    }
    return new CrossCompilation(CrossCompilationKind.ZIGBUILD, { onBuildPlatform: true, cargoSubcommand: 'zigbuild' }, zig, zigbuild, checksums);
  }

  /**
   * Builds on the build host with clang as the C compiler (`CC_<triple>`),
   * llvm-ar as the archiver (`AR_<triple>`) and rust-lld as the linker, with
   * the target architecture's musl headers from apt. Supports musl targets.
   */
  public static clang(): CrossCompilation {
    return new CrossCompilation(CrossCompilationKind.CLANG, ON_HOST);
  }

  /**
   * No cross-compilation: the builder runs on the image's platform. Right
   * when the build host has the image's architecture (x86_64 CI for x86_64
   * images, an arm64 runner for arm64 images); on any other host Docker
   * emulates the builder, which is many times slower.
   */
  public static none(): CrossCompilation {
    return new CrossCompilation(CrossCompilationKind.NONE, ON_TARGET);
  }

  /**
   * The builder runs on the image's platform under emulation (QEMU/binfmt)
   * when the build host differs. Compiling under emulation is typically 5 to
   * 20 times slower, which is why this is never a default and always adds a
   * warning to the image build.
   */
  public static emulated(): CrossCompilation {
    return new CrossCompilation(CrossCompilationKind.EMULATED, ON_TARGET);
  }

  /**
   * SHA-256 of the zig tarball by build host architecture (zigbuild only).
   * @default - undefined for the other approaches
   */
  public readonly zigSha256?: { [hostArch: string]: string };
  /** Whether the builder stages run on the build host (`--platform=$BUILDPLATFORM`). */
  public readonly onBuildPlatform: boolean;
  /** The cargo subcommand that compiles: `zigbuild` or `build`. */
  public readonly cargoSubcommand: string;

  private constructor(
    /** The approach. */
    public readonly kind: CrossCompilationKind,
    traits: CrossTraits,
    /**
     * Pinned zig version (zigbuild only).
     * @default - undefined for the other approaches
     */
    public readonly zigVersion?: string,
    /**
     * Pinned cargo-zigbuild version (zigbuild only).
     * @default - undefined for the other approaches
     */
    public readonly cargoZigbuildVersion?: string,
    zigSha256?: { [hostArch: string]: string },
  ) {
    this.zigSha256 = zigSha256;
    this.onBuildPlatform = traits.onBuildPlatform;
    this.cargoSubcommand = traits.cargoSubcommand;
  }
}
