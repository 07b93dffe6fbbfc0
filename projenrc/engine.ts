import { awscdk } from 'projen';

/**
 * The real-engine tests and benchmark (issue 4).
 *
 * `npx projen test:engine` builds and runs the library's generated images on
 * a Docker engine: scripts/engine/engine.sh finds an engine or starts a
 * private dockerd (root on Debian), and makes the base images locally, so the
 * task works offline on a fresh CI machine.
 *
 * `npx projen bench:engine` (issue 12) measures, on the realistic fixture
 * (test/engine/fixtures/task-service) and side by side on the same engine:
 * cold and warm builds per caching strategy and release profile, the
 * guide's Dockerfiles, sizes, arm64, start-up, stop and throughput. It
 * writes bench/results/engine.json, from which `npx projen readme` makes the
 * README's Measured section (no timed assertions).
 *
 * `npx projen bench:engine:smoke` takes every path of it once (no
 * repetitions, short load, builds from the cache) and fails on any failed
 * build, stale binary or non-200; it never writes bench/results.
 */
export function configureEngine(project: awscdk.AwsCdkConstructLibrary): void {
  project.addTask('test:engine', {
    description: 'Build and run the generated images on a real Docker engine (starts a private dockerd when none answers)',
    exec: 'jest --config test/engine/jest.config.js --runInBand',
    receiveArgs: true,
  });
  project.addTask('bench:engine', {
    description: 'Builds, rebuilds, sizes, start/stop and throughput of the generated images and the guide\'s on a real Docker engine (writes bench/results/engine.json)',
    exec: 'ts-node --transpile-only --project tsconfig.dev.json bench/engine/measure.ts',
    receiveArgs: true,
  });
  project.addTask('bench:engine:guide-working', {
    description: 'A second session for a committed full run: the guide\'s working images (build.rs touched), their sizes, start/stop and throughput next to the default image (rewrites bench/results/engine.json)',
    exec: 'ts-node --transpile-only --project tsconfig.dev.json bench/engine/guide-working.ts',
  });
  project.addTask('bench:engine:smoke', {
    description: 'One iteration of every path of bench:engine, from the build cache (writes a temporary file; fails on any failure)',
    exec: 'ts-node --transpile-only --project tsconfig.dev.json bench/engine/measure.ts --smoke',
    receiveArgs: true,
  });
}
