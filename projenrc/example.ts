import { awscdk } from 'projen';

/** Placeholder: filled in by the issue that owns this task. */
export function configureExample(_project: awscdk.AwsCdkConstructLibrary): void {
}
