import { CodeBuildClient } from '@aws-sdk/client-codebuild';
import { ECRClient } from '@aws-sdk/client-ecr';
import { onEvent, OnEventRequest, OnEventResponse } from './image-builds';

/** The Provider framework's onEvent handler of a CodeBuild build location: starts the builds. */
export async function handler(event: OnEventRequest): Promise<OnEventResponse> {
  return onEvent(event, { codebuild: new CodeBuildClient({}), ecr: new ECRClient({}) });
}
