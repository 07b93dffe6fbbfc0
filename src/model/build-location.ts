import { invalidValue } from '../core/errors';
import { assertInteger } from '../core/numbers';

/** Where an image is built. */
export enum BuildLocationKind {
  /** On the machine that runs `cdk deploy` (cdk-assets and its Docker engine). */
  LOCAL = 'local',
  /** In AWS CodeBuild, at deploy time, one native build machine per architecture. */
  CODEBUILD = 'codebuild',
}

/**
 * The on-demand CodeBuild machine of a build (`computeType`). Each exists
 * for the x86_64 (`LINUX_CONTAINER`) and the ARM (`ARM_CONTAINER`) fleet; the
 * Lambda compute types are left out: they run no Docker.
 */
export enum CodeBuildComputeType {
  /** 2 vCPUs, 3 GB (x86_64) or 4 GB (ARM). */
  SMALL = 'BUILD_GENERAL1_SMALL',
  /** 4 vCPUs, 7 GB (x86_64) or 8 GB (ARM). */
  MEDIUM = 'BUILD_GENERAL1_MEDIUM',
  /** 8 vCPUs, 15 GB (x86_64) or 16 GB (ARM). */
  LARGE = 'BUILD_GENERAL1_LARGE',
  /** 36 vCPUs, 70 GB (x86_64) or 32 vCPUs, 64 GB (ARM). */
  XLARGE = 'BUILD_GENERAL1_XLARGE',
  /** 72 vCPUs, 145 GB (x86_64) or 48 vCPUs, 96 GB (ARM). */
  X2_LARGE = 'BUILD_GENERAL1_2XLARGE',
}

/** How images are built in AWS CodeBuild. */
export interface CodeBuildOptions {
  /**
   * The machine each architecture's build runs on.
   * @default CodeBuildComputeType.MEDIUM
   */
  readonly computeType?: CodeBuildComputeType;
  /**
   * Minutes a build may take before CodeBuild stops it, 5 to 45: CodeBuild
   * accepts up to 2160, but the deploy waits for the build in a CloudFormation
   * custom resource, which CloudFormation gives at most an hour, queueing
   * included.
   * @default 30
   */
  readonly timeoutMinutes?: number;
  /**
   * Name of the ECR repository the images are pushed to (one repository per
   * `RustServiceImage` or `RustWorkspaceServices`).
   * @default - a name CloudFormation generates
   */
  readonly repositoryName?: string;
  /**
   * Images each service keeps in the repository (the newest); older ones
   * expire. With `multiPlatform`, a deploy that changes the service pushes
   * three: one per architecture and the manifest list.
   * @default 30
   */
  readonly maxImageCount?: number;
}

/** Build timeout bounds (minutes) and default; see `CodeBuildOptions.timeoutMinutes`. */
const TIMEOUT_MINUTES = { min: 5, max: 45, fallback: 30 };
const MAX_IMAGE_COUNT = 1000;
// ECR's CreateRepository: 2 to 256 characters of this pattern.
const REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/**
 * Where the images of a construct are built: on the machine that runs
 * `cdk deploy` (the default), or in AWS CodeBuild at deploy time, where
 * synth and deploy need no Docker, each architecture builds on a native
 * machine, and the dependency layer comes from a registry cache.
 *
 * @example
 * BuildLocation.local();
 * BuildLocation.codeBuild({ computeType: CodeBuildComputeType.LARGE, timeoutMinutes: 20 });
 */
export class BuildLocation {
  /** The build runs where `cdk deploy` runs, as a Docker image asset (cdk-assets). */
  public static local(): BuildLocation {
    return new BuildLocation(BuildLocationKind.LOCAL);
  }

  /**
   * The build runs in AWS CodeBuild when the stack deploys: the staged build
   * context is uploaded as a file asset, one privileged CodeBuild project per
   * architecture builds on a native machine (x86_64 or ARM) and pushes to an
   * ECR repository, with the builder stage as an inline registry cache; a
   * custom resource starts the builds, waits for them, and gives the task
   * definition the image's digest.
   */
  public static codeBuild(options: CodeBuildOptions = {}): BuildLocation {
    const computeType = options.computeType ?? CodeBuildComputeType.MEDIUM;
    if (!Object.values(CodeBuildComputeType).includes(computeType)) {
      throw invalidValue('computeType', computeType, `expected one of ${Object.values(CodeBuildComputeType).join(', ')}`, 'Pass a CodeBuildComputeType member, e.g. CodeBuildComputeType.LARGE.');
    }
    const timeoutMinutes = options.timeoutMinutes ?? TIMEOUT_MINUTES.fallback;
    assertInteger(timeoutMinutes, TIMEOUT_MINUTES.min, TIMEOUT_MINUTES.max, 'timeoutMinutes',
      `CodeBuild accepts 5 to 2160 minutes, but CloudFormation waits at most an hour for the custom resource that waits for the build (queueing included). Pass ${TIMEOUT_MINUTES.min} to ${TIMEOUT_MINUTES.max}, or build longer builds outside the deploy (BuildLocation.local() in a CI job)`);
    if (options.repositoryName !== undefined) assertRepositoryName(options.repositoryName);
    const maxImageCount = options.maxImageCount ?? 30;
    assertInteger(maxImageCount, 1, MAX_IMAGE_COUNT, 'maxImageCount', 'Pass how many of its newest images each service keeps, e.g. 30.');
    return new BuildLocation(BuildLocationKind.CODEBUILD, computeType, timeoutMinutes, options.repositoryName, maxImageCount);
  }

  private constructor(
    /** Where the build runs. */
    public readonly kind: BuildLocationKind,
    /**
     * The CodeBuild machine of each architecture's build.
     * @default - undefined for a local build
     */
    public readonly computeType?: CodeBuildComputeType,
    /**
     * Minutes a CodeBuild build may take.
     * @default - undefined for a local build
     */
    public readonly timeoutMinutes?: number,
    /**
     * Name of the ECR repository.
     * @default - generated (CodeBuild), or the CDK assets repository (local)
     */
    public readonly repositoryName?: string,
    /**
     * Images each service keeps in the repository.
     * @default - undefined for a local build
     */
    public readonly maxImageCount?: number,
  ) {}

  /** Whether the build runs in CodeBuild. */
  public get isCodeBuild(): boolean {
    return this.kind === BuildLocationKind.CODEBUILD;
  }
}

/** Checks an ECR repository name against ECR's own rules. */
function assertRepositoryName(name: string): void {
  if (typeof name !== 'string' || name.length < 2 || name.length > 256 || !REPOSITORY_NAME.test(name)) {
    throw invalidValue('repositoryName', name,
      'ECR accepts 2 to 256 characters: lower-case letters and digits, in parts separated by one ".", "_" or "-", in path segments separated by "/" (no leading, trailing or doubled separator, no upper case)',
      'Pass a name such as "team/task-api", or leave repositoryName out for a generated one.');
  }
}

