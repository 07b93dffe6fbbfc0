/**
 * The shape of bench/results/engine.json: what bench/engine/measure.ts
 * writes and what scripts/readme/measured.ts turns into the README's tables.
 * Times in seconds or milliseconds as the key says; sizes in bytes.
 */

/** A figure over several runs: median and spread, with the raw samples. */
export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number[];
}

/** `os.loadavg()` at one moment. */
export interface LoadSnapshot {
  readonly at: string;
  readonly load1: number;
  readonly load5: number;
  readonly load15: number;
}

/** One measured group with the machine's load around it. */
export interface GroupLoad {
  readonly group: string;
  readonly seconds: number;
  readonly before: LoadSnapshot;
  readonly after: LoadSnapshot;
}

/**
 * What a build gave: `fresh` (it built and the image serves the change),
 * `stale` (it built, but serves older code or no service at all), `no-200`
 * (it built, but /health never answered 200), `build-failed`, or
 * `not-checked`.
 */
export type Served = 'fresh' | 'stale' | 'no-200' | 'build-failed' | 'not-checked';

/** One docker build. */
export interface BuildRun {
  readonly seconds: number;
  readonly ok: boolean;
  readonly served: Served;
  /** `Compiling` lines in BuildKit's plain log (every stage). */
  readonly compilingLines: number;
  /** The crates those lines name, for warm rebuilds. */
  readonly compiled?: string[];
  /** Why it is not fresh (error line, markers seen). */
  readonly detail?: string;
  /** Load average (1 min) when the build started. */
  readonly load1: number;
  /** BuildKit's steps that ran (not cached), longest first, from the plain progress log (the default options' builds). */
  readonly steps?: BuildStep[];
}

/** One step of a docker build as BuildKit's plain progress reports it. */
export interface BuildStep {
  /** The step as BuildKit names it, e.g. `[builder 4/6] RUN cargo build ...` (shortened). */
  readonly name: string;
  readonly seconds: number;
  /** A step of the builder stage that runs cargo (the dependency layer, the final build). */
  readonly builderCargo: boolean;
}

/** One kind of build (cold, or a warm rebuild after one change) over its runs. */
export interface BuildFigure {
  readonly seconds: Spread;
  readonly compilingLines: Spread;
  readonly runs: BuildRun[];
  /** Runs by outcome. */
  readonly outcomes: Partial<Record<Served, number>>;
}

/** The warm rebuilds: after a one-line change in the binary crate, the library crate, and a version bump. */
export type WarmKind = 'bin' | 'lib' | 'version';

export interface StrategyResult {
  readonly id: string;
  readonly label: string;
  readonly cold: BuildFigure;
  readonly warm: Partial<Record<WarmKind, BuildFigure>>;
  /** median warm (lib) / median cold. */
  readonly warmLibRatio?: number;
  readonly note?: string;
}

export interface ThroughputResult {
  readonly image: string;
  readonly label: string;
  readonly path: string;
  readonly threads: number;
  readonly connections: number;
  readonly durationSeconds: number;
  readonly requestsPerSecond: Spread;
  readonly latencyP50Ms: Spread;
  readonly latencyP99Ms: Spread;
  /** Summed over the runs: answers other than 2xx/3xx, and socket errors. */
  readonly non2xx: number;
  readonly socketErrors: number;
}

/** A profile as the default: warm/cold within the target, no stale binary, size and throughput within 10% of today's default. */
export interface ProfileVerdict {
  readonly warmRatio: number;
  /** Binary size against today's default (0.05 = 5% larger). */
  readonly sizeChange: number;
  /** Throughput against today's default (-0.05 = 5% fewer requests/s). */
  readonly throughputChange?: number;
  readonly fresh: boolean;
  readonly meetsAll: boolean;
}

export interface ProfileResult {
  readonly id: string;
  readonly label: string;
  /** The CARGO_PROFILE_RELEASE_* variables the library renders (empty: Cargo.toml's profile, i.e. cargo's defaults here). */
  readonly settings: Record<string, string>;
  readonly cold: BuildFigure;
  readonly warmLib: BuildFigure;
  readonly warmLibRatio?: number;
  readonly binaryBytes: number;
  readonly scratchImageBytes: number;
  readonly throughput?: ThroughputResult;
  readonly verdict: ProfileVerdict;
}

