import * as fs from 'fs';
import * as path from 'path';
import { javascript, SampleFile, typescript } from 'projen';
import { RustComposeStack } from './rust-compose-stack';
import { RustDockerfiles } from './rust-dockerfiles';
import { RustServiceCdkApp } from './rust-service-cdk-app';
import { resolveServiceOptions, RustServiceProjectOptions, ServiceDatabaseKind } from './rust-service-options';
import { serviceCrateSample } from './sample/service-crate';
import { serviceReadmeSample } from './sample/service-readme';
import { Migrations } from '../model/service/migrations';
import { ServiceDatabase } from '../model/service/service-database';
import { ServiceMetrics } from '../model/service/service-metrics';
import { ServiceStackOptions } from '../model/service/service-stack-options';

/** The npm package this project type ships in. */
const PACKAGE_NAME = 'cdk-rust-image';

/**
 * Where `projen new` passes its bootstrap data in the options; projen's
 * Projenrc component needs it to write `.projenrc.js`, so it is handed on.
 */
const PROJEN_NEW_KEY = '__new__';

/**
 * A Rust web service managed by projen: a sample Actix-web task API (written
 * once, then yours), Dockerfiles for every runtime variant with `docker:*`
 * tasks (regenerated on every `npx projen`), `cargo` build and test tasks,
 * and optionally a CDK app that deploys the service on Fargate. With
 * `database: 'postgres'` the tasks live in PostgreSQL (migrations, metrics),
 * and a local stack (compose.yaml) runs it with PostgreSQL and Prometheus.
 *
 * Create one with `npx projen new --from cdk-rust-image rust-service` in an
 * empty folder (its name becomes the service's name).
 *
 * @pjid rust-service
 *
 * @example
 * // .projenrc.ts of a service created with `projen new --from cdk-rust-image rust-service`
 * const project = new rust.RustServiceProject({ name: 'task-api', port: 9090, architecture: 'arm64' });
 * project.dockerfiles.addVariant('distroless');
 * project.synth();
 */
export class RustServiceProject extends javascript.NodeProject {
  /** The Dockerfiles and `docker:*` tasks. */
  public readonly dockerfiles: RustDockerfiles;
  /** The binary the crate builds. */
  public readonly binaryName: string;
  /** Port the service listens on. */
  public readonly port: number;
  /**
   * The local stack (compose.yaml, `stack:*` tasks), with `database: 'postgres'`.
   * @default - none
   */
  public readonly composeStack?: RustComposeStack;
  private readonly samples: SampleFile[];

  constructor(options: RustServiceProjectOptions) {
    const resolved = resolveServiceOptions(options);
    const bootstrap = (options as unknown as { [key: string]: unknown })[PROJEN_NEW_KEY];
    super({
      ...(bootstrap !== undefined ? { [PROJEN_NEW_KEY]: bootstrap } : {}),
      name: resolved.name,
      outdir: options.outdir,
      description: `${resolved.name}: a Rust web service`,
      defaultReleaseBranch: 'main',
      packageManager: javascript.NodePackageManager.NPM,
      // The npm side only runs projen (and the optional CDK app): no library to build, test, package or release.
      entrypoint: '',
      jest: false,
      package: false,
      licensed: false,
      npmignoreEnabled: false,
      release: false,
      buildWorkflow: false,
      depsUpgrade: false,
      pullRequestTemplate: false,
      github: false,
      projenrcJs: resolved.projenrcFile.endsWith('.js'),
      projenrcJsOptions: { filename: resolved.projenrcFile },
      devDeps: projenDevDeps(options.devDeps),
      readme: { contents: serviceReadmeSample(resolved) },
    });
    this.binaryName = resolved.binaryName;
    this.port = resolved.port;
    if (resolved.projenrcFile.endsWith('.ts')) {
      // TypeScript, type-checked against this package's declarations, like the CDK app beside it.
      new typescript.ProjenrcTs(this, { filename: resolved.projenrcFile });
      this.addDevDeps('ts-node@^10', 'typescript@~5.9', '@types/node@^20');
    }

    // Samples come first: RustDockerfiles reads Cargo.toml and src/ when it composes the images.
    this.samples = serviceCrateSample(resolved).map((file) => new SampleFile(this, file.path, { contents: file.content }));

    this.dockerfiles = new RustDockerfiles(this, {
      ...options.buildOptions,
      binaryName: resolved.binaryName,
      imageName: resolved.binaryName,
      port: resolved.port,
      architecture: resolved.architecture,
      toolchain: resolved.toolchain,
      variants: resolved.runtimes,
      // The project's Node.js and CDK files are not part of the Rust build.
      ignorePatterns: ['.projen/', '.projenrc.js', '.projenrc.ts', 'projenrc/', 'tsconfig.projen.json', 'package.json', 'package-lock.json', 'infra/', 'cdk.json', 'cdk.context.json'],
    });
    this.addCargoTasks();
    if (resolved.database === ServiceDatabaseKind.POSTGRES) {
      // The same options as the sample CDK app's RustFargateService (infra/main.ts).
      this.composeStack = new RustComposeStack(this, { ...sampleServiceStack(), environment: { RUST_LOG: 'info' } });
    }
    if (resolved.cdkApp) {
      new RustServiceCdkApp(this, {
        binaryName: resolved.binaryName, port: resolved.port, architecture: resolved.architecture, database: resolved.database,
      });
    }
  }

  /**
   * Writes the sample crate (only files that do not exist yet) before the
   * components compose the Dockerfiles, which read Cargo.toml and discover
   * `src/main.rs`: on `projen new` the crate and its Dockerfiles appear in the
   * same synthesis.
   */
  public preSynthesize(): void {
    super.preSynthesize();
    for (const sample of this.samples) {
      sample.synthesize();
    }
  }

  private addCargoTasks(): void {
    this.compileTask.exec('cargo build --release');
    this.testTask.exec('cargo test');
    this.addTask('fmt', { description: 'Format the Rust sources', exec: 'cargo fmt' });
    this.addTask('lint', { description: 'Check formatting and lints', steps: [{ exec: 'cargo fmt --check' }, { exec: 'cargo clippy --all-targets -- -D warnings' }] });
  }
}

/** What the PostgreSQL sample needs around it: the defaults, which the sample CDK app writes out too. */
function sampleServiceStack(): ServiceStackOptions {
  return { database: ServiceDatabase.postgres(), migrations: Migrations.serviceBinary(['migrate']), metrics: ServiceMetrics.prometheus() };
}

/**
 * projen and this package, so `npx projen` works from a fresh clone after
 * `npm install`. `projen new --from <tarball or folder>` passes the path as
 * a dev dependency; npm needs it as `cdk-rust-image@file:<path>`.
 */
function projenDevDeps(specs: string[] = []): string[] {
  const deps = specs.map((spec) => isPathSpec(spec) ? `${PACKAGE_NAME}@file:${spec.replace(/^file:/, '')}` : spec);
  const named = deps.some((d) => d === PACKAGE_NAME || d.startsWith(`${PACKAGE_NAME}@`));
  return named ? deps : [...deps, PACKAGE_NAME];
}

function isPathSpec(spec: string): boolean {
  return spec.startsWith('file:') || spec.startsWith('.') || path.isAbsolute(spec) || /\.(tgz|tar\.gz)$/.test(spec) || (spec.includes('/') && !spec.startsWith('@') && fs.existsSync(spec));
}
