/**
 * Real-engine benchmark on the realistic fixture (test/engine/fixtures/task-service),
 * side by side in one run on one engine:
 *
 * - cold builds and warm rebuilds (after a one-line change in the binary
 *   crate, in the library crate, and a version bump with Cargo.lock updated)
 *   with the crates each compiles, for DependencyCaching.skeleton() (default),
 *   cacheMounts(), none() and the guide's dummy-main.rs Dockerfile; every
 *   image is started and must serve its change (stale results are recorded);
 * - release profiles: the default, thin LTO, crate-local thin LTO with 16
 *   codegen units, and cargo's own (cold, warm, binary size, throughput);
 * - the guide's prod, scratch and alpine Dockerfiles next to ours;
 * - sizes (scratch image by part), musl against static glibc, the arm64
 *   cross build against the amd64 native one;
 * - start-up (docker run to the first 200 on /health) and stop (docker stop
 *   to exit), throughput and latency under wrk on 127.0.0.1;
 * - the load average around every group (the machine is shared).
 *
 *   npx projen bench:engine          full run: writes bench/results/engine.json
 *   npx projen bench:engine:smoke    every code path once; writes a temporary file
 *                                    (or --out <file>); exits non-zero on any failure
 *
 * Then `npx projen readme` puts the tables into the README.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { config } from './config';
import { arm64, Context, glibcStatic, guideImages, guideImageSizes, log, ourShapes, profiles, startStop, strategies, throughput } from './groups';
import { fileBytes, scratchParts } from './image-parts';
import { LOAD_SAMPLE_SECONDS, LoadLog, environment } from './machine';
import { pairs } from './pairs';
import { lockPackages } from './service';
import { median, round, spread } from './stats';
import { builderCargoSeconds } from './steps';
import { judge, profileVerdict } from './targets';
import { BuildFigure, EngineResults, GuideImageResult, NativeResult, NativeRun, ProfileResult, Served, StrategyResult } from '../../devtools/bench-results';
import { cleanup, ENGINE_SCRIPT, ensureStandins, getEngine, imageSizeBytes } from '../../devtools/engine-harness';
import { engineSection } from '../../scripts/readme/measured';
import { ReleaseProfile } from '../../src';

/** Distinct crates (name and version) cargo compiled for the service (the probe left out). */
function distinctCrates(buildLog: string): number {
  const crates = new Set([...buildLog.matchAll(/Compiling ([A-Za-z0-9_-]+) v(\S+)/g)].filter((m) => m[1] !== 'healthcheck').map((m) => `${m[1]}@${m[2]}`));
  return crates.size;
}

function outcomeText(f: BuildFigure): string {
  return Object.entries(f.outcomes).map(([k, n]) => `${n} ${k}`).join(', ');
}

/** The native floor's runs next to the default options' Docker builds of the same kinds. */
function nativeResult(n: { cold: NativeRun[]; warm: NativeRun[]; setup: string }, skeleton: StrategyResult): NativeResult {
  const figure = (runs: NativeRun[]) => ({ seconds: spread(runs.map((r) => r.seconds)), cpuSeconds: spread(runs.map((r) => r.cpuSeconds)), runs });
  const cold = figure(n.cold);
  const warm = figure(n.warm);
  const dockerSteps = (runs: BuildFigure | undefined) => {
    const withSteps = (runs?.runs ?? []).filter((r) => r.steps);
    return withSteps.length ? median(withSteps.map((r) => builderCargoSeconds(r.steps!))) : NaN;
  };
  return {
    coldSeconds: round(cold.seconds.median, 1),
    warmSeconds: round(warm.seconds.median, 1),
    cold,
    warm,
    setup: n.setup,
    coldRatio: round(skeleton.cold.seconds.median / cold.seconds.median, 3),
    warmRatio: round(skeleton.warm.lib!.seconds.median / warm.seconds.median, 3),
    dockerCargoColdSeconds: round(dockerSteps(skeleton.cold), 1),
    dockerCargoWarmSeconds: round(dockerSteps(skeleton.warm.lib), 1),
  };
}

function allFresh(...figures: Array<BuildFigure | undefined>): boolean {
  return figures.every((f) => !f || f.runs.every((r) => r.served === 'fresh'));
}

