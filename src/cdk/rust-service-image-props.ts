import { ImageAssetOptions } from './image-asset-options';
import { ImageRuntime } from '../image/runtimes/runtime';
import { RustMuslImageProps } from '../image/rust-musl-image';
import { HealthCheck } from '../model/health-check';
import { RuntimeUser } from '../model/runtime-user';

/**
 * Props of a RustServiceImage: the builder options (`RustBuildOptions` and
 * the crate directory), the runtime, and the Docker build options of the
 * asset (`ImageAssetOptions`).
 */
export interface RustServiceImageProps extends RustMuslImageProps, ImageAssetOptions {
  /**
   * The runtime image. Mutually exclusive with `healthCheck` and `user`, and
   * with a `port` other than the runtime's own: pass those to the runtime's
   * constructor instead.
   *
   * @default - a ScratchRuntime built from `port`, `healthCheck` and `user`
   */
  readonly runtime?: ImageRuntime;
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
}
