import * as fs from 'fs';
import * as path from 'path';
import { applySections, generatedSections } from '../scripts/readme/sections';
import { RustMuslImage, ScratchRuntime } from '../src';

const README = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');

test('the README opens with the main-job command and the test command', () => {
  const firstBlock = README.split('```sh\n')[1].split('```')[0];
  expect(firstBlock).toMatch(/^npm ci && npx projen example\b/m);
  expect(firstBlock).toMatch(/^npm ci && npx projen build\b/m);
});

test('.ci/run calls the README\'s test command exactly as printed, with no environment set before it', () => {
  const ci = fs.readFileSync(path.join(__dirname, '..', '.ci', 'run'), 'utf8');
  const lines = ci.split('\n');
  const at = lines.indexOf('npm ci && npx projen build');
  expect(at).toBeGreaterThan(0);
  // Nothing before it may put anything into the command's environment (CI=true, exports, set -a).
  const before = lines.slice(0, at).filter((l) => !/^\s*(#|$)/.test(l));
  expect(before.filter((l) => /^\s*(export\s|declare\s+-[a-z]*x|set\s+-[a-z]*a|env\s)|\bCI=/.test(l))).toEqual([]);
});

test('every generated README section is up to date (npx projen readme)', () => {
  const sections = generatedSections();
  expect(Object.keys(sections).length).toBeGreaterThanOrEqual(5);
  for (const name of Object.keys(sections)) {
    expect(README).toContain(`<!-- ${name} -->`);
  }
  expect(applySections(README, sections)).toBe(README);
});

test('the scratch Dockerfile shown in the README is what the library renders for the example crate', () => {
  const block = README.split('<!-- rendered: scratch -->\n')[1].split('<!-- end rendered -->')[0];
  const shown = block.replace(/^```dockerfile\n/, '').replace(/```\n$/, '');
  const build = new ScratchRuntime().compose(new RustMuslImage({ crateDirectory: path.join(__dirname, '..', 'examples', 'task-api', 'service') }));
  expect(shown).toBe(build.dockerfile);
});
