//! cdk-rust-image health check probe.
//!
//! A tiny std-only HTTP client for images without a shell, curl or wget
//! (scratch, distroless, debian-slim). Docker's HEALTHCHECK runs it as
//! `healthcheck http://127.0.0.1:8080/health`; it exits 0 when the service
//! answers with a 2xx or 3xx status and 1 otherwise.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::ExitCode;
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(5);

fn main() -> ExitCode {
    let url = match std::env::args().nth(1) {
        Some(url) => url,
        None => {
            eprintln!("usage: healthcheck http://HOST:PORT/PATH");
            return ExitCode::from(2);
        }
    };
    match probe(&url) {
        Ok(status) if (200..400).contains(&status) => ExitCode::SUCCESS,
        Ok(status) => {
            eprintln!("healthcheck: {url} answered HTTP {status}");
            ExitCode::FAILURE
        }
        Err(error) => {
            eprintln!("healthcheck: {url}: {error}");
            ExitCode::FAILURE
        }
    }
}

fn probe(url: &str) -> Result<u16, String> {
    let rest = url
        .strip_prefix("http://")
        .ok_or_else(|| "only http:// URLs are supported".to_string())?;
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, "/"),
    };
    // A numeric address only: name resolution would pull glibc's NSS into a
    // static binary and double its size, and the service is always local.
    let address: SocketAddr = authority
        .parse()
        .map_err(|_| format!("{authority} is not an IP address and port, e.g. 127.0.0.1:8080"))?;
    let mut stream = TcpStream::connect_timeout(&address, TIMEOUT).map_err(|e| e.to_string())?;
    stream.set_read_timeout(Some(TIMEOUT)).map_err(|e| e.to_string())?;
    stream.set_write_timeout(Some(TIMEOUT)).map_err(|e| e.to_string())?;
    let request = format!(
        "GET {path} HTTP/1.0\r\nHost: {authority}\r\nUser-Agent: cdk-rust-image-healthcheck\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).map_err(|e| e.to_string())?;

    // Only the status line matters: "HTTP/1.x NNN reason".
    let mut head = Vec::with_capacity(64);
    let mut buffer = [0u8; 64];
    while !head.contains(&b'\n') && head.len() < 1024 {
        let read = stream.read(&mut buffer).map_err(|e| e.to_string())?;
        if read == 0 {
            break;
        }
        head.extend_from_slice(&buffer[..read]);
    }
    parse_status(&head).ok_or_else(|| "the answer is not an HTTP response".to_string())
}

fn parse_status(head: &[u8]) -> Option<u16> {
    let line = head.split(|&b| b == b'\n').next()?;
    let line = std::str::from_utf8(line).ok()?;
    let mut parts = line.split_whitespace();
    if !parts.next()?.starts_with("HTTP/") {
        return None;
    }
    parts.next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::parse_status;

    #[test]
    fn reads_the_status_code() {
        assert_eq!(parse_status(b"HTTP/1.1 200 OK\r\n"), Some(200));
        assert_eq!(parse_status(b"HTTP/1.0 503 Service Unavailable\r\n"), Some(503));
        assert_eq!(parse_status(b"garbage"), None);
    }
}
