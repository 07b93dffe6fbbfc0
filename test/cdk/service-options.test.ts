import * as fs from 'fs';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import { makeCrate } from './crate';
import {
  Architecture, DistrolessRuntime, HealthCheck, LoadBalancerExposure, RegistryCache,
  RustFargateService, RustServiceImage, RustWorkspaceServices, ScratchRuntime,
} from '../../src';
import { tempDir, writeTree } from '../util';

const env = { region: 'eu-west-1', account: '123456789012' };

function stackWithImage(context: Record<string, unknown> = {}) {
  const app = new App({ outdir: tempDir('cdk-out-'), context });
  const stack = new Stack(app, 'Stack', { env });
  const image = new RustServiceImage(stack, 'Image', {
    crateDirectory: makeCrate(),
    architecture: Architecture.ARM64,
    healthCheck: HealthCheck.http('/health', { intervalSeconds: 10, timeoutSeconds: 4, startPeriodSeconds: 20, retries: 3 }),
  });
  return { app, stack, image };
}

function nagErrors(app: App): string[] {
  return new AwsSolutionsChecks().validateScope(app).violations
    .filter((v) => v.severity === 'error')
    .flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`));
}

describe('RustFargateService everyday options', () => {
  test('a stack using every new option synthesizes with cdk-nag at zero errors', () => {
    // Without this flag (cdk init sets it), CDK grants ECS Exec's logging on every log group, and cdk-nag reports it (nag-scope.test.ts).
    const { app, stack, image } = stackWithImage({ [cxapi.REDUCE_EC2_FARGATE_CLOUDWATCH_PERMISSIONS]: true });
    const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z123', zoneName: 'example.com' });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1, flowLogs: { FlowLogs: { destination: ec2.FlowLogDestination.toCloudWatchLogs() } } });
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, enableFargateCapacityProviders: true, containerInsightsV2: ecs.ContainerInsights.ENABLED, defaultCloudMapNamespace: { name: 'internal', useForServiceConnect: true } });
    const securityGroup = new ec2.SecurityGroup(stack, 'TaskSg', { vpc, allowAllOutbound: true });
    const api = new RustFargateService(stack, 'Api', {
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
      securityGroups: [securityGroup],
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
    // A second service: capacity providers of its own, Cloud Map, a given certificate and no redirect.
    const worker = new RustFargateService(stack, 'Worker', {
      image: new RustServiceImage(stack, 'WorkerImage', { crateDirectory: makeCrate() }),
      cluster,
      capacityProviderStrategies: [{ capacityProvider: 'FARGATE', weight: 1 }],
      cloudMapOptions: { name: 'worker' },
      loadBalancer: LoadBalancerExposure.INTERNAL,
      certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:eu-west-1:123456789012:certificate/abc'),
      redirectHTTP: false,
    });
    const template = Template.fromStack(stack);

    template.hasResourceProperties('AWS::ECS::Service', {
      CapacityProviderStrategy: [
        { CapacityProvider: 'FARGATE', Base: 2, Weight: 1 },
        { CapacityProvider: 'FARGATE_SPOT', Weight: 3 },
      ],
      DeploymentConfiguration: Match.objectLike({ MinimumHealthyPercent: 50, MaximumPercent: 150 }),
      HealthCheckGracePeriodSeconds: 45,
      EnableExecuteCommand: true,
      PlatformVersion: '1.4.0',
      NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'DISABLED', SecurityGroups: Match.arrayWith([{ 'Fn::GetAtt': [Match.stringLikeRegexp('TaskSg'), 'GroupId'] }]) }) },
      ServiceConnectConfiguration: Match.objectLike({ Enabled: true, Services: [Match.objectLike({ PortName: 'http', DiscoveryName: 'api', ClientAliases: [{ Port: 8080 }] })] }),
    });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Cpu: '512',
      Memory: '1024',
      EphemeralStorage: { SizeInGiB: 30 },
      ContainerDefinitions: [Match.objectLike({ StopTimeout: 20, PortMappings: [{ Name: 'http', ContainerPort: 8080, Protocol: 'tcp', AppProtocol: 'http' }] })],
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'idle_timeout.timeout_seconds', Value: '120' }]),
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      HealthCheckPath: '/health',
      TargetGroupAttributes: Match.arrayWith([{ Key: 'deregistration_delay.timeout_seconds', Value: '15' }]),
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 443, Protocol: 'HTTPS' });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 80, DefaultActions: [Match.objectLike({ Type: 'redirect' })] });
    template.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: 'api.example.com', ValidationMethod: 'DNS' });
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'api.example.com.', Type: 'A', AliasTarget: Match.anyValue() });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({ PredefinedMetricSpecification: Match.objectLike({ PredefinedMetricType: 'ALBRequestCountPerTarget' }), TargetValue: 500 }),
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 2, MaxCapacity: 8 });
    // The load balancer reaches the tasks on the service port only.
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 8080, ToPort: 8080, IpProtocol: 'tcp', GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('TaskSg'), 'GroupId'] },
    });
    // One rule per security group of the load balancer (its own, and the listener ports' group).
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress'))
      .filter((r) => JSON.stringify(r.Properties.GroupId).includes('TaskSg'));
    expect(ingress.map((r) => [r.Properties.FromPort, r.Properties.ToPort, JSON.stringify(r.Properties.SourceSecurityGroupId).match(/ApiLoadBalancer(ListenerAccess|SecurityGroup)/)?.[1]]))
      .toEqual([[8080, 8080, 'SecurityGroup'], [8080, 8080, 'ListenerAccess']]);
    expect(api.dnsRecord).toBeDefined();
    expect(api.certificate).toBeDefined();

    template.hasResourceProperties('AWS::ServiceDiscovery::Service', { Name: 'worker' });
    expect(worker.listener).toBeDefined();
    expect(nagErrors(app)).toEqual([]);
  });

  test('the health check grace period follows the image check: start period + interval x retries', () => {
    const { stack, image } = stackWithImage();
    new RustFargateService(stack, 'Service', { image, loadBalancer: LoadBalancerExposure.PUBLIC });
    Template.fromStack(stack).hasResourceProperties('AWS::ECS::Service', { HealthCheckGracePeriodSeconds: 20 + 10 * 3 });
  });

  test('the deregistration delay follows stopTimeout, and a read-only container gets a writable /tmp volume', () => {
    const { stack, image } = stackWithImage();
    new RustFargateService(stack, 'Service', { image, loadBalancer: LoadBalancerExposure.PUBLIC, stopTimeout: Duration.seconds(25) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      TargetGroupAttributes: Match.arrayWith([{ Key: 'deregistration_delay.timeout_seconds', Value: '25' }]),
    });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Volumes: [{ Name: 'task-api-tmp' }],
      ContainerDefinitions: [Match.objectLike({ ReadonlyRootFilesystem: true, MountPoints: [{ ContainerPath: '/tmp', SourceVolume: 'task-api-tmp', ReadOnly: false }] })],
    });
  });

  test.each([
    [{ requestsPerTarget: 100 }, 'requestsPerTarget only apply to a load balancer, and loadBalancer is NONE'],
    [{ domainName: 'a.example.com' }, 'domainName only apply to a load balancer'],
    [{ spot: true, capacityProviderStrategies: [{ capacityProvider: 'FARGATE', weight: 1 }] }, 'both spot and capacityProviderStrategies are set'],
    [{ serviceConnect: {}, cloudMapOptions: { name: 'x' } }, 'both serviceConnect and cloudMapOptions are set'],
    [{ ephemeralStorageGiB: 10 }, 'Invalid ephemeralStorageGiB 10: expected a whole number from 21 to 200'],
    [{ loadBalancer: LoadBalancerExposure.PUBLIC, idleTimeout: Duration.seconds(5000) }, 'Invalid idleTimeout "5000 s": expected 1 to 4000 seconds'],
    [{ stopTimeout: Duration.seconds(300) }, 'Invalid stopTimeout "300 s": Fargate accepts 2 to 120 seconds'],
  ])('contradictions fail in the user\'s terms: %j', (props, message) => {
    const { stack, image } = stackWithImage();
    expect(() => new RustFargateService(stack, 'Service', { image, ...props })).toThrow(message);
  });

  test('domainName needs domainZone', () => {
    const { stack, image } = stackWithImage();
    expect(() => new RustFargateService(stack, 'Service', { image, loadBalancer: LoadBalancerExposure.PUBLIC, domainName: 'a.example.com' }))
      .toThrow('domainName and domainZone go together');
  });
});

describe('RustWorkspaceServices', () => {
  function workspace(): string {
    const root = tempDir('workspace-');
    writeTree(root, {
      'Cargo.toml': '[workspace]\nmembers = ["api", "worker", "shared"]\nresolver = "2"\n',
      'Cargo.lock': 'version = 4\n\n[[package]]\nname = "api"\nversion = "0.1.0"\ndependencies = ["shared"]\n\n[[package]]\nname = "shared"\nversion = "0.1.0"\n\n[[package]]\nname = "worker"\nversion = "0.1.0"\ndependencies = ["shared"]\n',
      'api/Cargo.toml': '[package]\nname = "api"\nversion = "0.1.0"\nedition = "2021"\n[dependencies]\nshared = { path = "../shared" }\n',
      'api/src/main.rs': 'fn main() { shared::hi(); }\n',
      'worker/Cargo.toml': '[package]\nname = "worker"\nversion = "0.1.0"\nedition = "2021"\n[dependencies]\nshared = { path = "../shared" }\n',
      'worker/src/main.rs': 'fn main() { shared::hi(); }\n',
      'shared/Cargo.toml': '[package]\nname = "shared"\nversion = "0.1.0"\nedition = "2021"\n',
      'shared/src/lib.rs': 'pub fn hi() {}\n',
    });
    return root;
  }

  function synth(root: string) {
    const app = new App({ outdir: tempDir('cdk-out-') });
    const stack = new Stack(app, 'Stack', { env });
    const services = new RustWorkspaceServices(stack, 'Services', {
      crateDirectory: root,
      services: [{ binaryName: 'api' }, { binaryName: 'worker', runtime: new DistrolessRuntime({ port: 9090 }) }],
      registryCache: RegistryCache.registry('123456789012.dkr.ecr.eu-west-1.amazonaws.com/cache:main'),
    });
    new RustFargateService(stack, 'Api', { image: services.image('api'), loadBalancer: LoadBalancerExposure.PUBLIC });
    new RustFargateService(stack, 'Worker', { image: services.image('worker') });
    const assembly = app.synth();
    const assets = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'Stack.assets.json'), 'utf8')).dockerImages;
    return { services, assets, app };
  }

  test('one staged context, one asset per service with its build target; a change to one service leaves the other\'s hash alone', () => {
    const root = workspace();
    const first = synth(root);
    expect(first.services.images.map((i) => i.imageBuild.target)).toEqual(['runtime-api', 'runtime-worker']);
    const entries = Object.values<any>(first.assets);
    expect(entries.map((e) => e.source.dockerBuildTarget).sort()).toEqual(['runtime-api', 'runtime-worker']);
    expect(new Set(entries.map((e) => e.source.directory)).size).toBe(1);
    expect(entries[0].source.cacheFrom).toEqual([{ type: 'registry', params: { ref: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/cache:main' } }]);
    expect(entries[0].source.cacheTo).toEqual({ type: 'registry', params: { ref: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/cache:main', mode: 'max' } });
    const [api1, worker1] = first.services.images.map((i) => i.assetHash);

    fs.appendFileSync(path.join(root, 'api', 'src', 'main.rs'), '// a change to the api only\n');
    const [api2, worker2] = synth(root).services.images.map((i) => i.assetHash);
    expect(api2).not.toBe(api1);
    expect(worker2).toBe(worker1);

    fs.appendFileSync(path.join(root, 'shared', 'src', 'lib.rs'), '// a change both use\n');
    const [api3, worker3] = synth(root).services.images.map((i) => i.assetHash);
    expect(api3).not.toBe(api2);
    expect(worker3).not.toBe(worker2);
    expect(nagErrors(first.app)).toEqual([]);
  });

  test('the Dockerfile has one builder for every binary and a runtime stage per service', () => {
    const { services } = synth(workspace());
    const dockerfile = services.images[0].imageBuild.dockerfile;
    expect(dockerfile.match(/^FROM toolchain AS builder$/gm)).toHaveLength(1);
    expect(dockerfile).toContain('cargo build --release --locked --target x86_64-unknown-linux-musl --package api --package worker --bin api --bin worker');
    expect(dockerfile).toMatch(/^FROM scratch AS runtime-api$/m);
    expect(dockerfile).toMatch(/^FROM gcr\.io\/distroless\/static-debian13:nonroot AS runtime-worker$/m);
    expect(services.image('worker').port).toBe(9090);
    expect(() => services.image('nope')).toThrow('RustWorkspaceServices Stack/Services: Invalid binaryName "nope": no service of the workspace builds it (services: api, worker). Pass the binary name of one of the services.');
  });

  test('a service that is not a binary of the workspace fails naming it', () => {
    const app = new App({ outdir: tempDir('cdk-out-') });
    expect(() => new RustWorkspaceServices(new Stack(app, 'S'), 'Services', { crateDirectory: workspace(), services: [{ binaryName: 'api' }, { binaryName: 'nope' }] }))
      .toThrow("binaryName 'nope' is not a binary target");
  });
});

describe('private dependencies and registry caches reach the asset', () => {
  test('build secrets and the SSH agent become the asset\'s --secret and --ssh, never their content', () => {
    const app = new App({ outdir: tempDir('cdk-out-') });
    const stack = new Stack(app, 'Stack');
    const secretFile = path.join(tempDir('secret-'), 'token');
    fs.writeFileSync(secretFile, 'the-secret-token-value');
    new RustServiceImage(stack, 'Image', {
      crateDirectory: makeCrate(),
      runtime: new ScratchRuntime(),
      buildSecrets: [{ id: 'cargo-token', environmentVariable: 'CARGO_REGISTRIES_PRIVATE_TOKEN', sourceFile: secretFile }],
      sshAgent: { keys: ['/keys/a', '/keys/b'], knownHosts: ['github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl'] },
    });
    const assembly = app.synth();
    const source = Object.values<any>(JSON.parse(fs.readFileSync(path.join(assembly.directory, 'Stack.assets.json'), 'utf8')).dockerImages)[0].source;
    expect(source.dockerBuildSecrets).toEqual({ 'cargo-token': `src=${secretFile}` });
    expect(source.dockerBuildSsh).toBe('default=/keys/a,/keys/b');
    const everything = execTree(assembly.directory);
    expect(everything).not.toContain('the-secret-token-value');
  });

  test('a build secret without a file is refused for CDK, which can only pass files', () => {
    const app = new App({ outdir: tempDir('cdk-out-') });
    expect(() => new RustServiceImage(new Stack(app, 'S'), 'Image', { crateDirectory: makeCrate(), buildSecrets: [{ id: 'token' }] }))
      .toThrow('Invalid buildSecrets[0].sourceFile undefined: cdk-assets passes a build secret as --secret id=<id>,src=<file>');
  });

  test('an inline registry cache adds BUILDKIT_INLINE_CACHE and the cache sources', () => {
    const app = new App({ outdir: tempDir('cdk-out-') });
    const stack = new Stack(app, 'Stack');
    new RustServiceImage(stack, 'Image', { crateDirectory: makeCrate(), registryCache: RegistryCache.inline(['registry.example.com/app:builder', 'registry.example.com/app:latest']) });
    const source = Object.values<any>(JSON.parse(fs.readFileSync(path.join(app.synth().directory, 'Stack.assets.json'), 'utf8')).dockerImages)[0].source;
    expect(source.dockerBuildArgs).toEqual({ BUILDKIT_INLINE_CACHE: '1' });
    expect(source.cacheFrom).toEqual([
      { type: 'registry', params: { ref: 'registry.example.com/app:builder' } },
      { type: 'registry', params: { ref: 'registry.example.com/app:latest' } },
    ]);
    expect(source.cacheTo).toBeUndefined();
  });
});

/** Every file's content under a directory, concatenated (to look for leaked bytes). */
function execTree(dir: string): string {
  let out = '';
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out += execTree(full);
    else if (entry.isFile()) out += fs.readFileSync(full, 'utf8');
  }
  return out;
}
