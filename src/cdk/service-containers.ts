import { Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledgeLibraryEnvironment } from './library-environment';
import { addMetricsCollector, assertNamespace, checkCollectorPorts, COLLECTOR_CONFIG_VARIABLE, COLLECTOR_CONTAINER_NAME } from './metrics-collector';
import { addMigrationsContainer } from './migrations-container';
import { RustFargateServiceProps } from './rust-fargate-service-props';
import { IRustServiceDatabase } from './rust-service-database';
import { connectionOf } from './service-stack-props';
import { readonlyRootOf, serviceLogGroupOf } from './task-definition-container';
import { invalidValue } from '../core/errors';
import { assertOwnVariables, ServicePlan } from '../image/service/service-plan';
import { Migrations } from '../model/service/migrations';

/** The containers of a service's task. */
export interface ServiceContainers {
  readonly container: ecs.ContainerDefinition;
  readonly migrations?: ecs.ContainerDefinition;
  readonly collector?: ecs.ContainerDefinition;
  /** The CloudWatch namespace of the service's own metrics. */
  readonly namespace: string;
}

/**
 * The task's containers, rendered from the plan: the service (with the
 * database connection: credentials as ECS secrets from the database's
 * secret, the TLS mode plain), the migrations one-shot it waits for, and
 * the metrics collector.
 */
export function addServiceContainers(scope: Construct, taskDefinition: ecs.TaskDefinition, plan: ServicePlan, props: RustFargateServiceProps,
  database: IRustServiceDatabase | undefined, retention: logs.RetentionDays): ServiceContainers {
  const image = props.image;
  // environment.PORT is refused by the container itself, with the port it would contradict.
  assertOwnVariables(plan, Object.keys(props.environment ?? {}).filter((name) => name !== 'PORT'), Object.keys(props.secrets ?? {}));
  const connection = database ? connectionOf(plan.service.databaseVariables, database.secret) : undefined;
  const options = connection
    ? { ...props, environment: { ...props.environment, ...connection.environment }, secrets: { ...props.secrets, ...connection.secrets } }
    : props;
  const container = image.addToTaskDefinition(taskDefinition, options);
  const own = [plan.migrations ? Migrations.CONTAINER_NAME : undefined, plan.metrics ? COLLECTOR_CONTAINER_NAME : undefined];
  if (own.includes(container.containerName)) {
    throw invalidValue('containerName', container.containerName, 'the task has a container of that name already (the migrations\' or the metrics collector\'s)', 'Set containerName to another name.');
  }
  const logGroup = serviceLogGroupOf(taskDefinition, container.containerName, props);
  const libraryEnvironment: { [container: string]: { [name: string]: string } } = {};
  if (connection) libraryEnvironment[container.containerName] = connection.environment;

  const migrations = plan.migrations && addMigrationsContainer(taskDefinition, {
    image,
    plan: plan.migrations,
    timeoutSeconds: plan.migrationsTimeoutSeconds,
    service: container,
    environment: options.environment,
    secrets: options.secrets,
    logGroup,
    readonlyRootFilesystem: readonlyRootOf(image.imageBuild, props),
    writablePaths: props.writableTmp ?? true,
  });
  if (migrations && connection) libraryEnvironment[migrations.containerName] = connection.environment;

  if (props.metricsNamespace !== undefined) assertNamespace(props.metricsNamespace, 'metricsNamespace');
  const namespace = props.metricsNamespace ?? `${Stack.of(scope).stackName}/${container.containerName}`;
  let collector: ecs.ContainerDefinition | undefined;
  if (plan.metrics) {
    checkCollectorPorts(plan.metrics, plan.service.port!, plan.service.healthCheck?.port);
    const made = addMetricsCollector(scope, taskDefinition, {
      metrics: plan.metrics, namespace, jobName: container.containerName, image: props.metricsCollectorImage, logGroup, retention,
    });
    collector = made.container;
    libraryEnvironment[COLLECTOR_CONTAINER_NAME] = { [COLLECTOR_CONFIG_VARIABLE]: made.configuration };
  }
  if (Object.keys(libraryEnvironment).length > 0) acknowledgeLibraryEnvironment(taskDefinition, libraryEnvironment);
  return { container, migrations, collector, namespace };
}
