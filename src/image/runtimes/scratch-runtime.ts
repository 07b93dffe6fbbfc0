import { renderAccountsStage, ROOT_ONLY } from './accounts';
import { ImageRuntime, RuntimeContext, RuntimeOptions } from './runtime';
import { Dockerfile } from '../../dockerfile/dockerfile';
import { CA_CERTIFICATES } from '../builder/layout';

/**
 * The smallest image: `FROM scratch` with the static binary, CA certificates,
 * `/etc/passwd` and `/etc/group` entries for the non-root user, a `/tmp`
 * (mode 1777), and a static
 * health check probe (scratch has no shell, curl or wget).
 *
 * @example
 * new ScratchRuntime({ port: 8080, healthCheck: HealthCheck.http('/health') });
 */
export class ScratchRuntime extends ImageRuntime {
  public readonly runtimeName: string = 'scratch';

  constructor(options: RuntimeOptions = {}) {
    super(options, 'scratch');
  }

  /** @internal */
  protected _needsProbe(): boolean {
    return true;
  }

  /** @internal */
  protected _hasShell(): boolean {
    return false;
  }

  /** @internal */
  protected _renderRuntimeStage(dockerfile: Dockerfile, context: RuntimeContext): void {
    const { output } = context;
    const accounts = renderAccountsStage(dockerfile, this.user, ROOT_ONLY, 'The user database and the /tmp scratch lacks, for the runtime user', context.stageSuffix, true);
    const stage = this._addRuntimeStage(dockerfile, context)
      .comment('Static binary, CA certificates, the user database and /tmp; nothing else.')
      .copy(['/accounts/'], '/', { fromStage: accounts })
      .copy([CA_CERTIFICATES], CA_CERTIFICATES, { fromStage: output.builderStage })
      .env('SSL_CERT_FILE', CA_CERTIFICATES);
    this._finishStage(stage, context);
  }
}
