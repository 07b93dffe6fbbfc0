/**
 * Helpers for the real-engine tests (run through `npx projen test:engine`).
 *
 * The engine comes from `scripts/engine/engine.sh start`: an engine that
 * already answers, or a private dockerd. Without one, `describeWithEngine`
 * fails the file in CI and skips it elsewhere with a one-line reason.
 *
 * Containers run in one of two networks:
 * - `ContainerNetwork.ISOLATED` (default): `--network none`, the container has
 *   its own loopback, so the image's own port (8080) and HEALTHCHECK work
 *   unchanged and never collide with the host; the harness reaches it by
 *   entering the container's network namespace (`nsenter` + `curl`).
 * - `ContainerNetwork.HOST`: `--network host` with `PORT=<free port>`.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { VERIFIED_PATHS } from './verified-paths';
import {
  ALPINE_IMAGE as PINNED_ALPINE_IMAGE, DEBIAN_SLIM_IMAGE, DISTROLESS_STATIC_IMAGE, POSTGRES_IMAGE as PINNED_POSTGRES_IMAGE,
  PROMETHEUS_IMAGE as PINNED_PROMETHEUS_IMAGE, RUST_VERSION, rustDebianImage,
} from '../src/model/pins';

export const REPO_ROOT = path.resolve(__dirname, '..');
export const ENGINE_SCRIPT = path.join(REPO_ROOT, 'scripts', 'engine', 'engine.sh');
/** The engine tests' fixtures, which the benchmark builds too. */
export const FIXTURES_DIR = path.join(REPO_ROOT, 'test', 'engine', 'fixtures');
/** Debian's 20.10 CLI: BuildKit built in. The CLI in /usr/local/bin lacks buildx. */
export const DOCKER_CLI = process.env.CDK_RUST_IMAGE_DOCKER ?? '/usr/bin/docker';
/**
 * The stand-in base images scripts/engine/standins.sh makes: local images with
 * the names the library's Dockerfiles use, built offline from Debian's
 * archive. The names follow the same environment variables as the script.
 */
export const RUST_IMAGE = process.env.CDK_RUST_IMAGE_RUST_TAG ?? rustDebianImage(RUST_VERSION);
export const DEBIAN_IMAGE = process.env.CDK_RUST_IMAGE_DEBIAN_TAG ?? DEBIAN_SLIM_IMAGE;
export const ALPINE_IMAGE = process.env.CDK_RUST_IMAGE_ALPINE_TAG ?? PINNED_ALPINE_IMAGE;
export const DISTROLESS_REPO = process.env.CDK_RUST_IMAGE_DISTROLESS_REPO ?? DISTROLESS_STATIC_IMAGE.replace(/:[^:/]*$/, '');
export const POSTGRES_IMAGE = process.env.CDK_RUST_IMAGE_POSTGRES_TAG ?? PINNED_POSTGRES_IMAGE;
export const PROMETHEUS_IMAGE = process.env.CDK_RUST_IMAGE_PROMETHEUS_TAG ?? PINNED_PROMETHEUS_IMAGE;
/** The names handed to standins.sh, so the images carry exactly the names the library renders. */
export const STANDIN_NAMES: Record<string, string> = {
  CDK_RUST_IMAGE_RUST_TAG: RUST_IMAGE,
  CDK_RUST_IMAGE_DEBIAN_TAG: DEBIAN_IMAGE,
  CDK_RUST_IMAGE_ALPINE_TAG: ALPINE_IMAGE,
  CDK_RUST_IMAGE_DISTROLESS_REPO: DISTROLESS_REPO,
  CDK_RUST_IMAGE_POSTGRES_TAG: POSTGRES_IMAGE,
  CDK_RUST_IMAGE_PROMETHEUS_TAG: PROMETHEUS_IMAGE,
};
/** Set by global-setup.ts; files next to it record the verified paths and what this run started. */
export const SESSION_ENV = 'CDK_RUST_IMAGE_ENGINE_SESSION';
/** Where the engine scripts record the processes they launch (record_started in scripts/engine/lib.sh). */
export const STARTED_FILE_ENV = 'CDK_RUST_IMAGE_STARTED_FILE';

