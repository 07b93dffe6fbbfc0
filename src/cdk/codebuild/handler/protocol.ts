/*
 * What the construct and the handler of a CodeBuild build location say to
 * each other through the custom resource: its properties and attributes.
 * Imports nothing, so the construct can use it without the AWS SDK the
 * handler runs on.
 */

/** The resource's properties, as the construct writes them (CloudFormation passes them as strings). */
export interface ImageBuildProperties {
  readonly RepositoryName: string;
  /** The CodeBuild projects to start, one per architecture. */
  readonly Projects: string[];
  /** The build's environment variable that lists the tags to build (the buildspec's default lists all). */
  readonly TagsVariable: string;
  readonly Images: ImageProperties[];
}

/** One image: its tag, and per architecture the tag of its image when it is a manifest list. */
export interface ImageProperties {
  readonly Tag: string;
  readonly PlatformTags?: { [architecture: string]: string };
}

/** The attribute that holds the digest of `Images[index]`. */
export function digestAttribute(index: number): string {
  return `Digest${index}`;
}

/** `onEvent`'s answer to `isComplete`: the ids of the builds it started, comma-separated (empty when none). */
export const BUILD_IDS = 'BuildIds';
