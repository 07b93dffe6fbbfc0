/**
 * What a scratch image is made of, from the image's own file listing
 * (`docker export`, nothing runs): the binary, the health check probe, the
 * CA bundle, the user database, the SBOM, and the rest.
 */
import { ScratchParts } from '../../devtools/bench-results';
import { imageFiles, imageSizeBytes } from '../../devtools/engine-harness';

export async function fileBytes(tag: string, imagePath: string): Promise<number> {
  return (await imageFiles(tag)).find((f) => f.path === imagePath)?.size ?? 0;
}

export async function scratchParts(tag: string, binaryPath: string): Promise<ScratchParts> {
  const files = (await imageFiles(tag)).filter((f) => f.kind === '-');
  const size = (p: string) => files.find((f) => f.path === p)?.size ?? 0;
  const binaryBytes = size(binaryPath);
  const probeBytes = size('/usr/local/bin/healthcheck');
  const caCertificatesBytes = size('/etc/ssl/certs/ca-certificates.crt');
  const accountsBytes = size('/etc/passwd') + size('/etc/group');
  const sbomBytes = files.filter((f) => f.path.startsWith('/usr/share/sbom/')).reduce((n, f) => n + f.size, 0);
  const imageBytes = await imageSizeBytes(tag);
  return {
    binaryBytes,
    probeBytes,
    caCertificatesBytes,
    accountsBytes,
    sbomBytes,
    otherBytes: imageBytes - binaryBytes - probeBytes - caCertificatesBytes - accountsBytes - sbomBytes,
    imageBytes,
    overheadBytes: imageBytes - binaryBytes,
  };
}
