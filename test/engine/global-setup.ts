import * as os from 'os';
import * as path from 'path';
import { SESSION_ENV, STARTED_FILE_ENV } from '../../devtools/engine-harness';

/**
 * Names this run's session file. Test files that launch the private engine
 * record it there, so global-teardown.ts stops only an engine this run started.
 */
export default function globalSetup(): void {
  const session = path.join(os.tmpdir(), `cdk-rust-image-engine-session-${process.pid}-${Date.now()}`);
  process.env[SESSION_ENV] = session;
  // The engine scripts record what they launch for this run (a registry a test or the stand-ins start), for global-teardown.ts.
  process.env[STARTED_FILE_ENV] = `${session}.processes`;
}
