import { Instruction } from './instruction';
import { CopyOptions, HealthCheckInstructionOptions, Protocol, RunMount, RunOptions, StageOptions } from './options';
import { assertNoControlCharacters, execForm, invalidValue } from './quote';
import { renderDockerfile } from './render';
import { assertMatches, assertPath, assertPort, assertSeconds, PATTERNS } from './validate';

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
  private readonly instructions: Instruction[] = [];

  constructor(options: StageOptions) {
    assertMatches(options.image, PATTERNS.image, 'image', 'an image reference such as "debian:bookworm-slim" or a stage name');
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
    assertNoControlCharacters(text, 'comment');
    return this.push({ kind: 'comment', text });
  }

  /** Declares a build argument, optionally with a default value. */
  public arg(name: string, defaultValue?: string): DockerfileStage {
    assertMatches(name, PATTERNS.variableName, 'build argument name', 'a name of letters, digits and "_" not starting with a digit');
    if (defaultValue !== undefined) {
      assertNoControlCharacters(defaultValue, `build argument ${name}`);
    }
    return this.push({ kind: 'arg', name, defaultValue });
  }

  /** Sets an environment variable. The value is quoted; `$` stays literal. */
  public env(name: string, value: string): DockerfileStage {
    assertMatches(name, PATTERNS.variableName, 'environment variable name', 'a name of letters, digits and "_" not starting with a digit');
    assertNoControlCharacters(value, `environment variable ${name}`);
    return this.push({ kind: 'env', name, value });
  }

  /** Adds an image label. The value is quoted; `$` stays literal. */
  public label(key: string, value: string): DockerfileStage {
    assertMatches(key, PATTERNS.labelKey, 'label key', 'a key such as "org.opencontainers.image.title"');
    assertNoControlCharacters(value, `label ${key}`);
    return this.push({ kind: 'label', key, value });
  }

  /**
   * Runs shell commands, joined with `&&` (one line each in the output).
   *
   * The commands are shell text written by the caller: quote user values
   * with `quote(value, QuoteContext.SHELL, prop)` first.
   */
  public run(commands: string[], options: RunOptions = {}): DockerfileStage {
    if (commands.length === 0) {
      throw invalidValue('run commands', commands, 'RUN needs at least one command', 'Pass one or more shell commands.');
    }
    for (const command of commands) {
      assertNoControlCharacters(command, 'run command');
      if (command.trim() === '' || command.trimEnd().endsWith('\\')) {
        throw invalidValue('run command', command, 'a command may be neither empty nor end with a backslash (it would swallow the next line)', 'Remove the trailing backslash; pass separate commands instead.');
      }
    }
    return this.push({ kind: 'run', commands: [...commands], mounts: validateMounts(options.mounts) });
  }

  /** Runs a program without a shell (exec form). */
  public runExec(argv: string[], options: RunOptions = {}): DockerfileStage {
    execForm(argv, 'run argv');
    return this.push({ kind: 'run-exec', argv: [...argv], mounts: validateMounts(options.mounts) });
  }

  /** Copies files from the context, a stage or an image. */
  public copy(sources: string[], destination: string, options: CopyOptions = {}): DockerfileStage {
    if (sources.length === 0) {
      throw invalidValue('copy sources', sources, 'COPY needs at least one source', 'Pass one or more source paths.');
    }
    sources.forEach((source) => assertPath(source, 'copy source'));
    assertPath(destination, 'copy destination');
    if (options.fromStage !== undefined) {
      assertMatches(options.fromStage, PATTERNS.image, 'copy fromStage', 'a stage name or image reference');
    }
    if (options.chown !== undefined) {
      assertMatches(options.chown, PATTERNS.userSpec, 'copy chown', 'a user such as "65532:65532" or "app:app"');
    }
    if (options.chmod !== undefined) {
      assertMatches(options.chmod, PATTERNS.chmod, 'copy chmod', 'octal permissions such as "0755"');
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

  /** Documents a listening port (TCP unless `protocol` says otherwise). */
  public expose(port: number, protocol?: Protocol): DockerfileStage {
    assertPort(port, 'port');
    return this.push({ kind: 'expose', port, protocol: protocol ?? Protocol.TCP });
  }

  /** Sets the container health check (exec form). */
  public healthcheck(options: HealthCheckInstructionOptions): DockerfileStage {
    execForm(options.command, 'healthcheck command');
    assertSeconds(options.intervalSeconds, 'healthcheck intervalSeconds');
    assertSeconds(options.timeoutSeconds, 'healthcheck timeoutSeconds');
    assertSeconds(options.startPeriodSeconds, 'healthcheck startPeriodSeconds');
    if (options.retries !== undefined && !(Number.isInteger(options.retries) && options.retries > 0)) {
      throw invalidValue('healthcheck retries', options.retries, 'expected a whole number greater than 0', 'Set retries to e.g. 3.');
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
    execForm(argv, 'cmd');
    return this.push({ kind: 'cmd', argv: [...argv] });
  }

  /** Sets the signal that stops the container. */
  public stopSignal(signal: string): DockerfileStage {
    assertMatches(signal, PATTERNS.signal, 'stopSignal', 'a signal such as "SIGTERM"');
    return this.push({ kind: 'stopsignal', signal });
  }

  /** @internal */
  public _instructions(): readonly Instruction[] {
    return this.instructions;
  }

  private push(instruction: Instruction): DockerfileStage {
    this.instructions.push(instruction);
    return this;
  }
}

/**
 * A Dockerfile: global build arguments and stages, rendered deterministically
 * with one renderer that owns all Dockerfile syntax and quoting.
 *
 * @example
 * const dockerfile = new rust.Dockerfile();
 * dockerfile.addStage({ image: 'debian:bookworm-slim', name: 'runtime' })
 *   .user('65532:65532')
 *   .entrypoint(['/app/server']);
 * const text = dockerfile.render();
 */
export class Dockerfile {
  private readonly globalArgs: Array<{ name: string; defaultValue?: string }> = [];
  private readonly header: string[] = [];
  private readonly stageList: DockerfileStage[] = [];

  /** Adds a comment line at the top of the file. */
  public addHeaderComment(text: string): Dockerfile {
    assertNoControlCharacters(text, 'header comment');
    this.header.push(text);
    return this;
  }

  /** Declares a build argument before the first FROM (usable in FROM lines). */
  public addGlobalArg(name: string, defaultValue?: string): Dockerfile {
    assertMatches(name, PATTERNS.variableName, 'build argument name', 'a name of letters, digits and "_" not starting with a digit');
    if (defaultValue !== undefined) {
      assertNoControlCharacters(defaultValue, `build argument ${name}`);
    }
    this.globalArgs.push({ name, defaultValue });
    return this;
  }

  /** Adds a stage; the last stage is the image that `docker build` produces. */
  public addStage(options: StageOptions): DockerfileStage {
    if (options.name !== undefined && this.stageList.some((s) => s.name?.toLowerCase() === options.name!.toLowerCase())) {
      throw invalidValue('stage name', options.name, 'another stage already has this name', 'Give every stage a unique name.');
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
    return renderDockerfile({ header: this.header, globalArgs: this.globalArgs, stages: this.stageList }).join('\n') + '\n';
  }
}

function validateMounts(mounts: RunMount[] = []): RunMount[] {
  for (const mount of mounts) {
    assertPath(mount.target, 'mount target');
    for (const [prop, value] of [['mount id', mount.id], ['mount fromStage', mount.fromStage], ['mount source', mount.source], ['mount target', mount.target]] as const) {
      if (value !== undefined) {
        assertMatches(value, PATTERNS.mountValue, prop, 'a value without spaces, commas, quotes or "="');
      }
    }
  }
  return mounts.map((m) => ({ ...m }));
}
