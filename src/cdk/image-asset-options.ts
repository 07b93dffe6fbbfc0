import { DockerCacheOption, NetworkMode } from 'aws-cdk-lib/aws-ecr-assets';
import { RegistryCache } from './registry-cache';
import { BuildLocation } from '../model/build-location';

/** How the CDK builds an image asset from a generated Dockerfile: caches, build arguments, network, outputs. */
export interface ImageAssetOptions {
  /**
   * Build arguments passed to `docker build` (they are part of the asset hash).
   *
   * @default - none
   */
  readonly buildArgs?: { [key: string]: string };
  /**
   * A registry cache for CI runners that start empty: `RegistryCache.registry(ref)`
   * (buildx) or `RegistryCache.inline(images)` (Docker 20.10). Mutually
   * exclusive with `cacheFrom` and `cacheTo`.
   *
   * @default - no registry cache
   */
  readonly registryCache?: RegistryCache;
  /**
   * Cache sources for `docker build --cache-from`.
   *
   * @default - no cache sources
   */
  readonly cacheFrom?: DockerCacheOption[];
  /**
   * Cache destination for `docker build --cache-to`.
   *
   * @default - no cache destination
   */
  readonly cacheTo?: DockerCacheOption;
  /**
   * Build without the build cache (`--no-cache`).
   *
   * @default false
   */
  readonly cacheDisabled?: boolean;
  /**
   * Outputs for `docker build --output`.
   *
   * @default - the image is loaded into the local engine
   */
  readonly outputs?: string[];
  /**
   * Network mode of the `RUN` instructions during the build.
   *
   * @default - the engine's default network
   */
  readonly networkMode?: NetworkMode;
  /**
   * Where the image is built: where `cdk deploy` runs (a Docker image asset),
   * or in AWS CodeBuild at deploy time (`BuildLocation.codeBuild()`: no
   * Docker needed to deploy, a native machine per architecture, an ECR
   * repository of its own with the dependency layer as a registry cache, and
   * the task definition referring to the image by digest). CodeBuild builds
   * take no `registryCache`, `cacheFrom`, `cacheTo` or `outputs` (they keep
   * their own cache in the repository) and no build secrets or SSH agent.
   *
   * @default BuildLocation.local()
   */
  readonly buildLocation?: BuildLocation;
  /**
   * A display name for the asset in the CDK CLI's output.
   *
   * @default - the construct path
   */
  readonly assetName?: string;
}
