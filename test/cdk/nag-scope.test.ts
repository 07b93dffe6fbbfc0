import { App, CfnResource, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { makeCrate } from './crate';
import {
  AlpineRuntime, Architecture, LoadBalancerExposure, Migrations, RustFargateService, RustFargateServiceProps, RustServiceImage,
  ServiceDatabase, ServiceMetrics,
} from '../../src';
import { tempDir } from '../util';

/*
 * Every cdk-nag acknowledgment the library adds covers exactly the resource
 * and the finding it is about: what a user adds to any role, security group
 * or bucket the service creates is still reported.
 */

/**
 * A service with every part that creates IAM roles or security groups: a
 * new VPC, ECS Exec, Spot, autoscaling, a load balancer with a domain; with
 * `stack`, also a new database, migrations, metrics and alarms to an
 * encrypted topic.
 */
function fullService(loadBalancer: LoadBalancerExposure, context: Record<string, unknown> = { ...cxapi.CURRENTLY_RECOMMENDED_FLAGS },
  serviceStack: (stack: Stack) => Partial<RustFargateServiceProps> = () => ({})) {
  const app = new App({ outdir: tempDir('cdk-out-'), context });
  const stack = new Stack(app, 'Stack', { env: { region: 'eu-west-1', account: '123456789012' } });
  // Alpine: a shell for ECS Exec, so no warning (with the recommended flags, a warning would print CDK's validation report).
  const image = new RustServiceImage(stack, 'Image', { crateDirectory: makeCrate(), architecture: Architecture.ARM64, runtime: new AlpineRuntime() });
  const withLb = loadBalancer !== LoadBalancerExposure.NONE;
  const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z123', zoneName: 'example.com' });
  const service = new RustFargateService(stack, 'Service', {
    image,
    loadBalancer,
    enableExecuteCommand: true,
    spot: true,
    maxCapacity: 6,
    ...(withLb ? { domainName: 'api.example.com', domainZone: zone, requestsPerTarget: 100, healthCheckGracePeriod: Duration.seconds(30) } : {}),
    ...serviceStack(stack),
  });
  return { app, stack, service };
}

/** Everything on: a new database (IAM authentication too), migrations, metrics, alarms to an encrypted topic. */
function everything(stack: Stack): Partial<RustFargateServiceProps> {
  const topic = new sns.Topic(stack, 'Alarms', { masterKey: new kms.Key(stack, 'AlarmsKey', { enableKeyRotation: true }), enforceSSL: true });
  return {
    database: ServiceDatabase.postgres(),
    newDatabase: { iamAuthentication: true },
    migrations: Migrations.serviceBinary(),
    metrics: ServiceMetrics.prometheus(),
    alarms: { topic },
  };
}

/** The acknowledgments of the service itself: its two roles, and the access logs and listener of a load balancer. */
function serviceAcknowledgments(exposure: LoadBalancerExposure): string[] {
  return [
    'AwsSolutions-IAM5[Resource::*] at Stack/Service/ExecutionRole/ActionsWithoutResourceTypes/Resource',
    'AwsSolutions-IAM5[Resource::*] at Stack/Service/TaskRole/ActionsWithoutResourceTypes/Resource',
    ...(exposure !== LoadBalancerExposure.NONE ? [
      'AwsSolutions-S1 at Stack/Service/AccessLogs/Resource',
      'AwsSolutions-EC23 at Stack/Service/LoadBalancer/ListenerAccess/Resource',
    ] : []),
  ];
}

/** The acknowledgments the database, the migrations and the metrics add. */
const STACK_ACKNOWLEDGMENTS = [
  'AwsSolutions-SMG4 at Stack/Service/Database/Secret/Resource',
  'AwsSolutions-RDS11 at Stack/Service/Database/Instance/Resource',
  'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole] at Stack/Service/Database/LogRetentionRole/Resource',
  'AwsSolutions-IAM5[Resource::*] at Stack/Service/Database/LogRetentionRole/RetentionOfDeployTimeLogGroups/Resource',
  'AwsSolutions-ECS2 at Stack/Service/TaskDefinition/Resource',
];

function nagErrors(app: App): string[] {
  // As under cdk synth: the plugin runs after the aspects (the library acknowledges AwsSolutions-ECS2 in one).
  app.synth();
  return new AwsSolutionsChecks().validateScope(app).violations
    .filter((v) => v.severity === 'error')
    .flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`))
    .sort();
}

/** Every acknowledgment in the tree, as "id at path". */
function acknowledgments(scope: IConstruct): string[] {
  return scope.node.findAll().flatMap((c) => c.node.metadata
    .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((m) => Object.keys(m.data as object).map((id) => `${id.replace(/^annotation::/i, '')} at ${c.node.path}`)))
    .sort();
}

const EXPOSURES = [['no load balancer', LoadBalancerExposure.NONE], ['a public load balancer', LoadBalancerExposure.PUBLIC], ['an internal load balancer', LoadBalancerExposure.INTERNAL]] as const;

describe('cdk-nag acknowledgments', () => {
  test.each(EXPOSURES)('sit on single CloudFormation resources that hold only what they are about (%s)', (_name, exposure) => {
    const { app, stack } = fullService(exposure);
    const acks = acknowledgments(app);
    expect(acks).toEqual(serviceAcknowledgments(exposure).sort());
    for (const ack of acks) {
      const resource = stack.node.findChild('Service').node.findAll().find((c) => c.node.path === ack.split(' at ')[1]);
      expect(resource && CfnResource.isCfnResource(resource) && resource.node.children.length === 0).toBe(true);
    }
    // The policies acknowledged for Resource::* hold exactly the actions that take no resource.
    const template = Template.fromStack(stack);
    const policies = Object.entries(template.findResources('AWS::IAM::Policy'))
      .filter(([id]) => id.includes('ActionsWithoutResourceTypes'))
      .map(([, r]) => r.Properties.PolicyDocument.Statement);
    expect(policies).toEqual(expect.arrayContaining([
      [{ Action: 'ecr:GetAuthorizationToken', Effect: 'Allow', Resource: '*' }],
      [{ Action: ['ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel', 'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel'], Effect: 'Allow', Resource: '*' }],
    ]));
    expect(policies).toHaveLength(2);
  });

  test.each(EXPOSURES)('leave a wildcard you add to any role the service creates reported (%s)', (_name, exposure) => {
    // Synthesis ends a tree's changes: the clean run is one app, the changed run another.
    expect(nagErrors(fullService(exposure).app)).toEqual([]);
    const { app, stack } = fullService(exposure);
    const roles = stack.node.findAll().filter((c): c is iam.Role => c instanceof iam.Role);
    // If the service starts creating another role, it belongs in this list (and under this test).
    expect(roles.map((r) => r.node.path).sort()).toEqual(['Stack/Service/ExecutionRole', 'Stack/Service/TaskRole', 'Stack/Service/Vpc/FlowLogs/IAMRole']);
    for (const role of roles) {
      role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }));
      role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['dynamodb:*'], resources: ['arn:aws:dynamodb:eu-west-1:123456789012:table/tasks'] }));
    }
    expect(nagErrors(app)).toEqual(roles.flatMap((r) => [
      `AwsSolutions-IAM5[Action::dynamodb:*] at ${r.node.path}/DefaultPolicy/Resource`,
      `AwsSolutions-IAM5[Resource::*] at ${r.node.path}/DefaultPolicy/Resource`,
    ]).sort());
  });

  test('no acknowledgment covers a role cdk-nag cannot inspect (the VPC\'s custom resource provider, a raw CfnResource)', () => {
    const { app, stack } = fullService(LoadBalancerExposure.PUBLIC);
    const rawRoles = stack.node.findAll().filter((c) => CfnResource.isCfnResource(c) && c.cfnResourceType === 'AWS::IAM::Role' && !(c instanceof iam.CfnRole));
    expect(rawRoles.map((r) => r.node.path)).toEqual(['Stack/Custom::VpcRestrictDefaultSGCustomResourceProvider/Role']);
    const covering = acknowledgments(app).filter((a) => rawRoles.some((r) => r.node.path.startsWith(a.split(' at ')[1])));
    expect(covering).toEqual([]);
  });

  test('a statement of an action without resource types that is not plain (a condition) stays in the default policy, and is reported', () => {
    const { app, service } = fullService(LoadBalancerExposure.NONE);
    service.taskDefinition.taskRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['ecr:GetAuthorizationToken'], resources: ['*'], conditions: { StringEquals: { 'aws:RequestedRegion': 'eu-west-1' } },
    }));
    service.taskDefinition.taskRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken', 's3:ListAllMyBuckets'], resources: ['*'] }));
    expect(nagErrors(app)).toEqual(['AwsSolutions-IAM5[Resource::*] at Stack/Service/TaskRole/DefaultPolicy/Resource']);
  });

  test.each([['public', LoadBalancerExposure.PUBLIC], ['internal', LoadBalancerExposure.INTERNAL]] as const)('leave a rule you add to the %s load balancer\'s connections reported', (_name, exposure) => {
    const { app, service } = fullService(exposure);
    service.loadBalancer!.connections.allowFrom(ec2.Peer.anyIpv4(), ec2.Port.tcp(22), 'SSH from anywhere');
    expect(nagErrors(app)).toEqual(['AwsSolutions-EC23 at Stack/Service/LoadBalancer/SecurityGroup/Resource']);
  });

  test.each(EXPOSURES)('with a database, migrations, metrics and alarms: no error, and each acknowledgment on one resource of its own (%s)', (_name, exposure) => {
    const { app, stack } = fullService(exposure, undefined, everything);
    expect(nagErrors(app)).toEqual([]);
    const acks = acknowledgments(app);
    expect(acks).toEqual([...serviceAcknowledgments(exposure), ...STACK_ACKNOWLEDGMENTS].sort());
    for (const ack of acks) {
      const resource = stack.node.findChild('Service').node.findAll().find((c) => c.node.path === ack.split(' at ')[1]);
      expect(resource && CfnResource.isCfnResource(resource) && resource.node.children.length === 0).toBe(true);
    }
    // The log retention role's own policy holds exactly the retention actions on "*", and the role one managed policy.
    const template = Template.fromStack(stack);
    const retention = Object.entries(template.findResources('AWS::IAM::Policy')).filter(([id]) => id.includes('RetentionOfDeployTimeLogGroups')).map(([, r]) => r.Properties.PolicyDocument.Statement);
    expect(retention).toEqual([[{ Action: ['logs:DeleteRetentionPolicy', 'logs:PutRetentionPolicy'], Effect: 'Allow', Resource: '*' }]]);
    const role = Object.entries(template.findResources('AWS::IAM::Role')).find(([id]) => id.startsWith('ServiceDatabaseLogRetentionRole'))![1];
    expect(role.Properties.ManagedPolicyArns).toEqual([{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']] }]);
  });

  test('with everything on, a wildcard or a managed policy you add to any role the service creates is reported', () => {
    const { app, stack } = fullService(LoadBalancerExposure.PUBLIC, undefined, everything);
    const roles = stack.node.findAll().filter((c): c is iam.Role => c instanceof iam.Role && c.node.path.startsWith('Stack/Service/'));
    // If the service starts creating another role, it belongs in this list (and under this test).
    expect(roles.map((r) => r.node.path).sort()).toEqual([
      'Stack/Service/Database/LogRetentionRole', 'Stack/Service/ExecutionRole', 'Stack/Service/TaskRole', 'Stack/Service/Vpc/FlowLogs/IAMRole',
    ]);
    for (const role of roles) {
      role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }));
      role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonS3ReadOnlyAccess'));
    }
    expect(nagErrors(app)).toEqual(roles.flatMap((r) => [
      `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonS3ReadOnlyAccess] at ${r.node.path}/Resource`,
      `AwsSolutions-IAM5[Resource::*] at ${r.node.path}/DefaultPolicy/Resource`,
    ]).sort());
  });

  test('a plain environment variable of yours is reported, given as a prop or added to a container later', () => {
    const given = fullService(LoadBalancerExposure.NONE, undefined, (stack) => ({ ...everything(stack), environment: { RUST_LOG: 'info' } }));
    expect(nagErrors(given.app)).toEqual(['AwsSolutions-ECS2 at Stack/Service/TaskDefinition/Resource']);
    const added = fullService(LoadBalancerExposure.NONE, undefined, everything);
    added.service.metricsCollector!.addEnvironment('OTEL_LOG_LEVEL', 'debug');
    expect(nagErrors(added.app)).toEqual(['AwsSolutions-ECS2 at Stack/Service/TaskDefinition/Resource']);
    expect(acknowledgments(added.app).filter((a) => a.startsWith('AwsSolutions-ECS2'))).toEqual([]);
  });

  test('the database\'s default port is acknowledged only on 5432', () => {
    const { app } = fullService(LoadBalancerExposure.NONE, undefined,
      (stack) => ({ ...everything(stack), database: ServiceDatabase.postgres({ port: 6432 }) }));
    expect(nagErrors(app)).toEqual([]);
    expect(acknowledgments(app).filter((a) => a.startsWith('AwsSolutions-RDS11'))).toEqual([]);
  });

  test('ECS Exec\'s logging to every log group (CDK without the reduceEc2FargateCloudWatchPermissions flag) is reported, not acknowledged', () => {
    const { app } = fullService(LoadBalancerExposure.NONE, {});
    expect(nagErrors(app)).toEqual(['AwsSolutions-IAM5[Resource::*] at Stack/Service/TaskRole/DefaultPolicy/Resource']);
  });
});
