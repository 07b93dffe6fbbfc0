import { Dockerfile } from '../../dockerfile/dockerfile';

/**
 * `FROM <stage>-${TARGETARCH} AS <stage>`: picks the chain of the platform
 * being built. BuildKit builds only the stages the target platform needs.
 */
export function renderPlatformAlias(dockerfile: Dockerfile, stage: string): void {
  dockerfile.addStage({ image: `${stage}-\${TARGETARCH}`, name: stage })
    .comment(`The ${stage} of the platform being built (TARGETARCH is amd64 or arm64)`);
}
