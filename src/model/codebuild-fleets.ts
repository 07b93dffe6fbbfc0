import { CodeBuildComputeType } from './build-location';
import { invalidValue } from '../core/errors';

/**
 * The compute types of CodeBuild's on-demand ARM fleet in the China regions
 * (docs.amazonaws.cn, "Build environment compute modes and types": ARM
 * Small and ARM Large); elsewhere it offers every `CodeBuildComputeType`.
 */
const CHINA_ARM_COMPUTE_TYPES = [CodeBuildComputeType.SMALL, CodeBuildComputeType.LARGE];

/**
 * Checks that the ARM fleet of `region` (undefined when the stack's region
 * is not known at synth time) has `computeType`.
 */
export function assertArmComputeType(computeType: CodeBuildComputeType, region: string | undefined): void {
  if (region?.startsWith('cn-') && !CHINA_ARM_COMPUTE_TYPES.includes(computeType)) {
    throw invalidValue('computeType', computeType, `CodeBuild's ARM fleet in ${region} offers ${CHINA_ARM_COMPUTE_TYPES.join(' and ')} only, and an arm64 image builds there`,
      'Pass CodeBuildComputeType.SMALL or CodeBuildComputeType.LARGE.');
  }
}
