import { parseWrk } from '../bench/engine/wrk';
import type { BuildFigure, EngineResults, ScratchParts, Served, Spread, ThroughputResult } from '../devtools/bench-results';
import { buildCell, engineSection, mb, measuredSection, outcomes, seconds } from '../scripts/readme/measured';

const spread = (...runs: number[]): Spread => ({
  median: [...runs].sort((a, b) => a - b)[Math.floor(runs.length / 2)],
  min: Math.min(...runs),
  max: Math.max(...runs),
  runs,
});

function figure(secs: number[], served: Served[], compiling = 2): BuildFigure {
  const outcomesByKind: Partial<Record<Served, number>> = {};
  for (const s of served) outcomesByKind[s] = (outcomesByKind[s] ?? 0) + 1;
  return {
    seconds: spread(...secs),
    compilingLines: spread(...secs.map(() => compiling)),
    runs: secs.map((s, i) => ({ seconds: s, ok: served[i] !== 'build-failed', served: served[i], compilingLines: compiling, load1: 2 })),
    outcomes: outcomesByKind,
  };
}

const parts: ScratchParts = {
  binaryBytes: 4_000_000,
  probeBytes: 300_000,
  caCertificatesBytes: 220_000,
  accountsBytes: 90,
  sbomBytes: 45_000,
  otherBytes: 1_000,
  imageBytes: 4_566_090,
  overheadBytes: 566_090,
};
const load = { at: '2026-12-01T00:00:00Z', load1: 2.5, load5: 3, load15: 3.1 };
const tp: ThroughputResult = {
  image: 'x',
  label: 'default',
  path: '/api/tasks',
  threads: 2,
  connections: 32,
  durationSeconds: 10,
  requestsPerSecond: spread(20000, 21000, 19000),
  latencyP50Ms: spread(1.2, 1.3, 1.1),
  latencyP99Ms: spread(5, 6, 7),
  non2xx: 0,
  socketErrors: 0,
};

function sample(mode: 'full' | 'smoke' = 'full'): EngineResults {
  const cold = figure([300, 310, 290], ['fresh', 'fresh', 'fresh'], 230);
  const warm = figure([60, 61, 59], ['fresh', 'fresh', 'fresh']);
  return {
    run: { mode, date: '2026-12-01T21:00:00.000Z', durationSeconds: 7380, runsPerFigure: 3, startStopRuns: 10, cut: [], failures: [] },
    environment: { cpu: 'Test CPU x 2', memory: '23 GiB', engine: 'Docker 20.10', toolchainStandIn: 'rust', debianStandIn: 'debian', alpineStandIn: 'alpine' },
    load: { groups: [{ group: 'strategies', seconds: 600, before: load, after: { ...load, load1: 4 } }] },
    fixture: { name: 'test/engine/fixtures/task-service', crates: 110, lockPackages: 118 },
    default: {
      coldSeconds: 300,
      warmSeconds: 60,
      warmBinSeconds: 58,
      warmVersionSeconds: 62,
      binaryBytes: 4_000_000,
      scratchImageBytes: 4_566_090,
      startupMs: 400,
      stopMs: 300,
      requestsPerSecond: 20000,
      latencyP50Ms: 1.2,
      latencyP99Ms: 6,
    },
    guide: { prodColdSeconds: 280, prodRequestsPerSecond: 19000, prodImageBytes: 90_000_000, prodThroughputImage: 'the image after a library change' },
    strategies: [
      { id: 'skeleton', label: 'skeleton()', cold, warm: { bin: warm, lib: warm, version: warm }, warmLibRatio: 0.2 },
      { id: 'guideDummyMain', label: 'guide', cold: figure([280, 281, 282], ['build-failed', 'build-failed', 'build-failed'], 225), warm: {}, warmLibRatio: undefined },
    ],
    profiles: [{
      id: 'default',
      label: 'default',
      settings: {},
      cold,
      warmLib: warm,
      warmLibRatio: 0.2,
      binaryBytes: 4_000_000,
      scratchImageBytes: 4_566_090,
      throughput: tp,
      verdict: { warmRatio: 0.2, sizeChange: 0, throughputChange: 0, fresh: true, meetsAll: false },
    }],
    guideImages: [{
      id: 'prod',
      label: 'prod',
      dockerfile: 'test/engine/fixtures/guide-task-service-prod.Dockerfile',
      cold: figure([280], ['build-failed'], 225),
      imageBytes: 90_000_000,
      binaryBytes: 9_000_000,
      served: 'build-failed',
      ours: { label: 'DebianSlimRuntime', coldSeconds: 300, imageBytes: 80_000_000 },
    }],
    sizes: { musl: parts, glibcStatic: parts },
    linkage: { glibcStaticCold: cold },
    arm64: { crossCold: cold, nativeColdSeconds: 300, scratch: parts, elf: 'AArch64, DYN, no program interpreter, 0 NEEDED' },
    startStop: [{ image: 'x', label: 'default', emulated: false, startupMs: spread(400, 410, 390), fromProcessStartMs: spread(20, 21, 19), stopMs: spread(300), exitCodes: [0, 0, 0] }],
    throughput: [tp],
    targets: [
      { id: 'warmRebuild', target: 'warm <= 15% of cold', measured: '20.0%', met: false },
      { id: 'stop', target: 'stop < 1 s', measured: '300 ms', met: true },
    ],
  };
}

