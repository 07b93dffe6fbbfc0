import { awscdk } from 'projen';

/** Placeholder: filled in by the issue that owns this task. */
export function configureBindings(_project: awscdk.AwsCdkConstructLibrary): void {
}
