//! cdk-rust-image health check probe.
//!
//! An HTTP client for images without a shell, curl or wget (scratch,
//! distroless, debian-slim). Docker's HEALTHCHECK (and ECS, which repeats
//! it) runs it as
//!
//!     healthcheck --timeout-ms=2500 http://127.0.0.1:8080/health
//!
//! It connects, sends `GET /health HTTP/1.1` with `Host` and
//! `Connection: close`, reads the status line and exits 0 on 2xx or 3xx
//! (the load balancer's default 200-399; redirects are not followed) and 1
//! on anything else: another status, no HTTP answer, a refused connection,
//! no status line within the timeout (connect, send and read together,
//! 2500 ms by default), or a bad command line (Docker reserves exit code 2).
//! Every failure prints one line on stderr, which `docker inspect` shows
//! under State.Health.
//!
//! Why `no_std`: with std the stripped, size-optimized static binary was
//! 0.38 MB (0.40 MB on aarch64), nearly all of it std's runtime, formatting
//! and I/O machinery, in an image whose whole point is to hold little more
//! than the service. The C library is linked statically anyway (musl, or
//! glibc with +crt-static), so the probe calls its socket functions
//! directly (sys.rs) and lets the C runtime's start-up files call `main`, as
//! for a C program. That needs only core's prebuilt library, which every
//! rustup target has, and works with every linker the builder uses (gcc,
//! rust-lld, zig cc). Raw system calls with an `_start` of our own would
//! also drop the C library, but need assembly per architecture and a way
//! around each linker's start files; musl's share of the probe is a few KB.
//! With static glibc the C library's own start-up is most of the 0.7 MB.

#![cfg_attr(not(test), no_std)]
#![cfg_attr(not(test), no_main)]
// The entry point is left out of the host's `cargo test` build (std's harness brings its own).
#![cfg_attr(test, allow(dead_code))]

mod http;
mod sys;

use core::ffi::{c_int, c_void};
use http::{Cursor, Target};

/// Fits the default 3 s health check timeout with room for starting the process.
const DEFAULT_TIMEOUT_MS: u32 = 2500;
/// The longest timeout ECS accepts for a health check (60 s).
const MAX_TIMEOUT_MS: u32 = 60_000;
const TIMEOUT_FLAG: &[u8] = b"--timeout-ms=";
const USAGE: &[u8] = b"usage: healthcheck [--timeout-ms=N] http://127.0.0.1:PORT/PATH";

