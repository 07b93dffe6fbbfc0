import * as crypto from 'crypto';
import { createRequire } from 'module';
import { SUPPORT_DIR, SupportFile } from './support-files';
import { CargoManifest } from '../../model/cargo/cargo-manifest';
import { LockedPackage, resolveLockedDependency } from '../../model/cargo/lockfile';

// Bundled CommonJS builds, loaded with require (see cargo-toml.ts for why).
type CycloneDx = typeof import('@cyclonedx/cyclonedx-library');
type PackageUrlModule = typeof import('packageurl-js');
const requireHere = createRequire(__filename);

/** Where the SBOM of an image lives inside it. */
export function sbomImagePath(binaryName: string): string {
  return `/usr/share/sbom/${binaryName}.cdx.json`;
}

/** Where the SBOM sits in the build context. */
export function sbomContextPath(binaryName: string): string {
  return `${SUPPORT_DIR}/sbom/${binaryName}.cdx.json`;
}

/**
 * A CycloneDX 1.6 SBOM of the Rust dependencies, from Cargo.lock: every
 * locked package with its version, package URL and, for registry crates,
 * the SHA-256 Cargo.lock records, and the dependency graph; the service's
 * package is the subject. Deterministic (no timestamp, a serial number
 * derived from the content), so it never changes an asset hash by itself.
 * Undefined without a Cargo.lock.
 */
export function sbomSupportFile(manifest: CargoManifest, binaryName: string, packageName: string, tool: string): SupportFile | undefined {
  const locked = manifest._lockedPackages();
  if (locked.length === 0) return undefined;
  const CDX = requireHere('@cyclonedx/cyclonedx-library') as CycloneDx;
  const { PackageURL } = requireHere('packageurl-js') as PackageUrlModule;
  const ref = (p: LockedPackage) => `${p.source === undefined ? 'local' : p.source.startsWith('git+') ? 'git' : 'cargo'}:${p.name}@${p.version}`;

  const bom = new CDX.Models.Bom();
  const components = new Map<string, InstanceType<CycloneDx['Models']['Component']>>();
  for (const p of locked) {
    const component = new CDX.Models.Component(CDX.Enums.ComponentType.Library, p.name, {
      version: p.version,
      bomRef: ref(p),
      purl: new PackageURL('cargo', undefined, p.name, p.version, undefined, undefined).toString(),
    });
    if (p.checksum !== undefined && /^[a-f0-9]{64}$/.test(p.checksum)) {
      component.hashes.set(CDX.Enums.HashAlgorithm['SHA-256'], p.checksum);
    }
    components.set(ref(p), component);
  }
  for (const p of locked) {
    for (const dependency of p.dependencies) {
      const target = resolveLockedDependency(dependency, locked);
      if (target) components.get(ref(p))!.dependencies.add(components.get(ref(target))!.bomRef);
    }
  }
  const subject = locked.find((p) => p.name === packageName && p.source === undefined);
  for (const [key, component] of components) {
    if (subject && key === ref(subject)) {
      component.type = CDX.Enums.ComponentType.Application;
      bom.metadata.component = component;
    } else {
      bom.components.add(component);
    }
  }
  bom.metadata.tools.components.add(new CDX.Models.Component(CDX.Enums.ComponentType.Application, tool));
  const serializer = new CDX.Serialize.JsonSerializer(new CDX.Serialize.JSON.Normalize.Factory(CDX.Spec.Spec1dot6));
  const unnumbered = serializer.serialize(bom, { sortLists: true, space: 2 });
  const digest = crypto.createHash('sha256').update(unnumbered).digest('hex');
  bom.serialNumber = `urn:uuid:${digest.slice(0, 8)}-${digest.slice(8, 12)}-5${digest.slice(13, 16)}-8${digest.slice(17, 20)}-${digest.slice(20, 32)}`;
  return { path: sbomContextPath(binaryName), content: `${serializer.serialize(bom, { sortLists: true, space: 2 })}\n` };
}
