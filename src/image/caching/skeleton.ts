import { cleanLocalCratesCommands, copyConfigFiles, enterWorkspace } from './local-crates';
import { builderStageName, CachingStrategy } from './strategy';
import { DependencyCachingKind } from '../../model/dependency-caching';
import { cargoBuildArgs, cargoCommand, collectBinariesCommands } from '../builder/cargo-command';
import { BUILD_DIR } from '../builder/layout';
import { SKELETON_DIR, SupportFile } from '../context/support-files';
import type { RustMuslImage } from '../rust-musl-image';
import { renderPrivateFetch } from '../stages/private-fetch';
import { SOURCES_DIR, SOURCES_STAGE } from '../stages/sources-stage';
import { TOOLCHAIN_STAGE } from '../stages/toolchain-stage';

/**
 * `DependencyCaching.skeleton()`: the dependencies build from the synth-time
 * skeleton in their own layer, with the final build's exact arguments; then
 * the real sources replace the stubs, every local crate's fingerprints and
 * artifacts are deleted, and the final build compiles the real code.
 */
export const SKELETON: CachingStrategy = {
  kind: DependencyCachingKind.SKELETON,
  stageNames: [],
  renderTarget: (dockerfile, builder, target) => {
    const stage = builderStageName(target);
    const manifest = builder.manifest;
    const build = cargoCommand(cargoBuildArgs(builder, true, target.triple));
    const builderStage = dockerfile.addStage({ image: TOOLCHAIN_STAGE, name: stage })
      .workdir(BUILD_DIR)
      .comment('Dependency layer: normalized manifests, Cargo.lock and stub sources, computed at synth time')
      .copy([`${SKELETON_DIR}/`], './');
    copyConfigFiles(builderStage, manifest);
    enterWorkspace(builderStage, manifest);
    renderPrivateFetch(builderStage, builder, target.triple);
    builderStage.run([build])
      .comment('The real sources; every local crate is rebuilt from them, whatever their mtimes')
      .copy([`${SOURCES_DIR}/`], `${BUILD_DIR}/`, { fromStage: SOURCES_STAGE })
      .run([
        ...cleanLocalCratesCommands(builder, target.triple),
        build,
        ...collectBinariesCommands(builder, target.triple),
      ]);
    return { stage, supportFiles: skeletonSupportFiles(builder) };
  },
};

/** The skeleton as support files under `.cdk-rust-image/skeleton/`. */
export function skeletonSupportFiles(builder: RustMuslImage): SupportFile[] {
  return builder.manifest._skeletonFiles().map((file) => ({ path: `${SKELETON_DIR}/${file.path}`, content: file.content }));
}
