import { RuntimeBase, RuntimeContext, RuntimeOptions } from './runtime';
import { RustMuslImage } from './rust-musl-image';
import { Dockerfile } from '../dockerfile/dockerfile';
import { quote, QuoteContext } from '../dockerfile/quote';

/**
 * Alpine Linux: a shell and busybox for debugging, CA certificates from apk,
 * a non-root user, and an HTTP health check with busybox `wget` (no curl).
 *
 * @example
 * new AlpineRuntime({ port: 8080 });
 */
export class AlpineRuntime extends RuntimeBase {
  /** The default base image. */
  public static readonly DEFAULT_BASE_IMAGE = 'alpine:3.22';

  public readonly runtimeName = 'alpine';

  constructor(options: RuntimeOptions = {}) {
    super(options, AlpineRuntime.DEFAULT_BASE_IMAGE);
  }

  /** @internal */
  protected _needsProbe(): boolean {
    return false;
  }

  /** @internal */
  protected _httpCheckCommand(url: string, _builder: RustMuslImage): string[] {
    return ['wget', '-q', '-O', '/dev/null', '-T', String(this.healthCheck.timeoutSeconds), url];
  }

  /** @internal */
  protected _renderRuntimeStage(dockerfile: Dockerfile, context: RuntimeContext): void {
    const u = this.user;
    const name = quote(u.name, QuoteContext.SHELL, 'user name');
    const stage = dockerfile.addStage({ image: this.baseImage, name: 'runtime' })
      .run([
        'apk add --no-cache ca-certificates',
        ...(u.isRoot ? [] : [
          `addgroup -S -g ${u.gid} ${name}`,
          `adduser -S -D -H -h /nonexistent -s /sbin/nologin -u ${u.uid} -G ${name} ${name}`,
        ]),
      ]);
    this._finishStage(stage, context);
  }
}
