/**
 * The targets of issue 12 (§3), judged on a run's figures. Pure: figures in,
 * verdicts out.
 */
import { ProfileVerdict, TargetResult } from '../../devtools/bench-results';

export const TARGETS = {
  warmRatio: 0.15,
  profileLoss: 0.10,
  scratchOverheadBytes: 500_000,
  coldVsGuide: 1.1,
  startupMs: 150,
  stopMs: 1000,
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
  ];
}

export function profileVerdict(p: { warmRatio: number; binaryBytes: number; requestsPerSecond?: number; fresh: boolean },
  today: { binaryBytes: number; requestsPerSecond: number }): ProfileVerdict {
  const sizeChange = p.binaryBytes / today.binaryBytes - 1;
  const throughputChange = p.requestsPerSecond !== undefined ? p.requestsPerSecond / today.requestsPerSecond - 1 : undefined;
  const meetsAll = p.warmRatio <= TARGETS.warmRatio && p.fresh && sizeChange <= TARGETS.profileLoss
    && throughputChange !== undefined && throughputChange >= -TARGETS.profileLoss;
  return { warmRatio: p.warmRatio, sizeChange, throughputChange, fresh: p.fresh, meetsAll };
}
