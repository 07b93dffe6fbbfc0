import * as ecs from 'aws-cdk-lib/aws-ecs';
import { IConstruct } from 'constructs';
import { RustContainerOptions } from './rust-container-options';
import { ImageBuild } from '../image/image-build';
import { Architecture } from '../model/architecture';

/**
 * A Rust service's image in CDK: what a task definition and a
 * `RustFargateService` need of it. `RustServiceImage` is one; each service
 * of a `RustWorkspaceServices` is another.
 */
export interface IRustServiceImage extends IConstruct {
  /** The composed image: Dockerfile, platform, port, user, resolved health check. */
  readonly imageBuild: ImageBuild;
  /** The image for ECS container definitions. */
  readonly containerImage: ecs.ContainerImage;
  /** CPU architecture of the image. */
  readonly architecture: Architecture;
  /** The task definition runtime platform that runs this image. */
  readonly runtimePlatform: ecs.RuntimePlatform;
  /** Port the service listens on. */
  readonly port: number;
  /**
   * The ECS container health check (the image's own probe and timing).
   * @default - none, when the image has no health check
   */
  readonly healthCheck?: ecs.HealthCheck;
  /** Adds the service container to `taskDefinition`, configured from the image. */
  addToTaskDefinition(taskDefinition: ecs.TaskDefinition, options?: RustContainerOptions): ecs.ContainerDefinition;
}
