/**
 * The native floor (issue 26, item 1): cargo alone, in the rendering's own
 * toolchain stage, without Dockerfile layers. The toolchain stage is built
 * as an image (`--target toolchain`, from the build cache the Docker builds
 * fill), so the compiler, the musl target, the CARGO_PROFILE_RELEASE_*
 * variables and CARGO_TARGET_DIR are the image's own ENV, not a copy of
 * them. The sources are a checkout of the fixture bind-mounted at /src; its
 * `.cargo/config.toml` points cargo at Debian's crates in the image
 * (/usr/share/cargo/registry, offline), as in the Docker build. The target
 * directory is a named volume: empty for a cold build, kept for the warm
 * rebuild after the same library change the Docker warm rebuild makes. The
 * cargo command line is the builder stage's final `cargo build`, read from
 * the rendered Dockerfile.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Scenario } from './builds';
import { applyChange, BASELINE, BINARY, Change, checkout, revertChange } from './service';
import { NativeRun, Served } from '../../devtools/bench-results';
import { compiledCrates, getEngine, tryBuildImage } from '../../devtools/engine-harness';

/** The builder stage's final cargo command (the one that builds the service), from a rendered Dockerfile. */
export function cargoCommand(dockerfile: string): string {
  const builder = dockerfile.split(/^FROM /m).find((stage) => /^\S+ AS builder\b/.test(stage));
  const commands = [...(builder ?? '').matchAll(/cargo build [^&\n\\]*/g)].map((m) => m[0].trim());
  if (!commands.length) throw new Error('no cargo build in the builder stage of the rendered Dockerfile');
  return commands[commands.length - 1];
}

/** `CARGO_TIME <real> <user> <sys>` from bash's `time` with the TIMEFORMAT below. */
export function parseCargoTime(output: string): { seconds: number; cpuSeconds: number } | undefined {
  const m = /^CARGO_TIME ([\d.]+) ([\d.]+) ([\d.]+)$/m.exec(output);
  return m ? { seconds: Number(m[1]), cpuSeconds: Number(m[2]) + Number(m[3]) } : undefined;
}

function triple(command: string): string {
  const t = /--target (\S+)/.exec(command)?.[1];
  if (!t) throw new Error(`no --target in ${command}`);
  return t;
}

let serial = 0;

/** A checkout, a target volume and the toolchain image: cold and warm cargo builds of one scenario's rendering. */
export class NativeFloor {
  public static async create(s: Scenario, runId: string): Promise<NativeFloor> {
    const image = `bench-native-toolchain:${runId}`;
    const r = await tryBuildImage(s.dir, s.dockerfile, image, { target: 'toolchain', platform: s.platform });
    if (!r.ok) throw new Error(`the toolchain stage did not build: ${r.log.trim().split('\n').slice(-5).join(' / ')}`);
    const dockerfile = fs.readFileSync(path.join(s.dir, s.dockerfile), 'utf-8');
    const env = (await getEngine().docker(['image', 'inspect', '--format', '{{range .Config.Env}}{{println .}}{{end}}', image])).stdout
      .split('\n').filter((l) => /^(CARGO_|RUSTFLAGS|CC_|AR_|TARGET_CC)/.test(l));
    return new NativeFloor(image, checkout(), cargoCommand(dockerfile), env, runId);
  }

  private volume?: string;

  private constructor(public readonly image: string, public readonly dir: string, public readonly command: string,
    public readonly environment: string[], private readonly runId: string) {}

  /** How it runs, in words (goes into the results). */
  public setup(): string {
    return `docker run --network host with ${this.image} (the rendering's toolchain stage, built with --target toolchain), `
      + 'a checkout of the fixture bind-mounted at /src (its .cargo/config.toml: Debian\'s crates under /usr/share/cargo/registry, offline), '
      + `CARGO_TARGET_DIR on a named volume (new and empty for each cold build); \`${this.command}\`; the image's environment: ${this.environment.join(' ')}`;
  }

  /** A cold build: a new, empty target volume. */
  public async cold(): Promise<NativeRun> {
    await this.dropVolume();
    this.volume = `bench-native-target-${this.runId}-${++serial}`;
    await getEngine().docker(['volume', 'create', this.volume]);
    return this.build(BASELINE.version);
  }

  /** The rebuild after a change of the checkout, on the cold build's target volume; the change is undone afterwards. */
  public async warm(c: Change): Promise<NativeRun> {
    if (!this.volume) throw new Error('a warm native build needs a cold one first');
    applyChange(this.dir, c);
    try {
      return await this.build(c.expected.version);
    } finally {
      revertChange(this.dir, c);
    }
  }

  public async dispose(): Promise<void> {
    await this.dropVolume();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private async dropVolume(): Promise<void> {
    if (this.volume) await getEngine().docker(['volume', 'rm', '-f', this.volume], { allowFailure: true });
    this.volume = undefined;
  }

  private async build(marker: string): Promise<NativeRun> {
    const load1 = Math.round(os.loadavg()[0] * 100) / 100;
    const binary = `"$CARGO_TARGET_DIR/${triple(this.command)}/release/${BINARY}"`;
    // The version marker is a string literal of the library crate: the binary carries it when the change was compiled in.
    const script = [
      'TIMEFORMAT="CARGO_TIME %R %U %S"',
      `time ${this.command} || exit 1`,
      `if grep -q -a -F '${marker}' ${binary}; then echo SERVED=fresh; else echo SERVED=stale; fi`,
    ].join('\n');
    const r = await getEngine().docker(['run', '--rm', '--network', 'host', '-v', `${this.dir}:/src`, '-v', `${this.volume}:/build/target`,
      '-w', '/src', '--entrypoint', 'bash', this.image, '-c', script], { allowFailure: true });
    const out = `${r.stdout}\n${r.stderr}`;
    const t = parseCargoTime(out);
    const compiled = compiledCrates(out);
    const servedText = /^SERVED=(\w+)$/m.exec(out)?.[1];
    const served: Served = r.exitCode !== 0 || !t ? 'build-failed' : servedText === 'fresh' ? 'fresh' : 'stale';
    return {
      seconds: t?.seconds ?? NaN,
      cpuSeconds: t?.cpuSeconds ?? NaN,
      dockerRunSeconds: r.durationMs / 1000,
      ok: served !== 'build-failed',
      served,
      compilingLines: compiled.length,
      compiled: compiled.length < 20 ? compiled : undefined,
      detail: served === 'build-failed' ? out.trim().split('\n').slice(-3).join(' / ') : served === 'stale' ? `the binary does not carry ${marker}` : undefined,
      load1,
    };
  }
}
