import { ResolvedServiceOptions, ServiceDatabaseKind } from '../rust-service-options';

/** Fields of the sample CDK app. @internal */
export type CdkAppSampleOptions = Pick<ResolvedServiceOptions, 'binaryName' | 'port' | 'architecture'> & { readonly database?: ServiceDatabaseKind };

function pascal(name: string): string {
  return name.split(/[-_]/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

/**
 * The sample `infra/main.ts`: one stack that builds the service's scratch
 * image from the project directory and runs it on Fargate behind a public
 * load balancer, with the architecture and port of the Dockerfiles.
 *
 * @internal
 */
export function cdkAppSample(options: CdkAppSampleOptions): string {
  const arch = options.architecture.name === 'arm64' ? 'ARM64' : 'X86_64';
  const postgres = options.database === ServiceDatabaseKind.POSTGRES;
  const imports = postgres
    ? `import {
  Architecture, LoadBalancerExposure, Migrations, RustFargateService, RustServiceImage, ServiceDatabase, ServiceMetrics, ServiceStackOptions,
} from 'cdk-rust-image';`
    : 'import { Architecture, LoadBalancerExposure, RustFargateService, RustServiceImage } from \'cdk-rust-image\';';
  const service = postgres
    ? `// What the service needs around it: the same options as the local stack of
// .projenrc.ts (compose.yaml). On AWS: a new RDS for PostgreSQL database, its
// credentials as ECS secrets (PGHOST, PGPASSWORD...), the migrations as a
// container that must succeed before the service starts, and a collector that
// ships /metrics to CloudWatch.
const serviceStack: ServiceStackOptions = {
  database: ServiceDatabase.postgres(),
  migrations: Migrations.serviceBinary(['migrate']),
  metrics: ServiceMetrics.prometheus(),
};

new RustFargateService(stack, 'Service', { image, loadBalancer: LoadBalancerExposure.PUBLIC, ...serviceStack });`
    : 'new RustFargateService(stack, \'Service\', { image, loadBalancer: LoadBalancerExposure.PUBLIC });';
  return `import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
${imports}

const app = new App();
// The load balancer needs a region: the CDK CLI sets these from your AWS profile (or AWS_REGION).
const stack = new Stack(app, '${pascal(options.binaryName)}', {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});

// The crate is the project directory; target/, node_modules/ and cdk.out/ stay
// out of the build context. Without a runtime the image is FROM scratch, with
// a static health check probe for GET /health.
const image = new RustServiceImage(stack, 'Image', {
  crateDirectory: path.join(__dirname, '..'),
  binaryName: '${options.binaryName}',
  architecture: Architecture.${arch},
  port: ${options.port},
});

${service}

app.synth();
`;
}
