import * as path from 'path';
import * as CDX from '@cyclonedx/cyclonedx-library';
import { CargoManifest, RustMuslImage, RustWorkspaceImages, ScratchRuntime } from '../../src';
import { clearSbomDocuments, sbomSupportFile } from '../../src/image/context/sbom';
import { makeTree, readTree } from '../util';

/*
 * The CycloneDX SBOM of Cargo.lock: valid against the CycloneDX 1.6 JSON
 * schema (the library's own strict validator), the service's package as
 * the subject, every other locked package a component with its purl and
 * SHA-256, the dependency graph; deterministic; and the same whether the
 * lockfile's document is built for this call or reused from an earlier one.
 */

const TASK_SERVICE = path.join(__dirname, '..', 'engine', 'fixtures', 'task-service');

function sbomOf(manifest: CargoManifest, binaryName: string, packageName: string): any {
  return JSON.parse(sbomSupportFile(manifest, binaryName, packageName, 'cdk-rust-image')!.content);
}

const LOCK = [
  'version = 4',
  '[[package]]\nname = "api"\nversion = "0.1.0"\ndependencies = ["base64 0.21.7", "shared"]',
  '[[package]]\nname = "worker"\nversion = "0.1.0"\ndependencies = ["base64 0.22.1", "shared"]',
  '[[package]]\nname = "shared"\nversion = "0.1.0"\ndependencies = ["itoa"]',
  `[[package]]\nname = "base64"\nversion = "0.21.7"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\nchecksum = "${'a'.repeat(64)}"`,
  `[[package]]\nname = "base64"\nversion = "0.22.1"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\nchecksum = "${'b'.repeat(64)}"`,
  '[[package]]\nname = "itoa"\nversion = "1.0.14"\nsource = "git+https://example.com/itoa?rev=1#0123abcd"',
].join('\n\n');

function workspace(): string {
  return makeTree({
    'Cargo.toml': '[workspace]\nmembers = ["api", "worker", "shared"]\n',
    'Cargo.lock': LOCK,
    'api/Cargo.toml': '[package]\nname = "api"\nversion = "0.1.0"\nedition = "2021"\n',
    'api/src/main.rs': 'fn main() {}\n',
    'worker/Cargo.toml': '[package]\nname = "worker"\nversion = "0.1.0"\nedition = "2021"\n',
    'worker/src/main.rs': 'fn main() {}\n',
    'shared/Cargo.toml': '[package]\nname = "shared"\nversion = "0.1.0"\nedition = "2021"\n',
    'shared/src/lib.rs': '',
  }, 'sbom-');
}

test('valid CycloneDX 1.6 JSON (the library\'s strict schema validator), for a real lockfile of 116 packages', async () => {
  const manifest = CargoManifest.fromDirectory(path.join(TASK_SERVICE, 'crates', 'task-api'));
  const text = sbomSupportFile(manifest, 'task-api', 'task-api', 'cdk-rust-image')!.content;
  const validator = new CDX.Validation.JsonStrictValidator(CDX.Spec.Version.v1dot6);
  expect(await validator.validate(text)).toBeNull();
  const sbom = JSON.parse(text);
  expect(sbom.components).toHaveLength(manifest.lockedPackageNames.length - 1);
});

