import { awscdk } from 'projen';

/**
 * Every snippet in the README and in `@example` tags must compile: extract
 * them with jsii-rosetta in strict mode after jsii has written the assembly.
 */
export function configureRosetta(project: awscdk.AwsCdkConstructLibrary): void {
  const rosetta = project.addTask('rosetta:extract', {
    description: 'Compile every README snippet and @example with jsii-rosetta --strict',
    steps: [{ exec: 'jsii-rosetta extract --strict .jsii' }],
  });
  project.postCompileTask.spawn(rosetta);
  // The README's snippets carry their own imports, Node's (path, __dirname, console) and cdk-nag's
  // among them; rosetta compiles them against the package's dependencies plus these.
  // Node's types of the oldest Node.js the package supports: a snippet may use nothing newer.
  const minNode = project.package.minNodeVersion;
  if (!minNode) throw new Error('projenrc/rosetta.ts: set minNodeVersion, which the README snippets are checked against');
  const exampleDependencies = { '@types/node': `^${minNode}`, 'cdk-nag': project.deps.getDependency('cdk-nag').version! };
  project.package.addField('jsiiRosetta', { exampleDependencies });
  project.gitignore.exclude('.jsii.tabl.json', '/rosetta/*.tabl.json');
  project.npmignore?.exclude('/rosetta');
}
