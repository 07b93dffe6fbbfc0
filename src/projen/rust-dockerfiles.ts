import * as path from 'path';
import { Component, Project, Task } from 'projen';
import { buildCommand, DockerCommandContext, runCommand, sizesCommand, smokeCommand, stopCommand } from './docker-commands';
import { addDockerTask, resetDockerTask } from './docker-task';
import {
  BUILT_IN_VARIANT_NAMES, DEFAULT_VARIANT_NAMES, DockerfileVariant, DockerfileVariantOptions, PRODUCTION_VARIANT, resolveVariant,
} from './dockerfile-variant';
import { GeneratedFile } from './generated-file';
import { normalizeProjectPath } from './project-path';
import { invalidValue } from '../core/errors';
import { assertPort } from '../core/numbers';
import { assertSingleLine } from '../core/text';
import { DEFAULT_ARCHITECTURE, RustBuildOptions } from '../image/builder/rust-build-options';
import { ImageBuild } from '../image/image-build';
import { DEFAULT_PORT, defaultHealthCheck } from '../image/runtimes/runtime';
import { RustMuslImage } from '../image/rust-musl-image';
import { Architecture } from '../model/architecture';
import { HealthCheck } from '../model/health-check';

/** Options of `RustDockerfiles`: where the crate is, the images' port and health check, and every builder option. */
export interface RustDockerfilesOptions extends RustBuildOptions {
  /**
   * The binary target to build and run.
   * @default - inferred from Cargo.toml: `default-run`, or the only binary
   */
  readonly binaryName?: string;
  /**
   * Directory of the crate, or of the Cargo workspace root, relative to the
   * project. Unless `buildContextDirectory` says otherwise, it is the Docker
   * build context, where the Dockerfiles, their support files and the
   * `.dockerignore` are written.
   * @default '.'
   */
  readonly crateDirectory?: string;
  /**
   * Image repository name the tasks tag (`<imageName>:<variant>`).
   * @default - `binaryName`, else the project name
   */
  readonly imageName?: string;
  /**
   * Port the service listens on.
   * @default 8080
   */
  readonly port?: number;
  /**
   * Health check of every image (and the path `docker:smoke` requests).
   * @default HealthCheck.http('/health')
   */
  readonly healthCheck?: HealthCheck;
  /**
   * More `.dockerignore` patterns: files of the project that the Rust build
   * does not need (they would only invalidate cached layers).
   * @default - none
   */
  readonly ignorePatterns?: string[];
  /**
   * Built-in variants to write: `prod` (Debian slim, `Dockerfile`), `scratch`,
   * `alpine`, `distroless`, `dev` (each `Dockerfile.<name>`). Add others with `addVariant()`.
   * @default ['prod', 'scratch', 'alpine', 'dev']
   */
  readonly variants?: string[];
}

const IMAGE_NAME = /^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;

/**
 * Dockerfiles for a Rust crate in any projen project: one per variant, the
 * support files they need and a `.dockerignore`, all rendered by the image
 * model during synthesis (so `addVariant()` calls after construction still
 * show) and written read-only; plus `docker:*` tasks.
 *
 * @example
 * import { javascript } from 'projen';
 *
 * const project = new javascript.NodeProject({ name: 'task-api', defaultReleaseBranch: 'main' });
 * const dockerfiles = new rust.RustDockerfiles(project, {
 *   crateDirectory: 'service',
 *   binaryName: 'task-api',
 *   port: 8080,
 *   architecture: Architecture.ARM64,
 * });
 * dockerfiles.addVariant('distroless');
 * dockerfiles.addVariant('debug', { runtime: new AlpineRuntime({ port: 8080, baseImage: 'alpine:3.24' }) });
 */
export class RustDockerfiles extends Component {
  /** Names of the built-in variants. */
  public static readonly BUILT_IN_VARIANTS: string[] = [...BUILT_IN_VARIANT_NAMES];

  /** The `RustDockerfiles` of a project, if it has one. */
  public static of(project: Project): RustDockerfiles | undefined {
    return project.components.find((c): c is RustDockerfiles => c instanceof RustDockerfiles);
  }

  /** Crate directory, relative to the project. */
  public readonly crateDirectory: string;
  /** The Docker build context, relative to the project: where the Dockerfiles are written and the tasks run. */
  public readonly contextDirectory: string;
  /** Image repository name. */
  public readonly imageName: string;
  /** Port the service listens on. */
  public readonly port: number;
  /** CPU architecture of every image. */
  public readonly architecture: Architecture;
  /** Health check of every image. */
  public readonly healthCheck: HealthCheck;
  /** Task that builds every variant. */
  public readonly buildTask: Task;
  private readonly buildOptions: RustBuildOptions & { readonly binaryName?: string };
  private readonly commands: DockerCommandContext;
  private readonly variantMap = new Map<string, DockerfileVariant>();
  private readonly buildTasks = new Map<string, Task>();
  private readonly builds = new Map<string, ImageBuild>();
  private readonly supportFiles = new Map<string, string>();
  private readonly runTask: Task;
  private readonly extraIgnores: string[] = [];

