/**
 * Podman beside the private Docker engine (issue 25): `scripts/engine/podman.sh`
 * installs it when missing (Debian 12's podman 4.3, buildah 1.28, skopeo),
 * writes its configuration under the engine root and loads the toolchain
 * stand-in into its own store. Every podman command of the tests runs with
 * the three CONTAINERS_* variables that setup prints, as a user's shell
 * would have them; nothing else differs from a plain `podman`.
 *
 * Without podman the file FAILS when `CI` is set and is skipped elsewhere,
 * like the engine tests without an engine.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CliRun } from './teams-harness';
import { describeWithEngine, DockerOptions, engineStatus, DockerResult, ENGINE_SCRIPT, getEngine, HttpResponse, ProcessIds, run, RUST_IMAGE } from '../../devtools/engine-harness';

export interface Podman {
  /** CONTAINERS_CONF, CONTAINERS_STORAGE_CONF, CONTAINERS_REGISTRIES_CONF. */
  readonly env: Record<string, string>;
  readonly version: string;
}

type PodmanStatus = { available: true; podman: Podman } | { available: false; reason: string };
let status: PodmanStatus | undefined;

/** `podman.sh setup` once per file (installs podman when missing); synchronous so it can decide describe vs skip. */
export function podmanStatus(): PodmanStatus {
  if (status) return status;
  const r = spawnSync('bash', [ENGINE_SCRIPT, 'podman', 'setup'], { encoding: 'utf-8', timeout: 10 * 60_000 });
  const env: Record<string, string> = {};
  for (const m of (r.stdout ?? '').matchAll(/^(CONTAINERS_[A-Z_]+)=(.*)$/gm)) env[m[1]] = m[2];
  const version = /^PODMAN_VERSION=(.*)$/m.exec(r.stdout ?? '')?.[1];
  if (r.status !== 0 || !version || Object.keys(env).length !== 3) {
    const reason = `${r.stderr ?? ''}${r.error?.message ?? ''}`.trim().split('\n').filter((l) => l.startsWith('engine: ')).pop()?.slice('engine: '.length)
      ?? `engine.sh podman setup exited with ${r.status}`;
    status = { available: false, reason };
  } else {
    status = { available: true, podman: { env, version } };
  }
  return status;
}

/** `describeWithEngine` that also needs podman: without it, the file fails in CI and is skipped elsewhere. */
export function describeWithPodman(name: string, fn: () => void): void {
  describeWithEngine(name, () => {
    // Without an engine the block is skipped already: set nothing up.
    if (!engineStatus().available) {
      fn();
      return;
    }
    const s = podmanStatus();
    if (s.available) {
      fn();
      return;
    }
    const ci = (process.env.CI ?? '').toLowerCase();
    if (ci !== '' && ci !== '0' && ci !== 'false') throw new Error(`${name}: no podman in CI: ${s.reason}`);
    // eslint-disable-next-line no-console
    console.warn(`skipping "${name}": no podman: ${s.reason}`);
    test.skip(`(skipped: no podman: ${s.reason})`, () => undefined);
  });
}

function podmanOf(): Podman {
  const s = podmanStatus();
  if (!s.available) throw new Error(`no podman: ${s.reason}`);
  return s.podman;
}

/** The toolchain stand-in in podman's store (`podman.sh standins`; after the Docker stand-ins); returns the seconds it took. */
export async function ensurePodmanStandins(): Promise<number> {
  const r = await run('bash', [ENGINE_SCRIPT, 'podman', 'standins'], { env: { DOCKER_HOST: getEngine().dockerHost, CDK_RUST_IMAGE_RUST_TAG: RUST_IMAGE } });
  return Number(/^SECONDS=(\d+)$/m.exec(r.stdout)?.[1] ?? 0);
}

const createdContainers = new Set<string>();

/** Runs podman with this machine's configuration; rejects on a non-zero exit unless allowFailure. */
export function podman(args: string[], opts: DockerOptions = {}): Promise<DockerResult> {
  return run('podman', args, { ...opts, env: { ...podmanOf().env, ...opts.env } });
}

