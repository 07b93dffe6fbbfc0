import { invalidValue } from '../../core/errors';
import { assertInteger } from '../../core/numbers';
import { assertSingleLine } from '../../core/text';

/** Options of the migrations step. */
export interface MigrationsOptions {
  /**
   * How long the migrations may take before the deployment (or the local
   * stack) gives up on them, in seconds.
   * @default - no limit of the library's own (ECS's and Compose's apply)
   */
  readonly timeoutSeconds?: number;
}

/**
 * The service's schema migrations: a one-shot run of the service's own
 * image, with these arguments, that must succeed before the service starts.
 * On AWS it is a non-essential container of the same task that the service
 * container depends on (condition SUCCESS), so a failed migration stops the
 * new tasks from starting and the deployment circuit breaker rolls back to
 * the version that is serving; locally it is a compose service that the
 * service depends on (`service_completed_successfully`).
 *
 * The step runs whenever a task (or the local stack) starts, so migrations
 * must skip what was already applied and take a lock against concurrent
 * runs (e.g. a `schema_migrations` table and `pg_advisory_lock`).
 *
 * @example
 * Migrations.serviceBinary();                         // <binary> migrate
 * Migrations.serviceBinary(['db', 'migrate', '--all']);
 */
export class Migrations {
  /** The name of the migrations container, on AWS and in the local stack. */
  public static readonly CONTAINER_NAME: string = 'migrations';

  /**
   * Runs the service's binary with `args` (its `ENTRYPOINT` is the binary).
   *
   * @param args the arguments that make the binary migrate and exit
   * @default ['migrate']
   */
  public static serviceBinary(args?: string[], options: MigrationsOptions = {}): Migrations {
    const command = args ?? ['migrate'];
    if (!Array.isArray(command) || command.length === 0) {
      throw invalidValue('migrations command', command, 'the migrations need at least one argument, or the service itself would start', 'Pass the arguments that make your binary migrate and exit, e.g. ["migrate"].');
    }
    command.forEach((arg, i) => {
      assertSingleLine(arg, `migrations command[${i}]`);
      if (arg === '') throw invalidValue(`migrations command[${i}]`, arg, 'an empty argument', 'Remove it, or pass the argument your binary expects.');
    });
    return new Migrations([...command], options);
  }

  /**
   * Seconds the migrations may take.
   * @default - no limit of the library's own
   */
  public readonly timeoutSeconds?: number;

  private constructor(
    /** The arguments the binary runs with. */
    public readonly command: string[],
    options: MigrationsOptions,
  ) {
    if (options.timeoutSeconds !== undefined) {
      assertInteger(options.timeoutSeconds, 1, 86400, 'migrations timeoutSeconds', 'Set the longest time your migrations may take, e.g. 120.');
    }
    this.timeoutSeconds = options.timeoutSeconds;
  }
}
