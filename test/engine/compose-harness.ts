/**
 * A compose project on the engine, driven by either Compose implementation
 * through scripts/engine/compose.sh: Debian 12's docker-compose 1.29 on this
 * machine, or Compose v2 (Debian 13's 2.26) in a container. The project's
 * files must lie under its directory (v2 sees only that directory).
 */
import { DockerResult, ENGINE_SCRIPT, getEngine, run } from '../../devtools/engine-harness';

export enum ComposeVersion {
  /** docker-compose 1.29 (Python), what runs here. */
  V1_29 = '1.29',
  /** Compose v2, run in a container. */
  V2 = 'v2',
}

export interface ComposeProjectOptions {
  /** The directory every file is under; the commands run there. */
  readonly dir: string;
  /** `-p`: containers, network and volumes carry it. */
  readonly name: string;
  /** `-f` files, relative to dir, in order. */
  readonly files: string[];
  readonly version: ComposeVersion;
}

export class ComposeProject {
  constructor(readonly options: ComposeProjectOptions) {}

  /** Runs compose with the project's -p and -f options; rejects on a non-zero exit unless allowFailure. */
  compose(args: string[], opts: { allowFailure?: boolean; extraFiles?: string[] } = {}): Promise<DockerResult> {
    const { dir, name, files, version } = this.options;
    return run('bash', [
      ENGINE_SCRIPT, 'compose', ...(version === ComposeVersion.V2 ? ['--v2'] : []),
      '-p', name, ...[...files, ...(opts.extraFiles ?? [])].flatMap((f) => ['-f', f]), ...args,
    ], { cwd: dir, allowFailure: opts.allowFailure, env: { DOCKER_HOST: getEngine().dockerHost } });
  }

  /**
   * The id of a service's (first) container, or '' when it has none: from
   * the labels both versions put on containers, one docker call instead of a
   * `compose ps` (a second for 1.29's Python to start).
   */
  async container(service: string): Promise<string> {
    const r = await getEngine().docker(['ps', '-a', '-q',
      '--filter', `label=com.docker.compose.project=${this.options.name}`, '--filter', `label=com.docker.compose.service=${service}`]);
    return r.stdout.trim().split('\n')[0] ?? '';
  }

  /** The host port a service's container port is published on. */
  async port(service: string, containerPort: number): Promise<number> {
    const out = (await this.compose(['port', service, String(containerPort)])).stdout.trim();
    const port = Number(/:(\d+)$/.exec(out)?.[1]);
    if (!port) throw new Error(`compose port ${service} ${containerPort} printed "${out}"`);
    return port;
  }

  /**
   * `down -v --rmi local`, then every anonymous volume the project's
   * containers had (images that declare a VOLUME leave them when compose
   * recreated a container): nothing of the project stays on the shared engine.
   * A project without containers (never `up`) is left as it is.
   */
  async down(): Promise<void> {
    const ids = (await getEngine().docker(['ps', '-a', '-q', '--filter', `label=com.docker.compose.project=${this.options.name}`])).stdout.trim().split('\n').filter(Boolean);
    if (!ids.length) return;
    const volumes: string[] = [];
    for (const id of ids) {
      const r = await getEngine().docker(['inspect', '--format', '{{range .Mounts}}{{if eq .Type "volume"}}{{.Name}} {{end}}{{end}}', id], { allowFailure: true });
      volumes.push(...r.stdout.trim().split(' ').filter(Boolean));
    }
    await this.compose(['down', '-v', '--rmi', 'local', '--remove-orphans'], { allowFailure: true });
    if (volumes.length) await getEngine().docker(['volume', 'rm', '-f', ...volumes], { allowFailure: true });
  }
}
