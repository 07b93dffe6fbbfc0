import { Duration } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { COLLECTOR_HEALTH_PORT, collectorConfig } from './collector-config';
import { invalidValue } from '../core/errors';
import { MetricsPlan } from '../image/service/service-plan';
import { ADOT_COLLECTOR_IMAGE } from '../model/pins';

/** The name of the collector's container. */
export const COLLECTOR_CONTAINER_NAME = 'metrics-collector';

/** The variable the ADOT collector reads its configuration from. */
export const COLLECTOR_CONFIG_VARIABLE = 'AOT_CONFIG_CONTENT';

// CloudWatch: ASCII letters, digits and . - _ / # : and spaces; AWS/ is AWS's own.
const NAMESPACE = /^[A-Za-z0-9 ._\-/#:]{1,255}$/;

/** Checks a CloudWatch namespace (`prop` names it in errors). */
export function assertNamespace(namespace: string, prop: string): void {
  if (typeof namespace !== 'string' || !NAMESPACE.test(namespace) || namespace.startsWith('AWS/')) {
    throw invalidValue(prop, namespace, 'a CloudWatch namespace has 1 to 255 letters, digits, spaces and ". - _ / # :", and does not start with "AWS/"', 'Use e.g. "TaskApi/task-api".');
  }
}

/**
 * Fargate's containers share the task's network namespace: the collector's
 * listener and the service's ports must differ.
 */
export function checkCollectorPorts(metrics: MetricsPlan, servicePort: number, healthCheckPort: number | undefined): void {
  const taken: Array<[string, number | undefined]> = [
    ['metrics port', metrics.port], ['port', servicePort], ['healthCheck port', healthCheckPort],
  ];
  for (const [prop, port] of taken) {
    if (port === COLLECTOR_HEALTH_PORT) {
      throw invalidValue(prop, port, `the metrics collector's health check listens on ${COLLECTOR_HEALTH_PORT} in the same task (Fargate's containers share one network namespace)`,
        `Serve the service on another port${prop === 'metrics port' ? ', e.g. the service port (leave the metrics port unset)' : ''}.`);
    }
  }
}

/** What the collector needs. */
export interface MetricsCollectorOptions {
  readonly metrics: MetricsPlan;
  readonly namespace: string;
  readonly jobName: string;
  readonly image?: ecs.ContainerImage;
  /** The service's log group: the collector's own log lines go there. */
  readonly logGroup: logs.ILogGroup;
  readonly retention: logs.RetentionDays;
}

/** The collector container and the log group of its embedded metric format documents. */
export interface MetricsCollector {
  readonly container: ecs.ContainerDefinition;
  readonly metricsLogGroup: logs.LogGroup;
  /** Its configuration (the value of AOT_CONFIG_CONTENT). */
  readonly configuration: string;
}

/**
 * The ADOT collector as a non-essential sidecar: it scrapes the service's
 * Prometheus endpoint on the task's loopback and writes the samples to a
 * log group of their own as CloudWatch embedded metric format documents
 * (CloudWatch makes them metrics); the task role may write to that log
 * group only. It runs as its image's non-root user with a read-only root
 * and no capabilities; when it stops, the service keeps serving.
 */
export function addMetricsCollector(scope: Construct, taskDefinition: ecs.TaskDefinition, options: MetricsCollectorOptions): MetricsCollector {
  const metricsLogGroup = new logs.LogGroup(scope, 'MetricsLogGroup', { retention: options.retention });
  metricsLogGroup.grantWrite(taskDefinition.taskRole);
  const linuxParameters = new ecs.LinuxParameters(taskDefinition, `${COLLECTOR_CONTAINER_NAME}LinuxParameters`);
  linuxParameters.dropCapabilities(ecs.Capability.ALL);
  const configuration = collectorConfig({
    metrics: options.metrics, namespace: options.namespace, logGroupName: metricsLogGroup.logGroupName, jobName: options.jobName,
  });
  const container = taskDefinition.addContainer(COLLECTOR_CONTAINER_NAME, {
    image: options.image ?? ecs.ContainerImage.fromRegistry(ADOT_COLLECTOR_IMAGE),
    essential: false,
    readonlyRootFilesystem: true,
    linuxParameters,
    environment: { [COLLECTOR_CONFIG_VARIABLE]: configuration },
    healthCheck: {
      command: ['CMD', '/healthcheck'],
      interval: Duration.seconds(30),
      timeout: Duration.seconds(5),
      retries: 3,
      startPeriod: Duration.seconds(10),
    },
    logging: ecs.LogDrivers.awsLogs({ logGroup: options.logGroup, streamPrefix: COLLECTOR_CONTAINER_NAME }),
  });
  return { container, metricsLogGroup, configuration };
}
