/**
 * The task-service fixture backed by PostgreSQL, for the engine tests: the
 * builder the library renders its image from (a cheap profile, since the
 * subject is the service and not the release profile), and a PostgreSQL
 * server the service container reaches over `--network host` on a free port
 * of 127.0.0.1, serving TLS with a certificate for 127.0.0.1 signed by a
 * throw-away CA (made with openssl) and scram-sha-256 passwords:
 *
 * - `containerPostgres(image)` (the default, with the postgres stand-in,
 *   POSTGRES_IMAGE): an image that behaves like the official `postgres`
 *   image (POSTGRES_USER/PASSWORD/DB, /docker-entrypoint-initdb.d);
 * - `hostPostgres()` (CDK_RUST_IMAGE_TASK_SERVICE_POSTGRES=host): a cluster
 *   of the host's PostgreSQL (`/usr/lib/postgresql/<major>/bin`, Debian's
 *   `postgresql` package) in a temporary directory.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ARCHITECTURE } from './task-api';
import { DockerResult, freePort, getEngine, POSTGRES_IMAGE, run } from '../../devtools/engine-harness';
import { LtoMode, OptLevel, ReleaseProfile, RustMuslImage } from '../../src';

export const FIXTURE = 'task-service';

/** The service's user, database and password in every server. */
const USER = 'app';
const DATABASE = 'tasks';
const PASSWORD = 'app secret';

/** `task-api migrate`'s advisory lock key (LOCK_KEY in crates/task-api/src/db/migrate.rs). */
export const MIGRATION_LOCK_KEY = '8386110885300629609';

/**
 * The builder for a copy of the fixture: musl, the library's defaults except
 * the profile (no optimization, no LTO), which roughly halves the cold build.
 */
export function taskServiceBuilder(dir: string): RustMuslImage {
  return new RustMuslImage({
    crateDirectory: path.join(dir, 'crates', 'task-api'),
    binaryName: 'task-api',
    architecture: ARCHITECTURE,
    profile: ReleaseProfile.optimized({ optLevel: OptLevel.O0, lto: LtoMode.OFF, codegenUnits: 16 }),
  });
}

export interface Postgres {
  /** What the service needs: PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE. */
  readonly env: Record<string, string>;
  /** A PEM file of the CA that signed the server's certificate (for 127.0.0.1 and localhost). */
  readonly caFile: string;
  /** Runs SQL with psql in the service's database as a superuser; rejects on an error unless allowFailure. */
  sql(statements: string, allowFailure?: boolean): Promise<DockerResult>;
  /** Stops the server (fast shutdown: sessions are ended). */
  stop(): Promise<void>;
  /** Starts it again and waits until it accepts connections. */
  start(): Promise<void>;
  /** Stops it and removes its data. */
  close(): Promise<void>;
}

/** The postgres stand-in, or the host's PostgreSQL with CDK_RUST_IMAGE_TASK_SERVICE_POSTGRES=host. */
export function taskServicePostgres(): Promise<Postgres> {
  return process.env.CDK_RUST_IMAGE_TASK_SERVICE_POSTGRES === 'host' ? hostPostgres() : containerPostgres(POSTGRES_IMAGE);
}

interface Certificates {
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
}

