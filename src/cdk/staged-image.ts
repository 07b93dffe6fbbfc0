import * as path from 'path';
import { Names, Stack, Stage } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { assetBuildOptionsOf } from './asset-source';
import { StagedContext } from './staged-context';
import { BuildInvocation } from '../image/invocation/build-invocation';

/** One image of a context that holds several: its own hash. */
export interface AssetPart {
  readonly sourceHash?: string;
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
  scope: Construct, staged: StagedContext, invocation: BuildInvocation, assetName: string | undefined, part: AssetPart = {},
): ImageAssetLocation {
  const stack = Stack.of(scope);
  const assemblyDir = Stage.of(stack)?.outdir;
  const directoryName = assemblyDir ? relativeTo(assemblyDir, staged.directory) : staged.directory;
  const location = stack.synthesizer.addDockerImageAsset({
    sourceHash: part.sourceHash ?? staged.assetHash,
    directoryName,
    ...assetBuildOptionsOf(invocation),
    displayName: assetName ?? Names.stackRelativeConstructPath(scope),
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
