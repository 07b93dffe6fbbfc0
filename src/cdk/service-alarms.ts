import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { checkableNumber, checkableSeconds } from './checkable';
import { RustServiceAlarmOptions } from './rust-service-monitoring-options';
import { invalidValue } from '../core/errors';
import { assertInteger } from '../core/numbers';

/** What the alarms watch. */
export interface ServiceAlarmTargets {
  readonly service: ecs.FargateService;
  readonly targetGroup?: elbv2.ApplicationTargetGroup;
  /** The failed migrations metric, when the service has migrations. */
  readonly failedMigrations?: cloudwatch.IMetric;
}

/** The alarms of a service, by what they watch, and its dashboard. */
export interface ServiceAlarms {
  readonly alarms: cloudwatch.Alarm[];
  readonly dashboard?: cloudwatch.Dashboard;
}

const MINUTE = Duration.minutes(1);
// 3 of 5 one-minute periods: a short spike does not page, a lasting problem does within 5 minutes.
const SUSTAINED = { evaluationPeriods: 5, datapointsToAlarm: 3 };

/** Checks the thresholds (in a RustFargateService: `alarms.<name>`). */
export function checkAlarmOptions(options: RustServiceAlarmOptions): void {
  const percents: Array<[string, number | undefined]> = [
    ['serverErrorPercent', options.serverErrorPercent], ['cpuPercent', options.cpuPercent], ['memoryPercent', options.memoryPercent],
  ];
  for (const [prop, value] of percents) {
    const checkable = checkableNumber(value);
    if (checkable !== undefined && !(checkable > 0 && checkable <= 100)) {
      throw invalidValue(`alarms.${prop}`, checkable, 'expected a percentage above 0 and at most 100', 'Set e.g. 80, or leave it unset for the default.');
    }
  }
  const unhealthy = checkableNumber(options.unhealthyTasks);
  if (unhealthy !== undefined) assertInteger(unhealthy, 1, 1000, 'alarms.unhealthyTasks', 'Set e.g. 1.');
  const latency = checkableSeconds(options.latencyP99);
  if (latency !== undefined && !(latency > 0 && latency <= 4000)) {
    throw invalidValue('alarms.latencyP99', `${latency} s`, 'expected more than 0 and at most 4000 seconds (the load balancer\'s longest idle timeout)', 'Use e.g. Duration.seconds(1).');
  }
}

/** The alarms (with the topic as their action) and the dashboard. */
export function addServiceAlarms(scope: Construct, targets: ServiceAlarmTargets, options: RustServiceAlarmOptions): ServiceAlarms {
  const alarms: cloudwatch.Alarm[] = [];
  const widgets: cloudwatch.IWidget[] = [];
  const add = (id: string, title: string, metric: cloudwatch.IMetric, props: Omit<cloudwatch.CreateAlarmOptions, 'metric'>) => {
    const alarm = new cloudwatch.Alarm(scope, id, { metric, alarmDescription: title, ...props });
    alarms.push(alarm);
    widgets.push(new cloudwatch.GraphWidget({ title, left: [metric], leftAnnotations: [alarm.toAnnotation()], width: 8 }));
  };
  const { service, targetGroup } = targets;
  const above = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;
  const atLeast = cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD;
  const quiet = cloudwatch.TreatMissingData.NOT_BREACHING;
  if (targetGroup) {
    const percent = options.serverErrorPercent ?? 5;
    const serverErrors = new cloudwatch.MathExpression({
      expression: '100 * errors / requests',
      usingMetrics: {
        errors: targetGroup.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: MINUTE, statistic: 'Sum' }),
        requests: targetGroup.metrics.requestCount({ period: MINUTE, statistic: 'Sum' }),
      },
      label: '5xx responses (% of requests)',
      period: MINUTE,
    });
    add('ServerErrorsAlarm', `More than ${percent}% of the requests got a 5xx from the service`, serverErrors,
      { threshold: percent, comparisonOperator: above, treatMissingData: quiet, ...SUSTAINED });
    const latency = options.latencyP99 ?? Duration.seconds(1);
    add('LatencyAlarm', `The 99th percentile response time exceeded ${latency.toHumanString()}`,
      targetGroup.metrics.targetResponseTime({ period: MINUTE, statistic: 'p99' }),
      { threshold: latency.toMilliseconds() / 1000, comparisonOperator: above, treatMissingData: quiet, ...SUSTAINED });
    const unhealthy = options.unhealthyTasks ?? 1;
    add('UnhealthyTasksAlarm', `At least ${unhealthy} task${unhealthy === 1 ? ' was' : 's were'} unhealthy behind the load balancer`,
      targetGroup.metrics.unhealthyHostCount({ period: MINUTE, statistic: 'Maximum' }),
      { threshold: unhealthy, comparisonOperator: atLeast, treatMissingData: quiet, ...SUSTAINED });
  }
  // A service without data points has no tasks: that is for the deployment and the 5xx alarms to report.
  const cpu = options.cpuPercent ?? 80;
  add('CpuAlarm', `The service's CPU utilization exceeded ${cpu}%`, service.metricCpuUtilization({ period: MINUTE }),
    { threshold: cpu, comparisonOperator: above, treatMissingData: cloudwatch.TreatMissingData.MISSING, ...SUSTAINED });
  const memory = options.memoryPercent ?? 80;
  add('MemoryAlarm', `The service's memory utilization exceeded ${memory}%`, service.metricMemoryUtilization({ period: MINUTE }),
    { threshold: memory, comparisonOperator: above, treatMissingData: cloudwatch.TreatMissingData.MISSING, ...SUSTAINED });
  if (targets.failedMigrations) {
    // One failed run is enough: the deployment is rolling back.
    add('FailedMigrationsAlarm', 'A task\'s migrations exited with an error', targets.failedMigrations,
      { threshold: 1, comparisonOperator: atLeast, treatMissingData: quiet, evaluationPeriods: 1 });
  }
  if (options.topic) {
    const action = new actions.SnsAction(options.topic);
    for (const alarm of alarms) {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
  }
  const dashboard = (options.dashboard ?? true) ? new cloudwatch.Dashboard(scope, 'Dashboard', {
    dashboardName: options.dashboardName,
    widgets: [[new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms, width: 24 })], widgets],
  }) : undefined;
  return { alarms, dashboard };
}
