import { HOST_TOOLS, HostToolName, missingHostToolsMessage } from './util';

interface GlobalConfig {
  /** Jest 30: the file patterns of the command line (`patterns` is empty without any). */
  readonly testPathPatterns?: { readonly patterns?: string[] };
  readonly testNamePattern?: string;
  readonly onlyChanged?: boolean;
  readonly findRelatedTests?: boolean;
}

/**
 * Before a whole-suite run (`npx projen build`, `npx projen test`): every
 * host program the unit tests use must be there, or the run fails once,
 * with one message naming each missing program and how to install it,
 * before any test runs. A run of chosen files skips this: each file that
 * needs a program checks it itself (requireHostTool) and fails once.
 */
export default function hostToolsSetup(globalConfig: GlobalConfig = {}): void {
  const filtered = Boolean((globalConfig.testPathPatterns?.patterns ?? []).length > 0
    || globalConfig.testNamePattern || globalConfig.onlyChanged || globalConfig.findRelatedTests);
  if (filtered) return;
  const message = missingHostToolsMessage(Object.keys(HOST_TOOLS) as HostToolName[]);
  if (message !== undefined) {
    const error = new Error(message);
    error.stack = '';
    throw error;
  }
}
