import { awscdk } from 'projen';

/**
 * The real-engine tests and benchmark (issue 4).
 *
 * `npx projen test:engine` builds and runs the library's generated images on
 * a Docker engine: scripts/engine/engine.sh finds an engine or starts a
 * private dockerd (root on Debian), and makes the base images locally, so the
 * task works offline on a fresh CI machine.
 *
 * `npx projen bench:engine` measures image sizes, cold/warm build times and
 * start-up on the same engine; it prints a table and writes
 * bench-results/engine.json (no timed assertions).
 */
export function configureEngine(project: awscdk.AwsCdkConstructLibrary): void {
  project.addTask('test:engine', {
    description: 'Build and run the generated images on a real Docker engine (starts a private dockerd when none answers)',
    exec: 'jest --config test/engine/jest.config.js --runInBand',
    receiveArgs: true,
  });
  project.addTask('bench:engine', {
    description: 'Image sizes, cold/warm build times and start-up of the generated images on a real Docker engine (writes bench-results/engine.json)',
    exec: 'ts-node --transpile-only --project tsconfig.dev.json bench/engine/measure.ts',
    receiveArgs: true,
  });
}
