import { BuildCacheOption } from './build-invocation';
import { invalidValue } from '../../core/errors';
import { assertImageReference } from '../../core/image-ref';

/** What a registry cache adds to a build: cache sources, a destination, and the build arguments it needs. */
export interface RegistryCacheSettings {
  readonly cacheFrom: BuildCacheOption[];
  readonly cacheTo?: BuildCacheOption;
  readonly buildArgs: { [name: string]: string };
}

/**
 * A BuildKit registry cache: every stage's layers exported to `reference`
 * (`mode=max`) and imported from it. Needs docker buildx.
 */
export function registryCacheSettings(reference: string): RegistryCacheSettings {
  assertImageReference(reference, 'registryCache reference');
  return {
    cacheFrom: [{ cacheType: 'registry', params: { ref: reference } }],
    cacheTo: { cacheType: 'registry', params: { ref: reference, mode: 'max' } },
    buildArgs: {},
  };
}

/**
 * Inline cache metadata (`BUILDKIT_INLINE_CACHE=1`), reusing the layers of
 * `images`. cdk-assets passes each as `--cache-from type=registry,ref=<image>`,
 * which buildx reads and Docker 20.10's `docker build` does not.
 */
export function inlineCacheSettings(images: string[]): RegistryCacheSettings {
  if (images.length === 0) {
    throw invalidValue('registryCache images', images, 'inline caching needs at least one image to take layers from', 'Pass the pushed builder image and the last pushed image.');
  }
  images.forEach((image, i) => assertImageReference(image, `registryCache images[${i}]`));
  return { cacheFrom: images.map((ref) => ({ cacheType: 'registry', params: { ref } })), buildArgs: { BUILDKIT_INLINE_CACHE: '1' } };
}