export interface DockerOptions {
  /** Written to the command's stdin. @default - nothing */
  readonly input?: string | Buffer;
  /** Resolve instead of rejecting when the command exits non-zero. @default false */
  readonly allowFailure?: boolean;
  /** Kill the command after this long. @default - no limit */
  readonly timeoutMs?: number;
  /** Extra environment for the CLI. @default - none */
  readonly env?: Record<string, string>;
  /** Working directory of the command. @default - this process's */
  readonly cwd?: string;
}

export interface DockerResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
}

export interface Engine {
  /** The DOCKER_HOST value every command uses. */
  readonly dockerHost: string;
  /** True when this test run launched the private dockerd. */
  readonly started: boolean;
  /** Runs the docker CLI against this engine (DOCKER_BUILDKIT=1). */
  docker(args: string[], opts?: DockerOptions): Promise<DockerResult>;
}

export class EngineUnavailableError extends Error {}

type EngineStatus = { available: true; engine: Engine } | { available: false; reason: string };

let status: EngineStatus | undefined;

/** Starts (or finds) the engine once per test file; synchronous so it can decide describe vs skip. */
export function engineStatus(): EngineStatus {
  if (status) return status;
  const result = spawnSync('bash', [ENGINE_SCRIPT, 'start'], { encoding: 'utf-8', timeout: 15 * 60_000 });
  const stdout = result.stdout ?? '';
  const host = /^DOCKER_HOST=(.*)$/m.exec(stdout)?.[1];
  if (result.status !== 0 || !host) {
    const lines = `${result.stderr ?? ''}${result.error?.message ?? ''}`.trim().split('\n');
    const reason = lines.filter((l) => l.startsWith('engine: ')).pop()?.slice('engine: '.length)
      ?? lines.pop() ?? `engine.sh start exited with ${result.status}`;
    status = { available: false, reason };
    return status;
  }
  const started = /^ENGINE_STARTED=1$/m.test(stdout);
  status = { available: true, engine: makeEngine(host, started) };
  return status;
}

/**
 * Records that a passing test built and ran a user path of verified-paths.ts.
 * Call it at the end of the test, after its assertions: a failed assertion
 * throws first, so only a path whose checks all passed is recorded. The global
 * teardown compares the record with the paths the README calls verified.
 */
export function markVerified(id: string): void {
  if (!VERIFIED_PATHS.some((p) => p.id === id && p.status === 'verified')) {
    throw new Error(`markVerified: "${id}" is not a verified path in devtools/verified-paths.ts`);
  }
  const session = process.env[SESSION_ENV];
  if (session) fs.appendFileSync(`${session}.verified`, `${id}\n`);
}

/** The engine, or an EngineUnavailableError naming why there is none. */
export function getEngine(): Engine {
  const s = engineStatus();
  if (!s.available) throw new EngineUnavailableError(`no Docker engine: ${s.reason}`);
  return s.engine;
}

/**
 * `describe` of a suite that builds on the engine, when one is available.
 * Before the suite's first test the stand-in base images are made (or
 * found); after its last test, after the suite's own `afterAll` steps, the
 * containers it started and the images it built through this harness are
 * removed, then what it registered with `afterSuite`, `removeAfterSuite`
 * and `suiteTempDir` (copyFixture's copies among them).
 *
 * Without an engine: throws in CI (the file fails), otherwise `describe.skip`
 * with the reason in the block's name.
 */
export function describeWithEngine(name: string, fn: () => void): void {
  const s = engineStatus();
  if (s.available) {
    describe(name, () => {
      beforeAll(() => ensureStandins());
      fn();
      afterAll(() => tearDownSuite());
    });
    return;
  }
  if (inCi()) {
    throw new EngineUnavailableError(`${name}: no Docker engine in CI: ${s.reason}`);
  }
  // eslint-disable-next-line no-console
  console.warn(`skipping "${name}": no Docker engine: ${s.reason}`);
  describe.skip(`${name} (skipped: no Docker engine: ${s.reason})`, fn);
}

function inCi(): boolean {
  const ci = (process.env.CI ?? '').toLowerCase();
  return ci !== '' && ci !== '0' && ci !== 'false';
}

function makeEngine(dockerHost: string, started: boolean): Engine {
  return {
    dockerHost,
    started,
    docker: (args, opts = {}) => run(DOCKER_CLI, args, {
      ...opts,
      env: { DOCKER_HOST: dockerHost, DOCKER_BUILDKIT: '1', ...opts.env },
    }),
  };
}

