import { enterWorkspace } from './local-crates';
import { StrategyOutput } from './strategy';
import { Dockerfile } from '../../dockerfile/dockerfile';
import { BuildTarget } from '../builder/build-target';
import { cargoBuildArgs, cargoCommand, collectBinariesCommands } from '../builder/cargo-command';
import { BUILD_DIR } from '../builder/layout';
import { RustMuslImage } from '../builder/rust-musl-image';
import { renderPrivateFetch } from '../stages/private-fetch';
import { SOURCES_DIR, SOURCES_STAGE } from '../stages/sources-stage';
import { TOOLCHAIN_STAGE } from '../stages/toolchain-stage';

/** `DependencyCaching.none()`: the sources, one `cargo build`. */
export function renderNoCaching(dockerfile: Dockerfile, builder: RustMuslImage, target: BuildTarget): StrategyOutput {
  const stage = `builder${target.suffix}`;
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
}
