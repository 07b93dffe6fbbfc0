import { RuntimeBase, RuntimeContext, RuntimeOptions } from './runtime';
import { Dockerfile } from '../dockerfile/dockerfile';
import { quote, QuoteContext } from '../dockerfile/quote';

/**
 * Debian slim (the guide's "prod" image): glibc userland, apt for debugging
 * tools, CA certificates, a non-root system user. HTTP health checks use the
 * static probe instead of installing curl.
 *
 * @example
 * new DebianSlimRuntime({ baseImage: 'debian:bookworm-slim' });
 */
export class DebianSlimRuntime extends RuntimeBase {
  /** The default base image. */
  public static readonly DEFAULT_BASE_IMAGE = 'debian:bookworm-slim';

  public readonly runtimeName = 'debian-slim';

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
    const name = quote(u.name, QuoteContext.SHELL, 'user name');
    const stage = dockerfile.addStage({ image: this.baseImage, name: 'runtime' })
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
