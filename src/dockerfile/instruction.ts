import { CopyOptions, HealthCheckInstructionOptions, RunMount } from './options';

/**
 * The instructions a stage holds, as plain data. Validation happens when an
 * instruction is added (so errors point at the caller); quoting happens once,
 * in the renderer.
 */
export type Instruction =
  | { readonly kind: 'comment'; readonly text: string }
  | { readonly kind: 'arg'; readonly name: string; readonly defaultValue?: string }
  | { readonly kind: 'env'; readonly name: string; readonly value: string }
  | { readonly kind: 'label'; readonly key: string; readonly value: string }
  | { readonly kind: 'run'; readonly commands: string[]; readonly mounts: RunMount[] }
  | { readonly kind: 'copy'; readonly sources: string[]; readonly destination: string; readonly options: CopyOptions }
  | { readonly kind: 'workdir'; readonly path: string }
  | { readonly kind: 'user'; readonly user: string }
  | { readonly kind: 'expose'; readonly port: number }
  | { readonly kind: 'healthcheck'; readonly options?: HealthCheckInstructionOptions }
  | { readonly kind: 'entrypoint'; readonly argv: string[] }
  | { readonly kind: 'cmd'; readonly argv: string[] }
  | { readonly kind: 'stopsignal'; readonly signal: string };
