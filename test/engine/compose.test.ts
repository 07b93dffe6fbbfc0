/**
 * The local stack the library renders (`ComposeStack`) for the task-service
 * fixture, brought up with docker-compose 1.29 on the engine: the service's
 * scratch image built by compose from the library's Dockerfile (cheap
 * profile: the subject is the stack, not the release profile), PostgreSQL,
 * the migrations one-shot and Prometheus.
 *
 * - `up`: the migrations run once, before the service; the service turns
 *   healthy as 65532 with a read-only root and a tmpfs /tmp, and stays so;
 * - a task survives a restart of the service container; a second `up` runs
 *   the one-shot again and it applies nothing twice;
 * - PostgreSQL stopped: /health answers 200 "degraded" (the fixture's
 *   choice: neither Docker nor ECS replaces the task during a failover, and
 *   the image's health check keeps passing),
 *   task routes 503; started again: recovered, the service never restarted;
 * - Prometheus's HTTP API returns the service's request counter, scraped
 *   by its compose host name; Compose v2 reads the same files;
 * - a migration that fails makes `up` fail, and the service is never created.
 *
 * The same image (one cold build) then runs the migrations against a
 * PostgreSQL with TLS on the host network (task-service.ts: the postgres
 * stand-in, or the host's with CDK_RUST_IMAGE_TASK_SERVICE_POSTGRES=host):
 * two runs that wait for the advisory lock, a migration that fails,
 * verify-full and required channel binding over rustls.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ComposeProject, ComposeVersion } from './compose-harness';
import { FAST_HEALTH_CHECK } from './task-api';
import { FIXTURE, MIGRATION_LOCK_KEY, Postgres, taskServiceBuilder, taskServicePostgres } from './task-service';
import {
  afterSuite, containerLogs, copyFixture, describeWithEngine, freePort, getEngine, httpGet, httpRequest, HttpResponse,
  markVerified, POSTGRES_IMAGE, PROMETHEUS_IMAGE, processUidGid, run, waitForHttp200,
} from '../../devtools/engine-harness';
import { ComposeStack, Migrations, ScratchRuntime, ServiceDatabase, ServiceMetrics } from '../../src';

const SERVICE = 'task-api';
const MIGRATIONS = Migrations.CONTAINER_NAME;

interface Migrate {
  readonly exitCode: number;
  readonly output: string;
  /** From the summary line "migrations: applied N, already applied M". */
  readonly applied?: number;
  readonly already?: number;
}

function summary(output: string): { applied?: number; already?: number } {
  const m = /migrations: applied (\d+), already applied (\d+)/.exec(output);
  return m ? { applied: Number(m[1]), already: Number(m[2]) } : {};
}

