import { awscdk } from 'projen';

const EXAMPLE_DIR = 'examples/task-api';
const OUTDIR = `${EXAMPLE_DIR}/cdk.out`;

/**
 * `npx projen example` (the README's first command): synthesizes the bundled
 * task-api app offline (no Docker, no AWS credentials: synth stages the image
 * context but does not build it) and prints a summary read back from the
 * cloud assembly.
 *
 * `npx projen bench:asset-hash`: synth time and asset hash stability of
 * RustServiceImage against a plain `ContainerImage.fromAsset` on a crate with
 * a ~1 GB target/ folder.
 *
 * `npx projen bench:compose`: compose() time with and without the SBOM on a
 * large generated workspace (issue 23).
 */
export function configureExample(project: awscdk.AwsCdkConstructLibrary): void {
  project.addTask('example', {
    description: `Synthesize the ${EXAMPLE_DIR} app offline into ${OUTDIR} and print a summary of the cloud assembly`,
    env: { CDK_OUTDIR: OUTDIR },
    steps: [
      { exec: `rm -rf ${OUTDIR}` },
      { exec: `ts-node --transpile-only --project tsconfig.dev.json ${EXAMPLE_DIR}/app.ts` },
      { exec: `ts-node --transpile-only --project tsconfig.dev.json ${EXAMPLE_DIR}/summary.ts ${OUTDIR}` },
    ],
  });

  project.addTask('bench:asset-hash', {
    description: 'Synth time, cdk.out size and asset hash of RustServiceImage vs ecs.ContainerImage.fromAsset, on a crate with a ~1 GB target/ and on 40 MB of sources without one (writes bench/results/asset-hash.json)',
    exec: 'ts-node --transpile-only --project tsconfig.dev.json bench/asset-hash.ts',
    receiveArgs: true,
  });

  project.addTask('bench:compose', {
    description: 'compose() time with and without the SBOM on generated workspaces of 30 and 200 members and Cargo.lock files of ~900 and ~1,100 packages (prints the figures)',
    exec: 'ts-node --transpile-only --project tsconfig.dev.json bench/compose.ts',
    receiveArgs: true,
  });
}
