import { libBinBuilder } from './render-expected';
import { DevImage, Migrations, ScratchRuntime, ServiceDatabase, ServiceMetrics } from '../../src';
import { assertOwnVariables, DatabaseField, servicePlanOf } from '../../src/image/service/service-plan';

const build = () => new ScratchRuntime({ port: 8080 }).compose(libBinBuilder());

describe('the service plan', () => {
  test('without options: the service alone, read-only with a writable /tmp, its port, user and health check', () => {
    const image = build();
    const plan = servicePlanOf(image);
    expect(plan.service).toEqual({
      user: image.user,
      readonlyRootFilesystem: true,
      writablePaths: ['/tmp'],
      port: 8080,
      healthCheck: image.healthCheck,
      essential: true,
      dependsOnSuccess: [],
      databaseVariables: [],
    });
    expect([plan.migrations, plan.database, plan.metrics, plan.reservedVariables]).toEqual([undefined, undefined, undefined, ['PORT']]);
  });

  test('with a database, migrations and metrics: the one-shot runs the same image first, both get the connection', () => {
    const plan = servicePlanOf(build(), {
      database: ServiceDatabase.postgres(),
      migrations: Migrations.serviceBinary(['migrate'], { timeoutSeconds: 120 }),
      metrics: ServiceMetrics.prometheus({ scrapeIntervalSeconds: 15 }),
    });
    const connection = [
      { name: 'PGHOST', field: DatabaseField.HOST },
      { name: 'PGPORT', field: DatabaseField.PORT },
      { name: 'PGDATABASE', field: DatabaseField.DATABASE_NAME },
      { name: 'PGUSER', field: DatabaseField.USERNAME },
      { name: 'PGPASSWORD', field: DatabaseField.PASSWORD },
      { name: 'PGSSLMODE', field: DatabaseField.SSL_MODE },
    ];
    expect(plan.migrations).toMatchObject({ command: ['migrate'], essential: false, dependsOnSuccess: [], databaseVariables: connection, readonlyRootFilesystem: true, writablePaths: ['/tmp'] });
    expect(plan.migrations?.port).toBeUndefined();
    expect(plan.migrations?.healthCheck).toBeUndefined();
    expect(plan.service).toMatchObject({ essential: true, dependsOnSuccess: ['migrations'], databaseVariables: connection });
    expect(plan.migrationsTimeoutSeconds).toBe(120);
    expect(plan.metrics).toEqual({ path: '/metrics', port: 8080, scrapeIntervalSeconds: 15 });
    expect(plan.reservedVariables).toEqual(['PORT', 'PGHOST', 'PGPORT', 'PGDATABASE', 'PGUSER', 'PGPASSWORD', 'PGSSLMODE']);
  });

  test('a writable root needs no writable paths', () => {
    const plan = servicePlanOf(new DevImage().compose(libBinBuilder()));
    expect([plan.service.readonlyRootFilesystem, plan.service.writablePaths]).toEqual([false, []]);
  });

  test('the user\'s variables may not take the plan\'s names, nor be both plain and secret', () => {
    const plan = servicePlanOf(build(), { database: ServiceDatabase.postgres() });
    expect(() => assertOwnVariables(plan, ['RUST_LOG'], ['API_KEY'])).not.toThrow();
    expect(() => assertOwnVariables(plan, ['PGHOST'], [])).toThrow(new Error('Invalid environment.PGHOST "PGHOST": PGHOST is set from the database connection (ServiceDatabase.VARIABLES), and a second value would silently replace it. Remove it: the service gets the connection from the database option, on AWS and locally.'));
    expect(() => assertOwnVariables(plan, [], ['PGPASSWORD'])).toThrow(/^Invalid secrets.PGPASSWORD "PGPASSWORD": PGPASSWORD is set from the database connection/);
    expect(() => assertOwnVariables(plan, [], ['PORT'])).toThrow(new Error('Invalid secrets.PORT "PORT": PORT is set from the image\'s port, and a second value would silently replace it. Set the port on the image instead.'));
    expect(() => assertOwnVariables(plan, ['TOKEN', 'MODE'], ['TOKEN'])).toThrow(new Error('Invalid secrets ["TOKEN"]: TOKEN is both a plain environment variable and a secret, and ECS refuses a task definition with both. Keep each name in either environment or secrets.'));
  });

  test('options of the wrong kind are refused', () => {
    expect(() => servicePlanOf(build(), { database: { engine: 'postgres' } as any })).toThrow(/^Invalid database \{"engine":"postgres"\}: expected a ServiceDatabase/);
    expect(() => servicePlanOf(build(), { migrations: ['migrate'] as any })).toThrow(/^Invalid migrations \["migrate"\]: expected Migrations/);
  });
});
