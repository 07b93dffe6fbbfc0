/**
 * The task-service fixture as a PostgreSQL-backed service, in the scratch
 * image the library renders (read-only root, tmpfs /tmp, user 65532), against
 * a real PostgreSQL with TLS (task-service.ts: the postgres stand-in, or the
 * host's):
 *
 * - `task-api migrate` applies the embedded migrations once; a second run
 *   applies nothing; two runs started together while the advisory lock is
 *   held both wait, and each migration is applied once; a migration that
 *   fails (data that breaks its constraint) exits 1, is rolled back and not
 *   recorded, and the next run applies it; verify-full and required channel
 *   binding connect, a name the certificate lacks does not;
 * - the service keeps a task across a container restart; with PostgreSQL
 *   stopped, /health answers 200 "degraded" (Docker's HEALTHCHECK stays
 *   healthy) and the task routes 503; started again, the service recovers
 *   without a restart; /metrics counts what happened; SIGTERM exits 0.
 *
 * One image build (the cheap profile of taskServiceBuilder) pays for all of it.
 */
import { FAST_HEALTH_CHECK } from './task-api';
import { FIXTURE, MIGRATION_LOCK_KEY, Postgres, taskServiceBuilder, taskServicePostgres } from './task-service';
import {
  afterSuite, containerLogs, ContainerNetwork, copyFixture, describeWithEngine, freePort, getEngine, httpGet, httpRequest, HttpResponse,
  processUidGid, runContainer, stopContainer, tryBuildImage, waitForHttp200, waitHealthy,
} from '../../devtools/engine-harness';
import { ImageBuild, ScratchRuntime } from '../../src';

const TAG = 'cdk-rust-image-engine-test/task-service-db:scratch';

interface Migrate {
  readonly exitCode: number;
  readonly output: string;
  /** From the summary line "migrations: applied N, already applied M". */
  readonly applied?: number;
  readonly already?: number;
}

