import { DockerCacheOption } from 'aws-cdk-lib/aws-ecr-assets';
import { BuildCacheOption } from '../image/invocation/build-invocation';

/*
 * A cache option in CDK's spelling (`type`, `params`) and in the image
 * layer's (`cacheType`, `params`): the same data.
 */

/** The CDK spelling of a cache option. */
export function dockerCacheOption(option: BuildCacheOption): DockerCacheOption {
  return { type: option.cacheType, ...(option.params !== undefined ? { params: { ...option.params } } : {}) };
}

/** The image layer's spelling of a CDK cache option. */
export function buildCacheOption(option: DockerCacheOption): BuildCacheOption {
  return { cacheType: option.type, ...(option.params !== undefined ? { params: { ...option.params } } : {}) };
}
