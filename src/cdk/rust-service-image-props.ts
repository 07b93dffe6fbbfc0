import { DockerCacheOption, NetworkMode } from 'aws-cdk-lib/aws-ecr-assets';
import { RegistryCache } from './registry-cache';
import { RustMuslImageProps } from '../image/builder/rust-musl-image';
import { Runtime } from '../image/runtimes/runtime';
import { HealthCheck } from '../model/health-check';
import { RuntimeUser } from '../model/runtime-user';

/**
 * Props of a RustServiceImage: the builder options (`RustBuildOptions` and
 * the crate directory), the runtime, and the Docker build options that make
 * sense for a generated Dockerfile.
 */
export interface RustServiceImageProps extends RustMuslImageProps {
  /**
   * The runtime image. Mutually exclusive with `healthCheck` and `user`, and
   * with a `port` other than the runtime's own: pass those to the runtime's
   * constructor instead.
   *
   * @default - a ScratchRuntime built from `port`, `healthCheck` and `user`
   */
  readonly runtime?: Runtime;
  /**
   * Port the service listens on, for the default ScratchRuntime (with
   * `runtime`, it may only restate the runtime's port).
   *
   * @default 8080
   */
  readonly port?: number;
  /**
   * Health check, for the default ScratchRuntime. It also becomes the ECS
   * container health check and the load balancer's target group check.
   *
   * @default HealthCheck.http('/health')
   */
  readonly healthCheck?: HealthCheck;
  /**
   * User the service runs as, for the default ScratchRuntime.
   *
   * @default RuntimeUser.nonRoot() (65532:65532)
   */
  readonly user?: RuntimeUser;
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
   * A display name for the asset in the CDK CLI's output.
   *
   * @default - the construct path
   */
  readonly assetName?: string;
}
