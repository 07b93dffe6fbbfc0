import * as path from 'path';
import { CustomResource, Duration, FileAssetPackaging, Names, Stack, Stage, Token } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { architectureProject } from './codebuild-project';
import { CodeBuildImageProvider } from './codebuild-provider';
import { digestAttribute, ImageBuildProperties, ImageProperties } from './handler/protocol';
import { codeBuildBuildspec, TAGS_VARIABLE } from '../../image/invocation/codebuild-buildspec';
import { RemoteBuildOptions, remoteBuildPlan, RemoteImageRequest } from '../../image/remote-build';
import { Architecture } from '../../model/architecture';
import { BuildLocation, CodeBuildComputeType } from '../../model/build-location';
import { assertArmComputeType } from '../../model/codebuild-fleets';
import { acknowledgeNagFindings } from '../nag-acknowledgments';
import { StagedContext } from '../staged-context';
import { ImageAssetLocation } from '../staged-image';

/** Custom resource type of the deploy-time builds. */
export const BUILD_RESOURCE_TYPE = 'Custom::CdkRustImageBuild';

/** What the CodeBuild images of one construct are made from. */
export interface CodeBuildImagesProps {
  readonly location: BuildLocation;
  /** The staged build context (`asset.<hash>` in the cloud assembly), uploaded as it is. */
  readonly staged: StagedContext;
  /** The images, which share the staged context, each with its content hash. */
  readonly requests: RemoteImageRequest[];
  readonly options: RemoteBuildOptions;
  readonly assetName?: string;
}

/**
 * The images of a construct built in AWS CodeBuild at deploy time: the
 * staged context as a file asset (zipped by cdk-assets; synth and deploy
 * need no Docker), an ECR repository, one project per architecture on its
 * native machine, and a custom resource that starts the builds of the
 * images the repository lacks, waits for them, and answers each image's
 * digest: the task definition refers to the image by digest, so an
 * unchanged context builds nothing and changes nothing, and a changed one
 * rolls out.
 */
export class CodeBuildImages extends Construct {
  public readonly repository: ecr.Repository;
  /** Where each image is, in the order of the requests. */
  public readonly locations: ImageAssetLocation[];

  constructor(scope: Construct, id: string, props: CodeBuildImagesProps) {
    super(scope, id);
    const plan = remoteBuildPlan(props.requests, props.options);
    const computeType = props.location.computeType ?? CodeBuildComputeType.MEDIUM;
    const region = Stack.of(this).region;
    if (plan.architectures.some((a) => a.architecture === Architecture.ARM64)) {
      assertArmComputeType(computeType, Token.isUnresolved(region) ? undefined : region);
    }

    this.repository = new ecr.Repository(this, 'Repository', {
      repositoryName: props.location.repositoryName,
      imageScanOnPush: true,
      encryption: ecr.RepositoryEncryption.AES_256,
      lifecycleRules: [
        ...plan.images.map((image) => ({
          description: `The newest images of ${image.build.binaryName}`,
          tagPrefixList: [`${image.build.binaryName}.`],
          maxImageCount: props.location.maxImageCount ?? 30,
        })),
        // Builder caches that a newer push untagged; the current ones (builder-cache-<arch>) no rule expires.
        { description: 'Untagged images (earlier builder caches)', tagStatus: ecr.TagStatus.UNTAGGED, maxImageAge: Duration.days(7) },
      ],
    });

    const stack = Stack.of(this);
    const assemblyDir = Stage.of(stack)?.outdir;
    const source = stack.synthesizer.addFileAsset({
      sourceHash: props.staged.assetHash,
      fileName: assemblyDir ? relativeTo(assemblyDir, props.staged.directory) : props.staged.directory,
      packaging: FileAssetPackaging.ZIP_DIRECTORY,
      displayName: `${props.assetName ?? Names.stackRelativeConstructPath(scope)} build context`,
    });
    const sourceBucket = s3.Bucket.fromBucketName(this, 'SourceBucket', source.bucketName);

    const logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.ONE_MONTH });
    const role = new iam.Role(this, 'BuildRole', { assumedBy: new iam.ServicePrincipal('codebuild.amazonaws.com') });
    const policy = new iam.Policy(this, 'BuildPolicy', {
      roles: [role],
      statements: [
        new iam.PolicyStatement({
          actions: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload', 'ecr:PutImage'],
          resources: [this.repository.repositoryArn],
        }),
        new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:GetObjectVersion'], resources: [sourceBucket.arnForObjects(source.objectKey)] }),
        new iam.PolicyStatement({ actions: ['s3:GetBucketLocation', 's3:GetBucketAcl'], resources: [sourceBucket.bucketArn] }),
        new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
      ],
    });
    const login = new iam.Policy(this, 'RegistryLogin', {
      roles: [role],
      statements: [new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] })],
    });
    acknowledgeNagFindings(login.node.defaultChild as iam.CfnPolicy, {
      'AwsSolutions-IAM5[Resource::*]': 'This policy holds only ecr:GetAuthorizationToken (docker login to the registry), which supports no resource-level permissions: IAM accepts it on "*" alone.',
    });

    const projects = plan.architectures.map(({ architecture, build }) => architectureProject(this, {
      architecture,
      buildspec: codeBuildBuildspec(build),
      computeType,
      timeoutMinutes: props.location.timeoutMinutes ?? 30,
      sourceBucket,
      sourceKey: source.objectKey,
      repositoryUri: this.repository.repositoryUri,
      role: role.withoutPolicyUpdates(),
      logGroup,
    }));

    const provider = CodeBuildImageProvider.of(this);
    provider.grantBuildLocation(projects, this.repository);
    const images: ImageProperties[] = plan.images.map((image) => ({
      Tag: image.tag,
      ...(image.platformTags ? { PlatformTags: image.platformTags } : {}),
    }));
    const properties: ImageBuildProperties = {
      RepositoryName: this.repository.repositoryName,
      Projects: projects.map((p) => p.projectName),
      TagsVariable: TAGS_VARIABLE,
      Images: images,
    };
    const resource = new CustomResource(this, 'Images', { serviceToken: provider.serviceToken, resourceType: BUILD_RESOURCE_TYPE, properties: { ...properties } });
    // The builds start only when their role, and the handler, may do what they do.
    resource.node.addDependency(policy, login, provider.grantsPolicy);

    this.locations = plan.images.map((image, i) => ({
      repository: this.repository,
      imageUri: this.repository.repositoryUriForDigest(resource.getAttString(digestAttribute(i))),
      imageTag: image.tag,
    }));
  }
}

function relativeTo(from: string, to: string): string {
  const rel = path.relative(from, to);
  return rel.startsWith('..') ? to : rel;
}
