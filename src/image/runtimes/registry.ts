import { AlpineRuntime } from './alpine-runtime';
import { CustomRuntime } from './custom-runtime';
import { DebianSlimRuntime } from './debian-slim-runtime';
import { DevImage } from './dev-image';
import { DistrolessRuntime } from './distroless-runtime';
import { ImageRuntime, RuntimeOptions } from './runtime';
import { ScratchRuntime } from './scratch-runtime';

/** What the library knows of one runtime class: the one list of runtimes that front ends and messages read. */
export interface RuntimeEntry {
  /** The class (its name is how users write it). */
  readonly runtimeClass: abstract new (...args: never[]) => ImageRuntime;
  /**
   * Name of the projen Dockerfile variant that renders it (`RustDockerfiles`),
   * and how to make it from the variant's common options; none for runtimes
   * that need options of their own.
   */
  readonly variant?: { readonly name: string; readonly create: (options: RuntimeOptions) => ImageRuntime; readonly byDefault: boolean };
  /** Whether it can be one service's runtime stage in a shared workspace build (a single-stage image cannot). */
  readonly sharedBuild: boolean;
  /**
   * For messages that recommend a production runtime with a shell: `''` when
   * it always has one, or the condition (`with a :debug base image`).
   * @default - not recommended for a shell
   */
  readonly shell?: string;
}

/**
 * Every runtime, in the order variants are written and messages list them. `prod` is Debian slim,
 * like the guide's production image: a glibc userland with apt for
 * debugging, for teams that want a shell in production; `scratch` is the
 * smallest image.
 */
export const RUNTIMES: RuntimeEntry[] = [
  { runtimeClass: DebianSlimRuntime, variant: { name: 'prod', create: (o) => new DebianSlimRuntime(o), byDefault: true }, sharedBuild: true, shell: '' },
  { runtimeClass: ScratchRuntime, variant: { name: 'scratch', create: (o) => new ScratchRuntime(o), byDefault: true }, sharedBuild: true },
  { runtimeClass: AlpineRuntime, variant: { name: 'alpine', create: (o) => new AlpineRuntime(o), byDefault: true }, sharedBuild: true, shell: '' },
  { runtimeClass: DistrolessRuntime, variant: { name: 'distroless', create: (o) => new DistrolessRuntime(o), byDefault: false }, sharedBuild: true, shell: 'with a :debug base image' },
  { runtimeClass: DevImage, variant: { name: 'dev', create: (o) => new DevImage(o), byDefault: true }, sharedBuild: false },
  { runtimeClass: CustomRuntime, sharedBuild: true },
];

/** The entry of a runtime, if it is one of the library's. */
export function runtimeEntryOf(runtime: unknown): RuntimeEntry | undefined {
  return RUNTIMES.find((entry) => runtime instanceof entry.runtimeClass);
}

/** The runtime class names of some entries, for messages: `A, B or C`. */
export function runtimeClassNames(filter: (entry: RuntimeEntry) => boolean = () => true): string {
  return listed(RUNTIMES.filter(filter).map((entry) => entry.runtimeClass.name));
}

/** The production runtimes with a shell, for messages: `A, B or C with a :debug base image`. */
export function runtimesWithShell(): string {
  return listed(RUNTIMES.filter((entry) => entry.shell !== undefined).map((entry) => `${entry.runtimeClass.name}${entry.shell ? ` ${entry.shell}` : ''}`));
}

function listed(names: string[]): string {
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : names.join('');
}

/** The runtime of an image that names none (`RustServiceImage`, a workspace service): the smallest one. */
export function defaultRuntime(options: RuntimeOptions = {}): ImageRuntime {
  return new ScratchRuntime(options);
}
