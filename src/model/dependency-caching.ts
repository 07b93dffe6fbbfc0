import { CARGO_CHEF_VERSION } from './pins';
import { invalidValue } from '../core/errors';
import { assertMatches } from '../core/text';
import { EXACT_VERSION_PATTERN } from '../core/versions';

/** The dependency caching strategies. */
export enum DependencyCachingKind {
  /** No separate dependency layer. */
  NONE = 'none',
  /** A synth-time skeleton of the workspace builds the dependencies in their own layer. */
  SKELETON = 'skeleton',
  /** BuildKit cache mounts for the registry, git checkouts and the target directory. */
  CACHE_MOUNTS = 'cache-mounts',
  /** cargo-chef planner and cook stages. */
  CARGO_CHEF = 'cargo-chef',
}

/**
 * How the builder keeps compiled dependencies between builds.
 *
 * Every strategy builds the dependencies with exactly the flags of the final
 * build (profile variables, target, features, `RUSTFLAGS`, `--locked`,
 * package and binary), so a cached dependency layer is always reusable.
 *
 * @example
 * DependencyCaching.skeleton();          // the default: correct, no extra tool
 * DependencyCaching.cacheMounts();       // fastest on a developer machine
 * DependencyCaching.cargoChef('0.1.78'); // the cargo-chef planner/cook stages
 * DependencyCaching.none();              // one build, nothing cached
 */
export class DependencyCaching {
  /** The cargo-chef version `cargoChef()` installs when none is given. */
  public static readonly DEFAULT_CARGO_CHEF_VERSION = CARGO_CHEF_VERSION;

  /**
   * The default. At synth time the library writes a skeleton of the crate or
   * workspace (every member's normalized Cargo.toml, Cargo.lock, stub sources
   * for every target and build script) under `.cdk-rust-image/skeleton/`;
   * the dependencies build from it in their own layer. After the real
   * sources are copied, the fingerprints and artifacts of every local crate
   * are deleted, so the final build always compiles the real code (no
   * mtime trap). A comment or a local version bump in Cargo.toml does not
   * invalidate the dependency layer. Needs no extra tool.
   */
  public static skeleton(): DependencyCaching {
    return new DependencyCaching(DependencyCachingKind.SKELETON);
  }

  /**
   * BuildKit cache mounts (`RUN --mount=type=cache`) for the cargo registry,
   * the git checkouts and the target directory, with one cache per target
   * triple; the binary is copied out in the same RUN. Fastest for local
   * builds, where the caches live on; ephemeral CI runners start with empty
   * caches, so there every build compiles everything.
   */
  public static cacheMounts(): DependencyCaching {
    return new DependencyCaching(DependencyCachingKind.CACHE_MOUNTS);
  }

  /**
   * cargo-chef's planner and cook stages. Installs cargo-chef: the
   * release's prebuilt archive, checked against a pinned SHA-256, where the
   * library pins one for the build host (x86_64 for the default version),
   * else compiled with `cargo install --locked`.
   *
   * @param version the cargo-chef version, e.g. `0.1.78`
   */
  public static cargoChef(version?: string): DependencyCaching {
    const v = version ?? DependencyCaching.DEFAULT_CARGO_CHEF_VERSION;
    assertMatches(v, EXACT_VERSION_PATTERN, 'cargoChef version', `an exact version such as "${DependencyCaching.DEFAULT_CARGO_CHEF_VERSION}"`);
    return new DependencyCaching(DependencyCachingKind.CARGO_CHEF, v);
  }

  /**
   * No dependency layer: copy the whole context and build once. Always
   * correct; every source change rebuilds every dependency.
   */
  public static none(): DependencyCaching {
    return new DependencyCaching(DependencyCachingKind.NONE);
  }

  private constructor(
    /** The strategy. */
    public readonly kind: DependencyCachingKind,
    /**
     * The pinned cargo-chef version (cargoChef only).
     * @default - undefined for the other strategies
     */
    public readonly cargoChefVersion?: string,
  ) {
    if (kind === DependencyCachingKind.CARGO_CHEF && cargoChefVersion === undefined) {
      throw invalidValue('cargoChef version', cargoChefVersion, 'a version is required', 'Call DependencyCaching.cargoChef() without arguments for the default.');
    }
  }
}
