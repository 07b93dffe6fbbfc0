import { Instruction } from './instruction';
import { CopyOptions, HealthCheckInstructionOptions, MountType, RunMount, RunOptions, StageOptions } from './options';
import { execForm } from './quote';
import { renderDockerfile } from './render';
import { assertNoShellComment, assertPath, assertSeconds, PATTERNS } from './validate';
import { invalidValue } from '../core/errors';
import { parseImageReference } from '../core/image-ref';
import { assertPort } from '../core/numbers';
import { assertMatches, assertSingleLine } from '../core/text';

/**
 * One build stage: a FROM line and the instructions after it.
 *
 * Every method validates its input and returns the stage, so calls chain.
 */
export class DockerfileStage {
  /** Stage name, if any (`AS name`). */
  public readonly name?: string;
  /** Base image or earlier stage. */
  public readonly image: string;
  /** `--platform` of the FROM line, if any. */
  public readonly platform?: string;
  private readonly list: Instruction[] = [];

  constructor(options: StageOptions) {
    if (parseImageReference(options.image) === undefined && !PATTERNS.stageReference.test(options.image)) {
      throw invalidValue('image', options.image, 'expected an image reference such as "debian:trixie-slim" or the name of an earlier stage', 'Fix the base image.');
    }
    if (options.name !== undefined) {
      assertMatches(options.name, PATTERNS.stageName, 'stage name', 'a name of letters, digits, "_", "." and "-" starting with a letter');
    }
    if (options.platform !== undefined) {
      assertMatches(options.platform, PATTERNS.platform, 'platform', 'a platform such as "linux/arm64" or "$BUILDPLATFORM"');
    }
    this.image = options.image;
    this.name = options.name;
    this.platform = options.platform;
  }

  /** Adds a `# comment` line (for readers of the generated file). */
  public comment(text: string): DockerfileStage {
    assertSingleLine(text, 'comment');
    return this.push({ kind: 'comment', text });
  }

  /** Declares a build argument, optionally with a default value. */
  public arg(name: string, defaultValue?: string): DockerfileStage {
    assertMatches(name, PATTERNS.variableName, 'build argument name', 'a name of letters, digits and "_" not starting with a digit');
    if (defaultValue !== undefined) assertSingleLine(defaultValue, `build argument ${name}`);
    return this.push({ kind: 'arg', name, defaultValue });
  }

  /** Sets an environment variable. The value is quoted; `$` stays literal. */
  public env(name: string, value: string): DockerfileStage {
    assertMatches(name, PATTERNS.variableName, 'environment variable name', 'a name of letters, digits and "_" not starting with a digit');
    assertSingleLine(value, `environment variable ${name}`);
    return this.push({ kind: 'env', name, value });
  }

  /** Adds an image label. The value is quoted; `$` stays literal. */
  public label(key: string, value: string): DockerfileStage {
    assertMatches(key, PATTERNS.labelKey, 'label key', 'a key such as "org.opencontainers.image.title"');
    assertSingleLine(value, `label ${key}`);
    return this.push({ kind: 'label', key, value });
  }

  /**
   * Runs shell commands, joined with `&&` (one line each in the output).
   *
   * The commands are shell text written by the caller: quote values with
   * `shellQuote(value, prop)` first.
   */
  public run(commands: string[], options: RunOptions = {}): DockerfileStage {
    if (commands.length === 0) {
      throw invalidValue('run commands', commands, 'RUN needs at least one command', 'Pass one or more shell commands.');
    }
    for (const command of commands) {
      assertSingleLine(command, 'run command');
      if (command.trim() === '' || command.trimEnd().endsWith('\\')) {
        throw invalidValue('run command', command, 'a command may be neither empty nor end with a backslash (it would swallow the next line)', 'Remove the trailing backslash; pass separate commands instead.');
      }
      assertNoShellComment(command, 'run command');
    }
    return this.push({ kind: 'run', commands: [...commands], mounts: validateMounts(options.mounts) });
  }

  /** Copies files from the context, a stage or an image. */
  public copy(sources: string[], destination: string, options: CopyOptions = {}): DockerfileStage {
    if (sources.length === 0) {
      throw invalidValue('copy sources', sources, 'COPY needs at least one source', 'Pass one or more source paths.');
    }
    sources.forEach((source) => assertPath(source, 'copy source'));
    assertPath(destination, 'copy destination');
    if (options.fromStage !== undefined && parseImageReference(options.fromStage) === undefined) {
      assertMatches(options.fromStage, PATTERNS.stageReference, 'copy fromStage', 'a stage name or image reference');
    }
    if (options.chown !== undefined) {
      assertMatches(options.chown, PATTERNS.userSpec, 'copy chown', 'a user such as "65532:65532" or "app:app"');
    }
    return this.push({ kind: 'copy', sources: [...sources], destination, options: { ...options } });
  }

  /** Sets the working directory (an absolute path). */
  public workdir(path: string): DockerfileStage {
    assertPath(path, 'workdir');
    if (!path.startsWith('/')) {
      throw invalidValue('workdir', path, 'expected an absolute path', 'Use a path starting with "/", e.g. "/app".');
    }
    return this.push({ kind: 'workdir', path });
  }

  /** Sets the user (`name`, `uid` or `uid:gid`) of the following instructions and the container. */
  public user(user: string): DockerfileStage {
    assertMatches(user, PATTERNS.userSpec, 'user', 'a user such as "65532:65532" or "nonroot"');
    return this.push({ kind: 'user', user });
  }