test('figures: medians with their spread, sizes in MB, outcomes per run', () => {
  expect(seconds(spread(12.34, 11.9, 13.01))).toBe('12.3 s (11.9–13.0)');
  expect(seconds(spread(12.34))).toBe('12.3 s');
  expect(mb(4_566_090)).toBe('4.57 MB');
  expect(mb(NaN)).toBe('–');
  expect(outcomes(figure([1, 2, 3], ['fresh', 'fresh', 'fresh']))).toBe('3/3 fresh');
  expect(outcomes(figure([1, 2, 3], ['build-failed', 'build-failed', 'build-failed']))).toBe('3/3 failed to build');
  expect(outcomes(figure([1, 2, 3], ['fresh', 'stale', 'fresh']))).toBe('2/3 fresh, 1 stale');
  expect(buildCell(figure([60, 61, 59], ['fresh', 'fresh', 'fresh']))).toBe('60.0 s (59.0–61.0); 2 compiled; 3/3 fresh');
  expect(buildCell(undefined)).toBe('not measured');
});

test('the engine section: targets with met or missed, one row per strategy, load per group', () => {
  const text = engineSection(sample());
  expect(text).toContain('| warm <= 15% of cold | 20.0% | **missed** |');
  expect(text).toContain('| stop < 1 s | 300 ms | met |');
  expect(text).toContain('| skeleton() | 300.0 s (290.0–310.0); 230 compiled; 3/3 fresh |');
  expect(text).toContain('| guide | 281.0 s (280.0–282.0); 225 compiled; 3/3 failed to build | not measured |');
  expect(text).toContain('**110 crates**');
  expect(text).toContain('| strategies | 10.0 min | 2.5 / 3 / 3.1 → 4 / 3 / 3.1 |');
  expect(text).toContain('Profiles that meet all three: none.');
  expect(text).not.toContain('Smoke run');
});

test('a smoke run says it is no measurement; no results say how to make them', () => {
  expect(engineSection(sample('smoke'))).toContain('**Smoke run: one run of each path, from the build cache. These are not measurements.**');
  expect(measuredSection({})).toContain('_No engine benchmark results are committed yet (`npx projen bench:engine`)._');
});

test('wrk reports are parsed with their latency units', () => {
  const report = [
    'Running 10s test @ http://127.0.0.1:8080/api/tasks',
    '  2 threads and 32 connections',
    '  Thread Stats   Avg      Stdev     Max   +/- Stdev',
    '    Latency     1.23ms    2.34ms  50.00ms   90.00%',
    '  Latency Distribution',
    '     50%  800.00us',
    '     75%    1.20ms',
    '     90%    2.00ms',
    '     99%   1.50s',
    '  200000 requests in 10.00s, 30.00MB read',
    '  Socket errors: connect 0, read 2, write 0, timeout 1',
    '  Non-2xx or 3xx responses: 5',
    'Requests/sec:  20000.50',
    'Transfer/sec:      3.00MB',
  ].join('\n');
  expect(parseWrk(report)).toEqual({
    requests: 200000,
    requestsPerSecond: 20000.5,
    latencyP50Ms: 0.8,
    latencyP99Ms: 1500,
    non2xx: 5,
    socketErrors: 3,
  });
});

test('a run of issue 26\'s groups only shows the last run of every group after it, and says the machine was loaded', () => {
  const all = sample();
  const floor: EngineResults = {
    ...all,
    run: { ...all.run, scope: 'floor', date: '2026-12-06T20:30:00.000Z' },
    load: { ...all.load, sampled: spread(6, 7, 9), sampleSeconds: 30 },
    profiles: [],
    startStop: [],
    throughput: [],
    sizes: { musl: parts },
    linkage: {},
    arm64: undefined,
  };
  const text = measuredSection({ engine: floor, allGroups: all });
  expect(text).toContain('Engine (`npx projen bench:engine --floor`, 2026-12-06 20:30 UTC');
  expect(text).toContain('median 7 (6–9) over 3 samples every 30 s during the run');
  expect(text).toContain('**The machine was loaded** (median load above its 2 cores');
  // The median decides: peaks above the core count alone come from the benchmark's own builds.
  const quiet = measuredSection({ engine: { ...floor, load: { ...floor.load, sampled: spread(0.7, 1.5, 3.7) } }, allGroups: all })
    .split('**The last run of every group**')[0];
  expect(quiet).not.toContain('The machine was loaded');
  expect(quiet).toContain('The median load stayed within the 2 cores');
  expect(text).toContain('**The last run of every group** (2026-12-01;');
  expect(text.indexOf('**Release profiles**')).toBeGreaterThan(text.indexOf('**The last run of every group**'));
  expect(measuredSection({ engine: all, allGroups: all })).not.toContain('**The last run of every group**');
});
