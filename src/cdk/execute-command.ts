import { Annotations } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { RustContainerOptions } from './rust-container-options';
import { readonlyRootOf } from './task-definition-container';
import { WARNING_IDS } from '../image/build-warning';
import { ImageBuild } from '../image/image-build';
import { runtimesWithShell } from '../image/runtimes/registry';

/**
 * Where the ECS Exec agent (the SSM agent Fargate bind-mounts into the
 * container) writes. AWS documents ECS Exec as unsupported on a read-only
 * root file system (the agent crashes); writable volumes at these paths are
 * the workaround reported to work in aws/containers-roadmap#1359 and
 * aws-containers/amazon-ecs-exec-checker#71.
 */
export const EXEC_AGENT_PATHS: readonly string[] = ['/managed-agents', '/var/lib/amazon/ssm', '/var/log/amazon/ssm'];

/**
 * What ECS Exec needs from the service's container: with a read-only root,
 * task-local writable volumes at the agent's paths; and a shell in the image
 * for interactive sessions, or a warning.
 *
 * A missing shell is a warning, not an error: the agent is bind-mounted and
 * runs in any image, and `aws ecs execute-command --command` can still run
 * the image's own binaries (the service, the health check probe); only the
 * usual `--command /bin/sh` fails.
 */
export function prepareExecuteCommand(scope: Construct, build: ImageBuild, imagePath: string, taskDefinition: ecs.TaskDefinition,
  container: ecs.ContainerDefinition, options: RustContainerOptions): void {
  if (!build.hasShell) {
    Annotations.of(scope).addWarningV2(WARNING_IDS.execWithoutShell,
      `enableExecuteCommand is true, but the image ${imagePath} (${build.runtimeName} runtime) has no shell: \`aws ecs execute-command --interactive --command /bin/sh\` fails with "executable file not found", `
      + `and only the image's own binaries run (e.g. --command "/app/${build.binaryName}"). For a shell, use ${runtimesWithShell()}; or turn enableExecuteCommand off.`);
  }
  if (!readonlyRootOf(build, options)) return;
  EXEC_AGENT_PATHS.forEach((containerPath, i) => {
    const volume = `${container.containerName}-exec-agent-${i + 1}`;
    taskDefinition.addVolume({ name: volume });
    container.addMountPoints({ containerPath, sourceVolume: volume, readOnly: false });
  });
}
