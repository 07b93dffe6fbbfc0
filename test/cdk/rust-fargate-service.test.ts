import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { makeCrate } from './crate';
import { nagErrors } from './stacks';
import { Architecture, HealthCheck, LoadBalancerExposure, RustFargateService, RustFargateServiceProps, RustServiceImage } from '../../src';
import { tempDir } from '../util';

const env = { region: 'eu-west-1' };

type ImageProps = Partial<ConstructorParameters<typeof RustServiceImage>[2]>;

function service(props: Partial<RustFargateServiceProps> = {}, imageProps: ImageProps = {}, context: Record<string, unknown> = {}) {
  const app = new App({ outdir: tempDir('cdk-out-'), context });
  const stack = new Stack(app, 'Stack', { env });
  const image = new RustServiceImage(stack, 'Image', {
    crateDirectory: makeCrate(),
    architecture: Architecture.ARM64,
    healthCheck: HealthCheck.http('/health', { intervalSeconds: 15, timeoutSeconds: 5, retries: 4 }),
    ...imageProps,
  });
  const fargate = new RustFargateService(stack, 'Service', { image, ...props });
  return { app, stack, image, fargate, template: Template.fromStack(stack) };
}

describe('RustFargateService', () => {
  test('runs the image on its architecture with the configured container', () => {
    const { template } = service();
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Cpu: '256',
      Memory: '512',
      RequiresCompatibilities: ['FARGATE'],
      RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
      ContainerDefinitions: [Match.objectLike({
        User: '65532:65532',
        ReadonlyRootFilesystem: true,
        PortMappings: [{ ContainerPort: 8080, Protocol: 'tcp' }],
        HealthCheck: Match.objectLike({ Command: ['CMD', '/usr/local/bin/healthcheck', '--timeout-ms=4500', 'http://127.0.0.1:8080/health'], Interval: 15, Timeout: 5, Retries: 4 }),
        LinuxParameters: Match.objectLike({ InitProcessEnabled: true }),
      })],
    });
  });

  test('deploys with a circuit breaker that rolls back, in private subnets', () => {
    const { template } = service();
    template.hasResourceProperties('AWS::ECS::Service', {
      LaunchType: 'FARGATE',
      DesiredCount: 2,
      DeploymentConfiguration: {
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
        MinimumHealthyPercent: 100,
        MaximumPercent: 200,
      },
      NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'DISABLED' }) },
    });
  });

  test('creates a cluster with Container Insights in a 2-AZ VPC with one NAT gateway and flow logs', () => {
    const { template } = service();
    template.hasResourceProperties('AWS::ECS::Cluster', {
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
    });
    template.resourceCountIs('AWS::EC2::NatGateway', 1);
    template.resourceCountIs('AWS::EC2::Subnet', 4);
    template.resourceCountIs('AWS::EC2::FlowLog', 1);
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  test('scales on CPU between minCapacity and maxCapacity', () => {
    const { template } = service({ desiredCount: 3, maxCapacity: 10, targetCpuUtilizationPercent: 60 });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 3, MaxCapacity: 10 });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        TargetValue: 60,
        PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
      }),
    });
  });

  test('has no load balancer by default', () => {
    const { template, fargate } = service();
    expect(fargate.loadBalancer).toBeUndefined();
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 0);
  });

  test('a public load balancer probes the image health check path and port with its timing', () => {
    const { template, fargate, stack } = service({ loadBalancer: LoadBalancerExposure.PUBLIC });
    const targetGroups = Object.keys(template.findResources('AWS::ElasticLoadBalancingV2::TargetGroup'));
    expect(targetGroups).toHaveLength(1);
    expect(stack.resolve(fargate.targetGroup!.targetGroupArn)).toEqual({ Ref: targetGroups[0] });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internet-facing' });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Port: 8080,
      Protocol: 'HTTP',
      TargetType: 'ip',
      HealthCheckEnabled: true,
      HealthCheckPath: '/health',
      HealthCheckPort: '8080',
      HealthCheckIntervalSeconds: 15,
      HealthCheckTimeoutSeconds: 5,
      HealthyThresholdCount: 2,
      UnhealthyThresholdCount: 4,
      Matcher: { HttpCode: '200-399' },
    });
    template.hasResourceProperties('AWS::ECS::Service', {
      LoadBalancers: [Match.objectLike({ ContainerName: 'task-api', ContainerPort: 8080 })],
    });
  });

  test('the load balancer writes access logs to an SSL-only bucket', () => {
    const { template } = service({ loadBalancer: LoadBalancerExposure.PUBLIC });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'access_logs.s3.enabled', Value: 'true' }]),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      }),
    });
  });

  test('an internal load balancer is open to the VPC only', () => {
    const { template } = service({ loadBalancer: LoadBalancerExposure.INTERNAL });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internal' });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [Match.objectLike({ CidrIp: { 'Fn::GetAtt': [Match.stringLikeRegexp('Vpc'), 'CidrBlock'] }, FromPort: 80 })],
    });
  });

  test('with a certificate it listens on HTTPS and redirects HTTP', () => {
    const { template } = service({
      loadBalancer: LoadBalancerExposure.PUBLIC,
      certificate: acm.Certificate.fromCertificateArn(new Stack(), 'Cert', 'arn:aws:acm:eu-west-1:123456789012:certificate/abc'),
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 443, Protocol: 'HTTPS' });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      DefaultActions: [Match.objectLike({ Type: 'redirect' })],
    });
  });

  test('runs in a given cluster', () => {
    const app = new App({ outdir: tempDir('cdk-out-') });
    const stack = new Stack(app, 'Stack');
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc: new ec2.Vpc(stack, 'Vpc', { natGateways: 0, maxAzs: 2 }) });
    const image = new RustServiceImage(stack, 'Image', { crateDirectory: makeCrate() });
    const fargate = new RustFargateService(stack, 'Service', { image, cluster });
    expect(fargate.cluster).toBe(cluster);
    Template.fromStack(stack).resourceCountIs('AWS::ECS::Cluster', 1);
  });

  test('cluster and vpc together are an error that names both', () => {
    const app = new App({ outdir: tempDir('cdk-out-') });
    const stack = new Stack(app, 'Stack');
    const vpc = new ec2.Vpc(stack, 'Vpc');
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
    const image = new RustServiceImage(stack, 'Image', { crateDirectory: makeCrate() });
    expect(() => new RustFargateService(stack, 'Service', { image, cluster, vpc })).toThrow(new Error(
      'RustFargateService Stack/Service: Invalid props: both cluster and vpc are set. Pass only cluster (its VPC is used), or only vpc (a new cluster is created in it).'));
  });

  test('a load balancer in a stack without a region is an error that says how to set one', () => {
    const app = new App({ outdir: tempDir('cdk-out-') });
    const stack = new Stack(app, 'Stack');
    const image = new RustServiceImage(stack, 'Image', { crateDirectory: makeCrate() });
    expect(() => new RustFargateService(stack, 'Service', { image, loadBalancer: LoadBalancerExposure.PUBLIC }))
      .toThrow(/^RustFargateService Stack\/Service: Invalid loadBalancer "PUBLIC": the stack Stack has no region.*Set env: \{ region: 'eu-west-1' \}/);
  });
});

describe('cdk-nag AwsSolutions', () => {
  test.each([
    ['no load balancer', {}],
    ['a public load balancer', { loadBalancer: LoadBalancerExposure.PUBLIC }],
    ['an internal load balancer', { loadBalancer: LoadBalancerExposure.INTERNAL }],
  ])('finds no errors with %s', (_name, props) => {
    const { app } = service(props);
    expect(nagErrors(app)).toEqual([]);
  });

  test('finds no errors with the feature flags `cdk init` writes to cdk.json', () => {
    const { app } = service({ loadBalancer: LoadBalancerExposure.PUBLIC }, {}, { ...cxapi.CURRENTLY_RECOMMENDED_FLAGS });
    expect(nagErrors(app)).toEqual([]);
  });

  test('the pack still reports what the service does not acknowledge', () => {
    const { app, stack } = service({ loadBalancer: LoadBalancerExposure.PUBLIC });
    const open = new ec2.SecurityGroup(stack, 'Open', { vpc: ec2.Vpc.fromVpcAttributes(stack, 'Other', { vpcId: 'vpc-1', availabilityZones: ['a'] }) });
    open.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22));
    expect(nagErrors(app)).toContain('AwsSolutions-EC23 at Stack/Open/Resource');
  });
});