export interface StartStopResult {
  readonly image: string;
  readonly label: string;
  readonly emulated: boolean;
  /** `docker run -d` started to the first 200 on /health. */
  readonly startupMs: Spread;
  /** The container's State.StartedAt to the first 200: the part that is not the engine's. */
  readonly fromProcessStartMs: Spread;
  /** `docker stop` until it returned (the container had exited). */
  readonly stopMs: Spread;
  readonly exitCodes: number[];
}

/** What a scratch image holds, by part. */
export interface ScratchParts {
  readonly binaryBytes: number;
  readonly probeBytes: number;
  readonly caCertificatesBytes: number;
  readonly accountsBytes: number;
  readonly sbomBytes: number;
  readonly otherBytes: number;
  readonly imageBytes: number;
  /** imageBytes - binaryBytes. */
  readonly overheadBytes: number;
}

export interface GuideImageResult {
  readonly id: string;
  readonly label: string;
  readonly dockerfile: string;
  readonly cold: BuildFigure;
  readonly imageBytes: number;
  readonly binaryBytes: number;
  /** What the cold build's image served. */
  readonly served: Served;
  /** The image the sizes were read from, when it is not the cold build's. */
  readonly sizedImage?: string;
  /** Our image of the same shape, for the comparison. */
  readonly ours: { readonly label: string; readonly coldSeconds: number; readonly imageBytes: number };
}