/** Runs a command, collecting its output; rejects on a non-zero exit unless allowFailure. */
export function run(command: string, args: string[], opts: DockerOptions = {}): Promise<DockerResult> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...process.env, ...opts.env },
      cwd: opts.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = opts.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs) : undefined;
    child.on('error', (e) => {
      if (timer) clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      const result: DockerResult = {
        exitCode: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(out).toString('utf-8'),
        stderr: Buffer.concat(err).toString('utf-8'),
        durationMs: Date.now() - t0,
      };
      if (result.exitCode !== 0 && !opts.allowFailure) {
        reject(new Error(`${path.basename(command)} ${args.join(' ')} exited with ${result.exitCode}${signal ? ` (${signal})` : ''}:\n${tail(result.stderr || result.stdout, 40)}`));
      } else {
        resolve(result);
      }
    });
    // A command that exits without reading its input (docker inspect, mostly) makes the write fail
    // with EPIPE: its exit code says how it went, so the stream's error is not the test's.
    child.stdin.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') reject(e);
    });
    child.stdin.end(opts.input ?? '');
  });
}

function tail(text: string, lines: number): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

// --- stand-in base images ------------------------------------------------------

export interface Standins {
  readonly rustImage: string;
  readonly debianImage: string;
  readonly alpineImage: string;
  readonly distrolessImage: string;
  readonly distrolessNonrootImage: string;
  readonly postgresImage: string;
  readonly prometheusImage: string;
  /** The stand-ins this call made (empty when all were cached). */
  readonly built: string[];
  /** Seconds spent in this call. */
  readonly seconds: number;
}

let standins: Promise<Standins> | undefined;

/**
 * Makes every stand-in, amd64 and arm64, once per run; cached on the engine
 * between runs by recipe hash (a fresh machine takes minutes). arm64 needs
 * binfmt_misc and the local registries, which the script sets up; without
 * them it fails, and so do the tests (in CI and elsewhere).
 */
export function ensureStandins(): Promise<Standins> {
  standins ??= (async () => {
    const engine = getEngine();
    const r = await run('bash', [ENGINE_SCRIPT, 'standins', 'all'], { env: { DOCKER_HOST: engine.dockerHost, ...STANDIN_NAMES } });
    const field = (k: string) => new RegExp(`^${k}=(.*)$`, 'm').exec(r.stdout)?.[1];
    return {
      rustImage: field('RUST_IMAGE') ?? RUST_IMAGE,
      debianImage: field('DEBIAN_IMAGE') ?? DEBIAN_IMAGE,
      alpineImage: field('ALPINE_IMAGE') ?? ALPINE_IMAGE,
      distrolessImage: field('DISTROLESS_IMAGE') ?? `${DISTROLESS_REPO}:latest`,
      distrolessNonrootImage: field('DISTROLESS_NONROOT_IMAGE') ?? `${DISTROLESS_REPO}:nonroot`,
      postgresImage: field('POSTGRES_IMAGE') ?? POSTGRES_IMAGE,
      prometheusImage: field('PROMETHEUS_IMAGE') ?? PROMETHEUS_IMAGE,
      built: (field('BUILT') ?? '').split(' ').filter(Boolean),
      seconds: Number(field('SECONDS') ?? 0),
    };
  })();
  return standins;
}

// --- fixtures -----------------------------------------------------------------

/**
 * A checkout's timestamp: every file of a copy gets the same old mtime, as
 * after `git clone` long before the build; an edited file then is "now".
 * Cargo decides freshness by mtime, so what a build compiles does not depend
 * on when the copy was made or on what the engine has cached.
 */
export const CHECKOUT_TIME = new Date('2024-01-01T00:00:00Z');

/** Gives dir and everything under it the time (default: CHECKOUT_TIME). */
export function setTreeMtime(dir: string, time: Date = CHECKOUT_TIME): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) setTreeMtime(p, time);
    fs.utimesSync(p, time, time);
  }
  fs.utimesSync(dir, time, time);
}

// --- what a suite leaves behind ------------------------------------------------

const suiteDirs: string[] = [];
const suiteImages = new Set<string>();
const suiteSteps: Array<() => unknown> = [];

