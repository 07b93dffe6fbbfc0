/**
 * Load on 127.0.0.1 with Debian's wrk (`apt-get install wrk`), bounded in
 * threads, connections and time.
 */
import { run } from '../../devtools/engine-harness';

export interface WrkOptions {
  readonly threads: number;
  readonly connections: number;
  readonly durationSeconds: number;
}

export interface WrkRun {
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  readonly non2xx: number;
  readonly socketErrors: number;
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

function durationMs(text: string): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(text);
  if (!m) throw new Error(`wrk: unexpected duration "${text}"`);
  return Number(m[1]) * UNIT_MS[m[2]];
}

/** wrk's report (with --latency), parsed; throws on a report it does not recognize. */
export function parseWrk(output: string): WrkRun {
  const rps = /^Requests\/sec:\s+([\d.]+)/m.exec(output);
  const requests = /^\s*(\d+) requests in /m.exec(output);
  const p50 = /^\s+50%\s+(\S+)/m.exec(output);
  const p99 = /^\s+99%\s+(\S+)/m.exec(output);
  if (!rps || !requests || !p50 || !p99) throw new Error(`wrk: unexpected report:\n${output}`);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  return {
    requests: Number(requests[1]),
    requestsPerSecond: Number(rps[1]),
    latencyP50Ms: durationMs(p50[1]),
    latencyP99Ms: durationMs(p99[1]),
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(output)?.[1] ?? 0),
    socketErrors: socket ? socket.slice(1).map(Number).reduce((a, b) => a + b, 0) : 0,
  };
}

export async function wrkVersion(): Promise<string> {
  const r = await run('wrk', ['--version'], { allowFailure: true });
  return (r.stdout + r.stderr).split('\n')[0].trim();
}

/** One wrk run against http://127.0.0.1:<port><urlPath>. */
export async function runWrk(port: number, urlPath: string, o: WrkOptions): Promise<WrkRun> {
  const r = await run('wrk', [`-t${o.threads}`, `-c${o.connections}`, `-d${o.durationSeconds}s`, '--timeout', '5s', '--latency', `http://127.0.0.1:${port}${urlPath}`], {
    timeoutMs: (o.durationSeconds + 30) * 1000,
  });
  return parseWrk(r.stdout);
}