export interface TargetResult {
  readonly id: string;
  /** The issue that set the target. */
  readonly issue?: number;
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

/** One `cargo build` in the toolchain image, without Dockerfile layers: a build run's figures, with no BuildKit steps. */
export interface NativeRun extends Omit<BuildRun, 'steps'> {
  /** Wall time of cargo inside the container (bash's `time`). */
  readonly seconds: number;
  /** CPU time (user + sys) of cargo and the compilers it ran. */
  readonly cpuSeconds: number;
  /** `docker run` as a whole: the container's start and removal included. */
  readonly dockerRunSeconds: number;
}

export interface NativeFigure {
  readonly seconds: Spread;
  readonly cpuSeconds: Spread;
  readonly runs: NativeRun[];
}

/** The native floor: cargo alone in the rendering's toolchain stage, next to the default options' Docker builds. */
export interface NativeResult {
  /** Median wall seconds of the cold builds (empty target directory). */
  readonly coldSeconds: number;
  /** Median wall seconds of the rebuilds after the library change the Docker warm rebuild uses. */
  readonly warmSeconds: number;
  readonly cold: NativeFigure;
  readonly warm: NativeFigure;
  /** How it was run: image, mounts, command, environment. */
  readonly setup: string;
  /** The default options' median / native's median. */
  readonly coldRatio: number;
  readonly warmRatio: number;
  /** Median over the default options' Docker builds of the builder stage's cargo steps (BuildKit's step times): the rest of their wall time is what Docker adds around cargo. */
  readonly dockerCargoColdSeconds: number;
  readonly dockerCargoWarmSeconds: number;
}

/** A figure of each image of a pair: our default image and the guide's prod image. */
export interface PairFigure {
  readonly default: number;
  readonly guide: number;
}

/** One image's samples in the same-session pairs. */
export interface PairSamples {
  readonly image: string;
  readonly label: string;
  /** `docker run -d` to the first 200 on /health. */
  readonly startupMs: Spread;
  /** The container's State.StartedAt to the first 200. */
  readonly fromContainerStartMs: Spread;
  /** The process's own start (process_start_time_seconds on /metrics, taken first thing in main) to the first 200. */
  readonly processToFirstResponseMs: Spread;
  /** `docker stop` until it returned. */
  readonly stopMs: Spread;
  readonly exitCodes: number[];
  /** The container's memory one second after the first 200, no request since: the cgroup's usage less inactive page cache (what `docker stats` shows). */
  readonly memoryIdleMiB: Spread;
  /** The main process's resident set (VmRSS) at the same moment. */
  readonly rssIdleMiB: Spread;
  /** The highest of the samples taken every 250 ms during each wrk run, same measure as idle. */
  readonly memoryLoadMiB: Spread;
  readonly rssLoadMiB: Spread;
  readonly requestsPerSecond: Spread;
  readonly latencyP50Ms: Spread;
  readonly latencyP99Ms: Spread;
  readonly non2xx: number;
  readonly socketErrors: number;
}

/**
 * Our default image and the guide's prod image in one session, runs
 * alternating (ours, guide, ours, guide...). The figures are medians; the
 * samples keep every run.
 */
export interface PairsResult {
  readonly startStopRuns: number;
  readonly wrkRuns: number;
  readonly wrk: { readonly threads: number; readonly connections: number; readonly durationSeconds: number; readonly path: string };
  readonly startupMs: PairFigure;
  readonly stopMs: PairFigure;
  readonly processToFirstResponseMs: PairFigure;
  readonly requestsPerSecond: PairFigure;
  readonly latencyP99Ms: PairFigure;
  readonly memoryIdleMiB: PairFigure;
  readonly memoryLoadMiB: PairFigure;
  readonly samples: { readonly default: PairSamples; readonly guide: PairSamples };
  /** Which image of the guide's prod Dockerfile, and why that one. */
  readonly guideImage: string;
}

export interface EngineResults {
  readonly run: {
    readonly mode: 'full' | 'smoke';
    /** `floor`: issue 26's groups only (`--floor`); absent from runs before it (every group). */
    readonly scope?: 'all' | 'floor';
    readonly date: string;
    readonly durationSeconds: number;
    readonly runsPerFigure: number;
    readonly startStopRuns: number;
    /** What a full run leaves out (time budget), in words. */
    readonly cut: string[];
    readonly failures: string[];
    /** Failures of this run that were the benchmark's own wrong expectation, and what replaced them (see guide-working.ts). */
    readonly corrections?: string[];
  };
  readonly environment: Record<string, string>;
  readonly load: {
    readonly groups: GroupLoad[];
    /** The 1-min load average sampled every sampleSeconds through the run (absent from runs before issue 26). */
    readonly sampled?: Spread;
    readonly sampleSeconds?: number;
  };
  readonly fixture: {
    readonly name: string;
    /** Distinct crates (name and version) compiled for the service in a cold build with the default options. */
    readonly crates: number;
    readonly lockPackages: number;
  };
  readonly default: {
    readonly coldSeconds: number;
    readonly warmSeconds: number;
    readonly warmBinSeconds: number;
    readonly warmVersionSeconds: number;
    readonly binaryBytes: number;
    readonly scratchImageBytes: number;
    readonly startupMs: number;
    readonly stopMs: number;
    readonly requestsPerSecond: number;
    readonly latencyP50Ms: number;
    readonly latencyP99Ms: number;
    /** The health check probe in the scratch image. */
    readonly probeBytes?: number;
    /** Median of the pairs' runs: the process's own start to the first 200. */
    readonly processToFirstResponseMs?: number;
  };
  /** The native floor (issue 26); absent from runs before it. */
  readonly native?: NativeResult;
  /** Same-session pairs with the guide's prod image (issue 26); absent from runs before it. */
  readonly pairs?: PairsResult;
  readonly guide: {
    readonly prodColdSeconds: number;
    readonly prodRequestsPerSecond: number;
    readonly prodImageBytes: number;
    /** Which image of the guide's prod Dockerfile the throughput was measured on, and why. */
    readonly prodThroughputImage: string;
  };
  readonly strategies: StrategyResult[];
  readonly profiles: ProfileResult[];
  readonly guideImages: GuideImageResult[];
  /** glibcStatic, linkage and arm64 are absent from a run that left them out (`--floor`). */
  readonly sizes: { readonly musl: ScratchParts; readonly glibcStatic?: ScratchParts };
  readonly linkage: { readonly glibcStaticCold?: BuildFigure };
  readonly arm64?: {
    readonly crossCold: BuildFigure;
    readonly nativeColdSeconds: number;
    readonly scratch: ScratchParts;
    readonly elf: string;
  };
  readonly startStop: StartStopResult[];
  readonly throughput: ThroughputResult[];
  readonly targets: TargetResult[];
}
