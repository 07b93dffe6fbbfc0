import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Acknowledges cdk-nag (v3) findings on a construct and everything below it.
 * cdk-nag reads CDK's acknowledged-rules metadata, so the library needs no
 * dependency on cdk-nag; every acknowledgment carries its reason.
 */
export function acknowledgeNagFindings(scope: IConstruct, findings: { [ruleId: string]: string }): void {
  Validations.of(scope).acknowledge(...Object.entries(findings).map(([id, reason]) => ({ id, reason })));
}
