/**
 * The deploy-time custom resource's handler (src/cdk/codebuild/handler),
 * driven as the Provider framework drives it: `onEvent` with
 * CloudFormation's request, then `isComplete` with the request and
 * onEvent's answer. The AWS SDK v3 clients are real; what they would send
 * to CodeBuild and ECR is answered by aws-sdk-client-mock with the SDK's
 * own response shapes. Simulated: the services' answers (which builds
 * exist, their status, phases and log links; which images ECR has). Not
 * simulated: the requests, which are the SDK's commands as the handler
 * builds them, checked field by field.
 */
import { BatchGetBuildsCommand, Build, CodeBuildClient, StartBuildCommand, StopBuildCommand } from '@aws-sdk/client-codebuild';
import { BatchGetImageCommand, ECRClient, ImageAlreadyExistsException, PutImageCommand } from '@aws-sdk/client-ecr';
import { mockClient } from 'aws-sdk-client-mock';
import { isComplete, IsCompleteRequest, onEvent, OnEventRequest } from '../../src/cdk/codebuild/handler/image-builds';
import { DOCKER_MANIFEST, DOCKER_MANIFEST_LIST } from '../../src/cdk/codebuild/handler/manifest-list';
import { BUILD_IDS } from '../../src/cdk/codebuild/handler/protocol';

const codebuildMock = mockClient(CodeBuildClient);
const ecrMock = mockClient(ECRClient);
const clients = () => ({ codebuild: new CodeBuildClient({ region: 'eu-west-1' }), ecr: new ECRClient({ region: 'eu-west-1' }) });

const REPO = 'task-api-images';
const API = 'api.0123456789abcdef0123456789abcdef';
const WORKER = 'worker.fedcba9876543210fedcba9876543210';
const DIGEST = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;

