import { invalidValue } from '../core/errors';
import { assertInteger, assertPort } from '../core/numbers';
import { assertSingleLine } from '../core/text';

/** Timing of a health check, shared by Docker, ECS and the load balancer. */
export interface HealthCheckOptions {
  /**
   * Port to probe.
   * @default - the service port
   */
  readonly port?: number;
  /**
   * Seconds between probes, 5 to 300 (the range ECS accepts).
   * @default 30
   */
  readonly intervalSeconds?: number;
  /**
   * Seconds before a probe counts as failed, 2 to 60.
   * @default 3
   */
  readonly timeoutSeconds?: number;
  /**
   * Seconds after start during which failures do not count, 0 to 300.
   * @default 5
   */
  readonly startPeriodSeconds?: number;
  /**
   * Consecutive failures before the container is unhealthy, 1 to 10.
   * @default 3
   */
  readonly retries?: number;
}

/** What a health check does. */
export enum HealthCheckKind {
  /** An HTTP GET that expects a 2xx or 3xx answer. */
  HTTP = 'http',
  /** A command inside the container (exec form) that exits 0 when healthy. */
  EXEC = 'exec',
  /** No health check. */
  NONE = 'none',
}

const RANGES: { [prop: string]: [number, number, number] } = {
  intervalSeconds: [5, 300, 30],
  timeoutSeconds: [2, 60, 3],
  startPeriodSeconds: [0, 300, 5],
  retries: [1, 10, 3],
};

// Path characters of RFC 3986 (path and query), no spaces or quotes.
const HTTP_PATH = /^\/[A-Za-z0-9\-._~!$&()*+,;=:@%/?]*$/;

/**
 * The service's health check. One value decides the Dockerfile `HEALTHCHECK`,
 * the ECS container health check (ECS ignores the image's own) and the load
 * balancer target group's health check path.
 *
 * @example
 * HealthCheck.http('/health', { intervalSeconds: 10 });
 * HealthCheck.exec(['/app/task-api', 'healthcheck']);
 * HealthCheck.none();
 */
export class HealthCheck {
  /** An HTTP GET on `path` that must answer 2xx or 3xx. */
  public static http(path: string, options: HealthCheckOptions = {}): HealthCheck {
    if (typeof path !== 'string' || path.length > 1024 || !HTTP_PATH.test(path)) {
      throw invalidValue('healthCheck path', path, 'expected an absolute URL path without spaces or quotes', 'Use a path such as "/health".');
    }
    return new HealthCheck(HealthCheckKind.HTTP, options, path, undefined);
  }

  /** Runs a command inside the container, e.g. the app's own `healthcheck` subcommand. */
  public static exec(command: string[], options: HealthCheckOptions = {}): HealthCheck {
    if (!Array.isArray(command) || command.length === 0 || command[0] === '') {
      throw invalidValue('healthCheck command', command, 'a command needs at least the program to run', 'Pass e.g. ["/app/task-api", "healthcheck"].');
    }
    command.forEach((arg, i) => assertSingleLine(arg, `healthCheck command[${i}]`));
    return new HealthCheck(HealthCheckKind.EXEC, options, undefined, [...command]);
  }

  /** No health check (Docker and ECS report no health). */
  public static none(): HealthCheck {
    return new HealthCheck(HealthCheckKind.NONE, {}, undefined, undefined);
  }

  /** Seconds between probes. */
  public readonly intervalSeconds: number;
  /** Seconds before a probe counts as failed. */
  public readonly timeoutSeconds: number;
  /** Seconds after start during which failures do not count. */
  public readonly startPeriodSeconds: number;
  /** Consecutive failures before the container is unhealthy. */
  public readonly retries: number;

  private constructor(
    /** What the check does. */
    public readonly kind: HealthCheckKind,
    options: HealthCheckOptions,
    /** HTTP path (HTTP checks only). */
    public readonly path: string | undefined,
    /** Command (EXEC checks only). */
    public readonly command: string[] | undefined,
    /** The explicit port, if one was given. */
    public readonly port: number | undefined = options.port,
  ) {
    if (options.port !== undefined) assertPort(options.port, 'healthCheck port');
    // The ranges ECS accepts for a container health check, which repeats this one.
    for (const [prop, [min, max, example]] of Object.entries(RANGES)) {
      const value = (options as Record<string, number | undefined>)[prop];
      if (value !== undefined) assertInteger(value, min, max, `healthCheck ${prop}`, `Set ${prop} to a value ECS accepts (${min} to ${max}), e.g. ${example}.`);
    }
    this.intervalSeconds = options.intervalSeconds ?? 30;
    this.timeoutSeconds = options.timeoutSeconds ?? 3;
    this.startPeriodSeconds = options.startPeriodSeconds ?? 5;
    this.retries = options.retries ?? 3;
  }

  /** The port probed, given the service port. */
  public portFor(servicePort: number): number {
    return this.port ?? servicePort;
  }

  /** The URL an in-container probe requests (HTTP checks only). */
  public urlFor(servicePort: number): string | undefined {
    return this.path === undefined ? undefined : `http://127.0.0.1:${this.portFor(servicePort)}${this.path}`;
  }
}