/** A fresh temporary directory, removed after the suite's last test. */
export function suiteTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `cdk-rust-image-${prefix}-`));
  suiteDirs.push(dir);
  return dir;
}

/** Images (built or pulled some other way than this harness's builds) to remove after the suite's last test. */
export function removeAfterSuite(...tags: string[]): void {
  tags.forEach((tag) => suiteImages.add(tag));
}

/** A step for after the suite's last test (stop a server, prune a cache); its failure is reported and the others still run. */
export function afterSuite(step: () => unknown): void {
  suiteSteps.push(step);
}

/** The end of a suite: its registered steps, its containers, its images, its directories. */
async function tearDownSuite(): Promise<void> {
  const failures: unknown[] = [];
  for (const step of suiteSteps.splice(0)) {
    try {
      await step();
    } catch (e) {
      failures.push(e);
    }
  }
  if (suiteImages.size) await getEngine().docker(['rmi', '-f', ...suiteImages], { allowFailure: true });
  suiteImages.clear();
  await cleanup({ images: true });
  for (const dir of suiteDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  if (failures.length > 0) throw failures[0];
}

/** Copies a fixture (without target/) to a fresh temporary directory, removed after the suite, and returns its path. */
export function copyFixture(name: string): string {
  const source = path.join(FIXTURES_DIR, name);
  const dir = suiteTempDir(name);
  fs.cpSync(source, dir, {
    recursive: true,
    filter: (src) => path.basename(src) !== 'target' || path.dirname(src) !== source,
  });
  return dir;
}

/**
 * Copies the guide's dummy-main Dockerfile into dir, its base image set to the
 * toolchain stand-in's name; returns its file name.
 */
export function copyGuideDockerfile(dir: string): string {
  const name = 'guide-dummy-main.Dockerfile';
  const text = fs.readFileSync(path.join(FIXTURES_DIR, name), 'utf-8');
  const arg = /^ARG RUST_IMAGE=.*$/m;
  if (!arg.test(text)) throw new Error(`${name} has no "ARG RUST_IMAGE=" line`);
  fs.writeFileSync(path.join(dir, name), text.replace(arg, `ARG RUST_IMAGE=${RUST_IMAGE}`));
  return name;
}

export interface SupportFile {
  readonly path: string;
  readonly content: string;
}

/** Writes files (e.g. a rendered build's Dockerfile and supportFiles) relative to dir. */
export function writeFiles(dir: string, files: SupportFile[]): void {
  for (const f of files) {
    const target = path.join(dir, f.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, f.content);
  }
}

/** Replaces exactly one occurrence of `from` in a file: the stale-binary edits. */
export function replaceInFile(file: string, from: string, to: string): void {
  const text = fs.readFileSync(file, 'utf-8');
  if (text.split(from).length !== 2) throw new Error(`expected exactly one "${from}" in ${file}`);
  fs.writeFileSync(file, text.replace(from, to));
}

// --- images -------------------------------------------------------------------

export interface BuildOptions {
  /** `--platform`. @default - the engine's own */
  readonly platform?: string;
  /** `--build-arg` values. @default - none */
  readonly buildArgs?: Record<string, string>;
  /** `--no-cache`. @default false */
  readonly noCache?: boolean;
  /** `--target` stage. @default - the last stage */
  readonly target?: string;
}

export interface BuildResult {
  readonly ok: boolean;
  readonly exitCode: number;
  /** BuildKit's plain progress output. */
  readonly log: string;
  readonly durationMs: number;
}

const createdImages = new Set<string>();
const createdContainers = new Set<string>();

/** Builds with BuildKit and `--network host`; never throws on a failed build. */
export async function tryBuildImage(contextDir: string, dockerfilePath: string, tag: string, opts: BuildOptions = {}): Promise<BuildResult> {
  const args = [
    'build',
    '--network', 'host',
    '--progress', 'plain',
    '-f', path.resolve(contextDir, dockerfilePath),
    '-t', tag,
    ...(opts.platform ? ['--platform', opts.platform] : []),
    ...(opts.noCache ? ['--no-cache'] : []),
    ...(opts.target ? ['--target', opts.target] : []),
    ...Object.entries(opts.buildArgs ?? {}).flatMap(([k, v]) => ['--build-arg', `${k}=${v}`]),
    contextDir,
  ];
  createdImages.add(tag);
  const r = await getEngine().docker(args, { allowFailure: true });
  // BuildKit writes its progress to stderr.
  return { ok: r.exitCode === 0, exitCode: r.exitCode, log: r.stderr + r.stdout, durationMs: r.durationMs };
}

/** Builds, or throws with the end of the build log. Returns the log and duration. */
export async function buildImage(contextDir: string, dockerfilePath: string, tag: string, opts: BuildOptions = {}): Promise<BuildResult> {
  const r = await tryBuildImage(contextDir, dockerfilePath, tag, opts);
  if (!r.ok) throw new Error(`docker build of ${tag} failed (exit ${r.exitCode}):\n${tail(r.log, 60)}`);
  return r;
}

/** Crate names cargo compiled, from a build log ("Compiling name vX (...)"). */
export function compiledCrates(log: string): string[] {
  return [...log.matchAll(/Compiling ([A-Za-z0-9_-]+) v\S+/g)].map((m) => m[1]);
}

/**
 * The command `docker create` gets: images without ENTRYPOINT or CMD
 * (distroless) need one, though nothing runs; for the others it is an argument.
 */
const NO_COMMAND = ['/nothing-runs'];

export async function imageSizeBytes(tag: string): Promise<number> {
  const r = await getEngine().docker(['image', 'inspect', '--format', '{{.Size}}', tag]);
  return Number(r.stdout.trim());
}

export interface ImageFile {
  /** Absolute path in the image. */
  readonly path: string;
  /** Size in bytes (0 for directories and links). */
  readonly size: number;
  /** `-` file, `d` directory, `l` symlink, ... (tar's type letter). */
  readonly kind: string;
  /** Type and permissions as `ls -l` shows them, e.g. `drwxrwxrwt`. */
  readonly mode: string;
  /** Numeric owner, `uid/gid`. */
  readonly owner: string;
}

/**
 * Every file of an image's file system, with sizes: `docker create` (works
 * for scratch images too, nothing runs), `docker export`, and the tar listing.
 */
export async function imageFiles(tag: string): Promise<ImageFile[]> {
  const engine = getEngine();
  const id = (await engine.docker(['create', tag, ...NO_COMMAND])).stdout.trim();
  try {
    const r = await run('sh', ['-c', '"$0" export "$1" | tar -tv --numeric-owner -f -', DOCKER_CLI, id], { env: { DOCKER_HOST: engine.dockerHost } });
    return r.stdout.trim().split('\n').filter(Boolean).map(parseTarLine);
  } finally {
    await engine.docker(['rm', '-f', id], { allowFailure: true });
  }
}

function parseTarLine(line: string): ImageFile {
  // e.g. "-rwxr-xr-x 0/0  1234567 2024-01-01 00:00 app/task-api"
  const m = /^((\S)\S*)\s+(\S+)\s+(\d+)\s+\S+\s+\S+\s+(.*?)(?: -> .*)?$/.exec(line);
  if (!m) throw new Error(`unexpected tar listing line: ${line}`);
  return { kind: m[2], mode: m[1], owner: m[3], size: Number(m[4]), path: `/${m[5].replace(/^\.?\//, '').replace(/\/$/, '')}` };
}

/** Copies one file out of an image (without running it) to `dest` on the host. */
export async function copyFromImage(tag: string, imagePath: string, dest: string): Promise<void> {
  const engine = getEngine();
  const id = (await engine.docker(['create', tag, ...NO_COMMAND])).stdout.trim();
  try {
    await engine.docker(['cp', `${id}:${imagePath}`, dest]);
  } finally {
    await engine.docker(['rm', '-f', id], { allowFailure: true });
  }
}

/**
 * `readelf -h -l -d` of a file copied out of an image (nothing runs in it),
 * run in the toolchain stand-in, which has binutils.
 */
export async function readElf(tag: string, imagePath: string): Promise<string> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-rust-image-binary-'));
  try {
    await copyFromImage(tag, imagePath, path.join(out, 'binary'));
    return (await getEngine().docker(['run', '--rm', '--network', 'none', '-v', `${out}:/check:ro`, RUST_IMAGE,
      'readelf', '-h', '-l', '-d', '/check/binary'])).stdout;
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

// --- containers -------------------------------------------------------------------

export enum ContainerNetwork {
  /** `--network none`: own loopback; reach it with containerHttpGet. */
  ISOLATED = 'none',
  /** `--network host` with PORT set to `port`; reach it with httpGet on 127.0.0.1. */
  HOST = 'host',
}

export interface RunOptions {
  /** @default ContainerNetwork.ISOLATED */
  readonly network?: ContainerNetwork;
  /** Sets PORT in the container; required for ContainerNetwork.HOST. @default - the image's */
  readonly port?: number;
  readonly env?: Record<string, string>;
  /** `--user`. @default - the image's USER */
  readonly user?: string;
  /** Arguments after the image. @default - none */
  readonly args?: string[];
  /** `--read-only`: the root file system cannot be written. @default false */
  readonly readOnly?: boolean;
  /** `--tmpfs` mounts, e.g. `/tmp`. @default - none */
  readonly tmpfs?: string[];
  /** `--platform` (arm64 images run under QEMU). @default - the image's */
  readonly platform?: string;
}

/** Starts a detached container and returns its id; removed by cleanup(). */
export async function runContainer(tag: string, opts: RunOptions = {}): Promise<string> {
  const network = opts.network ?? ContainerNetwork.ISOLATED;
  if (network === ContainerNetwork.HOST && opts.port === undefined) {
    throw new Error('runContainer: ContainerNetwork.HOST needs a port (use freePort())');
  }
  const env = { ...(opts.port !== undefined ? { PORT: String(opts.port) } : {}), ...opts.env };
  const r = await getEngine().docker([
    'run', '-d',
    '--network', network,
    ...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]),
    ...(opts.user ? ['--user', opts.user] : []),
    ...(opts.readOnly ? ['--read-only'] : []),
    ...(opts.tmpfs ?? []).flatMap((m) => ['--tmpfs', m]),
    ...(opts.platform ? ['--platform', opts.platform] : []),
    tag,
    ...(opts.args ?? []),
  ]);
  const id = r.stdout.trim();
  createdContainers.add(id);
  return id;
}

