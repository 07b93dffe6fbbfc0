import { cleanLocalCratesCommands, enterWorkspace } from './local-crates';
import { builderStageName, CachingStrategy } from './strategy';
import { invalidValue } from '../../core/errors';
import { DependencyCachingKind } from '../../model/dependency-caching';
import { CARGO_CHEF_PREBUILT } from '../../model/pins';
import { cargoBuildArgs, cargoCommand, collectBinariesCommands } from '../builder/cargo-command';
import { BUILD_DIR } from '../builder/layout';
import { prebuiltOrCargoInstall } from '../cross/tool-install';
import { SOURCES_DIR, SOURCES_STAGE } from '../stages/sources-stage';
import { TOOLCHAIN_STAGE } from '../stages/toolchain-stage';

const CHEF_STAGE = 'chef';
const PLANNER_STAGE = 'planner';
const RECIPE = 'recipe.json';

/**
 * `DependencyCaching.cargoChef(version)`: cargo-chef installed on the
 * toolchain and a planner stage, shared by every target; per target, cook
 * the recipe with the final build's arguments (same target, profile
 * variables, features, `--locked`, package and binary), then build the real
 * sources. Local crates are cleaned before the final build, so a stale
 * cooked artifact never ships.
 */
export const CARGO_CHEF: CachingStrategy = {
  kind: DependencyCachingKind.CARGO_CHEF,
  stageNames: [CHEF_STAGE, PLANNER_STAGE],
  validate: (builder) => {
    if (builder.cargoArgs.length > 0) {
      throw invalidValue('cargoArgs', builder.cargoArgs, 'cargo chef cook accepts only cargo build\'s common flags, so the dependency build could not use the same arguments as the final build', 'Remove cargoArgs (use features, profile or buildEnvironment), or use DependencyCaching.skeleton().');
    }
    if (builder.fetchesPrivately) {
      throw invalidValue('dependencyCaching', 'cargoChef', 'cargo chef cook fetches and builds dependencies in one step, so the build secrets and SSH agent would reach every build script', 'Use DependencyCaching.skeleton() (the default), which fetches in a step of its own.');
    }
  },
  renderSharedStages: (dockerfile, builder) => {
    const version = builder.dependencyCaching.cargoChefVersion!;
    dockerfile.addStage({ image: TOOLCHAIN_STAGE, name: CHEF_STAGE })
      // Its own target directory: the service's /build/target stays free of cargo-chef's artifacts.
      .run(prebuiltOrCargoInstall('cargo-chef', version, CARGO_CHEF_PREBUILT[version] ?? {}, '/tmp/cargo-chef'))
      .workdir(BUILD_DIR);
    enterWorkspace(dockerfile.addStage({ image: CHEF_STAGE, name: PLANNER_STAGE }).copy([`${SOURCES_DIR}/`], './', { fromStage: SOURCES_STAGE }), builder.manifest)
      .run([cargoCommand(['chef', 'prepare', '--recipe-path', `${BUILD_DIR}/${RECIPE}`])]);
  },
  renderTarget: (dockerfile, builder, target) => {
    const stage = builderStageName(target);
    const args = cargoBuildArgs(builder, true, target.triple);
    // cook compiles with the subcommand the final build uses (`cargo zigbuild` when cross-compiling with zig).
    const subcommand = builder.crossCompilation.cargoSubcommand === 'zigbuild' ? ['--zigbuild'] : [];
    enterWorkspace(dockerfile.addStage({ image: CHEF_STAGE, name: stage })
      .copy([`${BUILD_DIR}/${RECIPE}`], `${BUILD_DIR}/${RECIPE}`, { fromStage: PLANNER_STAGE }), builder.manifest)
      .run([cargoCommand(['chef', 'cook', ...subcommand, ...args.slice(1), '--recipe-path', `${BUILD_DIR}/${RECIPE}`])])
      .copy([`${SOURCES_DIR}/`], `${BUILD_DIR}/`, { fromStage: SOURCES_STAGE })
      .run([
        ...cleanLocalCratesCommands(builder, target.triple),
        cargoCommand(args),
        ...collectBinariesCommands(builder, target.triple),
      ]);
    return { stage, supportFiles: [] };
  },
};
