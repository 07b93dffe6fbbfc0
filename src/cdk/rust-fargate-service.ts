import { Annotations, Duration } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { checkableNumber, checkableSeconds } from './checkable';
import { prepareExecuteCommand } from './execute-command';
import { LoadBalancerExposure } from './load-balancer-exposure';
import { RustFargateServiceProps } from './rust-fargate-service-props';
import { checkSecurityGroupsVpc } from './security-group-vpc';
import { addServiceLoadBalancer } from './service-load-balancer';
import { SERVICE_PORT_NAME } from './task-definition-container';
import { newTaskRoles } from './task-roles';
import { inConstruct, invalidProps } from '../core/errors';
import { assertInteger, assertSeconds } from '../core/numbers';
import { WARNING_IDS } from '../image/build-warning';

/**
 * A Fargate service for one RustServiceImage: a task definition on the
 * image's CPU architecture, the container configured from the image (health
 * check, user, port, read-only root file system with a writable /tmp, init
 * process, logs), a deployment circuit breaker with rollback, autoscaling on
 * CPU (and on requests per target behind a load balancer), Fargate Spot on
 * request, optionally a public or internal Application Load Balancer that
 * probes the image's health check path (with a domain name and certificate),
 * and Service Connect or Cloud Map for service-to-service calls. Passes
 * cdk-nag's AwsSolutions checks.
 *
 * @example
 * const image = new rust.RustServiceImage(this, 'Image', {
 *   crateDirectory: path.join(__dirname, 'service'),
 *   architecture: Architecture.ARM64,
 * });
 * new rust.RustFargateService(this, 'Service', {
 *   image,
 *   loadBalancer: rust.LoadBalancerExposure.PUBLIC,
 * });
 */
export class RustFargateService extends Construct {
  /** The cluster the service runs in. */
  public readonly cluster: ecs.ICluster;
  /** The task definition. */
  public readonly taskDefinition: ecs.FargateTaskDefinition;
  /** The service container. */
  public readonly container: ecs.ContainerDefinition;
  /** The ECS service. */
  public readonly service: ecs.FargateService;
  /** The autoscaling of the task count. */
  public readonly scaling: ecs.ScalableTaskCount;
  /**
   * The load balancer.
   *
   * @default - none, unless `loadBalancer` is PUBLIC or INTERNAL
   */
  public readonly loadBalancer?: elbv2.ApplicationLoadBalancer;
  /**
   * The load balancer's listener (HTTPS on 443 with a certificate, else HTTP on 80).
   *
   * @default - none, unless `loadBalancer` is PUBLIC or INTERNAL
   */
  public readonly listener?: elbv2.ApplicationListener;
  /**
   * The service's target group.
   *
   * @default - none, unless `loadBalancer` is PUBLIC or INTERNAL
   */
  public readonly targetGroup?: elbv2.ApplicationTargetGroup;
  /**
   * The bucket that receives the load balancer's access logs.
   *
   * @default - none, unless `loadBalancer` is PUBLIC or INTERNAL
   */
  public readonly accessLogsBucket?: s3.IBucket;
  /**
   * The certificate of the HTTPS listener.
   *
   * @default - none, unless `certificate` or `domainName` is set
   */
  public readonly certificate?: acm.ICertificate;
  /**
   * The alias record of `domainName`.
   *
   * @default - none, unless `domainName` is set
   */
  public readonly dnsRecord?: route53.ARecord;

  constructor(scope: Construct, id: string, props: RustFargateServiceProps) {
    super(scope, id);
    try {
      validate(props);
      const image = props.image;
      const exposure = props.loadBalancer ?? LoadBalancerExposure.NONE;
      const withLoadBalancer = exposure !== LoadBalancerExposure.NONE;
      const retention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
      this.cluster = props.cluster ?? new ecs.Cluster(this, 'Cluster', {
        vpc: props.vpc ?? this.newVpc(retention),
        containerInsightsV2: ecs.ContainerInsights.ENABLED,
        enableFargateCapacityProviders: true,
        ...(props.serviceConnect && props.serviceConnect.namespace === undefined
          ? { defaultCloudMapNamespace: { name: 'internal', useForServiceConnect: true } } : {}),
      });

      checkSecurityGroupsVpc(this.cluster.vpc, props.securityGroups ?? []);

      this.taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
        cpu: props.cpu ?? 256,
        memoryLimitMiB: props.memoryLimitMiB ?? 512,
        runtimePlatform: image.runtimePlatform,
        ephemeralStorageGiB: props.ephemeralStorageGiB,
        ...newTaskRoles(this),
      });
      this.container = image.addToTaskDefinition(this.taskDefinition, props);
      if (props.enableExecuteCommand) {
        prepareExecuteCommand(this, image.imageBuild, image.node.path, this.taskDefinition, this.container, props);
      }

