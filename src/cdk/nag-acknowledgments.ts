import { CfnResource, Validations } from 'aws-cdk-lib';

/**
 * Acknowledges cdk-nag (v3) findings on one CloudFormation resource and
 * nothing else. cdk-nag honours CDK's acknowledged-rules metadata on a
 * resource and on every construct above it, so an acknowledgment on an L2
 * construct (a task definition, a load balancer) would also hide what a user
 * adds below it later; on the L1 resource it covers exactly that resource.
 * The resource must hold only what the reason is about: statements and rules
 * a user adds go elsewhere (see task-roles.ts and service-load-balancer.ts).
 *
 * Each id is a rule (`AwsSolutions-S1`) or one finding of a rule
 * (`AwsSolutions-IAM5[Resource::*]`). The library needs no dependency on
 * cdk-nag; every acknowledgment carries its reason.
 */
export function acknowledgeNagFindings(resource: CfnResource, findings: { [ruleOrFindingId: string]: string }): void {
  for (const [id, reason] of Object.entries(findings)) {
    if (id.split('::').length <= 2) {
      Validations.of(resource).acknowledge({ id, reason });
    } else {
      recordAcknowledgment(resource, id, reason);
    }
  }
}

/**
 * CDK's `acknowledge()` reserves `::` for one prefix, and refuses a finding
 * id with more (a managed policy's: `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:...]`),
 * which cdk-nag matches only whole. It is recorded in the same metadata
 * entry, the way `acknowledge()` records the others.
 */
function recordAcknowledgment(resource: CfnResource, id: string, reason: string): void {
  const key = Validations.ACKNOWLEDGED_RULES_METADATA_KEY;
  const entries = resource.node.metadata.filter((m) => m.type === key);
  const acknowledged = { ...(entries.length > 0 ? entries[entries.length - 1].data : {}), [id]: reason };
  resource.node.addMetadata(key, acknowledged);
}
