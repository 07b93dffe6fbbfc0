import { awscdk } from 'projen';

/**
 * End-to-end test of the `rust-service` project type (issue 6): packs the
 * library (or takes dist/js/cdk-rust-image-*.tgz from `npx projen build`),
 * runs `npx projen new --from <tarball> rust-service` in a temp folder,
 * checks the created tree and .projenrc.js, and that a second, offline
 * `npx projen` changes nothing. Needs the npm registry; run after a build.
 * An argument names the tarball to use.
 */
export function configureProjenE2e(project: awscdk.AwsCdkConstructLibrary): void {
  project.addTask('test:projen-new', {
    description: 'projen new --from the packed library (rust-service) in a temp dir; checks the tree and that a second npx projen is clean (needs the npm registry)',
    exec: 'bash test/projen/e2e/new-from-tarball.sh',
    receiveArgs: true,
  });
}
