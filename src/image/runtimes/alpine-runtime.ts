import { appendAccountCommands } from './accounts';
import { ImageRuntime, RuntimeContext, RuntimeOptions } from './runtime';
import { Dockerfile } from '../../dockerfile/dockerfile';
import { ALPINE_IMAGE } from '../../model/pins';
import { RustMuslImage } from '../rust-musl-image';

/**
 * Alpine Linux: a shell and busybox for debugging, CA certificates (Alpine
 * ships its bundle), a non-root user added to `/etc/passwd` and
 * `/etc/group` with the shell alone (no `adduser`, no package manager),
 * and an HTTP health check with busybox `wget` (no curl).
 *
 * @example
 * new AlpineRuntime({ port: 8080 });
 */
export class AlpineRuntime extends ImageRuntime {
  /** The default base image. */
  public static readonly DEFAULT_BASE_IMAGE = ALPINE_IMAGE;

  public readonly runtimeName: string = 'alpine';

  constructor(options: RuntimeOptions = {}) {
    super(options, AlpineRuntime.DEFAULT_BASE_IMAGE);
  }

  /** @internal */
  protected _needsProbe(): boolean {
    return false;
  }

  /** @internal */
  protected _httpCheckCommand(url: string, _builder: RustMuslImage): string[] {
    return busyboxWget(url, this.healthCheck.timeoutSeconds);
  }

  /** @internal */
  protected _renderRuntimeStage(dockerfile: Dockerfile, context: RuntimeContext): void {
    const stage = this._addRuntimeStage(dockerfile, context);
    const commands = appendAccountCommands(this.user);
    if (commands.length > 0) stage.run(commands);
    this._finishStage(stage, context);
  }
}

/** busybox `wget` as an HTTP health check: quiet, body discarded, bounded by the check's timeout. */
export function busyboxWget(url: string, timeoutSeconds: number): string[] {
  return ['wget', '-q', '-O', '/dev/null', '-T', String(timeoutSeconds), url];
}
