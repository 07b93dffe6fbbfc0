/**
 * Runs pyright over the Python consumers and checks its diagnostics against
 * their `# expect-error` markers (see consumer-expectations.ts). Run by
 * scripts/bindings/bindings.sh after the bindings are generated; exits
 * non-zero when a good consumer has a diagnostic, a wrong consumer misses
 * one of its errors, or a wrong consumer has no marker at all.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { compareDiagnostics, ExpectedError, lineOf, parseExpectations, PyrightDiagnostic } from './consumer-expectations';

const root = path.resolve(__dirname, '..', '..');
const consumers = path.join(__dirname, 'python');
const config = path.join(__dirname, 'pyrightconfig.json');
const pyright = path.join(root, 'node_modules', '.bin', 'pyright');

const files = fs.readdirSync(consumers).filter(f => f.endsWith('.py')).sort().map(f => path.join(consumers, f));
const expected: ExpectedError[] = files.flatMap(f => parseExpectations(f, fs.readFileSync(f, 'utf8')));
const problems: string[] = files
  .filter(f => path.basename(f).startsWith('wrong_') && !expected.some(e => e.file === f))
  .map(f => `${f}: a wrong consumer without any '# expect-error[rule]: text' marker`);

const run = spawnSync(pyright, ['--outputjson', '--project', config, ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
if (run.error || !run.stdout) {
  console.error(run.error ?? run.stderr);
  process.exit(2);
}
const report = JSON.parse(run.stdout) as {
  version: string;
  generalDiagnostics: PyrightDiagnostic[];
  summary: { filesAnalyzed: number; errorCount: number; warningCount: number; timeInSec: number };
};
if (report.summary.filesAnalyzed < files.length) {
  problems.push(`pyright analyzed ${report.summary.filesAnalyzed} files, expected at least ${files.length}`);
}
problems.push(...compareDiagnostics(expected, report.generalDiagnostics));

console.log(`pyright ${report.version}: ${files.length} consumers, ${report.summary.errorCount} errors, ${report.summary.warningCount} warnings, ${report.summary.timeInSec}s`);
for (const file of files) {
  const mine = report.generalDiagnostics.filter(d => d.file === file);
  console.log(`  ${path.relative(root, file)}: ${mine.filter(d => d.severity === 'error').length} errors`);
  for (const d of mine) {
    console.log(`    ${lineOf(d)}: ${d.severity} [${d.rule ?? '-'}] ${d.message.split('\n')[0]}`);
  }
}
if (problems.length > 0) {
  console.error(`bindings check FAILED:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`bindings check passed: good consumers clean, ${expected.length} deliberate errors caught`);