test('the subject, the components with purls and hashes, and the graph through "name version" and git sources', () => {
  const sbom = sbomOf(CargoManifest.fromDirectory(workspace()), 'api', 'api');
  expect(sbom.metadata.component).toEqual({ 'type': 'application', 'name': 'api', 'version': '0.1.0', 'bom-ref': 'local:api@0.1.0', 'purl': 'pkg:cargo/api@0.1.0' });
  expect(sbom.metadata.tools).toEqual({ components: [{ type: 'application', name: 'cdk-rust-image' }] });
  expect(sbom.components.map((c: any) => [c['bom-ref'], c.purl, c.hashes?.[0]?.content])).toEqual([
    ['cargo:base64@0.21.7', 'pkg:cargo/base64@0.21.7', 'a'.repeat(64)],
    ['cargo:base64@0.22.1', 'pkg:cargo/base64@0.22.1', 'b'.repeat(64)],
    ['git:itoa@1.0.14', 'pkg:cargo/itoa@1.0.14', undefined],
    ['local:shared@0.1.0', 'pkg:cargo/shared@0.1.0', undefined],
    ['local:worker@0.1.0', 'pkg:cargo/worker@0.1.0', undefined],
  ]);
  expect(sbom.dependencies).toEqual([
    { ref: 'cargo:base64@0.21.7' },
    { ref: 'cargo:base64@0.22.1' },
    { ref: 'git:itoa@1.0.14' },
    { ref: 'local:api@0.1.0', dependsOn: ['cargo:base64@0.21.7', 'local:shared@0.1.0'] },
    { ref: 'local:shared@0.1.0', dependsOn: ['git:itoa@1.0.14'] },
    { ref: 'local:worker@0.1.0', dependsOn: ['cargo:base64@0.22.1', 'local:shared@0.1.0'] },
  ]);
});

test('each service of one lockfile is its own subject with its own serial number; the same input gives the same bytes, reused or not', () => {
  const manifest = CargoManifest.fromDirectory(workspace());
  clearSbomDocuments();
  const api = sbomSupportFile(manifest, 'api', 'api', 'cdk-rust-image')!;
  const worker = sbomSupportFile(manifest, 'worker', 'worker', 'cdk-rust-image')!;
  const apiAgain = sbomSupportFile(manifest, 'api', 'api', 'cdk-rust-image')!;
  clearSbomDocuments();
  const apiFresh = sbomSupportFile(manifest, 'api', 'api', 'cdk-rust-image')!;
  expect(apiAgain).toEqual(api);
  expect(apiFresh).toEqual(api);
  expect([api.path, worker.path]).toEqual(['.cdk-rust-image/sbom/api.cdx.json', '.cdk-rust-image/sbom/worker.cdx.json']);
  const [a, w] = [JSON.parse(api.content), JSON.parse(worker.content)];
  expect(w.metadata.component.name).toBe('worker');
  expect(w.components.map((c: any) => c.name)).toContain('api');
  expect(a.serialNumber).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(w.serialNumber).not.toBe(a.serialNumber);
  // Everything but the subject and the serial number is shared.
  expect({ ...w, serialNumber: '', metadata: {}, components: [] }).toEqual({ ...a, serialNumber: '', metadata: {}, components: [] });
});

test('a changed lockfile changes the SBOM and its serial number; the old content still gives the old SBOM', () => {
  const root = workspace();
  const sbom = (dir: string) => JSON.parse(sbomSupportFile(CargoManifest.fromDirectory(path.join(dir, 'api')), 'api', 'api', 'cdk-rust-image')!.content);
  const before = sbom(root);
  const bumped = makeTree({ ...readTree(root), 'Cargo.lock': LOCK.replace('1.0.14', '1.0.15') }, 'sbom-');
  const after = sbom(bumped);
  expect(after.serialNumber).not.toBe(before.serialNumber);
  expect(after.components.map((c: any) => c['bom-ref'])).toContain('git:itoa@1.0.15');
  expect(sbom(root)).toEqual(before);
});

test('RustWorkspaceImages and a single-service compose ship the same SBOM for the same service', () => {
  const root = workspace();
  const single = new ScratchRuntime().compose(new RustMuslImage({ crateDirectory: path.join(root, 'api') }));
  const shared = new RustWorkspaceImages({ crateDirectory: root, services: [{ binaryName: 'api' }, { binaryName: 'worker' }] }).compose();
  const file = (files: Array<{ path: string; content: string }>, p: string) => files.find((f) => f.path === p)?.content;
  expect(file(shared[0].supportFiles, '.cdk-rust-image/sbom/api.cdx.json')).toBe(file(single.supportFiles, '.cdk-rust-image/sbom/api.cdx.json'));
  expect(file(shared[0].supportFiles, '.cdk-rust-image/sbom/worker.cdx.json')).toContain('"name": "worker"');
});
