import { Annotations, Stage } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { assetInvocationOf, stagingExtraHashOf } from './asset-source';
import { runtimePlatformOf } from './cdk-architecture';
import { containerHealthCheckOf } from './container-health-check';
import { RustContainerOptions } from './rust-container-options';
import { IRustServiceImage } from './rust-service-image-interface';
import { RustServiceImageProps } from './rust-service-image-props';
import { stageContext } from './staged-context';
import { registerImageAsset, StagedContainerImage } from './staged-image';
import { addServiceContainer } from './task-definition-container';
import { WARNING_IDS } from '../image/build-warning';
import { RustMuslImage } from '../image/builder/rust-musl-image';
import { ImageBuild } from '../image/image-build';
import { ImageRuntime } from '../image/runtimes/runtime';
import { ScratchRuntime } from '../image/runtimes/scratch-runtime';
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
    this.runtime = runtimeOf(props);
    this.builder = new RustMuslImage(props);
    this.imageBuild = this.runtime.compose(this.builder);
    this.architecture = this.imageBuild.architecture;
    this.runtimePlatform = runtimePlatformOf(this.architecture);
    this.port = this.imageBuild.port;
    this.user = this.imageBuild.user;
    this.healthCheck = containerHealthCheckOf(this.imageBuild);
    this.readonlyRootFilesystem = this.imageBuild.readonlyRootFilesystem;

    const outdir = Stage.of(this)?.assetOutdir;
    if (!outdir) {
      throw new Error(`RustServiceImage ${this.node.path} must be defined inside an App or Stage: it stages its build context in the cloud assembly directory.`);
    }
    if (props.registryCache && (props.cacheFrom || props.cacheTo)) {
      throw new Error(`Invalid RustServiceImage props for ${this.node.path}: registryCache and cacheFrom/cacheTo are both set. Use registryCache alone, or cacheFrom and cacheTo alone.`);
    }
    const invocation = assetInvocationOf(this.imageBuild, props);
    const staged = stageContext(this.imageBuild, outdir, stagingExtraHashOf(invocation));
    this.assetHash = staged.assetHash;
    this.assetDirectory = staged.directory;
    const location = registerImageAsset(this, staged, invocation, props.assetName);
    this.repository = location.repository;
    this.imageUri = location.imageUri;
    this.imageTag = location.imageTag;
    this.containerImage = new StagedContainerImage(location);

    const annotations = Annotations.of(this);
    for (const warning of this.imageBuild.warnings) annotations.addWarningV2(warning.id, warning.message);
    if (staged.linksLeftOut.length > 0) {
      const shown = staged.linksLeftOut.slice(0, 10).join(', ') + (staged.linksLeftOut.length > 10 ? `, and ${staged.linksLeftOut.length - 10} more` : '');
      annotations.addWarningV2(WARNING_IDS.symlinkOutsideContext,
        `Symbolic links that lead outside the build context ${this.imageBuild.contextDirectory} (or dangle, or loop) were left out of the image's build context: ${shown}. `
        + 'Nothing outside the context is ever staged. Replace a link with the file it points to if the build needs it.');
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
    return addServiceContainer({
      build: this.imageBuild,
      containerImage: this.containerImage,
      healthCheck: this.healthCheck,
      path: this.node.path,
    }, taskDefinition, options);
  }
}

function runtimeOf(props: RustServiceImageProps): ImageRuntime {
  const runtime = props.runtime;
  if (runtime !== undefined) {
    if (!(runtime instanceof ImageRuntime)) {
      throw new Error(`Invalid RustServiceImage runtime ${String(runtime)}: expected a runtime of this library (ScratchRuntime, DistrolessRuntime, AlpineRuntime, DebianSlimRuntime, DevImage or CustomRuntime).`);
    }
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
