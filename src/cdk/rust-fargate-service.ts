import { Annotations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { LoadBalancerExposure } from './load-balancer-exposure';
import { acknowledgeNagFindings } from './nag-acknowledgments';
import { RustFargateServiceProps } from './rust-fargate-service-props';
import { addServiceLoadBalancer } from './service-load-balancer';
import { WARNING_IDS } from '../image/build-warning';

/**
 * A Fargate service for one RustServiceImage: a task definition on the
 * image's CPU architecture, the container configured from the image (health
 * check, user, port, read-only root file system, init process, logs), a
 * deployment circuit breaker with rollback, CPU autoscaling and, optionally,
 * a public or internal Application Load Balancer that probes the image's
 * health check path. Passes cdk-nag's AwsSolutions checks.
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
  /** The CPU autoscaling of the task count. */
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

  constructor(scope: Construct, id: string, props: RustFargateServiceProps) {
    super(scope, id);
    const image = props.image;
    if (props.cluster && props.vpc) {
      throw new Error(`Invalid RustFargateService props for ${this.node.path}: both cluster and vpc are set. Pass only cluster (its VPC is used), or only vpc (a new cluster is created in it).`);
    }
    const retention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;
    this.cluster = props.cluster ?? new ecs.Cluster(this, 'Cluster', {
      vpc: props.vpc ?? this.newVpc(retention),
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });

    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      cpu: props.cpu ?? 256,
      memoryLimitMiB: props.memoryLimitMiB ?? 512,
      runtimePlatform: image.runtimePlatform,
    });
    this.container = image.addToTaskDefinition(this.taskDefinition, {
      containerName: props.containerName,
      logGroup: props.logGroup,
      logRetention: retention,
      streamPrefix: props.streamPrefix,
      environment: props.environment,
      secrets: props.secrets,
      readonlyRootFilesystem: props.readonlyRootFilesystem,
    });
    acknowledgeNagFindings(this.taskDefinition, {
      'AwsSolutions-IAM5[Resource::*]': 'The execution role needs ecr:GetAuthorizationToken to pull the image, and that action supports no resource-level permissions.',
    });

    const desiredCount = props.desiredCount ?? 2;
    this.service = new ecs.FargateService(this, 'Service', {
      cluster: this.cluster,
      taskDefinition: this.taskDefinition,
      desiredCount,
      serviceName: props.serviceName,
      vpcSubnets: props.vpcSubnets,
      assignPublicIp: false,
      circuitBreaker: { enable: true, rollback: true },
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      propagateTags: ecs.PropagatedTagSource.SERVICE,
    });
    const minCapacity = props.minCapacity ?? desiredCount;
    this.scaling = this.service.autoScaleTaskCount({ minCapacity, maxCapacity: props.maxCapacity ?? 2 * minCapacity });
    this.scaling.scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: props.targetCpuUtilizationPercent ?? 70 });

    const exposure = props.loadBalancer ?? LoadBalancerExposure.NONE;
    if (exposure !== LoadBalancerExposure.NONE) {
      const check = image.imageBuild.healthCheck;
      if (check?.path === undefined) {
        Annotations.of(this).addWarningV2(WARNING_IDS.loadBalancerHealthCheck,
          `The image's health check is not an HTTP check, so the load balancer probes "/" on port ${image.port}. Use HealthCheck.http('/health') on the image so the load balancer and ECS check the same endpoint.`);
      }
      const lb = addServiceLoadBalancer(this, {
        vpc: this.cluster.vpc,
        exposure,
        service: this.service,
        containerName: this.container.containerName,
        port: image.port,
        healthCheck: check,
        certificate: props.certificate,
        accessLogsBucket: props.accessLogsBucket,
      });
      this.loadBalancer = lb.loadBalancer;
      this.listener = lb.listener;
      this.targetGroup = lb.targetGroup;
      this.accessLogsBucket = lb.accessLogsBucket;
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
