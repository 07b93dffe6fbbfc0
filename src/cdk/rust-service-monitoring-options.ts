import { Duration } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';

/**
 * Alarms on the service, to an optional SNS topic, and one dashboard with
 * their metrics. Each alarm fires after 3 of 5 one-minute periods breach
 * (failed migrations: at once).
 */
export interface RustServiceAlarmOptions {
  /**
   * The topic that gets each alarm's ALARM and OK notifications.
   *
   * @default - alarms without actions (visible in the console and the dashboard)
   */
  readonly topic?: sns.ITopic;
  /**
   * Alarm when more than this percentage of the requests the load balancer
   * forwards get a 5xx from the service (load balancer only).
   *
   * @default 5
   */
  readonly serverErrorPercent?: number;
  /**
   * Alarm when the 99th percentile of the target response time exceeds
   * this (load balancer only).
   *
   * @default Duration.seconds(1)
   */
  readonly latencyP99?: Duration;
  /**
   * Alarm when at least this many targets are unhealthy (load balancer only).
   *
   * @default 1
   */
  readonly unhealthyTasks?: number;
  /**
   * Alarm when the service's average CPU utilization exceeds this percentage.
   *
   * @default 80
   */
  readonly cpuPercent?: number;
  /**
   * Alarm when the service's average memory utilization exceeds this percentage.
   *
   * @default 80
   */
  readonly memoryPercent?: number;
  /**
   * Create a CloudWatch dashboard with the alarms' metrics.
   *
   * @default true
   */
  readonly dashboard?: boolean;
  /**
   * Name of the dashboard.
   *
   * @default - CloudFormation generates one
   */
  readonly dashboardName?: string;
}
