/**
 * The README's Measured section, from the committed benchmark results
 * (bench/results/*.json): nothing in it is typed by hand. Pure: the parsed
 * JSON in, markdown out (sections.ts reads the files).
 */
import { nativeSection, pairsSection } from './measured-floor';
import type { BuildFigure, EngineResults, GroupLoad, ScratchParts, Spread, StrategyResult } from '../../devtools/bench-results';

export interface MeasuredInputs {
  /** bench/results/engine.json, when committed. */
  readonly engine?: EngineResults;
  /**
   * The last run of every group (bench/results/engine-all-groups.json), when
   * engine.json is a run of some groups only (`--floor`): the groups it left
   * out are shown from there, under that run's own date and caveats.
   */
  readonly allGroups?: EngineResults;
  /** bench/results/asset-hash.json, when committed. */
  readonly assetHash?: any;
}

export function measuredSection(inputs: MeasuredInputs): string {
  return [
    inputs.engine ? engineSection(inputs.engine) : '_No engine benchmark results are committed yet (`npx projen bench:engine`)._',
    '',
    ...(inputs.engine?.run.scope === 'floor' && inputs.allGroups ? [
      `**The last run of every group** (${inputs.allGroups.run.date.slice(0, 10)}; \`bench/results/engine-all-groups.json\`), for the groups the run above left out; `
        + 'it predates the changes to the rendering named above the tables, so its figures of the default image are superseded by the run above where both measured the same thing:',
      '',
      engineSection(inputs.allGroups),
      '',
    ] : []),
    inputs.assetHash ? assetHashSection(inputs.assetHash) : '_No synth benchmark results are committed yet (`npx projen bench:asset-hash`)._',
  ].join('\n');
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const s3 = (secs: number) => `${secs.toFixed(3)} s`;

function assetHashSection(r: any): string {
  const lines = [
    `Synth (\`npx projen bench:asset-hash\`, ${r.date}, Node ${r.environment.node}, ${r.environment.cpus} CPUs; median of ${r.runsPerFigure} synths, spread in brackets):`,
    '',
    '| Tree | `RustServiceImage` synth | `ContainerImage.fromAsset` synth | Ratio | `cdk.out`, ours / theirs | Hash after touching `target/` (ours / theirs) |',
    '| --- | ---: | ---: | ---: | --- | --- |',
  ];
  for (const [tree, t] of Object.entries<any>(r.trees)) {
    const ours = t.variants.RustServiceImage;
    const theirs = t.variants['ContainerImage.fromAsset'];
    const shape = `${tree}: ${t.tree.sourceFiles} source files (${mib(t.tree.sourceBytes)}), target/ ${t.tree.targetFiles} files (${mib(t.tree.targetBytes)})`;
    const touched = ours.hashChangedAfterTouchingTarget === undefined ? '-'
      : `${ours.hashChangedAfterTouchingTarget ? 'changed' : 'unchanged'} / ${theirs.hashChangedAfterTouchingTarget ? 'changed' : 'unchanged'}`;
    lines.push(`| ${shape} | ${s3(ours.medianSeconds)} (${s3(ours.minSeconds)}-${s3(ours.maxSeconds)}) | ${s3(theirs.medianSeconds)} (${s3(theirs.minSeconds)}-${s3(theirs.maxSeconds)}) | ${t.ratios.synthTime.toFixed(2)}x | ${mib(ours.assemblyBytes)} / ${mib(theirs.assemblyBytes)} | ${touched} |`);
  }
  return lines.join('\n');
}

// --- engine ---------------------------------------------------------------------------------

const DASH = '–';
const known = (x: number | undefined): x is number => x !== undefined && Number.isFinite(x);

/** Megabytes (10^6 bytes), two decimals. */
export function mb(bytes: number | undefined): string {
  return known(bytes) ? `${(bytes / 1e6).toFixed(2)} MB` : DASH;
}

/** `12.3 s (11.9–13.0)`; the spread only when there was more than one run. */
export function seconds(x: Spread | undefined): string {
  if (!x || !known(x.median)) return DASH;
  const v = (n: number) => n.toFixed(1);
  return x.runs.length > 1 ? `${v(x.median)} s (${v(x.min)}–${v(x.max)})` : `${v(x.median)} s`;
}

export function millis(x: Spread | undefined, digits = 0): string {
  if (!x || !known(x.median)) return DASH;
  const v = (n: number) => n.toFixed(digits);
  return x.runs.length > 1 ? `${v(x.median)} ms (${v(x.min)}–${v(x.max)})` : `${v(x.median)} ms`;
}

export function percent(ratio: number | undefined, signed = false): string {
  if (!known(ratio)) return DASH;
  const p = (ratio * 100).toFixed(1);
  return `${signed && ratio > 0 ? '+' : ''}${p}%`;
}

/** How a kind of build ended over its runs, e.g. `3/3 fresh` or `2/3 fresh, 1 stale`. */
export function outcomes(f: BuildFigure): string {
  const n = f.runs.length;
  const fresh = f.outcomes.fresh ?? 0;
  const others = Object.entries(f.outcomes).filter(([k]) => k !== 'fresh').map(([k, c]) => `${c} ${k === 'build-failed' ? 'failed to build' : k}`);
  if (fresh === n) return `${n}/${n} fresh`;
  return [fresh ? `${fresh}/${n} fresh` : '', ...others.map((o) => (fresh ? o : `${o.split(' ')[0]}/${n} ${o.split(' ').slice(1).join(' ')}`))].filter(Boolean).join(', ');
}

/** A build cell: time, crates compiled, outcome. */
export function buildCell(f: BuildFigure | undefined): string {
  if (!f) return 'not measured';
  return `${seconds(f.seconds)}; ${f.compilingLines.median} compiled; ${outcomes(f)}`;
}

function load(l: GroupLoad): string {
  return `${l.before.load1} / ${l.before.load5} / ${l.before.load15} → ${l.after.load1} / ${l.after.load5} / ${l.after.load15}`;
}

function strategyRow(r: StrategyResult): string {
  return `| ${r.label} | ${buildCell(r.cold)} | ${buildCell(r.warm.bin)} | ${buildCell(r.warm.lib)} | ${buildCell(r.warm.version)} | ${percent(r.warmLibRatio)} |`;
}

function partsColumn(p: ScratchParts): string[] {
  return [p.binaryBytes, p.probeBytes, p.caCertificatesBytes, p.accountsBytes, p.sbomBytes, p.otherBytes, p.imageBytes, p.overheadBytes].map((b) => (b < 10_000 ? `${b} B` : mb(b)));
}

export function engineSection(r: EngineResults): string {
  const out: string[] = [];
  const push = (...lines: string[]) => out.push(...lines);
  const groups = r.load.groups;
  const loads = groups.flatMap((g) => [g.before.load1, g.after.load1]);
  const h = Math.floor(r.run.durationSeconds / 3600);
  const m = Math.round((r.run.durationSeconds % 3600) / 60);

  const floor = r.run.scope === 'floor';
  push(`Engine (\`npx projen bench:engine${floor ? ' --floor' : ''}\`, ${r.run.date.slice(0, 16).replace('T', ' ')} UTC, ${r.run.mode} run of ${h ? `${h} h ` : ''}${m} min): `
    + `every image builds the realistic fixture (\`${r.fixture.name}\`: hyper 1, multi-threaded tokio, rustls with ring, tracing, tokio-postgres; `
    + `**${r.fixture.crates} crates** compiled in a cold build, ${r.fixture.lockPackages} packages in Cargo.lock) from a copy with a checkout's mtimes, `
    + 'and every image is started and must serve its change on `/health` (a stale binary is counted as such, not as a build). '
    + `A figure with a spread (min–max, in brackets) is the median of its runs (${r.run.runsPerFigure} for the default options${floor ? ' and the native floor, cold; see the native floor\'s table for the warm rebuilds' : ' and the guide\'s prod Dockerfile'}); one without is a single run; `
    + `cold builds use \`--no-cache\`${floor ? '' : ' (and empty cache mounts for `cacheMounts()`)'}; MB are 10^6 bytes.`
    + `${floor ? ' This run measured issue 26\'s groups only (what it left out is listed at the end): the tables of the other groups are not shown rather than carried over from an older run.' : ''}`);
  push('');
  if (r.run.mode !== 'full') push('**Smoke run: one run of each path, from the build cache. These are not measurements.**', '');
  const cores = Number(r.environment.cpu.split(' x ').pop());
  const sampled = r.load.sampled;
  // Judged on the median: a cargo build keeps every core busy, so the benchmark's own work brings the load up to
  // the core count and its peaks above. A run without samples has only the group boundaries: any of them above.
  const loaded = (sampled ? sampled.median : Math.max(...loads)) > cores;
  push(`Machine: ${r.environment.cpu}, ${r.environment.memory}; load average (1 min) between ${Math.min(...loads)} and ${Math.max(...loads)} at the group boundaries (table at the end)`
    + `${sampled ? `, median ${sampled.median} (${sampled.min}–${sampled.max}) over ${sampled.runs.length} samples every ${r.load.sampleSeconds} s during the run` : ''}. `
    + (loaded
      ? `**The machine was loaded** (${sampled ? 'median load' : 'load at group boundaries'} above its ${cores} cores: other work ran beside the benchmark): absolute times are longer than on a quiet machine and vary with the load; `
      : `The median load stayed within the ${cores} cores (a cargo build alone keeps them busy); `)
    + 'the ratios that matter (Docker against native cargo, ours against the guide\'s image) come from runs alternating in the same session, which see the same load. '
    + `Engine: ${r.environment.engine}. Stand-ins, not the official images (see \`scripts/engine/STANDINS.md\`): ${r.environment.toolchainStandIn}; ${r.environment.debianStandIn}; ${r.environment.alpineStandIn}.`);
  push('');

  const issues = [...new Set(r.targets.map((t) => t.issue ?? 12))];
  push(`**Targets** (issue${issues.length > 1 ? 's' : ''} ${issues.join(' and ')}):`, '');
  push('| Issue | Target | Measured | Met |', '| --- | --- | --- | --- |');
  for (const t of r.targets) push(`| ${t.issue ?? 12} | ${t.target} | ${t.measured} | ${t.met ? 'met' : '**missed**'} |`);
  push('');
  if (r.native) push(...nativeSection(r.native, r.strategies.find((x) => x.id === 'skeleton')), '');
  if (r.pairs) push(...pairsSection(r.pairs), '');

  push('**Dependency caching** (default release profile, scratch image; each cell: time; `Compiling` lines in the build log; whether the image served the change):', '');
  push('| Strategy | Cold | Warm: binary crate | Warm: library crate | Warm: version bump (Cargo.toml + Cargo.lock) | Warm (library) / cold |');
  push('| --- | --- | --- | --- | --- | ---: |');
  for (const s of r.strategies) push(strategyRow(s));
  const notes = r.strategies.filter((s) => s.note).map((s) => `${s.label}: ${s.note}.`);
  if (notes.length) push('', notes.join(' '));
  push('');

  if (r.profiles.length) push('**Release profiles** (default caching, scratch image; throughput as below; "all three": warm ≤ 15% of cold with every image fresh, binary and throughput within 10% of today\'s default):', '');
  if (r.profiles.length) {
    push('| Profile | Cold | Warm (library) | Warm / cold | Binary | Size vs default | Requests/s | vs default | p50 / p99 | All three |');
    push('| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |');
  }
  for (const p of r.profiles) {
    const t = p.throughput;
    push(`| ${p.label} | ${buildCell(p.cold)} | ${buildCell(p.warmLib)} | ${percent(p.warmLibRatio)} | ${mb(p.binaryBytes)} | ${percent(p.verdict.sizeChange, true)} | `
      + `${t ? t.requestsPerSecond.median.toFixed(0) : DASH} | ${percent(p.verdict.throughputChange, true)} | ${t ? `${t.latencyP50Ms.median} / ${t.latencyP99Ms.median} ms` : DASH} | ${p.verdict.meetsAll ? 'yes' : 'no'} |`);
  }
  const winners = r.profiles.filter((p) => p.verdict.meetsAll).map((p) => p.id);
  if (r.profiles.length) push('', `Profiles that meet all three: ${winners.length ? winners.join(', ') : 'none'}.`, '');

  push('**The guide\'s Dockerfiles next to ours** (same fixture, same engine; the guide\'s files with what was adapted to build here in their headers; '
    + 'image sizes of images that serve the service: for the guide, the image its Dockerfile built after a library change with build.rs touched, as its other builds fail to compile; '
    + 'our cold build is the default scratch build for every shape, since only the runtime stage differs):', '');
  push('| Shape | Guide: cold | Guide: image | Guide: binary | Ours | Ours: cold | Ours: image |');
  push('| --- | --- | ---: | ---: | --- | --- | ---: |');
  for (const g of r.guideImages) {
    // --floor builds the guide's prod image only for the pairs; its cold build comes from the build cache and measures nothing.
    const guideCold = floor ? 'not measured (--floor: from the build cache)' : buildCell(g.cold);
    push(`| ${g.id} (\`${g.dockerfile.split('/').pop()}\`) | ${guideCold} | ${mb(g.imageBytes)} | ${mb(g.binaryBytes)} | ${g.ours.label} | ${g.ours.coldSeconds.toFixed(1)} s | ${mb(g.ours.imageBytes)} |`);
  }
  push('');

  const parts = ['binary', 'health check probe', 'CA certificates', '/etc/passwd + /etc/group', 'SBOM', 'other (directories, metadata)', '**image**', 'overhead over the binary'];
  const columns: Array<[string, string[]]> = [['musl x86_64 (default)', partsColumn(r.sizes.musl)]];
  if (r.sizes.glibcStatic) columns.push(['static glibc x86_64 (`Linkage.GLIBC_STATIC`)', partsColumn(r.sizes.glibcStatic)]);
  if (r.arm64) columns.push(['musl arm64 (`Architecture.ARM64`)', partsColumn(r.arm64.scratch)]);
  push('**Sizes** (scratch image by part, from the image\'s file listing):', '');
  push(`| Part | ${columns.map(([head]) => head).join(' | ')} |`, `| --- | ${columns.map(() => '---:').join(' | ')} |`);
  parts.forEach((p, i) => push(`| ${p} | ${columns.map(([, c]) => c[i]).join(' | ')} |`));
  push('');

  if (r.arm64 && r.sizes.glibcStatic) {
    push('**Cross build** (cold, default options otherwise):', '');
    push('| Build | Cold | Binary |', '| --- | --- | --- |');
    push(`| amd64, native (default) | ${seconds(r.strategies.find((s) => s.id === 'skeleton')?.cold.seconds)} | ${mb(r.sizes.musl.binaryBytes)} |`);
    push(`| arm64, \`CrossCompilation.gcc()\` (default for ARM64) | ${buildCell(r.arm64.crossCold)} | ${mb(r.arm64.scratch.binaryBytes)}: ${r.arm64.elf} |`);
    push(`| static glibc amd64 | ${buildCell(r.linkage.glibcStaticCold)} | ${mb(r.sizes.glibcStatic.binaryBytes)} |`);
    push('');
  }

  if (r.startStop.length) push(`**Start and stop** (median of ${r.run.startStopRuns}; start-up: \`docker run -d\` to the first 200 on \`/health\`, polled every 5 ms; from process start: the container's StartedAt to that 200; stop: \`docker stop\` until the container has exited):`, '');
  if (r.startStop.length) push('| Image | Start-up | From process start | Stop | Exit codes |', '| --- | --- | --- | --- | --- |');
  for (const x of r.startStop) {
    const codes = [...new Set(x.exitCodes)].join(', ');
    push(`| ${x.label}${x.emulated ? ' (**emulated**)' : ''} | ${millis(x.startupMs)} | ${millis(x.fromProcessStartMs)} | ${millis(x.stopMs)} | ${codes || DASH} |`);
  }
  if (r.startStop.length) push('');

  const w = r.throughput[0];
  if (w) {
    push(`**Throughput** (\`wrk -t${w.threads} -c${w.connections} -d${w.durationSeconds}s --latency\` on 127.0.0.1, \`GET ${w.path}\` with 10 tasks stored; median of ${w.requestsPerSecond.runs.length} runs after a warm-up; wrk and the service share the machine's ${r.environment.cpu.split(' x ').pop()} cores):`, '');
    push('| Image | Requests/s | p50 latency | p99 latency | Errors |', '| --- | --- | --- | --- | --- |');
    for (const t of r.throughput) {
      const rps = t.requestsPerSecond;
      push(`| ${t.label} | ${rps.median.toFixed(0)}${rps.runs.length > 1 ? ` (${rps.min.toFixed(0)}–${rps.max.toFixed(0)})` : ''} | ${millis(t.latencyP50Ms, 2)} | ${millis(t.latencyP99Ms, 2)} | ${t.non2xx + t.socketErrors} |`);
    }
    push(`Guide's prod throughput measured on ${r.guide.prodThroughputImage}.`);
    push('');
  }

  push('**Load average** around each group (1 / 5 / 15 min, before → after):', '');
  push('| Group | Duration | Load |', '| --- | ---: | --- |');
  for (const g of groups) push(`| ${g.group} | ${(g.seconds / 60).toFixed(1)} min | ${load(g)} |`);
  if (r.run.cut.length) push('', `Repetitions (what one sitting affords): ${r.run.cut.join('; ')}.`);
  if (r.run.failures.length) push('', `Failures recorded in this run: ${r.run.failures.join('; ')}.`);
  if (r.run.corrections?.length) push('', `Corrected after the run: ${r.run.corrections.join('; ')}.`);
  const sized = r.guideImages.filter((g) => g.sizedImage).map((g) => `${g.id}: ${g.sizedImage}`);
  if (sized.length) push('', `The guide's image sizes: ${sized.join('; ')}.`);
  return out.join('\n');
}
