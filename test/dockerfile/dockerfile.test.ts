import { Copy, DockerfileParser } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { Dockerfile } from '../../src/dockerfile/dockerfile';
import { CacheSharing, MountType } from '../../src/dockerfile/options';

function everyInstruction(): Dockerfile {
  const dockerfile = new Dockerfile().addHeaderComment('header');
  dockerfile.addStage({ image: 'rust:1.99.0-trixie', name: 'builder', platform: '$BUILDPLATFORM' })
    .comment('build it')
    .arg('TARGETARCH')
    .env('CARGO_TERM_COLOR', 'never')
    .workdir('/build')
    .copy(['Cargo.toml', 'Cargo.lock'], './')
    .run(['cargo fetch'], { mounts: [{ mountType: MountType.CACHE, target: '/usr/local/cargo/registry', id: 'registry-x86_64', sharing: CacheSharing.LOCKED }] })
    .run(['cargo build --release', 'cp target/release/app /out/app']);
  dockerfile.addStage({ image: 'scratch', name: 'runtime' })
    .copy(['/out/app'], '/app/app', { fromStage: 'builder', chown: '65532:65532' })
    .label('org.opencontainers.image.title', 'app')
    .expose(8080)
    .user('65532:65532')
    .healthcheck({ command: ['/app/probe', 'http://127.0.0.1:8080/health'], intervalSeconds: 30, timeoutSeconds: 3, startPeriodSeconds: 5, retries: 3 })
    .stopSignal('SIGTERM')
    .entrypoint(['/app/app'])
    .cmd(['--port', '8080']);
  return dockerfile;
}

test('renders every instruction with its flags', () => {
  expect(everyInstruction().render()).toBe([
    '# header',
    '',
    'FROM --platform=$BUILDPLATFORM rust:1.99.0-trixie AS builder',
    '# build it',
    'ARG TARGETARCH',
    'ENV CARGO_TERM_COLOR="never"',
    'WORKDIR /build',
    'COPY Cargo.toml Cargo.lock ./',
    'RUN --mount=type=cache,id=registry-x86_64,target=/usr/local/cargo/registry,sharing=locked \\',
    '    cargo fetch',
    'RUN \\',
    '    cargo build --release \\',
    '    && cp target/release/app /out/app',
    '',
    'FROM scratch AS runtime',
    'COPY --from=builder --chown=65532:65532 /out/app /app/app',
    'LABEL org.opencontainers.image.title="app"',
    'EXPOSE 8080/tcp',
    'USER 65532:65532',
    'HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 CMD ["/app/probe", "http://127.0.0.1:8080/health"]',
    'STOPSIGNAL SIGTERM',
    'ENTRYPOINT ["/app/app"]',
    'CMD ["--port", "8080"]',
    '',
  ].join('\n'));
});

test('rendering is deterministic', () => {
  expect(everyInstruction().render()).toBe(everyInstruction().render());
});

test('the rendered file passes dockerfile-utils validation', () => {
  expect(validate(everyInstruction().render())).toEqual([]);
});

test('HEALTHCHECK NONE disables an inherited check', () => {
  const dockerfile = new Dockerfile();
  dockerfile.addStage({ image: 'debian:trixie-slim' }).healthcheckNone();
  expect(dockerfile.render()).toBe('FROM debian:trixie-slim\nHEALTHCHECK NONE\n');
});

test('paths with spaces use the JSON form of COPY', () => {
  const dockerfile = new Dockerfile();
  dockerfile.addStage({ image: 'debian:trixie-slim' }).copy(['my crate/Cargo.toml'], '/build/my crate/');
  expect(dockerfile.render()).toBe('FROM debian:trixie-slim\nCOPY ["my crate/Cargo.toml", "/build/my crate/"]\n');
});

const CONTROL = 'a line break, control character or unpaired surrogate that would end or corrupt the generated instruction';
const PATH_CHARACTERS = 'paths may not contain `$`, quotes, backslashes or backticks, which the Dockerfile frontend would interpret';

