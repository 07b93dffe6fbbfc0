import { Architecture } from '../../model/architecture';
import type { RustMuslImage } from '../rust-musl-image';

/** One architecture's builder chain. */
export interface BuildTarget {
  /** The architecture. */
  readonly architecture: Architecture;
  /** Its Rust target triple. */
  readonly triple: string;
  /** Suffix of its stage names: `''`, or `-amd64`/`-arm64` in a multi-platform Dockerfile. */
  readonly suffix: string;
}

/** The builder chains to render: one, or one per architecture in a multi-platform Dockerfile. */
export function buildTargets(builder: RustMuslImage): BuildTarget[] {
  return builder.architectures.map((architecture) => ({
    architecture,
    triple: architecture.rustTarget(builder.linkage),
    suffix: builder.multiPlatform ? `-${architecture.dockerArch}` : '',
  }));
}

/** How the header describes the targets. */
export function describeTargets(builder: RustMuslImage): string {
  if (!builder.multiPlatform) return builder.targetTriple;
  return `multi-platform: ${buildTargets(builder).map((t) => `${t.architecture.dockerPlatform} -> ${t.triple}`).join(', ')}`;
}
