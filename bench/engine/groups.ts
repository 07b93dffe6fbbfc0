/**
 * The measured groups of a run, each side by side on the same engine:
 * dependency-caching strategies, release profiles, the guide's Dockerfiles,
 * sizes and linkage, arm64, start/stop, throughput.
 */
import { Built, coldBuild, Scenario, warmBuild } from './builds';
import { Config } from './config';
import { request, startService, stopService } from './containers';
import { fileBytes, scratchParts } from './image-parts';
import { NativeFloor } from './native';
import { change, checkout, copyGuideDockerfile, GUIDE_BINARY_PATH, GuideShape, render, workingChange } from './service';
import { buildFigure, median, spread } from './stats';
import { runWrk, WrkRun } from './wrk';
import { BuildFigure, BuildRun, NativeRun, ScratchParts, Served, StartStopResult, StrategyResult, ThroughputResult, WarmKind } from '../../devtools/bench-results';
import { ALPINE_IMAGE, DEBIAN_IMAGE, readElf, RUST_IMAGE, getEngine } from '../../devtools/engine-harness';
import {
  AlpineRuntime, Architecture, DebianSlimRuntime, DependencyCaching, ImageRuntime, Linkage, LtoMode, ReleaseProfile, RustMuslImageProps,
  ScratchRuntime,
} from '../../src';

export interface Context {
  readonly cfg: Config;
  /** What went wrong: a smoke run exits non-zero when this is not empty. */
  readonly failures: string[];
  /** Copies of the fixture to remove at the end. */
  readonly dirs: string[];
}