describe('rejects what cannot be written safely, naming the prop, the value, the reason and the fix', () => {
  const stage = () => new Dockerfile().addStage({ image: 'debian:trixie-slim' });
  test.each<[string, () => unknown, string]>([
    ['env value with a newline', () => stage().env('A', 'one\nRUN rm -rf /'),
      `Invalid environment variable A "one\\nRUN rm -rf /": it contains U+000A, ${CONTROL}. Remove U+000A from environment variable A.`],
    ['env name with a space', () => stage().env('A B', 'x'),
      'Invalid environment variable name "A B": expected a name of letters, digits and "_" not starting with a digit. Change environment variable name to a name of letters, digits and "_" not starting with a digit.'],
    ['label with a carriage return', () => stage().label('a', 'x\r'), `Invalid label a "x\\r": it contains U+000D, ${CONTROL}. Remove U+000D from label a.`],
    ['copy source with a dollar', () => stage().copy(['$HOME/x'], '/x'), `Invalid copy source "$HOME/x": ${PATH_CHARACTERS}. Rename the file or directory, or choose another copy source.`],
    ['copy source with a single quote', () => stage().copy(['it\'s'], '/x'), `Invalid copy source "it's": ${PATH_CHARACTERS}. Rename the file or directory, or choose another copy source.`],
    ['copy destination with a double quote', () => stage().copy(['a'], '/x"y'), `Invalid copy destination "/x\\"y": ${PATH_CHARACTERS}. Rename the file or directory, or choose another copy destination.`],
    ['relative workdir', () => stage().workdir('app'), 'Invalid workdir "app": expected an absolute path. Use a path starting with "/", e.g. "/app".'],
    ['user with a space', () => stage().user('app user'), 'Invalid user "app user": expected a user such as "65532:65532" or "nonroot". Change user to a user such as "65532:65532" or "nonroot".'],
    ['port out of range', () => stage().expose(70000), 'Invalid port 70000: expected a whole number from 1 to 65535. Set port to the port your service listens on, e.g. 8080.'],
    ['run command ending in a backslash', () => stage().run(['echo \\']),
      'Invalid run command "echo \\\\": a command may be neither empty nor end with a backslash (it would swallow the next line). Remove the trailing backslash; pass separate commands instead.'],
    ['run command with a newline', () => stage().run(['true\nUSER root']), `Invalid run command "true\\nUSER root": it contains U+000A, ${CONTROL}. Remove U+000A from run command.`],
    ['run command with an unterminated quote', () => stage().run(['echo \'x']),
      'Invalid run command "echo \'x": it has an unterminated \' quote, which would join it with the commands after it. Close the quote.'],
    ['empty exec form', () => stage().entrypoint([]),
      'Invalid entrypoint []: an exec-form command needs at least the program to run. Pass the program and its arguments, e.g. ["/app/server", "--port", "8080"].'],
    ['image with a space', () => new Dockerfile().addStage({ image: 'debian trixie' }),
      'Invalid image "debian trixie": expected an image reference such as "debian:trixie-slim" or the name of an earlier stage. Fix the base image.'],
    ['platform injection', () => new Dockerfile().addStage({ image: 'scratch', platform: 'linux/amd64 AS x\nRUN' }),
      'Invalid platform "linux/amd64 AS x\\nRUN": expected a platform such as "linux/arm64" or "$BUILDPLATFORM". Change platform to a platform such as "linux/arm64" or "$BUILDPLATFORM".'],
    ['mount id with a comma', () => stage().run(['true'], { mounts: [{ mountType: MountType.CACHE, target: '/c', id: 'a,b' }] }),
      'Invalid mount id "a,b": expected a value without spaces, commas, quotes or "=". Change mount id to a value without spaces, commas, quotes or "=".'],
    ['zero interval', () => stage().healthcheck({ command: ['x'], intervalSeconds: 0 }),
      'Invalid healthcheck intervalSeconds 0: expected a whole number of seconds from 1 to 86400. Set healthcheck intervalSeconds to e.g. 30.'],
    ['signal with a space', () => stage().stopSignal('SIGTERM x'), 'Invalid stopSignal "SIGTERM x": expected a signal such as "SIGTERM". Change stopSignal to a signal such as "SIGTERM".'],
    ['comment with a newline', () => stage().comment('a\nRUN x'), `Invalid comment "a\\nRUN x": it contains U+000A, ${CONTROL}. Remove U+000A from comment.`],
  ])('%s', (_name, action, message) => {
    expect(action).toThrow(new Error(message));
  });

  test('duplicate stage names', () => {
    const dockerfile = new Dockerfile();
    dockerfile.addStage({ image: 'scratch', name: 'a' });
    expect(() => dockerfile.addStage({ image: 'scratch', name: 'A' })).toThrow(new Error('Invalid stage name "A": another stage already has this name. Give every stage a unique name.'));
  });
});

