import { awscdk, javascript } from 'projen';
import { configureBindings } from './projenrc/bindings';
import { configureEngine } from './projenrc/engine';
import { configureExample } from './projenrc/example';
import { configureLayers } from './projenrc/layers';
import { configureProjenE2e } from './projenrc/projen-e2e';
import { configureRosetta } from './projenrc/rosetta';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-rust-image',
  packageName: 'cdk-rust-image',
  description: 'Typed Rust service images for AWS CDK, projen and Docker: static binaries, cached dependency layers that never go stale, non-root scratch/distroless/alpine/debian runtimes with working health checks, and Fargate services.',
  author: 'cdk-rust-image maintainers',
  authorAddress: 'maintainers@cdk-rust-image.invalid',
  repositoryUrl: 'https://github.com/cdk-rust-image/cdk-rust-image.git',
  keywords: ['cdk', 'rust', 'docker', 'dockerfile', 'ecs', 'fargate', 'projen', 'musl', 'scratch', 'distroless'],
  defaultReleaseBranch: 'main',
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,
  cdkVersion: '2.257.0',
  constructsVersion: '10.5.1',
  jsiiVersion: '~6.0.0',
  // aws-cdk-lib needs 20, the bundled CycloneDX library 20.18 (jsii 20.16); 20 is past its end of
  // life (jsii prints a banner on it), 22 and 24 are the maintained releases (README, Prerequisites).
  minNodeVersion: '20.18.0',
  github: false,
  release: false,
  sampleCode: false,
  tsconfigDevFile: 'tsconfig.dev.json',
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'devtools', 'projenrc', '.projenrc.ts', 'examples', 'bench', 'scripts'],
    // One project for every linted file: tests, examples and the rc files live in tsconfig.dev.json.
    tsconfigPath: './tsconfig.dev.json',
    projectService: false,
  },

  peerDeps: ['projen@^0.103.25'],
  // Non-jsii runtime dependencies are bundled into the package.
  bundledDeps: ['smol-toml@^1.4.0', '@cyclonedx/cyclonedx-library@^10.3.0', 'packageurl-js@^2.0.1', 'yaml@^2.9.1'],
  devDeps: [
    'projen@^0.103.25',
    'fast-check@^4',
    'dockerfile-utils@^0.16.3',
    'dockerfile-ast@^0.7.1',
    'cdk-nag@^3.0.2',
    'pyright@1.1.414',
    // Validate the CycloneDX SBOMs against the schema in tests.
    'ajv@^8.12.0',
    'ajv-formats@^3.0.1',
    'ajv-formats-draft2019@^1.6.1',
    // A second shell parser for the tests that check how values land in RUN lines.
    'shell-quote@^1.8.0',
    '@types/shell-quote',
    // The CodeBuild custom resource's handler runs on the SDK that Lambda's Node.js runtime ships
    // (left out of its bundle); these type it and, with the client mock, unit-test it.
    '@aws-sdk/client-codebuild@^3',
    '@aws-sdk/client-ecr@^3',
    'aws-sdk-client-mock@^4',
  ],

  publishToPypi: {
    distName: 'cdk-rust-image',
    module: 'cdk_rust_image',
  },
  publishToMaven: {
    javaPackage: 'io.github.cdkrustimage',
    mavenGroupId: 'io.github.cdkrustimage',
    mavenArtifactId: 'cdk-rust-image',
  },

  jestOptions: {
    // Snapshots are regression nets: a test run must never rewrite them.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      // The real-engine tests need a Docker engine; they run through `test:engine`.
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/engine/'],
      testTimeout: 120_000,
      // Some unit tests run cargo, rustc, rustfmt and cc on the host: a whole-suite run without one fails once, saying which and how to install it.
      globalSetup: '<rootDir>/test/host-tools-setup.ts',
    },
  },
  // The CodeBuild custom resource's handlers (src/**/*.lambda.ts), bundled with esbuild into assets/:
  // Node.js 24, the newest runtime aws-cdk-lib knows (cdk-nag's AwsSolutions-L1), whose AWS SDK they use.
  lambdaOptions: { runtime: awscdk.LambdaRuntime.NODEJS_24_X },
  gitignore: ['/cdk.out', '/examples/**/cdk.out', '/examples/**/target', '/test/**/target', '/.engine', '/rendered', '/bench-results'],
});

// Packaging for Python and Java needs PyPI and Maven Central, which a build
// machine may not reach: `build` packages JavaScript only, whatever CI says;
// release machines run `npx projen package-all`.
const packageJs = project.tasks.tryFind('package:js');
if (!packageJs) throw new Error('.projenrc.ts: the project has no package:js task');
project.packageTask.reset();
project.packageTask.spawn(packageJs);

for (const pattern of ['/examples', '/bench', '/devtools', '/.ci', '/rendered', '/bench-results', '/scripts']) {
  project.npmignore?.exclude(pattern);
}

// The rc file is a dotfile, which the dev tsconfig's "**/*.ts" does not match; devtools/ it does, and says so.
project.tsconfigDev?.addInclude('.projenrc.ts');
project.tsconfigDev?.addInclude('devtools/**/*.ts');
// jest type-checks what the tests import, eslint checks no types: the benchmarks,
// the README scripts and the engine tests are type-checked here, in `test`.
const typecheck = project.addTask('typecheck', {
  description: 'Type-check everything the dev tsconfig covers (benchmarks, scripts, engine tests, projenrc)',
  exec: 'tsc --noEmit -p tsconfig.dev.json',
});
project.testTask.spawn(typecheck);

configureLayers(project);
// The CodeBuild custom resource's handler runs on the AWS SDK that Lambda's Node.js runtime ships,
// and its bundle leaves the SDK out: for the package, the SDK is a development dependency.
project.eslint?.allowDevDeps('src/cdk/codebuild/handler/**');
// The bundler ignores all of assets/, where the repository keeps sources of its own (the health check
// probe, assert-static.sh): ignore only the bundles, so a new file there is not silently left out.
project.gitignore.removePatterns('/assets/');
project.gitignore.exclude('/assets/cdk/');
project.addTask('readme', {
  description: 'Regenerate the README\'s generated sections (rendered Dockerfile, pins, warning ids, verified paths, measured figures) from the code and bench/results',
  exec: 'ts-node --transpile-only --project tsconfig.dev.json scripts/readme/sections.ts',
});
configureRosetta(project);
configureExample(project);
configureEngine(project);
configureProjenE2e(project);
configureBindings(project);

project.synth();
