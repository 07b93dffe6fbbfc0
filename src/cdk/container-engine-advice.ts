import { ImageAssetOptions } from './image-asset-options';
import { BuildWarning } from '../image/build-warning';
import { containerEngineOf, containerEngineWarnings, engineBuildFactsOf } from '../image/container-engine';
import { ImageBuild } from '../image/image-build';
import { BuildInvocation } from '../image/invocation/build-invocation';
import { Architecture } from '../model/architecture';

/*
 * cdk-assets builds with `$CDK_DOCKER` (default `docker`) when `cdk deploy`
 * publishes the asset, after synthesis. The library reads the same variable
 * while it synthesizes: `cdk deploy` and `cdk synth` run the app with the
 * CLI's own environment, so a machine set up for podman shows it here too.
 * Where synthesis and publishing run apart (CDK Pipelines), the advice may be
 * missing or needless; it is only ever a warning (with a fixed id, so it can
 * be acknowledged) and never changes the template or an asset hash.
 */

/** Advice for the engine `CDK_DOCKER` names, about the asset build of `build` (its `invocation`, from the asset options `props`). */
export function containerEngineAdvice(
  build: ImageBuild, invocation: BuildInvocation, props: ImageAssetOptions, env: NodeJS.ProcessEnv = process.env,
): BuildWarning[] {
  const cacheProp = props.registryCache ? 'registryCache' : (props.cacheFrom || props.cacheTo) ? 'cacheFrom/cacheTo' : undefined;
  // The synthesizing machine: most often the one cdk-assets builds on.
  const hostPlatform = (process.arch === 'arm64' ? Architecture.ARM64 : Architecture.X86_64).dockerPlatform;
  return containerEngineWarnings(containerEngineOf(env.CDK_DOCKER), engineBuildFactsOf(build, invocation, hostPlatform, cacheProp));
}
