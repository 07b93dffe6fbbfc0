import { CrossStrategy, refuseStaticGlibc, requireApt, setCompiler } from './cross-strategy';
import { CrossCompilationKind } from '../../model/cross-compilation';

/** `CrossCompilation.clang()`: clang for C, llvm-ar, rust-lld; the target's musl headers from its `musl-dev`. */
export const CLANG: CrossStrategy = {
  kind: CrossCompilationKind.CLANG,
  validate: (builder) => {
    refuseStaticGlibc(builder);
    requireApt(builder);
  },
  setup: (builder) => {
    const environment: { [name: string]: string } = {};
    for (const arch of builder.architectures) {
      const triple = arch.rustTarget(builder.linkage);
      setCompiler(environment, triple, 'clang', 'llvm-ar', 'rust-lld');
      // Only the target's musl headers (and clang's own): never the build host's glibc headers.
      environment[`CFLAGS_${triple.replace(/-/g, '_')}`] = `-nostdlibinc -isystem /usr/include/${arch.rustArch}-linux-musl`;
    }
    return {
      debianArchitectures: builder.architectures.map((a) => a.debianArch),
      // llvm brings llvm-ar; rust-lld ships with rustc.
      packages: ['clang', 'lld', 'llvm', ...builder.architectures.map((a) => `musl-dev:${a.debianArch}`)],
      installCommands: [],
      environment,
    };
  },
};
