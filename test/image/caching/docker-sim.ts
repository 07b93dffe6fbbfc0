import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { IgnoreStrategy } from 'aws-cdk-lib';
import { SUPPORT_DIR } from '../../../src/image/context/support-files';
import { SOURCES_DIR, SOURCES_STAGE } from '../../../src/image/stages/sources-stage';
import { tempDir } from '../../util';

/**
 * A tiny, Docker-less interpreter of the rendered builder stages, to check
 * what the dependency caching steps do to cargo's freshness checks.
 *
 * It runs the instructions of the named stages in order on one host
 * directory (`/build`, `/out` and the static check script are mapped into
 * it): COPY -> copy from the context keeping mtimes (as BuildKit does;
 * `COPY --from=sources /sources/` is the context without `.cdk-rust-image/`,
 * which is what the rendered sources stage holds, checked before the build),
 * RUN -> `sh -c`, WORKDIR -> cd, ENV -> export. Like BuildKit, every COPY
 * and RUN is a layer with a cache key (parent key + instruction + content
 * of the copied files, not their mtimes), so a rebuild reuses the layers
 * before the first changed input, file system state included.
 */
export class DockerSim {
  /** Instructions executed (not taken from the cache) by the last build. */
  public executed: string[] = [];
  /** Instructions taken from the layer cache by the last build. */
  public cached: string[] = [];
  private readonly layers = new Map<string, string>();
  private readonly fsRoot: string;
  private layerCount = 0;

  constructor(private readonly root: string = tempDir('sim-')) {
    this.fsRoot = path.join(root, 'fs');
  }

  /** The host path of a container path. */
  public map(containerPath: string): string {
    return path.join(this.fsRoot, containerPath);
  }

  /** Runs `stages` of `dockerfile` with `context` as the build context. */
  public build(dockerfile: string, context: string, stages: string[], extraEnv: Record<string, string> = {}): void {
    fs.rmSync(this.fsRoot, { recursive: true, force: true });
    fs.mkdirSync(this.fsRoot, { recursive: true });
    this.executed = [];
    this.cached = [];
    const env: Record<string, string> = { ...(process.env as Record<string, string>), ...extraEnv };
    let workdir = '/';
    let key = 'scratch';
    if (dockerfile.includes(`--from=${SOURCES_STAGE} `)) {
      const sources = stageInstructions(dockerfile, [SOURCES_STAGE]);
      const modelled = [`COPY . ${SOURCES_DIR}/`, `RUN rm -rf ${SOURCES_DIR}/${SUPPORT_DIR}`];
      if (JSON.stringify(sources) !== JSON.stringify(modelled)) {
        throw new Error(`DockerSim models the ${SOURCES_STAGE} stage as ${JSON.stringify(modelled)}, the Dockerfile has ${JSON.stringify(sources)}`);
      }
    }
    for (const instruction of stageInstructions(dockerfile, stages)) {
      const [keyword, rest] = splitKeyword(instruction);
      key = sha(key, instruction, keyword === 'COPY' ? this.copyInputs(rest, context) : '');
      switch (keyword) {
        case 'ENV': {
          const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(rest)!;
          env[m[1]] = this.mapText(unquoteWord(m[2]));
          break;
        }
        case 'WORKDIR':
          workdir = rest;
          fs.mkdirSync(this.map(workdir), { recursive: true });
          break;
        case 'COPY':
        case 'RUN': {
          const layer = this.layers.get(key);
          if (layer) {
            this.restore(layer);
            this.cached.push(instruction);
            break;
          }
          if (keyword === 'COPY') this.copy(rest, context, workdir);
          else this.run(rest, workdir, env);
          this.executed.push(instruction);
          this.layers.set(key, this.snapshot());
          break;
        }
        case 'ARG':
          break;
        default:
          throw new Error(`DockerSim does not handle ${keyword}: ${instruction}`);
      }
    }
  }

  /** Runs a built binary and returns its standard output. */
  public runBinary(containerPath: string): string {
    return execFileSync(this.map(containerPath), { encoding: 'utf8' });
  }

  public dispose(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }

  private run(text: string, workdir: string, env: Record<string, string>): void {
    const command = this.mapText(text.replace(/^(--mount=\S+\s+)+/, ''));
    execFileSync('sh', ['-c', `set -e\n${command}`], { cwd: this.map(workdir), env, stdio: ['ignore', 'pipe', 'pipe'] });
  }

