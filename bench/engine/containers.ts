/**
 * Containers for the benchmark: started on the host network (a free port in
 * PORT, so wrk reaches them on 127.0.0.1), polled in-process for the first
 * 200 (finer than spawning curl every 20 ms), stopped with `docker stop`.
 * Generic: nothing here knows the fixture. The harness
 * (devtools/engine-harness.ts) does the docker calls.
 */
import * as http from 'http';
import { containerLogs, ContainerNetwork, freePort, getEngine, removeContainer, runContainer } from '../../devtools/engine-harness';

export interface HttpAnswer {
  readonly status: number;
  readonly body: string;
}

/** One HTTP request to 127.0.0.1 without keep-alive; status 0 when nothing answers in time. */
export function request(method: string, port: number, urlPath: string, body?: string, timeoutMs = 2000): Promise<HttpAnswer> {
  return new Promise((resolve) => {
    const req = http.request({
      host: '127.0.0.1',
      port,
      path: urlPath,
      method,
      agent: false,
      timeout: timeoutMs,
      headers: body !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {},
    }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf-8') }));
      res.on('error', () => resolve({ status: 0, body: '' }));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve({ status: 0, body: '' }));
    req.end(body);
  });
}

export interface StartedContainer {
  readonly id: string;
  readonly port: number;
  /** From just before `docker run -d` to the first 200 on /health. */
  readonly startupMs: number;
  /** From the container's State.StartedAt to the first 200. */
  readonly fromProcessStartMs: number;
  /** The first 200's body. */
  readonly health: string;
  /** When the first 200 arrived (epoch milliseconds). */
  readonly answeredAt: number;
}

export class NoHealthyAnswer extends Error {
  constructor(message: string, readonly logs: string) {
    super(message);
  }
}

async function state(id: string): Promise<{ running: boolean; exitCode: number; startedAt: string }> {
  const r = await getEngine().docker(['inspect', '--format', '{{.State.Running}} {{.State.ExitCode}} {{.State.StartedAt}}', id], { allowFailure: true });
  const [running, exitCode, startedAt] = r.stdout.trim().split(' ');
  return { running: running === 'true', exitCode: Number(exitCode), startedAt: startedAt ?? '' };
}

/** Docker's RFC 3339 time with nanoseconds, in epoch milliseconds (to the microsecond). */
export function dockerTimeMs(text: string): number {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(text);
  if (!m) return NaN;
  const fraction = Number(`0.${(m[2] ?? '0').padEnd(6, '0').slice(0, 6)}`);
  return Date.parse(`${m[1]}${m[3]}`) + fraction * 1000;
}

/**
 * Starts the image and waits for the first 200 on /health. Throws
 * NoHealthyAnswer (with the container's logs) when it exits first or
 * timeoutMs passes; the container is removed then.
 */
export async function startService(tag: string, timeoutMs: number, env: Record<string, string> = {}): Promise<StartedContainer> {
  const port = await freePort();
  const t0 = Date.now();
  const id = await runContainer(tag, { network: ContainerNetwork.HOST, port, env });
  let lastCheck = Date.now();
  for (;;) {
    const r = await request('GET', port, '/health', undefined, 1000);
    const now = Date.now();
    if (r.status === 200) {
      const started = dockerTimeMs((await state(id)).startedAt);
      return { id, port, startupMs: now - t0, fromProcessStartMs: now - started, health: r.body, answeredAt: now };
    }
    if (now - t0 > timeoutMs || now - lastCheck > 500) {
      lastCheck = now;
      const s = await state(id);
      if (!s.running || now - t0 > timeoutMs) {
        const logs = await containerLogs(id);
        await removeContainer(id);
        throw new NoHealthyAnswer(s.running
          ? `no 200 on /health within ${timeoutMs} ms (last status ${r.status})`
          : `the container exited with ${s.exitCode} before /health answered 200`, logs);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export interface Stopped {
  /** `docker stop` (SIGTERM, SIGKILL after 10 s) until it returned. */
  readonly stopMs: number;
  readonly exitCode: number;
  readonly logs: string;
}

/** Stops, reads the exit code and logs, and removes the container. */
export async function stopService(id: string): Promise<Stopped> {
  const t0 = Date.now();
  await getEngine().docker(['stop', id]);
  const stopMs = Date.now() - t0;
  const s = await state(id);
  const logs = await containerLogs(id);
  await removeContainer(id);
  return { stopMs, exitCode: s.exitCode, logs };
}
