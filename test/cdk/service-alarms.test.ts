import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { serviceStack, stackWithImage } from './stacks';
import { LoadBalancerExposure, Migrations, RustFargateService, ServiceDatabase } from '../../src';
import { failedMigrationsPattern } from '../../src/cdk/failed-migrations';

function alarmsOf(template: Template): Record<string, any> {
  return Object.fromEntries(Object.entries(template.findResources('AWS::CloudWatch::Alarm')).map(([id, r]) => [id.replace(/[0-9A-F]{8}$/, ''), r.Properties]));
}

describe('alarms', () => {
  const { stack, extra: topic, service } = serviceStack(
    (_s, t: sns.Topic) => ({
      loadBalancer: LoadBalancerExposure.PUBLIC, database: ServiceDatabase.postgres(), migrations: Migrations.serviceBinary(), alarms: { topic: t },
    }),
    (s) => new sns.Topic(s, 'Topic'));
  const template = Template.fromStack(stack);
  const alarms = alarmsOf(template);
  const topicRef = { Ref: stack.getLogicalId(topic.node.defaultChild as sns.CfnTopic) };

  test('watch the target group\'s 5xx rate, p99 latency and unhealthy tasks, CPU, memory and failed migrations, each to the topic', () => {
    expect(Object.keys(alarms).sort()).toEqual([
      'ServiceCpuAlarm', 'ServiceFailedMigrationsAlarm', 'ServiceLatencyAlarm', 'ServiceMemoryAlarm', 'ServiceServerErrorsAlarm', 'ServiceUnhealthyTasksAlarm',
    ]);
    for (const alarm of Object.values(alarms)) {
      expect([alarm.AlarmActions, alarm.OKActions]).toEqual([[topicRef], [topicRef]]);
    }
    expect(service.alarms).toHaveLength(6);
  });

  test('with the default thresholds, 3 of 5 minutes (failed migrations: at once)', () => {
    const summary = Object.fromEntries(Object.entries(alarms)
      .map(([id, a]) => [id, [a.ComparisonOperator, a.Threshold, a.DatapointsToAlarm ?? 1, a.EvaluationPeriods, a.TreatMissingData]]));
    expect(summary).toEqual({
      ServiceServerErrorsAlarm: ['GreaterThanThreshold', 5, 3, 5, 'notBreaching'],
      ServiceLatencyAlarm: ['GreaterThanThreshold', 1, 3, 5, 'notBreaching'],
      ServiceUnhealthyTasksAlarm: ['GreaterThanOrEqualToThreshold', 1, 3, 5, 'notBreaching'],
      ServiceCpuAlarm: ['GreaterThanThreshold', 80, 3, 5, 'missing'],
      ServiceMemoryAlarm: ['GreaterThanThreshold', 80, 3, 5, 'missing'],
      ServiceFailedMigrationsAlarm: ['GreaterThanOrEqualToThreshold', 1, 1, 1, 'notBreaching'],
    });
    expect(alarms.ServiceServerErrorsAlarm.Metrics.map((m: any) => m.Expression ?? `${m.Id}: ${m.MetricStat.Metric.MetricName} ${m.MetricStat.Stat}`)).toEqual([
      '100 * errors / requests', 'errors: HTTPCode_Target_5XX_Count Sum', 'requests: RequestCount Sum',
    ]);
    expect([alarms.ServiceLatencyAlarm.MetricName, alarms.ServiceLatencyAlarm.ExtendedStatistic]).toEqual(['TargetResponseTime', 'p99']);
    expect([alarms.ServiceUnhealthyTasksAlarm.MetricName, alarms.ServiceUnhealthyTasksAlarm.Statistic]).toEqual(['UnHealthyHostCount', 'Maximum']);
    expect([alarms.ServiceCpuAlarm.Namespace, alarms.ServiceCpuAlarm.MetricName]).toEqual(['AWS/ECS', 'CPUUtilization']);
    const failed = alarms.ServiceFailedMigrationsAlarm;
    expect([failed.Namespace, failed.MetricName, failed.Statistic])
      .toEqual(['Stack/task-api', 'FailedMigrations', 'Sum']);
  });

  test('count failed migrations from ECS\'s stopped-task events, without the service\'s help', () => {
    const rule = Object.values(template.findResources('AWS::Events::Rule'))[0].Properties;
    expect(rule.EventPattern).toEqual({
      'source': ['aws.ecs'],
      'detail-type': ['ECS Task State Change'],
      'detail': {
        clusterArn: [{ 'Fn::GetAtt': [expect.stringMatching(/^ServiceCluster/), 'Arn'] }],
        lastStatus: ['STOPPED'],
        taskDefinitionArn: [{ prefix: `arn:aws:ecs:eu-west-1:123456789012:task-definition/${service.taskDefinition.family}:` }],
        containers: { name: ['migrations'] },
      },
    });
    const logGroupId = Object.keys(template.findResources('AWS::Logs::LogGroup')).find((id) => id.startsWith('ServiceMigrationEvents'))!;
    expect(rule.Targets).toEqual([{ Id: 'Target0', Arn: { 'Fn::Join': ['', ['arn:aws:logs:eu-west-1:123456789012:log-group:', { Ref: logGroupId }]] } }]);
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: { Ref: logGroupId },
      FilterPattern: failedMigrationsPattern(),
      MetricTransformations: [{ MetricNamespace: 'Stack/task-api', MetricName: 'FailedMigrations', MetricValue: '1' }],
    });
    // EventBridge may write to that log group, and no other.
    const policy = JSON.parse(JSON.stringify(Object.values(template.findResources('AWS::Logs::ResourcePolicy'))[0].Properties.PolicyDocument));
    expect(JSON.stringify(policy)).toContain(`{"Fn::GetAtt":["${logGroupId}","Arn"]}`);
    expect(JSON.stringify(policy).match(/Fn::GetAtt/g)).toHaveLength(1);
  });

  test('one dashboard with the alarms and their metrics', () => {
    const body = JSON.stringify(Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0].Properties.DashboardBody);
    for (const metric of ['HTTPCode_Target_5XX_Count', 'TargetResponseTime', 'UnHealthyHostCount', 'CPUUtilization', 'MemoryUtilization', 'FailedMigrations']) {
      expect(body).toContain(metric);
    }
    expect(body).toContain('"type\\":\\"alarm\\"');
    expect(service.dashboard).toBeDefined();
  });
});

