import { Migrations } from './migrations';
import { ServiceDatabase } from './service-database';
import { ServiceMetrics } from './service-metrics';

/**
 * What a service needs around its container: a database, migrations that
 * run before it starts, a metrics endpoint. One value, rendered twice: on
 * AWS by `RustFargateService` (RDS, ECS secrets, a migrations container,
 * a collector sidecar, alarms) and locally by the compose stack
 * (PostgreSQL, a migrations one-shot, Prometheus), with the same variable
 * names, ordering and endpoints.
 */
export interface ServiceStackOptions {
  /**
   * The service's database.
   * @default - none
   */
  readonly database?: ServiceDatabase;
  /**
   * Migrations that must succeed before the service starts.
   * @default - none
   */
  readonly migrations?: Migrations;
  /**
   * The service's metrics endpoint.
   * @default - none
   */
  readonly metrics?: ServiceMetrics;
}
