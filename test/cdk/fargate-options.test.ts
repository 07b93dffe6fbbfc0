import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { makeCrate } from './crate';
import { nagErrors, stackWithImage } from './stacks';
import { LoadBalancerExposure, RustFargateService, RustFargateServiceProps, RustServiceImage } from '../../src';
import { UsageError } from '../../src/core/errors';

/*
 * RustFargateService's everyday options, one test each: a failure names the
 * option that broke. The image's HTTP check runs every 10 s with a 20 s
 * start period and 3 retries (see stacks.ts).
 */

const CERTIFICATE_ARN = 'arn:aws:acm:eu-west-1:123456789012:certificate/abc';

/** A service with `props` on a fresh stack, and its template. */
function service(props: Partial<RustFargateServiceProps> = {}) {
  const { app, stack, image } = stackWithImage();
  const fargate = new RustFargateService(stack, 'Service', { image, ...props });
  return { app, stack, fargate, template: Template.fromStack(stack) };
}

/** The logical id of the one resource of `type` that matches `props`. */
function logicalId(template: Template, type: string, props: object = {}): string {
  const found = Object.keys(template.findResources(type, { Properties: Match.objectLike(props) }));
  expect(found).toHaveLength(1);
  return found[0];
}

describe('capacity', () => {
  test('spot: minCapacity tasks on FARGATE, the rest three to one on FARGATE_SPOT', () => {
    service({ spot: true, minCapacity: 2 }).template.hasResourceProperties('AWS::ECS::Service', {
      CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE', Base: 2, Weight: 1 }, { CapacityProvider: 'FARGATE_SPOT', Weight: 3 }],
    });
  });

  test('capacityProviderStrategies are passed as given', () => {
    service({ capacityProviderStrategies: [{ capacityProvider: 'FARGATE', weight: 1 }] }).template.hasResourceProperties('AWS::ECS::Service', {
      CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE', Weight: 1 }],
    });
  });

  test('cpu and memoryLimitMiB size the task', () => {
    service({ cpu: 512, memoryLimitMiB: 1024 }).template.hasResourceProperties('AWS::ECS::TaskDefinition', { Cpu: '512', Memory: '1024' });
  });

  test('ephemeralStorageGiB sizes the task\'s storage', () => {
    service({ ephemeralStorageGiB: 30 }).template.hasResourceProperties('AWS::ECS::TaskDefinition', { EphemeralStorage: { SizeInGiB: 30 } });
  });

  test('platformVersion pins the Fargate platform', () => {
    service({ platformVersion: ecs.FargatePlatformVersion.VERSION1_4 }).template.hasResourceProperties('AWS::ECS::Service', { PlatformVersion: '1.4.0' });
  });

  test('minCapacity and maxCapacity bound the autoscaling', () => {
    service({ minCapacity: 2, maxCapacity: 8 }).template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 2, MaxCapacity: 8 });
  });

  test('requestsPerTarget adds request-count scaling on the target group', () => {
    service({ loadBalancer: LoadBalancerExposure.PUBLIC, requestsPerTarget: 500 }).template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({ PredefinedMetricSpecification: Match.objectLike({ PredefinedMetricType: 'ALBRequestCountPerTarget' }), TargetValue: 500 }),
    });
  });
});

