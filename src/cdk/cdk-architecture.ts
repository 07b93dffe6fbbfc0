import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Architecture } from '../model/architecture';

/*
 * The CDK face of an Architecture: the asset platform and the Fargate CPU
 * architecture come from the same value (`dockerPlatform`,
 * `ecsCpuArchitecture`), so they cannot disagree with the Dockerfile's
 * target triple.
 */

/** The task definition runtime platform that runs images of an architecture. */
export function runtimePlatformOf(architecture: Architecture): ecs.RuntimePlatform {
  return {
    cpuArchitecture: ecs.CpuArchitecture.of(architecture.ecsCpuArchitecture),
    operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
  };
}
