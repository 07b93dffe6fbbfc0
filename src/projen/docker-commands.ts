import { quote, QuoteContext } from '../dockerfile/quote';

// The docker CLI commands behind the projen tasks, as data: argument vectors
// quoted once, here, at the edge.

const sh = (argv: string[]): string => argv.map((a) => quote(a, QuoteContext.SHELL, 'docker argument')).join(' ');

/** What the docker tasks of one crate need to know. @internal */
export interface DockerCommandContext {
  /** Image repository name, e.g. `my-svc`. */
  readonly imageName: string;
  /** Docker platform of every variant, e.g. `linux/arm64`. */
  readonly platform: string;
  /** Port the service listens on. */
  readonly port: number;
  /** Path the smoke check requests. */
  readonly healthPath: string;
}

/** `docker build` of one variant, run in the build context. @internal */
export function buildCommand(ctx: DockerCommandContext, fileName: string, variant: string): string {
  return sh(['docker', 'build', '--platform', ctx.platform, '-f', fileName, '-t', `${ctx.imageName}:${variant}`, '.']);
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
 * Requests the health path until it answers 2xx: the service needs a moment
 * to bind after `docker run -d` returns. `--retry-all-errors` also retries
 * the resets Docker's port proxy answers before the service listens.
 * @internal
 */
export function smokeCommand(ctx: DockerCommandContext): string {
  return sh([
    'curl', '-fsS',
    '--retry', '30', '--retry-delay', '1', '--retry-all-errors', '--max-time', '5',
    `http://localhost:${ctx.port}${ctx.healthPath}`,
  ]);
}
