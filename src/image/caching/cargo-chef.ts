import { cleanLocalCratesCommands, enterWorkspace } from './local-crates';
import { StrategyOutput } from './strategy';
import { invalidValue } from '../../core/errors';
import { Dockerfile } from '../../dockerfile/dockerfile';
import { CrossCompilationKind } from '../../model/cross-compilation';
import { CARGO_CHEF_PREBUILT } from '../../model/pins';
import { BuildTarget } from '../builder/build-target';
import { cargoBuildArgs, cargoCommand, collectBinariesCommands } from '../builder/cargo-command';
import { BUILD_DIR } from '../builder/layout';
import { RustMuslImage } from '../builder/rust-musl-image';
import { prebuiltOrCargoInstall } from '../cross/cross-tools';
import { SOURCES_DIR, SOURCES_STAGE } from '../stages/sources-stage';
import { TOOLCHAIN_STAGE } from '../stages/toolchain-stage';

const CHEF_STAGE = 'chef';
const PLANNER_STAGE = 'planner';
const RECIPE = 'recipe.json';

/** The stages every target shares: cargo-chef installed on the toolchain, and the planner. */
export function renderCargoChefStages(dockerfile: Dockerfile, builder: RustMuslImage): void {
  if (builder.cargoArgs.length > 0) {
    throw invalidValue('cargoArgs', builder.cargoArgs, 'cargo chef cook accepts only cargo build\'s common flags, so the dependency build could not use the same arguments as the final build', 'Remove cargoArgs (use features, profile or buildEnvironment), or use DependencyCaching.skeleton().');
  }
  if (builder.fetchesPrivately) {
    throw invalidValue('dependencyCaching', 'cargoChef', 'cargo chef cook fetches and builds dependencies in one step, so the build secrets and SSH agent would reach every build script', 'Use DependencyCaching.skeleton() (the default), which fetches in a step of its own.');
  }
  const version = builder.dependencyCaching.cargoChefVersion!;
  dockerfile.addStage({ image: TOOLCHAIN_STAGE, name: CHEF_STAGE })
    // Its own target directory: the service's /build/target stays free of cargo-chef's artifacts.
    .run(prebuiltOrCargoInstall('cargo-chef', version, CARGO_CHEF_PREBUILT[version] ?? {}, '/tmp/cargo-chef'))
    .workdir(BUILD_DIR);
  enterWorkspace(dockerfile.addStage({ image: CHEF_STAGE, name: PLANNER_STAGE }).copy([`${SOURCES_DIR}/`], './', { fromStage: SOURCES_STAGE }), builder.manifest)
    .run([cargoCommand(['chef', 'prepare', '--recipe-path', `${BUILD_DIR}/${RECIPE}`])]);
}

/**
 * `DependencyCaching.cargoChef(version)`: cook the recipe with the final
 * build's arguments (same target, profile variables, features, `--locked`,
 * package and binary), then build the real sources. Local crates are
 * cleaned before the final build, so a stale cooked artifact never ships.
 */
export function renderCargoChefBuild(dockerfile: Dockerfile, builder: RustMuslImage, target: BuildTarget): StrategyOutput {
  const stage = `builder${target.suffix}`;
  const args = cargoBuildArgs(builder, true, target.triple);
  const zig = builder.crossCompilation.kind === CrossCompilationKind.ZIGBUILD ? ['--zigbuild'] : [];
  enterWorkspace(dockerfile.addStage({ image: CHEF_STAGE, name: stage })
    .copy([`${BUILD_DIR}/${RECIPE}`], `${BUILD_DIR}/${RECIPE}`, { fromStage: PLANNER_STAGE }), builder.manifest)
    .run([cargoCommand(['chef', 'cook', ...zig, ...args.slice(1), '--recipe-path', `${BUILD_DIR}/${RECIPE}`])])
    .copy([`${SOURCES_DIR}/`], `${BUILD_DIR}/`, { fromStage: SOURCES_STAGE })
    .run([
      ...cleanLocalCratesCommands(builder, target.triple),
      cargoCommand(args),
      ...collectBinariesCommands(builder, target.triple),
    ]);
  return { stage, supportFiles: [] };
}
