/**
 * The health check probe on a real engine, in the default scratch image of
 * the task-api fixture, on linux/amd64 and linux/arm64 (gcc cross, run under
 * QEMU). The images are the ones default-paths.test.ts builds (same fixture,
 * same rendering), so after it they come from the build cache.
 *
 * - Size: the probe is at most 64 KiB and static for the right machine; the
 *   image is at most the binary + 0.35 MB.
 * - Behaviour: the image's own HEALTHCHECK command (its URL pointed at a
 *   server on the host, `--network host`) against a service that answers
 *   200, one that answers 500, one that accepts and never answers, and a
 *   port where nothing listens: exit codes, the one line on stderr, and the
 *   hang ended by the probe's own deadline, inside the check's timeout.
 * - Through Docker: the image's HEALTHCHECK against a port that accepts and
 *   never answers records the probe's message, not Docker's timeout.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';
import { FAST_HEALTH_CHECK, taskApiBuilder } from './task-api';
import {
  afterSuite, copyFixture, copyFromImage, describeWithEngine, freePort, getEngine, imageSizeBytes, markVerified, readElf, runContainer,
  suiteTempDir, tryBuildImage,
} from '../../devtools/engine-harness';
import { Architecture, ScratchRuntime } from '../../src';

const PLATFORMS = [
  { name: 'amd64', architecture: Architecture.X86_64, machine: /Machine:\s+Advanced Micro Devices X86-64/ },
  { name: 'arm64', architecture: Architecture.ARM64, machine: /Machine:\s+AArch64/ },
];
const PROBE = '/usr/local/bin/healthcheck';
const MAX_PROBE_BYTES = 64 * 1024;
const MAX_OVERHEAD_BYTES = 350_000;

/** A connection the hanging server accepted: when, and when the probe closed it. */
interface Held {
  readonly acceptedAt: number;
  closedAt?: number;
}

