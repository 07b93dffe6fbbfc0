import { MetricsPlan } from '../image/service/service-plan';

/*
 * The ADOT collector's configuration, rendered as JSON (which its YAML
 * parser reads): the Prometheus receiver scrapes the service's endpoint on
 * the task's loopback, the awsemf exporter writes the samples as CloudWatch
 * embedded metric format to a log group, and nothing else listens but the
 * health check extension.
 */

/** The one port the collector listens on: its health check extension (what /healthcheck in its image asks). */
export const COLLECTOR_HEALTH_PORT = 13133;

/** What the collector scrapes and where it writes. */
export interface CollectorConfigOptions {
  readonly metrics: MetricsPlan;
  /** The CloudWatch namespace of the metrics. */
  readonly namespace: string;
  /** The log group the embedded metric format documents go to (a token is fine). */
  readonly logGroupName: string;
  /** The Prometheus job (and log stream) name. */
  readonly jobName: string;
}

/** The configuration as `AOT_CONFIG_CONTENT` takes it. */
export function collectorConfig(options: CollectorConfigOptions): string {
  const { metrics } = options;
  const config = {
    extensions: { health_check: { endpoint: `127.0.0.1:${COLLECTOR_HEALTH_PORT}` } },
    receivers: {
      prometheus: {
        config: {
          scrape_configs: [{
            job_name: options.jobName,
            scrape_interval: `${metrics.scrapeIntervalSeconds}s`,
            metrics_path: escapeExpansion(metrics.path),
            static_configs: [{ targets: [`127.0.0.1:${metrics.port}`] }],
          }],
        },
      },
    },
    processors: { batch: { timeout: '60s' } },
    exporters: {
      awsemf: {
        namespace: escapeExpansion(options.namespace),
        log_group_name: options.logGroupName,
        log_stream_name: options.jobName,
        // Each label set is one metric; rollups would multiply them.
        dimension_rollup_option: 'NoDimensionRollup',
      },
    },
    service: {
      extensions: ['health_check'],
      pipelines: { metrics: { receivers: ['prometheus'], processors: ['batch'], exporters: ['awsemf'] } },
      // The collector's own metrics would listen on 8888; nothing reads them.
      telemetry: { metrics: { level: 'none' } },
    },
  };
  return JSON.stringify(config);
}

/** The collector expands `${...}` in every value and reads `$$` as `$`. */
function escapeExpansion(value: string): string {
  return value.replace(/\$/g, '$$$$');
}
