/**
 * The local stack's stand-ins (scripts/engine/standins/postgres.Dockerfile,
 * prometheus.Dockerfile) behave as the official images do where a compose
 * file relies on it, on a user-defined network like compose's own: PostgreSQL
 * initialises from POSTGRES_* in a volume, takes a scram-sha-256 password
 * login from another container, turns healthy through pg_isready, stops on
 * its stop signal and keeps its data for the next container; Prometheus runs
 * as nobody with the official arguments, scrapes a target by its network
 * name, answers its HTTP API on a published port and serves a wget health check.
 */
import * as fs from 'fs';
import * as path from 'path';
import {
  afterSuite, containerLogs, describeWithEngine, getEngine, httpGet, POSTGRES_IMAGE, processUidGid, PROMETHEUS_IMAGE, stopContainer,
  suiteTempDir, waitHealthy,
} from '../../devtools/engine-harness';

const NAME = `cdk-rust-image-standins-${process.pid}`;
const PASSWORD = 'local-only';

describeWithEngine('the local stack\'s stand-ins', () => {
  const containers: string[] = [];
  const docker = (args: string[], allowFailure = false) => getEngine().docker(args, { allowFailure });

  /** A detached container on the test's network, named (and so resolvable as) NAME-<name>. */
  async function start(name: string, args: string[]): Promise<string> {
    const id = (await docker(['run', '-d', '--network', NAME, '--name', `${NAME}-${name}`, ...args])).stdout.trim();
    containers.push(id);
    return id;
  }

  /** psql from another container, over TCP to the database container by its name. */
  function psql(password: string, sql: string, allowFailure = false) {
    return docker(['run', '--rm', '--network', NAME, '-e', `PGPASSWORD=${password}`, POSTGRES_IMAGE,
      'psql', '-h', `${NAME}-db`, '-U', 'app', '-d', 'tasks', '-v', 'ON_ERROR_STOP=1', '-Atc', sql], allowFailure);
  }

  async function pid1Command(id: string): Promise<string> {
    const pid = (await docker(['inspect', '--format', '{{.State.Pid}}', id])).stdout.trim();
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf-8').split('\0').filter(Boolean).join(' ');
  }

  beforeAll(async () => {
    afterSuite(async () => {
      if (containers.length) await docker(['rm', '-f', '-v', ...containers], true);
      await docker(['network', 'rm', NAME], true);
      await docker(['volume', 'rm', '-f', `${NAME}-pgdata`], true);
    });
    await docker(['network', 'create', NAME]);
    await docker(['volume', 'create', `${NAME}-pgdata`]);
  });

  test(`${POSTGRES_IMAGE}: POSTGRES_* initialise a UTF-8 cluster once; password login over the network; healthy by pg_isready; data outlives the container`, async () => {
    const db = await start('db', [
      '-v', `${NAME}-pgdata:/var/lib/postgresql/data`,
      '-e', 'POSTGRES_USER=app', '-e', `POSTGRES_PASSWORD=${PASSWORD}`, '-e', 'POSTGRES_DB=tasks',
      '--health-cmd', 'pg_isready -h 127.0.0.1 -U app -d tasks', '--health-interval', '1s', '--health-retries', '60',
      POSTGRES_IMAGE,
    ]);
    await waitHealthy(db, 60_000);
    expect(await pid1Command(db)).toBe('postgres');
    expect(await processUidGid(db)).toMatchObject({ uid: 999, gid: 999 });

    const session = await psql(PASSWORD, [
      'SELECT current_user, current_database(), inet_server_addr() IS NOT NULL, pg_encoding_to_char(encoding), datcollate',
      'FROM pg_database WHERE datname = current_database()',
    ].join(' '));
    expect(session.stdout.trim()).toBe('app|tasks|t|UTF8|en_US.utf8');
    const rules = await psql(PASSWORD, "SELECT type, database[1], user_name[1], address, auth_method FROM pg_hba_file_rules WHERE type = 'host' ORDER BY line_number DESC LIMIT 1");
    expect(rules.stdout.trim()).toBe('host|all|all|all|scram-sha-256');
    const wrong = await psql('not-the-password', 'SELECT 1', true);
    expect(wrong.exitCode).not.toBe(0);
    expect(wrong.stderr).toMatch(/password authentication failed for user "app"/);
    await psql(PASSWORD, "CREATE TABLE tasks (title text); INSERT INTO tasks VALUES ('kept')");

    // STOPSIGNAL SIGINT: a fast shutdown, not Docker's SIGKILL after 10 s.
    const stop = await stopContainer(db);
    expect({ exitCode: stop.exitCode, killed: stop.oomKilledOrKilled }).toEqual({ exitCode: 0, killed: false });
    expect(await containerLogs(db)).toMatch(/received fast shutdown request/);
    await docker(['rm', db]);

    // No POSTGRES_* the second time: the volume already holds the cluster, users and password.
    const again = await start('db', [
      '-v', `${NAME}-pgdata:/var/lib/postgresql/data`,
      '--health-cmd', 'pg_isready -h 127.0.0.1 -U app -d tasks', '--health-interval', '1s', '--health-retries', '60',
      POSTGRES_IMAGE,
    ]);
    await waitHealthy(again, 60_000);
    expect(await containerLogs(again)).toMatch(/Skipping initialization/);
    expect((await psql(PASSWORD, 'SELECT title FROM tasks')).stdout.trim()).toBe('kept');
  });

  test(`${PROMETHEUS_IMAGE}: the official arguments, as nobody; scrapes a target by its network name; the HTTP API answers on a published port; wget health check`, async () => {
    const dir = suiteTempDir('prometheus');
    fs.mkdirSync(path.join(dir, 'www'));
    fs.writeFileSync(path.join(dir, 'www', 'metrics'), '# TYPE standins_probe gauge\nstandins_probe{kind="static"} 7\n');
    fs.writeFileSync(path.join(dir, 'prometheus.yml'), [
      'global:', '  scrape_interval: 1s', 'scrape_configs:', '  - job_name: probe', '    static_configs:',
      `      - targets: ["${NAME}-target:8080"]`, '',
    ].join('\n'));
    fs.chmodSync(dir, 0o755);

    const config = JSON.parse((await docker(['image', 'inspect', '--format', '{{json .Config}}', PROMETHEUS_IMAGE])).stdout);
    expect([config.Entrypoint, config.Cmd, config.User, config.WorkingDir, Object.keys(config.Volumes), Object.keys(config.ExposedPorts)]).toEqual([
      ['/bin/prometheus'], ['--config.file=/etc/prometheus/prometheus.yml', '--storage.tsdb.path=/prometheus'],
      'nobody', '/prometheus', ['/prometheus'], ['9090/tcp'],
    ]);

    await start('target', ['-v', `${dir}/www:/www:ro`, '--entrypoint', 'busybox', PROMETHEUS_IMAGE, 'httpd', '-f', '-p', '8080', '-h', '/www']);
    const prometheus = await start('prometheus', [
      '-v', `${dir}/prometheus.yml:/etc/prometheus/prometheus.yml:ro`, '-p', '127.0.0.1::9090',
      '--health-cmd', 'wget -q -O /dev/null http://127.0.0.1:9090/-/ready', '--health-interval', '1s', '--health-retries', '60',
      PROMETHEUS_IMAGE,
    ]);
    await waitHealthy(prometheus, 60_000);
    expect(await processUidGid(prometheus)).toMatchObject({ uid: 65534, gid: 65534 });

    const port = Number(/:(\d+)$/m.exec((await docker(['port', prometheus, '9090'])).stdout.trim())?.[1]);
    const query = `http://127.0.0.1:${port}/api/v1/query?query=standins_probe`;
    let answer = { status: 0, body: '' };
    for (let i = 0; i < 60; i++) {
      answer = await httpGet(query);
      if (answer.status === 200 && JSON.parse(answer.body).data.result.length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const [sample] = JSON.parse(answer.body).data.result;
    expect([sample.metric, sample.value[1]]).toEqual([
      { __name__: 'standins_probe', instance: `${NAME}-target:8080`, job: 'probe', kind: 'static' }, '7',
    ]);
    expect((await stopContainer(prometheus)).exitCode).toBe(0);
  });
});