describe('deployments', () => {
  test('minHealthyPercent and maxHealthyPercent bound a deployment', () => {
    service({ minHealthyPercent: 50, maxHealthyPercent: 150 }).template.hasResourceProperties('AWS::ECS::Service', {
      DeploymentConfiguration: Match.objectLike({ MinimumHealthyPercent: 50, MaximumPercent: 150 }),
    });
  });

  test('healthCheckGracePeriod is passed as given', () => {
    service({ loadBalancer: LoadBalancerExposure.PUBLIC, healthCheckGracePeriod: Duration.seconds(45) }).template
      .hasResourceProperties('AWS::ECS::Service', { HealthCheckGracePeriodSeconds: 45 });
  });

  test('without healthCheckGracePeriod, the grace period follows the image check: start period + interval x retries', () => {
    service({ loadBalancer: LoadBalancerExposure.PUBLIC }).template.hasResourceProperties('AWS::ECS::Service', { HealthCheckGracePeriodSeconds: 20 + 10 * 3 });
  });

  test('enableExecuteCommand turns ECS Exec on', () => {
    service({ enableExecuteCommand: true }).template.hasResourceProperties('AWS::ECS::Service', { EnableExecuteCommand: true });
  });

  test('stopTimeout reaches the container, and the deregistration delay follows it', () => {
    const { template } = service({ loadBalancer: LoadBalancerExposure.PUBLIC, stopTimeout: Duration.seconds(25) });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', { ContainerDefinitions: [Match.objectLike({ StopTimeout: 25 })] });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      TargetGroupAttributes: Match.arrayWith([{ Key: 'deregistration_delay.timeout_seconds', Value: '25' }]),
    });
  });

  test('a read-only container gets a writable /tmp volume', () => {
    service().template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Volumes: [{ Name: 'task-api-tmp' }],
      ContainerDefinitions: [Match.objectLike({ ReadonlyRootFilesystem: true, MountPoints: [{ ContainerPath: '/tmp', SourceVolume: 'task-api-tmp', ReadOnly: false }] })],
    });
  });
});

describe('networking', () => {
  test('securityGroups are the tasks\', and the load balancer reaches them on the service port only', () => {
    const { stack, image } = stackWithImage();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const securityGroup = new ec2.SecurityGroup(stack, 'TaskSg', { vpc, allowAllOutbound: true });
    new RustFargateService(stack, 'Service', { image, vpc, securityGroups: [securityGroup], loadBalancer: LoadBalancerExposure.PUBLIC });
    const template = Template.fromStack(stack);
    const taskSg = { 'Fn::GetAtt': [Match.stringLikeRegexp('TaskSg'), 'GroupId'] };
    template.hasResourceProperties('AWS::ECS::Service', {
      NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ SecurityGroups: Match.arrayWith([taskSg]) }) },
    });
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'))
      .filter((r) => JSON.stringify(r.Properties.GroupId).includes('TaskSg'));
    // One rule per security group of the load balancer (its own, and the listener ports' group).
    expect(ingress.map((r) => [r.Properties.IpProtocol, r.Properties.FromPort, r.Properties.ToPort, JSON.stringify(r.Properties.SourceSecurityGroupId).match(/ServiceLoadBalancer(ListenerAccess|SecurityGroup)/)?.[1]]))
      .toEqual([['tcp', 8080, 8080, 'SecurityGroup'], ['tcp', 8080, 8080, 'ListenerAccess']]);
  });

  test('taskSubnets and assignPublicIp place the tasks', () => {
    const { template } = service({ taskSubnets: { subnetType: ec2.SubnetType.PUBLIC }, assignPublicIp: true });
    const publicSubnets = Object.keys(template.findResources('AWS::EC2::Subnet', { Properties: { MapPublicIpOnLaunch: true } })).map((id) => ({ Ref: id }));
    expect(publicSubnets).toHaveLength(2);
    template.hasResourceProperties('AWS::ECS::Service', {
      NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'ENABLED', Subnets: Match.arrayEquals(publicSubnets) }) },
    });
  });
});

