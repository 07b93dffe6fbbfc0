import { invalidValue } from '../core/errors';

/** What a panic does in the release binary. */
export enum PanicStrategy {
  /** Unwind the stack (cargo's default). */
  UNWIND = 'unwind',
  /** Abort at once: smaller binary, no unwinding tables. */
  ABORT = 'abort',
}

/** Cargo's `opt-level`. */
export enum OptLevel {
  /** No optimization. */
  O0 = '0',
  /** Basic optimization. */
  O1 = '1',
  /** Some optimization. */
  O2 = '2',
  /** All optimizations (cargo's release default). */
  O3 = '3',
  /** Optimize for size. */
  SIZE = 's',
  /** Optimize for size, and turn off loop vectorization. */
  MIN_SIZE = 'z',
}

/** Cargo's link-time optimization setting (`lto`). */
export enum LtoMode {
  /** Whole-program ("fat") LTO across all crates: smallest, fastest binary, slowest link. */
  FAT = 'fat',
  /** ThinLTO across all crates: most of the gain, much faster to link. */
  THIN = 'thin',
  /** ThinLTO within each crate only (cargo's default, `lto = false`). */
  THIN_LOCAL = 'false',
  /** No LTO at all. */
  OFF = 'off',
}

/** What cargo strips from the binary (`strip`). */
export enum StripMode {
  /** Keep everything. */
  NONE = 'none',
  /** Strip debug information. */
  DEBUGINFO = 'debuginfo',
  /** Strip debug information and symbols: the smallest binary. */
  SYMBOLS = 'symbols',
}

/** Settings of cargo's release profile, passed as `CARGO_PROFILE_RELEASE_*`. */
export interface ReleaseProfileOptions {
  /**
   * Optimization level.
   * @default OptLevel.O3
   */
  readonly optLevel?: OptLevel;
  /**
   * Link-time optimization.
   * @default LtoMode.FAT
   */
  readonly lto?: LtoMode;
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
   * What to strip from the binary.
   * @default StripMode.SYMBOLS
   */
  readonly strip?: StripMode;
}

// Enum values arrive as plain strings from JavaScript callers, so they are checked.
const CHOICES: Record<string, string[]> = {
  optLevel: Object.values(OptLevel),
  lto: Object.values(LtoMode),
  strip: Object.values(StripMode),
};

/**
 * Cargo's release profile as environment variables, so it applies without
 * editing Cargo.toml and is identical for the dependency build and the final
 * build (cached layers are never invalidated by a profile mismatch).
 *
 * @example
 * ReleaseProfile.optimized({ optLevel: OptLevel.SIZE }); // size over speed
 * ReleaseProfile.fromCargoToml();               // keep Cargo.toml's settings
 */
export class ReleaseProfile {
  /** opt-level 3, fat LTO, one codegen unit, panic=abort, stripped; each overridable. */
  public static optimized(overrides: ReleaseProfileOptions = {}): ReleaseProfile {
    return new ReleaseProfile({
      optLevel: overrides.optLevel ?? OptLevel.O3,
      lto: overrides.lto ?? LtoMode.FAT,
      codegenUnits: overrides.codegenUnits ?? 1,
      panic: overrides.panic ?? PanicStrategy.ABORT,
      strip: overrides.strip ?? StripMode.SYMBOLS,
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
