import * as fc from 'fast-check';
import * as YAML from 'yaml';
import { ComposeStack, ComposeStackProps, Migrations, RustMuslImage, ScratchRuntime, ServiceDatabase, ServiceMetrics } from '../../src';
import { suggestedServiceName } from '../../src/local/compose-validation';
import { singleLineText } from '../arbitraries';
import { libBinBuilder } from '../image/render-expected';

const build = () => new ScratchRuntime({ port: 8080 }).compose(libBinBuilder());
const stack = (props: Partial<ComposeStackProps> = {}) => new ComposeStack({ imageBuild: build(), ...props });
const withDatabase = (props: Partial<ComposeStackProps> = {}) => stack({
  database: ServiceDatabase.postgres(), metrics: ServiceMetrics.prometheus(), ...props,
});

describe('ComposeStack: bad input names the prop, the value and the fix', () => {
  test.each([
    ['Task-API', /^Invalid serviceName "Task-API": Compose uses it as the container's host name .* Use e.g. "task-api"\.$/],
    ['task_api', /^Invalid serviceName "task_api": .*"_" breaks the host name.* Use e.g. "task-api"\.$/],
    ['api.internal', /^Invalid serviceName "api.internal": .*"\." a DNS lookup.*$/],
    ['-api', /^Invalid serviceName "-api": /],
    ['a'.repeat(64), /^Invalid serviceName "a{64}": .*1 to 63/],
    ['', /^Invalid serviceName "": /],
    ['db', /^Invalid serviceName "db": the stack already has a service "db" \(its services are "db", "migrations", "prometheus" and yours\)\. Choose another name, e\.g\. "app"\.$/],
    ['prometheus', /^Invalid serviceName "prometheus": the stack already has a service/],
    ['api\nx', /^Invalid serviceName "api\\nx": it contains U\+000A/],
  ])('a service name Docker or the stack refuses: %j', (serviceName, error) => {
    expect(() => stack({ serviceName })).toThrow(error);
  });

  test('the default service name comes from the binary name, as a DNS label', () => {
    expect(stack().serviceName).toBe('lib-bin');
    expect(['task_api', 'Task__API_', 'db', '___'].map(suggestedServiceName)).toEqual(['task-api', 'task-api', 'db', 'app']);
  });

  test('a metrics port equal to a port already published', () => {
    expect(() => withDatabase({ metrics: ServiceMetrics.prometheus({ port: 5432 }) })).toThrow(new Error(
      'Invalid metrics port 5432: 127.0.0.1:5432 already publishes the database (databasePublishedPort), and the host has one port of each number. Set metrics port or databasePublishedPort to a free port.'));
    expect(() => withDatabase({ metrics: ServiceMetrics.prometheus({ port: 9090 }), prometheusPublishedPort: 9090 })).toThrow(/^Invalid metrics port 9090: 127\.0\.0\.1:9090 already publishes Prometheus \(prometheusPublishedPort\)/);
    expect(() => withDatabase({ databasePublishedPort: 9100, prometheusPublishedPort: 9100 })).toThrow(/^Invalid prometheusPublishedPort 9100: 127\.0\.0\.1:9100 already publishes the database \(databasePublishedPort\)/);
    expect(() => withDatabase({ prometheusPublishedPort: 8080 })).toThrow(/^Invalid prometheusPublishedPort 8080: 127\.0\.0\.1:8080 already publishes the service's port 8080 \(servicePublishedPort\)/);
    expect(() => withDatabase({ servicePublishedPort: 0 })).toThrow(/^Invalid servicePublishedPort 0: expected a whole number from 1 to 65535/);
    // Prometheus's default port moves out of the way of the service's; an explicit one does not.
    expect(withDatabase({ servicePublishedPort: 9090 }).composeYaml).toContain('      - "127.0.0.1:9091:9090"\n');
    expect(withDatabase({ servicePublishedPort: 9090, databasePublishedPort: 9091, metrics: ServiceMetrics.prometheus({ port: 9092 }) }).composeYaml)
      .toContain('      - "127.0.0.1:9093:9090"\n');
    // The metrics on the service's own port are the same endpoint, not a second one.
    expect(() => withDatabase({ metrics: ServiceMetrics.prometheus({ port: 8080 }) })).not.toThrow();
  });

  test('secret names that collide with environment keys, or with the stack\'s own variables', () => {
    expect(() => stack({ environment: { TOKEN: 'a' }, secrets: ['TOKEN'], localValues: { TOKEN: 'b' } })).toThrow(new Error(
      'Invalid secrets ["TOKEN"]: TOKEN is both a plain environment variable and a secret, and ECS refuses a task definition with both. Keep each name in either environment or secrets.'));
    expect(() => withDatabase({ environment: { PGHOST: 'localhost' } })).toThrow(/^Invalid environment\.PGHOST "PGHOST": PGHOST is set from the database connection/);
    expect(() => stack({ secrets: ['PORT'], localValues: { PORT: '1' } })).toThrow(/^Invalid secrets\.PORT "PORT": PORT is set from the image's port/);
  });

  test('a secret without a local value, and a local value without a secret', () => {
    expect(() => stack({ secrets: ['API_KEY'] })).toThrow(new Error(
      'Invalid secrets.API_KEY "API_KEY": the local stack has no value for it (on AWS it comes from a secret; compose.yaml needs a value of its own). Add localValues: { API_KEY: \'<a development value>\' }.'));
    expect(() => stack({ localValues: { API_KEY: 'x' } })).toThrow(/^Invalid localValues\.API_KEY "API_KEY": it is not one of the secrets, so it would set nothing\. Add "API_KEY" to secrets, or remove it from localValues/);
  });

  test.each([
    [{ environment: { '1X': 'a' } }, /^Invalid environment\.1X "1X": expected a variable name/],
    [{ environment: { 'A-B': 'a' } }, /^Invalid environment\.A-B "A-B": expected a variable name/],
    [{ environment: { A: 'line\nbreak' } }, /^Invalid environment\.A "line\\nbreak": it contains U\+000A/],
    [{ secrets: ['A B'], localValues: { 'A B': 'x' } }, /^Invalid secrets\[0\] "A B": expected a variable name/],
    [{ localDatabasePassword: '' }, /^Invalid localDatabasePassword "": the postgres image refuses to initialise without a password/],
    [{ prebuiltImage: 'Not An Image' }, /^Invalid prebuiltImage "Not An Image": expected a Docker image reference/],
    [{ databaseImage: 'UPPER:1' }, /^Invalid databaseImage "UPPER:1"/],
  ])('variables, passwords and images: %j', (props, error) => {
    expect(() => withDatabase(props as Partial<ComposeStackProps>)).toThrow(error);
  });

  test('an image whose build needs secrets: docker-compose 1.29 cannot build it, a prebuilt image can run', () => {
    const secretBuild = new ScratchRuntime().compose(new RustMuslImage({
      crateDirectory: libBinBuilder().crateDirectory,
      buildSecrets: [{ id: 'cargo-token', environmentVariable: 'CARGO_REGISTRY_TOKEN' }],
    }));
    expect(() => new ComposeStack({ imageBuild: secretBuild })).toThrow(new Error(
      'Invalid imageBuild "lib-bin (secret cargo-token)": its dependency fetch needs build secrets or an SSH agent, which docker-compose 1.29 cannot pass to a build. '
      + 'Build the image first (docker build with --secret/--ssh, or the docker:build task) and pass its tag as prebuiltImage.'));
    expect(() => new ComposeStack({ imageBuild: secretBuild, prebuiltImage: 'lib-bin:prod' })).not.toThrow();
  });

  test('something other than an ImageBuild', () => {
    expect(() => new ComposeStack({ imageBuild: {} as never })).toThrow(/^Invalid imageBuild \{\}: expected an ImageBuild\. Pass runtime\.compose\(builder\)/);
  });
});

describe('ComposeStack: no value corrupts compose.yaml (property)', () => {
  test('any single-line environment value, local secret value, password and migrations argument reaches Compose unchanged', () => {
    const base = build();
    fc.assert(fc.property(singleLineText(300), singleLineText(300), singleLineText(300).filter((s) => s !== ''), singleLineText(100).filter((s) => s !== ''),
      (value, secret, password, arg) => {
        const s = new ComposeStack({
          imageBuild: base,
          database: ServiceDatabase.postgres(),
          migrations: Migrations.serviceBinary([arg]),
          environment: { VALUE: value },
          secrets: ['SECRET'],
          localValues: { SECRET: secret },
          localDatabasePassword: password,
        });
        for (const version of ['1.1', '1.2'] as const) {
          const doc = YAML.parse(s.composeYaml, { version });
          // Compose reads `$$` as `$` and interpolates every other `$`: the text holds no lone `$`.
          const read = (text: string) => {
            expect(text.replace(/\$\$/g, '')).not.toContain('$');
            return text.replace(/\$\$/g, '$');
          };
          const env = doc.services['lib-bin'].environment;
          const values = [read(env.VALUE), read(env.SECRET), read(env.PGPASSWORD), read(doc.services.db.environment.POSTGRES_PASSWORD)];
          expect(values).toEqual([value, secret, password, password]);
          expect(doc.services.migrations.command.map(read)).toEqual([arg]);
        }
      }), { numRuns: 150 });
  });
});
