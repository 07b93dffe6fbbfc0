import { ResolvedServiceOptions } from '../rust-service-options';

/** The sample README.md of a new service: how to run, test, build and deploy it. @internal */
export function serviceReadmeSample(options: ResolvedServiceOptions): string {
  const name = options.binaryName;
  return [
    `# ${options.name}`,
    '',
    'A Rust web service (Actix-web 4) created with `projen new --from cdk-rust-image rust-service`.',
    '',
    '| Endpoint | Answer |',
    '| --- | --- |',
    `| \`GET /health\` | \`{"status":"healthy","service":"${options.name}"}\` |`,
    '| `GET /api/tasks` | `{"tasks":[...],"total":N}` |',
    '| `POST /api/tasks` with `{"title":"..."}` | 201 and `{"id":N,"title":"...","done":false}` |',
    '',
    'The Rust sources and `Cargo.toml` are yours. The Dockerfiles, `.dockerignore`,',
    `\`.cdk-rust-image/\` and the tasks are generated from \`${options.projenrcFile}\`: change them`,
    'there and run `npx projen`.',
    '',
    '```sh',
    `cargo run                      # listens on PORT (default ${options.port})`,
    'npx projen test                # cargo test',
    `npx projen docker:build        # ${options.runtimes.map((r) => `${name}:${r}`).join(', ')}`,
    'npx projen docker:sizes        # size of each image',
    'npx projen docker:run          # start the production image in the background',
    'npx projen docker:smoke        # GET /health until it answers',
    'npx projen docker:stop',
    ...(options.cdkApp ? ['npx projen cdk:deploy          # deploy to AWS Fargate (infra/main.ts)'] : []),
    '```',
    '',
  ].join('\n');
}
