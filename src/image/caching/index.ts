import { renderCacheMountBuild } from './cache-mounts';
import { renderCargoChefBuild, renderCargoChefStages } from './cargo-chef';
import { renderNoCaching } from './none';
import { renderSkeletonBuild } from './skeleton';
import { Strategy } from './strategy';
import { Dockerfile } from '../../dockerfile/dockerfile';
import { DependencyCachingKind } from '../../model/dependency-caching';
import { buildTargets } from '../builder/build-target';
import { OUT_DIR } from '../builder/layout';
import { RustMuslImage } from '../builder/rust-musl-image';
import { ASSERT_STATIC_FILE, SupportFile } from '../context/support-files';
import { BuilderOutput } from '../stages/builder-output';
import { renderPlatformAlias } from '../stages/platform-alias';
import { renderProbeStage } from '../stages/probe-stage';
import { renderSourcesStage } from '../stages/sources-stage';

const STRATEGIES: Record<DependencyCachingKind, Strategy> = {
  [DependencyCachingKind.NONE]: renderNoCaching,
  [DependencyCachingKind.SKELETON]: renderSkeletonBuild,
  [DependencyCachingKind.CACHE_MOUNTS]: renderCacheMountBuild,
  [DependencyCachingKind.CARGO_CHEF]: renderCargoChefBuild,
};

/**
 * Renders the stages after the toolchain stage: the sources stage; for each target, the
 * probe (when wanted) and the caching strategy's builder chain; in a
 * multi-platform Dockerfile, the `builder`/`healthcheck` aliases that pick
 * the chain of `$TARGETARCH`.
 */
export function renderBuilderStages(dockerfile: Dockerfile, builder: RustMuslImage, withProbe: boolean): BuilderOutput {
  const files = new Map<string, SupportFile>([[ASSERT_STATIC_FILE.path, ASSERT_STATIC_FILE]]);
  const add = (list: SupportFile[]) => list.forEach((f) => files.set(f.path, f));
  renderSourcesStage(dockerfile);
  if (builder.dependencyCaching.kind === DependencyCachingKind.CARGO_CHEF) {
    renderCargoChefStages(dockerfile, builder);
  }
  const strategy = STRATEGIES[builder.dependencyCaching.kind];
  let probeStage: string | undefined;
  let builderStage = 'builder';
  for (const target of buildTargets(builder)) {
    if (withProbe) {
      const probe = renderProbeStage(dockerfile, builder, target.triple, target.suffix);
      probeStage = probe.stage;
      add(probe.files);
    }
    const output = strategy(dockerfile, builder, target);
    builderStage = output.stage;
    add(output.supportFiles);
  }
  if (builder.multiPlatform) {
    if (withProbe) {
      renderPlatformAlias(dockerfile, 'healthcheck');
      probeStage = 'healthcheck';
    }
    renderPlatformAlias(dockerfile, 'builder');
    builderStage = 'builder';
  }
  return {
    builderStage,
    binaryPath: `${OUT_DIR}/${builder.binary.binaryName}`,
    probeStage,
    probePath: probeStage ? `${OUT_DIR}/healthcheck` : undefined,
    supportFiles: [...files.values()],
    warnings: [],
  };
}
