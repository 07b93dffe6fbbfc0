import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CargoManifest } from '../../src';
import { parseToml } from '../../src/model/cargo/cargo-toml';
import { resolveServiceOptions } from '../../src/projen/rust-service-options';
import { serviceCrateSample } from '../../src/projen/sample/service-crate';
import { TASK_API_ROUTES } from '../../src/projen/sample/service-library';
import { makeTree, requireHostTool } from '../util';

// The host's rustfmt; compiling the sample needs Debian's crate packages in a
// container (scripts/check-sample.sh, not run here), so formatting (which
// parses every file) is the check that runs everywhere.
const RUSTFMT = requireHostTool('rustfmt');
const FIXTURE_MAIN = path.join(__dirname, '..', 'engine', 'fixtures', 'task-api', 'crates', 'task-api', 'src', 'main.rs');

function writeSample(options: Parameters<typeof resolveServiceOptions>[0]): string {
  return makeTree(Object.fromEntries(serviceCrateSample(resolveServiceOptions(options)).map((file) => [file.path, file.content])), 'sample-');
}

function rustFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.rs'))
    .map((f) => path.join(dir, f))
    .sort();
}

/** `(METHOD, path)` pairs of an actix-web route table: `.route("/x", web::get()...)`. */
function actixRoutes(source: string): string[] {
  return [...source.matchAll(/\.route\(\s*"([^"]+)",\s*web::(get|post|put|patch|delete)\(\)/g)].map((m) => `${m[2].toUpperCase()} ${m[1]}`);
}

/** `(METHOD, path)` pairs of the fixture's tiny-http match: `(Method::Get, "/x") =>`. */
function tinyHttpRoutes(source: string): string[] {
  return [...source.matchAll(/\(Method::(Get|Post|Put|Patch|Delete), "([^"]+)"\) =>/g)].map((m) => `${m[1].toUpperCase()} ${m[2]}`);
}

const DOCUMENTED = TASK_API_ROUTES.map(([method, route]) => `${method} ${route}`);

describe('the sample crate', () => {
  test.each([
    ['mimalloc', { name: 'my-svc', port: 9090 }],
    ['jemalloc, binary name', { name: 'a-rather-long-service-name-for-formatting', binaryName: 'server', allocator: 'jemalloc' }],
    ['system allocator', { name: 'svc', allocator: 'system' }],
  ])('is rustfmt-clean (%s)', (_label, options) => {
    const dir = writeSample(options);
    const files = rustFiles(dir);
    expect(files.map((f) => path.relative(dir, f)).sort()).toEqual([
      'src/handlers/mod.rs', 'src/handlers/tasks.rs', 'src/lib.rs', 'src/main.rs', 'src/models/mod.rs', 'src/models/task.rs',
    ]);
    const check = spawnSync(RUSTFMT, ['--check', '--edition', '2021', ...files], { encoding: 'utf8' });
    expect(check.error).toBeUndefined();
    expect(`${check.stdout}${check.stderr}`).toBe('');
    expect(check.status).toBe(0);
  });

  test('Cargo.toml parses, keeps the guide\'s release profile and is read by the image model', () => {
    const dir = writeSample({ name: 'my-svc', binaryName: 'server' });
    const doc = parseToml(fs.readFileSync(path.join(dir, 'Cargo.toml'), 'utf8'), 'Cargo.toml') as any;
    expect(doc.package).toEqual({ name: 'my-svc', version: '0.1.0', edition: '2021', publish: false });
    expect(doc.profile.release).toEqual({ 'opt-level': 3, 'lto': true, 'codegen-units': 1, 'panic': 'abort', 'strip': true });
    expect(doc.dependencies['actix-web']).toEqual({ 'version': '4', 'default-features': false, 'features': ['macros'] });
    expect(doc.target['cfg(target_env = "musl")'].dependencies).toEqual({ mimalloc: '0.1' });
    expect(CargoManifest.fromDirectory(dir).resolveBinary()).toMatchObject({ packageName: 'my-svc', binaryName: 'server' });
  });

  test('serves the documented routes', () => {
    const lib = fs.readFileSync(path.join(writeSample({ name: 'my-svc' }), 'src', 'lib.rs'), 'utf8');
    expect(actixRoutes(lib)).toEqual(DOCUMENTED);
  });

  test('serves the same routes as the engine fixture, so the real-engine tests cover its API', () => {
    expect(fs.existsSync(FIXTURE_MAIN)).toBe(true);
    expect(tinyHttpRoutes(fs.readFileSync(FIXTURE_MAIN, 'utf8'))).toEqual(DOCUMENTED);
  });

  test.each([
    ['mimalloc', { name: 'my-svc', port: 9090, database: 'postgres' }],
    ['jemalloc, binary name', { name: 'a-rather-long-service-name-for-formatting', binaryName: 'server', allocator: 'jemalloc', database: 'postgres' }],
    ['system allocator', { name: 'svc', allocator: 'system', database: 'postgres' }],
  ])('the PostgreSQL variant is rustfmt-clean (%s)', (_label, options) => {
    const dir = writeSample(options);
    const files = rustFiles(dir);
    expect(files.map((f) => path.relative(dir, f)).sort()).toEqual([
      'src/db/migrate.rs', 'src/db/mod.rs', 'src/db/tls.rs', 'src/handlers/mod.rs', 'src/handlers/tasks.rs', 'src/lib.rs', 'src/main.rs',
      'src/metrics.rs', 'src/models/mod.rs', 'src/models/task.rs',
    ]);
    const check = spawnSync(RUSTFMT, ['--check', '--edition', '2021', ...files], { encoding: 'utf8' });
    expect(check.error).toBeUndefined();
    expect(`${check.stdout}${check.stderr}`).toBe('');
    expect(check.status).toBe(0);
  });

  test('the PostgreSQL variant: the routes plus /metrics, its crates, every migration embedded, the fixture\'s variables and answers', () => {
    const dir = writeSample({ name: 'my-svc', database: 'postgres' });
    const read = (file: string) => fs.readFileSync(path.join(dir, file), 'utf8');
    expect(actixRoutes(read('src/lib.rs'))).toEqual(['GET /health', 'GET /metrics', 'GET /api/tasks', 'POST /api/tasks']);
    const doc = parseToml(read('Cargo.toml'), 'Cargo.toml') as any;
    expect(Object.keys(doc.dependencies).sort()).toEqual(['actix-web', 'rustls', 'serde', 'tokio', 'tokio-postgres', 'tokio-postgres-rustls']);
    expect(doc.dependencies.rustls).toEqual({ 'version': '0.23', 'default-features': false, 'features': ['ring', 'std', 'tls12', 'logging'] });
    const embedded = [...read('src/db/migrate.rs').matchAll(/include_str!\("\.\.\/\.\.\/(migrations\/[^"]+)"\)/g)].map((m) => m[1]);
    expect(embedded).toEqual(fs.readdirSync(path.join(dir, 'migrations')).map((f) => `migrations/${f}`));
    for (const name of ['PGHOST', 'PGPORT', 'PGDATABASE', 'PGUSER', 'PGPASSWORD', 'PGSSLMODE', 'PGSSLROOTCERT']) expect(read('src/db/mod.rs')).toContain(`"${name}"`);
    expect(read('src/metrics.rs')).toContain('"text/plain; version=0.0.4; charset=utf-8"');
    expect(read('src/handlers/mod.rs')).toContain('status: if up { "healthy" } else { "degraded" },');
    expect(read('src/handlers/tasks.rs')).toContain('error: "database unavailable",');
    expect(read('src/main.rs')).toContain('Some("migrate") => rt::System::new().block_on(run_migrations(settings)),');
  });

  test('main reads PORT with the port option as its default', () => {
    const main = fs.readFileSync(path.join(writeSample({ name: 'my-svc', port: 9090 }), 'src', 'main.rs'), 'utf8');
    expect(main).toContain('std::env::var("PORT")');
    expect(main).toContain('const DEFAULT_PORT: u16 = 9090;');
    expect(main).toContain('.shutdown_timeout(25)');
  });
});
