import { ImageBuild } from './image-build';
import { BuildInvocation } from './invocation/build-invocation';
import { ArchitectureBuild, BuildspecImage, REPOSITORY_PLACEHOLDER } from './invocation/codebuild-buildspec';
import { inlineCacheSettings } from './invocation/registry-cache-settings';
import { invalidValue } from '../core/errors';
import { Architecture } from '../model/architecture';

/*
 * A build service's plan for the images of one construct, derived once from
 * their invocations: one build per architecture (a native machine each), in
 * which the builder stage is built first and pushed with inline cache
 * metadata (the dependency layer of every service, built once per
 * architecture), then each image with that cache and pushed. Tags carry the
 * image's content hash, so an image the repository has is never built again.
 */

/** An image to build: its composed build and the hash that names its content (the asset hash). */
export interface RemoteImageRequest {
  readonly build: ImageBuild;
  readonly hash: string;
}

/** What the construct's options add to every build of the plan. */
export interface RemoteBuildOptions {
  readonly buildArgs?: { [name: string]: string };
  readonly networkMode?: string;
  readonly cacheDisabled?: boolean;
}

/** One image as the repository will hold it. */
export interface RemoteImage {
  readonly build: ImageBuild;
  /** The tag the deploy refers to: the image, or the manifest list of a multi-platform image. */
  readonly tag: string;
  /** Per architecture, the tag of its image; undefined for a single-platform image (the tag is the image). */
  readonly platformTags?: { [dockerArch: string]: string };
}

/** The builds of one construct's images. */
export interface RemoteBuildPlan {
  /** One build per architecture, each on its own machine. */
  readonly architectures: Array<{ readonly architecture: Architecture; readonly build: ArchitectureBuild }>;
  readonly images: RemoteImage[];
}

/** Characters of the content hash in a tag: 128 bits, and room for a 64-character binary name within Docker's 128. */
const TAG_HASH_LENGTH = 32;
const TAG_NAME = /^[A-Za-z0-9_][A-Za-z0-9_-]*$/;

/** The tag of an image: `<binary>.<hash>`; no binary name holds a ".", so `<binary>.` names one service's images. */
export function remoteImageTag(build: ImageBuild, hash: string): string {
  if (!TAG_NAME.test(build.binaryName)) {
    throw invalidValue('binaryName', build.binaryName, 'a CodeBuild build tags each image with its binary name, and an image tag takes ASCII letters, digits, "_" and "-" only',
      'Rename the binary to ASCII, or build it locally (BuildLocation.local()).');
  }
  return `${build.binaryName}.${hash.slice(0, TAG_HASH_LENGTH)}`;
}

/** The tag of an architecture's builder stage, the registry cache of its dependency layer. */
export function builderCacheTag(architecture: Architecture): string {
  return `builder-cache-${architecture.dockerArch}`;
}

/** Checks that a build service can build `build`: nothing of the deploying machine (secret files, an SSH agent) reaches it. */
export function assertRemoteBuildable(build: ImageBuild): void {
  const facts = build.buildInvocation();
  if (facts.secrets.length > 0) {
    throw invalidValue('buildSecrets', facts.secrets.map((s) => s.id), 'a CodeBuild build has no files of the deploying machine to mount as build secrets',
      'Build it locally (BuildLocation.local()), or make the dependencies reachable without a secret (vendored, or a registry the build can read).');
  }
  if (facts.sshAgent) {
    throw invalidValue('sshAgent', facts.sshAgent.id ?? 'default', 'a CodeBuild build has no SSH agent or keys of the deploying machine to forward',
      'Build it locally (BuildLocation.local()), or vendor the git dependencies (`cargo vendor`) so the build fetches nothing over SSH.');
  }
}

/** The plan for `requests`, which share one Dockerfile and build context. */
export function remoteBuildPlan(requests: RemoteImageRequest[], options: RemoteBuildOptions = {}): RemoteBuildPlan {
  const first = requests[0].build;
  assertRemoteBuildable(first);
  const platforms = first.buildInvocation().platforms;
  const multiPlatform = platforms.length > 1;
  const images: RemoteImage[] = requests.map(({ build, hash }) => {
    const tag = remoteImageTag(build, hash);
    return {
      build,
      tag,
      ...(multiPlatform ? { platformTags: Object.fromEntries(platforms.map((p) => [Architecture.fromDockerPlatform(p).dockerArch, `${tag}-${Architecture.fromDockerPlatform(p).dockerArch}`])) } : {}),
    };
  });
  const architectures = platforms.map((platform) => {
    const architecture = Architecture.fromDockerPlatform(platform);
    const cacheTag = builderCacheTag(architecture);
    const cache = inlineCacheSettings([`${REPOSITORY_PLACEHOLDER}:${cacheTag}`]);
    const invocationOf = (build: ImageBuild, tag: string, target?: string): BuildInvocation => {
      const invocation = build.buildInvocation({
        tags: [`${REPOSITORY_PLACEHOLDER}:${tag}`],
        buildArgs: { ...cache.buildArgs, ...(options.buildArgs ?? {}) },
        cacheFrom: cache.cacheFrom,
        cacheDisabled: options.cacheDisabled,
        networkMode: options.networkMode,
      });
      return { ...invocation, platform, ...(target !== undefined ? { target } : {}) };
    };
    const imageBuilds: BuildspecImage[] = images.map((image) => {
      const tag = image.platformTags?.[architecture.dockerArch] ?? image.tag;
      return { tag, requestedAs: image.tag, invocation: invocationOf(image.build, tag) };
    });
    return { architecture, build: { cache: invocationOf(first, cacheTag, first._dependencyStage), cacheTag, images: imageBuilds } };
  });
  return { architectures, images };
}
