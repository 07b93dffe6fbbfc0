import { ImageHealthCheck } from '../image/image-build';
import { BuildInvocation } from '../image/invocation/build-invocation';
import { ContainerPlan, DatabaseField, ServicePlan } from '../image/service/service-plan';
import { POSTGRES_DATA_DIRECTORY } from '../model/pins';
import { Migrations } from '../model/service/migrations';
import { ServiceDatabase } from '../model/service/service-database';

/*
 * The services of compose.yaml, as plain objects, from the run-time plan
 * (image/service/service-plan.ts) that the ECS task definition renders too.
 * Only keys that docker-compose 1.29 and Compose v2 both accept
 * (test/engine/README.md, "Compose"): no `name:`, no depends_on `restart`,
 * no healthcheck `start_interval`, short-syntax ports, string values.
 */

/** The database's and Prometheus's service names. */
export const DATABASE_SERVICE = 'db';
export const PROMETHEUS_SERVICE = 'prometheus';
/** The named volume of the database's data. */
export const DATABASE_VOLUME = 'pgdata';
/** Where prometheus.yml is mounted (the official image's `--config.file`). */
const PROMETHEUS_CONFIG = '/etc/prometheus/prometheus.yml';
const PROMETHEUS_PORT = 9090;

/** Everything the services need, resolved and checked. @internal */
export interface ComposeModel {
  readonly plan: ServicePlan;
  readonly serviceName: string;
  /** The build section's source; undefined with `image`. */
  readonly invocation?: BuildInvocation;
  /** The build context relative to compose.yaml's directory ("." or "service"). */
  readonly context: string;
  readonly image?: string;
  readonly platform: string;
  readonly environment: { [name: string]: string };
  readonly databasePassword: string;
  readonly servicePublishedPort: number;
  /** The metrics port, when it is another than the service's. */
  readonly metricsPublishedPort?: number;
  readonly databasePublishedPort: number;
  readonly prometheusPublishedPort: number;
  readonly databaseImage: string;
  readonly prometheusImage: string;
}

type Service = { [key: string]: unknown };

const seconds = (n: number) => `${n}s`;
const published = (host: number, containerPort: number) => `127.0.0.1:${host}:${containerPort}`;

/** The services of the stack, in start order. @internal */
export function composeServices(m: ComposeModel): { [name: string]: Service } {
  const { plan } = m;
  return {
    ...(plan.database ? { [DATABASE_SERVICE]: databaseService(m, plan.database) } : {}),
    ...(plan.migrations ? { [Migrations.CONTAINER_NAME]: migrationsService(m, plan.migrations) } : {}),
    [m.serviceName]: appService(m),
    ...(plan.metrics ? { [PROMETHEUS_SERVICE]: prometheusService(m) } : {}),
  };
}

function appService(m: ComposeModel): Service {
  const service = m.plan.service;
  const ports = [published(m.servicePublishedPort, service.port!)];
  if (m.metricsPublishedPort !== undefined) ports.push(published(m.metricsPublishedPort, m.plan.metrics!.port));
  return {
    ...container(m, service),
    ports,
    healthcheck: service.healthCheck ? healthCheck(service.healthCheck) : { disable: true },
    depends_on: dependsOn(m, service),
  };
}

function migrationsService(m: ComposeModel, migrations: ContainerPlan): Service {
  return {
    ...container(m, migrations),
    command: migrations.command,
    // The image's HEALTHCHECK probes a server the one-shot does not run.
    healthcheck: { disable: true },
    ...(m.plan.database ? { depends_on: dependsOn(m, migrations) } : {}),
  };
}

/** What the service and its one-shot share: image, user, root file system, init, environment. */
function container(m: ComposeModel, plan: ContainerPlan): Service {
  const environment = { ...m.environment, ...connectionValues(m, plan) };
  return {
    ...(m.invocation ? { build: buildSection(m, m.invocation) } : { image: m.image }),
    platform: m.platform,
    user: plan.user.spec,
    // As ECS's initProcessEnabled: signals reach the binary, zombies are reaped.
    init: true,
    ...(plan.readonlyRootFilesystem ? { read_only: true } : {}),
    ...(plan.writablePaths.length > 0 ? { tmpfs: [...plan.writablePaths] } : {}),
    ...(Object.keys(environment).length > 0 ? { environment } : {}),
  };
}

