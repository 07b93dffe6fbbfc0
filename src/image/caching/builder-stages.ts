import { cachingStrategyOf } from './registry';
import { BUILDER_STAGE } from './strategy';
import { Dockerfile } from '../../dockerfile/dockerfile';
import { buildTargets } from '../builder/build-target';
import { OUT_DIR } from '../builder/layout';
import { ASSERT_STATIC_FILE, SupportFile } from '../context/support-files';
import type { RustMuslImage } from '../rust-musl-image';
import { BuilderOutput } from '../stages/builder-output';
import { renderPlatformAlias } from '../stages/platform-alias';
import { PROBE_STAGE, renderProbeStage } from '../stages/probe-stage';
import { renderSourcesStage } from '../stages/sources-stage';

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
  const strategy = cachingStrategyOf(builder.dependencyCaching);
  strategy.renderSharedStages?.(dockerfile, builder);
  let probeStage: string | undefined;
  let builderStage = BUILDER_STAGE;
  for (const target of buildTargets(builder)) {
    if (withProbe) {
      const probe = renderProbeStage(dockerfile, builder, target.triple, target.suffix);
      probeStage = probe.stage;
      add(probe.files);
    }
    const output = strategy.renderTarget(dockerfile, builder, target);
    builderStage = output.stage;
    add(output.supportFiles);
  }
  if (builder.multiPlatform) {
    if (withProbe) {
      renderPlatformAlias(dockerfile, PROBE_STAGE);
      probeStage = PROBE_STAGE;
    }
    renderPlatformAlias(dockerfile, BUILDER_STAGE);
    builderStage = BUILDER_STAGE;
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
