import * as os from 'os';
import { BuildFigure, BuildRun, LoadSnapshot, Served, Spread } from '../../devtools/bench-results';

export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Median, min and max of the samples, which are kept as they came. */
export function spread(values: number[]): Spread {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), runs: [...values] };
}

/** The runs of one kind of build, summarized. */
export function buildFigure(runs: BuildRun[]): BuildFigure {
  const outcomes: Partial<Record<Served, number>> = {};
  for (const r of runs) outcomes[r.served] = (outcomes[r.served] ?? 0) + 1;
  return {
    seconds: spread(runs.map((r) => r.seconds)),
    compilingLines: spread(runs.map((r) => r.compilingLines)),
    runs,
    outcomes,
  };
}

export function loadNow(): LoadSnapshot {
  const [load1, load5, load15] = os.loadavg().map((l) => Math.round(l * 100) / 100);
  return { at: new Date().toISOString(), load1, load5, load15 };
}

export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
