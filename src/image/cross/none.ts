import { CrossStrategy, NO_CROSS_SETUP } from './cross-strategy';
import { CrossCompilationKind } from '../../model/cross-compilation';
import { WARNING_IDS } from '../build-warning';

/** `CrossCompilation.none()`: the builder runs on the image's platform; a multi-platform build then emulates the foreign one. */
export const NO_CROSS: CrossStrategy = {
  kind: CrossCompilationKind.NONE,
  setup: () => NO_CROSS_SETUP,
  warnings: (builder) => (builder.multiPlatform ? [{
    id: WARNING_IDS.multiPlatformWithoutCross,
    message: 'crossCompilation is CrossCompilation.none() with multiPlatform: each platform\'s builder runs on that platform, '
      + 'so unless your buildx builder has a native node for every platform, Docker emulates the foreign one (5 to 20 times slower). '
      + 'Use CrossCompilation.gcc() to build every platform on the build host.',
  }] : []),
};
