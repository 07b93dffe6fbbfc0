import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { runtimePlatformOf } from './cdk-architecture';
import { containerHealthCheckOf } from './container-health-check';
import { stageImageAssets } from './image-assets';
import { RustContainerOptions } from './rust-container-options';
import { IRustServiceImage } from './rust-service-image-interface';
import { RustServiceImageProps } from './rust-service-image-props';
import { StagedContainerImage } from './staged-image';
import { addServiceContainer } from './task-definition-container';
import { inConstruct, invalidProps, invalidValue } from '../core/errors';
import { ImageBuild } from '../image/image-build';
import { defaultRuntime, runtimeClassNames } from '../image/runtimes/registry';
import { ImageRuntime } from '../image/runtimes/runtime';
import { RustMuslImage } from '../image/rust-musl-image';
import { Architecture } from '../model/architecture';
import { RuntimeUser } from '../model/runtime-user';

/**
 * A Rust service as a CDK container image: renders the Dockerfile with the
 * image layer, stages the build context once into the cloud assembly (the
 * Cargo workspace without `target/`, `.git`, `node_modules` and `cdk.out`,
 * no symbolic link that leaves it, plus the Dockerfile and support files),
 * and registers it as a Docker image asset for the platform of its
 * architecture.
 *
 * @example
 * const image = new rust.RustServiceImage(this, 'TaskApi', {
 *   crateDirectory: path.join(__dirname, 'service'),
 *   architecture: Architecture.ARM64,
 *   healthCheck: HealthCheck.http('/health'),
 * });
 * const taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
 *   runtimePlatform: image.runtimePlatform,
 * });
 * image.addToTaskDefinition(taskDefinition);
 */
export class RustServiceImage extends Construct implements IRustServiceImage {
  /** The builder (crate, toolchain, target). */
  public readonly builder: RustMuslImage;
  /** The runtime image. */
  public readonly runtime: ImageRuntime;
  /** The composed image: Dockerfile, support files, platform, port, user, health check. */
  public readonly imageBuild: ImageBuild;
  /** The image for ECS container definitions (grants pulls to the task's execution role). */
  public readonly containerImage: ecs.ContainerImage;
  /** The ECR repository the asset is published to. */
  public readonly repository: ecr.IRepository;
  /** The URI of the published image (a CloudFormation token). */
  public readonly imageUri: string;
  /** The tag of the published image. */
  public readonly imageTag: string;
  /** The asset hash: it changes with the staged sources, the Dockerfile and the build options, and nothing else. */
  public readonly assetHash: string;
  /** The staged build context in the cloud assembly (`asset.<hash>`); it holds the Dockerfile. */
  public readonly assetDirectory: string;
  /** CPU architecture of the image. */
  public readonly architecture: Architecture;
  /** The task definition runtime platform that runs this image (CPU architecture and Linux). */
  public readonly runtimePlatform: ecs.RuntimePlatform;
  /** Port the service listens on. */
  public readonly port: number;
  /** User the service runs as. */
  public readonly user: RuntimeUser;
  /**
   * The ECS container health check: the image's own probe and timing.
   *
   * @default - undefined when the image has no health check
   */
  public readonly healthCheck?: ecs.HealthCheck;
  /** Whether the container can run with a read-only root file system. */
  public readonly readonlyRootFilesystem: boolean;

  constructor(scope: Construct, id: string, props: RustServiceImageProps) {
    super(scope, id);
    try {
      this.runtime = runtimeOf(props);
      this.builder = new RustMuslImage(props);
      this.imageBuild = this.runtime.compose(this.builder);
      this.architecture = this.imageBuild.architecture;
      this.runtimePlatform = runtimePlatformOf(this.architecture);
      this.port = this.imageBuild.port;
      this.user = this.imageBuild.user;
      this.healthCheck = containerHealthCheckOf(this.imageBuild);
      this.readonlyRootFilesystem = this.imageBuild.readonlyRootFilesystem;
      const { staged, images: [image] } = stageImageAssets(this, [this.imageBuild], props);
      this.assetHash = image.assetHash;
      this.assetDirectory = staged.directory;
      this.repository = image.location.repository;
      this.imageUri = image.location.imageUri;
      this.imageTag = image.location.imageTag;
      this.containerImage = new StagedContainerImage(image.location);
    } catch (e) {
      throw inConstruct(e, this, 'RustServiceImage');
    }
  }

  /**
   * Adds the service container to `taskDefinition`: the image's health check,
   * `uid:gid` user, port mapping, read-only root file system (where the
   * runtime allows it), awslogs logging and an init process.
   *
   * Fails when the task definition's `runtimePlatform.cpuArchitecture`
   * contradicts the image's architecture; warns when an ARM64 image goes into
   * a Fargate task definition without a runtime platform.
   */
  public addToTaskDefinition(taskDefinition: ecs.TaskDefinition, options: RustContainerOptions = {}): ecs.ContainerDefinition {
    return addServiceContainer(this, taskDefinition, options);
  }
}

function runtimeOf(props: RustServiceImageProps): ImageRuntime {
  const runtime = props.runtime;
  if (runtime !== undefined) {
    if (!(runtime instanceof ImageRuntime)) {
      throw invalidValue('runtime', String(runtime), `expected a runtime of this library (${runtimeClassNames()})`, 'Pass one of them; CustomRuntime takes a base image of your own.');
    }
    // Restating the runtime's own port is harmless; anything else would be silently ignored.
    const runtimeProps = (['port', 'healthCheck', 'user'] as const)
      .filter((prop) => props[prop] !== undefined && !(prop === 'port' && props.port === runtime.port));
    if (runtimeProps.length > 0) {
      const given = runtimeProps.join(', ');
      const port = runtimeProps.includes('port') ? ` (port ${props.port} differs from the runtime's port ${runtime.port})` : '';
      throw invalidProps(`both runtime and ${given} are set${port}, and ${given} would be ignored`,
        `Pass ${given} to the runtime's constructor (e.g. new ${runtime.constructor.name}({ ${runtimeProps.map((p) => `${p}: ...`).join(', ')} })), or drop runtime to get a ScratchRuntime.`);
    }
    return runtime;
  }
  return defaultRuntime({ port: props.port, healthCheck: props.healthCheck, user: props.user });
}
