import { TOOLCHAIN_STAGE } from './toolchain-stage';
import { Dockerfile } from '../../dockerfile/dockerfile';
import { OptLevel, ReleaseProfile } from '../../model/release-profile';
import { cargoCommand, collectBinaryCommands } from '../builder/cargo-command';
import { OUT_DIR, PROBE_PATH } from '../builder/layout';
import { PROBE_DIR, probeSupportFiles, SupportFile } from '../context/support-files';
import type { RustMuslImage } from '../rust-musl-image';

/** The probe's stage, its path there, and the files it needs. */
export interface ProbeStage {
  readonly stage: string;
  readonly path: string;
  readonly files: SupportFile[];
}

/** Name of the probe's stage (`healthcheck-<arch>` in a multi-platform Dockerfile). */
export const PROBE_STAGE = 'healthcheck';

// The probe's own release profile: smallest binary, whatever the service's profile.
const PROBE_PROFILE = ReleaseProfile.optimized({ optLevel: OptLevel.MIN_SIZE });

// Left of the health check's timeout for the probe's start: a hanging
// service fails by the probe's own deadline, with its message, before
// Docker or ECS kill it.
const PROBE_START_MARGIN_MS = 500;

/**
 * The probe's exec-form command: `url` with a deadline (connect, send and
 * status line together) just inside the health check's `timeoutSeconds`.
 */
export function probeCommand(url: string, timeoutSeconds: number): string[] {
  return [PROBE_PATH, `--timeout-ms=${timeoutSeconds * 1000 - PROBE_START_MARGIN_MS}`, url];
}

/**
 * The health check probe: a no_std crate (assets/healthcheck-probe) built
 * for the service's target with its cross toolchain and a size-optimized
 * profile, in stage `healthcheck<suffix>`.
 */
export function renderProbeStage(dockerfile: Dockerfile, builder: RustMuslImage, triple: string, suffix: string): ProbeStage {
  const name = `${PROBE_STAGE}${suffix}`;
  const stage = dockerfile.addStage({ image: TOOLCHAIN_STAGE, name })
    .comment('A tiny static HTTP probe for images without curl or wget, built for size');
  for (const [key, value] of Object.entries(PROBE_PROFILE.environment())) stage.env(key, value);
  stage.workdir('/healthcheck')
    .copy([`${PROBE_DIR}/`], './')
    .run([
      cargoCommand([builder.crossCompilation.cargoSubcommand, '--release', '--locked', '--target', triple]),
      ...collectBinaryCommands('healthcheck', triple),
    ]);
  return { stage: name, path: `${OUT_DIR}/healthcheck`, files: probeSupportFiles() };
}
