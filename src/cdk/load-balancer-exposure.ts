/** Whether and how a RustFargateService is reachable through an Application Load Balancer. */
export enum LoadBalancerExposure {
  /** No load balancer: the service is reached another way (Service Connect, a queue...). */
  NONE = 'none',
  /** An internet-facing load balancer in public subnets, open to the internet. */
  PUBLIC = 'public',
  /** An internal load balancer in private subnets, open to the VPC's CIDR range. */
  INTERNAL = 'internal',
}
