import { BatchGetBuildsCommand, Build, CodeBuildClient, StartBuildCommand, StopBuildCommand } from '@aws-sdk/client-codebuild';
import { BatchGetImageCommand, ECRClient, Image, ImageAlreadyExistsException, PutImageCommand } from '@aws-sdk/client-ecr';
import { ACCEPTED_MEDIA_TYPES, manifestListOf } from './manifest-list';
import { BUILD_IDS, digestAttribute, ImageBuildProperties, ImageProperties } from './protocol';

/*
 * The deploy-time custom resource behind a CodeBuild build location, for the
 * CDK Provider framework: `onEvent` starts one build per architecture
 * unless the repository has every image already (an unchanged context, or a
 * rollback to images built before), and `isComplete` polls the builds, joins
 * multi-platform images in a manifest list, and answers each image's digest,
 * which the task definition refers to. Nothing is deleted: the repository's
 * lifecycle rules expire old images.
 *
 * Runs in Lambda's Node.js runtime with the AWS SDK it ships (bundled with
 * the SDK left out); the unit tests drive it with the SDK's own request and
 * response shapes and mocked clients.
 */

/** What the Provider framework passes to `onEvent` (its OnEventRequest, the parts used here). */
export interface OnEventRequest {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly LogicalResourceId: string;
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: ImageBuildProperties & { readonly ServiceToken?: string };
}

/** What `onEvent` answers. */
export interface OnEventResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: { [key: string]: string };
}

/** What the framework passes to `isComplete`: the request and `onEvent`'s answer. */
export interface IsCompleteRequest extends OnEventRequest {
  readonly Data?: { [key: string]: string };
}

/** What `isComplete` answers. */
export interface IsCompleteResponse {
  readonly IsComplete: boolean;
  readonly Data?: { [key: string]: string };
}

/** The clients the handlers use (mocks in tests). */
export interface Clients {
  readonly codebuild: CodeBuildClient;
  readonly ecr: ECRClient;
}

const FAILED = ['FAILED', 'FAULT', 'STOPPED', 'TIMED_OUT'];

export async function onEvent(event: OnEventRequest, clients: Clients): Promise<OnEventResponse> {
  const physicalResourceId = event.PhysicalResourceId ?? `${event.ResourceProperties.RepositoryName}/${event.LogicalResourceId}`;
  if (event.RequestType === 'Delete') return { PhysicalResourceId: physicalResourceId };
  const props = event.ResourceProperties;
  const present = await imagesByTag(clients.ecr, props.RepositoryName, props.Images.map((i) => i.Tag));
  const missing = props.Images.map((i) => i.Tag).filter((tag) => !present.has(tag));
  const ids: string[] = [];
  if (missing.length > 0) {
    for (const projectName of props.Projects) {
      const started = await clients.codebuild.send(new StartBuildCommand({
        projectName,
        environmentVariablesOverride: [{ name: props.TagsVariable, value: missing.join(' '), type: 'PLAINTEXT' }],
      }));
      if (!started.build?.id) throw new Error(`CodeBuild started no build of project ${projectName}`);
      ids.push(started.build.id);
    }
  }
  return { PhysicalResourceId: physicalResourceId, Data: { [BUILD_IDS]: ids.join(',') } };
}

export async function isComplete(event: IsCompleteRequest, clients: Clients): Promise<IsCompleteResponse> {
  if (event.RequestType === 'Delete') return { IsComplete: true };
  const ids = (event.Data?.[BUILD_IDS] ?? '').split(',').filter((id) => id !== '');
  if (ids.length > 0) {
    const answer = await clients.codebuild.send(new BatchGetBuildsCommand({ ids }));
    const builds = ids.map((id) => answer.builds?.find((b) => b.id === id));
    const failed = builds.find((b) => b === undefined || FAILED.includes(b.buildStatus ?? ''));
    if (failed !== undefined || builds.some((b) => b === undefined)) {
      await stopRunning(clients.codebuild, builds);
      throw new Error(failed ? failureMessage(failed) : `CodeBuild knows no build ${ids.find((_id, i) => builds[i] === undefined)}`);
    }
    if (builds.some((b) => b!.buildStatus !== 'SUCCEEDED')) return { IsComplete: false };
  }
  const props = event.ResourceProperties;
  for (const image of props.Images) {
    if (image.PlatformTags) await ensureManifestList(clients.ecr, props.RepositoryName, image);
  }
  const tags = props.Images.map((i) => i.Tag);
  const images = await imagesByTag(clients.ecr, props.RepositoryName, tags);
  const data: { [key: string]: string } = {};
  tags.forEach((tag, i) => {
    const digest = images.get(tag)?.imageId?.imageDigest;
    if (!digest) throw new Error(`The builds succeeded, but repository ${props.RepositoryName} has no image ${tag}: check the build logs (${ids.join(', ') || 'no build was started'})`);
    data[digestAttribute(i)] = digest;
  });
  return { IsComplete: true, Data: data };
}