describe('load balancer', () => {
  test('domainName and domainZone: a DNS-validated certificate, an HTTPS listener and an alias record', () => {
    const { stack, image } = stackWithImage();
    const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z123', zoneName: 'example.com' });
    const fargate = new RustFargateService(stack, 'Service', { image, loadBalancer: LoadBalancerExposure.PUBLIC, domainName: 'api.example.com', domainZone: zone });
    const template = Template.fromStack(stack);
    const certificate = logicalId(template, 'AWS::CertificateManager::Certificate', { DomainName: 'api.example.com', ValidationMethod: 'DNS' });
    expect(stack.resolve(fargate.certificate!.certificateArn)).toEqual({ Ref: certificate });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 443, Protocol: 'HTTPS', Certificates: [{ CertificateArn: { Ref: certificate } }] });
    const record = logicalId(template, 'AWS::Route53::RecordSet', { Name: 'api.example.com.', Type: 'A', HostedZoneId: 'Z123' });
    expect(stack.resolve(fargate.dnsRecord!.domainName)).toEqual({ Ref: record });
  });

  test('a given certificate serves HTTPS, and HTTP redirects to it by default', () => {
    const { stack, image } = stackWithImage();
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', CERTIFICATE_ARN);
    const fargate = new RustFargateService(stack, 'Service', { image, loadBalancer: LoadBalancerExposure.PUBLIC, certificate });
    const template = Template.fromStack(stack);
    const https = logicalId(template, 'AWS::ElasticLoadBalancingV2::Listener', { Port: 443, Protocol: 'HTTPS', Certificates: [{ CertificateArn: CERTIFICATE_ARN }] });
    expect(stack.resolve(fargate.listener!.listenerArn)).toEqual({ Ref: https });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 80, DefaultActions: [Match.objectLike({ Type: 'redirect' })] });
  });

  test('redirectHTTP: false leaves port 80 closed', () => {
    const { stack, image } = stackWithImage();
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', CERTIFICATE_ARN);
    new RustFargateService(stack, 'Service', { image, loadBalancer: LoadBalancerExposure.PUBLIC, certificate, redirectHTTP: false });
    const listeners = Template.fromStack(stack).findResources('AWS::ElasticLoadBalancingV2::Listener');
    expect(Object.values(listeners).map((l) => l.Properties.Port)).toEqual([443]);
  });

  test('idleTimeout sets the load balancer\'s idle timeout', () => {
    service({ loadBalancer: LoadBalancerExposure.PUBLIC, idleTimeout: Duration.seconds(120) }).template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'idle_timeout.timeout_seconds', Value: '120' }]),
    });
  });

  test('deregistrationDelay sets the target group\'s', () => {
    service({ loadBalancer: LoadBalancerExposure.PUBLIC, deregistrationDelay: Duration.seconds(15) }).template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      TargetGroupAttributes: Match.arrayWith([{ Key: 'deregistration_delay.timeout_seconds', Value: '15' }]),
    });
  });

  test('the target group probes the image\'s HTTP check path', () => {
    service({ loadBalancer: LoadBalancerExposure.INTERNAL }).template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { HealthCheckPath: '/health' });
  });
});

describe('service discovery', () => {
  test('serviceConnect names the service in the cluster\'s namespace, on the image\'s port', () => {
    service({ serviceConnect: { discoveryName: 'api' } }).template.hasResourceProperties('AWS::ECS::Service', {
      ServiceConnectConfiguration: Match.objectLike({ Enabled: true, Services: [Match.objectLike({ PortName: 'http', DiscoveryName: 'api', ClientAliases: [{ Port: 8080 }] })] }),
    });
  });

  test('cloudMapOptions register the tasks in Cloud Map', () => {
    const { stack, image } = stackWithImage();
    const cluster = new ecs.Cluster(stack, 'Cluster', { defaultCloudMapNamespace: { name: 'internal' } });
    new RustFargateService(stack, 'Service', { image, cluster, cloudMapOptions: { name: 'worker' } });
    Template.fromStack(stack).hasResourceProperties('AWS::ServiceDiscovery::Service', { Name: 'worker' });
  });
});

