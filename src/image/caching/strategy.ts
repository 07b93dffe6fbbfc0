import { Dockerfile } from '../../dockerfile/dockerfile';
import { DependencyCachingKind } from '../../model/dependency-caching';
import { BuildTarget } from '../builder/build-target';
import { SupportFile } from '../context/support-files';
import type { RustMuslImage } from '../rust-musl-image';

/** What a caching strategy rendered for one target. */
export interface StrategyOutput {
  /** The stage whose `/out/<binary>` holds the checked binary. */
  readonly stage: string;
  /** Files the stages need in the build context. */
  readonly supportFiles: SupportFile[];
}

/**
 * A dependency caching strategy (`DependencyCaching.<kind>()`): the checks
 * of the builder options it cannot honour, the stages every target shares,
 * and the builder chain of one target. Each strategy is one file of this
 * folder, listed once in registry.ts.
 */
export interface CachingStrategy {
  /** The `DependencyCaching` kind it renders. */
  readonly kind: DependencyCachingKind;
  /** The stage names it adds besides `builder<suffix>` (a base image may not use them). */
  readonly stageNames: string[];
  /** Refuses the builder options it cannot honour: called when the builder is made, never at render time. */
  validate?(builder: RustMuslImage): void;
  /** The stages every target shares, rendered once before the per-target chains. */
  renderSharedStages?(dockerfile: Dockerfile, builder: RustMuslImage): void;
  /** The builder chain of one target, ending in the stage that holds its binaries. */
  renderTarget(dockerfile: Dockerfile, builder: RustMuslImage, target: BuildTarget): StrategyOutput;
}

/** Name of the stage that ends a target's builder chain: `builder`, or `builder-<arch>` in a multi-platform Dockerfile. */
export function builderStageName(target: BuildTarget): string {
  return `${BUILDER_STAGE}${target.suffix}`;
}

/** Name of the builder stage the runtime stages copy from. */
export const BUILDER_STAGE = 'builder';
