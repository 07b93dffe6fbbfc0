/** The dependency caching strategies. */
export enum DependencyCachingKind {
  /** No separate dependency layer. */
  NONE = 'none',
}

/**
 * How the builder keeps compiled dependencies between builds.
 *
 * @example
 * DependencyCaching.none();
 */
export class DependencyCaching {
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
  ) {}
}
