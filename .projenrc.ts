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
  github: false,
  release: false,
  sampleCode: false,
  tsconfigDevFile: 'tsconfig.dev.json',
  eslintOptions: {
    dirs: ['src'],
    devdirs: ['test', 'projenrc', '.projenrc.ts', 'examples', 'bench'],
    // One project for every linted file: tests, examples and the rc files live in tsconfig.dev.json.
    tsconfigPath: './tsconfig.dev.json',
    projectService: false,
  },

  peerDeps: ['projen@^0.103.25'],
  // Non-jsii runtime dependencies are bundled into the package.
  bundledDeps: ['smol-toml@^1.4.0'],
  devDeps: [
    'projen@^0.103.25',
    'fast-check@^4',
    'dockerfile-utils@^0.16.3',
    'dockerfile-ast@^0.7.1',
    'cdk-nag@^3.0.2',
    'pyright@1.1.414',
    // A second shell parser for the tests that check how values land in RUN lines.
    'shell-quote@^1.8.0',
    '@types/shell-quote',
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
    },
  },
  gitignore: ['/cdk.out', '/examples/**/cdk.out', '/examples/**/target', '/test/**/target', '/.engine', '/rendered', '/bench-results'],
});

for (const pattern of ['/examples', '/bench', '/.ci', '/rendered', '/bench-results', '/scripts']) {
  project.npmignore?.exclude(pattern);
}

// The rc file is a dotfile, which the dev tsconfig's "**/*.ts" does not match.
project.tsconfigDev?.addInclude('.projenrc.ts');

configureLayers(project);
configureRosetta(project);
configureExample(project);
configureEngine(project);
configureProjenE2e(project);
configureBindings(project);

project.synth();
