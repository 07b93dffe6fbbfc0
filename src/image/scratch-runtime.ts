import { CA_CERTIFICATES } from './builder-stages';
import { RuntimeBase, RuntimeContext, RuntimeOptions } from './runtime';
import { accountCommands } from './support-files';
import { Dockerfile } from '../dockerfile/dockerfile';

/**
 * The smallest image: `FROM scratch` with the static binary, CA certificates,
 * `/etc/passwd` and `/etc/group` entries for the non-root user, and a static
 * health check probe (scratch has no shell, curl or wget).
 *
 * @example
 * new ScratchRuntime({ port: 8080, healthCheck: HealthCheck.http('/health') });
 */
export class ScratchRuntime extends RuntimeBase {
  public readonly runtimeName = 'scratch';

  constructor(options: RuntimeOptions = {}) {
    super(options, 'scratch');
  }

  /** @internal */
  protected _needsProbe(): boolean {
    return true;
  }

  /** @internal */
  protected _renderRuntimeStage(dockerfile: Dockerfile, context: RuntimeContext): void {
    const { output } = context;
    dockerfile.addStage({ image: 'toolchain', name: 'accounts' })
      .comment('The user database scratch lacks, for the runtime user')
      .run(accountCommands(this.user, '/accounts'));
    const stage = dockerfile.addStage({ image: this.baseImage, name: 'runtime' })
      .comment('Static binary, CA certificates and the user database; nothing else.')
      .copy(['/accounts/etc/'], '/etc/', { fromStage: 'accounts' })
      .copy([CA_CERTIFICATES], CA_CERTIFICATES, { fromStage: output.builderStage })
      .env('SSL_CERT_FILE', CA_CERTIFICATES);
    this._finishStage(stage, context);
  }
}
