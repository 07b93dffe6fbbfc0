import { Component, JsonFile, SampleFile } from 'projen';
import { NodeProject } from 'projen/lib/javascript';
import { ServiceDatabaseKind } from './rust-service-options';
import { cdkAppSample } from './sample/cdk-app-main';
import { Architecture } from '../model/architecture';

/** Options of `RustServiceCdkApp`. @internal */
export interface RustServiceCdkAppOptions {
  readonly binaryName: string;
  readonly port: number;
  readonly architecture: Architecture;
  readonly database: ServiceDatabaseKind;
}

/** Where the CDK app lives in the project. @internal */
export const CDK_APP_DIR = 'infra';

/**
 * A TypeScript CDK app next to the crate: `infra/main.ts` (a sample, yours
 * after creation), `cdk.json`, its TypeScript settings, the CDK packages and
 * `cdk:*` tasks. The app runs with ts-node, so there is nothing to compile.
 *
 * @internal
 */
export class RustServiceCdkApp extends Component {
  constructor(project: NodeProject, options: RustServiceCdkAppOptions) {
    super(project);
    project.addDevDeps('aws-cdk-lib@^2.257.0', 'constructs@^10.5.1', 'aws-cdk@^2', 'ts-node@^10', 'typescript@~5.9', '@types/node@^20');
    new SampleFile(project, `${CDK_APP_DIR}/main.ts`, { contents: cdkAppSample(options) });
    new JsonFile(project, 'cdk.json', {
      obj: {
        app: `npx ts-node --prefer-ts-exts ${CDK_APP_DIR}/main.ts`,
        output: 'cdk.out',
        watch: { include: [`${CDK_APP_DIR}/**`] },
      },
    });
    // ts-node reads the tsconfig.json next to the script it runs.
    new JsonFile(project, `${CDK_APP_DIR}/tsconfig.json`, {
      obj: {
        compilerOptions: {
          target: 'ES2022',
          module: 'commonjs',
          moduleResolution: 'node',
          lib: ['es2022'],
          strict: true,
          esModuleInterop: true,
          skipLibCheck: true,
          types: ['node'],
        },
        include: ['**/*.ts'],
      },
    });
    project.gitignore.exclude('cdk.out/');
    project.addTask('cdk:synth', { description: 'Synthesize the CDK app (builds the image asset)', exec: 'cdk synth' });
    project.addTask('cdk:diff', { description: 'Compare the deployed stack with the CDK app', exec: 'cdk diff' });
    project.addTask('cdk:deploy', { description: 'Deploy the service to AWS', exec: 'cdk deploy' });
    project.addTask('cdk:destroy', { description: 'Delete the deployed stack', exec: 'cdk destroy' });
  }
}
