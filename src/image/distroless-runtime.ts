import { RuntimeBase, RuntimeContext, RuntimeOptions } from './runtime';
import { Dockerfile } from '../dockerfile/dockerfile';

/**
 * Google's distroless static image: CA certificates, tzdata and a `nonroot`
 * user (65532) already inside, no shell. HTTP health checks use the static
 * probe.
 *
 * @example
 * new DistrolessRuntime({ baseImage: 'gcr.io/distroless/static-debian12:nonroot' });
 */
export class DistrolessRuntime extends RuntimeBase {
  /** The default base image. */
  public static readonly DEFAULT_BASE_IMAGE = 'gcr.io/distroless/static-debian12';

  public readonly runtimeName = 'distroless';

  constructor(options: RuntimeOptions = {}) {
    super(options, DistrolessRuntime.DEFAULT_BASE_IMAGE);
  }

  /** @internal */
  protected _needsProbe(): boolean {
    return true;
  }

  /** @internal */
  protected _renderRuntimeStage(dockerfile: Dockerfile, context: RuntimeContext): void {
    const stage = dockerfile.addStage({ image: this.baseImage, name: 'runtime' })
      .comment('Distroless static: certificates, tzdata and the nonroot user come with the base.');
    this._finishStage(stage, context);
  }
}
