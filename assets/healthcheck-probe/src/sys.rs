//! The few C library functions the probe calls, declared by hand.
//!
//! The `libc` crate would need crates.io, which a build in an offline or
//! vendored workspace may not reach; the probe is its own workspace with no
//! dependencies so it always builds. Only 64-bit Linux is supported
//! (x86_64 and aarch64, musl or glibc), where every constant and layout
//! below is the same: the kernel's values, as musl's headers for both
//! architectures (Debian's musl-dev) and glibc's define them.

use core::ffi::{c_char, c_int, c_long, c_ulong, c_void};

#[cfg(not(all(target_os = "linux", target_pointer_width = "64")))]
compile_error!("the health check probe supports 64-bit Linux only (x86_64, aarch64)");

pub const AF_INET: u16 = 2;
pub const SOCK_STREAM: c_int = 1;
pub const SOCK_NONBLOCK: c_int = 0o4000;
pub const SOCK_CLOEXEC: c_int = 0o2000000;
pub const SOL_SOCKET: c_int = 1;
pub const SO_ERROR: c_int = 4;
pub const MSG_NOSIGNAL: c_int = 0x4000;
pub const POLLIN: i16 = 0x1;
pub const POLLOUT: i16 = 0x4;
pub const EINTR: c_int = 4;
pub const EAGAIN: c_int = 11;
pub const EINPROGRESS: c_int = 115;
pub const CLOCK_MONOTONIC: c_int = 1;
pub const STDERR: c_int = 2;

#[repr(C)]
pub struct SockaddrIn {
    pub family: u16,
    /// Network byte order.
    pub port: u16,
    pub addr: [u8; 4],
    pub zero: [u8; 8],
}

#[repr(C)]
pub struct PollFd {
    pub fd: c_int,
    pub events: i16,
    pub revents: i16,
}

#[repr(C)]
pub struct Timespec {
    pub sec: i64,
    pub nsec: c_long,
}

// The link request the `libc` crate makes for std: the static archive when
// the target links statically (musl always, glibc with +crt-static), the
// shared library otherwise (a host build). Static glibc's cold paths call
// libgcc's unwinder, which calls back into libc: hence c, gcc_eh, gcc, c,
// in that order, for linkers that read archives once (GNU ld).
#[cfg_attr(
    target_feature = "crt-static",
    link(name = "c", kind = "static", modifiers = "-bundle")
)]
#[cfg_attr(not(target_feature = "crt-static"), link(name = "c"))]
#[cfg_attr(
    all(target_env = "gnu", target_feature = "crt-static"),
    link(name = "gcc_eh", kind = "static", modifiers = "-bundle")
)]
#[cfg_attr(
    all(target_env = "gnu", target_feature = "crt-static"),
    link(name = "gcc", kind = "static", modifiers = "-bundle")
)]
#[cfg_attr(
    all(target_env = "gnu", target_feature = "crt-static"),
    link(name = "c", kind = "static", modifiers = "-bundle")
)]
extern "C" {
    pub fn socket(domain: c_int, kind: c_int, protocol: c_int) -> c_int;
    pub fn connect(fd: c_int, address: *const SockaddrIn, length: u32) -> c_int;
    pub fn getsockopt(
        fd: c_int,
        level: c_int,
        name: c_int,
        value: *mut c_void,
        length: *mut u32,
    ) -> c_int;
    pub fn send(fd: c_int, buffer: *const c_void, length: usize, flags: c_int) -> isize;
    pub fn read(fd: c_int, buffer: *mut c_void, length: usize) -> isize;
    pub fn write(fd: c_int, buffer: *const c_void, length: usize) -> isize;
    pub fn poll(fds: *mut PollFd, count: c_ulong, timeout_ms: c_int) -> c_int;
    pub fn clock_gettime(clock: c_int, time: *mut Timespec) -> c_int;
    pub fn strerror(errno: c_int) -> *const c_char;
    pub fn strlen(text: *const c_char) -> usize;
    pub fn __errno_location() -> *mut c_int;
    pub fn _exit(status: c_int) -> !;
}

/// The calling thread's `errno`.
pub fn errno() -> c_int {
    // SAFETY: both C libraries return a valid pointer to the thread's errno.
    unsafe { *__errno_location() }
}

/// Milliseconds on the monotonic clock.
pub fn now_ms() -> i64 {
    let mut time = Timespec { sec: 0, nsec: 0 };
    // SAFETY: `time` is a valid, writable timespec.
    unsafe { clock_gettime(CLOCK_MONOTONIC, &mut time) };
    time.sec * 1000 + time.nsec / 1_000_000
}

/// The C library's description of `code`, e.g. "Connection refused".
pub fn describe(code: c_int) -> &'static [u8] {
    // SAFETY: strerror returns a NUL-terminated string that stays valid
    // until the next strerror call; the probe makes one at most.
    unsafe {
        let text = strerror(code);
        core::slice::from_raw_parts(text as *const u8, strlen(text))
    }
}
