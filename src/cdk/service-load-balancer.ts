import { Duration, Names, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { LoadBalancerExposure } from './load-balancer-exposure';
import { acknowledgeNagFindings } from './nag-acknowledgments';
import { invalidValue } from '../core/errors';
import { ImageHealthCheck } from '../image/image-build';

/** What the load balancer in front of a service needs. */
export interface ServiceLoadBalancerOptions {
  readonly vpc: ec2.IVpc;
  readonly exposure: LoadBalancerExposure;
  readonly service: ecs.FargateService;
  readonly containerName: string;
  readonly port: number;
  /** The image's resolved health check; undefined when it has none. */
  readonly healthCheck?: ImageHealthCheck;
  readonly certificate?: acm.ICertificate;
  readonly redirectHttp: boolean;
  readonly idleTimeout?: Duration;
  readonly deregistrationDelay: Duration;
  readonly accessLogsBucket?: s3.IBucket;
}

/** The load balancer, its listener and the service's target group. */
export interface ServiceLoadBalancer {
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly listener: elbv2.ApplicationListener;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly accessLogsBucket: s3.IBucket;
}

/**
 * An Application Load Balancer in front of the service: access logs in an
 * SSL-only bucket, HTTPS with a redirect from HTTP when there is a
 * certificate, and a target group that probes the image's own health check.
 */
export function addServiceLoadBalancer(scope: Construct, options: ServiceLoadBalancerOptions): ServiceLoadBalancer {
  const isPublic = options.exposure === LoadBalancerExposure.PUBLIC;
  const stack = Stack.of(scope);
  if (Token.isUnresolved(stack.region)) {
    // The access log bucket policy names the region's ELB log delivery account.
    throw invalidValue('loadBalancer', options.exposure.toUpperCase(), `the stack ${stack.node.path} has no region, and the load balancer's access logs need one`, 'Set env: { region: \'eu-west-1\' } (or process.env.CDK_DEFAULT_REGION) on the stack; the account may stay unset.');
  }
  const loadBalancer = new elbv2.ApplicationLoadBalancer(scope, 'LoadBalancer', {
    vpc: options.vpc,
    internetFacing: isPublic,
    dropInvalidHeaderFields: true,
    idleTimeout: options.idleTimeout,
  });
  const accessLogsBucket = options.accessLogsBucket ?? accessLogBucket(scope);
  loadBalancer.logAccessLogs(accessLogsBucket);

  const certificate = options.certificate ? elbv2.ListenerCertificate.fromCertificateManager(options.certificate) : undefined;
  const listener = certificate
    ? loadBalancer.addListener('Https', { port: 443, certificates: [certificate], sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS, open: false })
    : loadBalancer.addListener('Http', { port: 80, open: false });
  const redirect = certificate && options.redirectHttp ? loadBalancer.addRedirect({ sourcePort: 80, targetPort: 443, open: false }) : undefined;
  addListenerAccess(loadBalancer, options.vpc, isPublic, [certificate ? 443 : 80, ...(redirect ? [80] : [])]);
  const healthPort = options.healthCheck?.port ?? options.port;
  const targetGroup = listener.addTargets('Service', {
    port: options.port,
    protocol: elbv2.ApplicationProtocol.HTTP,
    targets: [options.service.loadBalancerTarget({ containerName: options.containerName, containerPort: options.port })],
    healthCheck: targetGroupHealthCheckOf(options.healthCheck, options.port),
    deregistrationDelay: options.deregistrationDelay,
  });
  if (healthPort !== options.port) {
    options.service.connections.allowFrom(loadBalancer, ec2.Port.tcp(healthPort), 'Load balancer health check');
  }
  return { loadBalancer, listener, targetGroup, accessLogsBucket };
}

/**
 * The target group health check of an image health check: same path, port
 * and timing, within the ranges ALB accepts (interval 5-300 s, timeout 2-120 s
 * and shorter than the interval, thresholds 2-10). Other than an HTTP check,
 * the load balancer probes `/`.
 */
export function targetGroupHealthCheckOf(check: ImageHealthCheck | undefined, servicePort: number): elbv2.HealthCheck {
  if (check === undefined) {
    return { enabled: true, protocol: elbv2.Protocol.HTTP, path: '/', port: String(servicePort), healthyHttpCodes: '200-399' };
  }
  const interval = clamp(check.intervalSeconds, 5, 300);
  return {
    enabled: true,
    protocol: elbv2.Protocol.HTTP,
    path: check.path ?? '/',
    port: String(check.port),
    healthyHttpCodes: '200-399',
    interval: Duration.seconds(interval),
    timeout: Duration.seconds(Math.min(clamp(check.timeoutSeconds, 2, 120), interval - 1)),
    healthyThresholdCount: 2,
    unhealthyThresholdCount: clamp(check.retries, 2, 10),
  };
}

function accessLogBucket(scope: Construct): s3.Bucket {
  const bucket = new s3.Bucket(scope, 'AccessLogs', {
    // ALB access logs support SSE-S3 only.
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    lifecycleRules: [{ expiration: Duration.days(90) }],
    removalPolicy: RemovalPolicy.RETAIN,
  });
  acknowledgeNagFindings(bucket.node.defaultChild as s3.CfnBucket, {
    'AwsSolutions-S1': 'This bucket only receives the load balancer\'s access logs; logging access to it would need another log bucket, which would need one in turn.',
  });
  return bucket;
}

/**
 * Who may reach the listener ports: anyone (public) or the VPC (internal).
 * The rules live in a security group of their own, the only resource where
 * cdk-nag's AwsSolutions-EC23 is acknowledged: a rule you add to the load
 * balancer's connections also lands in its default group, where cdk-nag
 * still reports it.
 */
function addListenerAccess(loadBalancer: elbv2.ApplicationLoadBalancer, vpc: ec2.IVpc, isPublic: boolean, ports: number[]): void {
  const access = new ec2.SecurityGroup(loadBalancer, 'ListenerAccess', {
    vpc,
    description: `Listener ports of the load balancer ${Names.uniqueId(loadBalancer)}, ${isPublic ? 'from anyone' : 'from inside the VPC'}`,
    allowAllOutbound: false,
  });
  const peer = isPublic ? ec2.Peer.anyIpv4() : ec2.Peer.ipv4(vpc.vpcCidrBlock);
  for (const port of ports) {
    access.addIngressRule(peer, ec2.Port.tcp(port), isPublic ? `From anyone on port ${port}` : `From inside the VPC on port ${port}`);
  }
  loadBalancer.addSecurityGroup(access);
  acknowledgeNagFindings(access.node.defaultChild as ec2.CfnSecurityGroup, {
    'AwsSolutions-EC23': isPublic
      ? `A public load balancer accepts requests from the internet on its listener ports (${ports.join(', ')}) only; this security group holds only those rules, and the tasks accept traffic from the load balancer only.`
      : 'An internal load balancer accepts requests from its own VPC\'s CIDR range only; the rule cannot resolve that CloudFormation reference and reports it as open. This security group holds only those rules.',
  });
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
