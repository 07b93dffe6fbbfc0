import { BuildWarning } from '../build-warning';
import { SupportFile } from '../context/support-files';

/** What the builder stages leave for the runtime stage. */
export interface BuilderOutput {
  /** Stage that holds the binary and the CA bundle. */
  readonly builderStage: string;
  /** Absolute path of the binary in that stage. */
  readonly binaryPath: string;
  /** Stage of the health check probe, when one was built. */
  readonly probeStage?: string;
  /** Path of the probe in that stage. */
  readonly probePath?: string;
  /** Files the stages need in the build context. */
  readonly supportFiles: SupportFile[];
  /** Advice found while rendering. */
  readonly warnings: BuildWarning[];
}