enum Failure {
    /// A bad command line: what is wrong.
    Usage(&'static [u8]),
    /// A failed call: its name and errno.
    Call(&'static [u8], c_int),
    /// The deadline passed while doing this.
    Timeout(&'static [u8]),
    Status(u16),
    NotHttp,
}

/// Called by the C runtime's start-up code, as a C program's main is.
///
/// # Safety
/// `argv` holds `argc` valid, NUL-terminated strings (the C runtime's promise).
#[cfg(not(test))]
#[no_mangle]
pub unsafe extern "C" fn main(argc: c_int, argv: *const *const core::ffi::c_char) -> c_int {
    // SAFETY: as the caller promises.
    run((1..argc.max(1) as usize)
        .map(|i| unsafe { core::ffi::CStr::from_ptr(*argv.add(i)) }.to_bytes()))
}

/// Checks the URL among `args` (the arguments after the program's name) and returns the exit status.
fn run<'a>(args: impl Iterator<Item = &'a [u8]>) -> c_int {
    let mut url: Option<&[u8]> = None;
    let mut timeout_ms = Ok(DEFAULT_TIMEOUT_MS);
    let mut extra = false;
    for arg in args {
        match arg.strip_prefix(TIMEOUT_FLAG) {
            Some(value) => timeout_ms = parse_timeout(value),
            None if url.is_none() => url = Some(arg),
            None => extra = true,
        }
    }
    match (url, timeout_ms, extra) {
        (Some(url), Ok(timeout_ms), false) => match http::parse_url(url) {
            Ok(target) => report(url, check(&target, timeout_ms), timeout_ms),
            Err(problem) => report(url, Err(Failure::Usage(problem.as_bytes())), 0),
        },
        (Some(url), Err(problem), false) => report(url, Err(Failure::Usage(problem)), 0),
        _ => report(b"", Err(Failure::Usage(USAGE)), 0),
    }
}

fn parse_timeout(value: &[u8]) -> Result<u32, &'static [u8]> {
    match http::parse_number(value, MAX_TIMEOUT_MS) {
        Some(ms) if ms > 0 => Ok(ms),
        _ => Err(b"--timeout-ms must be a number of milliseconds from 1 to 60000"),
    }
}

/// Connects, sends the request and reads the status line, all before `timeout_ms` passes.
fn check(target: &Target, timeout_ms: u32) -> Result<(), Failure> {
    let deadline = sys::now_ms() + i64::from(timeout_ms);
    let mut request = [0u8; 1280];
    let length =
        http::write_request(target, &mut request).ok_or(Failure::Usage(b"the URL is too long"))?;

    // Non-blocking, so that poll() bounds every wait by the deadline.
    // SAFETY: plain system calls on values owned here; the descriptor closes at exit.
    let fd = unsafe {
        sys::socket(
            c_int::from(sys::AF_INET),
            sys::SOCK_STREAM | sys::SOCK_NONBLOCK | sys::SOCK_CLOEXEC,
            0,
        )
    };
    if fd < 0 {
        return Err(Failure::Call(b"socket", sys::errno()));
    }
    let address = sys::SockaddrIn {
        family: sys::AF_INET,
        port: target.port.to_be(),
        addr: target.address,
        zero: [0; 8],
    };
    // SAFETY: `address` is a valid sockaddr_in of the length passed.
    if unsafe { sys::connect(fd, &address, core::mem::size_of::<sys::SockaddrIn>() as u32) } != 0 {
        let code = sys::errno();
        if code != sys::EINPROGRESS {
            return Err(Failure::Call(b"connect", code));
        }
        wait(fd, sys::POLLOUT, deadline, b"connecting")?;
        let mut code: c_int = 0;
        let mut size = core::mem::size_of::<c_int>() as u32;
        // SAFETY: `code` and `size` are valid for writing an int.
        unsafe {
            sys::getsockopt(
                fd,
                sys::SOL_SOCKET,
                sys::SO_ERROR,
                &mut code as *mut c_int as *mut c_void,
                &mut size,
            )
        };
        if code != 0 {
            return Err(Failure::Call(b"connect", code));
        }
    }

    let mut sent = 0;
    while sent < length {
        // SAFETY: the range lies inside `request`. MSG_NOSIGNAL: a service that
        // closed the connection gives EPIPE, not a silent death by SIGPIPE.
        let n = unsafe {
            sys::send(
                fd,
                request[sent..length].as_ptr() as *const c_void,
                length - sent,
                sys::MSG_NOSIGNAL,
            )
        };
        match n {
            n if n >= 0 => sent += n as usize,
            _ if retry(sys::errno()) => wait(fd, sys::POLLOUT, deadline, b"sending the request")?,
            _ => return Err(Failure::Call(b"send", sys::errno())),
        }
    }

    // Only the status line matters; anything longer than this is not HTTP.
    let mut head = [0u8; 256];
    let mut received = 0;
    loop {
        if let Some(status) = http::parse_status(&head[..received]) {
            return if http::is_healthy(status) {
                Ok(())
            } else {
                Err(Failure::Status(status))
            };
        }
        if received == head.len() {
            return Err(Failure::NotHttp);
        }
        // SAFETY: the range lies inside `head`.
        let n = unsafe {
            sys::read(
                fd,
                head[received..].as_mut_ptr() as *mut c_void,
                head.len() - received,
            )
        };
        match n {
            0 => return Err(Failure::NotHttp),
            n if n > 0 => received += n as usize,
            _ if retry(sys::errno()) => {
                wait(fd, sys::POLLIN, deadline, b"waiting for the status line")?
            }
            _ => return Err(Failure::Call(b"read", sys::errno())),
        }
    }
}

fn retry(code: c_int) -> bool {
    code == sys::EAGAIN || code == sys::EINTR
}

/// Waits until `fd` is ready for `events`, or fails once `deadline` passes.
fn wait(fd: c_int, events: i16, deadline: i64, doing: &'static [u8]) -> Result<(), Failure> {
    loop {
        let left = deadline - sys::now_ms();
        if left <= 0 {
            return Err(Failure::Timeout(doing));
        }
        let mut poll = sys::PollFd {
            fd,
            events,
            revents: 0,
        };
        // SAFETY: one valid pollfd.
        match unsafe { sys::poll(&mut poll, 1, left as c_int) } {
            // Ready, or an error or hang-up that the next call reports.
            n if n > 0 => return Ok(()),
            0 => return Err(Failure::Timeout(doing)),
            _ if sys::errno() == sys::EINTR => continue,
            _ => return Err(Failure::Call(b"poll", sys::errno())),
        }
    }
}

/// Prints one line for a failure and returns the exit status.
fn report(url: &[u8], result: Result<(), Failure>, timeout_ms: u32) -> c_int {
    let failure = match result {
        Ok(()) => return 0,
        Err(failure) => failure,
    };
    let mut buffer = [0u8; 512];
    let mut line = Cursor {
        buffer: &mut buffer,
        length: 0,
    };
    // A line cut short by a huge URL is still worth printing.
    let _ = write_failure(&mut line, url, &failure, timeout_ms);
    let length = line.length.min(line.buffer.len() - 1);
    line.buffer[length] = b'\n';
    // SAFETY: the range lies inside `buffer`.
    unsafe {
        sys::write(
            sys::STDERR,
            line.buffer.as_ptr() as *const c_void,
            length + 1,
        )
    };
    1
}

fn write_failure(line: &mut Cursor, url: &[u8], failure: &Failure, timeout_ms: u32) -> Option<()> {
    line.push(b"healthcheck: ")?;
    if !url.is_empty() {
        line.push(url)?;
        line.push(b": ")?;
    }
    match failure {
        Failure::Usage(problem) => line.push(problem),
        Failure::Call(name, code) => {
            line.push(name)?;
            line.push(b": ")?;
            line.push(sys::describe(*code))
        }
        Failure::Timeout(doing) => {
            line.push(b"no answer within ")?;
            line.push_number(u64::from(timeout_ms))?;
            line.push(b" ms (")?;
            line.push(doing)?;
            line.push(b")")
        }
        Failure::Status(status) => {
            line.push(b"answered HTTP ")?;
            line.push_number(u64::from(*status))
        }
        Failure::NotHttp => line.push(b"the answer does not start with an HTTP status line"),
    }
}

/// Unreachable in practice (no indexing can fail above); exits unhealthy
/// rather than pull in core's panic formatting.
#[cfg(not(test))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    // SAFETY: ends the process.
    unsafe { sys::_exit(1) }
}
