import { Reference, Token, Tokenization } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { invalidValue } from '../core/errors';

/**
 * The VPC a VPC id names, when synth can tell: the VPC resource of this app
 * it refers to, or an existing VPC's literal id. Anything else (a parameter,
 * an import, an expression) is unknown.
 */
function vpcOf(vpcId: string): ec2.CfnVPC | string | undefined {
  if (!Token.isUnresolved(vpcId)) return vpcId;
  const fragments = Tokenization.reverseString(vpcId);
  const token = fragments.length === 1 ? fragments.firstToken : undefined;
  return token && Reference.isReference(token) && token.target instanceof ec2.CfnVPC ? token.target : undefined;
}

/** Two known VPCs that cannot be the same (a VPC this app creates never has an existing VPC's id). */
function different(a: ec2.CfnVPC | string | undefined, b: ec2.CfnVPC | string | undefined): boolean {
  return a !== undefined && b !== undefined && a !== b;
}

function describeVpc(vpc: ec2.CfnVPC | string): string {
  return typeof vpc === 'string' ? vpc : vpc.node.path.replace(/\/Resource$/, '');
}

/**
 * The service's security groups must belong to the VPC its tasks run in:
 * CloudFormation would accept the template and fail the service at deploy.
 * Refused at synth when both VPCs are known; a security group imported by id
 * (whose VPC synth cannot see) passes.
 */
export function checkSecurityGroupsVpc(vpc: ec2.IVpc, securityGroups: ec2.ISecurityGroup[]): void {
  const serviceVpc = vpcOf(vpc.vpcId);
  securityGroups.forEach((group, i) => {
    const resource = group.node.defaultChild;
    const groupVpc = resource instanceof ec2.CfnSecurityGroup && resource.vpcId !== undefined ? vpcOf(resource.vpcId) : undefined;
    if (different(serviceVpc, groupVpc)) {
      // Raised in the service's constructor, which names the service.
      throw invalidValue(`securityGroups[${i}]`, group.node.path, `the security group belongs to the VPC ${describeVpc(groupVpc!)}, `
        + `but the tasks run in the VPC ${describeVpc(serviceVpc!)} (the cluster's): the deployment would fail, since a service's security groups must be in the VPC of its subnets`,
      'Create the security group in the service\'s VPC (new ec2.SecurityGroup(this, \'TaskSg\', { vpc }) with the vpc or cluster.vpc you pass the service), or run the service in the security group\'s VPC.');
    }
  });
}