function buildSection(m: ComposeModel, invocation: BuildInvocation): Service {
  return {
    context: m.context,
    dockerfile: invocation.dockerfileName,
    ...(invocation.target !== undefined ? { target: invocation.target } : {}),
    ...(Object.keys(invocation.buildArgs).length > 0 ? { args: { ...invocation.buildArgs } } : {}),
    ...(invocation.networkMode !== undefined ? { network: invocation.networkMode } : {}),
  };
}

/** The connection variables with the local stack's values. */
function connectionValues(m: ComposeModel, plan: ContainerPlan): { [name: string]: string } {
  const database = m.plan.database;
  if (!database) return {};
  const values: { [field in DatabaseField]: string } = {
    [DatabaseField.HOST]: DATABASE_SERVICE,
    [DatabaseField.PORT]: String(database.port),
    [DatabaseField.DATABASE_NAME]: database.databaseName,
    [DatabaseField.USERNAME]: database.username,
    [DatabaseField.PASSWORD]: m.databasePassword,
    // The local server has no certificate; on AWS it is `require`.
    [DatabaseField.SSL_MODE]: 'disable',
  };
  return Object.fromEntries(plan.databaseVariables.map((v) => [v.name, values[v.field]]));
}

function dependsOn(m: ComposeModel, plan: ContainerPlan): Service {
  return {
    ...(m.plan.database ? { [DATABASE_SERVICE]: { condition: 'service_healthy' } } : {}),
    ...Object.fromEntries(plan.dependsOnSuccess.map((name) => [name, { condition: 'service_completed_successfully' }])),
  };
}

/** The image's own check (the exec form Docker and ECS run), with its timing. */
function healthCheck(check: ImageHealthCheck): Service {
  return {
    test: ['CMD', ...check.command],
    interval: seconds(check.intervalSeconds),
    timeout: seconds(check.timeoutSeconds),
    start_period: seconds(check.startPeriodSeconds),
    retries: check.retries,
  };
}

function databaseService(m: ComposeModel, database: ServiceDatabase): Service {
  const port = database.port;
  return {
    image: m.databaseImage,
    // The official image's defaults listen on 5432; another port is the server's own setting.
    ...(port !== 5432 ? { command: ['postgres', '-c', `port=${port}`] } : {}),
    environment: {
      POSTGRES_USER: database.username,
      POSTGRES_PASSWORD: m.databasePassword,
      POSTGRES_DB: database.databaseName,
    },
    volumes: [`${DATABASE_VOLUME}:${POSTGRES_DATA_DIRECTORY}`],
    ports: [published(m.databasePublishedPort, port)],
    healthcheck: {
      // Over TCP: while the image initialises a new volume, its server listens on the socket only.
      test: ['CMD', 'pg_isready', '-h', '127.0.0.1', '-p', String(port), '-U', database.username, '-d', database.databaseName],
      interval: '2s',
      timeout: '5s',
      retries: 30,
    },
  };
}

function prometheusService(m: ComposeModel): Service {
  return {
    image: m.prometheusImage,
    volumes: [`./prometheus.yml:${PROMETHEUS_CONFIG}:ro`],
    ports: [published(m.prometheusPublishedPort, PROMETHEUS_PORT)],
    healthcheck: {
      test: ['CMD', 'wget', '-q', '-O', '/dev/null', `http://127.0.0.1:${PROMETHEUS_PORT}/-/ready`],
      interval: '5s',
      timeout: '3s',
      retries: 12,
    },
    depends_on: { [m.serviceName]: { condition: 'service_started' } },
  };
}

/** prometheus.yml: one job that scrapes the service by its compose host name. @internal */
export function prometheusConfig(m: ComposeModel): object {
  const metrics = m.plan.metrics!;
  return {
    global: { scrape_interval: seconds(metrics.scrapeIntervalSeconds) },
    scrape_configs: [{
      job_name: m.serviceName,
      metrics_path: metrics.path,
      static_configs: [{ targets: [`${m.serviceName}:${metrics.port}`] }],
    }],
  };
}