test('every option at once synthesizes with cdk-nag at zero errors', () => {
  // Without this flag (cdk init sets it), CDK grants ECS Exec's logging on every log group, and cdk-nag reports it (nag-scope.test.ts).
  const { app, stack, image } = stackWithImage({}, { [cxapi.REDUCE_EC2_FARGATE_CLOUDWATCH_PERMISSIONS]: true });
  const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z123', zoneName: 'example.com' });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1, flowLogs: { FlowLogs: { destination: ec2.FlowLogDestination.toCloudWatchLogs() } } });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, enableFargateCapacityProviders: true, containerInsightsV2: ecs.ContainerInsights.ENABLED, defaultCloudMapNamespace: { name: 'internal', useForServiceConnect: true } });
  new RustFargateService(stack, 'Api', {
    image,
    cluster,
    spot: true,
    cpu: 512,
    memoryLimitMiB: 1024,
    ephemeralStorageGiB: 30,
    platformVersion: ecs.FargatePlatformVersion.VERSION1_4,
    minHealthyPercent: 50,
    maxHealthyPercent: 150,
    healthCheckGracePeriod: Duration.seconds(45),
    enableExecuteCommand: true,
    stopTimeout: Duration.seconds(20),
    securityGroups: [new ec2.SecurityGroup(stack, 'TaskSg', { vpc, allowAllOutbound: true })],
    assignPublicIp: false,
    taskSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    loadBalancer: LoadBalancerExposure.PUBLIC,
    domainName: 'api.example.com',
    domainZone: zone,
    redirectHTTP: true,
    idleTimeout: Duration.seconds(120),
    deregistrationDelay: Duration.seconds(15),
    minCapacity: 2,
    maxCapacity: 8,
    requestsPerTarget: 500,
    serviceConnect: { discoveryName: 'api' },
  });
  new RustFargateService(stack, 'Worker', {
    image: new RustServiceImage(stack, 'WorkerImage', { crateDirectory: makeCrate() }),
    cluster,
    capacityProviderStrategies: [{ capacityProvider: 'FARGATE', weight: 1 }],
    cloudMapOptions: { name: 'worker' },
    loadBalancer: LoadBalancerExposure.INTERNAL,
    certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', CERTIFICATE_ARN),
    redirectHTTP: false,
  });
  expect(nagErrors(app)).toEqual([]);
});

describe('contradictions fail in the user\'s terms, naming the service', () => {
  test.each([
    [{ requestsPerTarget: 100 }, 'requestsPerTarget only apply to a load balancer, and loadBalancer is NONE'],
    [{ domainName: 'a.example.com' }, 'domainName only apply to a load balancer'],
    [{ spot: true, capacityProviderStrategies: [{ capacityProvider: 'FARGATE', weight: 1 }] }, 'both spot and capacityProviderStrategies are set'],
    [{ serviceConnect: {}, cloudMapOptions: { name: 'x' } }, 'both serviceConnect and cloudMapOptions are set'],
    [{ loadBalancer: LoadBalancerExposure.PUBLIC, domainName: 'a.example.com' }, 'domainName and domainZone go together'],
    [{ ephemeralStorageGiB: 10 }, 'Invalid ephemeralStorageGiB 10: expected a whole number from 21 to 200'],
    [{ loadBalancer: LoadBalancerExposure.PUBLIC, idleTimeout: Duration.seconds(5000) }, 'Invalid idleTimeout "5000 s": expected 1 to 4000 seconds'],
    [{ stopTimeout: Duration.seconds(300) }, 'Invalid stopTimeout "300 s": Fargate accepts 2 to 120 seconds'],
  ])('%j', (props, message) => {
    const { stack, image } = stackWithImage();
    expect(() => new RustFargateService(stack, 'Service', { image, ...props })).toThrow(message);
  });

  test('the error carries the construct path, as aws-cdk-lib\'s ValidationError does', () => {
    const { stack, image } = stackWithImage();
    let error: unknown;
    try {
      new RustFargateService(stack, 'Service', { image, ephemeralStorageGiB: 10 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect({ constructPath: (error as UsageError).constructPath, message: (error as Error).message.split(':')[0] })
      .toEqual({ constructPath: 'Stack/Service', message: 'RustFargateService Stack/Service' });
  });
});