/** The images of `tags` the repository has, by tag (BatchGetImage reports the others as failures). */
async function imagesByTag(ecr: ECRClient, repositoryName: string, tags: string[]): Promise<Map<string, Image>> {
  const found = new Map<string, Image>();
  if (tags.length === 0) return found;
  const imageIds = tags.map((imageTag) => ({ imageTag }));
  const answer = await ecr.send(new BatchGetImageCommand({ repositoryName, imageIds, acceptedMediaTypes: ACCEPTED_MEDIA_TYPES }));
  for (const image of answer.images ?? []) {
    if (image.imageId?.imageTag) found.set(image.imageId.imageTag, image);
  }
  const unexpected = (answer.failures ?? []).filter((f) => f.failureCode !== 'ImageNotFound' && f.failureCode !== 'ImageTagDoesNotMatchDigest');
  if (unexpected.length > 0) {
    throw new Error(`ECR could not read images of ${repositoryName}: ${unexpected.map((f) => `${f.imageId?.imageTag}: ${f.failureCode} ${f.failureReason ?? ''}`.trim()).join('; ')}`);
  }
  return found;
}

/** Puts the manifest list of a multi-platform image unless the repository has it. */
async function ensureManifestList(ecr: ECRClient, repositoryName: string, image: ImageProperties): Promise<void> {
  if ((await imagesByTag(ecr, repositoryName, [image.Tag])).has(image.Tag)) return;
  const platforms = Object.entries(image.PlatformTags ?? {});
  const parts = await imagesByTag(ecr, repositoryName, platforms.map(([, tag]) => tag));
  const list = manifestListOf(platforms.map(([architecture, tag]) => {
    const part = parts.get(tag);
    if (!part?.imageManifest || !part.imageId?.imageDigest) throw new Error(`Repository ${repositoryName} has no image ${tag} to join in the manifest list ${image.Tag}`);
    return { architecture, manifest: part.imageManifest, digest: part.imageId.imageDigest, mediaType: part.imageManifestMediaType };
  }));
  try {
    await ecr.send(new PutImageCommand({
      repositoryName, imageTag: image.Tag, imageManifest: list.document, imageManifestMediaType: list.mediaType,
    }));
  } catch (e) {
    if (!(e instanceof ImageAlreadyExistsException)) throw e;
  }
}

/** Stops the builds still running: one failed, so the deploy fails and their minutes would be wasted. */
async function stopRunning(codebuild: CodeBuildClient, builds: Array<Build | undefined>): Promise<void> {
  for (const build of builds) {
    if (build?.id && build.buildStatus === 'IN_PROGRESS') {
      await codebuild.send(new StopBuildCommand({ id: build.id })).catch(() => undefined);
    }
  }
}

/** Why a build failed, in CodeBuild's words, with the link to its log. */
export function failureMessage(build: Build): string {
  const phase = (build.phases ?? []).find((p) => p.phaseStatus !== undefined && p.phaseStatus !== 'SUCCEEDED');
  const context = (phase?.contexts ?? []).map((c) => [c.statusCode, c.message].filter(Boolean).join(': ')).filter(Boolean).join('; ');
  return [
    `CodeBuild build ${build.id} of project ${build.projectName} ${build.buildStatus}`,
    phase ? ` in phase ${phase.phaseType}` : '',
    context ? ` (${context})` : '',
    `. Build log: ${build.logs?.deepLink ?? 'none (the build wrote no log)'}`,
  ].join('');
}
