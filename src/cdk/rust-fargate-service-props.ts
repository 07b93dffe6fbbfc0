import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { LoadBalancerExposure } from './load-balancer-exposure';
import { RustContainerOptions } from './rust-container-options';
import { RustServiceImage } from './rust-service-image';

/**
 * Props of a RustFargateService: the service, its scaling and load balancer,
 * and the container options (`logRetention` also applies to a new VPC's flow logs).
 */
export interface RustFargateServiceProps extends RustContainerOptions {
  /** The service's image; its architecture, port, user and health check configure the task. */
  readonly image: RustServiceImage;
  /**
   * The cluster to run in. Mutually exclusive with `vpc`.
   *
   * @default - a new cluster with Container Insights in `vpc`
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
  readonly vpcSubnets?: ec2.SubnetSelection;
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
   * Number of tasks at the first deployment.
   *
   * @default 2
   */
  readonly desiredCount?: number;
  /**
   * Fewest tasks CPU autoscaling keeps.
   *
   * @default - desiredCount
   */
  readonly minCapacity?: number;
  /**
   * Most tasks CPU autoscaling starts.
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
   * An Application Load Balancer in front of the service.
   *
   * @default LoadBalancerExposure.NONE
   */
  readonly loadBalancer?: LoadBalancerExposure;
  /**
   * Certificate for an HTTPS listener on 443 (HTTP on 80 then redirects to it).
   *
   * @default - an HTTP listener on port 80
   */
  readonly certificate?: elbv2.IListenerCertificate;
  /**
   * Bucket for the load balancer's access logs (SSE-S3 encrypted).
   *
   * @default - a new SSL-only bucket that keeps logs for 90 days
   */
  readonly accessLogsBucket?: s3.IBucket;
  /**
   * Name of the ECS service.
   *
   * @default - CloudFormation generates one
   */
  readonly serviceName?: string;
}
