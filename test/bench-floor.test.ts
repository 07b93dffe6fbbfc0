import { cargoCommand, parseCargoTime } from '../bench/engine/native';
import { processStartMs } from '../bench/engine/pairs';
import { builderCargoSeconds, isBuilderCargoStep, parseSteps } from '../bench/engine/steps';
import { judge, TargetInputs } from '../bench/engine/targets';
import type { NativeFigure, NativeResult, PairSamples, PairsResult, Spread } from '../devtools/bench-results';
import { nativeSection, pairsSection } from '../scripts/readme/measured-floor';

const spread = (...runs: number[]): Spread => ({
  median: [...runs].sort((a, b) => a - b)[Math.floor(runs.length / 2)],
  min: Math.min(...runs),
  max: Math.max(...runs),
  runs,
});

const DOCKERFILE = [
  'FROM rust:1.99.0-trixie AS toolchain',
  'ENV CARGO_PROFILE_RELEASE_LTO="fat"',
  'FROM toolchain AS healthcheck',
  'RUN \\',
  '    cargo build --release --locked --target x86_64-unknown-linux-musl \\',
  '    && cp x /out/healthcheck',
  'FROM toolchain AS builder',
  'RUN cargo build --release --locked --target x86_64-unknown-linux-musl --package task-api --bin task-api',
  'RUN \\',
  '    rm -rf x \\',
  '    && cargo build --release --locked --target x86_64-unknown-linux-musl --package task-api --bin task-api \\',
  '    && mkdir -p /out',
  'FROM scratch AS runtime',
].join('\n');

test('the native floor runs the builder stage\'s final cargo command, and reads bash\'s time', () => {
  expect(cargoCommand(DOCKERFILE)).toBe('cargo build --release --locked --target x86_64-unknown-linux-musl --package task-api --bin task-api');
  expect(() => cargoCommand('FROM scratch AS runtime\n')).toThrow('no cargo build in the builder stage');
  expect(parseCargoTime('   Finished `release`\nCARGO_TIME 181.52 300.25 20.50\nSERVED=fresh\n')).toEqual({ seconds: 181.52, cpuSeconds: 320.75 });
  expect(parseCargoTime('error: could not compile')).toBeUndefined();
});

test('the process start comes from process_start_time_seconds on /metrics, in epoch milliseconds', () => {
  const metrics = '# TYPE process_start_time_seconds gauge\nprocess_start_time_seconds 1796586748.2547429\nhttp_requests_total 3\n';
  expect(processStartMs(metrics)).toBeCloseTo(1796586748254.7429, 1);
  expect(processStartMs('http_requests_total 3\n')).toBeUndefined();
});

test('BuildKit\'s steps: the ones that ran, longest first, and the builder stage\'s cargo steps', () => {
  const log = [
    '#14 [builder 4/6] RUN cargo build --release --locked --target x86_64-unknown-linux-musl --package task-api --bin task-api',
    '#14 DONE 150.5s',
    '#22 [healthcheck 3/3] RUN     cargo build --release --locked --target x86_64-unknown-linux-musl',
    '#22 DONE 20.0s',
    '#18 [builder 6/6] RUN     for dir in /build/target/release; do rm -rf x; done     && cargo build --release --locked',
    '#18 DONE 60.0s',
    '#5 [toolchain 2/4] RUN apt-get update',
    '#5 CACHED',
  ].join('\n');
  const steps = parseSteps(log);
  expect(steps.map((s) => s.seconds)).toEqual([150.5, 60, 20]);
  expect(steps.map((s) => s.builderCargo)).toEqual([true, true, false]);
  expect(builderCargoSeconds(steps)).toBe(210.5);
  expect(isBuilderCargoStep('[builder-arm64 2/3] RUN cargo zigbuild --release')).toBe(true);
  expect(isBuilderCargoStep('[runtime 2/3] COPY --from=builder /out/task-api /app/task-api')).toBe(false);
});

function nativeFigure(...seconds: number[]): NativeFigure {
  return {
    seconds: spread(...seconds),
    cpuSeconds: spread(...seconds.map((s) => s * 1.5)),
    runs: seconds.map((s) => ({ seconds: s, cpuSeconds: s * 1.5, dockerRunSeconds: s + 1, ok: true, served: 'fresh', compilingLines: 2, load1: 3 })),
  };
}

const native: NativeResult = {
  coldSeconds: 200,
  warmSeconds: 100,
  cold: nativeFigure(200, 210),
  warm: nativeFigure(100, 90, 110),
  setup: 'docker run ...',
  coldRatio: 1.2,
  warmRatio: 1.03,
  dockerCargoColdSeconds: 230,
  dockerCargoWarmSeconds: 98,
};

function pairSamples(image: string, rps: number, idle: number): PairSamples {
  return {
    image,
    label: image,
    startupMs: spread(400, 420),
    fromContainerStartMs: spread(40),
    processToFirstResponseMs: spread(12.5),
    stopMs: spread(300),
    exitCodes: [0, 0],
    memoryIdleMiB: spread(idle),
    rssIdleMiB: spread(idle + 1),
    memoryLoadMiB: spread(idle * 2),
    rssLoadMiB: spread(idle * 2 + 1),
    requestsPerSecond: spread(rps),
    latencyP50Ms: spread(1.5),
    latencyP99Ms: spread(6),
    non2xx: 0,
    socketErrors: 0,
  };
}