async function main(): Promise<void> {
  const cfg = config(process.argv.slice(2));
  const engine = getEngine();
  const ctx: Context = { cfg, failures: [], dirs: [] };
  const loads = new LoadLog();
  const t0 = Date.now();
  const partial = path.join(os.tmpdir(), `cdk-rust-image-bench-engine-${cfg.mode}-partial.json`);
  const progress: Record<string, unknown> = {};
  const keep = (key: string, value: unknown) => {
    progress[key] = value;
    fs.writeFileSync(partial, `${JSON.stringify({ progress, loads: loads.groups, failures: ctx.failures }, null, 2)}\n`);
  };
  // Removes what the run made (images, containers, copies); also on Ctrl-C or a kill.
  let tidied: Promise<void> | undefined;
  const tidy = () => tidied ??= (async () => {
    await cleanup({ images: true });
    for (const dir of ctx.dirs) fs.rmSync(dir, { recursive: true, force: true });
    if (engine.started && process.env.CDK_RUST_IMAGE_ENGINE_KEEP !== '1') {
      spawnSync('bash', [ENGINE_SCRIPT, 'stop'], { stdio: 'inherit', timeout: 120_000 });
    }
  })();
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: removing this run's images, containers and copies`);
      void tidy().finally(() => process.exit(130));
    });
  }
  log(`${cfg.mode} run; results go to ${cfg.out}; progress to ${partial}`);
  try {
    loads.startSampling();
    await ensureStandins();
    const env = await environment();
    keep('environment', env);

    const all = cfg.scope === 'all';
    const strat = await loads.group(all ? 'dependency caching strategies' : 'default options and the native floor', () => strategies(ctx));
    keep('strategies', strat.results);
    keep('native', strat.native);
    const prof = all ? await loads.group('release profiles', () => profiles(ctx)) : [];
    keep('profiles', prof);
    const guide = await loads.group(all ? 'the guide\'s Dockerfiles' : 'the guide\'s prod Dockerfile', () => guideImages(ctx));
    keep('guide', guide);
    const ours = all ? await loads.group('our images of the guide\'s shapes', () => ourShapes(ctx)) : undefined;
    keep('ours', ours);
    const sizes = await loads.group(all ? 'sizes and static glibc' : 'sizes', async () => ({
      musl: await scratchParts(strat.defaultTag, '/app/task-api'),
      glibc: all ? await glibcStatic(ctx) : undefined,
    }));
    keep('sizes', sizes);
    const arm = all ? await loads.group('arm64 cross build', () => arm64(ctx)) : undefined;
    keep('arm64', arm);

    const prod = guide.find((g) => g.shape === 'prod')!;
    const prodLabel = 'the guide\'s prod image (Debian slim)';
    if (!prod.workingTag) throw new Error('the guide\'s prod Dockerfile gave no image that serves: no pairs');
    const pr = await loads.group('same-session pairs: default and the guide\'s prod image', () => pairs(ctx,
      { tag: strat.defaultTag, label: 'default (scratch, musl)' }, { tag: prod.workingTag!, label: prodLabel },
      `the image the prod Dockerfile built after a one-line change in the library crate with build.rs touched (${prod.workingServed}); its cold builds: ${all ? outcomeText(prod.cold) : 'not measured in --floor (from the build cache)'}`));
    keep('pairs', pr);
    const ss = all ? await loads.group('start-up and stop', () => startStop(ctx, [
      { tag: strat.defaultTag, label: 'default (scratch, musl)', emulated: false },
      { tag: prod.workingTag!, label: prodLabel, emulated: false },
      { tag: sizes.glibc!.tag!, label: 'static glibc (scratch)', emulated: false },
      { tag: arm!.tag!, label: 'arm64 (scratch), emulated with qemu', emulated: true },
    ])) : [];
    keep('startStop', ss);
    const loadImages = [
      { tag: strat.defaultTag, label: 'default' },
      ...prof.filter((p) => p.tag).map((p) => ({ tag: p.tag!, label: p.id })),
      { tag: prod.workingTag, label: prodLabel },
    ];
    const tp = all ? await loads.group('throughput', () => throughput(ctx, loadImages)) : [];
    keep('throughput', tp);

    // --- assemble -------------------------------------------------------------------------
    const skeleton = strat.results.find((r) => r.id === 'skeleton')!;
    const pd = pr.samples.default;
    // Without the separate throughput and start/stop groups, the pairs' runs of the default image stand for them.
    const defaultTp = tp.find((t) => t.label === 'default') ?? {
      image: pd.image,
      label: 'default',
      path: pr.wrk.path,
      threads: pr.wrk.threads,
      connections: pr.wrk.connections,
      durationSeconds: pr.wrk.durationSeconds,
      requestsPerSecond: pd.requestsPerSecond,
      latencyP50Ms: pd.latencyP50Ms,
      latencyP99Ms: pd.latencyP99Ms,
      non2xx: pd.non2xx,
      socketErrors: pd.socketErrors,
    };
    const prodRps = tp.find((t) => t.label === prodLabel)?.requestsPerSecond.median ?? pr.requestsPerSecond.guide;
    const defaultStart = ss.find((s) => s.image === strat.defaultTag) ?? { startupMs: pd.startupMs, stopMs: pd.stopMs, exitCodes: pd.exitCodes };
    const today = { binaryBytes: sizes.musl.binaryBytes, requestsPerSecond: defaultTp.requestsPerSecond.median };

    const profileResults: ProfileResult[] = [
      {
        id: 'default',
        label: 'today\'s default: ReleaseProfile.optimized() (fat LTO, 1 codegen unit, panic=abort, stripped)',
        settings: ReleaseProfile.optimized().environment(),
        cold: skeleton.cold,
        warmLib: skeleton.warm.lib!,
        warmLibRatio: skeleton.warmLibRatio,
        binaryBytes: sizes.musl.binaryBytes,
        scratchImageBytes: sizes.musl.imageBytes,
        throughput: defaultTp,
        verdict: profileVerdict({
          warmRatio: skeleton.warmLibRatio!,
          binaryBytes: sizes.musl.binaryBytes,
          requestsPerSecond: defaultTp.requestsPerSecond.median,
          fresh: allFresh(skeleton.cold, skeleton.warm.lib),
        }, today),
      },
    ];
    for (const p of prof) {
      const binaryBytes = p.tag ? await fileBytes(p.tag, '/app/task-api') : NaN;
      const warmRatio = p.warmLib.seconds.median / p.cold.seconds.median;
      const t = tp.find((x) => x.label === p.id);
      profileResults.push({
        id: p.id,
        label: p.label,
        settings: p.settings,
        cold: p.cold,
        warmLib: p.warmLib,
        warmLibRatio: warmRatio,
        binaryBytes,
        scratchImageBytes: p.tag ? await imageSizeBytes(p.tag) : NaN,
        throughput: t,
        verdict: profileVerdict({ warmRatio, binaryBytes, requestsPerSecond: t?.requestsPerSecond.median, fresh: allFresh(p.cold, p.warmLib) },
          today),
      });
    }

    const scratchGuide = strat.results.find((r) => r.id === 'guideDummyMain');
    const alpine = guide.find((g) => g.shape === 'alpine');
    const guideResults: GuideImageResult[] = [];
    for (const [shape, label, dockerfile, cold, tag, ourLabel, ourBytes] of [
      ['prod', prod.label, prod.dockerfile, prod.cold, prod.workingTag, 'DebianSlimRuntime', ours?.prod.imageBytes ?? NaN],
      ...(scratchGuide ? [['scratch', 'the guide\'s scratch Dockerfile', 'guide-task-service-scratch.Dockerfile', scratchGuide.cold, strat.guideScratchTag, 'ScratchRuntime (default)', sizes.musl.imageBytes] as const] : []),
      ...(alpine ? [['alpine', alpine.label, 'guide-task-service-alpine.Dockerfile', alpine.cold, alpine.workingTag, 'AlpineRuntime', ours?.alpine.imageBytes ?? NaN] as const] : []),
    ] as const) {
      const s = await guideImageSizes(tag, shape);
      guideResults.push({
        id: shape,
        label,
        dockerfile: `test/engine/fixtures/${dockerfile}`,
        cold,
        imageBytes: s.imageBytes,
        binaryBytes: s.binaryBytes,
        served: (cold.runs[0]?.served ?? 'not-checked') as Served,
        ours: { label: ourLabel, coldSeconds: skeleton.cold.seconds.median, imageBytes: ourBytes },
      });
    }
    const native = strat.native ? nativeResult(strat.native, skeleton) : undefined;

    loads.stopSampling();
    const defaultBuilds = [skeleton.cold, ...Object.values(skeleton.warm)].flatMap((f) => f!.runs);
    const results: EngineResults = {
      run: {
        mode: cfg.mode,
        scope: cfg.scope,
        date: new Date(t0).toISOString(),
        durationSeconds: Math.round((Date.now() - t0) / 1000),
        runsPerFigure: cfg.runs,
        startStopRuns: cfg.startStopRuns,
        cut: cfg.cut,
        failures: ctx.failures,
      },
      environment: env,
      load: { groups: loads.groups, sampled: spread(loads.samples), sampleSeconds: LOAD_SAMPLE_SECONDS },
      fixture: {
        name: 'test/engine/fixtures/task-service',
        crates: Math.max(...strat.defaultColdLogs.map(distinctCrates)),
        lockPackages: lockPackages(),
      },
      default: {
        coldSeconds: round(skeleton.cold.seconds.median, 1),
        warmSeconds: round(skeleton.warm.lib!.seconds.median, 1),
        warmBinSeconds: round(skeleton.warm.bin?.seconds.median ?? NaN, 1),
        warmVersionSeconds: round(skeleton.warm.version?.seconds.median ?? NaN, 1),
        binaryBytes: sizes.musl.binaryBytes,
        scratchImageBytes: sizes.musl.imageBytes,
        startupMs: defaultStart.startupMs.median,
        stopMs: defaultStart.stopMs.median,
        requestsPerSecond: round(defaultTp.requestsPerSecond.median, 0),
        latencyP50Ms: defaultTp.latencyP50Ms.median,
        latencyP99Ms: defaultTp.latencyP99Ms.median,
        probeBytes: sizes.musl.probeBytes,
        processToFirstResponseMs: pr.processToFirstResponseMs.default,
      },
      native,
      pairs: pr,
      guide: {
        prodColdSeconds: all ? round(prod.cold.seconds.median, 1) : NaN,
        prodRequestsPerSecond: round(prodRps, 0),
        prodImageBytes: guideResults[0].imageBytes,
        prodThroughputImage: pr.guideImage,
      },
      strategies: strat.results,
      profiles: all ? profileResults : [],
      guideImages: guideResults,
      sizes: { musl: sizes.musl, glibcStatic: sizes.glibc?.parts },
      linkage: { glibcStaticCold: sizes.glibc?.cold },
      arm64: arm ? { crossCold: arm.cold, nativeColdSeconds: skeleton.cold.seconds.median, scratch: arm.parts, elf: arm.elf } : undefined,
      startStop: ss,
      throughput: tp,
      targets: judge({
        coldSeconds: skeleton.cold.seconds.median,
        warmLibSeconds: skeleton.warm.lib!.seconds.median,
        defaultNotFresh: defaultBuilds.filter((r) => r.served !== 'fresh').length,
        defaultBuilds: defaultBuilds.length,
        binaryBytes: sizes.musl.binaryBytes,
        scratchImageBytes: sizes.musl.imageBytes,
        guideProdColdSeconds: all ? prod.cold.seconds.median : NaN,
        guideProdColdOutcome: outcomeText(prod.cold),
        startupMs: defaultStart.startupMs.median,
        stopMs: defaultStart.stopMs.median,
        stopExitCodes: defaultStart.exitCodes,
        probeBytes: sizes.musl.probeBytes,
        native,
        pairs: pr,
      }),
    };
    fs.mkdirSync(path.dirname(cfg.out), { recursive: true });
    fs.writeFileSync(cfg.out, `${JSON.stringify(results, null, 2)}\n`);
    process.stdout.write(`${engineSection(results)}\n`);
    log(`wrote ${cfg.out} (${results.run.durationSeconds} s)`);
  } catch (e) {
    ctx.failures.push(`the run stopped: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
  } finally {
    await tidy();
  }
  if (ctx.failures.length) {
    log(`${ctx.failures.length} failure(s):\n  ${ctx.failures.join('\n  ')}`);
    process.exitCode = 1;
  }
}

main().catch((e) => {
  process.stderr.write(`bench: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exitCode = 1;
});
