import { execFile, execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
import { libBinBuilder } from './render-expected';
import { ScratchRuntime } from '../../src';
import { tempDir } from '../util';

// These tests run the shipped probe and static check for real, with the host's Rust toolchain.
const work = tempDir('probe-');

function writeSupportFiles(): string {
  const context = path.join(work, 'context');
  new ScratchRuntime().compose(libBinBuilder()).writeTo(context);
  return context;
}

describe('the health check probe', () => {
  let probe: string;
  let server: http.Server;
  let port: number;

  beforeAll(async () => {
    const context = writeSupportFiles();
    execFileSync('cargo', ['build', '--release', '--locked', '--offline', '--target-dir', path.join(work, 'target')], {
      cwd: path.join(context, '.cdk-rust-image', 'healthcheck'), stdio: 'pipe',
    });
    probe = path.join(work, 'target', 'release', 'healthcheck');
    server = http.createServer((req, res) => {
      res.statusCode = req.url === '/health' ? 200 : req.url === '/moved' ? 302 : 503;
      res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  }, 180_000);
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const run = (url: string) => new Promise<{ status: number | null; stderr: string }>((resolve) => {
    // Async so the in-process server can answer.
    execFile(probe, [url], (error, _stdout, stderr) => {
      resolve({ status: error ? (error.code as number) : 0, stderr });
    });
  });

  test('exits 0 on 2xx and 3xx', async () => {
    expect((await run(`http://127.0.0.1:${port}/health`)).status).toBe(0);
    expect((await run(`http://127.0.0.1:${port}/moved`)).status).toBe(0);
  });

  test('exits 1 on 5xx, naming the URL and status', async () => {
    const result = await run(`http://127.0.0.1:${port}/down`);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`http://127.0.0.1:${port}/down answered HTTP 503`);
  });

  test('exits 1 when nothing listens', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const freePort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect((await run(`http://127.0.0.1:${freePort}/health`)).status).toBe(1);
  });

  test('is a static binary when built with crt-static', () => {
    const out = path.join(work, 'static-target');
    execFileSync('cargo', ['build', '--release', '--locked', '--offline', '--target', 'x86_64-unknown-linux-gnu', '--target-dir', out], {
      cwd: path.join(work, 'context', '.cdk-rust-image', 'healthcheck'),
      stdio: 'pipe',
      env: { ...process.env, RUSTFLAGS: '-C target-feature=+crt-static' },
    });
    const check = spawnSync('sh', [path.join(work, 'context', '.cdk-rust-image', 'assert-static.sh'), path.join(out, 'x86_64-unknown-linux-gnu', 'release', 'healthcheck')], { encoding: 'utf8' });
    expect(check.stdout).toContain('is static');
    expect(check.status).toBe(0);
  }, 180_000);
});

describe('the static-binary check', () => {
  const source = path.join(work, 'main.rs');
  beforeAll(() => fs.writeFileSync(source, 'fn main() { println!("hi"); }\n'));

  test('fails a dynamically linked binary with the fix in the message', () => {
    const context = writeSupportFiles();
    const binary = path.join(work, 'dynamic');
    execFileSync('rustc', ['-o', binary, source]);
    const check = spawnSync('sh', [path.join(context, '.cdk-rust-image', 'assert-static.sh'), binary], { encoding: 'utf8' });
    expect(check.status).toBe(1);
    expect(check.stderr).toContain(`${binary} is dynamically linked`);
    expect(check.stderr).toContain('Requesting program interpreter');
    expect(check.stderr).toContain('Fix: link it statically (Linkage.MUSL, or Linkage.GLIBC_STATIC');
  });

  test('passes a static binary', () => {
    const context = writeSupportFiles();
    const binary = path.join(work, 'static');
    execFileSync('rustc', ['-C', 'target-feature=+crt-static', '-o', binary, source]);
    const check = spawnSync('sh', [path.join(context, '.cdk-rust-image', 'assert-static.sh'), binary], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });
});
