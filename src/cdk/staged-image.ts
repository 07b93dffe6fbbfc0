import * as path from 'path';
import { DockerBuildSecret, Names, Stack, Stage } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { ImageAssetOptions } from './image-asset-options';
import { StagedContext } from './staged-context';
import { invalidValue } from '../core/errors';
import { RustMuslImage } from '../image/builder/rust-musl-image';

/** One image of a context that holds several: its own hash and build target. */
export interface AssetPart {
  readonly sourceHash?: string;
  readonly target?: string;
  /** Id of the repository construct, when one scope registers several images. */
  readonly scopeId?: string;
}

/** Where a staged context was registered as a Docker image asset. */
export interface ImageAssetLocation {
  readonly repository: ecr.IRepository;
  readonly imageUri: string;
  readonly imageTag: string;
}

/**
 * Registers a staged context with the stack's synthesizer as a Docker image
 * asset (what `DockerImageAsset` does after its own staging), so that
 * `cdk deploy` and cdk-assets build and publish it.
 */
export function registerImageAsset(
  scope: Construct, staged: StagedContext, platform: string, props: ImageAssetOptions, builder: RustMuslImage, part: AssetPart = {},
): ImageAssetLocation {
  const stack = Stack.of(scope);
  const cache = props.registryCache;
  const assemblyDir = Stage.of(stack)?.outdir;
  const directoryName = assemblyDir ? relativeTo(assemblyDir, staged.directory) : staged.directory;
  const location = stack.synthesizer.addDockerImageAsset({
    sourceHash: part.sourceHash ?? staged.assetHash,
    dockerBuildTarget: part.target,
    directoryName,
    dockerFile: 'Dockerfile',
    platform,
    dockerBuildArgs: buildArgsOf(props),
    dockerCacheFrom: cache?.cacheFrom ?? props.cacheFrom,
    dockerCacheTo: cache?.cacheTo ?? props.cacheTo,
    dockerCacheDisabled: props.cacheDisabled,
    dockerOutputs: props.outputs,
    networkMode: props.networkMode?.mode,
    dockerBuildSecrets: buildSecretsOf(builder),
    dockerBuildSsh: buildSshOf(builder),
    displayName: props.assetName ?? Names.stackRelativeConstructPath(scope),
  });
  return {
    repository: ecr.Repository.fromRepositoryName(scope, part.scopeId ? `Repository-${part.scopeId}` : 'Repository', location.repositoryName),
    imageUri: location.imageUri,
    imageTag: location.imageTag ?? part.sourceHash ?? staged.assetHash,
  };
}

function relativeTo(from: string, to: string): string {
  const rel = path.relative(from, to);
  return rel.startsWith('..') ? to : rel;
}

/** The image of a registered asset, for container definitions: pulls are granted to the execution role. */
export class StagedContainerImage extends ecs.ContainerImage {
  constructor(private readonly location: ImageAssetLocation) {
    super();
  }

  public bind(_scope: Construct, containerDefinition: ecs.ContainerDefinition): ecs.ContainerImageConfig {
    this.location.repository.grantPull(containerDefinition.taskDefinition.obtainExecutionRole());
    return { imageName: this.location.imageUri };
  }
}

/** The build arguments of an image: the user's, and those its registry cache needs. */
export function buildArgsOf(props: ImageAssetOptions): { [name: string]: string } | undefined {
  const args = { ...(props.registryCache?.buildArgs ?? {}), ...(props.buildArgs ?? {}) };
  return Object.keys(args).length > 0 ? args : undefined;
}

/** `--secret id=<id>,src=<file>` values of the builder's secrets; each needs a file, as cdk-assets passes them. */
export function buildSecretsOf(builder: RustMuslImage): { [id: string]: string } | undefined {
  if (builder.buildSecrets.length === 0) return undefined;
  const secrets: { [id: string]: string } = {};
  builder.buildSecrets.forEach((secret, i) => {
    if (secret.sourceFile === undefined) {
      throw invalidValue(`buildSecrets[${i}].sourceFile`, secret.sourceFile, 'cdk-assets passes a build secret as --secret id=<id>,src=<file>, so it needs the file that holds it', 'Set sourceFile to the path of the secret on the build host (e.g. from the CI\'s secret store).');
    }
    secrets[secret.id] = DockerBuildSecret.fromSrc(secret.sourceFile);
  });
  return secrets;
}

/** The `--ssh` value of the builder's SSH agent: `<id>` or `<id>=<key>,<key>`. */
export function buildSshOf(builder: RustMuslImage): string | undefined {
  const ssh = builder.sshAgent;
  if (!ssh) return undefined;
  const id = ssh.id ?? 'default';
  return ssh.keys && ssh.keys.length > 0 ? `${id}=${ssh.keys.join(',')}` : id;
}
