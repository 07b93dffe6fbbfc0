import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { makeCrate } from './crate';
import { RustFargateService, RustServiceImage } from '../../src';
import { tempDir } from '../util';

function setup() {
  const app = new App({ outdir: tempDir('cdk-out-') });
  const stack = new Stack(app, 'Stack');
  const image = new RustServiceImage(stack, 'Image', { crateDirectory: makeCrate() });
  return { app, stack, image };
}

const FIX = 'Create the security group in the service\'s VPC (new ec2.SecurityGroup(this, \'TaskSg\', { vpc }) with the vpc or cluster.vpc you pass the service), or run the service in the security group\'s VPC.';

describe('securityGroups of another VPC than the service\'s', () => {
  test('a security group of another VPC of the app is refused at synth, naming both VPCs', () => {
    const { stack, image } = setup();
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
    const other = new ec2.Vpc(stack, 'Other', { natGateways: 0 });
    const securityGroups = [new ec2.SecurityGroup(stack, 'Here', { vpc }), new ec2.SecurityGroup(stack, 'There', { vpc: other })];
    expect(() => new RustFargateService(stack, 'Service', { image, vpc, securityGroups })).toThrow(new Error(
      'RustFargateService Stack/Service: Invalid securityGroups[1] "Stack/There": the security group belongs to the VPC Stack/Other, but the tasks run in the VPC Stack/Vpc (the cluster\'s): '
      + `the deployment would fail, since a service's security groups must be in the VPC of its subnets. ${FIX}`));
  });

  test('a security group of another VPC than the new one the service creates is refused', () => {
    const { stack, image } = setup();
    const sg = new ec2.SecurityGroup(stack, 'Sg', { vpc: new ec2.Vpc(stack, 'Other', { natGateways: 0 }) });
    expect(() => new RustFargateService(stack, 'Service', { image, securityGroups: [sg] }))
      .toThrow(/^RustFargateService Stack\/Service: Invalid securityGroups\[0\] "Stack\/Sg": the security group belongs to the VPC Stack\/Other, but the tasks run in the VPC Stack\/Service\/Vpc/);
  });

  test('an existing VPC\'s id against a VPC the app creates, and two different existing ids, are refused', () => {
    const { stack, image } = setup();
    const imported = ec2.Vpc.fromVpcAttributes(stack, 'Imported', { vpcId: 'vpc-0123', availabilityZones: ['eu-west-1a'], privateSubnetIds: ['subnet-1'] });
    const sg = new ec2.SecurityGroup(stack, 'Sg', { vpc: imported });
    expect(() => new RustFargateService(stack, 'New', { image, securityGroups: [sg] }))
      .toThrow(/the security group belongs to the VPC vpc-0123, but the tasks run in the VPC Stack\/New\/Vpc/);
    const another = ec2.Vpc.fromVpcAttributes(stack, 'Another', { vpcId: 'vpc-4567', availabilityZones: ['eu-west-1a'], privateSubnetIds: ['subnet-2'] });
    expect(() => new RustFargateService(stack, 'Existing', { image, vpc: another, securityGroups: [sg] }))
      .toThrow(/the security group belongs to the VPC vpc-0123, but the tasks run in the VPC vpc-4567/);
  });

  test('security groups of the service\'s VPC pass: given as vpc, through a cluster, across stacks, and by the same existing id', () => {
    const { app, stack, image } = setup();
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
    expect(() => new RustFargateService(stack, 'A', { image, vpc, securityGroups: [new ec2.SecurityGroup(stack, 'SgA', { vpc })] })).not.toThrow();
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
    expect(() => new RustFargateService(stack, 'B', { image, cluster, securityGroups: [new ec2.SecurityGroup(stack, 'SgB', { vpc })] })).not.toThrow();
    const consumer = new Stack(app, 'Consumer');
    const consumerImage = new RustServiceImage(consumer, 'Image', { crateDirectory: makeCrate() });
    expect(() => new RustFargateService(consumer, 'C', { image: consumerImage, cluster, securityGroups: [new ec2.SecurityGroup(consumer, 'SgC', { vpc })] })).not.toThrow();
    const existing = ec2.Vpc.fromVpcAttributes(stack, 'Existing', { vpcId: 'vpc-0123', availabilityZones: ['eu-west-1a'], privateSubnetIds: ['subnet-1'] });
    const sameId = ec2.Vpc.fromVpcAttributes(stack, 'SameId', { vpcId: 'vpc-0123', availabilityZones: ['eu-west-1a'], privateSubnetIds: ['subnet-1'] });
    expect(() => new RustFargateService(stack, 'D', { image, vpc: existing, securityGroups: [new ec2.SecurityGroup(stack, 'SgD', { vpc: sameId })] })).not.toThrow();
  });

  test('what synth cannot see passes: a security group imported by id, a VPC id from a parameter', () => {
    const { stack, image } = setup();
    const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0 });
    const imported = ec2.SecurityGroup.fromSecurityGroupId(stack, 'Imported', 'sg-0123');
    expect(() => new RustFargateService(stack, 'A', { image, vpc, securityGroups: [imported] })).not.toThrow();
    const fromParameter = ec2.Vpc.fromVpcAttributes(stack, 'Param', {
      vpcId: new CfnParameter(stack, 'VpcId').valueAsString, availabilityZones: ['eu-west-1a'], privateSubnetIds: ['subnet-1'],
    });
    expect(() => new RustFargateService(stack, 'B', { image, vpc, securityGroups: [new ec2.SecurityGroup(stack, 'Sg', { vpc: fromParameter })] })).not.toThrow();
  });
});
