/**
 * Where a docker build's time goes, from BuildKit's plain progress log
 * (`--progress plain`, which the harness always passes): every step that ran
 * with its `DONE` time. Steps of parallel stages overlap (the probe builds
 * while the dependency layer does), so the times do not add up to the wall
 * time; the builder stage's cargo steps run one after the other, and the
 * wall time less theirs is what Docker adds around cargo (context, toolchain
 * stage, copies, the steps that did not overlap them, exporting the image).
 */
import { BuildStep } from '../../devtools/bench-results';

const NAME_LENGTH = 72;

function shorten(name: string): string {
  const flat = name.replace(/\s+/g, ' ').trim();
  return flat.length > NAME_LENGTH ? `${flat.slice(0, NAME_LENGTH - 1)}…` : flat;
}

/** A step of the builder stage (`builder`, or `builder-<arch>`) that runs cargo, by its full name. */
export function isBuilderCargoStep(name: string): boolean {
  return /^\[builder[\w-]* \d+\/\d+\] RUN .*\bcargo (build|zigbuild)\b/s.test(name);
}

/** The steps that ran (not cached), longest first. */
export function parseSteps(log: string): BuildStep[] {
  const names = new Map<string, string>();
  const done = new Map<string, number>();
  for (const line of log.split('\n')) {
    const header = /^#(\d+) (\[.*)$/.exec(line);
    if (header && !names.has(header[1])) names.set(header[1], header[2]);
    const finished = /^#(\d+) DONE ([\d.]+)s$/.exec(line);
    if (finished) done.set(finished[1], Number(finished[2]));
  }
  return [...done.entries()]
    .filter(([id]) => names.has(id))
    .map(([id, seconds]) => ({ name: shorten(names.get(id)!), seconds, builderCargo: isBuilderCargoStep(names.get(id)!) }))
    .sort((a, b) => b.seconds - a.seconds);
}

/** The seconds of the builder stage's cargo steps (the dependency layer and the final build): they run one after the other. */
export function builderCargoSeconds(steps: BuildStep[]): number {
  return steps.filter((s) => s.builderCargo).reduce((n, s) => n + s.seconds, 0);
}