describeWithEngine('task-service with PostgreSQL: migrations, persistence, outage and metrics', () => {
  let pg: Postgres;
  let build: ImageBuild;
  let dir: string;
  /** The service's port on the host network, chosen before rendering: Docker's HEALTHCHECK probes it. */
  let port: number;
  const seconds: Record<string, number> = {};

  async function timed<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const t0 = Date.now();
    try {
      return await fn();
    } finally {
      seconds[name] = (Date.now() - t0) / 1000;
    }
  }

  beforeAll(async () => {
    pg = await timed('postgres', taskServicePostgres);
    afterSuite(() => pg.close());
    afterSuite(() => {
      // eslint-disable-next-line no-console
      console.log(`task-service-db seconds: ${Object.entries(seconds).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}`);
    });
    dir = copyFixture(FIXTURE);
    port = await freePort();
    build = new ScratchRuntime({ port, healthCheck: FAST_HEALTH_CHECK }).compose(taskServiceBuilder(dir));
    build.writeTo(dir);
    const result = await timed('build', () => tryBuildImage(dir, 'Dockerfile', TAG, { platform: build.platform }));
    if (!result.ok) throw new Error(`the task-service image did not build:\n${result.log.slice(-4000)}`);
  });


  /** `task-api migrate` in the image, as the library's one-shot would run it. */
  async function migrate(env: Record<string, string> = {}, dockerArgs: string[] = []): Promise<Migrate> {
    const r = await getEngine().docker([
      'run', '--rm', '--network', 'host', '--read-only',
      ...Object.entries({ ...pg.env, ...env }).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
      ...dockerArgs,
      TAG, 'migrate',
    ], { allowFailure: true });
    const output = r.stdout + r.stderr;
    const summary = /migrations: applied (\d+), already applied (\d+)/.exec(output);
    return { exitCode: r.exitCode, output, applied: summary ? Number(summary[1]) : undefined, already: summary ? Number(summary[2]) : undefined };
  }

  async function query(sql: string): Promise<string> {
    return (await pg.sql(sql)).stdout.trim();
  }

  test('migrate applies each migration once; a second run applies nothing', async () => {
    const first = await timed('migrate', () => migrate());
    expect({ exitCode: first.exitCode, applied: first.applied, already: first.already }).toEqual({ exitCode: 0, applied: 2, already: 0 });
    expect(first.output).toMatch(/applied migration 0001_create_tasks in \d+ ms\n(.*\n)?.*applied migration 0002_title_length in \d+ ms/);
    const second = await migrate();
    expect({ exitCode: second.exitCode, applied: second.applied, already: second.already }).toEqual({ exitCode: 0, applied: 0, already: 2 });
    expect(second.output).not.toMatch(/applied migration/);
    expect(await query('SELECT string_agg(version || \':\' || name, \',\' ORDER BY version) FROM schema_migrations')).toBe('1:create_tasks,2:title_length');
  });

  test('two runs started while the lock is held both wait, and each migration is applied once', async () => {
    await query('DROP TABLE tasks, schema_migrations');
    // A session holds the migrations' advisory lock until it is terminated.
    const holder = pg.sql(`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY}); SELECT pg_sleep(120)`, true);
    await until(async () => await query('SELECT count(*) FROM pg_locks WHERE locktype = \'advisory\' AND granted') === '1', 30_000, 'the lock is held');
    const runs = [migrate(), migrate()];
    await until(async () => await query('SELECT count(*) FROM pg_locks WHERE locktype = \'advisory\' AND NOT granted') === '2', 60_000, 'both runs wait');
    await query('SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = \'advisory\' AND granted');
    await holder;
    const [a, b] = await Promise.all(runs);
    for (const r of [a, b]) {
      expect(r.exitCode).toBe(0);
      expect(r.output).toContain('another migration run holds the lock; waiting for it');
    }
    expect([[a.applied, a.already], [b.applied, b.already]].sort()).toEqual([[0, 2], [2, 0]]);
    expect(await query('SELECT count(*), count(DISTINCT version) FROM schema_migrations')).toBe('2|2');
  });

  test('a failing migration exits 1, is rolled back and not recorded; the next run applies it', async () => {
    // Data the new constraint rejects: the failure a real migration meets, with no switch in the service.
    await query('ALTER TABLE tasks DROP CONSTRAINT tasks_title_length; DELETE FROM schema_migrations WHERE version = 2; '
      + 'INSERT INTO tasks (title) VALUES (\'\')');
    const failed = await migrate();
    expect(failed.exitCode).toBe(1);
    expect(failed.output).toMatch(/migration 0002_title_length failed, rolled back: ERROR: check constraint "tasks_title_length" .* \(SQLSTATE 23514\)/);
    expect(failed.applied).toBeUndefined();
    expect(await query('SELECT (SELECT count(*) FROM schema_migrations WHERE version = 2), '
      + '(SELECT count(*) FROM pg_constraint WHERE conname = \'tasks_title_length\')')).toBe('0|0');

    await query('DELETE FROM tasks');
    const fixed = await migrate();
    expect({ exitCode: fixed.exitCode, applied: fixed.applied, already: fixed.already }).toEqual({ exitCode: 0, applied: 1, already: 1 });
  });

  test('TLS with rustls: verify-full against the CA and required channel binding', async () => {
    const ca = ['-v', `${pg.caFile}:/certs/ca.crt:ro`];
    const full = await migrate({ PGSSLMODE: 'verify-full', PGSSLROOTCERT: '/certs/ca.crt', PGCHANNELBINDING: 'require' }, ca);
    expect({ exitCode: full.exitCode, tls: /connected to the database .*tls=true/.test(full.output) }).toEqual({ exitCode: 0, tls: true });
    // The server's certificate names 127.0.0.1 and localhost, not db.test: verify-full refuses, verify-ca does not check names.
    const alias = [...ca, '--add-host', 'db.test:127.0.0.1'];
    const wrongName = await migrate({ PGHOST: 'db.test', PGSSLMODE: 'verify-full', PGSSLROOTCERT: '/certs/ca.crt' }, alias);
    expect({ exitCode: wrongName.exitCode, why: /NotValidForName/.test(wrongName.output) }).toEqual({ exitCode: 1, why: true });
    expect((await migrate({ PGHOST: 'db.test', PGSSLMODE: 'verify-ca', PGSSLROOTCERT: '/certs/ca.crt' }, alias)).exitCode).toBe(0);
    const noTls = await migrate({ PGSSLMODE: 'disable', PGCHANNELBINDING: 'require' });
    expect({ exitCode: noTls.exitCode, why: /server did not use channel binding/.test(noTls.output) }).toEqual({ exitCode: 1, why: true });
  });

  test('tasks persist across a restart; a database outage degrades the service, which recovers by itself; metrics; SIGTERM exits 0', async () => {
    const base = `http://127.0.0.1:${port}`;
    // As on AWS, where the library sets PGSSLMODE=require.
    const env = { ...pg.env, PGSSLMODE: 'require' };
    const id = await runContainer(TAG, { network: ContainerNetwork.HOST, port, env, readOnly: true, tmpfs: ['/tmp'] });
    await timed('healthy', () => waitHealthy(id, 60_000));
    expect(await processUidGid(id)).toEqual({ uid: 65532, gid: 65532, effectiveUid: 65532, effectiveGid: 65532 });
    expect(await inspect(id, '{{.HostConfig.ReadonlyRootfs}}')).toBe('true');
    expect(await containerLogs(id)).toMatch(/connected to the database server=\S+.* tls=true/);
    expect(json(await httpGet(`${base}/health`))).toMatchObject({ status: 'healthy', database: 'ok', version: 'tasks-v1' });

    const created = await httpRequest('POST', `${base}/api/tasks`, JSON.stringify({ title: 'survive a restart' }));
    expect(created.status).toBe(201);
    const task = json(created);
    expect(task).toMatchObject({ title: 'survive a restart', done: false });

    await timed('restart', async () => {
      await getEngine().docker(['restart', id]);
      await waitForHttp200(() => httpGet(`${base}/health`), 30_000);
    });
    expect(json(await httpGet(`${base}/api/tasks`))).toEqual({ tasks: [task], total: 1 });
    expect(json(await httpGet(`${base}/api/tasks/${task.id}`))).toEqual(task);
    const startedAt = await inspect(id, '{{.State.StartedAt}}');

    await pg.stop();
    const stoppedAt = Date.now();
    const down = await httpGet(`${base}/api/tasks`);
    expect({ status: down.status, body: json(down) }).toEqual({ status: 503, body: { error: 'database unavailable' } });
    expect((await httpRequest('POST', `${base}/api/tasks`, JSON.stringify({ title: 'lost' }))).status).toBe(503);
    const degraded = await httpGet(`${base}/health`);
    expect({ status: degraded.status, body: json(degraded) }).toMatchObject({ status: 200, body: { status: 'degraded', database: 'unavailable' } });
    // Docker's own check (the library's probe on /health) keeps passing during the outage.
    await timed('probe during outage', () => until(async () => {
      const log: Array<{ Start: string; ExitCode: number }> = JSON.parse(await inspect(id, '{{json .State.Health.Log}}'));
      return log.some((probe) => Date.parse(probe.Start) > stoppedAt);
    }, 30_000, 'a health probe after the database stopped'));
    expect(await inspect(id, '{{.State.Health.Status}}')).toBe('healthy');

    await pg.start();
    const recovered = await timed('recovery', () => waitForHttp200(() => httpGet(`${base}/api/tasks`), 30_000));
    expect(recovered).toBeLessThan(10_000);
    expect(json(await httpGet(`${base}/health`))).toMatchObject({ status: 'healthy', database: 'ok' });
    expect(await inspect(id, '{{.State.StartedAt}} {{.RestartCount}}')).toBe(`${startedAt} 0`);
    expect((await httpRequest('POST', `${base}/api/tasks`, JSON.stringify({ title: 'after the outage' }))).status).toBe(201);

    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await metrics.text();
    const sample = (series: string) => Number(new RegExp(`^${series.replace(/[{}.*+?^$()|[\]\\]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1]);
    expect(sample('http_requests_total{method="GET",route="/api/tasks",status="503"}')).toBeGreaterThanOrEqual(1);
    expect(sample('http_requests_total{method="POST",route="/api/tasks",status="503"}')).toBe(1);
    expect(sample('http_requests_total{method="POST",route="/api/tasks",status="201"}')).toBe(1);
    expect(sample('http_requests_total{method="GET",route="/api/tasks/{id}",status="200"}')).toBe(1);
    const getTasks = [...text.matchAll(/^http_requests_total\{method="GET",route="\/api\/tasks",status="\d+"\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
    expect(sample('http_request_duration_seconds_count{method="GET",route="/api/tasks"}')).toBe(getTasks);
    expect(sample('http_request_duration_seconds_bucket{method="GET",route="/api/tasks",le="+Inf"}')).toBe(getTasks);
    expect(sample('tasks_created_total')).toBe(1);
    expect(sample('database_up')).toBe(1);
    expect(Math.abs(sample('process_start_time_seconds') - Date.parse(startedAt) / 1000)).toBeLessThan(30);
    expect(text).toMatch(/^# TYPE http_request_duration_seconds histogram$/m);

    const stop = await stopContainer(id);
    expect({ exitCode: stop.exitCode, killed: stop.oomKilledOrKilled }).toEqual({ exitCode: 0, killed: false });
  });
});

function json(response: HttpResponse): any {
  try {
    return JSON.parse(response.body);
  } catch {
    throw new Error(`not JSON (status ${response.status}): ${response.body.slice(0, 300)}`);
  }
}

async function inspect(id: string, format: string): Promise<string> {
  return (await getEngine().docker(['inspect', '--format', format, id])).stdout.trim();
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const t0 = Date.now();
  while (!(await check())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
