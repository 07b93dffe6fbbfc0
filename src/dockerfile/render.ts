import type { DockerfileStage } from './dockerfile';
import { Instruction } from './instruction';
import { RunMount } from './options';
import { dockerWord, execForm, jsonString } from './quote';

/** What the renderer needs of a Dockerfile. */
export interface DockerfileParts {
  readonly header: readonly string[];
  readonly stages: readonly DockerfileStage[];
}

const CONTINUATION = ' \\';
const INDENT = '    ';

/** Renders a Dockerfile as lines. Pure: same input, same lines. */
export function renderDockerfile(parts: DockerfileParts): string[] {
  const lines: string[] = parts.header.map((text) => `# ${text}`.trimEnd());
  for (const stage of parts.stages) {
    if (lines.length > 0) lines.push('');
    lines.push(renderFrom(stage), ...stage.instructions().flatMap(renderInstruction));
  }
  return lines;
}

function renderFrom(stage: DockerfileStage): string {
  return [
    'FROM',
    ...(stage.platform ? [`--platform=${stage.platform}`] : []),
    stage.image,
    ...(stage.name ? ['AS', stage.name] : []),
  ].join(' ');
}

function renderInstruction(instruction: Instruction): string[] {
  switch (instruction.kind) {
    case 'comment':
      return [`# ${instruction.text}`.trimEnd()];
    case 'arg':
      return [instruction.defaultValue === undefined
        ? `ARG ${instruction.name}`
        : `ARG ${instruction.name}=${dockerWord(instruction.defaultValue, `build argument ${instruction.name}`)}`];
    case 'env':
      return [`ENV ${instruction.name}=${dockerWord(instruction.value, `environment variable ${instruction.name}`)}`];
    case 'label':
      return [`LABEL ${instruction.key}=${dockerWord(instruction.value, `label ${instruction.key}`)}`];
    case 'run':
      return renderRun(instruction.mounts, instruction.commands);
    case 'copy':
      return [renderCopy(instruction)];
    case 'workdir':
      return [`WORKDIR ${renderPath(instruction.path)}`];
    case 'user':
      return [`USER ${instruction.user}`];
    case 'expose':
      return [`EXPOSE ${instruction.port}/tcp`];
    case 'healthcheck': {
      const o = instruction.options;
      if (!o) return ['HEALTHCHECK NONE'];
      const flags = [
        ...(o.intervalSeconds ? [`--interval=${o.intervalSeconds}s`] : []),
        ...(o.timeoutSeconds ? [`--timeout=${o.timeoutSeconds}s`] : []),
        ...(o.startPeriodSeconds ? [`--start-period=${o.startPeriodSeconds}s`] : []),
        ...(o.retries ? [`--retries=${o.retries}`] : []),
      ];
      return [['HEALTHCHECK', ...flags, 'CMD', execForm(o.command, 'healthcheck command')].join(' ')];
    }
    case 'entrypoint':
      return [`ENTRYPOINT ${execForm(instruction.argv, 'entrypoint')}`];
    case 'cmd':
      return [`CMD [${instruction.argv.map((arg, i) => jsonString(arg, `cmd[${i}]`)).join(', ')}]`];
    case 'stopsignal':
      return [`STOPSIGNAL ${instruction.signal}`];
  }
}

function renderRun(mounts: readonly RunMount[], commands: readonly string[]): string[] {
  const first = ['RUN', ...mounts.map(renderMount)].join(' ');
  if (commands.length === 1 && mounts.length === 0) {
    return [`${first} ${commands[0]}`];
  }
  return [
    first + CONTINUATION,
    ...commands.map((command, i) => `${INDENT}${i === 0 ? '' : '&& '}${command}${i === commands.length - 1 ? '' : CONTINUATION}`),
  ];
}

function renderMount(mount: RunMount): string {
  const fields = [
    `type=${mount.mountType}`,
    ...(mount.id ? [`id=${mount.id}`] : []),
    ...(mount.target ? [`target=${mount.target}`] : []),
    ...(mount.fromStage ? [`from=${mount.fromStage}`] : []),
    ...(mount.source ? [`source=${mount.source}`] : []),
    ...(mount.sharing ? [`sharing=${mount.sharing}`] : []),
    ...(mount.readWrite ? ['rw'] : []),
    ...(mount.required ? ['required=true'] : []),
  ];
  return `--mount=${fields.join(',')}`;
}

function renderCopy(instruction: Extract<Instruction, { kind: 'copy' }>): string {
  const o = instruction.options;
  const flags = [
    ...(o.fromStage ? [`--from=${o.fromStage}`] : []),
    ...(o.chown ? [`--chown=${o.chown}`] : []),
  ];
  // A relative path that starts with "-" would read as a flag: "./" keeps it a path.
  const paths = [...instruction.sources, instruction.destination].map((p) => (p.startsWith('-') ? `./${p}` : p));
  // The JSON form is the only way to write paths with spaces.
  const rendered = paths.some((p) => /\s/.test(p))
    ? `[${paths.map((p) => jsonString(p, 'copy path')).join(', ')}]`
    : paths.join(' ');
  return ['COPY', ...flags, rendered].join(' ');
}

function renderPath(path: string): string {
  return /\s/.test(path) ? dockerWord(path, 'path') : path;
}
