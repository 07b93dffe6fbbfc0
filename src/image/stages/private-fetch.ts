import { DockerfileStage } from '../../dockerfile/dockerfile';
import { MountType, RunMount } from '../../dockerfile/options';
import { privateFetchCommands } from '../builder/cargo-command';
import type { RustMuslImage } from '../rust-musl-image';

/** The `--mount` flags of the fetch step: one per secret, and the SSH agent. */
export function privateFetchMounts(builder: RustMuslImage): RunMount[] {
  return [
    ...builder.buildSecrets.map((s): RunMount => ({ mountType: MountType.SECRET, id: s.id, target: `/run/secrets/${s.id}`, required: true })),
    ...(builder.sshAgent ? [{ mountType: MountType.SSH, id: builder.sshAgent.id ?? 'default', required: true }] : []),
  ];
}

/**
 * Adds the step that fetches dependencies with the secrets and SSH agent,
 * when there are any; `extraMounts` (cache mounts) are kept.
 */
export function renderPrivateFetch(stage: DockerfileStage, builder: RustMuslImage, triple: string, extraMounts: RunMount[] = []): void {
  if (!builder.fetchesPrivately) return;
  stage.comment('Dependencies are fetched with the build secrets and SSH agent; no later step sees them')
    .run(privateFetchCommands(builder, triple), { mounts: [...extraMounts, ...privateFetchMounts(builder)] });
}
