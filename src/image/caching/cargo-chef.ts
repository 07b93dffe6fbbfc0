import { Dockerfile } from '../../dockerfile/dockerfile';
import { invalidValue, quote, QuoteContext } from '../../dockerfile/quote';
import { CrossCompilationKind } from '../../model/cross-compilation';
import { BUILD_DIR, cargoBuildArgs, cargoCommand, collectBinaryCommands } from '../builder-stages';
import { RustMuslImage } from '../rust-musl-image';
import { BuildTarget, StrategyOutput } from './build-target';
import { cleanLocalCratesCommands } from './local-crates';

const CHEF_STAGE = 'chef';
const PLANNER_STAGE = 'planner';
const RECIPE = 'recipe.json';

/** The stages every target shares: cargo-chef installed on the toolchain, and the planner. */
export function renderCargoChefStages(dockerfile: Dockerfile, builder: RustMuslImage): void {
  if (builder.cargoArgs.length > 0) {
    throw invalidValue('cargoArgs', builder.cargoArgs, 'cargo chef cook accepts only cargo build\'s common flags, so the dependency build could not use the same arguments as the final build', 'Remove cargoArgs (use features, profile or buildEnvironment), or use DependencyCaching.skeleton().');
  }
  const version = quote(builder.dependencyCaching.cargoChefVersion!, QuoteContext.SHELL, 'cargoChef version');
  dockerfile.addStage({ image: 'toolchain', name: CHEF_STAGE })
    // Its own target directory: the service's /build/target stays free of cargo-chef's artifacts.
    .run([`CARGO_TARGET_DIR=/tmp/cargo-chef cargo install cargo-chef --locked --version ${version}`, 'rm -rf /tmp/cargo-chef'])
    .workdir(BUILD_DIR);
  dockerfile.addStage({ image: CHEF_STAGE, name: PLANNER_STAGE })
    .copy(['.'], '.')
    .run([cargoCommand(['chef', 'prepare', '--recipe-path', RECIPE])]);
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
  dockerfile.addStage({ image: CHEF_STAGE, name: stage })
    .copy([`${BUILD_DIR}/${RECIPE}`], RECIPE, { fromStage: PLANNER_STAGE })
    .run([cargoCommand(['chef', 'cook', ...zig, ...args.slice(1), '--recipe-path', RECIPE])])
    .copy(['.'], '.')
    .run([
      ...cleanLocalCratesCommands(builder, target.triple),
      cargoCommand(args),
      ...collectBinaryCommands(builder, builder.binary.binaryName, target.triple),
    ]);
  return { stage, supportFiles: [] };
}
