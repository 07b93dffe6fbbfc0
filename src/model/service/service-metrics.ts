import { invalidValue } from '../../core/errors';
import { assertInteger, assertPort } from '../../core/numbers';

/** Options of a Prometheus metrics endpoint. */
export interface PrometheusMetricsOptions {
  /**
   * The HTTP path that answers Prometheus text exposition format.
   * @default '/metrics'
   */
  readonly path?: string;
  /**
   * The port of that path.
   * @default - the service port
   */
  readonly port?: number;
  /**
   * Seconds between scrapes (10 to 300).
   * @default 60
   */
  readonly scrapeIntervalSeconds?: number;
}

// Path characters of RFC 3986 (no query), no spaces or quotes.
const METRICS_PATH = /^\/[A-Za-z0-9\-._~!$&()*+,;=:@%/]*$/;

/**
 * The service's metrics: a Prometheus text endpoint it serves. On AWS a
 * collector sidecar scrapes it and ships it to CloudWatch; locally,
 * Prometheus scrapes it.
 *
 * @example
 * ServiceMetrics.prometheus();                               // GET /metrics on the service port
 * ServiceMetrics.prometheus({ port: 9464, scrapeIntervalSeconds: 30 });
 */
export class ServiceMetrics {
  /** A Prometheus text endpoint. */
  public static prometheus(options: PrometheusMetricsOptions = {}): ServiceMetrics {
    return new ServiceMetrics(options);
  }

  /** The path of the endpoint. */
  public readonly path: string;
  /**
   * The port of the endpoint.
   * @default - the service port
   */
  public readonly port?: number;
  /** Seconds between scrapes. */
  public readonly scrapeIntervalSeconds: number;

  private constructor(options: PrometheusMetricsOptions) {
    this.path = options.path ?? '/metrics';
    if (typeof this.path !== 'string' || this.path.length > 1024 || !METRICS_PATH.test(this.path)) {
      throw invalidValue('metrics path', this.path, 'expected an absolute URL path without spaces, quotes or a query', 'Use a path such as "/metrics".');
    }
    if (options.port !== undefined) assertPort(options.port, 'metrics port');
    this.port = options.port;
    this.scrapeIntervalSeconds = options.scrapeIntervalSeconds ?? 60;
    assertInteger(this.scrapeIntervalSeconds, 10, 300, 'metrics scrapeIntervalSeconds', 'Set e.g. 60.');
  }

  /** The port scraped, given the service port. */
  public portFor(servicePort: number): number {
    return this.port ?? servicePort;
  }
}