  constructor(project: Project, options: RustDockerfilesOptions = {}) {
    super(project);
    const { crateDirectory, imageName, port, healthCheck, ignorePatterns, variants, buildContextDirectory, ...buildOptions } = options;
    this.crateDirectory = normalizeProjectPath(crateDirectory ?? '.', 'crateDirectory');
    this.contextDirectory = buildContextDirectory !== undefined ? normalizeProjectPath(buildContextDirectory, 'buildContextDirectory') : this.crateDirectory;
    this.buildOptions = buildOptions;
    this.port = port ?? DEFAULT_PORT;
    assertPort(this.port, 'port');
    this.architecture = options.architecture ?? DEFAULT_ARCHITECTURE;
    this.healthCheck = healthCheck ?? defaultHealthCheck();
    this.imageName = imageName ?? options.binaryName ?? project.name;
    if (!IMAGE_NAME.test(this.imageName)) {
      throw invalidValue('imageName', this.imageName, 'expected a Docker repository name (lower-case letters, digits and single ".", "_", "-" or "/" between them)', 'Set imageName (or binaryName) to e.g. "task-api".');
    }
    this.commands = {
      imageName: this.imageName,
      platform: this.architecture.dockerPlatform,
      port: this.port,
      healthCheck: this.healthCheck,
    };

    project.gitignore.exclude('target/');
    this.addIgnorePatterns(...(ignorePatterns ?? []));
    new GeneratedFile(project, this.relative('.dockerignore'), {
      commentMarker: true,
      content: () => [this.firstBuild().dockerignore.trimEnd(), ...this.extraIgnores, ''].join('\n'),
    });

    const cwd = this.taskCwd();
    this.buildTask = addDockerTask(project, 'docker:build', { description: 'Build every Docker image variant', cwd });
    addDockerTask(project, 'docker:sizes', { description: 'Show the size of every image variant', exec: sizesCommand(this.commands), cwd });
    this.runTask = addDockerTask(project, 'docker:run', { description: 'Run the production image in the background, publishing the port', cwd });
    addDockerTask(project, 'docker:stop', { description: 'Stop the container docker:run started', exec: stopCommand(this.commands), cwd });
    addDockerTask(project, 'docker:smoke', { description: 'Check that the running service is healthy', exec: smokeCommand(this.commands), cwd });

    for (const name of variants ?? DEFAULT_VARIANT_NAMES) {
      this.addVariant(name);
    }
  }

  /**
   * Adds a Dockerfile variant and its `docker:build:<name>` task.
   *
   * @param name a built-in variant (`prod`, `scratch`, `alpine`, `distroless`, `dev`) or, with `options.runtime`, a name of your own
   */
  public addVariant(name: string, options: DockerfileVariantOptions = {}): void {
    if (this.variantMap.has(name)) {
      throw invalidValue('variant name', name, 'this variant is already configured', `Use another name, or remove "${name}" from the variants option.`);
    }
    const variant = resolveVariant(name, options, { port: this.port, healthCheck: this.healthCheck });
    if (variant.runtime.port !== this.port) {
      throw invalidValue(`runtime port of variant "${name}"`, variant.runtime.port, `RustDockerfiles publishes and checks port ${this.port}`, `Create the runtime with port: ${this.port}, or set the RustDockerfiles port.`);
    }
    const clash = [...this.variantMap.values()].find((v) => v.fileName === variant.fileName);
    if (clash) {
      throw invalidValue('fileName', variant.fileName, `variant "${clash.name}" already writes it`, 'Pass another fileName.');
    }
    this.variantMap.set(name, variant);
    new GeneratedFile(this.project, this.relative(variant.fileName), { commentMarker: true, content: () => this.buildOf(name).dockerfile });
    // Its command is the composed image's build invocation, known in preSynthesize().
    const task = addDockerTask(this.project, `docker:build:${name}`, {
      description: `Build the ${variant.runtime.runtimeName} image ${this.imageName}:${name} from ${variant.fileName}`,
      cwd: this.taskCwd(),
    });
    this.buildTasks.set(name, task);
    this.buildTask.spawn(task);
  }

  /**
   * Adds `.dockerignore` patterns: files of the project that the Rust build
   * does not need (they would only invalidate cached layers).
   */
  public addIgnorePatterns(...patterns: string[]): void {
    patterns.forEach((pattern, i) => assertSingleLine(pattern, `ignorePatterns[${this.extraIgnores.length + i}]`));
    this.extraIgnores.push(...patterns.filter((p) => !this.extraIgnores.includes(p)));
  }

