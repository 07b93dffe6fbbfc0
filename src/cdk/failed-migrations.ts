import { ArnFormat, Duration, Lazy, Names, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as events from 'aws-cdk-lib/aws-events';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { Migrations } from '../model/service/migrations';

/*
 * Failed migrations, seen without the service's help: ECS reports every
 * stopped task with each container's exit code ("ECS Task State Change").
 * An EventBridge rule sends those of the task definition's family that have
 * a migrations container to a log group, and a metric filter counts the
 * ones whose migrations container exited with another code than 0.
 * EventBridge's own patterns cannot say that (they match each field of an
 * array of objects separately, so a service that crashed after successful
 * migrations would match); the filter looks at each container in turn.
 */

/** The name of the metric, in the service's metrics namespace. */
export const FAILED_MIGRATIONS_METRIC = 'FailedMigrations';

/** ECS takes at most 10 containers per task definition, so the filter looks at positions 0 to 9. */
const MAX_CONTAINERS = 10;

/** What the capture needs. */
export interface FailedMigrationsOptions {
  readonly cluster: ecs.ICluster;
  readonly taskDefinition: ecs.TaskDefinition;
  readonly namespace: string;
  readonly retention: logs.RetentionDays;
}

/** The log group of the stopped tasks' events, and the metric of failed migrations. */
export interface FailedMigrations {
  readonly logGroup: logs.LogGroup;
  readonly rule: events.Rule;
  readonly metric: cloudwatch.Metric;
}

/**
 * The metric filter's pattern: some container named "migrations" with an
 * exit code other than 0 (written out: CDK's builders add parentheses that
 * take it over the 1024 characters a pattern may have).
 */
export function failedMigrationsPattern(): string {
  const positions = Array.from({ length: MAX_CONTAINERS }, (_, i) =>
    `($.detail.containers[${i}].name = "${Migrations.CONTAINER_NAME}" && $.detail.containers[${i}].exitCode != 0)`);
  return `{ ${positions.join(' || ')} }`;
}

/** Captures the stopped tasks of `taskDefinition`'s family whose migrations failed. */
export function captureFailedMigrations(scope: Construct, options: FailedMigrationsOptions): FailedMigrations {
  const stack = Stack.of(scope);
  const logGroup = new logs.LogGroup(scope, 'MigrationEvents', {
    // EventBridge's console lists only log groups under /aws/events/ as targets; the name is unique in the app.
    logGroupName: `/aws/events/${Names.uniqueResourceName(scope, { maxLength: 200 })}-migrations`,
    retention: options.retention,
  });
  const delivery = MigrationEventsDelivery.of(stack);
  delivery.allow(logGroup);
  const family = options.taskDefinition.family;
  const rule = new events.Rule(scope, 'MigrationsStopped', {
    description: `Stopped tasks of ${family} that ran migrations`,
    eventPattern: {
      source: ['aws.ecs'],
      detailType: ['ECS Task State Change'],
      detail: {
        clusterArn: [options.cluster.clusterArn],
        lastStatus: ['STOPPED'],
        taskDefinitionArn: events.Match.prefix(stack.formatArn({ service: 'ecs', resource: 'task-definition', resourceName: `${family}:` })),
        containers: { name: [Migrations.CONTAINER_NAME] },
      },
    },
    targets: [{ bind: () => ({ arn: logGroupTargetArn(logGroup) }) }],
  });
  rule.node.addDependency(delivery);
  const filter = new logs.MetricFilter(scope, 'FailedMigrationsFilter', {
    logGroup,
    filterPattern: logs.FilterPattern.literal(failedMigrationsPattern()),
    metricNamespace: options.namespace,
    metricName: FAILED_MIGRATIONS_METRIC,
    metricValue: '1',
  });
  return { logGroup, rule, metric: filter.metric({ statistic: 'Sum', period: Duration.minutes(1) }) };
}

/** An EventBridge target names a log group without the `:*` its CloudFormation Arn ends with. */
function logGroupTargetArn(logGroup: logs.LogGroup): string {
  return Stack.of(logGroup).formatArn({ service: 'logs', resource: 'log-group', resourceName: logGroup.logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
}

/**
 * The CloudWatch Logs resource policy that lets EventBridge write to the
 * stack's migration event log groups, and only those: one per stack, since
 * an account has at most 10 such policies per region.
 */
class MigrationEventsDelivery extends Construct {
  public static of(stack: Stack): MigrationEventsDelivery {
    const id = 'CdkRustImageMigrationEventsDelivery';
    return (stack.node.tryFindChild(id) as MigrationEventsDelivery | undefined) ?? new MigrationEventsDelivery(stack, id);
  }

  private readonly logGroups: logs.LogGroup[] = [];

  private constructor(scope: Stack, id: string) {
    super(scope, id);
    new logs.CfnResourcePolicy(this, 'Resource', {
      policyName: Names.uniqueResourceName(this, { maxLength: 255 }),
      policyDocument: Lazy.string({
        produce: () => scope.toJsonString({
          Version: '2012-10-17',
          Statement: [{
            Sid: 'EventBridgeToMigrationEvents',
            Effect: 'Allow',
            Principal: { Service: ['events.amazonaws.com', 'delivery.logs.amazonaws.com'] },
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: this.logGroups.map((group) => group.logGroupArn),
          }],
        }),
      }),
    });
  }

  public allow(logGroup: logs.LogGroup): void {
    this.logGroups.push(logGroup);
  }
}
