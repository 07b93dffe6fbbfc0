import { Duration } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { Buildspec, REPOSITORY_VARIABLE } from '../../image/invocation/codebuild-buildspec';
import { Architecture } from '../../model/architecture';
import { CodeBuildComputeType } from '../../model/build-location';
import { acknowledgeNagFindings } from '../nag-acknowledgments';

/** The CodeBuild machine image of each architecture: the curated standard images (Docker with buildx, the AWS CLI). */
const BUILD_IMAGES: { [arch: string]: codebuild.IBuildImage } = {
  [Architecture.X86_64.name]: codebuild.LinuxBuildImage.STANDARD_7_0,
  [Architecture.ARM64.name]: codebuild.LinuxArmBuildImage.AMAZON_LINUX_2023_STANDARD_3_0,
};

const COMPUTE_TYPES: { [type: string]: codebuild.ComputeType } = {
  [CodeBuildComputeType.SMALL]: codebuild.ComputeType.SMALL,
  [CodeBuildComputeType.MEDIUM]: codebuild.ComputeType.MEDIUM,
  [CodeBuildComputeType.LARGE]: codebuild.ComputeType.LARGE,
  [CodeBuildComputeType.XLARGE]: codebuild.ComputeType.X_LARGE,
  [CodeBuildComputeType.X2_LARGE]: codebuild.ComputeType.X2_LARGE,
};

/** What one architecture's project is made of. */
export interface ArchitectureProjectProps {
  readonly architecture: Architecture;
  readonly buildspec: Buildspec;
  readonly computeType: CodeBuildComputeType;
  readonly timeoutMinutes: number;
  /** The staged build context: a zip in the assets bucket. */
  readonly sourceBucket: s3.IBucket;
  readonly sourceKey: string;
  /** The repository URI the buildspec pushes to. */
  readonly repositoryUri: string;
  /** The role, whose policies the construct writes itself (the project adds none). */
  readonly role: iam.IRole;
  readonly logGroup: logs.ILogGroup;
}

/**
 * The CodeBuild project that builds the images of one architecture on a
 * native machine of it: privileged (Docker runs in the build), the staged
 * context as its S3 source, the buildspec rendered from the invocations.
 */
export function architectureProject(scope: Construct, props: ArchitectureProjectProps): codebuild.Project {
  const project = new codebuild.Project(scope, `Build-${props.architecture.dockerArch}`, {
    description: `cdk-rust-image: builds the ${props.architecture.dockerPlatform} images on a native ${props.architecture.name} machine and pushes them to ECR`,
    source: codebuild.Source.s3({ bucket: props.sourceBucket, path: props.sourceKey }),
    buildSpec: codebuild.BuildSpec.fromObject(props.buildspec),
    environment: {
      buildImage: BUILD_IMAGES[props.architecture.name],
      computeType: COMPUTE_TYPES[props.computeType],
      privileged: true,
      environmentVariables: { [REPOSITORY_VARIABLE]: { value: props.repositoryUri } },
    },
    role: props.role,
    timeout: Duration.minutes(props.timeoutMinutes),
    // A build that waits in the queue longer fails the deploy with a clear status, inside CloudFormation's hour.
    queuedTimeout: Duration.minutes(5),
    logging: { cloudWatch: { logGroup: props.logGroup } },
  });
  acknowledgeNagFindings(project.node.defaultChild as codebuild.CfnProject, {
    'AwsSolutions-CB4': 'The project makes no build artifacts (NO_ARTIFACTS), which is what its encryption key would encrypt: it pushes images to ECR, which encrypts them at rest (AES-256).',
  });
  return project;
}
