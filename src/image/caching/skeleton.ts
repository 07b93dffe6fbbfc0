import { Dockerfile } from '../../dockerfile/dockerfile';
import { BUILD_DIR, cargoBuildArgs, cargoCommand, collectBinaryCommands } from '../builder-stages';
import { RustMuslImage } from '../rust-musl-image';
import { BuildTarget, StrategyOutput } from './build-target';
import { cleanLocalCratesCommands, copyConfigFiles } from './local-crates';
import { SKELETON_DIR, skeletonSupportFiles } from './skeleton-files';

/**
 * `DependencyCaching.skeleton()`: the dependencies build from the synth-time
 * skeleton in their own layer, with the final build's exact arguments; then
 * the real sources replace the stubs, every local crate's fingerprints and
 * artifacts are deleted, and the final build compiles the real code.
 */
export function renderSkeletonBuild(dockerfile: Dockerfile, builder: RustMuslImage, target: BuildTarget): StrategyOutput {
  const stage = `builder${target.suffix}`;
  const build = cargoCommand(cargoBuildArgs(builder, true, target.triple));
  const builderStage = dockerfile.addStage({ image: 'toolchain', name: stage })
    .workdir(BUILD_DIR)
    .comment('Dependency layer: normalized manifests, Cargo.lock and stub sources, computed at synth time')
    .copy([`${SKELETON_DIR}/`], './');
  copyConfigFiles(builderStage, builder.manifest);
  builderStage.run([build])
    .comment('The real sources; every local crate is rebuilt from them, whatever their mtimes')
    .copy(['.'], '.')
    .run([
      ...cleanLocalCratesCommands(builder, target.triple),
      build,
      ...collectBinaryCommands(builder, builder.binary.binaryName, target.triple),
    ]);
  return { stage, supportFiles: skeletonSupportFiles(builder.manifest) };
}
