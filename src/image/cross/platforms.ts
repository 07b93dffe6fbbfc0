import { Dockerfile } from '../../dockerfile/dockerfile';
import { BuildTarget } from '../caching/build-target';
import { RustMuslImage } from '../rust-musl-image';

/** The builder chains to render: one, or one per architecture in a multi-platform Dockerfile. */
export function buildTargets(builder: RustMuslImage): BuildTarget[] {
  return builder.architectures.map((architecture) => ({
    architecture,
    triple: architecture.rustTarget(builder.linkage),
    suffix: builder.multiPlatform ? `-${architecture.dockerArch}` : '',
  }));
}

/** How the header describes the targets. */
export function describeTargets(builder: RustMuslImage): string {
  if (!builder.multiPlatform) return builder.targetTriple;
  return `multi-platform: ${buildTargets(builder).map((t) => `${t.architecture.dockerPlatform} -> ${t.triple}`).join(', ')}`;
}

/**
 * `FROM <stage>-${TARGETARCH} AS <stage>`: picks the chain of the platform
 * being built. BuildKit builds only the stages the target platform needs.
 */
export function renderPlatformAlias(dockerfile: Dockerfile, stage: string): void {
  dockerfile.addStage({ image: `${stage}-\${TARGETARCH}`, name: stage })
    .comment(`The ${stage} of the platform being built (TARGETARCH is amd64 or arm64)`);
}
