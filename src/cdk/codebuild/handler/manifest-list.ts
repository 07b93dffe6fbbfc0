/*
 * A manifest list (an image index) from the images of each platform, as
 * `docker manifest create` writes it: one descriptor per platform with the
 * manifest's media type, digest, size and platform. The deploy's custom
 * resource puts it into ECR (PutImage); the engine test puts the same
 * document into a local registry and pulls it back per platform.
 */

export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
export const DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';

/** The media types a client asks the registry for when it reads a platform's image. */
export const ACCEPTED_MEDIA_TYPES = [DOCKER_MANIFEST, OCI_MANIFEST, DOCKER_MANIFEST_LIST, OCI_INDEX];

/** The image of one platform as the registry holds it. */
export interface PlatformImage {
  /** Docker's architecture name: `amd64` or `arm64`. */
  readonly architecture: string;
  /** The manifest, byte for byte as the registry returned it (its digest and size are of these bytes). */
  readonly manifest: string;
  /** Its digest, `sha256:…`. */
  readonly digest: string;
  /** Its media type, when the registry said (else the manifest's own `mediaType`). */
  readonly mediaType?: string;
}

/** A manifest list: the document and its media type. */
export interface ManifestList {
  readonly mediaType: string;
  readonly document: string;
}

interface Descriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly platform: { readonly architecture: string; readonly os: string };
}

/**
 * The manifest list of `images`. A platform's image that is itself an index
 * (an engine that pushes attestations with the image) contributes its
 * descriptor for that platform.
 */
export function manifestListOf(images: PlatformImage[]): ManifestList {
  const descriptors = images.map(descriptorOf);
  const oci = descriptors.some((d) => d.mediaType === OCI_MANIFEST);
  const mediaType = oci ? OCI_INDEX : DOCKER_MANIFEST_LIST;
  return { mediaType, document: JSON.stringify({ schemaVersion: 2, mediaType, manifests: descriptors }, undefined, 3) };
}

function descriptorOf(image: PlatformImage): Descriptor {
  type Index = { mediaType?: string; manifests?: Array<Descriptor & { platform?: { architecture?: string; os?: string } }> };
  const parsed = JSON.parse(image.manifest) as Index;
  const mediaType = image.mediaType ?? parsed.mediaType;
  if (mediaType === DOCKER_MANIFEST || mediaType === OCI_MANIFEST) {
    return { mediaType, digest: image.digest, size: Buffer.byteLength(image.manifest, 'utf8'), platform: { architecture: image.architecture, os: 'linux' } };
  }
  if (mediaType === DOCKER_MANIFEST_LIST || mediaType === OCI_INDEX) {
    const entry = (parsed.manifests ?? []).find((m) => m.platform?.architecture === image.architecture && m.platform?.os === 'linux');
    if (entry) {
      return { mediaType: entry.mediaType, digest: entry.digest, size: entry.size, platform: { architecture: image.architecture, os: 'linux' } };
    }
  }
  throw new Error(`The ${image.architecture} image ${image.digest} is a ${mediaType ?? 'manifest without a media type'} with no linux/${image.architecture} image: it cannot join a manifest list`);
}
