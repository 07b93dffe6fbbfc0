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
  project.gitignore.exclude('.jsii.tabl.json', '/rosetta/*.tabl.json');
  project.npmignore?.exclude('/rosetta');
}
