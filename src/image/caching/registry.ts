import { CACHE_MOUNTS } from './cache-mounts';
import { CARGO_CHEF } from './cargo-chef';
import { NO_CACHING } from './none';
import { SKELETON } from './skeleton';
import { CachingStrategy } from './strategy';
import { DependencyCaching, DependencyCachingKind } from '../../model/dependency-caching';

/** Every caching strategy, by the `DependencyCaching` kind it renders (the compiler wants one for each kind). */
const STRATEGIES: Record<DependencyCachingKind, CachingStrategy> = {
  [DependencyCachingKind.NONE]: NO_CACHING,
  [DependencyCachingKind.SKELETON]: SKELETON,
  [DependencyCachingKind.CACHE_MOUNTS]: CACHE_MOUNTS,
  [DependencyCachingKind.CARGO_CHEF]: CARGO_CHEF,
};

/** The strategy of a `DependencyCaching` value. */
export function cachingStrategyOf(caching: DependencyCaching): CachingStrategy {
  return STRATEGIES[caching.kind];
}

/** The stage names any strategy adds (besides `builder`). */
export function cachingStageNames(): string[] {
  return Object.values(STRATEGIES).flatMap((strategy) => strategy.stageNames);
}
