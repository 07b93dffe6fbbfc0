import * as fs from 'fs';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { makeCrate } from './cdk/crate';
import { HOST_TOOLS, tempDir } from './util';
import { LoadBalancerExposure, RustFargateService, RustServiceImage } from '../src';

/*
 * What a new user reads first: the prerequisites, the install line, and
 * snippets that compile as printed (jsii-rosetta --strict compiles them in
 * the build, against rosetta/readme.ts-fixture, which gives them nothing).
 */
const ROOT = path.join(__dirname, '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

function section(marker: string): string {
  return README.split(`<!-- ${marker} -->\n`)[1].split(`<!-- end ${marker} -->`)[0];
}

describe('the README\'s first hour', () => {
  test('every TypeScript snippet carries its own imports: the readme fixture (a stack constructor that names nothing a snippet could use) or none', () => {
    const fences = [...README.matchAll(/^```(ts|typescript)\b(.*)$/gm)].map((m) => m[2].trim());
    expect(fences.length).toBeGreaterThanOrEqual(10);
    expect(fences.filter((f) => f !== 'fixture=readme' && f !== 'nofixture')).toEqual([]);
    const fixture = fs.readFileSync(path.join(ROOT, 'rosetta', 'readme.ts-fixture'), 'utf8');
    expect([...fixture.matchAll(/^import \* as (\w+) from/gm)].map((m) => m[1])).toEqual(['fixtureCdk', 'fixtureConstructs']);
    expect(fixture).not.toMatch(/^\s*declare /m);
    expect(fixture).toContain('/// here');
  });

  test('the install line names the package and every peer dependency', () => {
    const install = /^npm install cdk-rust-image( [\w@/.^-]+)*$/m.exec(README)?.[0];
    expect(install).toBeDefined();
    expect(install!.split(' ').slice(2).sort()).toEqual(['cdk-rust-image', ...Object.keys(PACKAGE.peerDependencies)].sort());
  });

  test('the prerequisites come first and match what the package and the tests need', () => {
    const prerequisites = section('prerequisites');
    expect(README.indexOf('<!-- prerequisites -->')).toBeLessThan(README.indexOf('\n## '));
    expect(PACKAGE.engines.node).toBe('>= 20.18.0');
    expect(prerequisites).toMatch(/^\| Node\.js and npm \| 20\.18 or later/m);
    for (const tool of Object.keys(HOST_TOOLS)) expect(prerequisites).toContain(`\`${tool}\``);
    // The README's commands are typed exactly as printed: no environment in front of them.
    expect(README.split('```sh\n')[1]).not.toContain('JSII_SILENCE');
  });

  test('cdk-nag is shown in its version 3 form, with the version the library is checked against', () => {
    expect(PACKAGE.devDependencies['cdk-nag']).toMatch(/^\^3\./);
    expect(README).toContain('Validations.of(app).addPlugins(new AwsSolutionsChecks(app));');
    expect(README).toContain('AwsSolutions-ECS2');
  });

  test('the README names every finding the library acknowledges', () => {
    const app = new App({ outdir: tempDir('cdk-out-') });
    const stack = new Stack(app, 'Stack', { env: { region: 'eu-west-1' } });
    new RustFargateService(stack, 'Service', {
      image: new RustServiceImage(stack, 'Image', { crateDirectory: makeCrate() }),
      loadBalancer: LoadBalancerExposure.PUBLIC,
      enableExecuteCommand: true,
    });
    const ids = new Set(stack.node.findAll().flatMap((c) => c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.keys(m.data as object).map((id) => id.replace(/^annotation::/i, '')))));
    expect([...ids].sort()).toEqual(['AwsSolutions-EC23', 'AwsSolutions-IAM5[Resource::*]', 'AwsSolutions-S1']);
    for (const id of ids) expect(README).toContain(`\`${id}\``);
  });
});
