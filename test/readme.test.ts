import * as fs from 'fs';
import * as path from 'path';
import { applySections } from '../scripts/readme/sections';
import { RustMuslImage, ScratchRuntime } from '../src';

const README = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');

test('the README opens with the main-job command and the test command', () => {
  const firstBlock = README.split('```sh\n')[1].split('```')[0];
  expect(firstBlock).toMatch(/^npm ci && npx projen example\b/m);
  expect(firstBlock).toMatch(/^npm ci && npx projen build\b/m);
});

test('.ci/run calls the README\'s test command', () => {
  const ci = fs.readFileSync(path.join(__dirname, '..', '.ci', 'run'), 'utf8');
  expect(ci).toMatch(/^npm ci && npx projen build$/m);
});

test('the scratch Dockerfile shown in the README is what the library renders for the example crate', () => {
  const block = README.split('<!-- rendered: scratch -->\n')[1].split('<!-- end rendered -->')[0];
  const shown = block.replace(/^```dockerfile\n/, '').replace(/```\n$/, '');
  const build = new ScratchRuntime().compose(new RustMuslImage({ crateDirectory: path.join(__dirname, '..', 'examples', 'task-api', 'service') }));
  expect(shown).toBe(build.dockerfile);
});

test('every generated section of the README (rendered Dockerfile, tables, measured figures) is what `npx projen readme` computes now', () => {
  expect(README).toBe(applySections(README));
});
