/**
 * The machine, engine and stand-ins a run measured on, and the load around
 * each measured group (the machine is shared: other engineers' engine tests
 * build on the same two cores).
 */
import * as os from 'os';
import { loadNow } from './stats';
import { wrkVersion } from './wrk';
import { GroupLoad } from '../../devtools/bench-results';
import { ALPINE_IMAGE, DEBIAN_IMAGE, DOCKER_CLI, getEngine, run, RUST_IMAGE } from '../../devtools/engine-harness';

async function inImage(image: string, command: string[]): Promise<string> {
  const r = await getEngine().docker(['run', '--rm', '--network', 'none', '--entrypoint', command[0], image, ...command.slice(1)], { allowFailure: true });
  return (r.exitCode === 0 ? r.stdout : `(failed: ${r.stderr.trim().split('\n').pop()})`).trim();
}

async function imageFacts(image: string): Promise<string> {
  const r = await getEngine().docker(['image', 'inspect', '--format', '{{.Id}} {{.Created}}', image], { allowFailure: true });
  const [id, created] = r.stdout.trim().split(' ');
  return r.exitCode === 0 ? `${id.replace('sha256:', '').slice(0, 12)}, made ${created.slice(0, 19)}Z` : 'missing';
}

export async function environment(): Promise<Record<string, string>> {
  const engine = getEngine();
  const server = (await engine.docker(['version', '--format', '{{.Server.Version}} (API {{.Server.APIVersion}}, {{.Server.Os}}/{{.Server.Arch}})'])).stdout.trim();
  const client = (await engine.docker(['version', '--format', '{{.Client.Version}}'])).stdout.trim();
  const info = JSON.parse((await engine.docker(['info', '--format', '{{json .}}'])).stdout);
  const qemu = (await run('sh', ['-c', 'cat /proc/sys/fs/binfmt_misc/qemu-aarch64 2>/dev/null | head -2 | tr "\\n" " "'], { allowFailure: true })).stdout.trim();
  return {
    engine: `Docker ${server}, storage ${info.Driver}, BuildKit (DOCKER_BUILDKIT=1), CLI ${client} (${DOCKER_CLI})`,
    cpu: `${os.cpus()[0]?.model ?? 'unknown'} x ${os.cpus().length}`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
    kernel: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    wrk: await wrkVersion(),
    qemuAarch64: qemu || 'not registered',
    toolchainStandIn: `${RUST_IMAGE} (stand-in ${await imageFacts(RUST_IMAGE)}): ${await inImage(RUST_IMAGE, ['rustc', '--version'])}; ${await inImage(RUST_IMAGE, ['cargo', '--version'])}`,
    debianStandIn: `${DEBIAN_IMAGE} (stand-in ${await imageFacts(DEBIAN_IMAGE)}): Debian ${await inImage(DEBIAN_IMAGE, ['cat', '/etc/debian_version'])}`,
    alpineStandIn: `${ALPINE_IMAGE} (stand-in ${await imageFacts(ALPINE_IMAGE)}): /etc/alpine-release ${await inImage(ALPINE_IMAGE, ['cat', '/etc/alpine-release'])}, Debian's busybox and musl`,
  };
}

export const LOAD_SAMPLE_SECONDS = 30;

/** Runs a measured group and records the load average before and after it. */
export class LoadLog {
  public readonly groups: GroupLoad[] = [];
  /** The 1-min load average every SAMPLE_SECONDS while sampling runs. */
  public readonly samples: number[] = [];
  private timer?: NodeJS.Timeout;

  public startSampling(): void {
    this.samples.push(loadNow().load1);
    this.timer = setInterval(() => this.samples.push(loadNow().load1), LOAD_SAMPLE_SECONDS * 1000);
    this.timer.unref();
  }

  public stopSampling(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  public async group<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const before = loadNow();
    const t0 = Date.now();
    process.stderr.write(`bench: == ${name} (load ${before.load1} ${before.load5} ${before.load15})\n`);
    try {
      return await fn();
    } finally {
      const after = loadNow();
      const seconds = Math.round((Date.now() - t0) / 100) / 10;
      this.groups.push({ group: name, seconds, before, after });
      process.stderr.write(`bench: == ${name} done in ${seconds} s (load ${after.load1} ${after.load5} ${after.load15})\n`);
    }
  }
}
