/**
 * A hand-written compose.yaml with what issue 24's local stack needs
 * (fixtures/compose-stack), brought up on the engine by docker-compose 1.29
 * (what runs here) and by Compose v2: a `build:` service (context,
 * dockerfile, target; BuildKit) as 65532:65532 with a read-only root and a
 * tmpfs /tmp, CMD health checks, `depends_on` with service_healthy and
 * service_completed_successfully (a one-shot migrations container from the
 * same build), PostgreSQL in a named volume, and Prometheus scraping the
 * service by its compose DNS name. Also what 1.29 refuses that v2 accepts,
 * and that a build's RUN needs the host network on this engine.
 * test/engine/README.md ("Compose") writes the findings down.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ComposeProject, ComposeVersion } from './compose-harness';
import { afterSuite, copyFixture, describeWithEngine, getEngine, httpGet, processUidGid } from '../../devtools/engine-harness';

const FILES = ['compose.yaml', 'engine.override.yaml'];

/** One sample of an instant query, waiting (up to 30 s) for Prometheus to have it. */
async function prometheusValue(port: number, query: string): Promise<{ instance: string; value: string }> {
  const url = `http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(query)}`;
  let last = '';
  for (let i = 0; i < 60; i++) {
    const r = await httpGet(url);
    last = r.body;
    const result = r.status === 200 ? JSON.parse(r.body).data.result : [];
    if (result.length) return { instance: result[0].metric.instance, value: result[0].value[1] };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`Prometheus has no ${query} (last answer: ${last.slice(0, 300)})`);
}

async function health(id: string): Promise<string> {
  return (await getEngine().docker(['inspect', '--format', '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}} {{.State.ExitCode}}', id])).stdout.trim();
}

