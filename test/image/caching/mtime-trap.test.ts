import * as fs from 'fs';
import * as path from 'path';
import { DockerSim } from './docker-sim';
import { contextFrom, edit, hostBuilder, OLD_MTIME, SIM_ENV, synth } from './sim-helpers';
import { AlpineRuntime, ImageBuild, ImageRuntime, RustMuslImageProps, ScratchRuntime } from '../../../src';
import { SUPPORT_DIR } from '../../../src/image/context/support-files';
import { requireHostTool } from '../../util';

// The simulated RUN steps call cargo (which links with cc) from PATH.
requireHostTool('cargo');
requireHostTool('cc');

/**
 * Runs the rendered toolchain and builder stages twice, as two `docker
 * build`s on one daemon: once on the fixture, then after `change`, with
 * every source dated before the cached layers. The second build must reuse
 * the dependency layer and still run the new code.
 */
interface Scenario {
  readonly fixture: string;
  readonly crate?: string;
  readonly props?: Partial<RustMuslImageProps>;
  readonly binary: string;
  readonly before: string;
  readonly file: string;
  readonly from: string;
  readonly to: string;
  readonly after: string;
}

const SCENARIOS: Record<string, Scenario> = {
  'main.rs of a single crate': { fixture: 'single', binary: 'single', before: 'hello from single v1', file: 'src/main.rs', from: 'v1', to: 'v2', after: 'hello from single v2' },
  'lib.rs of a lib+bin crate': { fixture: 'lib-bin', binary: 'lib-bin', before: 'hello from lib-bin v1 (greetings from lib-bin)', file: 'src/lib.rs', from: 'greetings from lib-bin', to: 'greetings from the new lib', after: 'hello from lib-bin v1 (greetings from the new lib)' },
  'a module of a src/bin target': { fixture: 'multi-bin', props: { binaryName: 'worker' }, binary: 'worker', before: 'hello from worker v1 (worker job)', file: 'src/bin/worker/job.rs', from: 'worker job', to: 'worker job v2', after: 'hello from worker v1 (worker job v2)' },
  'build.rs': { fixture: 'build-script', binary: 'build-script', before: 'hello from build-script v1 (set by build.rs)', file: 'build.rs', from: 'set by build.rs', to: 'set by build.rs v2', after: 'hello from build-script v1 (set by build.rs v2)' },
  'a member library of a virtual workspace': { fixture: 'virtual-workspace', binary: 'virtual-server', before: 'greetings from virtual-core;', file: 'crates/core/src/lib.rs', from: 'greetings from virtual-core', to: 'greetings from virtual-core v2', after: 'greetings from virtual-core v2;' },
  'the build.rs of a workspace member binary': { fixture: 'virtual-workspace', binary: 'virtual-server', before: 'set by virtual-server build.rs)', file: 'crates/server/build.rs', from: 'set by virtual-server build.rs', to: 'set by the new build.rs', after: 'set by the new build.rs)' },
  'a member library of a workspace with a root package': { fixture: 'workspace-member', crate: 'crates/api', binary: 'member-api', before: 'hello from member-api v1 (greetings from member-core)', file: 'crates/core/src/lib.rs', from: 'greetings from member-core', to: 'greetings from member-core v2', after: 'hello from member-api v1 (greetings from member-core v2)' },
  'the build.rs of a path dependency': { fixture: 'path-deps', binary: 'path-deps', before: 'path-util build.rs v1', file: 'libs/util/build.rs', from: 'build.rs v1', to: 'build.rs v2', after: 'path-util build.rs v2' },
};

const STAGES = ['toolchain', 'builder'];

