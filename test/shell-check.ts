import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse as shellQuoteParse } from 'shell-quote';
import { tempDir } from './util';

/*
 * How a value of a RUN line reaches the program that runs it, checked the
 * way Docker and /bin/sh read the line: continuation lines joined as
 * Docker's parser joins them, then the command run by /bin/sh with every
 * program replaced by a stub that records its argv. `shell-quote` parses
 * the same command as a second opinion.
 */

/** One RUN instruction: its flags (`--mount=...`) and the shell command Docker hands to `/bin/sh -c`. */
export interface RunInstruction {
  readonly flags: string[];
  readonly command: string;
}

/**
 * The shell-form RUN instructions of a Dockerfile. As in Docker's parser, a
 * trailing backslash (and spaces after it) joins the next line, a
 * continuation line whose first non-blank character is `#` is dropped as a
 * comment, and so is an empty one.
 */
export function runInstructions(dockerfile: string): RunInstruction[] {
  const lines = dockerfile.split('\n');
  const out: RunInstruction[] = [];
  const continued = /\\[ \t]*$/;
  for (let i = 0; i < lines.length; i++) {
    if (!/^RUN\s/i.test(lines[i])) continue;
    let text = lines[i].replace(continued, '');
    let open = continued.test(lines[i]);
    while (open && i + 1 < lines.length) {
      const next = lines[++i];
      if (/^\s*#/.test(next) || next.trim() === '') continue;
      open = continued.test(next);
      text += next.replace(continued, '');
    }
    const rest = text.replace(/^RUN\s+/i, '');
    const flags: string[] = [];
    let command = rest;
    for (let m = /^(--\S+)\s+/.exec(command); m; m = /^(--\S+)\s+/.exec(command)) {
      flags.push(m[1]);
      command = command.slice(m[0].length);
    }
    if (command.trimStart().startsWith('[')) continue; // exec form
    out.push({ flags, command });
  }
  return out;
}

/** A program call that a stubbed run recorded. */
export interface StubbedCall {
  readonly program: string;
  readonly args: string[];
}

// Every program the generated RUN lines call; `grep` answers "no match" so that the user-database checks pass.
const STUBS = [
  'addgroup', 'adduser', 'apk', 'apt-get', 'cargo', 'cat', 'chown', 'cp', 'curl', 'dpkg', 'grep', 'groupadd', 'ln', 'mkdir',
  'rm', 'rustup', 'sh', 'sha256sum', 'tar', 'uname', 'useradd', 'zig',
  // Builtins with output, recorded too.
  'printf', 'echo',
];
const FAILING_STUBS = ['grep'];
// util-linux's setpriv drops root to `nobody` for the stubbed runs (the stubs' PATH does not hold it).
const SETPRIV = (process.env.PATH ?? '/usr/bin:/bin').split(':').map((dir) => path.join(dir, 'setpriv')).find((file) => fs.existsSync(file));

/** The shell text that records one call of `name` and returns its status. */
function recordCall(name: string): string {
  return `{ command printf '%s\\0' ${JSON.stringify(name)} "$@"; command printf '\\001'; } >> "$STUB_LOG"; return ${FAILING_STUBS.includes(name) ? 1 : 0}`;
}

/**
 * Runs each command with /bin/sh, every program a stub that records its
 * argv (NUL between arguments, U+0001 after a call, U+0002 after a
 * command; accepted values hold no control characters). Stubs are shell
 * functions (scripts on PATH for names a function cannot have, such as
 * `apt-get`). Nothing the commands name is executed: the stubs are the only
 * programs on PATH, the library's absolute redirection targets are moved
 * into a scratch folder, the working directory is that folder, and as root
 * the shell runs as `nobody`, so even a broken quoting cannot write outside it.
 */
export function stubbedCalls(commands: string[]): StubbedCall[][] {
  const dir = tempDir('sh-');
  const bin = path.join(dir, 'bin');
  const root = path.join(dir, 'root');
  const log = path.join(dir, 'log');
  for (const sub of [bin, root, path.join(root, 'accounts', 'etc'), path.join(root, 'etc')]) fs.mkdirSync(sub, { recursive: true });
  const functions: string[] = [];
  for (const name of STUBS) {
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      functions.push(`${name}() { ${recordCall(name)}; }`);
    } else {
      fs.writeFileSync(path.join(bin, name), `#!/bin/sh\nstub() { ${recordCall(name)}; }\nstub "$@"\n`, { mode: 0o755 });
    }
  }
  commands.forEach((command, i) => {
    // Only the library's own targets: user values never reach a redirection unquoted.
    const mapped = command.replace(/(>>?)\s*\/(accounts|etc)\//g, (_m, op: string, top: string) => `${op} ${root}/${top}/`);
    fs.writeFileSync(path.join(dir, `command.${i}`), `${mapped}\n`);
  });
  // One shell: each command is read in a subshell of its own (its `exit` or syntax error ends only that subshell).
  const driver = [
    ...functions,
    ...commands.map((_c, i) => `( . ${dir}/command.${i} ) </dev/null >/dev/null 2>&1; command printf '\\002' >> "$STUB_LOG"`),
  ].join('\n');
  fs.writeFileSync(log, '');
  for (const entry of [dir, root, path.join(root, 'accounts'), path.join(root, 'accounts', 'etc'), path.join(root, 'etc')]) fs.chmodSync(entry, 0o777);
  fs.chmodSync(log, 0o666);
  const asNobody = process.getuid?.() === 0 && SETPRIV !== undefined ? [SETPRIV, '--reuid=65534', '--regid=65534', '--clear-groups', '--'] : [];
  execFileSync(asNobody[0] ?? '/bin/sh', [...asNobody.slice(1), ...(asNobody.length > 0 ? ['/bin/sh'] : []), '-c', driver], {
    cwd: dir,
    env: { PATH: bin, STUB_LOG: log },
    stdio: 'ignore',
  });
  const text = fs.readFileSync(log, 'utf8');
  return text.split('\u0002').slice(0, commands.length).map((perCommand) => perCommand.split('\u0001').slice(0, -1).map((call) => {
    const [program, ...args] = call.split('\0').slice(0, -1);
    return { program, args };
  }));
}

/** The calls of one stubbed program in one command, e.g. every `cargo` call. */
export function callsOf(calls: StubbedCall[], program: string): string[][] {
  return calls.filter((c) => c.program === program).map((c) => c.args);
}

/**
 * The simple commands of a shell command as the `shell-quote` package
 * parses them (split at `&&`, `||`, `;`, `|`, `&`, and the words of `for`
 * and `if` kept as words). Anything that is not a plain word (a glob, a
 * comment, a redirection) becomes a `«...»` marker no value can equal.
 * Variables are left as `$name`.
 */
export function shellQuoteCommands(command: string): string[][] {
  const entries = shellQuoteParse(command, (key: string) => `$${key}`);
  const commands: string[][] = [[]];
  for (const entry of entries) {
    if (typeof entry === 'string') {
      commands[commands.length - 1].push(entry);
    } else if ('op' in entry && ['&&', '||', ';', '|', '&', ';;'].includes(entry.op)) {
      commands.push([]);
    } else {
      commands[commands.length - 1].push(`«${JSON.stringify(entry)}»`);
    }
  }
  return commands.filter((c) => c.length > 0);
}
