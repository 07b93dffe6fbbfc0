import { Annotations, Stage } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { assetInvocationOf, stagingExtraHashOf } from './asset-source';
import { CodeBuildImages } from './codebuild/codebuild-images';
import { containerEngineAdvice } from './container-engine-advice';
import { ImageAssetOptions } from './image-asset-options';
import { stageContext, StagedContext } from './staged-context';
import { AssetPart, ImageAssetLocation, registerImageAsset } from './staged-image';
import { invalidProps } from '../core/errors';
import { BuildWarning, WARNING_IDS } from '../image/build-warning';
import { ImageBuild } from '../image/image-build';
import { assertRemoteBuildable } from '../image/remote-build';
import { BuildLocation } from '../model/build-location';

/*
 * What every image construct does with its composed images, decided once:
 * the checks, staging the build context once, one Docker image asset per
 * image, and the warnings (the images' own, and the links left out).
 * `RustServiceImage` has one image; `RustWorkspaceServices` one per service,
 * all built from the same staged context.
 */

/** One registered image. */
export interface RegisteredImage {
  readonly build: ImageBuild;
  readonly location: ImageAssetLocation;
  /** The asset hash of the image. */
  readonly assetHash: string;
}

/** The staged context and its images, in the order of the builds. */
export interface StagedImages {
  readonly staged: StagedContext;
  readonly images: RegisteredImage[];
}

/**
 * Stages the context of `builds` (they share it) into the assembly and
 * registers one asset per build. `partOf` gives each image its hash and
 * repository id when the context holds several; without it, the one image's
 * hash is the whole staged context's.
 */
export function stageImageAssets(
  scope: Construct, builds: ImageBuild[], props: ImageAssetOptions, partOf?: (staged: StagedContext, build: ImageBuild) => AssetPart,
): StagedImages {
  const outdir = Stage.of(scope)?.assetOutdir;
  if (!outdir) {
    throw invalidProps('the construct is not inside an App or Stage', 'Define it in one: it stages its build context in the cloud assembly directory.');
  }
  if (props.registryCache && (props.cacheFrom || props.cacheTo)) {
    throw invalidProps('registryCache and cacheFrom/cacheTo are both set', 'Use registryCache alone, or cacheFrom and cacheTo alone.');
  }
  const location = props.buildLocation ?? BuildLocation.local();
  if (location.isCodeBuild) assertCodeBuildProps(props, builds[0]);
  const staged = stageContext(builds[0], outdir, stagingExtraHashOf(assetInvocationOf(builds[0], props)));
  const parts = builds.map((build) => partOf?.(staged, build) ?? {});
  const images = location.isCodeBuild
    ? codeBuildImages(scope, builds, props, location, staged, parts)
    : builds.map((build, i) => ({
      build,
      location: registerImageAsset(scope, staged, assetInvocationOf(build, props), props.assetName, parts[i]),
      assetHash: parts[i].sourceHash ?? staged.assetHash,
    }));
  reportWarnings(scope, builds, props, staged, location.isCodeBuild);
  return { staged, images };
}

/** The images built in CodeBuild, from the same staged context and hashes as the local assets. */
function codeBuildImages(
  scope: Construct, builds: ImageBuild[], props: ImageAssetOptions, location: BuildLocation, staged: StagedContext, parts: AssetPart[],
): RegisteredImage[] {
  const requests = builds.map((build, i) => ({ build, hash: parts[i].sourceHash ?? staged.assetHash }));
  const remote = new CodeBuildImages(scope, 'CodeBuild', {
    location,
    staged,
    requests,
    assetName: props.assetName,
    options: { buildArgs: props.buildArgs, networkMode: props.networkMode?.mode, cacheDisabled: props.cacheDisabled },
  });
  return requests.map(({ build, hash }, i) => ({ build, location: remote.locations[i], assetHash: hash }));
}

/** What a CodeBuild build cannot take: its own cache replaces the caches and outputs, and nothing local reaches it. */
function assertCodeBuildProps(props: ImageAssetOptions, build: ImageBuild): void {
  const given = (['registryCache', 'cacheFrom', 'cacheTo', 'outputs'] as const).filter((prop) => props[prop] !== undefined);
  if (given.length > 0) {
    throw invalidProps(`buildLocation is BuildLocation.codeBuild(), and ${given.join(', ')} ${given.length > 1 ? 'are' : 'is'} set`,
      'Leave them out: a CodeBuild build pushes to its own ECR repository and keeps the builder stage there as its registry cache (or build locally to use them).');
  }
  assertRemoteBuildable(build);
}

/**
 * Each architecture of a CodeBuild build runs on a machine of that
 * architecture, so the warnings about a builder emulated on another
 * architecture do not apply there.
 */
const NATIVE_BUILD_MOOT_WARNINGS: string[] = [WARNING_IDS.emulatedBuild, WARNING_IDS.multiPlatformWithoutCross];

/**
 * Each image's advice once (images of one build share most of it), with the
 * advice for the engine `CDK_DOCKER` names, and the links staging left out.
 * A CodeBuild build runs Docker on a native machine per architecture: the
 * local engine's advice and the emulation warnings do not apply to it.
 */
function reportWarnings(scope: Construct, builds: ImageBuild[], props: ImageAssetOptions, staged: StagedContext, codeBuild: boolean): void {
  const warnings = new Map<string, BuildWarning>();
  const advice = codeBuild
    ? builds.flatMap((b) => b.warnings).filter((w) => !NATIVE_BUILD_MOOT_WARNINGS.includes(w.id))
    : builds.flatMap((b) => [...b.warnings, ...containerEngineAdvice(b, assetInvocationOf(b, props), props)]);
  for (const warning of advice) warnings.set(`${warning.id}\n${warning.message}`, warning);
  const annotations = Annotations.of(scope);
  for (const warning of warnings.values()) annotations.addWarningV2(warning.id, warning.message);
  const links = staged.linksLeftOut;
  if (links.length > 0) {
    const shown = links.slice(0, 10).join(', ') + (links.length > 10 ? `, and ${links.length - 10} more` : '');
    annotations.addWarningV2(WARNING_IDS.symlinkOutsideContext,
      `Symbolic links that lead outside the build context ${builds[0].contextDirectory} (or dangle, or loop) were left out of the image's build context: ${shown}. `
      + 'Nothing outside the context is ever staged. Replace a link with the file it points to if the build needs it.');
  }
}
