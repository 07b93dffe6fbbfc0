import { awscdk } from 'projen';

/**
 * The Python and Java bindings (issue 7).
 *
 * `npx projen bindings` (run by .ci/run after the build) generates the
 * bindings, builds the Python wheel offline, type-checks the Python consumers
 * in test/bindings/python with pyright, and compiles the generated Java with
 * the Java consumers in test/bindings/java: see scripts/bindings/bindings.sh.
 * It compiles first when `.jsii` is missing, so it also works on its own.
 *
 * The per-language API references are written next to API.md by the same
 * post-compile docgen, so they never lag behind the TypeScript one.
 */
export function configureBindings(project: awscdk.AwsCdkConstructLibrary): void {
  project.addTask('bindings', {
    description: 'Generate the Python and Java bindings, build the Python wheel offline, type-check the Python consumers (pyright) and compile the Java ones (javac)',
    steps: [
      // No assembly yet (run on its own, not after the build): compile first.
      { spawn: project.compileTask.name, condition: 'node -e "process.exit(require(\'fs\').existsSync(\'.jsii\') ? 1 : 0)"' },
      { exec: 'bash scripts/bindings/bindings.sh' },
    ],
  });

  const docgen = project.tasks.tryFind('docgen');
  if (!docgen) {
    throw new Error('configureBindings: the project has no docgen task (docgen: true is needed for API.python.md and API.java.md)');
  }
  docgen.exec('jsii-docgen --language python --output API.python.md');
  docgen.exec('jsii-docgen --language java --output API.java.md');

  project.gitignore.exclude('/dist-bindings');
  project.gitignore.include('/API.python.md', '/API.java.md');
  project.npmignore?.exclude('/dist-bindings');
}
