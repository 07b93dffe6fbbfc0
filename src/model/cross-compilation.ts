import { assertMatches } from '../dockerfile/validate';

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
}

/** Pinned versions of the zig toolchain. */
export interface ZigbuildOptions {
  /**
   * Version of zig, downloaded from ziglang.org.
   * @default CrossCompilation.DEFAULT_ZIG_VERSION
   */
  readonly zigVersion?: string;
  /**
   * Version of cargo-zigbuild, installed with `cargo install --locked`.
   * @default CrossCompilation.DEFAULT_CARGO_ZIGBUILD_VERSION
   */
  readonly cargoZigbuildVersion?: string;
}

const SEMVER = /^\d+\.\d+\.\d+$/;

/**
 * How the builder stages compile for the image's architecture.
 *
 * With `zigbuild()` and `clang()` the builder stages run on the build host
 * (`FROM --platform=$BUILDPLATFORM`) and cross-compile for the target triple:
 * full native speed for any target. `none()` and `emulated()` run the
 * builder on the image's own platform, which is only fast on a build host of
 * that architecture: anywhere else Docker emulates every compiler run.
 *
 * @example
 * CrossCompilation.zigbuild();  // default for arm64 and multi-platform images
 * CrossCompilation.clang();     // clang + rust-lld, no zig download
 * CrossCompilation.none();    // default for x86_64: the builder runs on linux/amd64
 * CrossCompilation.emulated();  // QEMU; slow, by explicit choice only
 */
export class CrossCompilation {
  /** The zig version `zigbuild()` installs when none is given. */
  public static readonly DEFAULT_ZIG_VERSION = '0.13.0';
  /** The cargo-zigbuild version `zigbuild()` installs when none is given. */
  public static readonly DEFAULT_CARGO_ZIGBUILD_VERSION = '0.20.1';

  /**
   * Builds on the build host with `cargo zigbuild`: zig is the C compiler and
   * linker for the target, with libc headers for every target bundled, so
   * crates with C code (ring, aws-lc-rs) cross-compile without a sysroot.
   * Supports musl targets (zig cannot link glibc statically).
   */
  public static zigbuild(options: ZigbuildOptions = {}): CrossCompilation {
    const zig = options.zigVersion ?? CrossCompilation.DEFAULT_ZIG_VERSION;
    const zigbuild = options.cargoZigbuildVersion ?? CrossCompilation.DEFAULT_CARGO_ZIGBUILD_VERSION;
    assertMatches(zig, SEMVER, 'zigVersion', `an exact zig version such as "${CrossCompilation.DEFAULT_ZIG_VERSION}"`);
    assertMatches(zigbuild, SEMVER, 'cargoZigbuildVersion', `an exact version such as "${CrossCompilation.DEFAULT_CARGO_ZIGBUILD_VERSION}"`);
    return new CrossCompilation(CrossCompilationKind.ZIGBUILD, zig, zigbuild);
  }

  /**
   * Builds on the build host with clang as the C compiler (`CC_<triple>`),
   * llvm-ar as the archiver (`AR_<triple>`) and rust-lld as the linker
   * (`CARGO_TARGET_<TRIPLE>_LINKER`), using the musl libc that ships with the
   * Rust target. Supports musl targets. C code that includes libc headers
   * needs the target's headers (add them with `buildPackages` and
   * `CFLAGS_<triple>` in `buildEnvironment`); prefer `zigbuild()` for such crates.
   */
  public static clang(): CrossCompilation {
    return new CrossCompilation(CrossCompilationKind.CLANG);
  }

  /**
   * No cross-compilation: the builder runs on the image's platform. Right
   * when the build host has the image's architecture (x86_64 CI for x86_64
   * images, an arm64 runner for arm64 images); on any other host Docker
   * emulates the builder, which is many times slower.
   */
  public static none(): CrossCompilation {
    return new CrossCompilation(CrossCompilationKind.NONE);
  }

  /**
   * The builder runs on the image's platform under emulation (QEMU/binfmt)
   * when the build host differs. Compiling under emulation is typically 5 to
   * 20 times slower, which is why this is never a default and always adds a
   * warning to the image build.
   */
  public static emulated(): CrossCompilation {
    return new CrossCompilation(CrossCompilationKind.EMULATED);
  }

  private constructor(
    /** The approach. */
    public readonly kind: CrossCompilationKind,
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
  ) {}

  /** Whether the builder stages run on the build host (`--platform=$BUILDPLATFORM`). */
  public get onBuildPlatform(): boolean {
    return this.kind === CrossCompilationKind.ZIGBUILD || this.kind === CrossCompilationKind.CLANG;
  }

  /** The cargo subcommand that compiles: `zigbuild` or `build`. */
  public get cargoSubcommand(): string {
    return this.kind === CrossCompilationKind.ZIGBUILD ? 'zigbuild' : 'build';
  }
}
