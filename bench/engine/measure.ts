/**
 * Real-engine benchmark (`npx projen bench:engine`): image sizes, cold and
 * warm build times, crates recompiled, and start-up, measured side by side in
 * one run on the engine the tests use. Prints a table and writes
 * bench-results/engine.json. No timed assertions: the figures are reported
 * against the targets, pass or miss.
 *
 * Everything builds the task-api fixture (test/engine/fixtures/task-api) with
 * the local Debian Rust builder and static glibc, like the engine tests.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DebianSlimRuntime, DependencyCaching, DevImage, ImageRuntime, LtoMode, ReleaseProfile, RustMuslImageProps, ScratchRuntime } from '../../src';
import {
  BuildResult, buildImage, cleanup, compiledCrates, ContainerNetwork, copyFixture, copyGuideDockerfile, DEBIAN_IMAGE, ENGINE_SCRIPT, ensureStandins,
  freePort, getEngine, httpGet, imageFiles, imageSizeBytes, REPO_ROOT, removeContainer, replaceInFile, runContainer, RUST_IMAGE, tryBuildImage,
  waitForHttp200,
} from '../../test/engine/engine-harness';
import { FAST_HEALTH_CHECK, LIB_EDIT, setTreeMtime, taskApiBuilder } from '../../test/engine/task-api';

const TAG = 'cdk-rust-image-engine-bench';
const STARTUP_RUNS = 5;
const LOCAL_CRATES = ['tasks', 'task-api'];
const MB = 1_000_000;

const TARGETS = {
  warmRatio: 0.15,
  scratchOverheadBytes: 1.5 * MB,
  startupMs: 1000,
};

interface RuntimeFigures {
  readonly runtime: string;
  readonly imageBytes: number;
  readonly startupMsMedian: number;
  readonly startupMsRuns: number[];
}

interface ScratchBreakdown {
  readonly binaryBytes: number;
  readonly probeBytes: number;
  readonly certificatesBytes: number;
  readonly passwdGroupBytes: number;
  readonly otherBytes: number;
  readonly imageBytes: number;
  readonly overheadBytes: number;
}

interface BuildFigures {
  readonly strategy: string;
  readonly coldOk: boolean;
  readonly coldSeconds: number;
  readonly coldCrates: number;
  readonly warmOk: boolean;
  readonly warmSeconds: number;
  readonly warmCompiled: string[];
  /** warm / cold, when both built. */
  readonly ratio?: number;
  /** Size of /app/task-api in the warm image, when it built. */
  readonly binaryBytes?: number;
  readonly note?: string;
}

