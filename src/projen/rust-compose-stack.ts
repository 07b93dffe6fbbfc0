import * as path from 'path';
import { Component, Project, Task } from 'projen';
import { composeCommand, ComposeCommandContext } from './compose-commands';
import { addDockerTask } from './docker-task';
import { GeneratedFile } from './generated-file';
import { normalizeProjectPath } from './project-path';
import { RustDockerfiles } from './rust-dockerfiles';
import { invalidValue } from '../core/errors';
import { ComposeStack } from '../local/compose-stack';
import { assertServiceName, suggestedServiceName } from '../local/compose-validation';
import { LocalStackOptions } from '../local/local-stack-options';

/** Options of `RustComposeStack`: what the service needs around it, and the local values. */
export interface RustComposeStackOptions extends LocalStackOptions {
  /**
   * The `RustDockerfiles` whose image the stack builds.
   * @default - the project's (`RustDockerfiles.of(project)`)
   */
  readonly dockerfiles?: RustDockerfiles;
  /**
   * The Dockerfile variant the stack builds and runs.
   * @default - the production variant (`prod`, else the first)
   */
  readonly variant?: string;
  /**
   * Directory of compose.yaml and prometheus.yml, relative to the project;
   * the stack:* tasks run there.
   * @default '.'
   */
  readonly directory?: string;
  /**
   * Compose project name (`-p`): containers, network and volume carry it.
   * @default - the service name
   */
  readonly projectName?: string;
}

/**
 * The service's local stack in a projen project: `compose.yaml` (and
 * `prometheus.yml` with metrics) rendered by `ComposeStack` from the image of
 * one `RustDockerfiles` variant and the same service stack options as the
 * AWS service, plus tasks `stack:up` (build and start, in the background),
 * `stack:down` (stop and remove; the database volume stays) and
 * `stack:logs` (arguments go to `logs`, e.g. `-- -f`). The tasks use Compose
 * v2 (`docker compose`) when it is installed, else docker-compose 1.29.
 *
 * @example
 * const project = new rust.RustServiceProject({ name: 'task-api' });
 * new rust.RustComposeStack(project, {
 *   database: ServiceDatabase.postgres(),
 *   migrations: Migrations.serviceBinary(['migrate']),
 *   metrics: ServiceMetrics.prometheus(),
 *   environment: { RUST_LOG: 'info' },
 * });
 */
export class RustComposeStack extends Component {
  /** Directory of compose.yaml, relative to the project. */
  public readonly directory: string;
  /** The compose project name of the tasks. */
  public readonly projectName: string;
  /** Task that builds and starts the stack. */
  public readonly upTask: Task;
  private readonly options: RustComposeStackOptions;
  private readonly dockerfiles: RustDockerfiles;

  constructor(project: Project, options: RustComposeStackOptions = {}) {
    super(project);
    const dockerfiles = options.dockerfiles ?? RustDockerfiles.of(project);
    if (!dockerfiles) {
      throw invalidValue('dockerfiles', undefined, 'the project has no RustDockerfiles, whose image the stack builds', 'Add a RustDockerfiles to the project first, or pass it as dockerfiles.');
    }
    this.dockerfiles = dockerfiles;
    this.options = options;
    this.directory = normalizeProjectPath(options.directory ?? '.', 'directory');
    if (options.variant !== undefined && !dockerfiles.variants.includes(options.variant)) {
      throw invalidValue('variant', options.variant, `the RustDockerfiles has the variants ${dockerfiles.variants.join(', ')}`, 'Pick one of them, or add it with addVariant() first.');
    }
    if (options.serviceName !== undefined) assertServiceName(options.serviceName, 'serviceName', []);
    this.projectName = options.projectName ?? options.serviceName ?? suggestedServiceName(dockerfiles.imageName);
    assertServiceName(this.projectName, 'projectName', []);

    // Both files change without a change to the service: out of the build context, they never invalidate its layers.
    if (path.posix.normalize(this.directory) === dockerfiles.contextDirectory) {
      dockerfiles.addIgnorePatterns(ComposeStack.COMPOSE_FILE, ComposeStack.PROMETHEUS_FILE);
    }
    new GeneratedFile(project, this.relative(ComposeStack.COMPOSE_FILE), { commentMarker: true, content: () => this.stack().composeYaml });
    if (options.metrics) {
      new GeneratedFile(project, this.relative(ComposeStack.PROMETHEUS_FILE), { commentMarker: true, content: () => this.stack().prometheusYaml! });
    }

    const ctx: ComposeCommandContext = { projectName: this.projectName, composeFile: ComposeStack.COMPOSE_FILE };
    const cwd = this.directory === '.' ? undefined : this.directory;
    this.upTask = addDockerTask(project, 'stack:up', {
      description: 'Build the service and start the local stack (compose.yaml) in the background',
      exec: composeCommand('stack:up', ctx, ['up', '-d', '--build']),
      cwd,
    });
    addDockerTask(project, 'stack:down', {
      description: 'Stop and remove the local stack (the database volume stays; `-- -v` removes it)',
      exec: composeCommand('stack:down', ctx, ['down'], true),
      cwd,
      receiveArgs: true,
    });
    addDockerTask(project, 'stack:logs', {
      description: 'Show the local stack\'s logs (`-- -f` follows them)',
      exec: composeCommand('stack:logs', ctx, ['logs'], true),
      cwd,
      receiveArgs: true,
    });
  }

  /** The stack, rendered from the variant's image, which RustDockerfiles composes in preSynthesize(). */
  private stack(): ComposeStack {
    const variant = this.options.variant ?? this.dockerfiles.productionVariant;
    const { dockerfiles: _d, variant: _v, directory: _dir, projectName: _p, ...props } = this.options;
    try {
      return new ComposeStack({
        ...props,
        imageBuild: this.dockerfiles.imageBuildOf(variant),
        directory: path.join(this.project.outdir, this.directory),
        dockerfileName: this.dockerfiles.dockerfileNameOf(variant),
        serviceName: props.serviceName ?? suggestedServiceName(this.dockerfiles.imageName),
      });
    } catch (e) {
      throw new Error(`RustComposeStack cannot render ${this.relative(ComposeStack.COMPOSE_FILE)}: ${(e as Error).message}`);
    }
  }

  private relative(file: string): string {
    return this.directory === '.' ? file : `${this.directory}/${file}`;
  }
}
