/**
 * Same-session pairs (issue 26, item 3): our default image and the guide's
 * prod image, measured alternately (ours, guide, ours, guide...) so both see
 * the same engine and the same load, which on a shared machine moves more
 * than either image does. Start-up and stop: a new container per run, its
 * memory read one second after the first 200 with no request since. Load:
 * both containers run side by side, seeded with the same tasks, warmed up,
 * and wrk runs alternate between them while their memory is sampled.
 */
import { request, startService, stopService } from './containers';
import { Context, LOAD_PATH, log } from './groups';
import { ContainerMemory, MemorySample } from './memory';
import { median, round, spread } from './stats';
import { runWrk, WrkRun } from './wrk';
import { PairFigure, PairSamples, PairsResult } from '../../devtools/bench-results';

const START_TIMEOUT_MS = 30_000;
const SEEDED_TASKS = 10;
const IDLE_SETTLE_MS = 1000;

export interface PairImage {
  readonly tag: string;
  readonly label: string;
}

/** The process's start as the service reports it on /metrics (process_start_time_seconds, taken first thing in main), in epoch ms. */
export function processStartMs(metrics: string): number | undefined {
  const m = /^process_start_time_seconds ([\d.e+]+)$/m.exec(metrics);
  return m ? Number(m[1]) * 1000 : undefined;
}

interface Collected {
  startup: number[];
  fromStart: number[];
  processToFirst: number[];
  stop: number[];
  exit: number[];
  idle: MemorySample[];
  load: MemorySample[];
  wrk: WrkRun[];
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function startStopOnce(ctx: Context, img: PairImage, into: Collected, run: number): Promise<void> {
  const c = await startService(img.tag, START_TIMEOUT_MS);
  try {
    const metrics = await request('GET', c.port, '/metrics');
    const started = processStartMs(metrics.body);
    if (started === undefined) ctx.failures.push(`${img.label}: no process_start_time_seconds on /metrics (run ${run})`);
    else into.processToFirst.push(Math.round((c.answeredAt - started) * 10) / 10);
    const memory = await ContainerMemory.of(c.id);
    await sleep(IDLE_SETTLE_MS);
    into.idle.push(memory.sample());
  } finally {
    const s = await stopService(c.id);
    into.startup.push(c.startupMs);
    into.fromStart.push(Math.round(c.fromProcessStartMs));
    into.stop.push(s.stopMs);
    into.exit.push(s.exitCode);
    if (s.exitCode !== 0) ctx.failures.push(`${img.label}: exit code ${s.exitCode} after docker stop (run ${run})`);
  }
}

function samples(img: PairImage, c: Collected): PairSamples {
  return {
    image: img.tag,
    label: img.label,
    startupMs: spread(c.startup),
    fromContainerStartMs: spread(c.fromStart),
    processToFirstResponseMs: spread(c.processToFirst),
    stopMs: spread(c.stop),
    exitCodes: c.exit,
    memoryIdleMiB: spread(c.idle.map((m) => m.cgroupMiB)),
    rssIdleMiB: spread(c.idle.map((m) => m.rssMiB)),
    memoryLoadMiB: spread(c.load.map((m) => m.cgroupMiB)),
    rssLoadMiB: spread(c.load.map((m) => m.rssMiB)),
    requestsPerSecond: spread(c.wrk.map((w) => w.requestsPerSecond)),
    latencyP50Ms: spread(c.wrk.map((w) => w.latencyP50Ms)),
    latencyP99Ms: spread(c.wrk.map((w) => w.latencyP99Ms)),
    non2xx: c.wrk.reduce((n, w) => n + w.non2xx, 0),
    socketErrors: c.wrk.reduce((n, w) => n + w.socketErrors, 0),
  };
}

function pair(a: Collected, b: Collected, pick: (c: Collected) => number[]): PairFigure {
  return { default: round(median(pick(a)), 2), guide: round(median(pick(b)), 2) };
}

export async function pairs(ctx: Context, ours: PairImage, guide: PairImage, guideImage: string): Promise<PairsResult> {
  const { cfg } = ctx;
  const images = [ours, guide];
  const collected: Collected[] = images.map(() => ({
    startup: [], fromStart: [], processToFirst: [], stop: [], exit: [], idle: [], load: [], wrk: [],
  }));
  for (let i = 0; i < cfg.startStopRuns; i++) {
    for (const [k, img] of images.entries()) {
      try {
        await startStopOnce(ctx, img, collected[k], i + 1);
      } catch (e) {
        ctx.failures.push(`${img.label}: pairs start/stop #${i + 1}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
  const started = [];
  try {
    for (const img of images) {
      const c = await startService(img.tag, START_TIMEOUT_MS);
      started.push({ c, memory: await ContainerMemory.of(c.id) });
      for (let n = 0; n < SEEDED_TASKS; n++) {
        const r = await request('POST', c.port, LOAD_PATH, JSON.stringify({ title: `seeded task ${n + 1}` }));
        if (r.status !== 201) ctx.failures.push(`${img.label}: POST ${LOAD_PATH} answered ${r.status}`);
      }
      await runWrk(c.port, LOAD_PATH, { ...cfg.wrk, durationSeconds: cfg.wrkWarmupSeconds });
    }
    for (let i = 0; i < cfg.wrkRuns; i++) {
      for (const [k, img] of images.entries()) {
        const { c, memory } = started[k];
        const { result: w, peak } = await memory.peakDuring(runWrk(c.port, LOAD_PATH, cfg.wrk));
        log(`pairs ${img.label}: ${w.requestsPerSecond} requests/s, p99 ${w.latencyP99Ms} ms, memory under load ${peak.cgroupMiB} MiB (RSS ${peak.rssMiB} MiB)`);
        if (w.non2xx || w.socketErrors) ctx.failures.push(`${img.label}: wrk saw ${w.non2xx} non-2xx answers and ${w.socketErrors} socket errors`);
        collected[k].wrk.push(w);
        collected[k].load.push(peak);
      }
    }
  } finally {
    for (const { c } of started) await stopService(c.id).catch(() => undefined);
  }
  const [a, b] = collected;
  for (const [k, img] of images.entries()) {
    const c = collected[k];
    log(`pairs ${img.label}: start-up ${median(c.startup)} ms, process to first 200 ${median(c.processToFirst)} ms, stop ${median(c.stop)} ms, `
      + `idle ${median(c.idle.map((m) => m.cgroupMiB))} MiB, under load ${median(c.load.map((m) => m.cgroupMiB))} MiB`);
  }
  return {
    startStopRuns: cfg.startStopRuns,
    wrkRuns: cfg.wrkRuns,
    wrk: { ...cfg.wrk, path: LOAD_PATH },
    startupMs: pair(a, b, (c) => c.startup),
    stopMs: pair(a, b, (c) => c.stop),
    processToFirstResponseMs: pair(a, b, (c) => c.processToFirst),
    requestsPerSecond: pair(a, b, (c) => c.wrk.map((w) => w.requestsPerSecond)),
    latencyP99Ms: pair(a, b, (c) => c.wrk.map((w) => w.latencyP99Ms)),
    memoryIdleMiB: pair(a, b, (c) => c.idle.map((m) => m.cgroupMiB)),
    memoryLoadMiB: pair(a, b, (c) => c.load.map((m) => m.cgroupMiB)),
    samples: { default: samples(ours, a), guide: samples(guide, b) },
    guideImage,
  };
}