const pairs: PairsResult = {
  startStopRuns: 2,
  wrkRuns: 1,
  wrk: { threads: 2, connections: 32, durationSeconds: 10, path: '/api/tasks' },
  startupMs: { default: 410, guide: 430 },
  stopMs: { default: 300, guide: 310 },
  processToFirstResponseMs: { default: 12.5, guide: 14 },
  requestsPerSecond: { default: 19_000, guide: 20_000 },
  latencyP99Ms: { default: 6, guide: 6.5 },
  memoryIdleMiB: { default: 2.1, guide: 3.4 },
  memoryLoadMiB: { default: 5, guide: 6 },
  samples: { default: pairSamples('ours', 19_000, 2.1), guide: pairSamples('guide', 20_000, 3.4) },
  guideImage: 'the image the prod Dockerfile built after a library change',
};

const inputs: TargetInputs = {
  coldSeconds: 240,
  warmLibSeconds: 103,
  defaultNotFresh: 0,
  defaultBuilds: 4,
  binaryBytes: 4_000_000,
  scratchImageBytes: 4_300_000,
  guideProdColdSeconds: 230,
  guideProdColdOutcome: '1 build-failed',
  startupMs: 410,
  stopMs: 300,
  stopExitCodes: [0],
  probeBytes: 40_000,
  native,
  pairs,
};

test('issue 26\'s targets are judged on the native ratios, the probe, the pairs and the process start', () => {
  const verdicts = Object.fromEntries(judge(inputs).map((t) => [t.id, t]));
  expect(verdicts.warmRebuild.issue).toBe(12);
  expect(verdicts.nativeWarm).toMatchObject({ issue: 26, met: true, measured: '1.03x (103.0 s vs 100.0 s)' });
  expect(verdicts.nativeCold).toMatchObject({ met: false, measured: '1.20x (240.0 s vs 200.0 s)' });
  expect(verdicts.probeSize).toMatchObject({ met: true, measured: '39.1 KiB (40000 bytes)' });
  expect(verdicts.scratchOverheadProbe).toMatchObject({ met: true, measured: 'binary 4.00 MB + 0.30 MB = 4.30 MB' });
  expect(verdicts.pairStartup).toMatchObject({ met: true, measured: '0.95x (410 ms vs 430 ms)' });
  expect(verdicts.pairRequests.met).toBe(false);
  expect(verdicts.pairMemory.met).toBe(true);
  expect(verdicts.processToFirstResponse).toMatchObject({ met: true, measured: '12.5 ms (the guide\'s: 14 ms)' });
  expect(judge({ ...inputs, native: undefined, pairs: undefined, probeBytes: undefined }).map((t) => t.id))
    .toEqual(['warmRebuild', 'scratchOverhead', 'coldVsGuide', 'startup', 'stop']);
  expect(judge({ ...inputs, guideProdColdSeconds: NaN }).map((t) => t.id)).not.toContain('coldVsGuide');
});

test('the native and pairs tables carry the ratios and every figure', () => {
  const n = nativeSection(native, undefined).join('\n');
  expect(n).toContain('| cold | – | 230.0 s | 210.0 s (200.0–210.0); cpu 315.0 s (300.0–315.0); 2 compiled; 2/2 fresh | 1.20x |');
  expect(n).toContain('| warm (library change) | – | 98.0 s | 100.0 s (90.0–110.0);');
  const p = pairsSection(pairs).join('\n');
  expect(p).toContain('| start-up: `docker run -d` to the first 200 | 420 ms (400–420) | 420 ms (400–420) | 0.95x |');
  expect(p).toContain('| memory, idle | 2.10 MiB | 3.40 MiB | 0.62x |');
  expect(p).toContain('| requests/s | 19000 | 20000 | 0.95x |');
});

test('the native table says what the toolchain stage and the final step took, from the kept BuildKit steps', () => {
  const step = (name: string, seconds: number) => ({ name, seconds, builderCargo: /^\[builder/.test(name) });
  const run = (seconds: number, steps: ReturnType<typeof step>[]) => ({ seconds, ok: true, served: 'fresh' as const, compilingLines: 2, load1: 3, steps });
  const cold = [run(240, [
    step('[builder 4/6] RUN cargo build', 180),
    step('[builder 6/6] RUN for dir in /build/target/release', 50),
    step('[toolchain 2/4] RUN apt-get update', 8),
  ])];
  const warm = [run(52, [step('[builder 6/6] RUN for dir in /build/target/release', 48)])];
  const figure = (runs: typeof cold) => ({
    seconds: spread(...runs.map((r) => r.seconds)),
    compilingLines: spread(2),
    runs,
    outcomes: { fresh: runs.length },
  });
  const skeleton = { id: 'skeleton', label: 'skeleton()', cold: figure(cold), warm: { lib: figure(warm) }, warmLibRatio: 0.2 };
  const text = nativeSection(native, skeleton).join('\n');
  expect(text).toContain('8.0 s; without it the cold ratio is 1.16x.');
  expect(text).toContain('took 50.0 s in the cold build and 48.0 s (median) in the warm rebuilds, against 100.0 s for native cargo\'s warm rebuild.');
});
