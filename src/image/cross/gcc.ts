import { CrossStrategy, requireApt, setCompiler } from './cross-strategy';
import { Linkage } from '../../model/architecture';
import { CrossCompilationKind } from '../../model/cross-compilation';

/**
 * `CrossCompilation.gcc()`: Debian's cross gcc. For musl, `musl-dev` of each
 * target architecture (a multiarch package) brings
 * `<arch>-linux-musl-gcc`, a wrapper around `gcc-<arch>-linux-gnu` with
 * musl's headers, start files and libc; for static glibc,
 * `gcc-<arch>-linux-gnu` and the target's `libc6-dev`.
 */
export const GCC: CrossStrategy = {
  kind: CrossCompilationKind.GCC,
  validate: requireApt,
  setup: (builder) => {
    const environment: { [name: string]: string } = {};
    const packages: string[] = [];
    const debianArchitectures: string[] = [];
    for (const arch of builder.architectures) {
      const triple = arch.rustTarget(builder.linkage);
      const gnu = arch.gnuTriple;
      if (builder.linkage === Linkage.MUSL) {
        debianArchitectures.push(arch.debianArch);
        packages.push(`musl-dev:${arch.debianArch}`);
        setCompiler(environment, triple, `${arch.rustArch}-linux-musl-gcc`, `${gnu}-ar`, `${arch.rustArch}-linux-musl-gcc`);
      } else {
        packages.push(`gcc-${gnu.replace(/_/g, '-')}`, `libc6-dev-${arch.debianArch}-cross`);
        setCompiler(environment, triple, `${gnu}-gcc`, `${gnu}-ar`, `${gnu}-gcc`);
      }
    }
    return { debianArchitectures, packages, installCommands: [], environment };
  },
};
