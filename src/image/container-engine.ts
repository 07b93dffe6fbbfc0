import { BuildWarning, WARNING_IDS } from './build-warning';
import type { ImageBuild } from './image-build';
import { BuildInvocation, cacheFlagValue } from './invocation/build-invocation';
import { describeValue } from '../core/errors';

/*
 * What the engine that runs a build (the `CDK_DOCKER` of cdk-assets, which
 * runs `$CDK_DOCKER build ...`) does with what the library renders and
 * passes. Docker (BuildKit) runs all of it. Podman 4.3 with buildah 1.28
 * (Debian 12) was built and run here: cache, secret and SSH mounts,
 * `--secret`, `--ssh`, `--target`, `--network host`, `--platform` and
 * `COPY --from` work; the four things below do not. Finch (nerdctl with
 * BuildKit) could not run here; its documentation lists every flag
 * cdk-assets passes, so it gets no advice.
 */

/** The engines the library knows something about. @internal */
export enum ContainerEngine {
  DOCKER = 'docker',
  PODMAN = 'podman',
  FINCH = 'finch',
}

/**
 * The engine a `CDK_DOCKER` value names: its command's base name (a path
 * or `.exe` suffix aside). Unset, `docker` and any other command count as
 * Docker: a drop-in the library cannot recognise gets no advice.
 */
export function containerEngineOf(command: string | undefined): ContainerEngine {
  const name = (command ?? '').trim().split(/[\\/]/).pop()!.toLowerCase().replace(/\.exe$/, '');
  if (name === 'podman' || name === 'podman-remote') return ContainerEngine.PODMAN;
  if (name === 'finch') return ContainerEngine.FINCH;
  return ContainerEngine.DOCKER;
}

/** What a build asks of its engine: the Dockerfile's platform arguments and the options cdk-assets passes. @internal */
export interface EngineBuildFacts {
  /** A stage starts `FROM --platform=$BUILDPLATFORM` (the builder runs on the build host). */
  readonly usesBuildPlatform: boolean;
  /** The crossCompilation kind that put it there, for the message. */
  readonly crossCompilation: string;
  /** Stages are picked by `FROM <stage>-${TARGETARCH}` (`multiPlatform`). */
  readonly picksStagesByTargetArch: boolean;
  /** The build arguments cdk-assets passes (`--build-arg`). */
  readonly buildArgs: { [name: string]: string };
  /** The prop that set the cache options (`registryCache`, `cacheFrom`/`cacheTo`), when any is set. */
  readonly cacheProp?: string;
  /** The `--cache-from`/`--cache-to` values cdk-assets passes (`type=registry,ref=...`). */
  readonly cacheFlags: string[];
  /** The `--output` values cdk-assets passes. */
  readonly outputs: string[];
  /** The Docker platform of the machine that synthesizes, e.g. `linux/amd64`: the likely build host. */
  readonly hostPlatform: string;
}

/**
 * The facts of an image's build as `invocation` runs it. `cacheProp` names
 * the prop that set its cache options; `hostPlatform` is the machine's.
 * @internal
 */
export function engineBuildFactsOf(build: ImageBuild, invocation: BuildInvocation, hostPlatform: string, cacheProp?: string): EngineBuildFacts {
  return {
    usesBuildPlatform: build._crossOnBuildHost !== undefined,
    crossCompilation: build._crossOnBuildHost ?? 'none',
    // A multi-platform Dockerfile picks each platform's chain with FROM <stage>-${TARGETARCH}.
    picksStagesByTargetArch: invocation.platforms.length > 1,
    buildArgs: invocation.buildArgs,
    cacheProp,
    cacheFlags: [...invocation.cacheFrom, ...(invocation.cacheTo ? [invocation.cacheTo] : [])].map(cacheFlagValue),
    outputs: invocation.outputs ?? [],
    hostPlatform,
  };
}

/** Advice for a build on `engine`, each with its fixed id; nothing for Docker and Finch. @internal */
export function containerEngineWarnings(engine: ContainerEngine, facts: EngineBuildFacts): BuildWarning[] {
  if (engine !== ContainerEngine.PODMAN) return [];
  return [
    ...buildPlatformWarnings(facts),
    ...multiPlatformWarnings(facts),
    ...cacheWarnings(facts),
    ...outputWarnings(facts),
  ];
}

const PODMAN = 'CDK_DOCKER is "podman"';

function buildPlatformWarnings(facts: EngineBuildFacts): BuildWarning[] {
  if (!facts.usesBuildPlatform || 'BUILDPLATFORM' in facts.buildArgs) return [];
  return [{
    id: WARNING_IDS.podmanBuildPlatform,
    message: `${PODMAN}, and the builder stages start FROM --platform=$BUILDPLATFORM (crossCompilation ${facts.crossCompilation} runs them on the build host): `
      + 'podman 4.3 (buildah 1.28) does not set BUILDPLATFORM, so it looks for the toolchain image of the target platform instead: '
      + 'the build fails when no registry has it, and runs the whole Rust build under emulation when one does. '
      + `Fix: pass the build host's platform as a build argument, buildArgs: { BUILDPLATFORM: '${facts.hostPlatform}' }. `
      + 'Docker uses your value too, so it must be the platform of every machine that builds the image.',
  }];
}

function multiPlatformWarnings(facts: EngineBuildFacts): BuildWarning[] {
  if (!facts.picksStagesByTargetArch) return [];
  return [{
    id: WARNING_IDS.podmanMultiPlatform,
    message: `${PODMAN}, and multiPlatform is true: the Dockerfile picks each platform's stages with FROM builder-\${TARGETARCH}, `
      + 'which podman 4.3 expands to "builder-" and refuses ("creating build container: invalid reference format"); '
      + 'it expands automatic platform arguments in FROM only after a global ARG TARGETARCH, which Docker 20.10 in turn leaves empty. '
      + 'Fix: set multiPlatform to false and build one image per architecture (architecture: Architecture.X86_64 and Architecture.ARM64); '
      + 'join them with podman manifest create, podman manifest add and podman manifest push --all.',
  }];
}

function cacheWarnings(facts: EngineBuildFacts): BuildWarning[] {
  if (facts.cacheProp === undefined || facts.cacheFlags.length === 0) return [];
  return [{
    id: WARNING_IDS.podmanBuildCache,
    message: `${PODMAN}, and ${facts.cacheProp} is set (${describeValue(facts.cacheFlags)}): cdk-assets passes it as --cache-from/--cache-to type=<type>,..., `
      + 'a form podman 4.3 refuses before it builds anything ("invalid repo ...: must contain registry and repository"); '
      + 'podman\'s own --cache-from/--cache-to take a bare repository, which the CDK\'s cache options cannot express. '
      + `Fix: leave ${facts.cacheProp} unset where podman builds (podman keeps its own layer cache), or build with Docker buildx.`,
  }];
}

function outputWarnings(facts: EngineBuildFacts): BuildWarning[] {
  // A bare path is a local output for podman as for Docker.
  const ignored = facts.outputs.filter((o) => o.startsWith('type=') && !/^type=(local|tar)(,|$)/.test(o));
  if (ignored.length === 0) return [];
  return [{
    id: WARNING_IDS.podmanOutputs,
    message: `${PODMAN}, and outputs is ${describeValue(facts.outputs)}: podman 4.3 writes type=local and type=tar outputs only and ignores `
      + `${describeValue(ignored)} without an error (the image is only tagged locally). `
      + 'Fix: leave those outputs out where podman builds; cdk-assets pushes the tagged image itself.',
  }];
}