/** Runs podman in `cwd` as cdk-assets runs `$CDK_DOCKER build` (output and errors in one log); never rejects. */
export function podmanIn(cwd: string, args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn('podman', args, { cwd, env: { ...process.env, ...podmanOf().env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => out.push(b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ exitCode: code ?? 1, log: Buffer.concat(out).toString('utf-8'), durationMs: Date.now() - t0 }));
  });
}

/** `podman run -d` with ECS's shape (read-only root, tmpfs /tmp) and no network; returns the id. */
export async function runPodmanContainer(image: string): Promise<string> {
  const id = (await podman(['run', '-d', '--network', 'none', '--read-only', '--tmpfs', '/tmp', image])).stdout.trim();
  createdContainers.add(id);
  return id;
}

export async function podmanInspect(target: string, format: string): Promise<string> {
  return (await podman(['inspect', '--format', format, target])).stdout.trim();
}

async function podmanPid(id: string): Promise<number> {
  const pid = Number(await podmanInspect(id, '{{.State.Pid}}'));
  if (!pid) throw new Error(`container ${id.slice(0, 12)} is not running:\n${(await podman(['logs', id], { allowFailure: true })).stderr}`);
  return pid;
}

/** An HTTP request inside the container's network namespace (nsenter + curl on the host). */
export async function podmanHttpRequest(id: string, method: string, urlPath: string, body?: string): Promise<HttpResponse> {
  const argv = ['--net=/proc/' + String(await podmanPid(id)) + '/ns/net', 'curl', '-sS', '--max-time', '5', '-X', method, '-o', '-', '-w', '\n%{http_code}',
    ...(body !== undefined ? ['-H', 'Content-Type: application/json', '--data-binary', '@-'] : []), `http://127.0.0.1:8080${urlPath}`];
  const r = await run('nsenter', argv, { input: body, allowFailure: true });
  const cut = r.stdout.lastIndexOf('\n');
  return { status: Number(r.stdout.slice(cut + 1)) || 0, body: r.stdout.slice(0, Math.max(cut, 0)) };
}

/** Polls GET `urlPath` until it answers 200; returns the milliseconds it took. */
export async function waitForPodmanHttp200(id: string, urlPath: string, timeoutMs: number): Promise<number> {
  const t0 = Date.now();
  for (;;) {
    const r = await podmanHttpRequest(id, 'GET', urlPath);
    if (r.status === 200) return Date.now() - t0;
    if (Date.now() - t0 > timeoutMs) throw new Error(`no 200 from ${urlPath} within ${timeoutMs} ms (last: ${r.status} ${r.body.slice(0, 200)})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The uid/gid of the container's PID 1 from the host's /proc. */
export async function podmanProcessIds(id: string): Promise<ProcessIds> {
  const text = fs.readFileSync(`/proc/${await podmanPid(id)}/status`, 'utf-8');
  const ids = (key: string) => text.split('\n').find((l) => l.startsWith(`${key}:`))!.slice(key.length + 1).trim().split(/\s+/).map(Number);
  const [uid, effectiveUid] = ids('Uid');
  const [gid, effectiveGid] = ids('Gid');
  return { uid, gid, effectiveUid, effectiveGid };
}

/** `readelf -h -l -d` of a file copied out of a podman image (nothing runs in it), in the Docker toolchain stand-in. */
export async function podmanReadElf(image: string, imagePath: string): Promise<string> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-rust-image-podman-binary-'));
  const id = (await podman(['create', image, '/nothing-runs'])).stdout.trim();
  try {
    await podman(['cp', `${id}:${imagePath}`, path.join(out, 'binary')]);
    return (await getEngine().docker(['run', '--rm', '--network', 'none', '-v', `${out}:/check:ro`, RUST_IMAGE, 'readelf', '-h', '-l', '-d', '/check/binary'])).stdout;
  } finally {
    await podman(['rm', '-f', id], { allowFailure: true });
    fs.rmSync(out, { recursive: true, force: true });
  }
}

/** Removes the containers this file started. */
export async function cleanupPodman(): Promise<void> {
  if (!podmanStatus().available || createdContainers.size === 0) return;
  await podman(['rm', '-f', ...createdContainers], { allowFailure: true });
  createdContainers.clear();
}