async function inspect(containerId: string, format: string): Promise<string> {
  return (await getEngine().docker(['inspect', '--format', format, containerId])).stdout.trim();
}

export async function containerLogs(containerId: string): Promise<string> {
  const r = await getEngine().docker(['logs', containerId], { allowFailure: true });
  return r.stdout + r.stderr;
}

/**
 * Waits for Docker's own HEALTHCHECK to report `healthy`; returns the milliseconds
 * it took. Throws when the image has no health check, the container exits, it
 * turns `unhealthy`, or timeoutMs passes.
 */
export async function waitHealthy(containerId: string, timeoutMs: number): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    const state = JSON.parse(await inspect(containerId, '{{json .State}}'));
    if (!state.Health) throw new Error(`container ${short(containerId)} has no HEALTHCHECK`);
    if (state.Health.Status === 'healthy') return Date.now() - t0;
    if (!state.Running || state.Health.Status === 'unhealthy' || Date.now() - t0 > timeoutMs) {
      const probes = (state.Health.Log ?? []).map((l: { ExitCode: number; Output: string }) => `exit ${l.ExitCode}: ${l.Output.trim()}`);
      throw new Error(`container ${short(containerId)} did not turn healthy (status ${state.Health.Status}, running ${state.Running}, ${Date.now() - t0} ms)\n`
        + `probes:\n${probes.join('\n')}\nlogs:\n${tail(await containerLogs(containerId), 20)}`);
    }
    await sleep(250);
  }
}