  private copy(rest: string, context: string, workdir: string): void {
    const { sources, destination, keep } = copyArgs(rest, context);
    const dest = destination.startsWith('/') ? destination : path.posix.join(workdir, destination);
    const intoDirectory = destination.endsWith('/') || destination === '.' || sources.length > 1;
    for (const source of sources) {
      const from = path.join(context, source);
      if (fs.statSync(from).isDirectory()) {
        fs.mkdirSync(this.map(dest), { recursive: true });
        fs.cpSync(from, this.map(dest), { recursive: true, preserveTimestamps: true, filter: keep });
      } else {
        const target = intoDirectory ? path.join(this.map(dest), path.basename(source)) : this.map(dest);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.cpSync(from, target, { preserveTimestamps: true });
      }
    }
  }

  /** Content (never mtimes) of what a COPY reads, as BuildKit's cache key does. */
  private copyInputs(rest: string, context: string): string {
    const { sources, keep } = copyArgs(rest, context);
    return sources.map((source) => listFiles(path.join(context, source), keep)
      .map((file) => `${path.relative(context, file)}\0${fs.readFileSync(file, 'latin1')}`).join('\0')).join('\0');
  }

  private snapshot(): string {
    const dir = path.join(this.root, 'layers', String(this.layerCount++));
    fs.mkdirSync(path.dirname(dir), { recursive: true });
    execFileSync('cp', ['-a', this.fsRoot, dir]);
    return dir;
  }

  private restore(layer: string): void {
    fs.rmSync(this.fsRoot, { recursive: true, force: true });
    execFileSync('cp', ['-a', layer, this.fsRoot]);
  }

  /** Maps the container paths the builder stages use into the simulated file system. */
  private mapText(text: string): string {
    return text.replace(/(?<![\w.-])(\/build|\/out|\/usr\/local\/bin\/cdk-rust-image-assert-static)(?=[/\s'"]|$)/g, (p) => this.map(p));
  }
}

/** The instructions (continuation lines joined, comments dropped) of the named stages, in order. */
export function stageInstructions(dockerfile: string, stages: string[]): string[] {
  const joined = dockerfile.replace(/ \\\n\s*/g, ' ').split('\n');
  const result: string[] = [];
  let current: string | undefined;
  for (const line of joined) {
    const from = /^FROM (?:--platform=\S+ )?(\S+)(?: AS (\S+))?$/.exec(line);
    if (from) {
      current = from[2];
      continue;
    }
    if (current && stages.includes(current) && line.trim() !== '' && !line.startsWith('#')) {
      result.push(line.trim());
    }
  }
  return result;
}

function splitKeyword(instruction: string): [string, string] {
  const i = instruction.indexOf(' ');
  return [instruction.slice(0, i), instruction.slice(i + 1)];
}

/** A COPY's sources in the context, its destination, and which context paths it takes. */
function copyArgs(rest: string, context: string): { sources: string[]; destination: string; keep: (src: string) => boolean } {
  const words = rest.split(/\s+/).filter((w) => !w.startsWith('--'));
  const ignore = dockerignore(context);
  if (rest.startsWith(`--from=${SOURCES_STAGE} `)) {
    if (words.length !== 2 || words[0] !== `${SOURCES_DIR}/`) throw new Error(`DockerSim copies all of ${SOURCES_DIR}/ only: ${rest}`);
    const support = path.join(context, SUPPORT_DIR);
    return { sources: ['.'], destination: words[1], keep: (src) => ignore(src) && src !== support && !src.startsWith(`${support}/`) };
  }
  if (rest.includes('--from=')) throw new Error(`DockerSim copies from the context and the ${SOURCES_STAGE} stage only: ${rest}`);
  return { sources: words.slice(0, -1), destination: words[words.length - 1], keep: ignore };
}

function unquoteWord(value: string): string {
  return value.startsWith('"') ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value;
}

function sha(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\0')).digest('hex');
}

/** What the context's `.dockerignore` lets into a COPY, read with CDK's Docker ignore strategy. */
function dockerignore(context: string): (src: string) => boolean {
  const file = path.join(context, '.dockerignore');
  const patterns = fs.existsSync(file)
    ? fs.readFileSync(file, 'utf8').split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'))
    : [];
  const strategy = IgnoreStrategy.docker(context, patterns);
  return (src) => src === context
    || (fs.statSync(src).isDirectory() ? !strategy.completelyIgnores(src) : !strategy.ignores(src));
}

function listFiles(p: string, keep: (src: string) => boolean): string[] {
  if (!keep(p)) return [];
  if (!fs.statSync(p).isDirectory()) return [p];
  return fs.readdirSync(p).sort().flatMap((name) => listFiles(path.join(p, name), keep));
}
