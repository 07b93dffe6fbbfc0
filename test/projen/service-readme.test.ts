import * as path from 'path';
import { ProjenrcFile } from 'projen';
import { synthSnapshot } from 'projen/lib/util/synth';
import { RustServiceProject } from '../../src/projen/rust-service-project';
import { tempDir } from '../util';

// synth() would otherwise run `npm install` after synthesis.
beforeAll(() => { process.env.PROJEN_DISABLE_POST = 'true'; });
afterAll(() => { delete process.env.PROJEN_DISABLE_POST; });

test.each([[true, '.projenrc.ts'], [false, '.projenrc.js']])('the sample README names the project definition projen reads (projenrcTs: %s)', (projenrcTs, file) => {
  const project = new RustServiceProject({ name: 'my-svc', outdir: tempDir('service-'), projenrcTs });
  const rcFile = path.basename(ProjenrcFile.of(project)!.filePath);
  expect(rcFile).toBe(file);
  const readme: string = synthSnapshot(project)['README.md'];
  expect([...new Set(readme.match(/\.projenrc\.[a-z]+/g))]).toEqual([rcFile]);
});
