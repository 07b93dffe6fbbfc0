/**
 * How the binary is linked statically.
 */
export enum Linkage {
  /** musl libc (`*-unknown-linux-musl`): static by default. */
  MUSL = 'musl',
  /**
   * glibc, linked statically (`*-unknown-linux-gnu` with
   * `-C target-feature=+crt-static`). Avoids musl's allocator; NSS-based
   * name lookups (e.g. LDAP users) are not available.
   */
  GLIBC_STATIC = 'glibc-static',
}

/**
 * A CPU architecture. One value decides, together, the Docker platform, the
 * Rust target triple, the CDK asset platform and the Fargate CPU
 * architecture, so they cannot disagree.
 *
 * @example
 * const arch = Architecture.ARM64;
 * arch.dockerPlatform; // 'linux/arm64'
 * arch.rustTarget(Linkage.MUSL); // 'aarch64-unknown-linux-musl'
 */
export class Architecture {
  /** 64-bit x86 (`linux/amd64`). */
  public static readonly X86_64 = new Architecture('x86_64', 'linux/amd64', 'amd64', 'x86_64', 'X86_64');
  /** 64-bit ARM, e.g. AWS Graviton (`linux/arm64`). */
  public static readonly ARM64 = new Architecture('arm64', 'linux/arm64', 'arm64', 'aarch64', 'ARM64');

  /** All supported architectures. */
  public static all(): Architecture[] {
    return [Architecture.X86_64, Architecture.ARM64];
  }

  /**
   * The architecture of a Docker platform string (`linux/amd64`, `linux/arm64`).
   */
  public static fromDockerPlatform(platform: string): Architecture {
    const found = Architecture.all().find((a) => a.dockerPlatform === platform);
    if (!found) {
      throw new Error(`Invalid platform ${JSON.stringify(platform)}: cdk-rust-image builds linux/amd64 and linux/arm64. Use Architecture.X86_64 or Architecture.ARM64.`);
    }
    return found;
  }

  private constructor(
    /** Name used in ids and messages: `x86_64` or `arm64`. */
    public readonly name: string,
    /** Docker platform, e.g. `linux/arm64`. */
    public readonly dockerPlatform: string,
    /** Value of Docker's `TARGETARCH` build argument for this platform. */
    public readonly dockerArch: string,
    /** First component of the Rust target triple, e.g. `aarch64`; also what `uname -m` prints on it. */
    public readonly rustArch: string,
    /** The ECS task definition's `runtimePlatform.cpuArchitecture`: `X86_64` or `ARM64`. */
    public readonly ecsCpuArchitecture: string,
  ) {}

  /** The Debian architecture name (`amd64`, `arm64`), as dpkg and multiarch packages use it. */
  public get debianArch(): string {
    return this.dockerArch;
  }

  /** The GNU triple of Debian's cross tools, e.g. `aarch64-linux-gnu`. */
  public get gnuTriple(): string {
    return `${this.rustArch}-linux-gnu`;
  }

  /** The Rust target triple for a linkage, e.g. `x86_64-unknown-linux-musl`. */
  public rustTarget(linkage: Linkage): string {
    return `${this.rustArch}-unknown-linux-${linkage === Linkage.MUSL ? 'musl' : 'gnu'}`;
  }

}