export function log(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

const START_TIMEOUT_MS = 30_000;
const EMULATED_START_TIMEOUT_MS = 120_000;

/**
 * What the guide's dummy-main Dockerfiles give on this workspace from a
 * checkout (observed in full runs): the dependency layer runs a dummy
 * build.rs, and cargo keeps its output while build.rs is older than it, so
 * every build that leaves build.rs alone fails to compile the binary crate
 * (TASK_API_BUILD_INFO is not defined); a cold build fails the same way.
 * The guide's working images come from `workingChange()` (build.rs touched).
 * An outcome other than these is a failure of the run.
 */
export const GUIDE_EXPECTED: Record<'cold' | WarmKind, Served> = {
  cold: 'build-failed',
  bin: 'build-failed',
  lib: 'build-failed',
  version: 'build-failed',
};

function describe(label: string, step: string, b: Built): void {
  const r = b.run;
  log(`${label} ${step}: ${r.seconds.toFixed(1)} s, ${r.served}${r.detail ? ` (${r.detail})` : ''}, ${r.compilingLines} Compiling${r.compiled && r.compiled.length < 12 ? ` [${r.compiled.join(' ')}]` : ''}, load ${r.load1}`);
}

function check(ctx: Context, label: string, step: string, b: Built, expected: Served): void {
  describe(label, step, b);
  const detail = b.run.detail ? ` (${b.run.detail})` : '';
  if (b.run.served !== expected) {
    ctx.failures.push(`${label} ${step}: ${b.run.served}, expected ${expected}${detail}`);
  } else if (expected === 'build-failed' && !/^error(\[E\d+\])?:/.test(b.run.detail ?? '')) {
    // The guide's expected failure is rustc's; anything else (the engine, the context) is the run's own.
    ctx.failures.push(`${label} ${step}: failed to build, but not with a compile error${detail}`);
  }
}

/** A copy of the fixture with a library rendering, re-rendered after each change. */
export function libraryScenario(ctx: Context, id: string, label: string, runtime: () => ImageRuntime, props: Partial<RustMuslImageProps> = {}, dockerfile = 'Dockerfile'): Scenario {
  const dir = checkout();
  ctx.dirs.push(dir);
  const write = () => render(dir, runtime(), props, dockerfile);
  const build = write();
  const arm = build.platform === 'linux/arm64';
  const startTimeoutMs = arm ? EMULATED_START_TIMEOUT_MS : START_TIMEOUT_MS;
  return { id, label, dir, dockerfile, platform: build.platform, rerender: () => void write(), startTimeoutMs };
}

export function guideScenario(ctx: Context, shape: GuideShape, id: string, label: string): Scenario {
  const dir = checkout();
  ctx.dirs.push(dir);
  const dockerfile = copyGuideDockerfile(dir, shape);
  return { id, label, dir, dockerfile, buildArgs: { RUST_IMAGE, DEBIAN_IMAGE, ALPINE_IMAGE }, startTimeoutMs: START_TIMEOUT_MS };
}

async function pruneCacheMounts(): Promise<void> {
  const r = await getEngine().docker(['builder', 'prune', '-f', '--filter', 'type=exec.cachemount']);
  log(`emptied the cache mounts: ${r.stdout.trim().split('\n').pop()}`);
}

// --- dependency caching ----------------------------------------------------------

export interface StrategiesOutcome {
  readonly results: StrategyResult[];
  /** The default options' last fresh cold image. */
  readonly defaultTag: string;
  /** The default options' cold build logs (the crates of the fixture). */
  readonly defaultColdLogs: string[];
  /** The guide's scratch image after the library change (the guide's first image that serves the service). */
  readonly guideScratchTag?: string;
  readonly guideScratchCold?: BuildFigure;
  /** The native floor's runs, when the configuration asked for them. */
  readonly native?: { readonly cold: NativeRun[]; readonly warm: NativeRun[]; readonly setup: string };
}

export async function strategies(ctx: Context): Promise<StrategiesOutcome> {
  const { cfg } = ctx;
  const scenarios: Array<{ s: Scenario; library: boolean; runs: number }> = [
    { s: libraryScenario(ctx, 'skeleton', 'DependencyCaching.skeleton() (default)', () => new ScratchRuntime()), library: true, runs: cfg.runs },
  ];
  if (cfg.scope === 'all') {
    scenarios.push(
      { s: libraryScenario(ctx, 'cacheMounts', 'DependencyCaching.cacheMounts()', () => new ScratchRuntime(), { dependencyCaching: DependencyCaching.cacheMounts() }), library: true, runs: cfg.otherRuns },
      { s: libraryScenario(ctx, 'none', 'DependencyCaching.none()', () => new ScratchRuntime(), { dependencyCaching: DependencyCaching.none() }), library: true, runs: cfg.otherRuns },
      { s: guideScenario(ctx, 'scratch', 'guideDummyMain', 'the guide\'s dummy main.rs (its scratch Dockerfile)'), library: false, runs: cfg.otherRuns },
    );
  }
  // The native floor runs right after each default build of the same kind, so both see the same load.
  let native: NativeFloor | undefined;
  const nativeCold: NativeRun[] = [];
  const nativeWarm: NativeRun[] = [];
  const nativeStep = async (label: string, build: () => Promise<NativeRun>, into: NativeRun[]) => {
    const r = await build();
    log(`native floor ${label}: ${r.seconds.toFixed(1)} s (cpu ${r.cpuSeconds.toFixed(1)} s, docker run ${r.dockerRunSeconds.toFixed(1)} s), ${r.served}${r.detail ? ` (${r.detail})` : ''}, ${r.compilingLines} Compiling, load ${r.load1}`);
    if (r.served !== 'fresh') ctx.failures.push(`native floor ${label}: ${r.served}${r.detail ? ` (${r.detail})` : ''}`);
    into.push(r);
  };
  const cold = new Map<string, BuildRun[]>();
  const warm = new Map<string, Map<WarmKind, BuildRun[]>>();
  let defaultTag: string | undefined;
  let guideScratchTag: string | undefined;
  const defaultColdLogs: string[] = [];
  const iterations = Math.max(...scenarios.map((x) => x.runs));
  for (let i = 0; i < iterations; i++) {
    for (const { s, library } of scenarios.filter((x) => i < x.runs)) {
      if (s.id === 'cacheMounts' && cfg.pruneCacheMounts) await pruneCacheMounts();
      const c = await coldBuild(s, cfg.noCache);
      check(ctx, s.label, `cold #${i + 1}`, c, library ? 'fresh' : GUIDE_EXPECTED.cold);
      cold.set(s.id, [...(cold.get(s.id) ?? []), c.run]);
      const withNative = s.id === 'skeleton' && cfg.native;
      if (s.id === 'skeleton') {
        defaultColdLogs.push(c.log);
        if (c.run.served === 'fresh') defaultTag = c.tag;
      }
      if (withNative) {
        if (!native) {
          native = await NativeFloor.create(s, cfg.unique(0));
          ctx.dirs.push(native.dir);
        }
        await nativeStep(`cold #${i + 1}`, () => native!.cold(), nativeCold);
      }
      const kinds = i > 0 && cfg.laterWarmKinds ? cfg.laterWarmKinds[s.id] : cfg.warmKinds[s.id];
      for (const [j, kind] of (kinds ?? []).entries()) {
        // A kind repeated in one iteration gets a change of its own, or the build cache would answer it.
        const ch = change(kind, j && kinds!.indexOf(kind) !== j ? `${cfg.unique(i)}-${j}` : cfg.unique(i));
        const w = await warmBuild(s, ch);
        check(ctx, s.label, `warm ${kind} #${i + 1}`, w, library ? 'fresh' : GUIDE_EXPECTED[kind]);
        if (withNative && kind === 'lib') await nativeStep(`warm lib #${i + 1}`, () => native!.warm(ch), nativeWarm);
        const byKind = warm.get(s.id) ?? new Map<WarmKind, BuildRun[]>();
        byKind.set(kind, [...(byKind.get(kind) ?? []), w.run]);
        warm.set(s.id, byKind);
        if (s.id === 'guideDummyMain' && kind === 'lib' && w.run.served === 'fresh') guideScratchTag = w.tag;
      }
    }
  }
  if (!defaultTag) throw new Error('no cold build with the default options served the service: nothing else can be measured');
  await native?.dispose();
  if (!guideScratchTag && cfg.scope === 'all') {
    const guide = scenarios.find((x) => x.s.id === 'guideDummyMain')!.s;
    const w = await warmBuild(guide, workingChange(cfg.unique(0)));
    check(ctx, guide.label, 'working image (build.rs touched)', w, 'fresh');
    guideScratchTag = w.tag;
  }
  const results = scenarios.map(({ s }) => {
    const coldFigure = buildFigure(cold.get(s.id) ?? []);
    const warmFigures: Partial<Record<WarmKind, BuildFigure>> = {};
    for (const [kind, runs] of warm.get(s.id) ?? []) warmFigures[kind] = buildFigure(runs);
    const lib = warmFigures.lib;
    return {
      id: s.id,
      label: s.label,
      cold: coldFigure,
      warm: warmFigures,
      warmLibRatio: lib ? lib.seconds.median / coldFigure.seconds.median : undefined,
      ...(s.id === 'cacheMounts' ? { note: cfg.pruneCacheMounts ? 'cache mounts emptied before each cold build' : 'cache mounts NOT emptied (smoke run): its cold build is not cold' } : {}),
    };
  });
  const nativeRuns = native ? { cold: nativeCold, warm: nativeWarm, setup: native.setup() } : undefined;
  return { results, defaultTag, defaultColdLogs, guideScratchTag, guideScratchCold: results.find((r) => r.id === 'guideDummyMain')?.cold, native: nativeRuns };
}

// --- release profiles -------------------------------------------------------------

export interface ProfileOutcome {
  readonly id: string;
  readonly label: string;
  readonly settings: Record<string, string>;
  readonly cold: BuildFigure;
  readonly warmLib: BuildFigure;
  readonly tag?: string;
}

export const PROFILES: Array<{ id: string; label: string; profile: ReleaseProfile }> = [
  { id: 'thinLto', label: 'thin LTO: ReleaseProfile.optimized({ lto: LtoMode.THIN })', profile: ReleaseProfile.optimized({ lto: LtoMode.THIN }) },
  { id: 'thinLocal16', label: 'crate-local thin LTO, 16 codegen units: ReleaseProfile.optimized({ lto: LtoMode.THIN_LOCAL, codegenUnits: 16 })', profile: ReleaseProfile.optimized({ lto: LtoMode.THIN_LOCAL, codegenUnits: 16 }) },
  { id: 'cargo', label: 'cargo\'s own release profile: ReleaseProfile.fromCargoToml()', profile: ReleaseProfile.fromCargoToml() },
];

export async function profiles(ctx: Context): Promise<ProfileOutcome[]> {
  const { cfg } = ctx;
  const setups = PROFILES.map((p) => ({ ...p, s: libraryScenario(ctx, `profile-${p.id}`, p.label, () => new ScratchRuntime(), { profile: p.profile }) }));
  const cold = new Map<string, BuildRun[]>();
  const warm = new Map<string, BuildRun[]>();
  const tags = new Map<string, string>();
  for (let i = 0; i < cfg.otherRuns; i++) {
    for (const p of setups) {
      const c = await coldBuild(p.s, cfg.noCache);
      check(ctx, p.id, `cold #${i + 1}`, c, 'fresh');
      cold.set(p.id, [...(cold.get(p.id) ?? []), c.run]);
      if (c.run.served === 'fresh' && c.tag) tags.set(p.id, c.tag);
      const w = await warmBuild(p.s, change('lib', cfg.unique(i)));
      check(ctx, p.id, `warm lib #${i + 1}`, w, 'fresh');
      warm.set(p.id, [...(warm.get(p.id) ?? []), w.run]);
    }
  }
  return setups.map((p) => ({
    id: p.id,
    label: p.label,
    settings: p.profile.environment(),
    cold: buildFigure(cold.get(p.id) ?? []),
    warmLib: buildFigure(warm.get(p.id) ?? []),
    tag: tags.get(p.id),
  }));
}

// --- the guide's Dockerfiles --------------------------------------------------------

export interface GuideOutcome {
  readonly shape: GuideShape;
  readonly label: string;
  readonly dockerfile: string;
  readonly cold: BuildFigure;
  /** The image after the library change, the first one of this Dockerfile that serves the service. */
  readonly workingTag?: string;
  readonly workingServed: Served;
}

/** Cold builds of the guide's prod and alpine Dockerfiles, then a library change for an image that serves. */
export async function guideImages(ctx: Context): Promise<GuideOutcome[]> {
  const { cfg } = ctx;
  const shapes: Array<{ shape: GuideShape; label: string; runs: number }> = [
    { shape: 'prod', label: 'the guide\'s prod Dockerfile (Debian slim)', runs: cfg.scope === 'all' ? cfg.runs : cfg.otherRuns },
    ...(cfg.scope === 'all' ? [{ shape: 'alpine' as GuideShape, label: 'the guide\'s alpine Dockerfile', runs: cfg.otherRuns }] : []),
  ];
  const setups = shapes.map((x) => ({ ...x, s: guideScenario(ctx, x.shape, `guide-${x.shape}`, x.label) }));
  const cold = new Map<GuideShape, BuildRun[]>();
  // --floor needs only the guide's working prod image (for the pairs): its failing cold build comes from the build cache.
  const noCache = cfg.scope === 'all' && cfg.noCache;
  for (let i = 0; i < Math.max(...setups.map((x) => x.runs)); i++) {
    for (const x of setups.filter((y) => i < y.runs)) {
      const c = await coldBuild(x.s, noCache);
      check(ctx, x.label, `cold #${i + 1}`, c, GUIDE_EXPECTED.cold);
      cold.set(x.shape, [...(cold.get(x.shape) ?? []), c.run]);
    }
  }
  const out: GuideOutcome[] = [];
  for (const x of setups) {
    const w = await warmBuild(x.s, workingChange(cfg.unique(0)));
    check(ctx, x.label, 'working image (library change, build.rs touched)', w, 'fresh');
    const coldFigure = buildFigure(cold.get(x.shape) ?? []);
    out.push({ shape: x.shape, label: x.label, dockerfile: x.s.dockerfile, cold: coldFigure, workingTag: w.tag, workingServed: w.run.served });
  }
  return out;
}

/** Our images of the guide's shapes (Debian slim, Alpine), on the default builder's cached stages. */
export async function ourShapes(ctx: Context): Promise<Record<'prod' | 'alpine', { tag?: string; imageBytes: number; served: Served; seconds: number }>> {
  const shapes: Array<['prod' | 'alpine', string, () => ImageRuntime]> = [
    ['prod', 'DebianSlimRuntime', () => new DebianSlimRuntime()],
    ['alpine', 'AlpineRuntime', () => new AlpineRuntime()],
  ];
  const out: Partial<Record<'prod' | 'alpine', { tag?: string; imageBytes: number; served: Served; seconds: number }>> = {};
  for (const [shape, label, runtime] of shapes) {
    const s = libraryScenario(ctx, `ours-${shape}`, label, runtime);
    const b = await coldBuild(s, false);
    check(ctx, label, 'build on the cached builder stages', b, 'fresh');
    const imageBytes = b.tag ? Number((await getEngine().docker(['image', 'inspect', '--format', '{{.Size}}', b.tag])).stdout.trim()) : NaN;
    out[shape] = { tag: b.tag, imageBytes, served: b.run.served, seconds: b.run.seconds };
  }
  return out as Record<'prod' | 'alpine', { tag?: string; imageBytes: number; served: Served; seconds: number }>;
}

export async function guideImageSizes(tag: string | undefined, shape: GuideShape): Promise<{ imageBytes: number; binaryBytes: number }> {
  if (!tag) return { imageBytes: NaN, binaryBytes: NaN };
  const imageBytes = Number((await getEngine().docker(['image', 'inspect', '--format', '{{.Size}}', tag])).stdout.trim());
  return { imageBytes, binaryBytes: await fileBytes(tag, GUIDE_BINARY_PATH[shape]) };
}

// --- sizes, linkage, arm64 --------------------------------------------------------------

export interface VariantOutcome {
  readonly cold: BuildFigure;
  readonly tag?: string;
  readonly parts: ScratchParts;
}

async function variant(ctx: Context, id: string, label: string, props: Partial<RustMuslImageProps>, runs: number): Promise<VariantOutcome> {
  const s = libraryScenario(ctx, id, label, () => new ScratchRuntime(), props);
  const runsOut: BuildRun[] = [];
  let tag: string | undefined;
  for (let i = 0; i < runs; i++) {
    const c = await coldBuild(s, ctx.cfg.noCache);
    check(ctx, label, `cold #${i + 1}`, c, 'fresh');
    runsOut.push(c.run);
    if (c.run.served === 'fresh') tag = c.tag;
  }
  if (!tag) throw new Error(`${label}: no build served the service`);
  return { cold: buildFigure(runsOut), tag, parts: await scratchParts(tag, '/app/task-api') };
}

export function glibcStatic(ctx: Context): Promise<VariantOutcome> {
  return variant(ctx, 'glibc-static', 'Linkage.GLIBC_STATIC', { linkage: Linkage.GLIBC_STATIC }, ctx.cfg.glibcRuns);
}

export async function arm64(ctx: Context): Promise<VariantOutcome & { elf: string }> {
  const v = await variant(ctx, 'arm64', 'Architecture.ARM64 (CrossCompilation.gcc(), the default)', { architecture: Architecture.ARM64 }, ctx.cfg.arm64Runs);
  const elf = await readElf(v.tag!, '/app/task-api');
  const machine = /Machine:\s+(.*)/.exec(elf)?.[1]?.trim() ?? 'unknown machine';
  const type = /Type:\s+(\S+)/.exec(elf)?.[1] ?? '?';
  const interp = /INTERP/.test(elf) ? 'with a program interpreter' : 'no program interpreter';
  const needed = (elf.match(/\(NEEDED\)/g) ?? []).length;
  return { ...v, elf: `${machine}, ${type}, ${interp}, ${needed} NEEDED` };
}

// --- start and stop -------------------------------------------------------------------------

export async function startStop(ctx: Context, images: Array<{ tag: string; label: string; emulated: boolean }>): Promise<StartStopResult[]> {
  const samples = images.map(() => ({ startup: [] as number[], fromStart: [] as number[], stop: [] as number[], exit: [] as number[] }));
  for (let i = 0; i < ctx.cfg.startStopRuns; i++) {
    for (const [k, img] of images.entries()) {
      try {
        const c = await startService(img.tag, img.emulated ? EMULATED_START_TIMEOUT_MS : START_TIMEOUT_MS);
        const s = await stopService(c.id);
        samples[k].startup.push(c.startupMs);
        samples[k].fromStart.push(Math.round(c.fromProcessStartMs));
        samples[k].stop.push(s.stopMs);
        samples[k].exit.push(s.exitCode);
        if (s.exitCode !== 0) ctx.failures.push(`${img.label}: exit code ${s.exitCode} after docker stop`);
      } catch (e) {
        ctx.failures.push(`${img.label}: start/stop #${i + 1}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
  return images.map((img, k) => {
    log(`${img.label}: start-up ${median(samples[k].startup)} ms (${samples[k].startup.join(', ')}), stop ${median(samples[k].stop)} ms, exit codes ${samples[k].exit.join(',')}`);
    return {
      image: img.tag,
      label: img.label,
      emulated: img.emulated,
      startupMs: spread(samples[k].startup),
      fromProcessStartMs: spread(samples[k].fromStart),
      stopMs: spread(samples[k].stop),
      exitCodes: samples[k].exit,
    };
  });
}

// --- throughput -------------------------------------------------------------------------------

export const LOAD_PATH = '/api/tasks';
const SEEDED_TASKS = 10;

export async function throughput(ctx: Context, images: Array<{ tag: string; label: string }>): Promise<ThroughputResult[]> {
  const { cfg } = ctx;
  const started = [];
  try {
    for (const img of images) {
      const c = await startService(img.tag, START_TIMEOUT_MS);
      started.push(c);
      for (let n = 0; n < SEEDED_TASKS; n++) {
        const r = await request('POST', c.port, LOAD_PATH, JSON.stringify({ title: `seeded task ${n + 1}` }));
        if (r.status !== 201) ctx.failures.push(`${img.label}: POST ${LOAD_PATH} answered ${r.status}`);
      }
      await runWrk(c.port, LOAD_PATH, { ...cfg.wrk, durationSeconds: cfg.wrkWarmupSeconds });
    }
    const runs: WrkRun[][] = images.map(() => []);
    for (let i = 0; i < cfg.wrkRuns; i++) {
      for (const [k, img] of images.entries()) {
        const w = await runWrk(started[k].port, LOAD_PATH, cfg.wrk);
        log(`${img.label}: ${w.requestsPerSecond} requests/s, p50 ${w.latencyP50Ms} ms, p99 ${w.latencyP99Ms} ms`);
        if (w.non2xx || w.socketErrors) ctx.failures.push(`${img.label}: wrk saw ${w.non2xx} non-2xx answers and ${w.socketErrors} socket errors`);
        runs[k].push(w);
      }
    }
    return images.map((img, k) => ({
      image: img.tag,
      label: img.label,
      path: LOAD_PATH,
      ...cfg.wrk,
      requestsPerSecond: spread(runs[k].map((w) => w.requestsPerSecond)),
      latencyP50Ms: spread(runs[k].map((w) => w.latencyP50Ms)),
      latencyP99Ms: spread(runs[k].map((w) => w.latencyP99Ms)),
      non2xx: runs[k].reduce((n, w) => n + w.non2xx, 0),
      socketErrors: runs[k].reduce((n, w) => n + w.socketErrors, 0),
    }));
  } finally {
    for (const c of started) await stopService(c.id).catch(() => undefined);
  }
}