describe('skeleton caching never ships a stale binary (mtime trap, simulated without Docker)', () => {
  for (const placeholderVersions of [false, true]) {
    for (const [name, s] of Object.entries(SCENARIOS)) {
      test(`a change to ${name}${placeholderVersions ? ', local versions 0.0.0 (stub and real crate hash alike)' : ''}`, () => {
        const context = contextFrom(s.fixture, placeholderVersions);
        const sim = new DockerSim();
        try {
          const crateDirectory = s.crate ? `${context}/${s.crate}` : context;
          const first = synth(hostBuilder(crateDirectory, s.props));
          sim.build(first.dockerfile, context, STAGES, SIM_ENV);
          expect(sim.runBinary(`/out/${s.binary}`)).toContain(s.before);
          const dependencyBuild = sim.executed.find((i) => i.startsWith('RUN cargo build'));
          // The dependency layer's build: the stub sources compiled with the final build's arguments.
          expect(dependencyBuild).toMatch(/^RUN cargo build --release /);

          edit(context, s.file, s.from, s.to);
          const second = synth(hostBuilder(crateDirectory, s.props));
          sim.build(second.dockerfile, context, STAGES, SIM_ENV);

          expect(sim.cached).toContain(dependencyBuild);
          expect(sim.runBinary(`/out/${s.binary}`)).toContain(s.after);
        } finally {
          sim.dispose();
          fs.rmSync(context, { recursive: true, force: true });
        }
      });
    }
  }

  test('a local version bump and a new comment in Cargo.toml keep the dependency layer', () => {
    const context = contextFrom('path-deps');
    const sim = new DockerSim();
    try {
      sim.build(synth(hostBuilder(context)).dockerfile, context, STAGES, SIM_ENV);
      edit(context, 'libs/util/Cargo.toml', 'version = "0.1.0"', '# bumped for the release\nversion = "0.2.0"');
      edit(context, 'Cargo.toml', 'version = "0.1.0" }', 'version = "0.2.0" }');
      edit(context, 'Cargo.lock', 'name = "path-util"\nversion = "0.1.0"', 'name = "path-util"\nversion = "0.2.0"');
      sim.build(synth(hostBuilder(context)).dockerfile, context, STAGES, SIM_ENV);
      expect(sim.cached.filter((i) => i.startsWith('RUN cargo build'))).toHaveLength(1);
      expect(sim.runBinary('/out/path-deps')).toContain('hello from path-deps v1 (greetings from path-util v1; path-util build.rs v1)');
    } finally {
      sim.dispose();
      fs.rmSync(context, { recursive: true, force: true });
    }
  });

  test('a manifest change that matters (rust-version) rebuilds the dependency layer', () => {
    const context = contextFrom('virtual-workspace');
    const sim = new DockerSim();
    try {
      sim.build(synth(hostBuilder(context)).dockerfile, context, STAGES, SIM_ENV);
      edit(context, 'crates/core/Cargo.toml', 'edition = "2021"', 'edition = "2021"\nrust-version = "1.70"');
      sim.build(synth(hostBuilder(context)).dockerfile, context, STAGES, SIM_ENV);
      expect(sim.executed.filter((i) => i.startsWith('RUN cargo build'))).toHaveLength(1);
      expect(sim.runBinary('/out/virtual-server')).toContain('hello from virtual-server v1');
    } finally {
      sim.dispose();
      fs.rmSync(context, { recursive: true, force: true });
    }
  });
});

describe('a change to the runtime alone', () => {
  test('from ScratchRuntime (with the health check probe) to AlpineRuntime (without it): every toolchain and builder step is cached', () => {
    const context = contextFrom('lib-bin');
    const sim = new DockerSim();
    /** Synth as a fresh staging does it: only this image's support files in the context, aged like the sources. */
    const synthWith = (runtime: ImageRuntime): ImageBuild => {
      fs.rmSync(path.join(context, SUPPORT_DIR), { recursive: true, force: true });
      const build = runtime.compose(hostBuilder(context));
      for (const file of build.writeTo(context)) fs.utimesSync(path.join(context, file), OLD_MTIME, OLD_MTIME);
      return build;
    };
    try {
      const scratch = synthWith(new ScratchRuntime());
      expect(scratch.supportFiles.some((f) => f.path.startsWith(`${SUPPORT_DIR}/healthcheck/`))).toBe(true);
      sim.build(scratch.dockerfile, context, STAGES, SIM_ENV);
      expect(sim.executed.filter((i) => i.startsWith('RUN'))).not.toEqual([]);

      const alpine = synthWith(new AlpineRuntime());
      expect(alpine.supportFiles.some((f) => f.path.startsWith(`${SUPPORT_DIR}/healthcheck/`))).toBe(false);
      sim.build(alpine.dockerfile, context, STAGES, SIM_ENV);
      // The context changed (the probe's crate is gone), the sources the builder copies did not.
      expect(sim.executed).toEqual([]);
      expect(sim.runBinary('/out/lib-bin')).toContain('hello from lib-bin v1');
    } finally {
      sim.dispose();
      fs.rmSync(context, { recursive: true, force: true });
    }
  });
});

describe("the guide's dummy-main pattern (documenting the trap it falls into)", () => {
  // rust-docker-guide.md, "Cargo Dependency Caching", on the rendered toolchain stage.
  const GUIDE = [
    'FROM toolchain AS guide',
    'WORKDIR /build',
    'COPY Cargo.toml Cargo.lock ./',
    'RUN mkdir src && echo "fn main() {}" > src/main.rs',
    'RUN cargo build --release --target x86_64-unknown-linux-gnu',
    'RUN rm -rf src',
    'COPY src ./src',
    'RUN cargo build --release --target x86_64-unknown-linux-gnu && mkdir -p /out && cp /build/target/x86_64-unknown-linux-gnu/release/single /out/single',
  ].join('\n');

  test('serves the dummy binary after a source change, where the skeleton serves the new code', () => {
    const context = contextFrom('single');
    const sim = new DockerSim();
    try {
      const build = synth(hostBuilder(context));
      sim.build(`${build.dockerfile}\n${GUIDE}\n`, context, ['toolchain', 'guide'], SIM_ENV);
      const firstOutput = sim.runBinary('/out/single');
      edit(context, 'src/main.rs', 'v1', 'v2');
      sim.build(`${synth(hostBuilder(context)).dockerfile}\n${GUIDE}\n`, context, ['toolchain', 'guide'], SIM_ENV);
      // COPY kept the sources' older mtimes, so cargo judged the dummy build fresh: the old (empty) output.
      expect(firstOutput).toBe('');
      expect(sim.runBinary('/out/single')).toBe('');

      sim.build(synth(hostBuilder(context)).dockerfile, context, STAGES, SIM_ENV);
      expect(sim.runBinary('/out/single')).toBe('hello from single v2\n');
    } finally {
      sim.dispose();
      fs.rmSync(context, { recursive: true, force: true });
    }
  });
});