export interface HttpResponse {
  readonly status: number;
  readonly body: string;
}

/** An HTTP request from the host (for ContainerNetwork.HOST), via curl; status 0 when nothing answers. */
export function httpRequest(method: string, url: string, body?: string): Promise<HttpResponse> {
  return curl([], method, url, body);
}

export function httpGet(url: string): Promise<HttpResponse> {
  return httpRequest('GET', url);
}

/** An HTTP request inside the container's network namespace (ContainerNetwork.ISOLATED); the host owns the curl. */
export async function containerHttpRequest(containerId: string, method: string, urlPath: string, port = 8080, body?: string): Promise<HttpResponse> {
  const pid = await containerPid(containerId);
  return curl(['nsenter', `--net=/proc/${pid}/ns/net`], method, `http://127.0.0.1:${port}${urlPath}`, body);
}

export function containerHttpGet(containerId: string, urlPath: string, port = 8080): Promise<HttpResponse> {
  return containerHttpRequest(containerId, 'GET', urlPath, port);
}

async function curl(prefix: string[], method: string, url: string, body?: string): Promise<HttpResponse> {
  const argv = [...prefix, 'curl', '-sS', '--max-time', '5', '-X', method, '-o', '-', '-w', '\n%{http_code}',
    ...(body !== undefined ? ['-H', 'Content-Type: application/json', '--data-binary', '@-'] : []), url];
  const r = await run(argv[0], argv.slice(1), { input: body, allowFailure: true });
  const cut = r.stdout.lastIndexOf('\n');
  return { status: Number(r.stdout.slice(cut + 1)) || 0, body: r.stdout.slice(0, Math.max(cut, 0)) };
}

