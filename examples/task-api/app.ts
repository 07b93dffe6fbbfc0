import * as path from 'path';
import { App, CfnOutput, Stack } from 'aws-cdk-lib';
import { Architecture, HealthCheck, LoadBalancerExposure, RustFargateService, RustServiceImage, ScratchRuntime } from '../../src';

/**
 * The task API on Fargate: a static ARM64 (Graviton) binary in a scratch
 * image behind a public Application Load Balancer. Synthesizes offline
 * (`npx projen example`); `cdk deploy` builds the image with Docker.
 */
const app = new App();
const stack = new Stack(app, 'TaskApi', {
  description: 'task-api: an Actix-web service in a scratch image on Fargate (cdk-rust-image example)',
  // The load balancer's access logs need a region; the account may stay unresolved.
  env: { region: process.env.CDK_DEFAULT_REGION ?? 'eu-west-1' },
});

const image = new RustServiceImage(stack, 'Image', {
  crateDirectory: path.join(__dirname, 'service'),
  architecture: Architecture.ARM64,
  runtime: new ScratchRuntime({ port: 8080, healthCheck: HealthCheck.http('/health') }),
  assetName: 'task-api',
});

const service = new RustFargateService(stack, 'Service', {
  image,
  loadBalancer: LoadBalancerExposure.PUBLIC,
});

new CfnOutput(stack, 'Url', { value: `http://${service.loadBalancer!.loadBalancerDnsName}/api/tasks` });

app.synth();