  /** Documents a listening TCP port. */
  public expose(port: number): DockerfileStage {
    assertPort(port, 'port');
    return this.push({ kind: 'expose', port });
  }

  /** Sets the container health check (exec form). */
  public healthcheck(options: HealthCheckInstructionOptions): DockerfileStage {
    execForm(options.command, 'healthcheck command');
    assertSeconds(options.intervalSeconds, 'healthcheck intervalSeconds');
    assertSeconds(options.timeoutSeconds, 'healthcheck timeoutSeconds');
    assertSeconds(options.startPeriodSeconds, 'healthcheck startPeriodSeconds', 0);
    if (options.retries !== undefined && !(Number.isInteger(options.retries) && options.retries > 0 && options.retries <= 100)) {
      throw invalidValue('healthcheck retries', options.retries, 'expected a whole number from 1 to 100', 'Set retries to e.g. 3.');
    }
    return this.push({ kind: 'healthcheck', options: { ...options, command: [...options.command] } });
  }

  /** Disables any health check inherited from the base image (`HEALTHCHECK NONE`). */
  public healthcheckNone(): DockerfileStage {
    return this.push({ kind: 'healthcheck' });
  }

  /** Sets the entrypoint (exec form). */
  public entrypoint(argv: string[]): DockerfileStage {
    execForm(argv, 'entrypoint');
    return this.push({ kind: 'entrypoint', argv: [...argv] });
  }

  /** Sets the default arguments (exec form). */
  public cmd(argv: string[]): DockerfileStage {
    argv.forEach((arg, i) => assertSingleLine(arg, `cmd[${i}]`));
    if (argv.length === 0) throw invalidValue('cmd', argv, 'CMD needs at least one argument', 'Pass arguments, or none at all.');
    return this.push({ kind: 'cmd', argv: [...argv] });
  }

  /** Sets the signal that stops the container. */
  public stopSignal(signal: string): DockerfileStage {
    assertMatches(signal, PATTERNS.signal, 'stopSignal', 'a signal such as "SIGTERM"');
    return this.push({ kind: 'stopsignal', signal });
  }

  /** The instructions, in order. */
  public instructions(): readonly Instruction[] {
    return this.list;
  }

  private push(instruction: Instruction): DockerfileStage {
    this.list.push(instruction);
    return this;
  }
}

/**
 * A Dockerfile: a header and stages, rendered deterministically with one
 * renderer that owns all Dockerfile syntax and quoting.
 */
export class Dockerfile {
  private readonly header: string[] = [];
  private readonly stageList: DockerfileStage[] = [];

  /**
   * Adds a comment line at the top of the file. Text shaped like a parser
   * directive (`key=value`, e.g. `escape=` or `syntax=`) is refused: at the
   * top of the file Docker would obey it.
   */
  public addHeaderComment(text: string): Dockerfile {
    assertSingleLine(text, 'header comment');
    if (/^\s*[A-Za-z0-9_-]+\s*=/.test(text)) {
      throw invalidValue('header comment', text, 'a comment of the form "key=value" at the top of a Dockerfile is a parser directive', 'Reword the comment.');
    }
    this.header.push(text);
    return this;
  }

  /**
   * Adds a stage; the last stage is the image that `docker build` produces.
   * A stage may be built from an earlier stage, never from itself or a later one.
   */
  public addStage(options: StageOptions): DockerfileStage {
    const names = this.stageList.map((s) => s.name?.toLowerCase());
    if (options.name !== undefined && names.includes(options.name.toLowerCase())) {
      throw invalidValue('stage name', options.name, 'another stage already has this name', 'Give every stage a unique name.');
    }
    if (options.name !== undefined && options.image.toLowerCase() === options.name.toLowerCase()) {
      throw invalidValue('image', options.image, `a stage cannot be built from itself (stage "${options.name}")`, 'Use another base image.');
    }
    const stage = new DockerfileStage(options);
    this.stageList.push(stage);
    return stage;
  }

  /** The stages, in order. */
  public get stages(): DockerfileStage[] {
    return [...this.stageList];
  }

  /** Renders the Dockerfile text. Same model, byte-identical output. */
  public render(): string {
    this.stageList.forEach((stage, i) => {
      const later = this.stageList.slice(i).find((s) => s.name !== undefined && s.name.toLowerCase() === stage.image.toLowerCase());
      if (later) {
        throw invalidValue('image', stage.image, `it names the stage "${later.name}", which is not defined before it`, 'Use an image reference, or the name of an earlier stage.');
      }
    });
    return renderDockerfile({ header: this.header, stages: this.stageList }).join('\n') + '\n';
  }
}

function validateMounts(mounts: RunMount[] = []): RunMount[] {
  for (const mount of mounts) {
    if (mount.target !== undefined) assertPath(mount.target, 'mount target');
    if (mount.mountType !== MountType.SSH && mount.target === undefined) {
      throw invalidValue('mount target', mount.target, `a ${mount.mountType} mount needs a target`, 'Set target.');
    }
    for (const [prop, value] of [['mount id', mount.id], ['mount fromStage', mount.fromStage], ['mount source', mount.source], ['mount target', mount.target]] as const) {
      if (value !== undefined) {
        assertMatches(value, PATTERNS.mountValue, prop, 'a value without spaces, commas, quotes or "="');
      }
    }
  }
  return mounts.map((m) => ({ ...m }));
}