describeWithEngine('the rendered compose stack of task-service (docker-compose 1.29), and its image against PostgreSQL with TLS', () => {
  let dir: string;
  let project: ComposeProject;
  let base: string;
  let prometheusPort: number;
  /** The image compose built (1.29 names it <project>_<service>). */
  let image: string;
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
    afterSuite(() => {
      // eslint-disable-next-line no-console
      console.log(`compose seconds: ${Object.entries(seconds).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ')}`);
    });
    dir = copyFixture(FIXTURE);
    const build = new ScratchRuntime({ port: 8080, healthCheck: FAST_HEALTH_CHECK }).compose(taskServiceBuilder(dir));
    build.writeTo(dir);
    // Free host ports: the engine is shared, 8080, 5432 and 9090 may be taken.
    const [servicePort, databasePort] = [await freePort(), await freePort()];
    prometheusPort = await freePort();
    const stack = new ComposeStack({
      imageBuild: build,
      serviceName: SERVICE,
      database: ServiceDatabase.postgres({ databaseName: 'tasks' }),
      migrations: Migrations.serviceBinary(),
      metrics: ServiceMetrics.prometheus({ scrapeIntervalSeconds: 10 }),
      environment: { RUST_LOG: 'info' },
      servicePublishedPort: servicePort,
      databasePublishedPort: databasePort,
      prometheusPublishedPort: prometheusPort,
      databaseImage: POSTGRES_IMAGE,
      prometheusImage: PROMETHEUS_IMAGE,
    });
    expect(stack.writeTo()).toEqual(['compose.yaml', 'prometheus.yml']);
    // Only this engine needs it (dockerd --bridge=none: a build's RUN has no network of its own): test/engine/README.md, "Compose".
    fs.writeFileSync(path.join(dir, 'engine.override.yaml'), [SERVICE, MIGRATIONS].reduce((text, s) => `${text}  ${s}:\n    build:\n      network: host\n`, 'services:\n'));
    project = new ComposeProject({ dir, name: `cdk-rust-image-compose-${process.pid}`, files: ['compose.yaml', 'engine.override.yaml'], version: ComposeVersion.V1_29 });
    image = `${project.options.name}_${SERVICE}`;
    afterSuite(() => project.down());
    base = `http://127.0.0.1:${servicePort}`;
    await timed('up (build included)', () => project.compose(['up', '-d']));
  });

  const container = (service: string) => project.container(service);
  const logs = async (service: string) => containerLogs(await container(service));
  const sql = async (statement: string) => (await getEngine().docker([
    'exec', '-e', 'PGPASSWORD=local-only', await container('db'), 'psql', '-h', '127.0.0.1', '-U', 'app', '-d', 'tasks', '-qAtc', statement,
  ])).stdout.trim();

  /** The service's PID 1 runs as 65532 with a read-only root and a tmpfs /tmp, under docker-init. */
  async function expectHardened(): Promise<void> {
    const id = await container(SERVICE);
    expect(await processUidGid(id)).toEqual({ uid: 65532, gid: 65532, effectiveUid: 65532, effectiveGid: 65532 });
    const config = JSON.parse(await inspect(id, '{"user":{{json .Config.User}},"readOnly":{{json .HostConfig.ReadonlyRootfs}},"tmpfs":{{json .HostConfig.Tmpfs}},"init":{{json .HostConfig.Init}}}'));
    expect(config).toEqual({ user: '65532:65532', readOnly: true, tmpfs: { '/tmp': '' }, init: true });
  }

  test('up: the migrations run once before the service, which turns healthy as 65532 with a read-only root', async () => {
    const migrations = await container(MIGRATIONS);
    expect(await inspect(migrations, '{{.State.Status}} {{.State.ExitCode}}')).toBe('exited 0');
    const log = await logs(MIGRATIONS);
    expect(log).toMatch(/applied migration 0001_create_tasks in \d+ ms\n(.*\n)?.*applied migration 0002_title_length in \d+ ms/);
    expect(summary(log)).toEqual({ applied: 2, already: 0 });
    // The one-shot ended before the service started (depends_on: service_completed_successfully).
    const finished = Date.parse(await inspect(migrations, '{{.State.FinishedAt}}'));
    expect(Date.parse(await inspect(await container(SERVICE), '{{.State.StartedAt}}'))).toBeGreaterThanOrEqual(finished);
    await timed('healthy', () => waitFor(async () => await inspect(await container(SERVICE), '{{.State.Health.Status}}') === 'healthy', 60_000));
    expect(json(await httpGet(`${base}/health`))).toMatchObject({ status: 'healthy', database: 'ok' });
    expect(await logs(SERVICE)).toMatch(/connected to the database server=\S+.* tls=false/);
    await expectHardened();
    // compose built the image from the library's Dockerfile (the migrations' image is the same build).
    expect(await inspect(image, '{{index .Config.Labels "org.opencontainers.image.title"}}')).toBe('task-api');
  });

  test('a task survives a restart of the service container', async () => {
    const created = await httpRequest('POST', `${base}/api/tasks`, JSON.stringify({ title: 'survive a restart' }));
    expect(created.status).toBe(201);
    const task = json(created);
    await timed('restart', async () => {
      await project.compose(['restart', SERVICE]);
      await waitForHttp200(() => httpGet(`${base}/health`), 30_000);
    });
    expect(json(await httpGet(`${base}/api/tasks`))).toEqual({ tasks: [task], total: 1 });
  });

  test('a second `up` runs the one-shot again, and it applies no migration twice', async () => {
    const service = await container(SERVICE);
    await timed('second up', () => project.compose(['up', '-d']));
    // 1.29 starts the same container again: its log holds both runs.
    const log = await logs(MIGRATIONS);
    expect([...log.matchAll(/applied migration 0001_create_tasks/g)]).toHaveLength(1);
    expect([...log.matchAll(/migrations: applied (\d+), already applied (\d+)/g)].map((m) => [Number(m[1]), Number(m[2])])).toEqual([[2, 0], [0, 2]]);
    expect(await sql('SELECT count(*), count(DISTINCT version) FROM schema_migrations')).toBe('2|2');
    expect(await container(SERVICE)).toBe(service);
  });

  test('PostgreSQL stopped: /health reports degraded and task routes 503; started again: recovered without restarting the service', async () => {
    const id = await container(SERVICE);
    const before = await inspect(id, '{{.State.StartedAt}} {{.RestartCount}}');
    await project.compose(['stop', 'db']);
    const stoppedAt = Date.now();
    // /health reuses a check for up to 2 s, then answers within its 1 s check limit.
    const degraded = await timed('degraded', () => answer(`${base}/health`, (r) => r.status === 200 && json(r).status === 'degraded'));
    expect({ status: degraded.status, body: json(degraded) }).toMatchObject({ status: 200, body: { status: 'degraded', database: 'unavailable' } });
    // A stopped container's name does not resolve at once on this engine (Docker's DNS asks the host's resolvers, which
    // its containers cannot reach), so a task request waits for the connect timeout (PGCONNECT_TIMEOUT, 5 s); a client
    // that gives up sooner (the harness's curl: 5 s) cancels the attempt, and the next one waits again.
    const down = await timed('task route during the outage', () => patientGet(`${base}/api/tasks`));
    expect({ status: down.status, body: json(down) }).toEqual({ status: 503, body: { error: 'database unavailable' } });
    // The image's own check (the probe on /health, compose's healthcheck) keeps passing: nothing would replace the service.
    await waitFor(async () => (JSON.parse(await inspect(id, '{{json .State.Health.Log}}')) as Array<{ Start: string }>)
      .some((probe) => Date.parse(probe.Start) > stoppedAt), 30_000);
    expect(await inspect(id, '{{.State.Health.Status}}')).toBe('healthy');

    await project.compose(['start', 'db']);
    await timed('recovery', () => waitForHttp200(() => httpGet(`${base}/api/tasks`), 60_000));
    expect(json(await httpGet(`${base}/health`))).toMatchObject({ status: 'healthy', database: 'ok' });
    expect(await inspect(id, '{{.State.StartedAt}} {{.RestartCount}}')).toBe(before);
    await expectHardened();
  });

  test('Prometheus scrapes the service by its compose name: its HTTP API returns the request counter', async () => {
    const metrics = await fetch(`${base}/metrics`);
    // Prometheus 3 refuses a scrape without it (the stand-in, 2.53, does not check: scripts/engine/STANDINS.md).
    expect(metrics.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    // The outage's answers are counted too.
    expect(await metrics.text()).toMatch(/^http_requests_total\{method="GET",route="\/api\/tasks",status="503"\} [1-9]/m);
    // Counters start at 0 with the process (restarted above): one POST of its own.
    expect((await httpRequest('POST', `${base}/api/tasks`, JSON.stringify({ title: 'counted' }))).status).toBe(201);
    const query = 'http_requests_total{route="/api/tasks",method="POST",status="201"}';
    const sample = await timed('scraped', () => prometheusSample(prometheusPort, query));
    expect(sample).toEqual({ job: SERVICE, instance: `${SERVICE}:8080`, value: '1' });
  });

  test('the whole time: 65532, read-only; `stop` ends the service with exit code 0; Compose v2 reads the same files', async () => {
    await expectHardened();
    const id = await container(SERVICE);
    await project.compose(['stop', SERVICE]);
    expect(await inspect(id, '{{.State.ExitCode}} {{.State.OOMKilled}}')).toBe('0 false');
    const v2 = new ComposeProject({ ...project.options, version: ComposeVersion.V2 });
    expect((await v2.compose(['config', '-q'])).exitCode).toBe(0);
    markVerified('compose-stack');
  });

  test('a migration that fails fails `up`, and the service is never created', async () => {
    await project.compose(['rm', '-f', '-s', '-v', SERVICE]);
    // Data the second migration's constraint rejects, and that migration forgotten: the next one-shot applies it again.
    await sql('ALTER TABLE tasks DROP CONSTRAINT tasks_title_length; DELETE FROM schema_migrations WHERE version = 2; INSERT INTO tasks (title) VALUES (\'\')');
    const failing = await project.compose(['up', '-d'], { allowFailure: true });
    expect([failing.exitCode, failing.stderr]).toEqual([1, expect.stringMatching(new RegExp(`ERROR: for ${SERVICE} {2}Container "\\w+" exited with code 1\\.`))]);
    expect(await logs(MIGRATIONS)).toMatch(/migration 0002_title_length failed, rolled back/);
    expect(await container(SERVICE)).toBe('');
  });

  describe('the same image against PostgreSQL with TLS on the host network', () => {
    let pg: Postgres;

    beforeAll(async () => {
      pg = await timed('postgres with TLS', taskServicePostgres);
      afterSuite(() => pg.close());
    });

    /** `task-api migrate` in the image, as the one-shot runs it. */
    async function migrate(env: Record<string, string> = {}, dockerArgs: string[] = []): Promise<Migrate> {
      const r = await getEngine().docker([
        'run', '--rm', '--network', 'host', '--read-only',
        ...Object.entries({ ...pg.env, ...env }).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
        ...dockerArgs,
        image, 'migrate',
      ], { allowFailure: true });
      const output = r.stdout + r.stderr;
      return { exitCode: r.exitCode, output, ...summary(output) };
    }
    const query = async (statement: string) => (await pg.sql(statement)).stdout.trim();

    test('two runs started while the lock is held both wait, and each migration is applied once', async () => {
      expect(await migrate()).toMatchObject({ exitCode: 0, applied: 2, already: 0 });
      await query('DROP TABLE tasks, schema_migrations');
      // A session holds the migrations' advisory lock until it is terminated.
      const holder = pg.sql(`SELECT pg_advisory_lock(${MIGRATION_LOCK_KEY}); SELECT pg_sleep(120)`, true);
      await waitFor(async () => await query('SELECT count(*) FROM pg_locks WHERE locktype = \'advisory\' AND granted') === '1', 30_000);
      const runs = [migrate(), migrate()];
      await waitFor(async () => await query('SELECT count(*) FROM pg_locks WHERE locktype = \'advisory\' AND NOT granted') === '2', 60_000);
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
      expect(await migrate()).toMatchObject({ exitCode: 0, applied: 1, already: 1 });
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
  });
});

/** One sample of an instant query, waiting (up to 60 s: the first scrape comes within one interval) for Prometheus to have it. */
async function prometheusSample(port: number, query: string): Promise<{ job: string; instance: string; value: string }> {
  const url = `http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(query)}`;
  let last = '';
  for (let i = 0; i < 120; i++) {
    const r = await httpGet(url).catch((e: Error) => ({ status: 0, body: e.message }));
    last = r.body;
    const result = r.status === 200 ? JSON.parse(r.body).data.result : [];
    if (result.length) return { job: result[0].metric.job, instance: result[0].metric.instance, value: result[0].value[1] };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`Prometheus has no ${query} (last answer: ${last.slice(0, 300)})`);
}

/** A GET that waits up to 20 s for the answer. */
async function patientGet(url: string): Promise<HttpResponse> {
  const r = await run('curl', ['-sS', '--max-time', '20', '-o', '-', '-w', '\n%{http_code}', url], { allowFailure: true });
  const cut = r.stdout.lastIndexOf('\n');
  return { status: Number(r.stdout.slice(cut + 1)) || 0, body: r.stdout.slice(0, Math.max(cut, 0)) };
}

/** The first answer `ok` accepts, polling for up to 30 s. */
async function answer(url: string, ok: (r: HttpResponse) => boolean): Promise<HttpResponse> {
  const t0 = Date.now();
  for (;;) {
    const r = await httpGet(url);
    if (ok(r)) return r;
    if (Date.now() - t0 > 30_000) return r;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

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

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const t0 = Date.now();
  while (!(await check())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`not true within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
