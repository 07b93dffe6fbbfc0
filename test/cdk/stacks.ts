import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { DockerImageSource } from 'aws-cdk-lib/cloud-assembly-schema';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import { makeCrate } from './crate';
import { Architecture, HealthCheck, RustFargateService, RustFargateServiceProps, RustServiceImage, RustServiceImageProps } from '../../src';
import { tempDir } from '../util';

/** The environment of stacks whose load balancer needs a region (access logs) and certificates an account. */
export const ENV = { region: 'eu-west-1', account: '123456789012' };

/** A stack in its own app with an ARM64 RustServiceImage whose HTTP check has its own timing. */
export function stackWithImage(imageProps: Partial<RustServiceImageProps> = {}, context: Record<string, unknown> = {}) {
  const app = new App({ outdir: tempDir('cdk-out-'), context });
  const stack = new Stack(app, 'Stack', { env: ENV });
  const image = new RustServiceImage(stack, 'Image', {
    crateDirectory: makeCrate(),
    architecture: Architecture.ARM64,
    healthCheck: HealthCheck.http('/health', { intervalSeconds: 10, timeoutSeconds: 4, startPeriodSeconds: 20, retries: 3 }),
    ...imageProps,
  });
  return { app, stack, image };
}

/** The error-level cdk-nag AwsSolutions findings, as "rule at path" lines. */
export function nagErrors(app: App): string[] {
  return new AwsSolutionsChecks().validateScope(app).violations
    .filter((v) => v.severity === 'error')
    .flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} at ${r.constructPath}`));
}

/** The Docker image sources of a stack, as the CLI reads them from the synthesized asset manifest. */
export function assetSources(app: App, stackName: string = 'Stack'): DockerImageSource[] {
  const assembly = app.synth();
  const manifest = JSON.parse(fs.readFileSync(path.join(assembly.directory, `${stackName}.assets.json`), 'utf8'));
  return Object.values<{ source: DockerImageSource }>(manifest.dockerImages).map((entry) => entry.source);
}

/**
 * A stack (in its own app, with the recommended feature flags unless
 * `context` says otherwise) with an ARM64 RustServiceImage and a
 * RustFargateService "Service" of `props`; `extra` adds what the props refer
 * to (a VPC, a topic, a shared database) to the stack first.
 */
export function serviceStack<T>(props: (stack: Stack, extra: T) => Partial<RustFargateServiceProps>,
  extra: (stack: Stack) => T = () => undefined as T,
  context: Record<string, unknown> = { ...cxapi.CURRENTLY_RECOMMENDED_FLAGS }) {
  const { app, stack, image } = stackWithImage({}, context);
  const made = extra(stack);
  const service = new RustFargateService(stack, 'Service', { image, ...props(stack, made) });
  return { app, stack, image, service, extra: made };
}
