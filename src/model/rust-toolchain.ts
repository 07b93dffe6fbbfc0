import { RUST_VERSION, rustAlpineImage, rustDebianImage } from './pins';
import { invalidValue } from '../core/errors';
import { assertImageReference } from '../core/image-ref';
import { assertMatches } from '../core/text';
import { RUST_VERSION_PATTERN } from '../core/versions';

/** How the builder image installs operating-system packages. */
export enum OsPackageManager {
  /** Debian/Ubuntu `apt-get`. */
  APT = 'apt',
  /** Alpine `apk`. */
  APK = 'apk',
  /** The image has everything; install nothing. */
  NONE = 'none',
}

/** A builder image that is not an official `rust` image. */
export interface CustomToolchainOptions {
  /** Image reference, ideally pinned by digest, e.g. `registry.internal/rust:1.99.0@sha256:...`. */
  readonly image: string;
  /**
   * Rust targets the image already has. For these no `rustup target add` is
   * rendered; for any other target the image must have rustup.
   * @default - none: targets are added with rustup
   */
  readonly installedTargets?: string[];
  /**
   * How to install OS packages (musl-tools, extra build packages).
   * @default OsPackageManager.NONE
   */
  readonly packageManager?: OsPackageManager;
  /**
   * Rust version of the image, for labels and documentation.
   * @default - unknown
   */
  readonly version?: string;
}

const TRIPLE = /^[a-z0-9_]+-[a-z0-9_]+-[a-z0-9_]+(-[a-z0-9_]+)?$/;

/**
 * The Rust toolchain image the builder stages run on.
 *
 * @example
 * RustToolchain.of('1.99.0');     // rust:1.99.0-trixie
 * RustToolchain.alpine('1.99.0'); // rust:1.99.0-alpine3.24
 * RustToolchain.custom({
 *   image: 'registry.internal/rust-builder:1.99.0',
 *   installedTargets: ['x86_64-unknown-linux-musl', 'aarch64-unknown-linux-musl'],
 * });
 */
export class RustToolchain {
  /** The Rust version used when none is given. */
  public static readonly DEFAULT_VERSION = RUST_VERSION;

  /** The official Debian 13 image, `rust:<version>-trixie`. */
  public static of(version: string): RustToolchain {
    assertMatches(version, RUST_VERSION_PATTERN, 'Rust version', `a version such as "${RUST_VERSION}"`);
    return new RustToolchain(rustDebianImage(version), version, OsPackageManager.APT, [], true, false);
  }

  /** The official image at the default version. */
  public static latest(): RustToolchain {
    return RustToolchain.of(RustToolchain.DEFAULT_VERSION);
  }

  /** The official Alpine image, `rust:<version>-alpine<alpine version>`: musl is its native libc. */
  public static alpine(version: string): RustToolchain {
    assertMatches(version, RUST_VERSION_PATTERN, 'Rust version', `a version such as "${RUST_VERSION}"`);
    return new RustToolchain(rustAlpineImage(version), version, OsPackageManager.APK, [], true, true);
  }

  /** A custom builder image (internal mirror, hardened image). */
  public static custom(options: CustomToolchainOptions): RustToolchain {
    assertImageReference(options.image, 'toolchain image');
    for (const target of options.installedTargets ?? []) {
      if (!TRIPLE.test(target)) {
        throw invalidValue('toolchain installedTargets', target, 'expected a Rust target triple', 'Use triples such as "x86_64-unknown-linux-musl".');
      }
    }
    if (options.version !== undefined) {
      assertMatches(options.version, RUST_VERSION_PATTERN, 'toolchain version', `a version such as "${RUST_VERSION}"`);
    }
    const packageManager = options.packageManager ?? OsPackageManager.NONE;
    return new RustToolchain(options.image, options.version, packageManager, [...(options.installedTargets ?? [])], false, false);
  }

  private constructor(
    /** The builder image. */
    public readonly image: string,
    /** The Rust version, when known. */
    public readonly version: string | undefined,
    /** How OS packages are installed in the builder. */
    public readonly packageManager: OsPackageManager,
    /** Targets the image has without rustup. */
    public readonly installedTargets: string[],
    /** Whether this is an official `rust` image (with rustup). */
    public readonly official: boolean,
    /** Whether the image's libc is musl (Alpine). */
    public readonly muslHost: boolean,
  ) {}

  /**
   * Whether `rustup target add` is needed for `target`.
   *
   * @param target the Rust target triple
   * @param crossCompiling whether the builder runs on another architecture than the target's
   */
  public needsTargetInstall(target: string, crossCompiling?: boolean): boolean {
    if (this.installedTargets.includes(target)) return false;
    // Official images are multi-arch and ship their own host target; a
    // builder that runs on the target's architecture therefore has the triple
    // of its native libc.
    if (this.official && !crossCompiling) {
      return !target.endsWith(this.muslHost ? '-linux-musl' : '-linux-gnu');
    }
    return true;
  }
}
