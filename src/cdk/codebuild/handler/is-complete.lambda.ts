import { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { ECRClient } from '@aws-sdk/client-ecr';
import { isComplete, IsCompleteRequest, IsCompleteResponse } from './image-builds';

/** The Provider framework's isComplete handler of a CodeBuild build location: waits for the builds, answers the digests. */
export async function handler(event: IsCompleteRequest): Promise<IsCompleteResponse> {
  return isComplete(event, { codebuild: new CodeBuildClient({}), ecr: new ECRClient({}) });
}
