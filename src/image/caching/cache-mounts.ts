import { cleanLocalCratesCommands, enterWorkspace } from './local-crates';
import { builderStageName, CachingStrategy } from './strategy';
import { invalidValue } from '../../core/errors';
import { CacheSharing, MountType, RunMount } from '../../dockerfile/options';
import { PATTERNS } from '../../dockerfile/validate';
import { DependencyCachingKind } from '../../model/dependency-caching';
import { cargoBuildArgs, cargoCommand, collectBinariesCommands } from '../builder/cargo-command';
import { BUILD_DIR, TARGET_DIR } from '../builder/layout';
import type { RustMuslImage } from '../rust-musl-image';
import { renderPrivateFetch } from '../stages/private-fetch';
import { SOURCES_DIR, SOURCES_STAGE } from '../stages/sources-stage';
import { TOOLCHAIN_STAGE } from '../stages/toolchain-stage';

/** CARGO_HOME of the official rust images (Debian and Alpine). */
export const OFFICIAL_CARGO_HOME = '/usr/local/cargo';

/** Where the registry and git caches are mounted: below CARGO_HOME (mount targets cannot use variables). */
function cargoHomeOf(builder: RustMuslImage): string {
  return builder.buildEnvironment.CARGO_HOME ?? OFFICIAL_CARGO_HOME;
}

/**
 * The cache mounts of one target: the registry and git checkouts (shared by
 * every build on the daemon: cargo locks them itself), and the target
 * directory, one cache per package and triple.
 */
export function cargoCacheMounts(builder: RustMuslImage, triple: string): RunMount[] {
  const cargoHome = cargoHomeOf(builder);
  const locked = { mountType: MountType.CACHE, sharing: CacheSharing.LOCKED };
  // Cache ids allow no spaces, commas, quotes or "=": a package name never has them.
  return [
    { ...locked, id: 'cdk-rust-image-cargo-registry', target: `${cargoHome}/registry` },
    { ...locked, id: 'cdk-rust-image-cargo-git', target: `${cargoHome}/git` },
    { ...locked, id: `cdk-rust-image-target-${builder.binary.packageName}-${triple}`, target: TARGET_DIR },
  ];
}

/**
 * `DependencyCaching.cacheMounts()`: one RUN with the cache mounts. The
 * binary is copied to /out inside that RUN (the target directory is gone
 * afterwards). Local crates are cleaned first, since the cached fingerprints
 * may be newer than the copied sources.
 */
export const CACHE_MOUNTS: CachingStrategy = {
  kind: DependencyCachingKind.CACHE_MOUNTS,
  stageNames: [],
  validate: (builder) => {
    const cargoHome = cargoHomeOf(builder);
    if (!PATTERNS.mountValue.test(cargoHome)) {
      throw invalidValue('buildEnvironment.CARGO_HOME', cargoHome, 'DependencyCaching.cacheMounts() mounts the registry and git caches below it, '
        + 'and a mount target may not contain spaces, commas, quotes or "="', 'Use a path such as "/opt/cargo", or another DependencyCaching.');
    }
  },
  renderTarget: (dockerfile, builder, target) => {
    const stage = builderStageName(target);
    const builderStage = dockerfile.addStage({ image: TOOLCHAIN_STAGE, name: stage })
      .comment('Registry, git checkouts and target directory live in BuildKit caches (local builds; empty on fresh CI runners)')
      .workdir(BUILD_DIR)
      .copy([`${SOURCES_DIR}/`], './', { fromStage: SOURCES_STAGE });
    enterWorkspace(builderStage, builder.manifest);
    renderPrivateFetch(builderStage, builder, target.triple, cargoCacheMounts(builder, target.triple));
    builderStage.run([
      ...cleanLocalCratesCommands(builder, target.triple),
      cargoCommand(cargoBuildArgs(builder, true, target.triple)),
      ...collectBinariesCommands(builder, target.triple),
    ], { mounts: cargoCacheMounts(builder, target.triple) });
    return { stage, supportFiles: [] };
  },
};
