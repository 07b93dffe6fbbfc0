import { ResolvedServiceOptions, ServiceDatabaseKind } from '../rust-service-options';

/** The sample README.md of a new service: how to run, test, build and deploy it. @internal */
export function serviceReadmeSample(options: ResolvedServiceOptions): string {
  const name = options.binaryName;
  const postgres = options.database === ServiceDatabaseKind.POSTGRES;
  return [
    `# ${options.name}`,
    '',
    postgres
      ? 'A Rust web service (Actix-web 4) created with `projen new --from cdk-rust-image rust-service --database postgres`: its tasks live in PostgreSQL.'
      : 'A Rust web service (Actix-web 4) created with `projen new --from cdk-rust-image rust-service`.',
    '',
    '| Endpoint | Answer |',
    '| --- | --- |',
    postgres
      ? `| \`GET /health\` | \`{"status":"healthy","service":"${options.name}","database":"ok"}\`; while the database cannot be reached \`"status":"degraded"\` (still 200) |`
      : `| \`GET /health\` | \`{"status":"healthy","service":"${options.name}"}\` |`,
    ...(postgres ? ['| `GET /metrics` | Prometheus text: `http_requests_total`, `http_request_duration_seconds`, `database_up` |'] : []),
    '| `GET /api/tasks` | `{"tasks":[...],"total":N}` |',
    '| `POST /api/tasks` with `{"title":"..."}` | 201 and `{"id":N,"title":"...","done":false}` |',
    ...(postgres ? ['| a task route while the database cannot be reached | 503 `{"error":"database unavailable"}` |'] : []),
    '',
    'The Rust sources and `Cargo.toml` are yours. The Dockerfiles, `.dockerignore`,',
    `\`.cdk-rust-image/\`${postgres ? ', `compose.yaml`, `prometheus.yml`' : ''} and the tasks are generated from \`${options.projenrcFile}\`: change them`,
    'there and run `npx projen`.',
    '',
    ...(postgres ? [
      'The service reads its database from libpq\'s variables (`PGHOST`, `PGPORT`,',
      '`PGDATABASE`, `PGUSER`, `PGPASSWORD`, `PGSSLMODE`: `disable`, `prefer`, `require`',
      'or `verify-full` with `PGSSLROOTCERT`). `' + name + ' migrate` applies the migrations in',
      '`migrations/` (embedded in the binary; each once, under an advisory lock) and exits;',
      'the local stack and the AWS service run it before the service starts.',
      '',
    ] : []),
    '```sh',
    ...(postgres ? [
      'npx projen stack:up             # build, then PostgreSQL, the migrations, the service and Prometheus (127.0.0.1:9090)',
      `curl localhost:${options.port}/health`,
      'npx projen stack:logs -- -f     # follow the logs',
      'npx projen stack:down           # stop (the database volume stays; -- -v removes it)',
      'PGHOST=127.0.0.1 PGUSER=app PGPASSWORD=local-only PGDATABASE=app cargo run   # against the stack\'s PostgreSQL',
    ] : [`cargo run                      # listens on PORT (default ${options.port})`]),
    'npx projen test                # cargo test',
    `npx projen docker:build        # ${options.runtimes.map((r) => `${name}:${r}`).join(', ')}`,
    'npx projen docker:sizes        # size of each image',
    'npx projen docker:run          # start the production image in the background',
    'npx projen docker:smoke        # GET /health until it answers',
    'npx projen docker:stop',
    ...(options.cdkApp ? [`npx projen cdk:deploy          # deploy to AWS Fargate (infra/main.ts)${postgres ? ' with RDS for PostgreSQL' : ''}`] : []),
    '```',
    '',
  ].join('\n');
}