      const desiredCount = props.desiredCount ?? 2;
      const minCapacity = props.minCapacity ?? desiredCount;
      const check = image.imageBuild.healthCheck;
      const grace = props.healthCheckGracePeriod
        ?? (withLoadBalancer ? Duration.seconds(Math.max(30, check ? check.startPeriodSeconds + check.intervalSeconds * check.retries : 0))
          : undefined);
      this.service = new ecs.FargateService(this, 'Service', {
        cluster: this.cluster,
        taskDefinition: this.taskDefinition,
        desiredCount,
        serviceName: props.serviceName,
        vpcSubnets: props.taskSubnets,
        securityGroups: props.securityGroups,
        assignPublicIp: props.assignPublicIp ?? false,
        platformVersion: props.platformVersion,
        capacityProviderStrategies: props.spot
          ? [{ capacityProvider: 'FARGATE', base: minCapacity, weight: 1 }, { capacityProvider: 'FARGATE_SPOT', weight: 3 }]
          : props.capacityProviderStrategies,
        circuitBreaker: { enable: true, rollback: true },
        minHealthyPercent: props.minHealthyPercent ?? 100,
        maxHealthyPercent: props.maxHealthyPercent ?? 200,
        healthCheckGracePeriod: grace,
        enableExecuteCommand: props.enableExecuteCommand,
        cloudMapOptions: props.cloudMapOptions,
        serviceConnectConfiguration: props.serviceConnect ? {
          ...(props.serviceConnect.namespace !== undefined ? { namespace: props.serviceConnect.namespace } : {}),
          services: [{
            portMappingName: SERVICE_PORT_NAME,
            discoveryName: props.serviceConnect.discoveryName ?? this.container.containerName,
            port: image.port,
          }],
        } : undefined,
        propagateTags: ecs.PropagatedTagSource.SERVICE,
      });
      this.scaling = this.service.autoScaleTaskCount({ minCapacity, maxCapacity: props.maxCapacity ?? 2 * minCapacity });
      this.scaling.scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: props.targetCpuUtilizationPercent ?? 70 });

      if (withLoadBalancer) {
        if (check?.path === undefined) {
          Annotations.of(this).addWarningV2(WARNING_IDS.loadBalancerHealthCheck,
            `The image's health check is not an HTTP check, so the load balancer probes "/" on port ${image.port}. Use HealthCheck.http('/health') on the image so the load balancer and ECS check the same endpoint.`);
        }
        this.certificate = props.certificate ?? (props.domainName !== undefined ? new acm.Certificate(this, 'Certificate', {
          domainName: props.domainName,
          validation: acm.CertificateValidation.fromDns(props.domainZone),
        }) : undefined);
        const lb = addServiceLoadBalancer(this, {
          vpc: this.cluster.vpc,
          exposure,
          service: this.service,
          containerName: this.container.containerName,
          port: image.port,
          healthCheck: check,
          certificate: this.certificate,
          redirectHttp: props.redirectHTTP ?? true,
          idleTimeout: props.idleTimeout,
          deregistrationDelay: props.deregistrationDelay ?? props.stopTimeout ?? Duration.seconds(30),
          accessLogsBucket: props.accessLogsBucket,
        });
        this.loadBalancer = lb.loadBalancer;
        this.listener = lb.listener;
        this.targetGroup = lb.targetGroup;
        this.accessLogsBucket = lb.accessLogsBucket;
        if (props.requestsPerTarget !== undefined) {
          this.scaling.scaleOnRequestCount('Requests', { requestsPerTarget: props.requestsPerTarget, targetGroup: lb.targetGroup });
        }
        if (props.domainName !== undefined && props.domainZone !== undefined) {
          this.dnsRecord = new route53.ARecord(this, 'DnsRecord', {
            zone: props.domainZone,
            recordName: props.domainName,
            target: route53.RecordTarget.fromAlias(new targets.LoadBalancerTarget(lb.loadBalancer)),
          });
        }
      }
    } catch (e) {
      throw inConstruct(e, this, 'RustFargateService');
    }
  }

  private newVpc(retention: logs.RetentionDays): ec2.Vpc {
    const flowLogs = new logs.LogGroup(this, 'FlowLogs', { retention });
    return new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      // One NAT gateway keeps the cost down; tasks in both zones share it.
      natGateways: 1,
      flowLogs: { FlowLogs: { destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs) } },
    });
  }
}

/** Props that contradict each other or the image, in the user's terms. */
function validate(props: RustFargateServiceProps): void {
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
