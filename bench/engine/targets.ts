/**
 * The targets of issue 12 (§3) and issue 26, judged on a run's figures.
 * Pure: figures in, verdicts out.
 */
import { NativeResult, PairsResult, ProfileVerdict, TargetResult } from '../../devtools/bench-results';

export const TARGETS = {
  warmRatio: 0.15,
  profileLoss: 0.10,
  scratchOverheadBytes: 500_000,
  coldVsGuide: 1.1,
  startupMs: 150,
  stopMs: 1000,
  nativeWarm: 1.05,
  nativeCold: 1.15,
  probeOverheadBytes: 350_000,
  probeBytes: 64 * 1024,
  processToFirstResponseMs: 30,
};

export interface TargetInputs {
  readonly coldSeconds: number;
  readonly warmLibSeconds: number;
  /** Default builds that did not serve the change, of all default builds. */
  readonly defaultNotFresh: number;
  readonly defaultBuilds: number;
  readonly binaryBytes: number;
  readonly scratchImageBytes: number;
  readonly guideProdColdSeconds: number;
  /** How the guide's prod cold builds ended (e.g. "3 build-failed"). */
  readonly guideProdColdOutcome: string;
  readonly startupMs: number;
  readonly stopMs: number;
  readonly stopExitCodes: number[];
  /** The health check probe in the scratch image. */
  readonly probeBytes?: number;
  readonly native?: NativeResult;
  readonly pairs?: PairsResult;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;

export function judge(x: TargetInputs): TargetResult[] {
  const ratio = x.warmLibSeconds / x.coldSeconds;
  const overhead = x.scratchImageBytes - x.binaryBytes;
  const coldRatio = x.coldSeconds / x.guideProdColdSeconds;
  const cleanExits = x.stopExitCodes.every((c) => c === 0);
  return [
    {
      id: 'warmRebuild',
      target: `default options: warm rebuild after a library change <= ${pct(TARGETS.warmRatio)} of a cold build, no stale binary`,
      measured: `${pct(ratio)} (${x.warmLibSeconds.toFixed(1)} s / ${x.coldSeconds.toFixed(1)} s); ${x.defaultBuilds - x.defaultNotFresh} of ${x.defaultBuilds} default builds served their change`,
      met: ratio <= TARGETS.warmRatio && x.defaultNotFresh === 0,
    },
    {
      id: 'scratchOverhead',
      target: `scratch image <= binary + ${mb(TARGETS.scratchOverheadBytes)} (musl)`,
      measured: `binary ${mb(x.binaryBytes)} + ${mb(overhead)} = ${mb(x.scratchImageBytes)}`,
      met: overhead <= TARGETS.scratchOverheadBytes,
    },
    {
      id: 'coldVsGuide',
      target: `our cold build <= ${TARGETS.coldVsGuide}x the guide's prod Dockerfile's`,
      measured: `${coldRatio.toFixed(2)}x (${x.coldSeconds.toFixed(1)} s vs ${x.guideProdColdSeconds.toFixed(1)} s; the guide's cold builds: ${x.guideProdColdOutcome})`,
      met: coldRatio <= TARGETS.coldVsGuide,
    },
    {
      id: 'startup',
      target: `start-up (docker run to the first 200 on /health) < ${TARGETS.startupMs} ms median`,
      measured: `${x.startupMs} ms`,
      met: x.startupMs < TARGETS.startupMs,
    },
    {
      id: 'stop',
      target: `stop (docker stop to exit, SIGTERM handled) < ${TARGETS.stopMs / 1000} s median`,
      measured: `${x.stopMs} ms, exit codes ${[...new Set(x.stopExitCodes)].join(', ')}`,
      met: x.stopMs < TARGETS.stopMs && cleanExits,
    },
  ]
    // A run that did not build the guide's prod Dockerfile cold (--floor) cannot judge the comparison.
    .filter((t) => t.id !== 'coldVsGuide' || Number.isFinite(x.guideProdColdSeconds))
    .map((t): TargetResult => ({ ...t, issue: 12 })).concat(issue26(x));
}

const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}x`;

function issue26(x: TargetInputs): TargetResult[] {
  const out: TargetResult[] = [];
  const n = x.native;
  if (n) {
    out.push({
      id: 'nativeWarm',
      target: `warm rebuild (library change) <= ${TARGETS.nativeWarm}x native cargo's in the same toolchain image`,
      measured: `${n.warmRatio.toFixed(2)}x (${x.warmLibSeconds.toFixed(1)} s vs ${n.warmSeconds.toFixed(1)} s)`,
      met: n.warmRatio <= TARGETS.nativeWarm,
    }, {
      id: 'nativeCold',
      target: `cold build <= ${TARGETS.nativeCold}x native cargo's in the same toolchain image`,
      measured: `${n.coldRatio.toFixed(2)}x (${x.coldSeconds.toFixed(1)} s vs ${n.coldSeconds.toFixed(1)} s)`,
      met: n.coldRatio <= TARGETS.nativeCold,
    });
  }
  if (x.probeBytes !== undefined) {
    const overhead = x.scratchImageBytes - x.binaryBytes;
    out.push({
      id: 'probeSize',
      target: `health check probe <= ${TARGETS.probeBytes / 1024} KiB (amd64)`,
      measured: `${(x.probeBytes / 1024).toFixed(1)} KiB (${x.probeBytes} bytes)`,
      met: x.probeBytes <= TARGETS.probeBytes,
    }, {
      id: 'scratchOverheadProbe',
      target: `scratch image <= binary + ${mb(TARGETS.probeOverheadBytes)} (default runtime)`,
      measured: `binary ${mb(x.binaryBytes)} + ${mb(overhead)} = ${mb(x.scratchImageBytes)}`,
      met: overhead <= TARGETS.probeOverheadBytes,
    });
  }
  const p = x.pairs;
  if (p) {
    out.push({
      id: 'pairStartup',
      target: 'start-up (docker run to the first 200) <= 1.0x the guide\'s prod image, same session',
      measured: `${ratio(p.startupMs.default, p.startupMs.guide)} (${p.startupMs.default} ms vs ${p.startupMs.guide} ms)`,
      met: p.startupMs.default <= p.startupMs.guide,
    }, {
      id: 'pairRequests',
      target: 'requests/s >= 1.0x the guide\'s prod image, same session',
      measured: `${ratio(p.requestsPerSecond.default, p.requestsPerSecond.guide)} (${p.requestsPerSecond.default.toFixed(0)} vs ${p.requestsPerSecond.guide.toFixed(0)}; `
        + `p99 ${p.latencyP99Ms.default} ms vs ${p.latencyP99Ms.guide} ms)`,
      met: p.requestsPerSecond.default >= p.requestsPerSecond.guide,
    }, {
      id: 'pairMemory',
      target: 'container memory <= the guide\'s prod image, idle and under load, same session',
      measured: `idle ${p.memoryIdleMiB.default.toFixed(2)} MiB vs ${p.memoryIdleMiB.guide.toFixed(2)} MiB; under load ${p.memoryLoadMiB.default.toFixed(2)} MiB vs ${p.memoryLoadMiB.guide.toFixed(2)} MiB`,
      met: p.memoryIdleMiB.default <= p.memoryIdleMiB.guide && p.memoryLoadMiB.default <= p.memoryLoadMiB.guide,
    }, {
      id: 'processToFirstResponse',
      target: `process start to the first 200 <= ${TARGETS.processToFirstResponseMs} ms (default image)`,
      measured: `${p.processToFirstResponseMs.default} ms (the guide's: ${p.processToFirstResponseMs.guide} ms)`,
      met: p.processToFirstResponseMs.default <= TARGETS.processToFirstResponseMs,
    });
  }
  return out.map((t) => ({ ...t, issue: 26 }));
}

export function profileVerdict(p: { warmRatio: number; binaryBytes: number; requestsPerSecond?: number; fresh: boolean },
  today: { binaryBytes: number; requestsPerSecond: number }): ProfileVerdict {
  const sizeChange = p.binaryBytes / today.binaryBytes - 1;
  const throughputChange = p.requestsPerSecond !== undefined ? p.requestsPerSecond / today.requestsPerSecond - 1 : undefined;
  const meetsAll = p.warmRatio <= TARGETS.warmRatio && p.fresh && sizeChange <= TARGETS.profileLoss
    && throughputChange !== undefined && throughputChange >= -TARGETS.profileLoss;
  return { warmRatio: p.warmRatio, sizeChange, throughputChange, fresh: p.fresh, meetsAll };
}
