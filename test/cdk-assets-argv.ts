import { DockerImageSource } from 'aws-cdk-lib/cloud-assembly-schema';

/*
 * The command cdk-assets runs for a Docker image asset, rebuilt from the
 * asset manifest's source: the engine tests run it, and the unit tests hold
 * the projen tasks' command lines against it.
 */

/** The `docker build` argv of cdk-assets' `Docker.build()` (lib/private/docker.ts), in its order. */
export function cdkAssetsBuildArgv(source: DockerImageSource, tag: string): string[] {
  return [
    'build',
    ...Object.entries(source.dockerBuildArgs ?? {}).flatMap(([k, v]) => ['--build-arg', `${k}=${v}`]),
    ...Object.entries(source.dockerBuildSecrets ?? {}).flatMap(([k, v]) => ['--secret', `id=${k},${v}`]),
    ...(source.dockerBuildSsh ? ['--ssh', source.dockerBuildSsh] : []),
    '--tag', tag,
    ...(source.dockerBuildTarget ? ['--target', source.dockerBuildTarget] : []),
    ...(source.dockerFile ? ['--file', source.dockerFile] : []),
    ...(source.networkMode ? ['--network', source.networkMode] : []),
    ...(source.platform ? ['--platform', source.platform] : []),
    ...(source.dockerOutputs ?? []).map((output) => `--output=${output}`),
    ...(source.cacheFrom ?? []).flatMap((c) => ['--cache-from', cacheFlag(c)]),
    ...(source.cacheTo ? ['--cache-to', cacheFlag(source.cacheTo)] : []),
    ...(source.cacheDisabled ? ['--no-cache'] : []),
    '.',
  ];
}

function cacheFlag(option: { type: string; params?: Record<string, string> }): string {
  return [`type=${option.type}`, ...Object.entries(option.params ?? {}).map(([k, v]) => `${k}=${v}`)].join(',');
}