  /**
   * The composed image of a variant: its Dockerfile, invocation, user, port
   * and health check, for components that run it (the compose stack).
   * Available once the project synthesizes (the variants are composed in
   * `preSynthesize()`).
   */
  public imageBuildOf(variant: string): ImageBuild {
    return this.buildOf(variant);
  }

  /** The file name of a variant's Dockerfile in the build context. */
  public dockerfileNameOf(variant: string): string {
    const found = this.variantMap.get(variant);
    if (!found) {
      throw invalidValue('variant', variant, `the configured variants are ${this.variants.join(', ')}`, 'Pick one of them, or add it with addVariant() first.');
    }
    return found.fileName;
  }

  /** Names of the configured variants, in the order they were added. */
  public get variants(): string[] {
    return [...this.variantMap.keys()];
  }

  /** The variant `docker:run` starts: `prod` when configured, else the first variant. */
  public get productionVariant(): string {
    const names = this.variants;
    if (names.length === 0) {
      throw invalidValue('variants', names, 'RustDockerfiles needs at least one variant', `Keep the default variants or list some of ${BUILT_IN_VARIANT_NAMES.join(', ')}.`);
    }
    return names.includes(PRODUCTION_VARIANT) ? PRODUCTION_VARIANT : names[0];
  }

  /**
   * Composes every variant with the image model, now that all variants are
   * known and the crate is on disk, and registers the support files.
   */
  public preSynthesize(): void {
    resetDockerTask(this.runTask, runCommand(this.commands, this.productionVariant));
    this.builds.clear();
    const builder = new RustMuslImage({
      ...this.buildOptions,
      crateDirectory: path.join(this.project.outdir, this.crateDirectory),
      ...(this.contextDirectory !== this.crateDirectory ? { buildContextDirectory: path.join(this.project.outdir, this.contextDirectory) } : {}),
    });
    this.supportFiles.clear();
    // Most advice is about the crate, not the variant: say each thing once.
    const warnings = new Map<string, string[]>();
    for (const variant of this.variantMap.values()) {
      const build = this.compose(variant, builder);
      this.builds.set(variant.name, build);
      resetDockerTask(this.buildTasks.get(variant.name)!, buildCommand(this.commands, build, variant.fileName, variant.name));
      build.warnings.forEach((w) => {
        const key = `[${w.id}] ${w.message}`;
        warnings.set(key, [...(warnings.get(key) ?? []), variant.fileName]);
      });
      for (const file of build.supportFiles) this.addSupportFile(file.path, file.content);
    }
    warnings.forEach((files, warning) => this.project.logger.warn(`${files.join(', ')}: ${warning}`));
  }

  private compose(variant: DockerfileVariant, builder: RustMuslImage): ImageBuild {
    let build: ImageBuild;
    try {
      build = variant.runtime.compose(builder);
    } catch (e) {
      throw new Error(`RustDockerfiles cannot render ${this.relative(variant.fileName)}: ${(e as Error).message}`);
    }
    const context = path.relative(this.project.outdir, build.contextDirectory).split(path.sep).join('/') || '.';
    if (context !== this.contextDirectory) {
      throw invalidValue('crateDirectory', this.crateDirectory, `the crate is a member of the Cargo workspace at ${context}, which is the build context`, `Set crateDirectory to "${context}" (and binaryName to pick the binary), or buildContextDirectory to "${context}".`);
    }
    return build;
  }

  private addSupportFile(filePath: string, content: string): void {
    const known = this.supportFiles.get(filePath);
    if (known !== undefined && known !== content) {
      throw new Error(`RustDockerfiles: two variants need different contents for ${filePath}; give them the same runtime user, or put them in different crate directories.`);
    }
    if (!this.project.tryFindFile(this.relative(filePath))) {
      new GeneratedFile(this.project, this.relative(filePath), { commentMarker: false, content: () => this.supportFiles.get(filePath)! });
    }
    this.supportFiles.set(filePath, content);
  }

  private buildOf(name: string): ImageBuild {
    const build = this.builds.get(name);
    if (!build) {
      throw new Error(`RustDockerfiles: variant "${name}" was not composed; it is composed in preSynthesize(), so synthesize the project with project.synth().`);
    }
    return build;
  }

  private firstBuild(): ImageBuild {
    return this.buildOf(this.variants[0]);
  }

  private relative(file: string): string {
    return this.contextDirectory === '.' ? file : `${this.contextDirectory}/${file}`;
  }

  private taskCwd(): string | undefined {
    return this.contextDirectory === '.' ? undefined : this.contextDirectory;
  }
}
