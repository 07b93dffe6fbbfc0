import { Annotations, Token } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { checkableSeconds } from './checkable';
import { RustContainerOptions } from './rust-container-options';
import { IRustServiceImage } from './rust-service-image-interface';
import { invalidValue, withinConstruct } from '../core/errors';
import { assertSeconds } from '../core/numbers';
import { assertMatches } from '../core/text';
import { WARNING_IDS } from '../image/build-warning';
import { ImageBuild } from '../image/image-build';

/** What the container needs from the image construct. */
export type ImageFacts = Pick<IRustServiceImage, 'imageBuild' | 'containerImage' | 'healthCheck' | 'node'>;

const CONTAINER_NAME = /^[A-Za-z0-9_-]{1,255}$/;

/** Name of the service's port mapping (Service Connect refers to it). */
export const SERVICE_PORT_NAME = 'http';

/** The container name ECS accepts for a binary: other characters become "-". */
export function containerNameOf(build: ImageBuild): string {
  return build.binaryName.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 255);
}

/**
 * Adds the service container to a task definition, configured from the image:
 * health check (ECS ignores the image's own), `uid:gid` user, port mapping,
 * read-only root file system, awslogs logging, and an init process that
 * forwards SIGTERM and reaps zombies.
 */
export function addServiceContainer(image: ImageFacts, taskDefinition: ecs.TaskDefinition, options: RustContainerOptions): ecs.ContainerDefinition {
  // The container's options and the task definition are checked in the task definition's name.
  return withinConstruct(taskDefinition, 'TaskDefinition', () => addContainer(image, taskDefinition, options));
}

function addContainer(image: ImageFacts, taskDefinition: ecs.TaskDefinition, options: RustContainerOptions): ecs.ContainerDefinition {
  checkCpuArchitecture(image, taskDefinition);
  const build = image.imageBuild;
  const name = options.containerName ?? containerNameOf(build);
  assertMatches(name, CONTAINER_NAME, 'containerName', 'up to 255 letters, digits, "_" and "-" (what ECS accepts)');
  if (options.environment && Object.prototype.hasOwnProperty.call(options.environment, 'PORT')) {
    throw invalidValue('environment.PORT', options.environment.PORT, `the image listens on port ${build.port}, which EXPOSE, the health check, the port mapping and the load balancer use`, 'Set the port on the image (RustServiceImage port, or the runtime\'s port) instead of environment.PORT.');
  }
  const logGroup = options.logGroup ?? new logs.LogGroup(taskDefinition, `${name}LogGroup`, {
    retention: options.logRetention ?? logs.RetentionDays.ONE_MONTH,
  });
  const linuxParameters = hardenedLinuxParameters(taskDefinition, `${name}LinuxParameters`, !build.user.isRoot);
  const stopTimeout = checkableSeconds(options.stopTimeout);
  if (stopTimeout !== undefined) {
    assertSeconds(stopTimeout, 2, 120, 'stopTimeout', 'Set stopTimeout to at least the service\'s graceful-shutdown time, at most 120 s.', 'Fargate accepts 2 to 120 seconds');
  }
  const readOnly = readonlyRootOf(build, options);
  const container = taskDefinition.addContainer(name, {
    image: image.containerImage,
    essential: true,
    user: build.user.spec,
    portMappings: [{ name: SERVICE_PORT_NAME, containerPort: build.port, protocol: ecs.Protocol.TCP, appProtocol: ecs.AppProtocol.http }],
    healthCheck: image.healthCheck,
    readonlyRootFilesystem: readOnly,
    linuxParameters,
    logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: options.streamPrefix ?? name }),
    environment: options.environment,
    secrets: options.secrets,
    stopTimeout: options.stopTimeout,
  });
  if (readOnly && (options.writableTmp ?? true)) {
    // Fargate has no tmpfs: a bind-mount volume lives in the task's ephemeral storage.
    const volume = `${name}-tmp`;
    taskDefinition.addVolume({ name: volume });
    container.addMountPoints({ containerPath: '/tmp', sourceVolume: volume, readOnly: false });
  }
  return container;
}

/** The log group of the service container `containerName` (its other containers log there too). */
export function serviceLogGroupOf(taskDefinition: ecs.TaskDefinition, containerName: string, options: RustContainerOptions): logs.ILogGroup {
  return options.logGroup ?? taskDefinition.node.findChild(`${containerName}LogGroup`) as logs.LogGroup;
}

/** An init process that forwards signals and reaps zombies, and no Linux capability for a non-root user. */
export function hardenedLinuxParameters(scope: ecs.TaskDefinition, id: string, nonRoot: boolean): ecs.LinuxParameters {
  const linuxParameters = new ecs.LinuxParameters(scope, id, { initProcessEnabled: true });
  // A non-root process needs no capabilities; dropping them all defuses setuid binaries too.
  if (nonRoot) linuxParameters.dropCapabilities(ecs.Capability.ALL);
  return linuxParameters;
}

/** Whether the container's root file system is read-only: the option, else the runtime's. */
export function readonlyRootOf(build: ImageBuild, options: RustContainerOptions): boolean {
  return options.readonlyRootFilesystem ?? build.readonlyRootFilesystem;
}

/**
 * A task definition must run the image's CPU architecture: contradicting
 * values fail the synth; a missing value on Fargate (which then picks X86_64)
 * is a warning for ARM64 images.
 */
export function checkCpuArchitecture(image: ImageFacts, taskDefinition: ecs.TaskDefinition): void {
  const wanted = image.imageBuild.architecture.ecsCpuArchitecture;
  const platform = (taskDefinition.node.defaultChild as ecs.CfnTaskDefinition).runtimePlatform;
  if (platform !== undefined && Token.isUnresolved(platform)) return;
  const actual = (platform as ecs.CfnTaskDefinition.RuntimePlatformProperty | undefined)?.cpuArchitecture;
  if (actual !== undefined && Token.isUnresolved(actual)) return;
  if (actual === undefined) {
    if (wanted !== 'X86_64' && taskDefinition.isFargateCompatible) {
      Annotations.of(taskDefinition).addWarningV2(WARNING_IDS.missingRuntimePlatform,
        `The task definition sets no runtimePlatform, so Fargate runs it on X86_64, but the image ${image.node.path} is built for ${image.imageBuild.platform}: the container would fail with "exec format error". Pass runtimePlatform: image.runtimePlatform to the task definition.`);
    }
    return;
  }
  if (actual !== wanted) {
    throw invalidValue('runtimePlatform.cpuArchitecture', actual, `the image ${image.node.path} is built for ${image.imageBuild.platform} (CPU architecture ${wanted})`,
      'Pass runtimePlatform: image.runtimePlatform to the task definition, or build the image with the architecture the task definition runs.');
  }
}
