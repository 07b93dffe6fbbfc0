/**
 * How much a run measures. A full run (`npx projen bench:engine`) repeats
 * the figures the targets are judged on three times, takes the comparisons
 * around them once (its `cut` says which), and builds cold with
 * `--no-cache`; a smoke run
 * (`npx projen bench:engine:smoke`) takes every code path once, builds
 * without `--no-cache` and with fixed change markers (so a warm engine
 * answers most builds from its cache), and writes its results elsewhere.
 */
import * as os from 'os';
import * as path from 'path';
import { WrkOptions } from './wrk';
import { WarmKind } from '../../devtools/bench-results';
import { REPO_ROOT } from '../../devtools/engine-harness';

export interface Config {
  readonly mode: 'full' | 'smoke';
  /**
   * `all`: every group; `floor` (`--floor`): what issue 26 judges, in the
   * time one loaded sitting affords: the default options and the native
   * floor side by side, the scratch image's parts, the guide's prod image and
   * the same-session pairs.
   */
  readonly scope: 'all' | 'floor';
  /** Cargo alone in the toolchain stage, after each default cold build and warm library rebuild. */
  readonly native: boolean;
  /** Runs of each build figure of the default options and the guide's prod Dockerfile (at least 3 in a full run). */
  readonly runs: number;
  /** Runs of the other strategies, profiles and images. */
  readonly otherRuns: number;
  /** The warm rebuilds per strategy id, after the first cold build. */
  readonly warmKinds: Record<string, WarmKind[]>;
  /** The warm rebuilds per strategy id after the later cold builds (default: warmKinds). */
  readonly laterWarmKinds?: Record<string, WarmKind[]>;
  /** Cold builds of the arm64 cross build and of static glibc. */
  readonly arm64Runs: number;
  readonly glibcRuns: number;
  readonly startStopRuns: number;
  readonly wrk: WrkOptions;
  readonly wrkRuns: number;
  readonly wrkWarmupSeconds: number;
  /** `--no-cache` for cold builds. */
  readonly noCache: boolean;
  /** `docker builder prune -f --filter type=exec.cachemount` before each cold build of cacheMounts(). */
  readonly pruneCacheMounts: boolean;
  /** Goes into every change's new value: unique per run and iteration in a full run. */
  readonly unique: (iteration: number) => string;
  readonly out: string;
  /** What this configuration leaves out against the plan, in words (written into the results). */
  readonly cut: string[];
}

const ALL_WARM: WarmKind[] = ['bin', 'lib', 'version'];

/** The running service's figures in a full run (both scopes): start/stop runs and wrk. */
const SERVICE_RUNS = {
  startStopRuns: 10,
  wrk: { threads: 2, connections: 32, durationSeconds: 10 },
  wrkRuns: 3,
  wrkWarmupSeconds: 2,
};

export function config(argv: string[]): Config {
  const smoke = argv.includes('--smoke');
  const floor = argv.includes('--floor');
  const scope = floor ? 'floor' : 'all';
  const runsFlag = argv.indexOf('--runs');
  const warmFlag = argv.indexOf('--warm-runs');
  const runsArg = runsFlag >= 0 ? Number(argv[runsFlag + 1]) : undefined;
  // Library rebuilds after each cold build of the default options (each with its own change).
  const warmRepeats = warmFlag >= 0 ? Number(argv[warmFlag + 1]) : 1;
  const libs: WarmKind[] = Array.from({ length: warmRepeats }, () => 'lib');
  const outFlag = argv.indexOf('--out');
  const out = outFlag >= 0 ? path.resolve(argv[outFlag + 1]) : undefined;
  if (smoke) {
    return {
      mode: 'smoke',
      scope,
      native: true,
      runs: 1,
      otherRuns: 1,
      warmKinds: floor ? { skeleton: libs } : { skeleton: ALL_WARM, cacheMounts: ALL_WARM, none: ALL_WARM, guideDummyMain: ALL_WARM },
      arm64Runs: 1,
      glibcRuns: 1,
      startStopRuns: 2,
      wrk: { threads: 2, connections: 32, durationSeconds: 2 },
      wrkRuns: 1,
      wrkWarmupSeconds: 1,
      noCache: false,
      pruneCacheMounts: false,
      unique: () => 'smoke',
      out: out ?? path.join(os.tmpdir(), 'cdk-rust-image-bench-engine-smoke.json'),
      cut: ['smoke run: one run of everything, cold builds from the build cache (no --no-cache, cache mounts not emptied), fixed change markers, 2 s of wrk'],
    };
  }
  if (out && out !== path.join(REPO_ROOT, 'bench', 'results', 'engine.json')) {
    throw new Error('a full run writes bench/results/engine.json; --out is for smoke runs');
  }
  const runId = Date.now().toString(36);
  if (floor) {
    const runs = runsArg ?? 2;
    return {
      mode: 'full',
      scope,
      native: true,
      runs,
      otherRuns: 1,
      warmKinds: { skeleton: libs },
      arm64Runs: 0,
      glibcRuns: 0,
      ...SERVICE_RUNS,
      noCache: true,
      pruneCacheMounts: false,
      unique: (iteration) => `${runId}-${iteration}`,
      out: path.join(REPO_ROOT, 'bench', 'results', 'engine.json'),
      cut: [
        `issue 26's groups only (--floor), what one sitting afforded: ${runs} cold build${runs > 1 ? 's' : ''} of the default options and of the native floor, `
          + `${runs * warmRepeats} warm rebuilds of each after a library change (alternating Docker, native), the guide's prod Dockerfile from the build cache (its cold build is not measured) and its working image after a library change, `
          + `${SERVICE_RUNS.startStopRuns} alternating start/stop runs and ${SERVICE_RUNS.wrkRuns} alternating wrk runs of the default and the guide's prod image`,
        'not re-run: the other dependency-caching strategies, the release profiles, the guide\'s alpine and scratch Dockerfiles, our Debian and Alpine images, static glibc, arm64',
      ],
    };
  }
  // What one sitting on a 2-core machine affords (about 70 minutes; a cold
  // build of the fixture takes 3 to 4 minutes): three runs of every figure
  // the targets are judged on, one of the comparisons around them.
  return {
    mode: 'full',
    scope,
    native: true,
    runs: 3,
    otherRuns: 1,
    warmKinds: { skeleton: ALL_WARM, cacheMounts: ['lib'], none: [], guideDummyMain: ['lib'] },
    laterWarmKinds: { skeleton: ['lib'], cacheMounts: ['lib'], none: [], guideDummyMain: ['lib'] },
    arm64Runs: 1,
    glibcRuns: 1,
    ...SERVICE_RUNS,
    noCache: true,
    pruneCacheMounts: true,
    unique: (iteration) => `${runId}-${iteration}`,
    out: path.join(REPO_ROOT, 'bench', 'results', 'engine.json'),
    cut: [
      'three runs: the default options (cold, warm after a library change) and the guide\'s prod Dockerfile (cold); one run: everything else',
      'warm rebuilds after a binary-crate change and a version bump: the default options only, one run each',
      'DependencyCaching.none(): cold only (its warm rebuild is a cold build by construction)',
      'cacheMounts(), the guide\'s dummy main.rs, the release profiles, the guide\'s alpine Dockerfile, static glibc and arm64: one run each',
    ],
  };
}
