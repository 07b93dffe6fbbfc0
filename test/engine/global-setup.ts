import * as os from 'os';
import * as path from 'path';
import { SESSION_ENV } from './engine-harness';

/**
 * Names this run's session file. Test files that launch the private engine
 * record it there, so global-teardown.ts stops only an engine this run started.
 */
export default function globalSetup(): void {
  process.env[SESSION_ENV] = path.join(os.tmpdir(), `cdk-rust-image-engine-session-${process.pid}-${Date.now()}`);
}
