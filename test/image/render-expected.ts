import * as fs from 'fs';
import * as path from 'path';
import {
  AlpineRuntime, DebianSlimRuntime, DependencyCaching, DevImage, DistrolessRuntime, HealthCheck,
  ImageRuntime, RustMuslImage, RuntimeUser, ScratchRuntime,
} from '../../src';

export const FIXTURES = path.join(__dirname, '..', 'fixtures', 'cargo');

/** Where the exact-string render tests keep the expected Dockerfiles, one per runtime. */
export const EXPECTED_DIR = path.join(__dirname, 'expected');

/** The builder every exact-string render test uses: lib-bin, musl, x86_64, no dependency caching. */
export function libBinBuilder(): RustMuslImage {
  return new RustMuslImage({ crateDirectory: path.join(FIXTURES, 'lib-bin'), dependencyCaching: DependencyCaching.none() });
}

/** One runtime of each kind, as the exact-string tests render them. */
export function runtimesUnderTest(): Record<string, ImageRuntime> {
  return {
    'scratch': new ScratchRuntime(),
    'distroless': new DistrolessRuntime({ healthCheck: HealthCheck.http('/health', { intervalSeconds: 10 }) }),
    'alpine': new AlpineRuntime({ port: 3000, user: RuntimeUser.of({ uid: 10001, name: 'taskapi' }) }),
    'debian-slim': new DebianSlimRuntime({ labels: { 'org.opencontainers.image.source': 'https://example.com/task-api' } }),
    'dev': new DevImage(),
  };
}

/**
 * Rewrites expected/<runtime>.Dockerfile from the current renderer:
 * `npx ts-node --transpile-only test/image/render-expected.ts`, then review
 * `git diff test/image/expected` before committing.
 */
if (require.main === module) {
  for (const [name, runtime] of Object.entries(runtimesUnderTest())) {
    fs.writeFileSync(path.join(EXPECTED_DIR, `${name}.Dockerfile`), runtime.compose(libBinBuilder()).dockerfile);
  }
}
