import { Duration } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';

/**
 * Options of the container that `RustServiceImage.addToTaskDefinition()`
 * adds (and that `RustFargateService` takes). Health check, user, port
 * mapping, init process and read-only root file system come from the image.
 */
export interface RustContainerOptions {
  /**
   * Name of the container: letters, digits, "_" and "-" (what ECS accepts).
   *
   * @default - the binary name, with any other character replaced by "-"
   */
  readonly containerName?: string;
  /**
   * Log group of the container's `awslogs` driver.
   *
   * @default - a new log group that keeps logs for `logRetention`
   */
  readonly logGroup?: logs.ILogGroup;
  /**
   * How long the new log group keeps logs (ignored with `logGroup`).
   *
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Prefix of the log stream names.
   *
   * @default - the container name
   */
  readonly streamPrefix?: string;
  /**
   * Environment variables of the container (merged over the image's `PORT`,
   * which may not be set here: change the image's port instead).
   *
   * @default - none
   */
  readonly environment?: { [name: string]: string };
  /**
   * Secrets exposed to the container as environment variables.
   *
   * @default - none
   */
  readonly secrets?: { [name: string]: ecs.Secret };
  /**
   * Mount the root file system read-only.
   *
   * @default - the runtime's `readonlyRootFilesystem` (true except for DevImage)
   */
  readonly readonlyRootFilesystem?: boolean;
  /**
   * With a read-only root file system, mount a writable, task-local volume
   * at `/tmp` (Fargate has no tmpfs), so `std::env::temp_dir()` works.
   *
   * @default true
   */
  readonly writableTmp?: boolean;
  /**
   * How long ECS waits after SIGTERM before it kills the container (2 to 120
   * s on Fargate): at least as long as the service's graceful shutdown.
   *
   * @default - ECS's default (30 s)
   */
  readonly stopTimeout?: Duration;
}
