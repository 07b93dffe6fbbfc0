import * as fc from 'fast-check';
import { BuildLocation, BuildLocationKind, CodeBuildComputeType } from '../../src';
import { assertArmComputeType } from '../../src/model/codebuild-fleets';

// ECR's CreateRepository pattern (API reference), independent of the library's.
const ECR_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

describe('BuildLocation', () => {
  test('local is the default kind, and carries no CodeBuild settings', () => {
    expect({ ...BuildLocation.local() }).toEqual({ kind: BuildLocationKind.LOCAL });
    expect(BuildLocation.local().isCodeBuild).toBe(false);
  });

  test('codeBuild() defaults: a medium machine, 30 minutes, a generated repository, 30 images kept per service', () => {
    expect({ ...BuildLocation.codeBuild() }).toEqual({
      kind: BuildLocationKind.CODEBUILD, computeType: CodeBuildComputeType.MEDIUM, timeoutMinutes: 30, repositoryName: undefined, maxImageCount: 30,
    });
    expect(BuildLocation.codeBuild().isCodeBuild).toBe(true);
  });

  test('the compute types are CodeBuild\'s on-demand EC2 types, by their API names', () => {
    expect(Object.values(CodeBuildComputeType)).toEqual(['BUILD_GENERAL1_SMALL', 'BUILD_GENERAL1_MEDIUM', 'BUILD_GENERAL1_LARGE', 'BUILD_GENERAL1_XLARGE', 'BUILD_GENERAL1_2XLARGE']);
  });

  test.each([4, 46, 2160, 0, -5, 30.5, NaN])('a timeout of %p minutes is refused: CloudFormation waits an hour at most', (timeoutMinutes) => {
    expect(() => BuildLocation.codeBuild({ timeoutMinutes })).toThrow(
      `Invalid timeoutMinutes ${Number.isNaN(timeoutMinutes) ? 'NaN' : timeoutMinutes}: expected a whole number from 5 to 45. CodeBuild accepts 5 to 2160 minutes, but CloudFormation waits at most an hour for the custom resource that waits for the build (queueing included). Pass 5 to 45, or build longer builds outside the deploy (BuildLocation.local() in a CI job)`);
  });

  test.each([5, 45])('a timeout of %p minutes is accepted', (timeoutMinutes) => {
    expect(BuildLocation.codeBuild({ timeoutMinutes }).timeoutMinutes).toBe(timeoutMinutes);
  });

  test('a compute type that is not one of the enum\'s is refused (from Python or Java, a string could reach it)', () => {
    expect(() => BuildLocation.codeBuild({ computeType: 'BUILD_LAMBDA_4GB' as CodeBuildComputeType })).toThrow(
      'Invalid computeType "BUILD_LAMBDA_4GB": expected one of BUILD_GENERAL1_SMALL, BUILD_GENERAL1_MEDIUM, BUILD_GENERAL1_LARGE, BUILD_GENERAL1_XLARGE, BUILD_GENERAL1_2XLARGE. Pass a CodeBuildComputeType member');
  });

  test.each(['Task-Api', 'a', 'task--api', '-task', 'task/', '/task', 'team//api', 'task api', 'task_', `${'a'.repeat(257)}`])('repository name %p is refused as ECR would', (repositoryName) => {
    expect(() => BuildLocation.codeBuild({ repositoryName })).toThrow(/^Invalid repositoryName .*: ECR accepts 2 to 256 characters: .* Pass a name such as "team\/task-api", or leave repositoryName out for a generated one\.$/);
  });

  test('any repository name is accepted exactly when ECR\'s pattern and length accept it', () => {
    const unit = fc.constantFrom('a', 'z', '0', '9', '.', '_', '-', '/', 'A', ' ', ':');
    fc.assert(fc.property(fc.string({ unit, minLength: 0, maxLength: 40 }), (name) => {
      const ecrAccepts = name.length >= 2 && name.length <= 256 && ECR_NAME.test(name);
      let accepted = true;
      try {
        BuildLocation.codeBuild({ repositoryName: name });
      } catch {
        accepted = false;
      }
      expect({ name, accepted }).toEqual({ name, accepted: ecrAccepts });
    }), { numRuns: 500 });
  });

  test.each([0, 1001, 2.5])('maxImageCount %p is refused', (maxImageCount) => {
    expect(() => BuildLocation.codeBuild({ maxImageCount })).toThrow(`Invalid maxImageCount ${maxImageCount}: expected a whole number from 1 to 1000.`);
  });
});

describe('the ARM fleet\'s compute types', () => {
  test('in the China regions it has SMALL and LARGE only', () => {
    expect(() => assertArmComputeType(CodeBuildComputeType.MEDIUM, 'cn-north-1')).toThrow(
      'Invalid computeType "BUILD_GENERAL1_MEDIUM": CodeBuild\'s ARM fleet in cn-north-1 offers BUILD_GENERAL1_SMALL and BUILD_GENERAL1_LARGE only, and an arm64 image builds there. Pass CodeBuildComputeType.SMALL or CodeBuildComputeType.LARGE.');
    expect(() => assertArmComputeType(CodeBuildComputeType.LARGE, 'cn-northwest-1')).not.toThrow();
  });

  test('elsewhere, or where the region is not known at synth time, every type', () => {
    for (const type of Object.values(CodeBuildComputeType)) {
      expect(() => assertArmComputeType(type, 'eu-west-1')).not.toThrow();
      expect(() => assertArmComputeType(type, undefined)).not.toThrow();
    }
  });
});
