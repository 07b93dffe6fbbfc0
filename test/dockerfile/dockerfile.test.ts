import { validate } from 'dockerfile-utils';
import { CacheSharing, Dockerfile, MountType, Protocol } from '../../src';

function everyInstruction(): Dockerfile {
  const dockerfile = new Dockerfile().addHeaderComment('header').addGlobalArg('RUST_VERSION', '1.95');
  dockerfile.addStage({ image: 'rust:1.95-bookworm', name: 'builder', platform: '$BUILDPLATFORM' })
    .comment('build it')
    .arg('TARGETARCH')
    .env('CARGO_TERM_COLOR', 'never')
    .workdir('/build')
    .copy(['Cargo.toml', 'Cargo.lock'], './')
    .run(['cargo fetch'], { mounts: [{ mountType: MountType.CACHE, target: '/usr/local/cargo/registry', id: 'registry-x86_64', sharing: CacheSharing.LOCKED }] })
    .run(['cargo build --release', 'cp target/release/app /out/app'])
    .runExec(['cargo', 'test']);
  dockerfile.addStage({ image: 'scratch', name: 'runtime' })
    .copy(['/out/app'], '/app/app', { fromStage: 'builder', chown: '65532:65532', chmod: '0755' })
    .label('org.opencontainers.image.title', 'app')
    .expose(8080)
    .expose(5353, Protocol.UDP)
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
    'ARG RUST_VERSION="1.95"',
    '',
    'FROM --platform=$BUILDPLATFORM rust:1.95-bookworm AS builder',
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
    'RUN ["cargo", "test"]',
    '',
    'FROM scratch AS runtime',
    'COPY --from=builder --chown=65532:65532 --chmod=0755 /out/app /app/app',
    'LABEL org.opencontainers.image.title="app"',
    'EXPOSE 8080/tcp',
    'EXPOSE 5353/udp',
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
  dockerfile.addStage({ image: 'debian:bookworm-slim' }).healthcheckNone();
  expect(dockerfile.render()).toBe('FROM debian:bookworm-slim\nHEALTHCHECK NONE\n');
});

test('paths with spaces use the JSON form of COPY', () => {
  const dockerfile = new Dockerfile();
  dockerfile.addStage({ image: 'debian:bookworm-slim' }).copy(['my crate/Cargo.toml'], '/build/my crate/');
  expect(dockerfile.render()).toBe('FROM debian:bookworm-slim\nCOPY ["my crate/Cargo.toml", "/build/my crate/"]\n');
});

describe('rejects what cannot be written safely, naming the prop, the value and the fix', () => {
  const stage = () => new Dockerfile().addStage({ image: 'debian:bookworm-slim' });
  test.each([
    ['env value with a newline', () => stage().env('A', 'one\nRUN rm -rf /'), /Invalid environment variable A "one\\nRUN rm -rf \/": it contains a newline.*Remove the control characters/],
    ['env name with a space', () => stage().env('A B', 'x'), /Invalid environment variable name "A B": expected a name of letters/],
    ['label with a carriage return', () => stage().label('a', 'x\r'), /Invalid label a "x\\r"/],
    ['copy source with a dollar', () => stage().copy(['$HOME/x'], '/x'), /Invalid copy source "\$HOME\/x": paths may not contain `\$`.*Rename the file/],
    ['copy destination with a quote', () => stage().copy(['a'], '/x"y'), /Invalid copy destination/],
    ['relative workdir', () => stage().workdir('app'), /Invalid workdir "app": expected an absolute path\. Use a path starting with "\/"/],
    ['user with a space', () => stage().user('app user'), /Invalid user "app user"/],
    ['port out of range', () => stage().expose(70000), /Invalid port 70000: expected a TCP port from 1 to 65535/],
    ['run command ending in a backslash', () => stage().run(['echo \\']), /Invalid run command "echo \\\\": a command may be neither empty nor end with a backslash/],
    ['run command with a newline', () => stage().run(['true\nUSER root']), /Invalid run command/],
    ['empty exec form', () => stage().entrypoint([]), /Invalid entrypoint \[\]: an exec-form command needs at least the program/],
    ['image with a space', () => new Dockerfile().addStage({ image: 'debian bookworm' }), /Invalid image "debian bookworm"/],
    ['platform injection', () => new Dockerfile().addStage({ image: 'scratch', platform: 'linux/amd64 AS x\nRUN' }), /Invalid platform/],
    ['mount id with a comma', () => stage().run(['true'], { mounts: [{ mountType: MountType.CACHE, target: '/c', id: 'a,b' }] }), /Invalid mount id "a,b"/],
    ['chmod not octal', () => stage().copy(['a'], '/a', { chmod: 'u+x' }), /Invalid copy chmod "u\+x"/],
    ['zero interval', () => stage().healthcheck({ command: ['x'], intervalSeconds: 0 }), /Invalid healthcheck intervalSeconds 0/],
    ['signal with a space', () => stage().stopSignal('SIGTERM x'), /Invalid stopSignal/],
    ['comment with a newline', () => stage().comment('a\nRUN x'), /Invalid comment/],
  ])('%s', (_name, action, message) => {
    expect(action).toThrow(message);
  });

  test('duplicate stage names', () => {
    const dockerfile = new Dockerfile();
    dockerfile.addStage({ image: 'scratch', name: 'a' });
    expect(() => dockerfile.addStage({ image: 'scratch', name: 'A' })).toThrow(/Invalid stage name "A": another stage already has this name/);
  });
});
