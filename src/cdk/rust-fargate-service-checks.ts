import { Duration } from 'aws-cdk-lib';
import { checkableNumber, checkableSeconds } from './checkable';
import { LoadBalancerExposure } from './load-balancer-exposure';
import { RustFargateServiceProps } from './rust-fargate-service-props';
import { checkAlarmOptions } from './service-alarms';
import { invalidProps } from '../core/errors';
import { assertInteger, assertSeconds } from '../core/numbers';

/** Props that contradict each other or the image, in the user's terms. */
export function validateFargateServiceProps(props: RustFargateServiceProps): void {
  if (props.cluster && props.vpc) {
    throw invalidProps('both cluster and vpc are set', 'Pass only cluster (its VPC is used), or only vpc (a new cluster is created in it).');
  }
  if (props.spot && props.capacityProviderStrategies) {
    throw invalidProps('both spot and capacityProviderStrategies are set', 'Pass spot: true for the default Spot mix, or your own capacityProviderStrategies.');
  }
  if (props.serviceConnect && props.cloudMapOptions) {
    throw invalidProps('both serviceConnect and cloudMapOptions are set', 'Choose Service Connect (recommended) or Cloud Map DNS registration.');
  }
  const withLoadBalancer = (props.loadBalancer ?? LoadBalancerExposure.NONE) !== LoadBalancerExposure.NONE;
  const needsLoadBalancer = (['certificate', 'domainName', 'domainZone', 'redirectHTTP', 'idleTimeout', 'deregistrationDelay', 'accessLogsBucket', 'requestsPerTarget', 'healthCheckGracePeriod'] as const)
    .filter((prop) => props[prop] !== undefined);
  if (!withLoadBalancer && needsLoadBalancer.length > 0) {
    throw invalidProps(`${needsLoadBalancer.join(', ')} only apply to a load balancer, and loadBalancer is NONE`, 'Set loadBalancer to LoadBalancerExposure.PUBLIC or INTERNAL, or remove them.');
  }
  const needsMetrics = (['metricsCollectorImage'] as const).filter((prop) => props[prop] !== undefined);
  if (props.metrics === undefined && needsMetrics.length > 0) {
    throw invalidProps(`${needsMetrics.join(', ')} only applies to the metrics collector, and metrics is not set`, 'Set metrics: ServiceMetrics.prometheus(), or remove it.');
  }
  if (props.alarms) checkAlarmOptions(props.alarms);
  if ((props.domainName === undefined) !== (props.domainZone === undefined)) {
    throw invalidProps('domainName and domainZone go together', 'The alias record and the certificate validation need both.');
  }
  const integers: Array<[keyof RustFargateServiceProps & string, number | undefined, number, number, string]> = [
    ['ephemeralStorageGiB', props.ephemeralStorageGiB, 21, 200, 'Fargate accepts 21 to 200 GiB; leave it unset for the default 20 GiB.'],
    ['minHealthyPercent', props.minHealthyPercent, 0, 100, 'Set e.g. 100 (never fewer tasks than desired during a deployment).'],
    ['maxHealthyPercent', props.maxHealthyPercent, 100, 400, 'Set e.g. 200.'],
    ['requestsPerTarget', props.requestsPerTarget, 1, 1000000, 'Set e.g. 1000 requests per target per minute.'],
    ['targetCpuUtilizationPercent', props.targetCpuUtilizationPercent, 10, 90, 'Set e.g. 70.'],
  ];
  for (const [prop, value, min, max, fix] of integers) {
    const checkable = checkableNumber(value);
    if (checkable !== undefined) assertInteger(checkable, min, max, prop, fix);
  }
  const durations: Array<[string, Duration | undefined, number, number]> = [
    ['idleTimeout', props.idleTimeout, 1, 4000],
    ['deregistrationDelay', props.deregistrationDelay, 0, 3600],
    ['healthCheckGracePeriod', props.healthCheckGracePeriod, 0, 2147483647],
  ];
  for (const [prop, value, min, max] of durations) {
    const seconds = checkableSeconds(value);
    if (seconds !== undefined) assertSeconds(seconds, min, max, prop, `Set ${prop} within that range.`);
  }
}
