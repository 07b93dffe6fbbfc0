import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Architecture } from '../model/architecture';

/*
 * The CDK face of an Architecture: the asset platform and the Fargate CPU
 * architecture both come from the same value, so they cannot disagree with
 * the Dockerfile's target triple.
 */

/** The DockerImageAsset platform of an architecture (`linux/amd64`, `linux/arm64`). */
export function assetPlatformOf(architecture: Architecture): Platform {
  return Platform.custom(architecture.dockerPlatform);
}

/** The Fargate CPU architecture of an architecture. */
export function cpuArchitectureOf(architecture: Architecture): ecs.CpuArchitecture {
  return architecture === Architecture.ARM64 ? ecs.CpuArchitecture.ARM64 : ecs.CpuArchitecture.X86_64;
}

/** The name CloudFormation uses for a CPU architecture (`X86_64`, `ARM64`). */
export function cfnCpuArchitectureOf(architecture: Architecture): string {
  return architecture === Architecture.ARM64 ? 'ARM64' : 'X86_64';
}

/** The task definition runtime platform that runs images of an architecture. */
export function runtimePlatformOf(architecture: Architecture): ecs.RuntimePlatform {
  return {
    cpuArchitecture: cpuArchitectureOf(architecture),
    operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
  };
}
