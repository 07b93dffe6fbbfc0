import * as crypto from 'crypto';
import { createRequire } from 'module';
import { SUPPORT_DIR, SupportFile } from './support-files';
import { CargoManifest } from '../../model/cargo/cargo-manifest';
import { LockedPackage, lockedDependencyResolver } from '../../model/cargo/lockfile';

// Bundled CommonJS builds, loaded with require (see cargo-toml.ts for why).
type CycloneDx = typeof import('@cyclonedx/cyclonedx-library');
type PackageUrlModule = typeof import('packageurl-js');
const requireHere = createRequire(__filename);

/** Bump when what an SBOM holds changes: it is part of every serial number. */
const SBOM_FORMAT = 'cdk-rust-image sbom v2';

/** A normalized CycloneDX document (what the library's JSON serializer stringifies). */
type Normalized = { readonly [key: string]: unknown };

/**
 * The normalized SBOM of each lockfile content seen in this process, every
 * package a component: the part every service of a workspace shares; and
 * the text already written for each subject (projen's variants and a
 * second synth render the same service again). Few entries: a process
 * renders few workspaces, and an entry is replaced only when its lockfile
 * changes.
 */
interface LockfileSboms {
  readonly document: Normalized;
  readonly texts: Map<string, string>;
}
const documents = new Map<string, LockfileSboms>();
const MAX_DOCUMENTS = 8;

/** Forgets every normalized document (for the benchmark's cold figures). */
export function clearSbomDocuments(): void {
  documents.clear();
}

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
 * derived from what the SBOM is made of: the locked packages, the subject
 * and the tool), so it never changes an asset hash by itself. Undefined
 * without a Cargo.lock.
 *
 * The CycloneDX library builds and normalizes the document once per
 * lockfile content; each service then takes its subject out of the
 * components into `metadata.component` and gets its serial number, once.
 */
export function sbomSupportFile(manifest: CargoManifest, binaryName: string, packageName: string, tool: string): SupportFile | undefined {
  const locked = manifest._lockedPackages();
  if (locked.length === 0) return undefined;
  const key = crypto.createHash('sha256').update(JSON.stringify([SBOM_FORMAT, tool, locked])).digest('hex');
  let entry = documents.get(key);
  if (entry === undefined) {
    entry = { document: normalizedDocument(locked, tool), texts: new Map() };
    if (documents.size >= MAX_DOCUMENTS) documents.delete(documents.keys().next().value!);
    documents.set(key, entry);
  }
  const subject = locked.find((p) => p.name === packageName && p.source === undefined);
  const subjectRef = subject === undefined ? '' : bomRef(subject);
  let content = entry.texts.get(subjectRef);
  if (content === undefined) {
    content = forSubject(entry.document, key, subjectRef);
    entry.texts.set(subjectRef, content);
  }
  return { path: sbomContextPath(binaryName), content };
}

/** The document with `subjectRef`'s component as `metadata.component` (an application) and a serial number of its own, as text. */
function forSubject(document: Normalized, key: string, subjectRef: string): string {
  const components = document.components as Normalized[];
  const own = subjectRef === '' ? undefined : components.find((c) => c['bom-ref'] === subjectRef);
  const digest = crypto.createHash('sha256').update(`${key}\n${subjectRef}`).digest('hex');
  // Spread, then set: every key keeps its place in the library's order.
  const bom = {
    ...document,
    serialNumber: `urn:uuid:${digest.slice(0, 8)}-${digest.slice(8, 12)}-5${digest.slice(13, 16)}-8${digest.slice(17, 20)}-${digest.slice(20, 32)}`,
    metadata: own === undefined ? document.metadata : { ...(document.metadata as Normalized), component: { ...own, type: 'application' } },
    components: own === undefined ? components : components.filter((c) => c !== own),
  };
  return `${JSON.stringify(bom, null, 2)}\n`;
}

function bomRef(p: LockedPackage): string {
  return `${p.source === undefined ? 'local' : p.source.startsWith('git+') ? 'git' : 'cargo'}:${p.name}@${p.version}`;
}

/** Every locked package as a library component, with the graph, built and normalized by the CycloneDX library (lists sorted). */
function normalizedDocument(locked: LockedPackage[], tool: string): Normalized {
  const CDX = requireHere('@cyclonedx/cyclonedx-library') as CycloneDx;
  const { PackageURL } = requireHere('packageurl-js') as PackageUrlModule;
  const bom = new CDX.Models.Bom();
  const components = new Map<string, InstanceType<CycloneDx['Models']['Component']>>();
  for (const p of locked) {
    const component = new CDX.Models.Component(CDX.Enums.ComponentType.Library, p.name, {
      version: p.version,
      bomRef: bomRef(p),
      purl: new PackageURL('cargo', undefined, p.name, p.version, undefined, undefined).toString(),
    });
    if (p.checksum !== undefined && /^[a-f0-9]{64}$/.test(p.checksum)) {
      component.hashes.set(CDX.Enums.HashAlgorithm['SHA-256'], p.checksum);
    }
    components.set(bomRef(p), component);
  }
  const resolve = lockedDependencyResolver(locked);
  for (const p of locked) {
    for (const dependency of p.dependencies) {
      const target = resolve(dependency);
      if (target) components.get(bomRef(p))!.dependencies.add(components.get(bomRef(target))!.bomRef);
    }
  }
  for (const component of components.values()) bom.components.add(component);
  bom.metadata.tools.components.add(new CDX.Models.Component(CDX.Enums.ComponentType.Application, tool));
  const factory = new CDX.Serialize.JSON.Normalize.Factory(CDX.Spec.Spec1dot6);
  return factory.makeForBom().normalize(bom, { sortLists: true }) as unknown as Normalized;
}
