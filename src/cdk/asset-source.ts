import { DockerImageAssetSource } from 'aws-cdk-lib';
import { buildCacheOption, dockerCacheOption } from './cache-option';
import { ImageAssetOptions } from './image-asset-options';
import { invalidValue } from '../core/errors';
import { ImageBuild } from '../image/image-build';
import { BuildInvocation, secretSourceValue, sshFlagValue } from '../image/invocation/build-invocation';

/*
 * The CDK face of a build invocation: the asset options a synthesizer's
 * `addDockerImageAsset` takes, and what of them the staged context's hash
 * covers. Both are read off the one invocation the image layer derives.
 */

/** What the asset's build comes from besides its context: everything `addDockerImageAsset` takes about the build. */
export type AssetBuildOptions = Pick<DockerImageAssetSource,
'dockerFile' | 'dockerBuildTarget' | 'platform' | 'dockerBuildArgs' | 'dockerBuildSecrets' | 'dockerBuildSsh'
| 'dockerCacheFrom' | 'dockerCacheTo' | 'dockerCacheDisabled' | 'dockerOutputs' | 'networkMode'>;

/** The invocation of an image's asset build: the image's own facts and the construct's asset options. */
export function assetInvocationOf(build: ImageBuild, props: ImageAssetOptions): BuildInvocation {
  const cache = props.registryCache?._settings;
  return build.buildInvocation({
    buildArgs: { ...(cache?.buildArgs ?? {}), ...(props.buildArgs ?? {}) },
    cacheFrom: cache ? cache.cacheFrom : props.cacheFrom?.map(buildCacheOption),
    cacheTo: cache ? cache.cacheTo : props.cacheTo && buildCacheOption(props.cacheTo),
    cacheDisabled: props.cacheDisabled,
    networkMode: props.networkMode?.mode,
    outputs: props.outputs,
  });
}

/** `addDockerImageAsset`'s build options for an invocation. */
export function assetBuildOptionsOf(invocation: BuildInvocation): AssetBuildOptions {
  return {
    dockerFile: invocation.dockerfileName,
    dockerBuildTarget: invocation.target,
    platform: invocation.platform,
    dockerBuildArgs: buildArgsOf(invocation),
    dockerBuildSecrets: buildSecretsOf(invocation),
    dockerBuildSsh: invocation.sshAgent ? sshFlagValue(invocation.sshAgent) : undefined,
    dockerCacheFrom: invocation.cacheFrom.length > 0 ? invocation.cacheFrom.map(dockerCacheOption) : undefined,
    dockerCacheTo: invocation.cacheTo ? dockerCacheOption(invocation.cacheTo) : undefined,
    dockerCacheDisabled: invocation.cacheDisabled ? true : undefined,
    dockerOutputs: invocation.outputs,
    networkMode: invocation.networkMode,
  };
}

/**
 * The build options the staged context's hash covers: those that change the
 * image without changing a file (platform, build arguments, network,
 * outputs), and which secrets and SSH agent the build gets (never their
 * content). The key order is part of the hash.
 */
export function stagingExtraHashOf(invocation: BuildInvocation): object {
  return {
    platform: invocation.platform,
    buildArgs: buildArgsOf(invocation),
    networkMode: invocation.networkMode,
    outputs: invocation.outputs,
    secrets: buildSecretsOf(invocation),
    ssh: invocation.sshAgent ? sshFlagValue(invocation.sshAgent) : undefined,
  };
}

function buildArgsOf(invocation: BuildInvocation): { [name: string]: string } | undefined {
  return Object.keys(invocation.buildArgs).length > 0 ? { ...invocation.buildArgs } : undefined;
}

/** `--secret id=<id>,src=<file>` values by id; each secret needs a file, as cdk-assets passes them. */
function buildSecretsOf(invocation: BuildInvocation): { [id: string]: string } | undefined {
  if (invocation.secrets.length === 0) return undefined;
  const secrets: { [id: string]: string } = {};
  invocation.secrets.forEach((secret, i) => {
    if (secret.sourceFile === undefined) {
      throw invalidValue(`buildSecrets[${i}].sourceFile`, secret.sourceFile, 'cdk-assets passes a build secret as --secret id=<id>,src=<file>, so it needs the file that holds it', 'Set sourceFile to the path of the secret on the build host (e.g. from the CI\'s secret store).');
    }
    // What DockerBuildSecret.fromSrc() writes, and the projen tasks pass after `id=<id>,`.
    secrets[secret.id] = secretSourceValue(secret.sourceFile);
  });
  return secrets;
}
