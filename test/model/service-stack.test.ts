import * as fc from 'fast-check';
import { DatabaseEngine, Migrations, ServiceDatabase, ServiceMetrics } from '../../src';

describe('ServiceDatabase', () => {
  test('postgres() defaults: database and user "app", the pinned major, port 5432, libpq variables', () => {
    const db = ServiceDatabase.postgres();
    expect([db.engine, db.databaseName, db.username, db.majorVersion, db.port]).toEqual([DatabaseEngine.POSTGRES, 'app', 'app', '17', 5432]);
    expect(db.variables).toEqual({ host: 'PGHOST', port: 'PGPORT', databaseName: 'PGDATABASE', username: 'PGUSER', password: 'PGPASSWORD', sslMode: 'PGSSLMODE' });
  });

  test('options are kept', () => {
    const db = ServiceDatabase.postgres({ databaseName: 'tasks', username: 'task_api', majorVersion: '16', port: 6432 });
    expect([db.databaseName, db.username, db.majorVersion, db.port]).toEqual(['tasks', 'task_api', '16', 6432]);
  });

  test.each([
    [{ databaseName: 'Tasks' }, 'Invalid database databaseName "Tasks": expected a name of 1 to 63 lower-case letters, digits and "_", starting with a letter, such as "app". Change database databaseName to a name of 1 to 63 lower-case letters, digits and "_", starting with a letter, such as "app".'],
    [{ username: 'rdsadmin' }, 'Invalid database username "rdsadmin": RDS or PostgreSQL reserve this name. Choose another user name, such as "app".'],
    [{ username: 'pg_read_all_data' }, 'Invalid database username "pg_read_all_data": RDS or PostgreSQL reserve this name. Choose another user name, such as "app".'],
    [{ majorVersion: '12' }, 'Invalid database majorVersion "12": expected one of 13, 14, 15, 16, 17 (the majors RDS runs and the local image exists for). Use e.g. "17".'],
    [{ port: 80 }, 'Invalid database port 80: expected a whole number from 1150 to 65535. RDS accepts ports 1150 to 65535; leave it unset for 5432.'],
  ])('refuses %j', (options, message) => {
    expect(() => ServiceDatabase.postgres(options)).toThrow(new Error(message));
  });

  test('property: a name is accepted exactly when it is a lower-case identifier of at most 63 characters', () => {
    fc.assert(fc.property(fc.string({ maxLength: 80 }), (name) => {
      const valid = /^[a-z][a-z0-9_]{0,62}$/.test(name);
      let accepted = true;
      try {
        ServiceDatabase.postgres({ databaseName: name });
      } catch {
        accepted = false;
      }
      expect(accepted).toBe(valid);
    }), { numRuns: 500 });
  });
});

describe('Migrations', () => {
  test('serviceBinary() runs the binary with "migrate" by default', () => {
    expect(Migrations.serviceBinary().command).toEqual(['migrate']);
    expect(Migrations.serviceBinary(['db', 'up'], { timeoutSeconds: 90 })).toMatchObject({ command: ['db', 'up'], timeoutSeconds: 90 });
    expect(Migrations.CONTAINER_NAME).toBe('migrations');
  });

  test.each([
    [[], {}, 'Invalid migrations command []: the migrations need at least one argument, or the service itself would start. Pass the arguments that make your binary migrate and exit, e.g. ["migrate"].'],
    [['migrate', ''], {}, 'Invalid migrations command[1] "": an empty argument. Remove it, or pass the argument your binary expects.'],
    [['mig\nrate'], {}, 'Invalid migrations command[0] "mig\\nrate": it contains U+000A, a line break, control character or unpaired surrogate that would end or corrupt the generated instruction. Remove U+000A from migrations command[0].'],
    [['migrate'], { timeoutSeconds: 0 }, 'Invalid migrations timeoutSeconds 0: expected a whole number from 1 to 86400. Set the longest time your migrations may take, e.g. 120.'],
  ])('refuses %j %j', (args, options, message) => {
    expect(() => Migrations.serviceBinary(args, options)).toThrow(new Error(message));
  });
});

describe('ServiceMetrics', () => {
  test('prometheus() defaults: /metrics on the service port every 60 s', () => {
    const metrics = ServiceMetrics.prometheus();
    expect([metrics.path, metrics.port, metrics.scrapeIntervalSeconds, metrics.portFor(8080)]).toEqual(['/metrics', undefined, 60, 8080]);
    expect(ServiceMetrics.prometheus({ port: 9464 }).portFor(8080)).toBe(9464);
  });

  test.each([
    [{ path: 'metrics' }, 'Invalid metrics path "metrics": expected an absolute URL path without spaces, quotes or a query. Use a path such as "/metrics".'],
    [{ path: '/metrics?x=1' }, 'Invalid metrics path "/metrics?x=1": expected an absolute URL path without spaces, quotes or a query. Use a path such as "/metrics".'],
    [{ port: 0 }, 'Invalid metrics port 0: expected a whole number from 1 to 65535. Set metrics port to the port your service listens on, e.g. 8080.'],
    [{ scrapeIntervalSeconds: 5 }, 'Invalid metrics scrapeIntervalSeconds 5: expected a whole number from 10 to 300. Set e.g. 60.'],
  ])('refuses %j', (options, message) => {
    expect(() => ServiceMetrics.prometheus(options)).toThrow(new Error(message));
  });
});
