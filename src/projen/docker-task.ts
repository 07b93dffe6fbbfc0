import { Project, Task, TaskShell } from 'projen';
import { dockerEngineGuard } from './docker-commands';

/** What a `docker:*` task does, and where. @internal */
export interface DockerTaskOptions {
  /** What the task does; the description adds that it needs a Docker engine. */
  readonly description: string;
  /** The command, if the task runs one (a parent task spawns its subtasks instead). */
  readonly exec?: string;
  readonly cwd?: string;
  /** Whether `npx projen <task> -- args` appends the args to the command. */
  readonly receiveArgs?: boolean;
}

/**
 * A `docker:*` task: its description says it needs a running Docker engine,
 * and its first step checks for one (`dockerEngineGuard`). Its commands are
 * POSIX sh (quoting, redirects, `docker:smoke`'s loop), so they run under
 * `sh -c`: projen's own task shell rejects a `for` loop and a second redirect.
 * @internal
 */
export function addDockerTask(project: Project, name: string, options: DockerTaskOptions): Task {
  const task = project.addTask(name, {
    description: `${options.description} (needs a running Docker engine)`,
    cwd: options.cwd,
    shell: TaskShell.sh(),
    exec: dockerEngineGuard(name),
  });
  if (options.exec !== undefined) task.exec(options.exec, options.receiveArgs ? { receiveArgs: true } : undefined);
  return task;
}

/** Replaces the command of a `docker:*` task, keeping its engine check first. @internal */
export function resetDockerTask(task: Task, command: string): void {
  task.reset(dockerEngineGuard(task.name));
  task.exec(command);
}
