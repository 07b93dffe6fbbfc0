import { CrossStrategy, NO_CROSS_SETUP } from './cross-strategy';
import { CrossCompilationKind } from '../../model/cross-compilation';
import { WARNING_IDS } from '../build-warning';

/** `CrossCompilation.emulated()`: the builder runs on the image's platform under QEMU, by explicit choice, always with a warning. */
export const EMULATED: CrossStrategy = {
  kind: CrossCompilationKind.EMULATED,
  setup: () => NO_CROSS_SETUP,
  warnings: () => [{
    id: WARNING_IDS.emulatedBuild,
    message: 'crossCompilation is CrossCompilation.emulated(): on a build host of another architecture Docker runs the whole Rust build under QEMU, '
      + 'typically 5 to 20 times slower (and some crates\' build scripts misbehave under emulation). '
      + 'Use CrossCompilation.gcc() (or clang(), zigbuild()) to cross-compile at native speed.',
  }],
};
