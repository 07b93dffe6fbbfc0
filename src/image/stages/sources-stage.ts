import { TOOLCHAIN_STAGE } from './toolchain-stage';
import { Dockerfile } from '../../dockerfile/dockerfile';
import { SUPPORT_DIR } from '../context/support-files';

/** Name of the stage that holds the build context without the library's own files. */
export const SOURCES_STAGE = 'sources';

/** Where the sources stage keeps them. */
export const SOURCES_DIR = '/sources';

/**
 * The sources stage: the build context without `.cdk-rust-image/` (the
 * skeleton, the health check probe's crate, the SBOM, the static check).
 * Builder stages copy the sources from it rather than with `COPY .`:
 * BuildKit keys a copy from another stage by the content copied, so a
 * change that only touches those files (another runtime, a health check
 * with or without the probe, a new SBOM) leaves the compile step cached,
 * and cargo never sees the probe's or the skeleton's manifests.
 */
export function renderSourcesStage(dockerfile: Dockerfile): void {
  dockerfile.addStage({ image: TOOLCHAIN_STAGE, name: SOURCES_STAGE })
    .comment(`The build context without cdk-rust-image's own files (${SUPPORT_DIR}/): changing those (runtime, health check, SBOM) never invalidates a compile step`)
    .copy(['.'], `${SOURCES_DIR}/`)
    .run([`rm -rf ${SOURCES_DIR}/${SUPPORT_DIR}`]);
}
