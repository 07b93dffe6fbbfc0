import { invalidValue } from '../core/errors';

/** Options of a custom runtime user. */
export interface RuntimeUserOptions {
  /** Numeric user id. */
  readonly uid: number;
  /**
   * Numeric group id.
   * @default - same as uid
   */
  readonly gid?: number;
  /**
   * User and group name written to `/etc/passwd` and `/etc/group`.
   * @default 'app'
   */
  readonly name?: string;
}

const NAME = /^[a-z_][a-z0-9_-]{0,31}$/;

/**
 * The user the service runs as. One value decides the Dockerfile `USER`, the
 * ownership of copied files, the `/etc/passwd` entry minimal images need, and
 * the ECS container user.
 *
 * @example
 * RuntimeUser.nonRoot();                          // 65532:65532 "nonroot"
 * RuntimeUser.of({ uid: 10001, name: 'taskapi' }); // 10001:10001
 */
export class RuntimeUser {
  /** The default non-root user, uid/gid 65532 named `nonroot` (as in distroless). */
  public static nonRoot(): RuntimeUser {
    return new RuntimeUser(65532, 65532, 'nonroot');
  }

  /** A custom non-root user. */
  public static of(options: RuntimeUserOptions): RuntimeUser {
    const gid = options.gid ?? options.uid;
    for (const [prop, id] of [['uid', options.uid], ['gid', gid]] as const) {
      if (typeof id !== 'number' || !Number.isInteger(id) || id < 1 || id > 2147483647) {
        throw invalidValue(`user ${prop}`, id, 'expected a whole number from 1 to 2147483647 (0 is root)', 'Pick an unused id such as 10001, or use RuntimeUser.root() to run as root deliberately.');
      }
    }
    const name = options.name ?? 'app';
    if (typeof name !== 'string' || !NAME.test(name)) {
      throw invalidValue('user name', name, 'expected a POSIX user name: lower-case letters, digits, "_" and "-", starting with a letter or "_", at most 32 characters', 'Choose a name such as "app".');
    }
    if (name === 'root') {
      throw invalidValue('user name', name, `"root" is uid 0 in every user database, and a second "root" with uid ${options.uid} would make names and ids disagree`, 'Choose another name such as "app", or use RuntimeUser.root() to run as root deliberately.');
    }
    return new RuntimeUser(options.uid, gid, name);
  }

  /** Root. Only by explicit choice: ECS and this library warn about it. */
  public static root(): RuntimeUser {
    return new RuntimeUser(0, 0, 'root');
  }

  private constructor(
    /** Numeric user id. */
    public readonly uid: number,
    /** Numeric group id. */
    public readonly gid: number,
    /** User and group name. */
    public readonly name: string,
  ) {}

  /** Whether this is root. */
  public get isRoot(): boolean {
    return this.uid === 0;
  }

  /** `uid:gid`, as Docker's `USER` and ECS's `user` take it. */
  public get spec(): string {
    return `${this.uid}:${this.gid}`;
  }

  /** The `/etc/passwd` line for this user (no home, no login shell). */
  public passwdLine(): string {
    return `${this.name}:x:${this.uid}:${this.gid}:${this.name}:/nonexistent:/sbin/nologin`;
  }

  /** The `/etc/group` line for this user's group. */
  public groupLine(): string {
    return `${this.name}:x:${this.gid}:`;
  }
}
