import { shellCommand } from '../core/shell';
import { ImageBuild } from '../image/image-build';
import { HealthCheck, HealthCheckKind } from '../model/health-check';

// The docker CLI commands behind the projen tasks, as data: argument vectors
// quoted once, here, at the edge.

const sh = (argv: string[]): string => shellCommand(argv, 'docker argument');

/** What the docker tasks of one crate need to know. @internal */
export interface DockerCommandContext {
  /** Image repository name, e.g. `my-svc`. */
  readonly imageName: string;
  /** Docker platform of every variant, e.g. `linux/arm64`. */
  readonly platform: string;
  /** Port the service listens on. */
  readonly port: number;
  /** The images' health check: `docker:smoke` requests its HTTP path, or waits for Docker's health status. */
  readonly healthCheck: HealthCheck;
}

/** `docker build` of one variant, run in the build context: the image build's own invocation, quoted here. @internal */
export function buildCommand(ctx: DockerCommandContext, build: ImageBuild, fileName: string, variant: string): string {
  return sh(build.dockerBuildCommand({ dockerfileName: fileName, tags: [`${ctx.imageName}:${variant}`] }));
}

/**
 * The guide's size table, limited to this image: `reference=<name>` matches
 * every tag of that repository and no other repository (unlike `grep`).
 * @internal
 */
export function sizesCommand(ctx: DockerCommandContext): string {
  return sh(['docker', 'images', '--filter', `reference=${ctx.imageName}`, '--format', 'table {{.Repository}}:{{.Tag}}\t{{.Size}}']);
}

/** Name of the container `docker:run` starts. @internal */
export function containerName(ctx: DockerCommandContext): string {
  return ctx.imageName;
}

/** Starts `variant` in the background, publishing the port on localhost. @internal */
export function runCommand(ctx: DockerCommandContext, variant: string): string {
  return sh([
    'docker', 'run', '-d', '--rm',
    '--name', containerName(ctx),
    '--platform', ctx.platform,
    '-p', `127.0.0.1:${ctx.port}:${ctx.port}`,
    `${ctx.imageName}:${variant}`,
  ]);
}

/** Stops and removes the container `docker:run` started. @internal */
export function stopCommand(ctx: DockerCommandContext): string {
  return sh(['docker', 'rm', '-f', containerName(ctx)]);
}

/**
 * Waits until the running service is healthy: for an HTTP check, requests
 * its path until it answers 2xx (the service needs a moment to bind after
 * `docker run -d`; `--retry-all-errors` also retries the resets Docker's
 * port proxy answers before the service listens); for a command check,
 * waits for Docker's own health status; without a check, requests `/`.
 * @internal
 */
export function smokeCommand(ctx: DockerCommandContext): string {
  const check = ctx.healthCheck;
  if (check.kind === HealthCheckKind.EXEC) {
    const inspect = sh(['docker', 'inspect', '--format', '{{.State.Health.Status}}', containerName(ctx)]);
    return `for i in $(seq 1 60); do [ "$(${inspect})" = healthy ] && exit 0; sleep 1; done; echo 'the container did not become healthy within 60 s' >&2; exit 1`;
  }
  return sh([
    'curl', '-fsS',
    '--retry', '30', '--retry-delay', '1', '--retry-all-errors', '--max-time', '5',
    `http://localhost:${ctx.port}${check.path ?? '/'}`,
  ]);
}

/**
 * The first step of every `docker:*` task: when no Docker engine answers
 * (or there is no docker CLI), one line that names the task and what to
 * start, instead of Docker's bare "Cannot connect to the Docker daemon".
 * POSIX sh, quoted once here.
 * @internal
 */
export function dockerEngineGuard(taskName: string): string {
  const message = `${taskName} needs a running Docker engine, and none answers: start Docker Desktop or the Docker service (e.g. sudo systemctl start docker), `
    + 'or set DOCKER_HOST to an engine that runs (install Docker first if there is no docker command).';
  return `${sh(['docker', 'info'])} >/dev/null 2>&1 || { ${shellCommand(['printf', '%s\\n', message], 'task name')} >&2; exit 1; }`;
}
