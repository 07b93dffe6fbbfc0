/**
 * The README's tables for issue 26: the native floor next to the default
 * options' Docker builds, and the same-session pairs of our default image
 * and the guide's prod image. Pure: results in, markdown lines out.
 */
import type { NativeFigure, NativeResult, PairsResult, Spread, StrategyResult } from '../../devtools/bench-results';

const DASH = '–';
const known = (x: number | undefined): x is number => x !== undefined && Number.isFinite(x);

function secs(x: Spread | undefined): string {
  if (!x || !known(x.median)) return DASH;
  const v = (n: number) => n.toFixed(1);
  return x.runs.length > 1 ? `${v(x.median)} s (${v(x.min)}–${v(x.max)})` : `${v(x.median)} s`;
}

function fig(x: Spread | undefined, unit: string, digits = 0): string {
  if (!x || !known(x.median)) return DASH;
  const v = (n: number) => n.toFixed(digits);
  const u = unit ? ` ${unit}` : '';
  return x.runs.length > 1 ? `${v(x.median)}${u} (${v(x.min)}–${v(x.max)})` : `${v(x.median)}${u}`;
}

function nativeCell(f: NativeFigure): string {
  const fresh = f.runs.filter((r) => r.served === 'fresh').length;
  return `${secs(f.seconds)}; cpu ${secs(f.cpuSeconds)}; ${f.runs.length ? Math.round(f.runs.reduce((n, r) => n + r.compilingLines, 0) / f.runs.length) : 0} compiled; ${fresh}/${f.runs.length} fresh`;
}

export function nativeSection(n: NativeResult, skeleton: StrategyResult | undefined): string[] {
  const warmDocker = skeleton?.warm.lib;
  const lines = [
    '**The native floor** (issue 26): the same fixture built by cargo alone in the rendering\'s own toolchain stage, no Dockerfile layers, '
      + 'each run right after the Docker build of the same kind (cold, then warm after the same library change) so both see the same load. '
      + `Setup: ${n.setup}. "Cargo steps": the builder stage's cargo steps in BuildKit's plain log (the dependency layer and the final build); `
      + 'the rest of the Docker build\'s wall time is what Docker adds around cargo (toolchain stage, context, copies, exporting the image; the probe\'s stage runs beside the dependency layer).',
    '',
    '| Build | Docker (default options) | Docker: cargo steps | Native cargo | Docker / native |',
    '| --- | --- | ---: | --- | ---: |',
    `| cold | ${secs(skeleton?.cold.seconds)} | ${known(n.dockerCargoColdSeconds) ? `${n.dockerCargoColdSeconds.toFixed(1)} s` : DASH} | ${nativeCell(n.cold)} | ${n.coldRatio.toFixed(2)}x |`,
    `| warm (library change) | ${secs(warmDocker?.seconds)} | ${known(n.dockerCargoWarmSeconds) ? `${n.dockerCargoWarmSeconds.toFixed(1)} s` : DASH} | ${nativeCell(n.warm)} | ${n.warmRatio.toFixed(2)}x |`,
  ];
  return lines;
}

export function pairsSection(p: PairsResult): string[] {
  const d = p.samples.default;
  const g = p.samples.guide;
  const row = (name: string, a: string, b: string, ratio?: number) => `| ${name} | ${a} | ${b} | ${known(ratio) ? `${ratio.toFixed(2)}x` : DASH} |`;
  return [
    `**Same session, alternating** (issue 26): our default image and ${p.guideImage.startsWith('the image') ? 'the guide\'s prod image' : p.guideImage}, `
      + `runs alternating (ours, guide, ours, guide...): ${p.startStopRuns} start/stop runs each (a new container per run, memory read 1 s after the first 200 with no request since), `
      + `then both running side by side, ${p.wrkRuns} alternating runs each of \`wrk -t${p.wrk.threads} -c${p.wrk.connections} -d${p.wrk.durationSeconds}s\` on \`GET ${p.wrk.path}\` `
      + '(10 tasks stored, after a warm-up) with memory sampled every 250 ms. Medians, spread in brackets. Memory: the container\'s cgroup usage less its inactive page cache (what `docker stats` shows); '
      + 'process start: `process_start_time_seconds` on `/metrics`, taken first thing in `main`. '
      + `The guide's image: ${p.guideImage}.`,
    '',
    '| Figure | Ours (default, scratch) | The guide\'s prod image | Ours / guide\'s |',
    '| --- | --- | --- | ---: |',
    row('start-up: `docker run -d` to the first 200', fig(d.startupMs, 'ms'), fig(g.startupMs, 'ms'), p.startupMs.default / p.startupMs.guide),
    row('container start (StartedAt) to the first 200', fig(d.fromContainerStartMs, 'ms'), fig(g.fromContainerStartMs, 'ms')),
    row('process start to the first 200', fig(d.processToFirstResponseMs, 'ms', 1), fig(g.processToFirstResponseMs, 'ms', 1)),
    row('stop: `docker stop` until it returned', fig(d.stopMs, 'ms'), fig(g.stopMs, 'ms'), p.stopMs.default / p.stopMs.guide),
    row('exit codes', [...new Set(d.exitCodes)].join(', ') || DASH, [...new Set(g.exitCodes)].join(', ') || DASH),
    row('requests/s', fig(d.requestsPerSecond, ''), fig(g.requestsPerSecond, ''), p.requestsPerSecond.default / p.requestsPerSecond.guide),
    row('p50 latency', fig(d.latencyP50Ms, 'ms', 2), fig(g.latencyP50Ms, 'ms', 2)),
    row('p99 latency', fig(d.latencyP99Ms, 'ms', 2), fig(g.latencyP99Ms, 'ms', 2), p.latencyP99Ms.default / p.latencyP99Ms.guide),
    row('wrk errors (non-2xx + socket)', String(d.non2xx + d.socketErrors), String(g.non2xx + g.socketErrors)),
    row('memory, idle', fig(d.memoryIdleMiB, 'MiB', 2), fig(g.memoryIdleMiB, 'MiB', 2), p.memoryIdleMiB.default / p.memoryIdleMiB.guide),
    row('memory, under load (peak)', fig(d.memoryLoadMiB, 'MiB', 2), fig(g.memoryLoadMiB, 'MiB', 2), p.memoryLoadMiB.default / p.memoryLoadMiB.guide),
    row('resident set (VmRSS), idle', fig(d.rssIdleMiB, 'MiB', 2), fig(g.rssIdleMiB, 'MiB', 2)),
    row('resident set (VmRSS), under load (peak)', fig(d.rssLoadMiB, 'MiB', 2), fig(g.rssLoadMiB, 'MiB', 2)),
  ];
}
