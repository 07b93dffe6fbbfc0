import { DockerCacheOption } from 'aws-cdk-lib/aws-ecr-assets';
import { dockerCacheOption } from './cache-option';
import { inlineCacheSettings, registryCacheSettings, RegistryCacheSettings } from '../image/invocation/registry-cache-settings';

/**
 * Where CI runners that start with an empty layer cache find the layers of
 * earlier builds, the dependency layer above all (aws/aws-cdk#1748,
 * #11379, #23445).
 *
 * @example
 * RegistryCache.registry('123456789012.dkr.ecr.eu-west-1.amazonaws.com/task-api-cache:main');
 * RegistryCache.inline(['123456789012.dkr.ecr.eu-west-1.amazonaws.com/task-api-cache:builder']);
 */
export class RegistryCache {
  /**
   * A BuildKit registry cache (`--cache-from`/`--cache-to type=registry`,
   * `mode=max`): every stage's layers, the dependency layer included, are
   * exported to `reference` and imported from it. Needs docker buildx (the
   * default builder of Docker 23 and later). The repository must exist (an
   * ECR repository of its own, not the CDK assets repository).
   *
   * @param reference an image reference such as `<account>.dkr.ecr.<region>.amazonaws.com/<repo>:cache`
   */
  public static registry(reference: string): RegistryCache {
    return new RegistryCache(registryCacheSettings(reference));
  }

  /**
   * Inline cache metadata: the image is built with
   * `BUILDKIT_INLINE_CACHE=1`, and the build reuses the layers of `images`.
   * Inline metadata only covers the stages of the image that is pushed, so
   * cache the dependency layer by also pushing the builder stage (`docker
   * build --target builder --build-arg BUILDKIT_INLINE_CACHE=1`) and listing
   * it here.
   *
   * cdk-assets passes each image as `--cache-from type=registry,ref=<image>`,
   * which docker buildx reads (the default builder of Docker 23 and later).
   * Docker 20.10's `docker build` splits that value at the comma and imports
   * nothing; there, pass `--cache-from <image>` per image yourself.
   *
   * @param images image references to take cached layers from
   */
  public static inline(images: string[]): RegistryCache {
    return new RegistryCache(inlineCacheSettings(images));
  }

  /** The `--cache-from` sources. */
  public readonly cacheFrom: DockerCacheOption[];
  /**
   * The `--cache-to` destination.
   * @default - none (inline cache)
   */
  public readonly cacheTo?: DockerCacheOption;
  /** Build arguments the cache needs (`BUILDKIT_INLINE_CACHE`). */
  public readonly buildArgs: { [name: string]: string };
  /** The same cache as the image layer's plain data, for the build invocation. @internal */
  public readonly _settings: RegistryCacheSettings;

  private constructor(settings: RegistryCacheSettings) {
    this._settings = settings;
    this.cacheFrom = settings.cacheFrom.map(dockerCacheOption);
    this.cacheTo = settings.cacheTo ? dockerCacheOption(settings.cacheTo) : undefined;
    this.buildArgs = { ...settings.buildArgs };
  }
}

