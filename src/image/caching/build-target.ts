import { Architecture } from '../../model/architecture';
import { SupportFile } from '../support-files';

/** One architecture's builder chain. */
export interface BuildTarget {
  /** The architecture. */
  readonly architecture: Architecture;
  /** Its Rust target triple. */
  readonly triple: string;
  /** Suffix of its stage names: `''`, or `-amd64`/`-arm64` in a multi-platform Dockerfile. */
  readonly suffix: string;
}

/** What a caching strategy rendered for one target. */
export interface StrategyOutput {
  /** The stage whose `/out/<binary>` holds the checked binary. */
  readonly stage: string;
  /** Files the stages need in the build context. */
  readonly supportFiles: SupportFile[];
}
