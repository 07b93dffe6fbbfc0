/**
 * A container's memory, read on the host (the engine runs on this machine):
 * the cgroup's usage less its inactive page cache, which is what
 * `docker stats` shows (cgroup v1 and v2), and the main process's resident
 * set. Reading files takes microseconds, so samples can come every 250 ms
 * under load, where `docker stats --no-stream` takes a second or two.
 */
import * as fs from 'fs';
import { getEngine } from '../../devtools/engine-harness';

export interface MemorySample {
  readonly cgroupMiB: number;
  readonly rssMiB: number;
}

const MIB = 2 ** 20;

/** Where a process's memory cgroup is, v1 or v2. */
export function memoryCgroupDir(procCgroup: string): string | undefined {
  const v1 = /^\d+:memory:(.*)$/m.exec(procCgroup)?.[1];
  if (v1 !== undefined && fs.existsSync(`/sys/fs/cgroup/memory${v1}`)) return `/sys/fs/cgroup/memory${v1}`;
  const v2 = /^0::(.*)$/m.exec(procCgroup)?.[1];
  if (v2 !== undefined && fs.existsSync(`/sys/fs/cgroup${v2}/memory.current`)) return `/sys/fs/cgroup${v2}`;
  return undefined;
}

/** memory.stat's value of the first key present, 0 when none is. */
function stat(text: string, keys: string[]): number {
  for (const k of keys) {
    const m = new RegExp(`^${k} (\\d+)$`, 'm').exec(text);
    if (m) return Number(m[1]);
  }
  return 0;
}

/** The memory of one running container, by its main process. */
export class ContainerMemory {
  public static async of(containerId: string): Promise<ContainerMemory> {
    const pid = Number((await getEngine().docker(['inspect', '--format', '{{.State.Pid}}', containerId])).stdout.trim());
    const dir = memoryCgroupDir(fs.readFileSync(`/proc/${pid}/cgroup`, 'utf-8'));
    if (!dir) throw new Error(`no memory cgroup found for container ${containerId} (pid ${pid})`);
    return new ContainerMemory(pid, dir);
  }

  private constructor(private readonly pid: number, private readonly dir: string) {}

  public sample(): MemorySample {
    const v2 = fs.existsSync(`${this.dir}/memory.current`);
    const usage = Number(fs.readFileSync(`${this.dir}/${v2 ? 'memory.current' : 'memory.usage_in_bytes'}`, 'utf-8').trim());
    const inactive = stat(fs.readFileSync(`${this.dir}/memory.stat`, 'utf-8'), v2 ? ['inactive_file'] : ['total_inactive_file', 'inactive_file']);
    const rssKb = Number(/^VmRSS:\s+(\d+) kB$/m.exec(fs.readFileSync(`/proc/${this.pid}/status`, 'utf-8'))?.[1] ?? NaN);
    return { cgroupMiB: round2((usage - inactive) / MIB), rssMiB: round2(rssKb / 1024) };
  }

  /** Samples every intervalMs while `during` runs; the highest of each measure. */
  public async peakDuring<T>(during: Promise<T>, intervalMs = 250): Promise<{ result: T; peak: MemorySample }> {
    let cgroupMiB = 0;
    let rssMiB = 0;
    const take = () => {
      try {
        const s = this.sample();
        cgroupMiB = Math.max(cgroupMiB, s.cgroupMiB);
        rssMiB = Math.max(rssMiB, s.rssMiB);
      } catch {
        // The container may be gone at the very end; the samples so far stand.
      }
    };
    take();
    const timer = setInterval(take, intervalMs);
    try {
      const result = await during;
      take();
      return { result, peak: { cgroupMiB, rssMiB } };
    } finally {
      clearInterval(timer);
    }
  }
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
