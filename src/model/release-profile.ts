import { invalidValue } from '../dockerfile/quote';

/** What a panic does in the release binary. */
export enum PanicStrategy {
  /** Unwind the stack (cargo's default). */
  UNWIND = 'unwind',
  /** Abort at once: smaller binary, no unwinding tables. */
  ABORT = 'abort',
}

/** Settings of cargo's release profile, passed as `CARGO_PROFILE_RELEASE_*`. */
export interface ReleaseProfileOptions {
  /**
   * Optimization level: 0, 1, 2, 3, s or z.
   * @default '3'
   */
  readonly optLevel?: string;
  /**
   * Link-time optimization: true (fat), thin, false or off.
   * @default 'true'
   */
  readonly lto?: string;
  /**
   * Codegen units (1 optimizes best and builds slowest).
   * @default 1
   */
  readonly codegenUnits?: number;
  /**
   * Panic strategy.
   * @default PanicStrategy.ABORT
   */
  readonly panic?: PanicStrategy;
  /**
   * What to strip from the binary: none, debuginfo or symbols.
   * @default 'symbols'
   */
  readonly strip?: string;
}

const CHOICES: Record<string, string[]> = {
  optLevel: ['0', '1', '2', '3', 's', 'z'],
  lto: ['true', 'fat', 'thin', 'false', 'off'],
  strip: ['none', 'debuginfo', 'symbols', 'true', 'false'],
};

/**
 * Cargo's release profile as environment variables, so it applies without
 * editing Cargo.toml and is identical for the dependency build and the final
 * build (cached layers are never invalidated by a profile mismatch).
 *
 * @example
 * ReleaseProfile.optimized({ optLevel: 's' }); // size over speed
 * ReleaseProfile.fromCargoToml();               // keep Cargo.toml's settings
 */
export class ReleaseProfile {
  /** opt-level 3, fat LTO, one codegen unit, panic=abort, stripped; each overridable. */
  public static optimized(overrides: ReleaseProfileOptions = {}): ReleaseProfile {
    return new ReleaseProfile({
      optLevel: overrides.optLevel ?? '3',
      lto: overrides.lto ?? 'true',
      codegenUnits: overrides.codegenUnits ?? 1,
      panic: overrides.panic ?? PanicStrategy.ABORT,
      strip: overrides.strip ?? 'symbols',
    });
  }

  /** Only the given settings; everything else as Cargo.toml says. */
  public static custom(options: ReleaseProfileOptions): ReleaseProfile {
    return new ReleaseProfile(options);
  }

  /** Cargo.toml's `[profile.release]` as it is (no overrides). */
  public static fromCargoToml(): ReleaseProfile {
    return new ReleaseProfile({});
  }

  private constructor(private readonly options: ReleaseProfileOptions) {
    for (const [prop, choices] of Object.entries(CHOICES)) {
      const value = (options as Record<string, string | undefined>)[prop];
      if (value !== undefined && !choices.includes(value)) {
        throw invalidValue(`profile ${prop}`, value, `expected one of ${choices.join(', ')}`, `Set ${prop} to one of ${choices.join(', ')}.`);
      }
    }
    const units = options.codegenUnits;
    if (units !== undefined && !(Number.isInteger(units) && units >= 1 && units <= 256)) {
      throw invalidValue('profile codegenUnits', units, 'expected a whole number from 1 to 256', 'Set codegenUnits to 1 for the smallest, fastest binary.');
    }
  }

  /** The `CARGO_PROFILE_RELEASE_*` variables, in a fixed order. */
  public environment(): Record<string, string> {
    const o = this.options;
    return {
      ...(o.optLevel !== undefined ? { CARGO_PROFILE_RELEASE_OPT_LEVEL: o.optLevel } : {}),
      ...(o.lto !== undefined ? { CARGO_PROFILE_RELEASE_LTO: o.lto } : {}),
      ...(o.codegenUnits !== undefined ? { CARGO_PROFILE_RELEASE_CODEGEN_UNITS: String(o.codegenUnits) } : {}),
      ...(o.panic !== undefined ? { CARGO_PROFILE_RELEASE_PANIC: o.panic } : {}),
      ...(o.strip !== undefined ? { CARGO_PROFILE_RELEASE_STRIP: o.strip } : {}),
    };
  }
}
