/**
 * Writes the sample crate that `projen new --from cdk-rust-image rust-service`
 * creates, without projen: the same renderers `RustServiceProject` calls, so
 * scripts/check-sample.sh can compile exactly what a user gets.
 *
 *   npx ts-node scripts/sample/render-sample-crate.ts DIR [--database postgres] [--allocator mimalloc|jemalloc|system] [--name NAME]
 */
import * as fs from 'fs';
import * as path from 'path';
import { resolveServiceOptions } from '../../src/projen/rust-service-options';
import { serviceCrateSample } from '../../src/projen/sample/service-crate';

function main(argv: string[]): void {
  const [dir, ...rest] = argv;
  if (!dir || dir.startsWith('--')) {
    throw new Error('usage: render-sample-crate.ts DIR [--database postgres] [--allocator NAME] [--name NAME]');
  }
  const flags: { [flag: string]: string } = {};
  for (let i = 0; i < rest.length; i += 2) {
    if (!rest[i].startsWith('--') || rest[i + 1] === undefined) {
      throw new Error(`expected --flag value pairs, got ${JSON.stringify(rest.slice(i))}`);
    }
    flags[rest[i].slice(2)] = rest[i + 1];
  }
  const options = resolveServiceOptions({
    name: flags.name ?? 'sample-svc',
    database: flags.database,
    allocator: flags.allocator,
  });
  for (const file of serviceCrateSample(options)) {
    const target = path.join(dir, file.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, file.content);
  }
}

main(process.argv.slice(2));
