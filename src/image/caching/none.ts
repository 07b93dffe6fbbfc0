import { Dockerfile } from '../../dockerfile/dockerfile';
import { BUILD_DIR, cargoBuildArgs, cargoCommand, collectBinaryCommands } from '../builder-stages';
import { RustMuslImage } from '../rust-musl-image';
import { BuildTarget, StrategyOutput } from './build-target';

/** `DependencyCaching.none()`: the whole context, one `cargo build`. */
export function renderNoCaching(dockerfile: Dockerfile, builder: RustMuslImage, target: BuildTarget): StrategyOutput {
  const stage = `builder${target.suffix}`;
  dockerfile.addStage({ image: 'toolchain', name: stage })
    .workdir(BUILD_DIR)
    .copy(['.'], '.')
    .run([
      cargoCommand(cargoBuildArgs(builder, true, target.triple)),
      ...collectBinaryCommands(builder, builder.binary.binaryName, target.triple),
    ]);
  return { stage, supportFiles: [] };
}