describe('the failed migrations filter', () => {
  test('matches a migrations container at any of the 10 positions ECS allows, with an exit code other than 0, in under 1024 characters', () => {
    const pattern = failedMigrationsPattern();
    expect(pattern.length).toBeLessThanOrEqual(1024);
    expect(pattern.startsWith('{ ($.detail.containers[0].name = "migrations" && $.detail.containers[0].exitCode != 0) || ')).toBe(true);
    expect(pattern.endsWith(' || ($.detail.containers[9].name = "migrations" && $.detail.containers[9].exitCode != 0) }')).toBe(true);
    expect(pattern.match(/\|\|/g)).toHaveLength(9);
  });

  /** The pattern read as what it says (CloudWatch itself cannot be reached from here): any clause whose name is "migrations" and exit code not 0. */
  function matches(event: { detail: { containers: Array<{ name: string; exitCode?: number }> } }): boolean {
    const clauses = [...failedMigrationsPattern().matchAll(/\(\$\.detail\.containers\[(\d)\]\.name = "(\w+)" && \$\.detail\.containers\[(\d)\]\.exitCode != 0\)/g)];
    expect(clauses).toHaveLength(10);
    return clauses.some(([, i, name, j]) => {
      const container = event.detail.containers[Number(i)];
      return i === j && container?.name === name && container.exitCode !== undefined && container.exitCode !== 0;
    });
  }

  test.each([
    ['failed migrations, the service container never started', [{ name: 'task-api' }, { name: 'migrations', exitCode: 1 }], true],
    ['failed migrations listed last of three', [{ name: 'metrics-collector', exitCode: 0 }, { name: 'task-api' }, { name: 'migrations', exitCode: 2 }], true],
    ['a service that crashed after its migrations succeeded', [{ name: 'migrations', exitCode: 0 }, { name: 'task-api', exitCode: 1 }], false],
    ['a task stopped by a deployment', [{ name: 'task-api', exitCode: 0 }, { name: 'migrations', exitCode: 0 }], false],
    ['migrations that never ran (the image could not be pulled)', [{ name: 'task-api' }, { name: 'migrations' }], false],
  ])('tells %s', (_name, containers, expected) => {
    expect(matches({ detail: { containers } })).toBe(expected);
  });
});

