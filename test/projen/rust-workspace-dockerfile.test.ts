import * as path from 'path';
import { Project } from 'projen';
import { synthSnapshot } from 'projen/lib/util/synth';
import { RustWorkspaceDockerfile } from '../../src/projen/rust-workspace-dockerfile';
import { pkg, tempDir, writeTree } from '../util';

function project(): Project {
  const outdir = tempDir('workspace-project-');
  writeTree(path.join(outdir, 'services'), {
    'Cargo.toml': '[workspace]\nmembers = ["api"]\n',
    'api/Cargo.toml': pkg('api'),
    'api/src/main.rs': 'fn main() {}\n',
  });
  return new Project({ name: 'platform', outdir });
}

describe('RustWorkspaceDockerfile crateDirectory', () => {
  test('is normalized like RustDockerfiles\': "./services/" writes the files under services/ and runs the tasks there', () => {
    const p = project();
    new RustWorkspaceDockerfile(p, { crateDirectory: './services/', services: [{ binaryName: 'api' }] });
    const out = synthSnapshot(p);
    expect(Object.keys(out).filter((f) => f.endsWith('Dockerfile') || f.endsWith('.dockerignore')).sort()).toEqual(['services/.dockerignore', 'services/Dockerfile']);
    expect(out['.projen/tasks.json'].tasks['docker:build:api'].cwd).toBe('services');
  });

  test.each([['..'], ['../elsewhere'], ['/abs/services'], ['services/../..']])('%j, outside the project, is refused', (dir) => {
    expect(() => new RustWorkspaceDockerfile(project(), { crateDirectory: dir, services: [{ binaryName: 'api' }] })).toThrow(new Error(
      `Invalid crateDirectory ${JSON.stringify(dir)}: it must lie inside the project (a relative path). Use a path relative to the project directory, such as "." or "service".`));
  });
});
