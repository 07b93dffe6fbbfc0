import * as path from 'path';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { runtimePlatformOf } from './cdk-architecture';
import { containerHealthCheckOf } from './container-health-check';
import { ImageAssetOptions } from './image-asset-options';
import { stageImageAssets } from './image-assets';
import { RustContainerOptions } from './rust-container-options';
import { IRustServiceImage } from './rust-service-image-interface';
import { partialHash } from './staged-context';
import { StagedContainerImage } from './staged-image';
import { addServiceContainer } from './task-definition-container';
import { inConstruct, invalidValue } from '../core/errors';
import { isInside } from '../core/paths';
import { sbomContextPath } from '../image/context/sbom';
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
    try {
      this.workspace = new RustWorkspaceImages(props);
      const builds = this.workspace.compose();
      const { staged, images } = stageImageAssets(this, builds, props, (context, build) => ({
        sourceHash: partialHash(context, this.otherServicesFiles(builds, build), { target: build.target }),
        scopeId: build.binaryName,
      }));
      this.assetDirectory = staged.directory;
      this.images = images.map(({ build, location, assetHash }) => new RustWorkspaceServiceImage(this, build.binaryName, {
        imageBuild: build, repository: location.repository, imageUri: location.imageUri, assetHash,
      }));
    } catch (e) {
      throw inConstruct(e, this, 'RustWorkspaceServices');
    }
  }

  /** The image of one service. */
  public image(binaryName: string): RustWorkspaceServiceImage {
    const found = this.images.find((i) => i.imageBuild.binaryName === binaryName);
    if (!found) {
      const names = this.images.map((i) => i.imageBuild.binaryName);
      throw inConstruct(invalidValue('binaryName', binaryName, `no service of the workspace builds it (services: ${names.join(', ')})`, 'Pass the binary name of one of the services.'), this, 'RustWorkspaceServices');
    }
    return found;
  }

  /**
   * The staged paths that another service's image needs and `build`'s does
   * not: the crates outside `build`'s local closure, and the other services'
   * SBOMs. They are left out of `build`'s asset hash.
   */
  private otherServicesFiles(builds: ImageBuild[], build: ImageBuild): (stagedPath: string) => boolean {
    const manifest = this.workspace.builder.manifest;
    const packageDirs = manifest.packages.filter((p) => p.directory !== '.').map((p) => p.directory);
    const closure = manifest.localClosure(build.packageName);
    const others = packageDirs.filter((dir) => !closure.some((c) => c === dir || isInside(c, dir) || isInside(dir, c)));
    const otherSboms = builds.filter((b) => b !== build).map((b) => sbomContextPath(b.binaryName));
    const posix = (p: string) => p.split(path.sep).join('/');
    return (rel) => otherSboms.includes(rel) || others.some((dir) => rel === dir || posix(rel).startsWith(`${dir}/`));
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
    return addServiceContainer(this, taskDefinition, options);
  }
}
