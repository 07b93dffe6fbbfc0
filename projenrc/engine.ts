import { awscdk } from 'projen';

/** Placeholder: filled in by the issue that owns this task. */
export function configureEngine(_project: awscdk.AwsCdkConstructLibrary): void {
}