/** A CA and a server certificate it signed for 127.0.0.1 and localhost (P-256), in dir; every file world-readable. */
async function makeCertificates(dir: string): Promise<Certificates> {
  const file = (name: string) => path.join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await run('openssl', ['req', '-x509', ...ec, '-days', '2', '-subj', '/CN=cdk-rust-image test CA', '-keyout', file('ca.key'), '-out', file('ca.crt')]);
  await run('openssl', ['req', ...ec, '-subj', '/CN=127.0.0.1', '-keyout', file('server.key'), '-out', file('server.csr')]);
  fs.writeFileSync(file('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
  await run('openssl', ['x509', '-req', '-in', file('server.csr'), '-CA', file('ca.crt'), '-CAkey', file('ca.key'), '-CAcreateserial',
    '-days', '2', '-sha256', '-extfile', file('server.ext'), '-out', file('server.crt')]);
  // Read through bind mounts by other users (the server's, the service's 65532); a throw-away key.
  for (const name of ['ca.crt', 'server.crt', 'server.key']) fs.chmodSync(file(name), 0o644);
  fs.chmodSync(dir, 0o755);
  return { caFile: file('ca.crt'), certFile: file('server.crt'), keyFile: file('server.key') };
}

/** A cluster of the host's newest PostgreSQL; throws naming the package when there is none. */
export async function hostPostgres(): Promise<Postgres> {
  const root = '/usr/lib/postgresql';
  const majors = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb'))) : [];
  const major = majors.sort((a, b) => Number(b) - Number(a))[0];
  if (!major) throw new Error(`no PostgreSQL server under ${root}: install Debian's postgresql package (apt-get install -y postgresql)`);
  const bin = (name: string) => path.join(root, major, 'bin', name);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-rust-image-pg-'));
  const port = await freePort();
  // initdb refuses root: as root, the server runs as Debian's postgres user.
  const asRoot = process.getuid?.() === 0;
  const owner = async (argv: string[], allowFailure = false) =>
    run(asRoot ? 'runuser' : argv[0], asRoot ? ['-u', 'postgres', '--', ...argv] : argv.slice(1), { allowFailure });

  const { caFile, certFile, keyFile } = await makeCertificates(dir);
  // The server wants its key private to its user.
  fs.chmodSync(keyFile, 0o600);
  if (asRoot) await run('chown', ['-R', 'postgres:postgres', dir]);

  const data = path.join(dir, 'data');
  await owner([bin('initdb'), '-D', data, '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256', '--no-sync']);
  fs.appendFileSync(path.join(data, 'postgresql.conf'), [
    "listen_addresses = '127.0.0.1'",
    `port = ${port}`,
    `unix_socket_directories = '${dir}'`,
    'ssl = on',
    `ssl_cert_file = '${certFile}'`,
    `ssl_key_file = '${keyFile}'`,
    'max_connections = 20',
    'fsync = off',
    '',
  ].join('\n'));
  const start = async () => {
    await owner([bin('pg_ctl'), '-D', data, '-l', path.join(dir, 'server.log'), '-w', 'start']);
  };
  const psql = (database: string, statements: string, allowFailure = false) =>
    owner([bin('psql'), '-h', dir, '-p', String(port), '-U', 'postgres', '-d', database, '-v', 'ON_ERROR_STOP=1', '-qAt', '-c', statements], allowFailure);
  await start();
  await psql('postgres', `CREATE ROLE ${USER} LOGIN PASSWORD '${PASSWORD}'`);
  await psql('postgres', `CREATE DATABASE ${DATABASE} OWNER ${USER}`);

  return {
    env: { PGHOST: '127.0.0.1', PGPORT: String(port), PGUSER: USER, PGPASSWORD: PASSWORD, PGDATABASE: DATABASE },
    caFile,
    sql: (statements, allowFailure) => psql(DATABASE, statements, allowFailure),
    stop: async () => {
      await owner([bin('pg_ctl'), '-D', data, '-m', 'fast', '-w', 'stop']);
    },
    start,
    close: async () => {
      await owner([bin('pg_ctl'), '-D', data, '-m', 'immediate', '-w', 'stop'], true);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A container of an image that behaves like the official postgres image, on
 * the host network. An init script copies the certificate and key into the
 * data directory (the server wants the key owned by its user) and turns TLS on.
 */
export async function containerPostgres(image: string): Promise<Postgres> {
  const engine = getEngine();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-rust-image-pg-'));
  const { caFile } = await makeCertificates(dir);
  fs.writeFileSync(path.join(dir, 'tls.sh'), [
    'install -m 600 /tls/server.key "$PGDATA/server.key"',
    'install -m 644 /tls/server.crt "$PGDATA/server.crt"',
    'echo "ssl = on" >>"$PGDATA/postgresql.conf"',
    '',
  ].join('\n'));
  const port = await freePort();
  const id = (await engine.docker([
    'run', '-d', '--network', 'host',
    '-e', `POSTGRES_USER=${USER}`, '-e', `POSTGRES_PASSWORD=${PASSWORD}`, '-e', `POSTGRES_DB=${DATABASE}`,
    // initdb trusts 127.0.0.1 by default, which the host network is: passwords there too.
    '-e', 'POSTGRES_INITDB_ARGS=--auth-local=trust --auth-host=scram-sha-256',
    '-v', `${dir}:/tls:ro`, '-v', `${path.join(dir, 'tls.sh')}:/docker-entrypoint-initdb.d/tls.sh:ro`,
    image, '-c', `port=${port}`, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off',
  ])).stdout.trim();
  const ready = async () => {
    for (let i = 0; i < 240; i++) {
      // The entrypoint's first start runs a socket-only server; ready means TCP on the port.
      const r = await engine.docker(['exec', id, 'pg_isready', '-h', '127.0.0.1', '-p', String(port)], { allowFailure: true });
      if (r.exitCode === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const logs = await engine.docker(['logs', id], { allowFailure: true });
    throw new Error(`${image} did not accept connections on 127.0.0.1:${port} within 60 s:\n${(logs.stdout + logs.stderr).slice(-2000)}`);
  };
  await ready();
  return {
    env: { PGHOST: '127.0.0.1', PGPORT: String(port), PGUSER: USER, PGPASSWORD: PASSWORD, PGDATABASE: DATABASE },
    caFile,
    sql: (statements, allowFailure = false) => engine.docker(['exec', '-e', `PGPASSWORD=${PASSWORD}`, id,
      'psql', '-h', '127.0.0.1', '-p', String(port), '-U', USER, '-d', DATABASE, '-v', 'ON_ERROR_STOP=1', '-qAt', '-c', statements], { allowFailure }),
    stop: async () => {
      await engine.docker(['stop', id]);
    },
    start: async () => {
      await engine.docker(['start', id]);
      await ready();
    },
    close: async () => {
      await engine.docker(['rm', '-f', '-v', id], { allowFailure: true });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
