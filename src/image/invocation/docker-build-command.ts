import { BuildInvocation, cacheFlagValue, secretFlagValue, sshFlagValue } from './build-invocation';

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
    ...invocation.cacheFrom.flatMap((option) => ['--cache-from', cacheFlagValue(option)]),
    ...(invocation.cacheTo ? ['--cache-to', cacheFlagValue(invocation.cacheTo)] : []),
    ...(invocation.cacheDisabled ? ['--no-cache'] : []),
    ...(invocation.networkMode !== undefined ? ['--network', invocation.networkMode] : []),
    ...(invocation.outputs ?? []).flatMap((output) => ['--output', output]),
    '.',
  ];
}