/** Polls until `get()` answers 200; returns the milliseconds since `since`. */
export async function waitForHttp200(get: () => Promise<HttpResponse>, timeoutMs: number, since = Date.now()): Promise<number> {
  for (;;) {
    const r = await get();
    if (r.status === 200) return Date.now() - since;
    if (Date.now() - since > timeoutMs) throw new Error(`no 200 within ${timeoutMs} ms (last status ${r.status}: ${r.body.slice(0, 200)})`);
    await sleep(20);
  }
}

async function containerPid(containerId: string): Promise<number> {
  const pid = Number(await inspect(containerId, '{{.State.Pid}}'));
  if (!pid) throw new Error(`container ${short(containerId)} is not running:\n${tail(await containerLogs(containerId), 20)}`);
  return pid;
}

export interface ProcessIds {
  readonly uid: number;
  readonly gid: number;
  readonly effectiveUid: number;
  readonly effectiveGid: number;
}

/**
 * The uid/gid of the container's PID 1 as the kernel sees it, read from the
 * host's /proc (not from the Dockerfile). Needs a local engine without
 * user-namespace remapping, which is what engine.sh starts.
 */
export async function processUidGid(containerId: string): Promise<ProcessIds> {
  const pid = await containerPid(containerId);
  const statusText = fs.readFileSync(`/proc/${pid}/status`, 'utf-8');
  const ids = (key: string) => {
    const line = statusText.split('\n').find((l) => l.startsWith(`${key}:`));
    if (!line) throw new Error(`no ${key} line in /proc/${pid}/status`);
    return line.slice(key.length + 1).trim().split(/\s+/).map(Number);
  };
  const [uid, effectiveUid] = ids('Uid');
  const [gid, effectiveGid] = ids('Gid');
  return { uid, gid, effectiveUid, effectiveGid };
}

/** A TCP port that is free on the host right now (for ContainerNetwork.HOST). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '0.0.0.0', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

export interface StopResult {
  /** Milliseconds `docker stop` took (SIGTERM, then SIGKILL after the timeout). */
  readonly stopMs: number;
  /** The container's exit code: 0 when the service handled SIGTERM and exited cleanly. */
  readonly exitCode: number;
  /** Whether Docker had to kill it. */
  readonly oomKilledOrKilled: boolean;
}

/** `docker stop` (10 s grace period, Docker's default) and the exit code the service gave. */
export async function stopContainer(containerId: string): Promise<StopResult> {
  const r = await getEngine().docker(['stop', containerId]);
  const state = JSON.parse(await inspect(containerId, '{{json .State}}'));
  return { stopMs: r.durationMs, exitCode: state.ExitCode, oomKilledOrKilled: Boolean(state.OOMKilled) || state.ExitCode === 137 };
}

export async function removeContainer(containerId: string): Promise<void> {
  await getEngine().docker(['rm', '-f', containerId], { allowFailure: true });
  createdContainers.delete(containerId);
}

/** Removes the containers this file started and, with images: true, the images it built. */
export async function cleanup(opts: { images?: boolean } = {}): Promise<void> {
  if (!engineStatus().available) return;
  if (createdContainers.size) await getEngine().docker(['rm', '-f', ...createdContainers], { allowFailure: true });
  createdContainers.clear();
  if (opts.images && createdImages.size) await getEngine().docker(['rmi', '-f', ...createdImages], { allowFailure: true });
  createdImages.clear();
}

function short(id: string): string {
  return id.slice(0, 12);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
