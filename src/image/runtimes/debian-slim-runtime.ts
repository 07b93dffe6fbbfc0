import { ImageRuntime, RuntimeContext, RuntimeOptions } from './runtime';
import { shellQuote } from '../../core/shell';
import { Dockerfile } from '../../dockerfile/dockerfile';
import { DEBIAN_SLIM_IMAGE } from '../../model/pins';

/**
 * Debian slim (the guide's "prod" image): glibc userland, apt for debugging
 * tools, CA certificates, a non-root system user. HTTP health checks use the
 * static probe instead of installing curl.
 *
 * @example
 * new DebianSlimRuntime({ baseImage: 'debian:trixie-slim' });
 */
export class DebianSlimRuntime extends ImageRuntime {
  /** The default base image. */
  public static readonly DEFAULT_BASE_IMAGE = DEBIAN_SLIM_IMAGE;

  public readonly runtimeName: string = 'debian-slim';

  constructor(options: RuntimeOptions = {}) {
    super(options, DebianSlimRuntime.DEFAULT_BASE_IMAGE);
  }

  /** @internal */
  protected _needsProbe(): boolean {
    return true;
  }

  /** @internal */
  protected _renderRuntimeStage(dockerfile: Dockerfile, context: RuntimeContext): void {
    const u = this.user;
    const name = shellQuote(u.name, 'user name');
    const stage = dockerfile.addStage({ image: this._baseImageOf(context.builder), name: `runtime${context.stageSuffix}` })
      .run([
        'apt-get update',
        'apt-get install -y --no-install-recommends ca-certificates',
        'rm -rf /var/lib/apt/lists/*',
        ...(u.isRoot ? [] : [
          `groupadd --system --gid ${u.gid} ${name}`,
          `useradd --system --uid ${u.uid} --gid ${u.gid} --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin ${name}`,
        ]),
      ]);
    this._finishStage(stage, context);
  }
}
