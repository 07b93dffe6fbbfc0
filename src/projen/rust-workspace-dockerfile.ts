import * as path from 'path';
import { Component, Project, Task } from 'projen';
import { addDockerTask, resetDockerTask } from './docker-task';
import { GeneratedFile } from './generated-file';
import { normalizeProjectPath } from './project-path';
import { shellCommand } from '../core/shell';
import { RustBuildOptions } from '../image/builder/rust-build-options';
import { ImageBuild } from '../image/image-build';
import { RustServiceDefinition, RustWorkspaceImages } from '../image/workspace/rust-workspace-images';

/** Options of `RustWorkspaceDockerfile`. */
export interface RustWorkspaceDockerfileOptions extends RustBuildOptions {
  /**
   * The Cargo workspace root, relative to the project: the build context,
   * where the Dockerfile, its support files and the `.dockerignore` go.
   * @default '.'
   */
  readonly crateDirectory?: string;
  /** The services: each binary gets a build target `runtime-<binary>` and a task `docker:build:<binary>`. */
  readonly services: RustServiceDefinition[];
  /**
   * File name of the Dockerfile.
   * @default 'Dockerfile'
   */
  readonly fileName?: string;
  /**
   * Image repository prefix: service images are tagged `<prefix><binary>:latest`.
   * @default - no prefix
   */
  readonly imagePrefix?: string;
}

/**
 * One Dockerfile for several services of a Cargo workspace in any projen
 * project: one dependency layer and builder stage for all of them, one
 * runtime stage (build target) per service, and a `docker:build:<binary>`
 * task per service (`docker:build` builds them all). The projen counterpart
 * of `RustWorkspaceServices`.
 *
 * @example
 * import { javascript } from 'projen';
 *
 * const project = new javascript.NodeProject({ name: 'platform', defaultReleaseBranch: 'main' });
 * new rust.RustWorkspaceDockerfile(project, {
 *   crateDirectory: 'services',
 *   services: [{ binaryName: 'api' }, { binaryName: 'worker' }],
 * });
 */
export class RustWorkspaceDockerfile extends Component {
  /** The Cargo workspace root, relative to the project. */
  public readonly crateDirectory: string;
  /** Task that builds every service's image. */
  public readonly buildTask: Task;
  private readonly options: RustWorkspaceDockerfileOptions;
  private readonly fileName: string;
  private readonly serviceTasks: Task[] = [];
  private builds: ImageBuild[] = [];

  constructor(project: Project, options: RustWorkspaceDockerfileOptions) {
    super(project);
    this.options = options;
    this.crateDirectory = normalizeProjectPath(options.crateDirectory ?? '.', 'crateDirectory');
    this.fileName = options.fileName ?? 'Dockerfile';
    const cwd = this.crateDirectory === '.' ? undefined : this.crateDirectory;
    new GeneratedFile(project, this.relative(this.fileName), { commentMarker: true, content: () => this.first().dockerfile });
    new GeneratedFile(project, this.relative('.dockerignore'), { commentMarker: true, content: () => this.first().dockerignore });
    this.buildTask = addDockerTask(project, 'docker:build', { description: 'Build every service image', cwd });
    for (const service of options.services) {
      // Its command is the composed image's build invocation, known in preSynthesize().
      const task = addDockerTask(project, `docker:build:${service.binaryName}`, {
        description: `Build the ${service.binaryName} image (target runtime-${service.binaryName})`,
        cwd,
      });
      this.serviceTasks.push(task);
      this.buildTask.spawn(task);
    }
  }

  /** Composes the workspace's images, now that the crates are on disk, and registers the support files. */
  public preSynthesize(): void {
    const { crateDirectory: _dir, services, fileName: _file, imagePrefix: _prefix, ...buildOptions } = this.options;
    const crateDirectory = path.join(this.project.outdir, this.crateDirectory);
    this.builds = new RustWorkspaceImages({ ...buildOptions, crateDirectory, services }).compose();
    const prefix = this.options.imagePrefix ?? '';
    this.builds.forEach((build, i) => resetDockerTask(this.serviceTasks[i], shellCommand(
      build.dockerBuildCommand({ dockerfileName: this.fileName, tags: [`${prefix}${build.binaryName}:latest`] }), 'docker argument')));
    for (const file of this.builds[0].supportFiles) {
      if (!this.project.tryFindFile(this.relative(file.path))) {
        const content = () => this.first().supportFiles.find((f) => f.path === file.path)!.content;
        new GeneratedFile(this.project, this.relative(file.path), { commentMarker: false, content });
      }
    }
    const warnings = new Set(this.builds.flatMap((b) => b.warnings.map((w) => `[${w.id}] ${w.message}`)));
    warnings.forEach((w) => this.project.logger.warn(w));
  }

  private first(): ImageBuild {
    if (this.builds.length === 0) throw new Error('RustWorkspaceDockerfile: the images are composed in preSynthesize(); synthesize the project with project.synth().');
    return this.builds[0];
  }

  private relative(file: string): string {
    return this.crateDirectory === '.' ? file : `${this.crateDirectory}/${file}`;
  }
}