describeWithEngine('the health check probe in a scratch image', () => {
  const requests: http.IncomingMessage[] = [];
  const held: Held[] = [];
  const heldSockets: net.Socket[] = [];
  let answering: http.Server;
  let hanging: net.Server;
  const ports = { up: 0, hang: 0, down: 0 };

  beforeAll(async () => {
    answering = http.createServer((req, res) => {
      requests.push(req);
      res.statusCode = req.url === '/health' ? 200 : 500;
      res.end('{}');
    });
    hanging = net.createServer((socket) => {
      const entry: Held = { acceptedAt: Date.now() };
      held.push(entry);
      heldSockets.push(socket);
      socket.on('close', () => { entry.closedAt = Date.now(); });
      socket.resume();
    });
    await new Promise<void>((resolve) => answering.listen(0, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => hanging.listen(0, '127.0.0.1', resolve));
    ports.up = (answering.address() as net.AddressInfo).port;
    ports.hang = (hanging.address() as net.AddressInfo).port;
    ports.down = await freePort();
    afterSuite(async () => {
      heldSockets.forEach((s) => s.destroy());
      await new Promise((resolve) => answering.close(resolve));
      await new Promise((resolve) => hanging.close(resolve));
    });
  });

  test.each(PLATFORMS.map((p) => [p.name, p]))('linux/%s', async (_name, platform) => {
    const tag = `cdk-rust-image-engine-test/probe:scratch-${platform.name}`;
    const dir = copyFixture('task-api');
    // The rendering default-paths.test.ts builds, so its layers are reused.
    const build = new ScratchRuntime({ healthCheck: FAST_HEALTH_CHECK }).compose(taskApiBuilder(dir, { architecture: platform.architecture }));
    build.writeTo(dir);
    const result = await tryBuildImage(dir, 'Dockerfile', tag, { platform: build.platform });
    expect({ ok: result.ok, logTail: result.ok ? '' : result.log.slice(-4000) }).toEqual({ ok: true, logTail: '' });

    // Size: the probe, and the image over the binary.
    const out = suiteTempDir('probe');
    await copyFromImage(tag, PROBE, path.join(out, 'healthcheck'));
    await copyFromImage(tag, `/app/${build.binaryName}`, path.join(out, 'binary'));
    const probeBytes = fs.statSync(path.join(out, 'healthcheck')).size;
    const binaryBytes = fs.statSync(path.join(out, 'binary')).size;
    const imageBytes = await imageSizeBytes(tag);
    // eslint-disable-next-line no-console
    console.log(`linux/${platform.name}: probe ${probeBytes} B, binary ${binaryBytes} B, image ${imageBytes} B (binary + ${imageBytes - binaryBytes} B)`);
    expect(probeBytes).toBeLessThanOrEqual(MAX_PROBE_BYTES);
    expect(imageBytes - binaryBytes).toBeLessThanOrEqual(MAX_OVERHEAD_BYTES);
    const elf = await readElf(tag, PROBE);
    expect(elf).toMatch(platform.machine);
    expect(elf).not.toMatch(/Requesting program interpreter|\(NEEDED\)/);

    // The image's own command, with its URL pointed at the host's servers.
    const inspected = await getEngine().docker(['image', 'inspect', '--format', '{{json .Config.Healthcheck.Test}}', tag]);
    const command: string[] = JSON.parse(inspected.stdout);
    expect(command).toEqual(['CMD', PROBE, '--timeout-ms=2500', 'http://127.0.0.1:8080/health']);
    const probe = async (port: number, urlPath: string) => {
      const url = `http://127.0.0.1:${port}${urlPath}`;
      const r = await getEngine().docker([
        'run', '--rm', '--network', 'host', '--platform', build.platform, '--entrypoint', PROBE, tag, ...command.slice(2, -1), url,
      ], { allowFailure: true });
      return { exitCode: r.exitCode, stderr: r.stderr, durationMs: r.durationMs, url };
    };

    const before = requests.length;
    const up = await probe(ports.up, '/health');
    expect({ exitCode: up.exitCode, stderr: up.stderr }).toEqual({ exitCode: 0, stderr: '' });
    const request = requests[before];
    expect({ method: request.method, url: request.url, host: request.headers.host, connection: request.headers.connection })
      .toEqual({ method: 'GET', url: '/health', host: `127.0.0.1:${ports.up}`, connection: 'close' });

    const failing = await probe(ports.up, '/fail');
    expect({ exitCode: failing.exitCode, stderr: failing.stderr }).toEqual({ exitCode: 1, stderr: `healthcheck: ${failing.url}: answered HTTP 500\n` });

    const down = await probe(ports.down, '/health');
    expect({ exitCode: down.exitCode, stderr: down.stderr }).toEqual({ exitCode: 1, stderr: `healthcheck: ${down.url}: connect: Connection refused\n` });

    const heldBefore = held.length;
    const hang = await probe(ports.hang, '/health');
    expect({ exitCode: hang.exitCode, stderr: hang.stderr })
      .toEqual({ exitCode: 1, stderr: `healthcheck: ${hang.url}: no answer within 2500 ms (waiting for the status line)\n` });
    const connection = held[heldBefore];
    expect(connection).toBeDefined();
    await waitFor(() => connection.closedAt !== undefined, 2000);
    const heldMs = connection.closedAt! - connection.acceptedAt;
    // eslint-disable-next-line no-console
    console.log(`linux/${platform.name}: the hanging service held the probe ${heldMs} ms; docker run took ${hang.durationMs} ms (up: ${up.durationMs} ms)`);
    // Its own deadline (counted from before connect), well inside the check's 3 s timeout.
    expect(heldMs).toBeGreaterThanOrEqual(2000);
    expect(heldMs).toBeLessThan(3000);

    // Docker's own HEALTHCHECK: the service listens elsewhere (PORT), a listener that never answers holds 8080.
    const id = await runContainer(tag, { env: { PORT: '8081' }, platform: build.platform });
    const listener = await holdPortInside(id, 8080);
    try {
      const entry = await firstHealthLogEntry(id, 30_000);
      const elapsedMs = Date.parse(entry.End) - Date.parse(entry.Start);
      // eslint-disable-next-line no-console
      console.log(`linux/${platform.name}: Docker's health check against a hanging port ended after ${elapsedMs} ms`);
      expect({ exitCode: entry.ExitCode, output: entry.Output })
        .toEqual({ exitCode: 1, output: 'healthcheck: http://127.0.0.1:8080/health: no answer within 2500 ms (waiting for the status line)\n' });
      expect(elapsedMs).toBeLessThan(3000);
    } finally {
      listener.kill('SIGKILL');
    }
    markVerified(`probe-${platform.name}`);
  });
});

interface HealthLogEntry {
  readonly Start: string;
  readonly End: string;
  readonly ExitCode: number;
  readonly Output: string;
}

async function firstHealthLogEntry(containerId: string, timeoutMs: number): Promise<HealthLogEntry> {
  const t0 = Date.now();
  for (;;) {
    const r = await getEngine().docker(['inspect', '--format', '{{json .State.Health}}', containerId]);
    const health = JSON.parse(r.stdout) as { Log?: HealthLogEntry[] } | null;
    if (health?.Log && health.Log.length > 0) return health.Log[0];
    if (Date.now() - t0 > timeoutMs) throw new Error(`no health check ran within ${timeoutMs} ms`);
    await sleep(250);
  }
}

/**
 * A listener on 127.0.0.1:`port` in the container's network namespace that
 * accepts and never answers: node on the host, entered with nsenter.
 */
async function holdPortInside(containerId: string, port: number): Promise<ReturnType<typeof spawn>> {
  const pid = (await getEngine().docker(['inspect', '--format', '{{.State.Pid}}', containerId])).stdout.trim();
  const script = `require('net').createServer((s) => s.resume()).listen(${port}, '127.0.0.1', () => console.log('listening'))`;
  const child = spawn('nsenter', [`--net=/proc/${pid}/ns/net`, process.execPath, '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => { if (b.toString().includes('listening')) resolve(); });
    child.on('exit', (code) => reject(new Error(`the listener in the container's network exited with ${code}`)));
  });
  return child;
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const t0 = Date.now();
  while (!condition() && Date.now() - t0 < timeoutMs) await sleep(20);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
