import * as path from 'path';
import { Annotations, Stage } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { assetInvocationOf, stagingExtraHashOf } from './asset-source';
import { runtimePlatformOf } from './cdk-architecture';
import { containerHealthCheckOf } from './container-health-check';
import { ImageAssetOptions } from './image-asset-options';
import { RustContainerOptions } from './rust-container-options';
import { IRustServiceImage } from './rust-service-image-interface';
import { partialHash, stageContext } from './staged-context';
import { registerImageAsset, StagedContainerImage } from './staged-image';
import { addServiceContainer } from './task-definition-container';
import { isInside } from '../core/paths';
import { WARNING_IDS } from '../image/build-warning';
import { ImageBuild } from '../image/image-build';
import { RustWorkspaceImages, RustWorkspaceImagesProps } from '../image/workspace/rust-workspace-images';
import { Architecture } from '../model/architecture';

/** Props of RustWorkspaceServices: the workspace build (services and builder options) and the asset options. */
export interface RustWorkspaceServicesProps extends RustWorkspaceImagesProps, ImageAssetOptions {}

/**
 * Several services of one Cargo workspace as CDK container images: one
 * Dockerfile with ONE dependency layer and one builder stage for all of
 * them, the build context staged once, and one image asset per service
 * (`docker build --target runtime-<binary>`) whose hash covers only what
 * that image contains: its crates and the local crates they use, the
 * lockfile and manifests, the Dockerfile and its options. A change to
 * service A's crate leaves B's asset hash, and so B's deployment, alone
 * (aws/aws-cdk#30937, #5683).
 *
 * @example
 * const services = new rust.RustWorkspaceServices(this, 'Services', {
 *   crateDirectory: path.join(__dirname, 'services'),
 *   services: [{ binaryName: 'api' }, { binaryName: 'worker', runtime: new DistrolessRuntime({ port: 9090 }) }],
 * });
 * new rust.RustFargateService(this, 'Api', { image: services.image('api') });
 * new rust.RustFargateService(this, 'Worker', { image: services.image('worker') });
 */
export class RustWorkspaceServices extends Construct {
  /** The workspace build (builder and services). */
  public readonly workspace: RustWorkspaceImages;
  /** The staged build context in the cloud assembly (`asset.<hash>`), shared by every service's image. */
  public readonly assetDirectory: string;
  /** The images, one per service, in the order of `services`. */
  public readonly images: RustWorkspaceServiceImage[];

  constructor(scope: Construct, id: string, props: RustWorkspaceServicesProps) {
    super(scope, id);
    if (props.registryCache && (props.cacheFrom || props.cacheTo)) {
      throw new Error(`Invalid RustWorkspaceServices props for ${this.node.path}: registryCache and cacheFrom/cacheTo are both set. Use registryCache alone, or cacheFrom and cacheTo alone.`);
    }
    this.workspace = new RustWorkspaceImages(props);
    const builds = this.workspace.compose();
    const outdir = Stage.of(this)?.assetOutdir;
    if (!outdir) {
      throw new Error(`RustWorkspaceServices ${this.node.path} must be defined inside an App or Stage: it stages its build context in the cloud assembly directory.`);
    }
    const builder = this.workspace.builder;
    const staged = stageContext(builds[0], outdir, stagingExtraHashOf(assetInvocationOf(builds[0], props)));
    this.assetDirectory = staged.directory;
    const manifest = builder.manifest;
    const packageDirs = manifest.packages.filter((p) => p.directory !== '.').map((p) => p.directory);
    const posix = (p: string) => p.split(path.sep).join('/');
    this.images = builds.map((build) => {
      const closure = manifest.localClosure(build.packageName);
      // Another service's crates and SBOM are not part of this image.
      const others = packageDirs.filter((dir) => !closure.some((c) => c === dir || isInside(c, dir) || isInside(dir, c)));
      const otherSboms = builds.filter((b) => b !== build).map((b) => `.cdk-rust-image/sbom/${b.binaryName}.cdx.json`);
      const excluded = (rel: string) => otherSboms.includes(rel)
        || others.some((dir) => rel === dir || posix(rel).startsWith(`${dir}/`));
      const sourceHash = partialHash(staged, excluded, { target: build.target });
      const part = { sourceHash, scopeId: build.binaryName };
      const location = registerImageAsset(this, staged, assetInvocationOf(build, props), props.assetName, part);
      return new RustWorkspaceServiceImage(this, build.binaryName, {
        imageBuild: build, repository: location.repository, imageUri: location.imageUri, assetHash: sourceHash,
      });
    });
    const annotations = Annotations.of(this);
    for (const warning of builds[0].warnings) annotations.addWarningV2(warning.id, warning.message);
    if (staged.linksLeftOut.length > 0) {
      annotations.addWarningV2(WARNING_IDS.symlinkOutsideContext,
        `Symbolic links that lead outside the build context ${builds[0].contextDirectory} (or dangle, or loop) were left out of the build context: ${staged.linksLeftOut.slice(0, 10).join(', ')}.`);
    }
  }

  /** The image of one service. */
  public image(binaryName: string): RustWorkspaceServiceImage {
    const found = this.images.find((i) => i.imageBuild.binaryName === binaryName);
    if (!found) {
      throw new Error(`RustWorkspaceServices ${this.node.path} has no service '${binaryName}' (services: ${this.images.map((i) => i.imageBuild.binaryName).join(', ')}).`);
    }
    return found;
  }
}

/** What a service's image of a RustWorkspaceServices is made of. */
export interface RustWorkspaceServiceImageProps {
  /** The composed image of the service. */
  readonly imageBuild: ImageBuild;
  /** The ECR repository the image is published to. */
  readonly repository: ecr.IRepository;
  /** The URI of the published image. */
  readonly imageUri: string;
  /** The asset hash of the service's image. */
  readonly assetHash: string;
}

/** One service's image of a RustWorkspaceServices (made by it). */
export class RustWorkspaceServiceImage extends Construct implements IRustServiceImage {
  public readonly imageBuild: ImageBuild;
  public readonly containerImage: ecs.ContainerImage;
  public readonly architecture: Architecture;
  public readonly runtimePlatform: ecs.RuntimePlatform;
  public readonly port: number;
  public readonly healthCheck?: ecs.HealthCheck;
  /** The ECR repository the image is published to. */
  public readonly repository: ecr.IRepository;
  /** The URI of the published image (a CloudFormation token). */
  public readonly imageUri: string;
  /** The asset hash of this service's image: it covers only what the image contains. */
  public readonly assetHash: string;

  constructor(scope: Construct, id: string, props: RustWorkspaceServiceImageProps) {
    super(scope, id);
    const build = props.imageBuild;
    this.imageBuild = build;
    this.architecture = build.architecture;
    this.runtimePlatform = runtimePlatformOf(build.architecture);
    this.port = build.port;
    this.healthCheck = containerHealthCheckOf(build);
    this.repository = props.repository;
    this.imageUri = props.imageUri;
    this.assetHash = props.assetHash;
    this.containerImage = new StagedContainerImage({ repository: props.repository, imageUri: props.imageUri, imageTag: props.assetHash });
  }

  /** Adds the service container to `taskDefinition`, configured from the image. */
  public addToTaskDefinition(taskDefinition: ecs.TaskDefinition, options: RustContainerOptions = {}): ecs.ContainerDefinition {
    const facts = { build: this.imageBuild, containerImage: this.containerImage, healthCheck: this.healthCheck, path: this.node.path };
    return addServiceContainer(facts, taskDefinition, options);
  }
}