describeWithEngine('a compose stack on the engine', () => {
  const projects: ComposeProject[] = [];
  afterSuite(async () => {
    for (const p of projects) await p.down();
  });

  function project(name: string, version: ComposeVersion, files = FILES): ComposeProject {
    const dir = copyFixture('compose-stack');
    const p = new ComposeProject({ dir, name: `cdk-rust-image-${name}-${process.pid}`, files, version });
    projects.push(p);
    return p;
  }

  const migrationRuns = async (p: ComposeProject) => (await getEngine().docker([
    'exec', '-e', 'PGPASSWORD=local-only', await p.container('db'), 'psql', '-h', '127.0.0.1', '-U', 'app', '-Atc', 'SELECT count(*) FROM migration_runs',
  ])).stdout.trim();

  /** The checks both Compose versions must pass once `up -d` returned. */
  async function expectStackUp(p: ComposeProject): Promise<void> {
    // `up -d` returns once every container started, each after its dependencies' conditions held.
    expect(await health(await p.container('migrate'))).toBe('exited  0');
    for (const service of ['db', 'app']) expect([service, await health(await p.container(service))]).toEqual([service, 'running healthy 0']);
    // Nothing waits for Prometheus (and 1.29 has no `up --wait`).
    const prometheus = await p.container('prometheus');
    await waitFor(async () => (await health(prometheus)) === 'running healthy 0');
    const app = await p.container('app');
    expect(await processUidGid(app)).toMatchObject({ uid: 65532, gid: 65532 });
    const hostConfig = JSON.parse((await getEngine().docker(['inspect', '--format', '{{json .HostConfig}}', app])).stdout);
    expect([hostConfig.ReadonlyRootfs, Object.keys(hostConfig.Tmpfs ?? {})]).toEqual([true, ['/tmp']]);
    const writes = await getEngine().docker(['exec', app, 'sh', '-c', 'touch /root-file 2>&1; touch /tmp/ok && cat /usr/local/bin/built'], { allowFailure: true });
    expect(writes.stdout).toMatch(/Read-only file system\nbuilt-with-buildkit/);
    const port = await p.port('prometheus', 9090);
    expect(await prometheusValue(port, 'compose_probe_uid')).toEqual({ instance: 'app:8080', value: '65532' });
    expect(await prometheusValue(port, 'compose_probe_migration_runs')).toEqual({ instance: 'app:8080', value: '1' });
  }

  test('docker-compose 1.29: the stack comes up in dependency order; the one-shot runs on every `up`; data outlives a database restart; a failed one-shot fails `up`', async () => {
    const p = project('compose129', ComposeVersion.V1_29);
    expect((await p.compose(['version'])).stdout).toMatch(/^docker-compose version 1\.29\./);
    await p.compose(['config', '-q']);
    const up = await p.compose(['up', '-d']);
    expect(up.stderr).toMatch(/Creating network "cdk-rust-image-compose129-\d+_default" with the default driver/);
    await expectStackUp(p);
    // 1.29 names images <project>_<service> (v2: <project>-<service>).
    expect((await getEngine().docker(['image', 'inspect', '--format', '{{.Id}}', `${p.options.name}_app`])).exitCode).toBe(0);

    // A second `up` starts the exited one-shot again: migrations must be idempotent.
    await p.compose(['up', '-d']);
    expect(await migrationRuns(p)).toBe('2');
    await p.compose(['restart', 'db']);
    await waitFor(async () => (await health(await p.container('db'))) === 'running healthy 0');
    expect(await migrationRuns(p)).toBe('2');

    // Without its service container, `up` with a failing one-shot fails and never creates it.
    await p.compose(['rm', '-f', '-s', '-v', 'app']);
    const failing = await p.compose(['up', '-d'], { allowFailure: true, extraFiles: ['migration-fails.override.yaml'] });
    expect([failing.exitCode, failing.stderr]).toEqual([1, expect.stringMatching(/ERROR: for app {2}Container "\w+" exited with code 3\./)]);
    expect(await p.container('app')).toBe('');
  });

  test('Compose v2 (2.26, in a container): the same files bring up the same stack', async () => {
    const p = project('composev2', ComposeVersion.V2);
    expect((await p.compose(['version'])).stdout).toMatch(/^Docker Compose version 2\./);
    await p.compose(['config', '-q']);
    await p.compose(['up', '-d']);
    await expectStackUp(p);
    expect((await getEngine().docker(['image', 'inspect', '--format', '{{.Id}}', `${p.options.name}-app`])).exitCode).toBe(0);
  });

  test('docker-compose 1.29 refuses what only Compose v2 accepts: top-level name, depends_on restart, healthcheck start_interval, long-syntax host_ip, boolean environment values', async () => {
    const p = project('refused', ComposeVersion.V1_29);
    const cases: Array<[string, string, RegExp]> = [
      ['name', 'name: demo\nservices:\n  app:\n    read_only: true\n', /'name' does not match any of the regexes: '\^x-'/],
      ['restart', 'services:\n  app:\n    depends_on:\n      db:\n        condition: service_healthy\n        restart: true\n', /depends_on contains unsupported option: 'restart'/],
      ['start_interval', 'services:\n  db:\n    healthcheck:\n      start_interval: 1s\n', /healthcheck value 'start_interval' does not match/],
      ['host_ip', 'services:\n  app:\n    ports:\n      - target: 8080\n        published: "8080"\n        host_ip: 127.0.0.1\n', /ports contains unsupported option: 'host_ip'/],
      ['boolean', 'services:\n  app:\n    environment:\n      FLAG: true\n', /FLAG contains true, which is an invalid type, it should be a string, number, or a null/],
    ];
    for (const [name, extra, error] of cases) {
      fs.writeFileSync(path.join(p.options.dir, `${name}.yaml`), extra);
      const refused = await p.compose(['config', '-q'], { allowFailure: true, extraFiles: [`${name}.yaml`] });
      expect([name, refused.exitCode, refused.stderr]).toEqual([name, 1, expect.stringMatching(error)]);
    }
    const v2 = new ComposeProject({ ...p.options, version: ComposeVersion.V2 });
    expect((await v2.compose(['config', '-q'], { extraFiles: cases.map(([name]) => `${name}.yaml`) })).exitCode).toBe(0);
  });

  test('without the override, a build\'s RUN finds no network on this engine (dockerd --bridge=none)', async () => {
    const p = project('nobridge', ComposeVersion.V1_29, ['compose.yaml']);
    const build = await p.compose(['build', 'app'], { allowFailure: true });
    expect([build.exitCode, build.stderr + build.stdout]).toEqual([1, expect.stringMatching(/network bridge not found/)]);
  });
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const t0 = Date.now();
  while (!(await check())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`not true within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
