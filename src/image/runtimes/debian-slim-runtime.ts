import { ImageRuntime, RuntimeContext, RuntimeOptions } from './runtime';
import { shellQuote } from '../../core/shell';
import { Dockerfile } from '../../dockerfile/dockerfile';
import { DEBIAN_SLIM_IMAGE } from '../../model/pins';
import { CA_CERTIFICATES } from '../builder/layout';

/**
 * Debian slim (the guide's "prod" image): glibc userland, apt for debugging
 * tools, the CA bundle copied from the builder (no apt run in the image
 * build), a non-root system user. HTTP health checks use the static probe
 * instead of installing curl.
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
    const stage = this._addRuntimeStage(dockerfile, context);
    if (!u.isRoot) {
      stage.run([
        `groupadd --system --gid ${u.gid} ${name}`,
        `useradd --system --uid ${u.uid} --gid ${u.gid} --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin ${name}`,
      ]);
    }
    // The builder's CA bundle (Debian's ca-certificates, the same file apt would install): no apt run, so no
    // network and, for another architecture, no emulated update-ca-certificates in the runtime stage.
    stage.copy([CA_CERTIFICATES], CA_CERTIFICATES, { fromStage: context.output.builderStage })
      .env('SSL_CERT_FILE', CA_CERTIFICATES);
    this._finishStage(stage, context);
  }
}