describe('alarms without a load balancer, migrations or a topic', () => {
  test('are CPU and memory, with thresholds of yours, and no actions; the dashboard can be left out', () => {
    const { stack, service } = serviceStack(() => ({ alarms: { cpuPercent: 70, memoryPercent: 90, dashboard: false } }));
    const template = Template.fromStack(stack);
    const alarms = alarmsOf(template);
    expect(Object.keys(alarms).sort()).toEqual(['ServiceCpuAlarm', 'ServiceMemoryAlarm']);
    expect([alarms.ServiceCpuAlarm.Threshold, alarms.ServiceMemoryAlarm.Threshold, alarms.ServiceCpuAlarm.AlarmActions]).toEqual([70, 90, undefined]);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
    template.resourceCountIs('AWS::Events::Rule', 0);
    expect(service.dashboard).toBeUndefined();
  });

  test('do not exist unless asked for', () => {
    const { stack, service } = serviceStack(() => ({ migrations: Migrations.serviceBinary() }));
    const template = Template.fromStack(stack);
    for (const type of ['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::Dashboard', 'AWS::Events::Rule', 'AWS::Logs::ResourcePolicy']) template.resourceCountIs(type, 0);
    expect(service.alarms).toEqual([]);
  });

  test('of two services with migrations in one stack share one log resource policy that names both log groups', () => {
    const { stack, image } = stackWithImage();
    for (const id of ['Api', 'Worker']) new RustFargateService(stack, id, { image, containerName: id.toLowerCase(), migrations: Migrations.serviceBinary(), alarms: {} });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Logs::ResourcePolicy', 1);
    const policy = JSON.stringify(Object.values(template.findResources('AWS::Logs::ResourcePolicy'))[0].Properties.PolicyDocument);
    expect(policy.match(/"Fn::GetAtt":\["(\w+)MigrationEvents\w+","Arn"\]/g)).toEqual([
      expect.stringContaining('"ApiMigrationEvents'), expect.stringContaining('"WorkerMigrationEvents'),
    ]);
  });

  test.each([
    ['serverErrorPercent 0', { serverErrorPercent: 0 }, 'Invalid alarms.serverErrorPercent 0: expected a percentage above 0 and at most 100. Set e.g. 80, or leave it unset for the default.'],
    ['cpuPercent 101', { cpuPercent: 101 }, 'Invalid alarms.cpuPercent 101: expected a percentage above 0 and at most 100. Set e.g. 80, or leave it unset for the default.'],
    ['unhealthyTasks 0', { unhealthyTasks: 0 }, 'Invalid alarms.unhealthyTasks 0: expected a whole number from 1 to 1000. Set e.g. 1.'],
    ['latencyP99 0 s', { latencyP99: Duration.seconds(0) }, 'Invalid alarms.latencyP99 "0 s": expected more than 0 and at most 4000 seconds (the load balancer\'s longest idle timeout). Use e.g. Duration.seconds(1).'],
  ])('refuse the threshold %s', (_name, alarms, message) => {
    const { stack, image } = stackWithImage();
    expect(() => new RustFargateService(stack, 'Service', { image, alarms })).toThrow(new Error(`RustFargateService Stack/Service: ${message}`));
  });
});
