//! Link arguments for the probe, as build-script output: they apply whatever
//! RUSTFLAGS the build sets, where a .cargo/config.toml's would be replaced.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=RUSTC_LINKER");
    // musl never applies RELRO in a static binary (no dynamic linker runs to
    // mprotect it), yet GNU ld (binutils 2.39+) pads the file so that the
    // RELRO region ends on a max-page-size boundary: 64 KiB on aarch64, which
    // more than doubled the probe there.
    if std::env::var("CARGO_CFG_TARGET_ENV").as_deref() != Ok("musl") {
        return;
    }
    // rustc's own `-z relro` reaches the linker late, as `-Wl,-z,relro`: only
    // a `-Wl,` option after it overrides it (gcc puts a bare `-z` earlier).
    // An lld called directly (CrossCompilation.clang() links with rust-lld)
    // takes the option bare; gcc and zig cc take the `-Wl,` form.
    let linker = std::env::var("RUSTC_LINKER").unwrap_or_default();
    let lld = std::path::Path::new(&linker)
        .file_name()
        .is_some_and(|name| name.to_string_lossy().ends_with("lld"));
    if lld {
        println!("cargo:rustc-link-arg-bins=-znorelro");
    } else {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,norelro");
    }
}
