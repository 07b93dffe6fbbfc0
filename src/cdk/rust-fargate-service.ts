import { Annotations, Duration } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { checkDatabaseOptions } from './database-instance';
import { prepareExecuteCommand } from './execute-command';
import { captureFailedMigrations } from './failed-migrations';
import { LoadBalancerExposure } from './load-balancer-exposure';
import { validateFargateServiceProps } from './rust-fargate-service-checks';
import { RustFargateServiceProps } from './rust-fargate-service-props';
import { IRustServiceDatabase, RustServiceDatabase } from './rust-service-database';
import { checkSecurityGroupsVpc } from './security-group-vpc';
import { addServiceAlarms } from './service-alarms';
import { addServiceContainers } from './service-containers';
import { addServiceLoadBalancer } from './service-load-balancer';
import { serviceStackOptionsOf } from './service-stack-props';
import { SERVICE_PORT_NAME } from './task-definition-container';
import { newTaskRoles } from './task-roles';
import { inConstruct } from '../core/errors';
import { WARNING_IDS } from '../image/build-warning';
import { servicePlanOf } from '../image/service/service-plan';

/**
 * A Fargate service for one RustServiceImage: a task definition on the
 * image's CPU architecture, the container configured from the image (health
 * check, user, port, read-only root file system with a writable /tmp, init
 * process, logs), a deployment circuit breaker with rollback, autoscaling on
 * CPU (and on requests per target behind a load balancer), Fargate Spot on
 * request, optionally a public or internal Application Load Balancer that
 * probes the image's health check path (with a domain name and certificate),
 * and Service Connect or Cloud Map for service-to-service calls. With
 * `database`, a PostgreSQL database on RDS (new, or `existingDatabase`)
 * whose credentials reach the container as ECS secrets; with `migrations`,
 * a one-shot container that must succeed before the service container
 * starts; with `metrics`, a collector sidecar that ships the service's
 * Prometheus metrics to CloudWatch; with `alarms`, alarms and a dashboard.
 * Passes cdk-nag's AwsSolutions checks.
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
  /**
   * The service's database: the new one, or `existingDatabase`.
   *
   * @default - none, unless `database` or `existingDatabase` is set
   */
  public readonly database?: IRustServiceDatabase;
  /**
   * The migrations container, which the service container waits for.
   *
   * @default - none, unless `migrations` is set
   */
  public readonly migrationsContainer?: ecs.ContainerDefinition;
  /**
   * The metrics collector sidecar.
   *
   * @default - none, unless `metrics` is set
   */
  public readonly metricsCollector?: ecs.ContainerDefinition;
  /** The CloudWatch namespace of the service's own metrics (the collector's, and FailedMigrations). */
  public readonly metricsNamespace: string;
  /** The alarms (none without `alarms`). */
  public readonly alarms: cloudwatch.Alarm[];
  /**
   * The dashboard.
   *
   * @default - none, unless `alarms` is set (and its `dashboard` is not false)
   */
  public readonly dashboard?: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: RustFargateServiceProps) {
    super(scope, id);
    try {
      validateFargateServiceProps(props);
      const image = props.image;
      const exposure = props.loadBalancer ?? LoadBalancerExposure.NONE;
      const withLoadBalancer = exposure !== LoadBalancerExposure.NONE;
      const retention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
      const stackOptions = serviceStackOptionsOf(props);
      const withNewDatabase = stackOptions.database !== undefined && props.existingDatabase === undefined;
      this.cluster = props.cluster ?? new ecs.Cluster(this, 'Cluster', {
        vpc: props.vpc ?? this.newVpc(retention, withNewDatabase),
        containerInsightsV2: ecs.ContainerInsights.ENABLED,
        enableFargateCapacityProviders: true,
        ...(props.serviceConnect && props.serviceConnect.namespace === undefined
          ? { defaultCloudMapNamespace: { name: 'internal', useForServiceConnect: true } } : {}),
      });

      checkSecurityGroupsVpc(this.cluster.vpc, props.securityGroups ?? []);
      if (withNewDatabase) checkDatabaseOptions(this.cluster.vpc, props.newDatabase ?? {}, 'newDatabase.', props.cluster ? 'cluster' : 'vpc');

      this.taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
        cpu: props.cpu ?? 256,
        memoryLimitMiB: props.memoryLimitMiB ?? 512,
        runtimePlatform: image.runtimePlatform,
        ephemeralStorageGiB: props.ephemeralStorageGiB,
        ...newTaskRoles(this),
      });
      const plan = servicePlanOf(image.imageBuild, stackOptions);
      this.database = props.existingDatabase ?? (withNewDatabase
        ? new RustServiceDatabase(this, 'Database', { ...props.newDatabase, vpc: this.cluster.vpc, database: stackOptions.database }) : undefined);
      const containers = addServiceContainers(this, this.taskDefinition, plan, props, this.database, retention);
      this.container = containers.container;
      this.migrationsContainer = containers.migrations;
      this.metricsCollector = containers.collector;
      this.metricsNamespace = containers.namespace;
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
      if (this.database) {
        const port = this.database.connections.defaultPort ?? ec2.Port.tcp(this.database.database.port);
        this.database.connections.allowFrom(this.service, port, `${this.node.path}: the service and its migrations`);
        if (this.database instanceof RustServiceDatabase) this.database._grantIamConnect(this.taskDefinition.taskRole);
      }
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
      const failedMigrations = props.alarms && plan.migrations
        ? captureFailedMigrations(this, { cluster: this.cluster, taskDefinition: this.taskDefinition, namespace: this.metricsNamespace, retention })
        : undefined;
      const monitoring = props.alarms
        && addServiceAlarms(this, { service: this.service, targetGroup: this.targetGroup, failedMigrations: failedMigrations?.metric }, props.alarms);
      this.alarms = monitoring?.alarms ?? [];
      this.dashboard = monitoring?.dashboard;
    } catch (e) {
      throw inConstruct(e, this, 'RustFargateService');
    }
  }

  private newVpc(retention: logs.RetentionDays, withDatabase: boolean): ec2.Vpc {
    const flowLogs = new logs.LogGroup(this, 'FlowLogs', { retention });
    return new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      // One NAT gateway keeps the cost down; tasks in both zones share it.
      natGateways: 1,
      flowLogs: { FlowLogs: { destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs) } },
      // The database's subnets have no route to or from the internet.
      ...(withDatabase ? {
        subnetConfiguration: [
          { name: 'Public', subnetType: ec2.SubnetType.PUBLIC },
          { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
          { name: 'Database', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
        ],
      } : {}),
    });
  }
}
