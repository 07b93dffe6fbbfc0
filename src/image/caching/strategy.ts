import { Dockerfile } from '../../dockerfile/dockerfile';
import { BuildTarget } from '../builder/build-target';
import { RustMuslImage } from '../builder/rust-musl-image';
import { SupportFile } from '../context/support-files';

/** What a caching strategy rendered for one target. */
export interface StrategyOutput {
  /** The stage whose `/out/<binary>` holds the checked binary. */
  readonly stage: string;
  /** Files the stages need in the build context. */
  readonly supportFiles: SupportFile[];
}

/** A caching strategy: the builder chain of one target. */
export type Strategy = (dockerfile: Dockerfile, builder: RustMuslImage, target: BuildTarget) => StrategyOutput;
