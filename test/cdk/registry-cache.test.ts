import { App, Stack } from 'aws-cdk-lib';
import { makeCrate } from './crate';
import { assetSources } from './stacks';
import { RegistryCache, RustServiceImage } from '../../src';
import { tempDir } from '../util';

/* RegistryCache reaches the asset's build arguments and cache options. */

function imageWith(cache: RegistryCache) {
  const app = new App({ outdir: tempDir('cdk-out-') });
  new RustServiceImage(new Stack(app, 'Stack'), 'Image', { crateDirectory: makeCrate(), registryCache: cache });
  return assetSources(app)[0];
}

test('an inline registry cache adds BUILDKIT_INLINE_CACHE and the cache sources, and exports nothing', () => {
  const source = imageWith(RegistryCache.inline(['registry.example.com/app:builder', 'registry.example.com/app:latest']));
  expect(source.dockerBuildArgs).toEqual({ BUILDKIT_INLINE_CACHE: '1' });
  expect(source.cacheFrom).toEqual([
    { type: 'registry', params: { ref: 'registry.example.com/app:builder' } },
    { type: 'registry', params: { ref: 'registry.example.com/app:latest' } },
  ]);
  expect(source.cacheTo).toBeUndefined();
});

test('a registry cache imports from and exports every stage (mode=max) to its reference, with no build argument', () => {
  const source = imageWith(RegistryCache.registry('registry.example.com/app:cache'));
  expect(source.dockerBuildArgs).toBeUndefined();
  expect(source.cacheFrom).toEqual([{ type: 'registry', params: { ref: 'registry.example.com/app:cache' } }]);
  expect(source.cacheTo).toEqual({ type: 'registry', params: { ref: 'registry.example.com/app:cache', mode: 'max' } });
});

test('registryCache with cacheFrom is refused, naming the image', () => {
  const app = new App({ outdir: tempDir('cdk-out-') });
  expect(() => new RustServiceImage(new Stack(app, 'Stack'), 'Image', {
    crateDirectory: makeCrate(),
    registryCache: RegistryCache.registry('registry.example.com/app:cache'),
    cacheFrom: [{ type: 'local', params: { src: '/tmp/cache' } }],
  })).toThrow(new Error('RustServiceImage Stack/Image: Invalid props: registryCache and cacheFrom/cacheTo are both set. Use registryCache alone, or cacheFrom and cacheTo alone.'));
});
