import { BuilderOutput, cargoBuildArgs, cargoCommand } from './builder-stages';
import { RuntimeBase, RuntimeContext, RuntimeOptions } from './runtime';
import { RustMuslImage } from './rust-musl-image';
import { Dockerfile } from '../dockerfile/dockerfile';
import { quote, QuoteContext } from '../dockerfile/quote';
import { OsPackageManager } from '../model/rust-toolchain';

/**
 * The guide's single-stage development image: the full toolchain image, the
 * sources, a release build for the native target, a non-root user who can
 * rebuild inside the container, and an HTTP health check with curl (wget on
 * Alpine). Large (the toolchain stays in), not for production.
 *
 * @example
 * new DevImage({ port: 8080 });
 */
export class DevImage extends RuntimeBase {
  public readonly runtimeName = 'dev';
  public readonly readOnlyRootFilesystem = false;

  constructor(options: RuntimeOptions = {}) {
    // The base image is the builder's toolchain; see _render.
    super(options, 'scratch');
  }

  /** @internal */
  protected _needsProbe(): boolean {
    return false;
  }

  /** @internal */
  protected _httpCheckCommand(url: string, builder: RustMuslImage): string[] {
    return usesApk(builder) ? ['wget', '-q', '-O', '/dev/null', '-T', String(this.healthCheck.timeoutSeconds), url] : ['curl', '-fsS', '-o', '/dev/null', '--max-time', String(this.healthCheck.timeoutSeconds), url];
  }

  /** @internal */
  protected _binaryPath(builder: RustMuslImage): string {
    return `/app/target/release/${builder.binary.binaryName}`;
  }

  /** @internal */
  protected _render(builder: RustMuslImage): { dockerfile: Dockerfile; output: BuilderOutput } {
    const dockerfile = this._newDockerfile(builder, 'native target');
    const output: BuilderOutput = { builderStage: 'dev', binaryPath: this._binaryPath(builder), supportFiles: [], warnings: [] };
    this._renderRuntimeStage(dockerfile, { builder, output });
    return { dockerfile, output };
  }

  /** @internal */
  protected _renderRuntimeStage(dockerfile: Dockerfile, context: RuntimeContext): void {
    const { builder } = context;
    const u = this.user;
    const name = quote(u.name, QuoteContext.SHELL, 'user name');
    const stage = dockerfile.addStage({ image: builder.toolchain.image, name: 'dev' });
    if (!u.isRoot) {
      const home = `/home/${u.name}`;
      stage.run([
        ...(usesApk(builder)
          ? [`addgroup -g ${u.gid} ${name}`, `adduser -D -h ${home} -s /bin/sh -u ${u.uid} -G ${name} ${name}`]
          : [`groupadd --gid ${u.gid} ${name}`, `useradd --uid ${u.uid} --gid ${u.gid} --create-home --home-dir ${home} --shell /bin/sh ${name}`]),
        'mkdir -p /app',
        `chown ${u.spec} /app`,
      ]);
      // The user rebuilds inside the container, so the registry cache must be theirs.
      stage.env('CARGO_HOME', `${home}/.cargo`);
    }
    for (const [key, value] of Object.entries(builder.profile.environment())) stage.env(key, value);
    stage.workdir('/app')
      .copy(['.'], '.', u.isRoot ? {} : { chown: u.spec })
      .user(u.spec)
      .run([cargoCommand(cargoBuildArgs(builder, false))]);
    this._finishStage(stage, context, true);
  }

  /** The binary is built in place: nothing to copy. @internal */
  protected _copyArtifacts(): void {}

  /** @internal */
  protected _baseImageOf(builder: RustMuslImage): string {
    return builder.toolchain.image;
  }
}

function usesApk(builder: RustMuslImage): boolean {
  return builder.toolchain.packageManager === OsPackageManager.APK;
}
