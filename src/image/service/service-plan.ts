import { invalidValue } from '../../core/errors';
import { RuntimeUser } from '../../model/runtime-user';
import { Migrations } from '../../model/service/migrations';
import { ServiceDatabase } from '../../model/service/service-database';
import { ServiceStackOptions } from '../../model/service/service-stack-options';
import { ImageBuild, ImageHealthCheck } from '../image-build';

/*
 * What a service and its one-shot need at run time, decided once from the
 * image and the service stack options; the ECS task definition and the local
 * compose file both render this plan, so ordering, users, writable paths,
 * ports and variable names cannot drift apart.
 */

/** Which part of the connection a database variable carries. Values are the keys of an RDS-generated secret. */
export enum DatabaseField {
  HOST = 'host',
  PORT = 'port',
  DATABASE_NAME = 'dbname',
  USERNAME = 'username',
  PASSWORD = 'password',
  /** Not in a secret: `require` on AWS, `disable` locally. */
  SSL_MODE = 'sslmode',
}

/** One connection variable: its name and the part of the connection it carries. */
export interface ConnectionVariable {
  readonly name: string;
  readonly field: DatabaseField;
}

/** One container of the plan. */
export interface ContainerPlan {
  /** The arguments after the image's entrypoint (the binary); undefined: the image's own. */
  readonly command?: string[];
  readonly user: RuntimeUser;
  readonly readonlyRootFilesystem: boolean;
  /** Paths that must stay writable (a tmpfs locally, a task-local volume on Fargate). */
  readonly writablePaths: string[];
  /** The port the container listens on (the service only). */
  readonly port?: number;
  /** The container's health check (the service only). */
  readonly healthCheck?: ImageHealthCheck;
  /** Whether the task (or stack) fails when this container stops. */
  readonly essential: boolean;
  /** Containers of the plan that must have exited 0 before this one starts. */
  readonly dependsOnSuccess: string[];
  /** The database connection, when the service has a database. */
  readonly databaseVariables: ConnectionVariable[];
}

/** The metrics endpoint as scraped. */
export interface MetricsPlan {
  readonly path: string;
  readonly port: number;
  readonly scrapeIntervalSeconds: number;
}

/** The service, its migrations and what they need. */
export interface ServicePlan {
  readonly service: ContainerPlan;
  /** The migrations one-shot (named `Migrations.CONTAINER_NAME`). */
  readonly migrations?: ContainerPlan;
  readonly migrationsTimeoutSeconds?: number;
  readonly database?: ServiceDatabase;
  readonly metrics?: MetricsPlan;
  /** Variable names the plan sets itself (PORT and the connection): the user's environment and secrets may not use them. */
  readonly reservedVariables: string[];
}

/** The connection variables of a database, in a fixed order. */
export function connectionVariables(database: ServiceDatabase): ConnectionVariable[] {
  const v = database.variables;
  return [
    { name: v.host, field: DatabaseField.HOST },
    { name: v.port, field: DatabaseField.PORT },
    { name: v.databaseName, field: DatabaseField.DATABASE_NAME },
    { name: v.username, field: DatabaseField.USERNAME },
    { name: v.password, field: DatabaseField.PASSWORD },
    { name: v.sslMode, field: DatabaseField.SSL_MODE },
  ];
}

/** The run-time plan of `build` with `options` (database, migrations, metrics). */
export function servicePlanOf(build: ImageBuild, options: ServiceStackOptions = {}): ServicePlan {
  const { database, migrations, metrics } = options;
  if (database !== undefined && !(database instanceof ServiceDatabase)) {
    throw invalidValue('database', database, 'expected a ServiceDatabase', 'Use ServiceDatabase.postgres({...}).');
  }
  if (migrations !== undefined && !(migrations instanceof Migrations)) {
    throw invalidValue('migrations', migrations, 'expected Migrations', 'Use Migrations.serviceBinary([...]).');
  }
  const databaseVariables = database ? connectionVariables(database) : [];
  const writablePaths = build.readonlyRootFilesystem ? ['/tmp'] : [];
  const common = { user: build.user, readonlyRootFilesystem: build.readonlyRootFilesystem, writablePaths, databaseVariables };
  const migrationsPlan: ContainerPlan | undefined = migrations && {
    ...common,
    command: [...migrations.command],
    essential: false,
    dependsOnSuccess: [],
  };
  const service: ContainerPlan = {
    ...common,
    port: build.port,
    healthCheck: build.healthCheck,
    essential: true,
    dependsOnSuccess: migrationsPlan ? [Migrations.CONTAINER_NAME] : [],
  };
  const metricsPlan = metrics && { path: metrics.path, port: metrics.portFor(build.port), scrapeIntervalSeconds: metrics.scrapeIntervalSeconds };
  return {
    service,
    migrations: migrationsPlan,
    migrationsTimeoutSeconds: migrations?.timeoutSeconds,
    database,
    metrics: metricsPlan,
    reservedVariables: ['PORT', ...databaseVariables.map((v) => v.name)],
  };
}

/**
 * Fails when a variable name the user passes (`prop`, e.g. `environment` or
 * `secrets`) is one the plan sets itself, or when the user's environment and
 * secrets name the same variable.
 */
export function assertOwnVariables(plan: ServicePlan, environment: string[], secrets: string[]): void {
  for (const [prop, names] of [['environment', environment], ['secrets', secrets]] as const) {
    for (const name of names) {
      if (plan.reservedVariables.includes(name)) {
        const owner = name === 'PORT' ? 'the image\'s port' : 'the database connection (ServiceDatabase.VARIABLES)';
        throw invalidValue(`${prop}.${name}`, name, `${name} is set from ${owner}, and a second value would silently replace it`, name === 'PORT' ? 'Set the port on the image instead.' : 'Remove it: the service gets the connection from the database option, on AWS and locally.');
      }
    }
  }
  const both = environment.filter((name) => secrets.includes(name));
  if (both.length > 0) {
    throw invalidValue('secrets', both, `${both.join(', ')} ${both.length === 1 ? 'is' : 'are'} both a plain environment variable and a secret, and ECS refuses a task definition with both`, 'Keep each name in either environment or secrets.');
  }
}
