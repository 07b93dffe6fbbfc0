import { CLANG } from './clang';
import { CrossSetup, CrossStrategy } from './cross-strategy';
import { EMULATED } from './emulated';
import { GCC } from './gcc';
import { NO_CROSS } from './none';
import { ZIGBUILD } from './zigbuild';
import { CrossCompilation, CrossCompilationKind } from '../../model/cross-compilation';
import type { RustMuslImage } from '../rust-musl-image';

/** Every cross approach, by the `CrossCompilation` kind it sets up (the compiler wants one for each kind). */
const STRATEGIES: Record<CrossCompilationKind, CrossStrategy> = {
  [CrossCompilationKind.NONE]: NO_CROSS,
  [CrossCompilationKind.EMULATED]: EMULATED,
  [CrossCompilationKind.ZIGBUILD]: ZIGBUILD,
  [CrossCompilationKind.CLANG]: CLANG,
  [CrossCompilationKind.GCC]: GCC,
};

/** The strategy of a `CrossCompilation` value. */
export function crossStrategyOf(cross: CrossCompilation): CrossStrategy {
  return STRATEGIES[cross.kind];
}

/** The cross tools of the builder's approach, for the architectures it builds. */
export function crossSetup(builder: RustMuslImage): CrossSetup {
  return crossStrategyOf(builder.crossCompilation).setup(builder);
}
