import { Duration, Token } from 'aws-cdk-lib';

/*
 * Values a synth can check: a token is only known at deploy time, so a
 * range check skips it (CloudFormation or the service checks it then).
 */

/** The number, or undefined when it is unset or a token. */
export function checkableNumber(value: number | undefined): number | undefined {
  return value === undefined || Token.isUnresolved(value) ? undefined : value;
}

/** The duration in seconds, or undefined when it is unset or a token. */
export function checkableSeconds(duration: Duration | undefined): number | undefined {
  return checkableNumber(duration?.toSeconds());
}
