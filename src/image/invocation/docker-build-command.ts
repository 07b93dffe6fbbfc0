import { BuildCacheOption, BuildInvocation, cacheFlagValue, secretFlagValue, sshFlagValue } from './build-invocation';

/**
 * The `docker build` argument vector of an invocation, run in its context
 * directory (context `.`). Unquoted: a shell command quotes it once, at the
 * edge (`shellCommand`).
 */
export function dockerBuildCommand(invocation: BuildInvocation): string[] {
  return [
    'docker', 'build',
    '--platform', invocation.platform,
    '-f', invocation.dockerfileName,
    ...(invocation.target !== undefined ? ['--target', invocation.target] : []),
    ...invocation.tags.flatMap((tag) => ['-t', tag]),
    ...invocation.secrets.flatMap((secret) => ['--secret', secretFlagValue(secret)]),
    ...(invocation.sshAgent ? ['--ssh', sshFlagValue(invocation.sshAgent)] : []),
    ...Object.entries(invocation.buildArgs).flatMap(([name, value]) => ['--build-arg', `${name}=${value}`]),
    ...invocation.cacheFrom.flatMap((option) => ['--cache-from', cacheFromValue(option)]),
    ...(invocation.cacheTo ? ['--cache-to', cacheFlagValue(invocation.cacheTo)] : []),
    ...(invocation.cacheDisabled ? ['--no-cache'] : []),
    ...(invocation.networkMode !== undefined ? ['--network', invocation.networkMode] : []),
    ...(invocation.outputs ?? []).flatMap((output) => ['--output', output]),
    '.',
  ];
}

/**
 * A `--cache-from` value: a registry image with no other parameter as the
 * plain reference, which Docker 20.10's `docker build` reads (it splits a
 * `type=registry,ref=` value at the comma and imports nothing) and buildx
 * reads as `type=registry,ref=<image>`; any other cache in the typed form.
 */
function cacheFromValue(option: BuildCacheOption): string {
  const params = Object.keys(option.params ?? {});
  const ref = option.params?.ref;
  return option.cacheType === 'registry' && params.length === 1 && ref !== undefined ? ref : cacheFlagValue(option);
}