describe('shell comments in RUN commands', () => {
  const COMMENT = 'a "#" that begins a shell word starts a comment, which would swallow the commands after it once Docker joins the RUN lines. Quote the "#" (e.g. \'#\'), or remove the comment.';
  const stage = () => new Dockerfile().addStage({ image: 'debian:trixie-slim' });

  test.each([
    ['echo ok #; rm -rf /'],
    ['# the whole command'],
    ['true;#x'],
    ['true&&#x'],
    ['true|#x'],
    ['(#x)'],
    ['echo a\t#tab before'],
  ])('a "#" that starts a word is refused: %j', (command) => {
    expect(() => stage().run([command, 'true'])).toThrow(new Error(`Invalid run command ${JSON.stringify(command)}: ${COMMENT}`));
  });

  test.each([
    ['echo a#b'],
    ['echo \'#\''],
    ['echo "#"'],
    ['echo \\#'],
    ['echo "$#"'],
    ['echo ${#x}'],
  ])('a "#" inside a word or in quotes is accepted, and the commands after it still run: %j', (command) => {
    const dockerfile = new Dockerfile();
    dockerfile.addStage({ image: 'debian:trixie-slim' }).run([command, 'echo after']);
    expect(dockerfile.render()).toBe(`FROM debian:trixie-slim\nRUN \\\n    ${command} \\\n    && echo after\n`);
  });
});

describe('COPY paths that start with "-"', () => {
  test('a source such as "--from=x" or "-a" and a destination "-dest" are written as ./ paths, never as flags', () => {
    const dockerfile = new Dockerfile();
    dockerfile.addStage({ image: 'scratch' }).copy(['--from=secrets', '-a'], '/x/').copy(['a b'], '-dest');
    expect(dockerfile.render()).toBe('FROM scratch\nCOPY ./--from=secrets ./-a /x/\nCOPY ["a b", "./-dest"]\n');
  });

  test('dockerfile-ast reads the rendered COPY without any flag', () => {
    const dockerfile = new Dockerfile();
    dockerfile.addStage({ image: 'scratch' }).copy(['--from=secrets'], '/x');
    const copy = DockerfileParser.parse(dockerfile.render()).getInstructions()[1] as Copy;
    expect(copy.getFlags()).toEqual([]);
    expect(copy.getArgumentsContent()).toBe('./--from=secrets /x');
  });
});

describe('header comments shaped like parser directives are refused', () => {
  test.each([['escape=`'], ['syntax=docker/dockerfile:1'], [' check = skip=all'], ['x_y-z=1']])('%j', (text) => {
    expect(() => new Dockerfile().addHeaderComment(text)).toThrow(new Error(
      `Invalid header comment ${JSON.stringify(text)}: a comment of the form "key=value" at the top of a Dockerfile is a parser directive. Reword the comment.`));
  });

  test('a header that merely contains "=" later is kept', () => {
    const dockerfile = new Dockerfile().addHeaderComment('Generated: a = b');
    dockerfile.addStage({ image: 'scratch' });
    expect(dockerfile.render()).toBe('# Generated: a = b\n\nFROM scratch\n');
  });
});

describe('stage order', () => {
  test('a stage built from itself is refused', () => {
    expect(() => new Dockerfile().addStage({ image: 'Builder', name: 'builder' })).toThrow(new Error(
      'Invalid image "Builder": a stage cannot be built from itself (stage "builder"). Use another base image.'));
  });

  test('a stage built from a later stage is refused when rendering', () => {
    const dockerfile = new Dockerfile();
    dockerfile.addStage({ image: 'later', name: 'first' });
    dockerfile.addStage({ image: 'scratch', name: 'later' });
    expect(() => dockerfile.render()).toThrow(new Error(
      'Invalid image "later": it names the stage "later", which is not defined before it. Use an image reference, or the name of an earlier stage.'));
  });

  test('a stage built from an earlier stage renders', () => {
    const dockerfile = new Dockerfile();
    dockerfile.addStage({ image: 'scratch', name: 'first' });
    dockerfile.addStage({ image: 'first', name: 'second' });
    expect(dockerfile.render()).toBe('FROM scratch AS first\n\nFROM first AS second\n');
  });
});

describe('NUL in an exec-form argv is refused (no argv can hold it)', () => {
  const NUL = `it contains U+0000, ${CONTROL}`;
  const stage = () => new Dockerfile().addStage({ image: 'scratch' });
  test.each<[string, () => unknown, string]>([
    ['entrypoint', () => stage().entrypoint(['/app', 'a\0b']), `Invalid entrypoint[1] "a\\u0000b": ${NUL}. Remove U+0000 from entrypoint[1].`],
    ['cmd', () => stage().cmd(['a\0b']), `Invalid cmd[0] "a\\u0000b": ${NUL}. Remove U+0000 from cmd[0].`],
    ['healthcheck', () => stage().healthcheck({ command: ['/probe', '\0'] }), `Invalid healthcheck command[1] "\\u0000": ${NUL}. Remove U+0000 from healthcheck command[1].`],
  ])('%s', (_name, action, message) => {
    expect(action).toThrow(new Error(message));
  });
});
