import * as path from 'path';
import { Annotations, IgnoreMode, Stage } from 'aws-cdk-lib';
import { DockerImageAsset } from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { contextExcludes, stageBuildContext, STAGING_FOLDER } from './build-context';
import { assetPlatformOf, runtimePlatformOf } from './cdk-architecture';
import { containerHealthCheckOf } from './container-health-check';
import { RustContainerOptions } from './rust-container-options';
import { RustServiceImageProps } from './rust-service-image-props';
import { addServiceContainer } from './task-definition-container';
import { ImageBuild } from '../image/image-build';
import { IRuntime } from '../image/runtime';
import { RustMuslImage } from '../image/rust-musl-image';
import { ScratchRuntime } from '../image/scratch-runtime';
import { Architecture } from '../model/architecture';
import { HealthCheckKind } from '../model/health-check';
import { RuntimeUser } from '../model/runtime-user';

/**
 * A Rust service as a CDK container image: renders the Dockerfile with the
 * image layer, stages a build context under the cloud assembly (the Cargo
 * workspace without `target/`, `.git`, `node_modules` and `cdk.out`, plus the
 * Dockerfile and support files), and builds it as a `DockerImageAsset` for
 * the platform of its architecture.
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
export class RustServiceImage extends Construct {
  /** The builder (crate, toolchain, target). */
  public readonly builder: RustMuslImage;
  /** The runtime image. */
  public readonly runtime: IRuntime;
  /** The composed image: Dockerfile, support files, platform, port, user, health check. */
  public readonly imageBuild: ImageBuild;
  /** The Docker image asset built from the staged context. */
  public readonly asset: DockerImageAsset;
  /** The image for ECS container definitions. */
  public readonly containerImage: ecs.ContainerImage;
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
  public readonly readOnlyRootFilesystem: boolean;
  /** The staged build context (the asset's source directory); it holds the Dockerfile. */
  public readonly stagingDirectory: string;

  constructor(scope: Construct, id: string, props: RustServiceImageProps) {
    super(scope, id);
    this.runtime = runtimeOf(props);
    this.builder = new RustMuslImage(props);
    this.imageBuild = this.runtime.compose(this.builder);
    this.architecture = this.imageBuild.architecture;
    this.runtimePlatform = runtimePlatformOf(this.architecture);
    this.port = this.imageBuild.port;
    this.user = this.imageBuild.user;
    this.healthCheck = containerHealthCheckOf(this.imageBuild);
    this.readOnlyRootFilesystem = this.runtime.readOnlyRootFilesystem;

    const outdir = Stage.of(this)?.assetOutdir;
    if (!outdir) {
      throw new Error(`RustServiceImage ${this.node.path} must be defined inside an App or Stage: it stages its build context in the cloud assembly directory.`);
    }
    this.stagingDirectory = path.join(outdir, STAGING_FOLDER, this.node.addr);
    stageBuildContext(this.imageBuild, this.stagingDirectory, contextExcludes(this.imageBuild, outdir));

    this.asset = new DockerImageAsset(this, 'Asset', {
      directory: this.stagingDirectory,
      platform: assetPlatformOf(this.architecture),
      ignoreMode: IgnoreMode.DOCKER,
      buildArgs: props.buildArgs,
      cacheFrom: props.cacheFrom,
      cacheTo: props.cacheTo,
      cacheDisabled: props.cacheDisabled,
      outputs: props.outputs,
      networkMode: props.networkMode,
      displayName: props.assetName,
    });
    this.containerImage = ecs.ContainerImage.fromDockerImageAsset(this.asset);
    this.warn();
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
    return addServiceContainer({
      build: this.imageBuild,
      containerImage: this.containerImage,
      healthCheck: this.healthCheck,
      readOnlyRootFilesystem: this.readOnlyRootFilesystem,
      path: this.node.path,
    }, taskDefinition, options);
  }

  private warn(): void {
    const annotations = Annotations.of(this);
    const build = this.imageBuild;
    if (build.user.isRoot) {
      annotations.addWarningV2('cdk-rust-image:rootUser',
        `The service runs as root (user ${build.user.spec}): a compromised process owns the whole container. Use RuntimeUser.nonRoot() (65532:65532) unless it truly needs root.`);
    }
    const check = build.healthCheck;
    if (check.kind === HealthCheckKind.HTTP && check.portFor(build.port) !== build.port) {
      annotations.addWarningV2('cdk-rust-image:healthCheckPort',
        `The health check probes port ${check.portFor(build.port)}, but the service listens on (and the image exposes) port ${build.port}: the check fails unless the service also listens there. Remove healthCheck's port option, or set it to ${build.port}.`);
    }
    build.warnings.forEach((warning, index) => {
      annotations.addWarningV2(`cdk-rust-image:buildAdvice${index + 1}`, warning);
    });
  }
}

function runtimeOf(props: RustServiceImageProps): IRuntime {
  const runtime = props.runtime;
  if (runtime !== undefined) {
    // Restating the runtime's own port is harmless; anything else would be silently ignored.
    const runtimeProps = (['port', 'healthCheck', 'user'] as const)
      .filter((prop) => props[prop] !== undefined && !(prop === 'port' && props.port === runtime.port));
    if (runtimeProps.length > 0) {
      const given = runtimeProps.join(', ');
      const port = runtimeProps.includes('port') ? ` (port ${props.port} differs from the runtime's port ${runtime.port})` : '';
      throw new Error(`Invalid RustServiceImage props: both runtime and ${given} are set${port}, and ${given} would be ignored. Pass ${given} to the runtime's constructor (e.g. new ${runtime.constructor.name}({ ${runtimeProps.map((p) => `${p}: ...`).join(', ')} })), or drop runtime to get a ScratchRuntime.`);
    }
    return runtime;
  }
  return new ScratchRuntime({ port: props.port, healthCheck: props.healthCheck, user: props.user });
}
