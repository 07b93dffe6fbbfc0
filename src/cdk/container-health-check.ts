import { Duration } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { ImageBuild } from '../image/image-build';

/**
 * The ECS container health check of an image: the image's resolved check
 * (same command and timing as its `HEALTHCHECK`). ECS ignores the image's
 * own check, so without this a Fargate task never reports health.
 *
 * @returns undefined when the image has no health check
 */
export function containerHealthCheckOf(build: ImageBuild): ecs.HealthCheck | undefined {
  const check = build.healthCheck;
  if (check === undefined) return undefined;
  return {
    command: ['CMD', ...check.command],
    interval: Duration.seconds(check.intervalSeconds),
    timeout: Duration.seconds(check.timeoutSeconds),
    retries: check.retries,
    startPeriod: Duration.seconds(check.startPeriodSeconds),
  };
}
