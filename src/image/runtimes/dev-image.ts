import { busyboxWget } from './alpine-runtime';
import { DEV_STAGE, ImageRuntime, RenderedImage, RuntimeContext, RuntimeOptions } from './runtime';
import { shellQuote } from '../../core/shell';
import { Dockerfile } from '../../dockerfile/dockerfile';
import { OsPackageManager } from '../../model/rust-toolchain';
import { cargoBuildArgs, cargoCommand } from '../builder/cargo-command';
import { RustMuslImage } from '../rust-musl-image';
import { BuilderOutput } from '../stages/builder-output';

/**
 * The guide's single-stage development image: the full toolchain image, the
 * sources, a release build for the native target, a non-root user who can
 * rebuild inside the container, and an HTTP health check with curl (wget on
 * Alpine). Large (the toolchain stays in), not for production.
 *
 * @example
 * new DevImage({ port: 8080 });
 */
export class DevImage extends ImageRuntime {
  public readonly runtimeName: string = 'dev';

  /**
   * @param options `baseImage` is a Rust toolchain image to build and run in
   *   (default: the builder's toolchain image)
   */
  constructor(options: RuntimeOptions = {}) {
    super(options, undefined, false);
  }

  /** @internal */
  protected _needsProbe(): boolean {
    return false;
  }

  /** @internal */
  protected _httpCheckCommand(url: string, builder: RustMuslImage): string[] {
    return usesApk(builder)
      ? busyboxWget(url, this.healthCheck.timeoutSeconds)
      : ['curl', '-fsS', '-o', '/dev/null', '--max-time', String(this.healthCheck.timeoutSeconds), url];
  }

  /** @internal */
  protected _binaryPath(builder: RustMuslImage): string {
    const ws = builder.manifest.workspacePath;
    return `/app/${ws === '.' ? '' : `${ws}/`}target/release/${builder.binary.binaryName}`;
  }

  /** @internal */
  protected _baseImageOf(builder: RustMuslImage): string {
    return builder.pinned(this.baseImage ?? builder.toolchain.image);
  }

  /** @internal */
  protected _render(builder: RustMuslImage): RenderedImage {
    const dockerfile = this._newDockerfile(builder, 'native target');
    const output: BuilderOutput = { builderStage: DEV_STAGE, binaryPath: this._binaryPath(builder), supportFiles: [], warnings: [] };
    this._renderRuntimeStage(dockerfile, { builder, output, stageSuffix: '' });
    return { dockerfile, output, images: [this.baseImage ?? builder.toolchain.image] };
  }

  /** @internal */
  protected _renderRuntimeStage(dockerfile: Dockerfile, context: RuntimeContext): void {
    const { builder } = context;
    const u = this.user;
    const name = shellQuote(u.name, 'user name');
    const stage = dockerfile.addStage({ image: this._baseImageOf(builder), name: `${DEV_STAGE}${context.stageSuffix}` });
    if (!u.isRoot) {
      const home = `/home/${u.name}`;
      stage.run([
        ...(usesApk(builder)
          ? [`addgroup -g ${u.gid} ${name}`, `adduser -D -h ${shellQuote(home, 'home')} -s /bin/sh -u ${u.uid} -G ${name} ${name}`]
          : [`groupadd --gid ${u.gid} ${name}`, `useradd --uid ${u.uid} --gid ${u.gid} --create-home --home-dir ${shellQuote(home, 'home')} --shell /bin/sh ${name}`]),
        'mkdir -p /app',
        `chown ${u.spec} /app`,
      ]);
      // The user rebuilds inside the container, so the registry cache must be theirs.
      stage.env('CARGO_HOME', `${home}/.cargo`);
    }
    for (const [key, value] of Object.entries(builder.profile.environment())) stage.env(key, value);
    stage.workdir('/app')
      .copy(['.'], '.', u.isRoot ? {} : { chown: u.spec });
    if (builder.manifest.workspacePath !== '.') stage.workdir(`/app/${builder.manifest.workspacePath}`);
    stage.user(u.spec)
      .run([cargoCommand(cargoBuildArgs(builder, false))]);
    this._finishStage(stage, context, true);
  }

  /** The binary is built in place: nothing to copy. @internal */
  protected _copyArtifacts(): void {}
}

function usesApk(builder: RustMuslImage): boolean {
  return builder.toolchain.packageManager === OsPackageManager.APK;
}
