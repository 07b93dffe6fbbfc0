import { Duration } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { LoadBalancerExposure } from './load-balancer-exposure';
import { RustContainerOptions } from './rust-container-options';
import { RustDatabaseOptions } from './rust-database-options';
import { IRustServiceDatabase } from './rust-service-database';
import { IRustServiceImage } from './rust-service-image-interface';
import { RustServiceAlarmOptions } from './rust-service-monitoring-options';
import { ServiceStackOptions } from '../model/service/service-stack-options';

/**
 * Props of a RustFargateService: the service, its capacity, deployments,
 * networking, scaling, load balancer and service discovery, the container
 * options (`logRetention` also applies to a new VPC's flow logs and the
 * service's other log groups), and the service stack (`database`,
 * `migrations`, `metrics`: the same options the local stack renders) with
 * what only AWS has (a new or existing RDS database, the metrics
 * collector's namespace and image, alarms). Where
 * `ApplicationLoadBalancedFargateService` has the same option, the name and
 * meaning are the same.
 */
export interface RustFargateServiceProps extends RustContainerOptions, ServiceStackOptions {
  /** The service's image (a RustServiceImage, or a service of RustWorkspaceServices); its architecture, port, user and health check configure the task. */
  readonly image: IRustServiceImage;
  /**
   * The cluster to run in. Mutually exclusive with `vpc`.
   *
   * @default - a new cluster with Container Insights and the Fargate capacity providers in `vpc`
   */
  readonly cluster?: ecs.ICluster;
  /**
   * The VPC of the new cluster. Mutually exclusive with `cluster`.
   *
   * @default - a new VPC: 2 availability zones, 1 NAT gateway, flow logs to CloudWatch Logs
   */
  readonly vpc?: ec2.IVpc;
  /**
   * Subnets of the tasks.
   *
   * @default - the VPC's private subnets
   */
  readonly taskSubnets?: ec2.SubnetSelection;
  /**
   * Security groups of the tasks (the load balancer's rule to the service port is added to them).
   *
   * @default - a new security group
   */
  readonly securityGroups?: ec2.ISecurityGroup[];
  /**
   * Give the tasks public IP addresses (for tasks in public subnets without a NAT gateway).
   *
   * @default false
   */
  readonly assignPublicIp?: boolean;
  /**
   * CPU units of a task (256 = 0.25 vCPU).
   *
   * @default 256
   */
  readonly cpu?: number;
  /**
   * Memory of a task in MiB; must suit `cpu` (see the Fargate task sizes).
   *
   * @default 512
   */
  readonly memoryLimitMiB?: number;
  /**
   * Ephemeral storage of a task in GiB (21 to 200).
   *
   * @default - Fargate's 20 GiB
   */
  readonly ephemeralStorageGiB?: number;
  /**
   * Fargate platform version.
   *
   * @default - LATEST
   */
  readonly platformVersion?: ecs.FargatePlatformVersion;
  /**
   * Capacity provider strategies (FARGATE, FARGATE_SPOT). Mutually exclusive with `spot`.
   *
   * @default - FARGATE only, unless `spot` is set
   */
  readonly capacityProviderStrategies?: ecs.CapacityProviderStrategy[];
  /**
   * Run most tasks on Fargate Spot: `minCapacity` tasks (the on-demand base)
   * on FARGATE, the rest three to one on FARGATE_SPOT. The cluster must have
   * the Fargate capacity providers (a new cluster has them).
   *
   * @default false
   */
  readonly spot?: boolean;
  /**
   * Number of tasks at the first deployment.
   *
   * @default 2
   */
  readonly desiredCount?: number;
  /**
   * Lower limit on running tasks during a deployment, in percent of the desired count.
   *
   * @default 100
   */
  readonly minHealthyPercent?: number;
  /**
   * Upper limit on running tasks during a deployment, in percent of the desired count.
   *
   * @default 200
   */
  readonly maxHealthyPercent?: number;
  /**
   * How long ECS ignores failing load balancer and container health checks
   * after a task starts.
   *
   * @default - the image's health check start period plus its interval times its retries (at least 30 s)
   */
  readonly healthCheckGracePeriod?: Duration;
  /**
   * Allow `aws ecs execute-command` into the tasks. Interactive sessions
   * need a shell in the image: with scratch or distroless (no shell) this
   * warns (`cdk-rust-image:execWithoutShell`), since only the image's own
   * binaries can run. With a read-only root file system, the agent's paths
   * (`/managed-agents`, `/var/lib/amazon/ssm`, `/var/log/amazon/ssm`) get
   * writable task-local volumes (AWS documents Exec as unsupported on a
   * read-only root; these volumes are the workaround reported in
   * aws/containers-roadmap#1359).
   *
   * @default false
   */
  readonly enableExecuteCommand?: boolean;
  /**
   * Fewest tasks autoscaling keeps.
   *
   * @default - desiredCount
   */
  readonly minCapacity?: number;
  /**
   * Most tasks autoscaling starts.
   *
   * @default - twice minCapacity
   */
  readonly maxCapacity?: number;
  /**
   * Average CPU utilization that autoscaling aims for, in percent.
   *
   * @default 70
   */
  readonly targetCpuUtilizationPercent?: number;
  /**
   * Requests per target per minute that autoscaling aims for (needs a load balancer).
   *
   * @default - no request-count scaling
   */
  readonly requestsPerTarget?: number;
  /**
   * An Application Load Balancer in front of the service.
   *
   * @default LoadBalancerExposure.NONE
   */
  readonly loadBalancer?: LoadBalancerExposure;
  /**
   * Certificate for an HTTPS listener on 443.
   *
   * @default - with `domainName` and `domainZone`, a new DNS-validated certificate; else an HTTP listener on 80
   */
  readonly certificate?: acm.ICertificate;
  /**
   * Domain name of the service: an alias record to the load balancer in `domainZone`.
   *
   * @default - no DNS record
   */
  readonly domainName?: string;
  /**
   * Hosted zone of `domainName`.
   *
   * @default - none; required with `domainName`
   */
  readonly domainZone?: route53.IHostedZone;
  /**
   * With HTTPS, answer HTTP on port 80 with a redirect to HTTPS.
   *
   * @default true
   */
  readonly redirectHTTP?: boolean;
  /**
   * How long the load balancer keeps an idle connection (1 to 4000 s).
   *
   * @default Duration.seconds(60)
   */
  readonly idleTimeout?: Duration;
  /**
   * How long the load balancer lets a deregistered task finish in-flight
   * requests before ECS stops it (0 to 3600 s); keep it at least as long as
   * your slowest request, and `stopTimeout` at least as long as the
   * service's own graceful shutdown.
   *
   * @default - the container's stopTimeout (30 s)
   */
  readonly deregistrationDelay?: Duration;
  /**
   * Bucket for the load balancer's access logs (SSE-S3 encrypted).
   *
   * @default - a new SSL-only bucket that keeps logs for 90 days
   */
  readonly accessLogsBucket?: s3.IBucket;
  /**
   * Make the service reachable from other services of the cluster's
   * namespace with ECS Service Connect, as `http://<discoveryName>:<port>`.
   *
   * @default - no Service Connect
   */
  readonly serviceConnect?: RustServiceConnectOptions;
  /**
   * Register the tasks in AWS Cloud Map (DNS records) instead of Service Connect.
   *
   * @default - no Cloud Map registration
   */
  readonly cloudMapOptions?: ecs.CloudMapOptions;
  /**
   * Name of the ECS service.
   *
   * @default - CloudFormation generates one
   */
  readonly serviceName?: string;
  /**
   * How the new database for `database` is made (RDS for PostgreSQL). Not
   * with `existingDatabase`: a database cannot be both new and existing.
   *
   * @default - with `database` and without `existingDatabase`: a Multi-AZ db.t4g.micro with 20 GiB, deletion protection and 7 days of backups
   */
  readonly newDatabase?: RustDatabaseOptions;
  /**
   * A database the service uses instead of a new one: a
   * `RustServiceDatabase` that several services share, or one of yours
   * (`RustServiceDatabase.fromInstance()`, `fromCluster()`). The service's
   * security groups get an ingress rule on its port, and the execution role
   * may read its secret.
   *
   * @default - a new database when `database` is set
   */
  readonly existingDatabase?: IRustServiceDatabase;
  /**
   * The CloudWatch namespace of the service's own metrics: what the
   * collector ships (with `metrics`) and `FailedMigrations` (with
   * `migrations` and `alarms`).
   *
   * @default - `<stack name>/<container name>`
   */
  readonly metricsNamespace?: string;
  /**
   * The metrics collector's image (with `metrics`): the AWS Distro for
   * OpenTelemetry collector, or one built from it (it reads
   * `AOT_CONFIG_CONTENT` and has `/healthcheck`). Pin a digest here, e.g.
   * `ecs.ContainerImage.fromRegistry('public.ecr.aws/aws-observability/aws-otel-collector:v0.49.0@sha256:...')`.
   *
   * @default - the pinned ADOT collector from Amazon ECR Public (see the README's pins)
   */
  readonly metricsCollectorImage?: ecs.ContainerImage;
  /**
   * Alarms on the target group's 5xx rate, p99 latency and unhealthy tasks
   * (with a load balancer), on CPU and memory, and on failed migrations
   * (with `migrations`), to an optional SNS topic; and one dashboard.
   *
   * @default - no alarms and no dashboard
   */
  readonly alarms?: RustServiceAlarmOptions;
}

/** ECS Service Connect for a RustFargateService. */
export interface RustServiceConnectOptions {
  /**
   * The Cloud Map namespace (its name or ARN).
   *
   * @default - the cluster's default namespace; a new cluster gets `internal`
   */
  readonly namespace?: string;
  /**
   * The name other services call this one by.
   *
   * @default - the container name
   */
  readonly discoveryName?: string;
}
