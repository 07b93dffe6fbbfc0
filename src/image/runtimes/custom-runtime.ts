import { accountsStageName, appendAccountCommands, renderAccountsStage, ROOT_ONLY } from './accounts';
import { busyboxWget } from './alpine-runtime';
import { ImageRuntime, RuntimeContext, RuntimeOptions } from './runtime';
import { invalidValue } from '../../core/errors';
import { Dockerfile } from '../../dockerfile/dockerfile';
import { CA_CERTIFICATES } from '../builder/layout';
import { RustMuslImage } from '../rust-musl-image';

/** How a custom runtime's HTTP health check reaches the service. */
export enum HttpCheckClient {
  /** The library's static probe, copied into the image (works without a shell or libc). */
  PROBE = 'probe',
  /** The base image's `curl`. */
  CURL = 'curl',
  /** The base image's busybox `wget`. */
  WGET = 'wget',
}

/** How the runtime user gets into a custom base image's user database. */
export enum UserSetup {
  /** Append the user to the base's `/etc/passwd` and `/etc/group` with its shell (`grep`, `printf`). */
  APPEND_WITH_SHELL = 'append-with-shell',
  /** Replace `/etc/passwd` and `/etc/group` with files holding root and the user (no shell needed). */
  REPLACE_FILES = 'replace-files',
  /** The base already has the user (e.g. a `nonroot` user of a hardened image): only `USER` is set. */
  FROM_BASE = 'from-base',
}

/** Options of a runtime on a base image of your own. */
export interface CustomRuntimeOptions extends RuntimeOptions {
  /**
   * Name of the runtime, for the Dockerfile's header and `ImageBuild.runtimeName`.
   * @default 'custom'
   */
  readonly runtimeName?: string;
  /**
   * Shell commands run as root in the runtime stage before anything is
   * copied (install packages, create directories). They are your shell
   * text: quote values in them yourself.
   * @default - none
   */
  readonly setupCommands?: string[];
  /**
   * How an HTTP health check runs inside the image.
   * @default HttpCheckClient.PROBE
   */
  readonly httpCheckClient?: HttpCheckClient;
  /**
   * How the runtime user gets into the image's user database.
   * @default UserSetup.APPEND_WITH_SHELL
   */
  readonly userSetup?: UserSetup;
  /**
   * Copy the builder's CA certificates to `/etc/ssl/certs/ca-certificates.crt`
   * and set `SSL_CERT_FILE` (for bases without certificates).
   * @default false
   */
  readonly copyCaCertificates?: boolean;
  /**
   * Whether the container can run with a read-only root file system.
   * @default true
   */
  readonly readonlyRootFilesystem?: boolean;
}

const NAME = /^[a-z0-9][a-z0-9_.-]{0,63}$/;

/**
 * A runtime on a base image of your own (an internal hardened image, Ubuntu,
 * Wolfi, UBI...): the same builder stages, static binary, non-root user,
 * health check and labels as the built-in runtimes, with your setup
 * commands. This is the extension point of the runtime model, usable from
 * TypeScript, Python and Java alike.
 *
 * @example
 * new CustomRuntime({
 *   baseImage: 'ubuntu:24.04',
 *   runtimeName: 'ubuntu',
 *   setupCommands: ['apt-get update', 'apt-get install -y --no-install-recommends ca-certificates', 'rm -rf /var/lib/apt/lists/*'],
 * });
 */
export class CustomRuntime extends ImageRuntime {
  public readonly runtimeName: string;
  private readonly custom: CustomRuntimeOptions;

  constructor(options: CustomRuntimeOptions) {
    if (options?.baseImage === undefined) {
      throw invalidValue('baseImage', options?.baseImage, 'CustomRuntime needs the base image of its runtime stage', 'Pass baseImage, e.g. "ubuntu:24.04".');
    }
    super(options, undefined, options.readonlyRootFilesystem ?? true);
    this.custom = options;
    this.runtimeName = options.runtimeName ?? 'custom';
    if (!NAME.test(this.runtimeName)) {
      throw invalidValue('runtimeName', this.runtimeName, 'expected lower-case letters, digits, ".", "_" and "-" (up to 64)', 'Use a name such as "ubuntu".');
    }
    for (const [prop, value, choices] of [
      ['httpCheckClient', options.httpCheckClient, Object.values(HttpCheckClient)],
      ['userSetup', options.userSetup, Object.values(UserSetup)],
    ] as const) {
      if (value !== undefined && !(choices as readonly string[]).includes(value)) {
        throw invalidValue(prop, value, `expected one of ${choices.join(', ')}`, `Use the ${prop === 'userSetup' ? 'UserSetup' : 'HttpCheckClient'} constants.`);
      }
    }
  }

  /** @internal */
  protected _needsProbe(): boolean {
    return (this.custom.httpCheckClient ?? HttpCheckClient.PROBE) === HttpCheckClient.PROBE;
  }

  /** @internal */
  protected _httpCheckCommand(url: string, _builder: RustMuslImage): string[] {
    const timeout = String(this.healthCheck.timeoutSeconds);
    return this.custom.httpCheckClient === HttpCheckClient.CURL
      ? ['curl', '-fsS', '-o', '/dev/null', '--max-time', timeout, url]
      : busyboxWget(url, this.healthCheck.timeoutSeconds);
  }

  /** @internal */
  protected _renderRuntimeStage(dockerfile: Dockerfile, context: RuntimeContext): void {
    const setup = this.custom.userSetup ?? UserSetup.APPEND_WITH_SHELL;
    if (setup === UserSetup.REPLACE_FILES) {
      renderAccountsStage(dockerfile, this.user, ROOT_ONLY, 'The user database of the runtime image: root and the runtime user', context.stageSuffix);
    }
    const stage = this._addRuntimeStage(dockerfile, context);
    const commands = [
      ...(this.custom.setupCommands ?? []),
      ...(setup === UserSetup.APPEND_WITH_SHELL ? appendAccountCommands(this.user) : []),
    ];
    if (commands.length > 0) stage.run(commands);
    if (setup === UserSetup.REPLACE_FILES) {
      stage.copy(['/accounts/etc/passwd', '/accounts/etc/group'], '/etc/', { fromStage: accountsStageName(context.stageSuffix) });
    }
    if (this.custom.copyCaCertificates) {
      stage.copy([CA_CERTIFICATES], CA_CERTIFICATES, { fromStage: context.output.builderStage })
        .env('SSL_CERT_FILE', CA_CERTIFICATES);
    }
    this._finishStage(stage, context);
  }
}
