import { Duration } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IRustServiceImage } from './rust-service-image-interface';
import { hardenedLinuxParameters } from './task-definition-container';
import { invalidValue } from '../core/errors';
import { ContainerPlan } from '../image/service/service-plan';
import { Migrations } from '../model/service/migrations';

/** What the migrations container is made of. */
export interface MigrationsContainerOptions {
  readonly image: IRustServiceImage;
  /** The plan's migrations one-shot. */
  readonly plan: ContainerPlan;
  readonly timeoutSeconds?: number;
  /** The service container, which waits for the migrations to succeed. */
  readonly service: ecs.ContainerDefinition;
  /** The service's configuration: the same binary reads the same variables. */
  readonly environment?: { [name: string]: string };
  readonly secrets?: { [name: string]: ecs.Secret };
  readonly logGroup: logs.ILogGroup;
  /** Whether the root file system is read-only (as the service's). */
  readonly readonlyRootFilesystem: boolean;
  /** Whether a read-only root gets the plan's writable paths (as the service's `writableTmp`). */
  readonly writablePaths: boolean;
}

/**
 * The migrations one-shot: a non-essential container of the service's task
 * from the same image, with the plan's command, that the service container
 * depends on with condition SUCCESS. A task whose migrations exit with
 * another code than 0 never starts its service container and stops; the
 * deployment circuit breaker counts it as a failed task.
 */
export function addMigrationsContainer(taskDefinition: ecs.TaskDefinition, options: MigrationsContainerOptions): ecs.ContainerDefinition {
  const { plan } = options;
  const timeout = options.timeoutSeconds;
  if (timeout !== undefined && (timeout < 2 || timeout > 120)) {
    throw invalidValue('migrations timeoutSeconds', timeout, 'on Fargate the migrations container\'s startTimeout (how long the service container waits for it to succeed) is 2 to 120 seconds',
      'Set 2 to 120 seconds, or leave it unset: the service container then waits as long as the migrations run.');
  }
  const name = Migrations.CONTAINER_NAME;
  const container = taskDefinition.addContainer(name, {
    image: options.image.containerImage,
    essential: false,
    command: plan.command,
    user: plan.user.spec,
    readonlyRootFilesystem: options.readonlyRootFilesystem,
    linuxParameters: hardenedLinuxParameters(taskDefinition, `${name}LinuxParameters`, !plan.user.isRoot),
    logging: ecs.LogDrivers.awsLogs({ logGroup: options.logGroup, streamPrefix: name }),
    environment: options.environment,
    secrets: options.secrets,
    startTimeout: timeout !== undefined ? Duration.seconds(timeout) : undefined,
  });
  if (options.readonlyRootFilesystem && options.writablePaths) {
    // A root made read-only by the option (not the runtime) gets the service container's /tmp too.
    const paths = plan.writablePaths.length > 0 ? plan.writablePaths : ['/tmp'];
    paths.forEach((containerPath, i) => {
      // Fargate has no tmpfs: a bind-mount volume lives in the task's ephemeral storage, the migrations' own.
      const volume = `${name}-writable-${i}`;
      taskDefinition.addVolume({ name: volume });
      container.addMountPoints({ containerPath, sourceVolume: volume, readOnly: false });
    });
  }
  options.service.addContainerDependencies({ container, condition: ecs.ContainerDependencyCondition.SUCCESS });
  return container;
}
