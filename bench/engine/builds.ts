/**
 * One build of a scenario and what its image serves: the build is timed,
 * its `Compiling` lines counted, and the image is started to read /health
 * and the start-up log, so a stale binary is recorded as stale instead of
 * being timed as a success.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { NoHealthyAnswer, startService } from './containers';
import { applyChange, BASELINE, Change, Expected, mismatch, revertChange } from './service';
import { parseSteps } from './steps';
import { BuildRun, Served } from '../../devtools/bench-results';
import { containerLogs, compiledCrates, getEngine, tryBuildImage } from '../../devtools/engine-harness';

/** A Dockerfile in a copy of the fixture, and how to build it. */
export interface Scenario {
  readonly id: string;
  readonly label: string;
  readonly dir: string;
  readonly dockerfile: string;
  readonly buildArgs?: Record<string, string>;
  readonly platform?: string;
  /** Writes the rendering again after a change (the library: a synth before every build); the guide's files are fixed. */
  readonly rerender?: () => void;
  /** How long the image may take to answer 200 on /health (longer under emulation). */
  readonly startTimeoutMs: number;
}

export interface Built {
  readonly run: BuildRun;
  /** The image, when it built. */
  readonly tag?: string;
  readonly log: string;
}

let serial = 0;

/** Where the logs of failed builds are kept for a look afterwards. */
export const FAILED_LOGS = path.join(os.tmpdir(), 'cdk-rust-image-bench-engine-logs');

function firstError(log: string): string {
  return /error(\[E\d+\])?: [^\n]*/.exec(log)?.[0]
    ?? /ERROR: [^\n]*/.exec(log)?.[0]
    ?? log.trim().split('\n').slice(-3).join(' / ');
}

/** Starts the image, reads /health and the start-up log, removes the container. */
export async function served(tag: string, expected: Expected, startTimeoutMs: number): Promise<{ served: Served; detail?: string }> {
  try {
    const c = await startService(tag, startTimeoutMs);
    // The start-up line is logged before the listener accepts; give the log a moment to reach the engine.
    let logs = await containerLogs(c.id);
    for (let i = 0; i < 20 && !/build_id=/.test(logs); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      logs = await containerLogs(c.id);
    }
    await getEngine().docker(['rm', '-f', c.id], { allowFailure: true });
    const wrong = mismatch(c.health, logs, expected);
    return wrong ? { served: 'stale', detail: wrong } : { served: 'fresh' };
  } catch (e) {
    if (!(e instanceof NoHealthyAnswer)) throw e;
    // The guide's dependency layer builds `fn main() {}`: a binary that exits 0 at once, saying nothing.
    if (/exited with 0 /.test(e.message) && e.logs.trim() === '') {
      return { served: 'stale', detail: 'the binary exited 0 at once without output: the dummy main.rs of the dependency layer' };
    }
    return { served: 'no-200', detail: `${e.message}; logs: ${e.logs.trim().slice(-400)}` };
  }
}

/** Builds the scenario's Dockerfile as it is now and checks what the image serves. */
export async function buildAndCheck(s: Scenario, step: string, expected: Expected, noCache: boolean): Promise<Built> {
  // Repository names are lower case.
  const tag = `bench-engine/${s.id.toLowerCase()}:${++serial}-${step}`;
  const load1 = Math.round(os.loadavg()[0] * 100) / 100;
  const r = await tryBuildImage(s.dir, s.dockerfile, tag, { noCache, buildArgs: s.buildArgs, platform: s.platform });
  const compiled = compiledCrates(r.log);
  // Where the default options' time goes, next to the native floor.
  const steps = s.id === 'skeleton' ? parseSteps(r.log) : undefined;
  const base = { seconds: r.durationMs / 1000, ok: r.ok, compilingLines: compiled.length, compiled, load1, ...(steps ? { steps } : {}) };
  if (!r.ok) {
    fs.mkdirSync(FAILED_LOGS, { recursive: true });
    fs.writeFileSync(path.join(FAILED_LOGS, `${tag.replace(/[/:]/g, '_')}.log`), r.log);
    return { run: { ...base, served: 'build-failed', detail: firstError(r.log) }, log: r.log };
  }
  const check = await served(tag, expected, s.startTimeoutMs);
  return { run: { ...base, ...check }, tag, log: r.log };
}

/** The cold build: `--no-cache` in a full run. */
export async function coldBuild(s: Scenario, noCache: boolean): Promise<Built> {
  const b = await buildAndCheck(s, 'cold', BASELINE, noCache);
  // The crates of a cold build are every crate: the count says enough.
  return { ...b, run: { ...b.run, compiled: undefined } };
}

/** A warm rebuild after one change from the baseline; the change is undone afterwards. */
export async function warmBuild(s: Scenario, c: Change): Promise<Built> {
  applyChange(s.dir, c);
  try {
    s.rerender?.();
    return await buildAndCheck(s, `warm-${c.kind}`, c.expected, false);
  } finally {
    revertChange(s.dir, c);
    s.rerender?.();
  }
}
