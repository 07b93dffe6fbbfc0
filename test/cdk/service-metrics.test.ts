import { Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as fc from 'fast-check';
import { serviceStack, stackWithImage } from './stacks';
import { HealthCheck, RustFargateService, ScratchRuntime, ServiceMetrics } from '../../src';
import { collectorConfig } from '../../src/cdk/collector-config';
import * as pins from '../../src/model/pins';

function containersOf(template: Template): any[] {
  return Object.values(template.findResources('AWS::ECS::TaskDefinition'))[0].Properties.ContainerDefinitions;
}

/** The collector's configuration with the log group's reference put back as a name. */
function configOf(collector: any): any {
  const value = collector.Environment[0].Value;
  const text = typeof value === 'string' ? value : value['Fn::Join'][1].map((part: unknown) => typeof part === 'string' ? part : '<log group>').join('');
  return JSON.parse(text);
}

describe('the collector\'s configuration', () => {
  test('scrapes the endpoint on the task\'s loopback and writes embedded metric format to the log group; nothing else listens but its health check', () => {
    expect(collectorConfig({ metrics: { path: '/metrics', port: 8080, scrapeIntervalSeconds: 60 }, namespace: 'TaskApi/task-api', logGroupName: 'metrics', jobName: 'task-api' })).toBe(
      '{"extensions":{"health_check":{"endpoint":"127.0.0.1:13133"}},'
      + '"receivers":{"prometheus":{"config":{"scrape_configs":[{"job_name":"task-api","scrape_interval":"60s","metrics_path":"/metrics","static_configs":[{"targets":["127.0.0.1:8080"]}]}]}}},'
      + '"processors":{"batch":{"timeout":"60s"}},'
      + '"exporters":{"awsemf":{"namespace":"TaskApi/task-api","log_group_name":"metrics","log_stream_name":"task-api","dimension_rollup_option":"NoDimensionRollup"}},'
      + '"service":{"extensions":["health_check"],"pipelines":{"metrics":{"receivers":["prometheus"],"processors":["batch"],"exporters":["awsemf"]}},"telemetry":{"metrics":{"level":"none"}}}}');
  });

  test('keeps every path the model takes literal through the collector\'s ${...} expansion', () => {
    const pathChars = fc.constantFrom(...'abcXYZ019-._~!$&()*+,;=:@%/'.split(''));
    fc.assert(fc.property(fc.array(pathChars, { maxLength: 40 }).map((chars) => `/${chars.join('')}`), (path) => {
      const metrics = ServiceMetrics.prometheus({ path });
      const rendered = JSON.parse(collectorConfig({ metrics: { path: metrics.path, port: 8080, scrapeIntervalSeconds: 60 }, namespace: 'N', logGroupName: 'g', jobName: 'j' }));
      const value: string = rendered.receivers.prometheus.config.scrape_configs[0].metrics_path;
      // Every $ doubled: the collector reads "$$" as "$" and expands no "${".
      expect(value).toMatch(/^(?:[^$]|\$\$)*$/);
      expect(value.replace(/\$\$/g, '$')).toBe(path);
    }), { numRuns: 300 });
  });
});

describe('metrics', () => {
  test('add the pinned ADOT collector as a non-essential, read-only, unprivileged sidecar that scrapes the service port', () => {
    const { stack } = serviceStack(() => ({ metrics: ServiceMetrics.prometheus({ scrapeIntervalSeconds: 30 }) }));
    const template = Template.fromStack(stack);
    const [service, collector] = containersOf(template);
    expect(service.Environment).toBeUndefined();
    expect(collector).toMatchObject({
      Name: 'metrics-collector',
      Image: pins.ADOT_COLLECTOR_IMAGE,
      Essential: false,
      ReadonlyRootFilesystem: true,
      LinuxParameters: { Capabilities: { Drop: ['ALL'] } },
      HealthCheck: { Command: ['CMD', '/healthcheck'], Interval: 30, Timeout: 5, Retries: 3, StartPeriod: 10 },
      LogConfiguration: { LogDriver: 'awslogs', Options: { ...service.LogConfiguration.Options, 'awslogs-stream-prefix': 'metrics-collector' } },
    });
    expect(collector.Environment.map((e: { Name: string }) => e.Name)).toEqual(['AOT_CONFIG_CONTENT']);
    const config = configOf(collector);
    expect(config.receivers.prometheus.config.scrape_configs).toEqual([{ job_name: 'task-api', scrape_interval: '30s', metrics_path: '/metrics', static_configs: [{ targets: ['127.0.0.1:8080'] }] }]);
    expect(config.exporters.awsemf).toMatchObject({ namespace: 'Stack/task-api', log_group_name: '<log group>' });
    // The task role may write to the metrics log group, and nothing else.
    const taskPolicy = Object.entries(template.findResources('AWS::IAM::Policy')).find(([id]) => id.startsWith('ServiceTaskRoleDefaultPolicy'))![1];
    expect(taskPolicy.Properties.PolicyDocument.Statement).toEqual([{
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [expect.stringMatching(/^ServiceMetricsLogGroup/), 'Arn'] },
    }]);
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  test('on a port of their own, in a namespace and with a (digest-pinned) image of yours', () => {
    const image = `${pins.ADOT_COLLECTOR_IMAGE}@sha256:${'0'.repeat(64)}`;
    const { stack } = serviceStack(() => ({
      metrics: ServiceMetrics.prometheus({ port: 9464, path: '/internal/metrics' }),
      metricsNamespace: 'Tasks/API',
      metricsCollectorImage: ecs.ContainerImage.fromRegistry(image),
    }));
    const collector = containersOf(Template.fromStack(stack))[1];
    expect(collector.Image).toBe(image);
    const config = configOf(collector);
    expect(config.receivers.prometheus.config.scrape_configs[0]).toMatchObject({ metrics_path: '/internal/metrics', static_configs: [{ targets: ['127.0.0.1:9464'] }] });
    expect(config.exporters.awsemf.namespace).toBe('Tasks/API');
  });

  const ERRORS: Array<[string, () => ReturnType<typeof stackWithImage>, object, string]> = [
    ['a metrics port the collector listens on', () => stackWithImage(), { metrics: ServiceMetrics.prometheus({ port: 13133 }) },
      'RustFargateService Stack/Service: Invalid metrics port 13133: the metrics collector\'s health check listens on 13133 in the same task (Fargate\'s containers share one network namespace). '
      + 'Serve the service on another port, e.g. the service port (leave the metrics port unset).'],
    ['a service port the collector listens on', () => stackWithImage({ runtime: new ScratchRuntime({ port: 13133 }), healthCheck: undefined }), { metrics: ServiceMetrics.prometheus({ port: 9464 }) },
      'RustFargateService Stack/Service: Invalid port 13133: the metrics collector\'s health check listens on 13133 in the same task (Fargate\'s containers share one network namespace). Serve the service on another port.'],
    ['a health check port the collector listens on', () => stackWithImage({ healthCheck: HealthCheck.http('/health', { port: 13133 }) }), { metrics: ServiceMetrics.prometheus() },
      'RustFargateService Stack/Service: Invalid healthCheck port 13133: the metrics collector\'s health check listens on 13133 in the same task (Fargate\'s containers share one network namespace). Serve the service on another port.'],
    ['a namespace of AWS\'s', () => stackWithImage(), { metrics: ServiceMetrics.prometheus(), metricsNamespace: 'AWS/ECS' },
      'RustFargateService Stack/Service: Invalid metricsNamespace "AWS/ECS": a CloudWatch namespace has 1 to 255 letters, digits, spaces and ". - _ / # :", and does not start with "AWS/". Use e.g. "TaskApi/task-api".'],
    ['a namespace CloudWatch does not take', () => stackWithImage(), { metrics: ServiceMetrics.prometheus(), metricsNamespace: 'tasks$api' },
      'RustFargateService Stack/Service: Invalid metricsNamespace "tasks$api": a CloudWatch namespace has 1 to 255 letters, digits, spaces and ". - _ / # :", and does not start with "AWS/". Use e.g. "TaskApi/task-api".'],
    ['a collector image without metrics', () => stackWithImage(), { metricsCollectorImage: ecs.ContainerImage.fromRegistry(pins.ADOT_COLLECTOR_IMAGE) },
      'RustFargateService Stack/Service: Invalid props: metricsCollectorImage only applies to the metrics collector, and metrics is not set. Set metrics: ServiceMetrics.prometheus(), or remove it.'],
  ];

  test.each(ERRORS)('refuse %s', (_name, made, props, message) => {
    const { stack, image } = made();
    expect(() => new RustFargateService(stack, 'Service', { image, ...props })).toThrow(new Error(message));
  });
});
