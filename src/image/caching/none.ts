import { enterWorkspace } from './local-crates';
import { builderStageName, CachingStrategy } from './strategy';
import { DependencyCachingKind } from '../../model/dependency-caching';
import { cargoBuildArgs, cargoCommand, collectBinariesCommands } from '../builder/cargo-command';
import { BUILD_DIR } from '../builder/layout';
import { renderPrivateFetch } from '../stages/private-fetch';
import { SOURCES_DIR, SOURCES_STAGE } from '../stages/sources-stage';
import { TOOLCHAIN_STAGE } from '../stages/toolchain-stage';

/** `DependencyCaching.none()`: the sources, one `cargo build`. */
export const NO_CACHING: CachingStrategy = {
  kind: DependencyCachingKind.NONE,
  stageNames: [],
  renderTarget: (dockerfile, builder, target) => {
    const stage = builderStageName(target);
    const builderStage = dockerfile.addStage({ image: TOOLCHAIN_STAGE, name: stage })
      .workdir(BUILD_DIR)
      .copy([`${SOURCES_DIR}/`], './', { fromStage: SOURCES_STAGE });
    enterWorkspace(builderStage, builder.manifest);
    renderPrivateFetch(builderStage, builder, target.triple);
    builderStage.run([
      cargoCommand(cargoBuildArgs(builder, true, target.triple)),
      ...collectBinariesCommands(builder, target.triple),
    ]);
    return { stage, supportFiles: [] };
  },
};
