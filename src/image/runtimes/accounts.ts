import { shellQuote } from '../../core/shell';
import { Dockerfile } from '../../dockerfile/dockerfile';
import { RuntimeUser } from '../../model/runtime-user';
import { TOOLCHAIN_STAGE } from '../stages/toolchain-stage';

/** Name of the stage that writes the user database of images without one. */
export const ACCOUNTS_STAGE = 'accounts';

/** The accounts stage of one image (one per service in a workspace build). */
export function accountsStageName(suffix: string): string {
  return `${ACCOUNTS_STAGE}${suffix}`;
}

/** The system entries an image's user database starts with. */
export interface SystemAccount {
  readonly passwd: string;
  readonly group: string;
}

/** Only root: what a scratch image needs besides the service's user. */
export const ROOT_ONLY: SystemAccount[] = [{ passwd: 'root:x:0:0:root:/root:/sbin/nologin', group: 'root:x:0:' }];

/**
 * The stage that writes `/accounts/etc/passwd` and `/accounts/etc/group`
 * for images without a user database (or whose database lacks the user): the
 * system entries, then the service's user. A stage of its own, so a change of
 * user never reaches the stages the service is compiled in.
 */
export function renderAccountsStage(
  dockerfile: Dockerfile, user: RuntimeUser, system: SystemAccount[], why: string, suffix: string, withTmp: boolean = false,
): string {
  const others = user.isRoot ? [] : [user];
  const words = (entries: string[]) => entries.map((e) => shellQuote(e, 'user')).join(' ');
  const name = accountsStageName(suffix);
  dockerfile.addStage({ image: TOOLCHAIN_STAGE, name })
    .comment(why)
    .run([
      'mkdir -p /accounts/etc',
      // A world-writable, sticky /tmp, as every Linux image has (and a read-only root file system mounts over).
      ...(withTmp ? ['mkdir -m 1777 /accounts/tmp'] : []),
      `printf '%s\\n' ${words([...system.map((s) => s.passwd), ...others.map((u) => u.passwdLine())])} > /accounts/etc/passwd`,
      `printf '%s\\n' ${words([...system.map((s) => s.group), ...others.map((u) => u.groupLine())])} > /accounts/etc/group`,
    ]);
  return name;
}

/**
 * Shell commands that add the service's user to an image's own user
 * database with nothing but a POSIX shell, `grep` and `printf` (no
 * `adduser`): they fail the build when the base already has that name or id.
 */
export function appendAccountCommands(user: RuntimeUser): string[] {
  if (user.isRoot) return [];
  const clash = shellQuote(`^(${user.name}:|[^:]*:[^:]*:${user.uid}:)`, 'user');
  const groupClash = shellQuote(`^(${user.name}:|[^:]*:[^:]*:${user.gid}:)`, 'user');
  const message = (what: string) => shellQuote(`cdk-rust-image: the base image already has a ${what} named ${user.name} or with id ${what === 'user' ? user.uid : user.gid}; choose another RuntimeUser`, 'user');
  return [
    `if grep -qE ${clash} /etc/passwd; then echo ${message('user')} >&2; exit 1; fi`,
    `if grep -qE ${groupClash} /etc/group; then echo ${message('group')} >&2; exit 1; fi`,
    `printf '%s\\n' ${shellQuote(user.passwdLine(), 'user')} >> /etc/passwd`,
    `printf '%s\\n' ${shellQuote(user.groupLine(), 'user')} >> /etc/group`,
  ];
}
