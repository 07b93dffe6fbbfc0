/**
 * The README's tables for issue 26: the native floor next to the default
 * options' Docker builds, and the same-session pairs of our default image
 * and the guide's prod image. Pure: results in, markdown lines out.
 */
import type { BuildRun, NativeFigure, NativeResult, PairsResult, Spread, StrategyResult } from '../../devtools/bench-results';

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

/** Median over runs of the seconds of the steps whose name matches (BuildKit's step times kept in each run). */
function stepSeconds(runs: BuildRun[] | undefined, match: RegExp): number {
  const withSteps = (runs ?? []).filter((r) => r.steps);
  if (!withSteps.length) return NaN;
  const sums = withSteps.map((r) => r.steps!.filter((st) => match.test(st.name)).reduce((t, st) => t + st.seconds, 0)).sort((a, b) => a - b);
  const mid = Math.floor(sums.length / 2);
  return sums.length % 2 ? sums[mid] : (sums[mid - 1] + sums[mid]) / 2;
}

/** The longest steps of the first run that kept them, as `name: 12.3 s`. */
function longestSteps(runs: BuildRun[] | undefined, count: number): string {
  const steps = (runs ?? []).find((r) => r.steps)?.steps ?? [];
  return steps.slice(0, count).map((st) => `\`${st.name}\` ${st.seconds.toFixed(1)} s`).join('; ');
}

export function nativeSection(n: NativeResult, skeleton: StrategyResult | undefined): string[] {
  const warmDocker = skeleton?.warm.lib;
  const toolchain = stepSeconds(skeleton?.cold.runs, /^\[toolchain /);
  const coldDocker = skeleton?.cold.seconds.median;
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
  if (known(toolchain) && known(coldDocker) && toolchain > 0) {
    lines.push('', 'The cold Docker build\'s toolchain stage (`--no-cache` runs its apt-get of musl-tools and `rustup target add` again; the native floor runs in that stage\'s image): '
      + `${toolchain.toFixed(1)} s; without it the cold ratio is ${((coldDocker - toolchain) / n.coldSeconds).toFixed(2)}x. `
      + `The cold build's longest steps: ${longestSteps(skeleton?.cold.runs, 5)}.`);
  }
  // The final build step does the same work in a cold build and in a warm rebuild (the workspace's crates, the link): its two times show how far the load moved between them.
  const finalCold = stepSeconds(skeleton?.cold.runs, /^\[builder[\w-]* \d+\/\d+\] RUN for dir /);
  const finalWarm = stepSeconds(warmDocker?.runs, /^\[builder[\w-]* \d+\/\d+\] RUN for dir /);
  if (known(finalCold) && known(finalWarm) && finalCold > 0 && finalWarm > 0) {
    lines.push('', 'The builder\'s final step (the workspace\'s crates compiled again and the binary linked, the same work in a cold build and in a warm rebuild) took '
      + `${finalCold.toFixed(1)} s in the cold build and ${finalWarm.toFixed(1)} s (median) in the warm rebuilds, against ${n.warmSeconds.toFixed(1)} s for native cargo's warm rebuild.`);
  }
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
