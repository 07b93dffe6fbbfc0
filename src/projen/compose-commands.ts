import { shellCommand } from '../core/shell';

// The compose commands behind the stack:* tasks, as data: argument vectors
// quoted once, here, at the edge. POSIX sh.

/** What the stack tasks need to know. @internal */
export interface ComposeCommandContext {
  /** `-p`: the containers, network and volume carry it. */
  readonly projectName: string;
  /** `-f`, relative to the task's directory. */
  readonly composeFile: string;
}

const sh = (argv: string[]): string => shellCommand(argv, 'compose argument');

/**
 * Picks the Compose that is installed when the task runs, Compose v2 (`docker
 * compose`) first, else docker-compose 1.29 with BuildKit builds through the
 * docker CLI (its default, the engine API's classic builder, knows no `RUN
 * --mount` or `FROM --platform=$BUILDPLATFORM`), into `$compose` (fixed words,
 * split on purpose). Not "$@": projen puts a task's arguments there.
 * @internal
 */
export function composeSelection(taskName: string): string {
  const missing = `${taskName} needs Docker Compose, and found neither \`docker compose\` (v2) nor docker-compose: install the Docker Compose plugin (or Docker Desktop), or docker-compose 1.29 (e.g. apt-get install docker-compose).`;
  return [
    `if ${sh(['docker', 'compose', 'version'])} >/dev/null 2>&1; then compose='docker compose'`,
    'elif command -v docker-compose >/dev/null 2>&1; then compose=\'env COMPOSE_DOCKER_CLI_BUILD=1 DOCKER_BUILDKIT=1 docker-compose\'',
    `else ${sh(['printf', '%s\\n', missing])} >&2; exit 1; fi`,
  ].join('; ');
}

/**
 * `<compose> -p <project> -f <file> <args...>` after the selection; with
 * `taskArgs`, the task's own arguments follow, quoted by projen (`"$@"`).
 * @internal
 */
export function composeCommand(taskName: string, ctx: ComposeCommandContext, args: string[], taskArgs: boolean = false): string {
  return `${composeSelection(taskName)}; $compose ${sh(['-p', ctx.projectName, '-f', ctx.composeFile, ...args])}${taskArgs ? ' "$@"' : ''}`;
}