function request(type: 'Create' | 'Update' | 'Delete', images = [{ Tag: API }, { Tag: WORKER }], physical?: string): OnEventRequest {
  return {
    RequestType: type,
    LogicalResourceId: 'ServicesCodeBuildImages1A2B3C4D',
    ...(physical ? { PhysicalResourceId: physical } : {}),
    ResourceProperties: { ServiceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:x', RepositoryName: REPO, Projects: ['build-amd64', 'build-arm64'], TagsVariable: 'CDK_RUST_IMAGE_TAGS', Images: images },
  };
}

/** ECR's BatchGetImage answer for the tags it has (by digest number); the others are ImageNotFound failures. */
function ecrHas(images: Record<string, number>, manifests: Record<string, string> = {}) {
  ecrMock.on(BatchGetImageCommand).callsFake((input: { imageIds: Array<{ imageTag: string }> }) => ({
    images: input.imageIds.filter((id) => id.imageTag in images).map((id) => ({
      registryId: '123456789012',
      repositoryName: REPO,
      imageId: { imageTag: id.imageTag, imageDigest: DIGEST(images[id.imageTag]) },
      imageManifest: manifests[id.imageTag] ?? '{"schemaVersion":2}',
      imageManifestMediaType: DOCKER_MANIFEST,
    })),
    failures: input.imageIds.filter((id) => !(id.imageTag in images)).map((id) => ({ imageId: { imageTag: id.imageTag }, failureCode: 'ImageNotFound', failureReason: 'Requested image not found' })),
  }));
}

function build(id: string, status: Build['buildStatus'], extra: Partial<Build> = {}): Build {
  return { id, arn: `arn:aws:codebuild:eu-west-1:123456789012:build/${id}`, projectName: id.split(':')[0], buildStatus: status, ...extra };
}

beforeEach(() => {
  codebuildMock.reset();
  ecrMock.reset();
});

describe('onEvent', () => {
  test('starts one build per project, telling it the tags the repository lacks', async () => {
    ecrHas({ [WORKER]: 2 });
    codebuildMock.on(StartBuildCommand).callsFake((input: { projectName: string }) => ({ build: { id: `${input.projectName}:1111` } }));
    const answer = await onEvent(request('Create'), clients());
    expect(answer).toEqual({ PhysicalResourceId: `${REPO}/ServicesCodeBuildImages1A2B3C4D`, Data: { [BUILD_IDS]: 'build-amd64:1111,build-arm64:1111' } });
    expect(ecrMock.commandCalls(BatchGetImageCommand)[0].args[0].input)
      .toMatchObject({ repositoryName: REPO, imageIds: [{ imageTag: API }, { imageTag: WORKER }] });
    expect(codebuildMock.commandCalls(StartBuildCommand).map((c) => c.args[0].input)).toEqual(['build-amd64', 'build-arm64'].map((projectName) => ({
      projectName, environmentVariablesOverride: [{ name: 'CDK_RUST_IMAGE_TAGS', value: API, type: 'PLAINTEXT' }],
    })));
  });

  test('starts nothing when every image is in the repository (a rollback, or a deploy of images built before), and keeps the physical id on update', async () => {
    ecrHas({ [API]: 1, [WORKER]: 2 });
    const answer = await onEvent(request('Update', undefined, 'physical-1'), clients());
    expect(answer).toEqual({ PhysicalResourceId: 'physical-1', Data: { [BUILD_IDS]: '' } });
    expect(codebuildMock.commandCalls(StartBuildCommand)).toHaveLength(0);
  });

  test('delete removes nothing (the repository\'s lifecycle rules expire old images)', async () => {
    expect(await onEvent(request('Delete', undefined, 'physical-1'), clients())).toEqual({ PhysicalResourceId: 'physical-1' });
    expect(ecrMock.calls()).toHaveLength(0);
    expect(codebuildMock.calls()).toHaveLength(0);
  });

  test('an ECR failure other than a missing image fails the deploy with ECR\'s words', async () => {
    ecrMock.on(BatchGetImageCommand).resolves({ failures: [{ imageId: { imageTag: API }, failureCode: 'KmsError', failureReason: 'KMS key disabled' }] });
    await expect(onEvent(request('Create'), clients())).rejects.toThrow(`ECR could not read images of ${REPO}: ${API}: KmsError KMS key disabled`);
  });
});

describe('isComplete', () => {
  const started = (ids: string): IsCompleteRequest => ({ ...request('Create'), PhysicalResourceId: 'p', Data: { [BUILD_IDS]: ids } });

  test('waits while a build runs', async () => {
    codebuildMock.on(BatchGetBuildsCommand).resolves({ builds: [build('build-amd64:1', 'SUCCEEDED'), build('build-arm64:1', 'IN_PROGRESS')] });
    expect(await isComplete(started('build-amd64:1,build-arm64:1'), clients())).toEqual({ IsComplete: false });
    expect(ecrMock.calls()).toHaveLength(0);
  });

  test('answers each image\'s digest, by index, once the builds succeeded', async () => {
    codebuildMock.on(BatchGetBuildsCommand).resolves({ builds: [build('build-amd64:1', 'SUCCEEDED'), build('build-arm64:1', 'SUCCEEDED')] });
    ecrHas({ [API]: 1, [WORKER]: 2 });
    expect(await isComplete(started('build-amd64:1,build-arm64:1'), clients())).toEqual({ IsComplete: true, Data: { Digest0: DIGEST(1), Digest1: DIGEST(2) } });
  });

  test('a failed build fails the deploy with its status, phase, CodeBuild\'s message and the log link, and stops the build still running', async () => {
    codebuildMock.on(BatchGetBuildsCommand).resolves({
      builds: [
        build('build-amd64:1', 'FAILED', {
          phases: [
            { phaseType: 'PRE_BUILD', phaseStatus: 'SUCCEEDED' },
            { phaseType: 'BUILD', phaseStatus: 'FAILED', contexts: [{ statusCode: 'COMMAND_EXECUTION_ERROR', message: 'Error while executing command: docker build ... Reason: exit status 101' }] },
          ],
          logs: { deepLink: 'https://console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logEvent:group=/x;stream=1' },
        }),
        build('build-arm64:1', 'IN_PROGRESS'),
      ],
    });
    codebuildMock.on(StopBuildCommand).resolves({});
    await expect(isComplete(started('build-amd64:1,build-arm64:1'), clients())).rejects.toThrow(
      'CodeBuild build build-amd64:1 of project build-amd64 FAILED in phase BUILD (COMMAND_EXECUTION_ERROR: Error while executing command: docker build ... Reason: exit status 101). '
      + 'Build log: https://console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logEvent:group=/x;stream=1');
    expect(codebuildMock.commandCalls(StopBuildCommand).map((c) => c.args[0].input)).toEqual([{ id: 'build-arm64:1' }]);
  });

  test.each(['FAULT', 'STOPPED', 'TIMED_OUT'] as const)('a build that ended %s fails the deploy', async (status) => {
    codebuildMock.on(BatchGetBuildsCommand).resolves({ builds: [build('build-amd64:1', status)] });
    await expect(isComplete(started('build-amd64:1'), clients())).rejects.toThrow(`CodeBuild build build-amd64:1 of project build-amd64 ${status}. Build log: none (the build wrote no log)`);
  });

  test('a build CodeBuild does not know fails the deploy', async () => {
    codebuildMock.on(BatchGetBuildsCommand).resolves({ builds: [], buildsNotFound: ['build-amd64:1'] });
    await expect(isComplete(started('build-amd64:1'), clients())).rejects.toThrow('CodeBuild knows no build build-amd64:1');
  });

  test('builds that succeeded without pushing the image fail the deploy', async () => {
    codebuildMock.on(BatchGetBuildsCommand).resolves({ builds: [build('build-amd64:1', 'SUCCEEDED')] });
    ecrHas({ [WORKER]: 2 });
    await expect(isComplete(started('build-amd64:1'), clients())).rejects.toThrow(`The builds succeeded, but repository ${REPO} has no image ${API}`);
  });

  test('a multi-platform image: the per-platform images are joined in a manifest list, which ECR stores under the tag', async () => {
    const amd64 = JSON.stringify({ schemaVersion: 2, mediaType: DOCKER_MANIFEST, config: {}, layers: [] });
    const arm64 = JSON.stringify({ schemaVersion: 2, mediaType: DOCKER_MANIFEST, config: { size: 1 }, layers: [] });
    const image = { Tag: API, PlatformTags: { amd64: `${API}-amd64`, arm64: `${API}-arm64` } };
    const event: IsCompleteRequest = { ...request('Create', [image]), PhysicalResourceId: 'p', Data: { [BUILD_IDS]: 'build-amd64:1,build-arm64:1' } };
    codebuildMock.on(BatchGetBuildsCommand).resolves({ builds: [build('build-amd64:1', 'SUCCEEDED'), build('build-arm64:1', 'SUCCEEDED')] });
    const have: Record<string, number> = { [`${API}-amd64`]: 3, [`${API}-arm64`]: 4 };
    ecrHas(have, { [`${API}-amd64`]: amd64, [`${API}-arm64`]: arm64 });
    ecrMock.on(PutImageCommand).callsFake(() => {
      have[API] = 5;
      return { image: { imageId: { imageTag: API, imageDigest: DIGEST(5) } } };
    });
    expect(await isComplete(event, clients())).toEqual({ IsComplete: true, Data: { Digest0: DIGEST(5) } });
    const put = ecrMock.commandCalls(PutImageCommand)[0].args[0].input;
    expect({ ...put, imageManifest: JSON.parse(put.imageManifest!) }).toEqual({
      repositoryName: REPO,
      imageTag: API,
      imageManifestMediaType: DOCKER_MANIFEST_LIST,
      imageManifest: {
        schemaVersion: 2,
        mediaType: DOCKER_MANIFEST_LIST,
        manifests: [
          { mediaType: DOCKER_MANIFEST, digest: DIGEST(3), size: Buffer.byteLength(amd64), platform: { architecture: 'amd64', os: 'linux' } },
          { mediaType: DOCKER_MANIFEST, digest: DIGEST(4), size: Buffer.byteLength(arm64), platform: { architecture: 'arm64', os: 'linux' } },
        ],
      },
    });
  });

  test('a manifest list ECR has already (same tag and digest) is not an error; one the repository has is not put again', async () => {
    const image = { Tag: API, PlatformTags: { amd64: `${API}-amd64` } };
    const event: IsCompleteRequest = { ...request('Update', [image]), PhysicalResourceId: 'p', Data: { [BUILD_IDS]: '' } };
    ecrHas({ [`${API}-amd64`]: 3 }, { [`${API}-amd64`]: JSON.stringify({ mediaType: DOCKER_MANIFEST }) });
    ecrMock.on(PutImageCommand).rejects(new ImageAlreadyExistsException({ message: 'Image with digest and tag already exists', $metadata: {} }));
    await expect(isComplete(event, clients())).rejects.toThrow(`has no image ${API}`);
    expect(ecrMock.commandCalls(PutImageCommand)).toHaveLength(1);
    ecrMock.reset();
    ecrHas({ [API]: 6 });
    expect(await isComplete(event, clients())).toEqual({ IsComplete: true, Data: { Digest0: DIGEST(6) } });
    expect(ecrMock.commandCalls(PutImageCommand)).toHaveLength(0);
  });

  test('delete completes at once', async () => {
    expect(await isComplete({ ...request('Delete', undefined, 'p') }, clients())).toEqual({ IsComplete: true });
  });
});