function log(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function mb(bytes: number): string {
  return `${(bytes / MB).toFixed(2)} MB`;
}

function firstError(buildLog: string): string {
  return /error(\[E\d+\])?: [^\n]*/.exec(buildLog)?.[0] ?? 'see the build log';
}

/** A copy of the fixture with the runtime's rendering written into it, with checkout mtimes. */
function renderedCopy(runtime: ImageRuntime, props: Partial<RustMuslImageProps>): string {
  const dir = copyFixture('task-api');
  runtime.compose(taskApiBuilder(dir, props)).writeTo(dir);
  setTreeMtime(dir);
  return dir;
}

async function measureRuntime(name: string, runtime: ImageRuntime, dirs: string[]): Promise<RuntimeFigures> {
  const dir = renderedCopy(runtime, {});
  dirs.push(dir);
  const tag = `${TAG}:${name}`;
  log(`building the ${name} image`);
  await buildImage(dir, 'Dockerfile', tag);
  const runs: number[] = [];
  for (let i = 0; i < STARTUP_RUNS; i++) {
    const port = await freePort();
    const t0 = Date.now();
    const id = await runContainer(tag, { network: ContainerNetwork.HOST, port });
    runs.push(await waitForHttp200(() => httpGet(`http://127.0.0.1:${port}/health`), 10_000, t0));
    await removeContainer(id);
  }
  return { runtime: name, imageBytes: await imageSizeBytes(tag), startupMsMedian: median(runs), startupMsRuns: runs };
}

async function scratchBreakdown(): Promise<ScratchBreakdown> {
  const files = (await imageFiles(`${TAG}:scratch`)).filter((f) => f.kind === '-');
  const size = (p: string) => files.find((f) => f.path === p)?.size ?? 0;
  const binaryBytes = size('/app/task-api');
  const probeBytes = size('/usr/local/bin/healthcheck');
  const certificatesBytes = size('/etc/ssl/certs/ca-certificates.crt');
  const passwdGroupBytes = size('/etc/passwd') + size('/etc/group');
  const imageBytes = await imageSizeBytes(`${TAG}:scratch`);
  return {
    binaryBytes,
    probeBytes,
    certificatesBytes,
    passwdGroupBytes,
    otherBytes: imageBytes - binaryBytes - probeBytes - certificatesBytes - passwdGroupBytes,
    imageBytes,
    overheadBytes: imageBytes - binaryBytes,
  };
}

/**
 * Cold build (`--no-cache`), then a one-line change in the library crate and
 * a warm rebuild. The change carries this run's time, so an earlier run's
 * cache cannot answer it.
 */
async function measureBuilds(strategy: string, dir: string, dockerfile: string): Promise<BuildFigures> {
  const tag = `${TAG}:build-${strategy.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
  log(`${strategy}: cold build (--no-cache)`);
  const cold: BuildResult = await tryBuildImage(dir, dockerfile, `${tag}-cold`, { noCache: true });
  replaceInFile(path.join(dir, LIB_EDIT.file), LIB_EDIT.from, `"tasks-v2-${Date.now()}"`);
  log(`${strategy}: warm rebuild after a one-line change in ${LIB_EDIT.file}`);
  const warm: BuildResult = await tryBuildImage(dir, dockerfile, `${tag}-warm`);
  const notes = [
    ...(cold.ok ? [] : [`cold build failed: ${firstError(cold.log)}`]),
    ...(warm.ok ? [] : [`warm rebuild failed: ${firstError(warm.log)}`]),
  ];
  const binary = warm.ok ? (await imageFiles(`${tag}-warm`)).find((f) => f.path === '/app/task-api') : undefined;
  return {
    strategy,
    binaryBytes: binary?.size,
    coldOk: cold.ok,
    coldSeconds: cold.durationMs / 1000,
    coldCrates: new Set(compiledCrates(cold.log)).size,
    warmOk: warm.ok,
    warmSeconds: warm.durationMs / 1000,
    warmCompiled: compiledCrates(warm.log),
    ratio: cold.ok && warm.ok ? warm.durationMs / cold.durationMs : undefined,
    note: notes.length ? notes.join('; ') : undefined,
  };
}

async function machineFacts(): Promise<Record<string, string>> {
  const engine = getEngine();
  const server = (await engine.docker(['version', '--format', '{{.Server.Version}} (API {{.Server.APIVersion}}, {{.Server.Os}}/{{.Server.Arch}})'])).stdout.trim();
  const info = JSON.parse((await engine.docker(['info', '--format', '{{json .}}'])).stdout);
  const rustc = (await engine.docker(['run', '--rm', '--network', 'none', RUST_IMAGE, 'rustc', '--version'])).stdout.trim();
  return {
    engine: `Docker ${server}, storage ${info.Driver}, BuildKit (DOCKER_BUILDKIT=1)`,
    cpu: `${os.cpus()[0]?.model ?? 'unknown'} x ${os.cpus().length}`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
    kernel: `${os.type()} ${os.release()} ${os.arch()}`,
    rustc,
    loadAverageAtStart: os.loadavg().map((l) => l.toFixed(2)).join(' '),
  };
}

function verdict(pass: boolean): string {
  return pass ? 'PASS' : 'MISS';
}

function render(facts: Record<string, string>, runtimes: RuntimeFigures[], scratch: ScratchBreakdown, builds: BuildFigures[], date: string): string {
  const lines: string[] = [];
  lines.push(`cdk-rust-image engine benchmark, ${date}`);
  for (const [k, v] of Object.entries(facts)) lines.push(`  ${k}: ${v}`);
  lines.push('');
  lines.push('| Runtime | Image size | Start-up to first 200 on /health (median of ' + STARTUP_RUNS + ') |');
  lines.push('|---|---:|---:|');
  for (const r of runtimes) lines.push(`| ${r.runtime} | ${mb(r.imageBytes)} | ${r.startupMsMedian} ms |`);
  lines.push('');
  lines.push('| Scratch image part | Size |');
  lines.push('|---|---:|');
  lines.push(`| binary (/app/task-api) | ${mb(scratch.binaryBytes)} |`);
  lines.push(`| health check probe | ${mb(scratch.probeBytes)} |`);
  lines.push(`| CA certificates | ${mb(scratch.certificatesBytes)} |`);
  lines.push(`| /etc/passwd + /etc/group | ${scratch.passwdGroupBytes} B |`);
  lines.push(`| other (metadata) | ${scratch.otherBytes} B |`);
  lines.push(`| image total | ${mb(scratch.imageBytes)} |`);
  lines.push(`| overhead over the bare binary | ${mb(scratch.overheadBytes)} (without the probe: ${mb(scratch.overheadBytes - scratch.probeBytes)}) |`);
  lines.push('');
  lines.push('| Build strategy (scratch image) | Cold build (--no-cache) | Warm rebuild after a lib.rs one-line change | Warm / cold | Crates compiled (cold -> warm) | Binary |');
  lines.push('|---|---:|---:|---:|---|---:|');
  for (const b of builds) {
    const cold = b.coldOk ? `${b.coldSeconds.toFixed(1)} s` : `failed to build (${b.coldSeconds.toFixed(1)} s)`;
    const warm = b.warmOk ? `${b.warmSeconds.toFixed(1)} s` : `failed to build (${b.warmSeconds.toFixed(1)} s)`;
    const ratio = b.ratio !== undefined ? `${(b.ratio * 100).toFixed(0)}%` : '-';
    lines.push(`| ${b.strategy} | ${cold} | ${warm} | ${ratio} | ${b.coldCrates} -> ${b.warmCompiled.length} (${b.warmCompiled.join(', ') || 'none'}) | ${b.binaryBytes !== undefined ? mb(b.binaryBytes) : '-'} |`);
  }
  for (const b of builds.filter((x) => x.note)) lines.push(`  ${b.strategy}: ${b.note}`);
  lines.push('');
  lines.push('Targets:');
  for (const b of builds) {
    const localOnly = b.warmOk && b.warmCompiled.every((c) => LOCAL_CRATES.includes(c));
    const pass = b.ratio !== undefined && b.ratio <= TARGETS.warmRatio && localOnly;
    const ratio = b.ratio !== undefined ? `${(b.ratio * 100).toFixed(0)}%` : 'n/a';
    lines.push(`  warm rebuild <= ${TARGETS.warmRatio * 100}% of cold, only local crates recompiled [${b.strategy}]: ${verdict(pass)} (${ratio}; ${b.warmOk ? (localOnly ? 'only local crates' : `also ${b.warmCompiled.filter((c) => !LOCAL_CRATES.includes(c)).length} dependencies`) : 'did not build'})`);
  }
  lines.push(`  scratch <= binary + ${mb(TARGETS.scratchOverheadBytes)}: ${verdict(scratch.overheadBytes <= TARGETS.scratchOverheadBytes)} (binary + ${mb(scratch.overheadBytes)})`);
  for (const r of runtimes) {
    lines.push(`  start-up < ${TARGETS.startupMs} ms [${r.runtime}]: ${verdict(r.startupMsMedian < TARGETS.startupMs)} (median ${r.startupMsMedian} ms; runs ${r.startupMsRuns.join(', ')})`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const engine = getEngine();
  const dirs: string[] = [];
  try {
    await ensureStandins();
    const date = new Date().toISOString();
    const facts = await machineFacts();

    const runtimes = [
      await measureRuntime('scratch', new ScratchRuntime({ healthCheck: FAST_HEALTH_CHECK }), dirs),
      await measureRuntime('debian-slim', new DebianSlimRuntime({ healthCheck: FAST_HEALTH_CHECK, baseImage: DEBIAN_IMAGE }), dirs),
      await measureRuntime('dev', new DevImage({ healthCheck: FAST_HEALTH_CHECK }), dirs),
    ];
    const scratch = await scratchBreakdown();

    const builds: BuildFigures[] = [];
    const strategies: Array<[string, Partial<RustMuslImageProps>]> = [
      ['library default', {}],
      // The guide builds with cargo's own release profile (no LTO, 16 codegen units); this row compares like for like.
      ['library default, cargo\'s release profile', { profile: ReleaseProfile.fromCargoToml() }],
      // Fat LTO re-optimizes every crate at each link; thin LTO keeps most of the gain at a fraction of the link time.
      ['library default, thin LTO', { profile: ReleaseProfile.optimized({ lto: LtoMode.THIN }) }],
      ['DependencyCaching.none()', { dependencyCaching: DependencyCaching.none() }],
    ];
    for (const [name, props] of strategies) {
      const dir = renderedCopy(new ScratchRuntime(), props);
      dirs.push(dir);
      builds.push(await measureBuilds(name, dir, 'Dockerfile'));
    }
    const guideDir = copyFixture('task-api');
    dirs.push(guideDir);
    const guideDockerfile = copyGuideDockerfile(guideDir);
    setTreeMtime(guideDir);
    builds.push(await measureBuilds('guide dummy-main', guideDir, guideDockerfile));

    const table = render(facts, runtimes, scratch, builds, date);
    process.stdout.write(`${table}\n`);
    const outDir = path.join(REPO_ROOT, 'bench-results');
    fs.mkdirSync(outDir, { recursive: true });
    const json = { date, facts, targets: TARGETS, runtimes, scratch, builds, table };
    fs.writeFileSync(path.join(outDir, 'engine.json'), `${JSON.stringify(json, null, 2)}\n`);
    log(`wrote ${path.relative(process.cwd(), path.join(outDir, 'engine.json'))}`);
  } finally {
    await cleanup({ images: true });
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    if (engine.started && process.env.CDK_RUST_IMAGE_ENGINE_KEEP !== '1') {
      spawnSync('bash', [ENGINE_SCRIPT, 'stop'], { stdio: 'inherit', timeout: 120_000 });
    }
  }
}

main().catch((e) => {
  process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
