//! The probe's HTTP: its URL form, the request, and the status line.
//! Pure functions on bytes, tested on the host with `cargo test`.

/// Where to connect and what to ask for.
#[derive(Debug, PartialEq, Eq)]
pub struct Target<'a> {
    pub address: [u8; 4],
    pub port: u16,
    /// `127.0.0.1:8080` as written, for the Host header.
    pub authority: &'a [u8],
    /// `/health`, or `/` when the URL has no path.
    pub path: &'a [u8],
}

/// Parses `http://A.B.C.D:PORT/PATH`: a numeric IPv4 address only, because
/// the runtime always passes 127.0.0.1, and name resolution would bring
/// glibc's NSS (and its dlopen) into a static binary for nothing.
pub fn parse_url(url: &[u8]) -> Result<Target<'_>, &'static str> {
    let rest = url
        .strip_prefix(b"http://")
        .ok_or("expected an http:// URL such as http://127.0.0.1:8080/health")?;
    let (authority, path) = match rest.iter().position(|&b| b == b'/') {
        Some(i) => rest.split_at(i),
        None => (rest, &b"/"[..]),
    };
    if path.iter().any(|&b| b <= b' ' || b == 0x7f) {
        return Err("the URL's path holds spaces or control characters");
    }
    let colon = authority
        .iter()
        .position(|&b| b == b':')
        .ok_or("the URL needs a port, e.g. http://127.0.0.1:8080/health")?;
    let (host, port) = (&authority[..colon], &authority[colon + 1..]);
    let address = parse_ipv4(host).ok_or(
        "the URL's host must be an IPv4 address such as 127.0.0.1 (names are not resolved)",
    )?;
    let port = match parse_number(port, 65535) {
        Some(p) if p > 0 => p as u16,
        _ => return Err("the URL's port must be a number from 1 to 65535"),
    };
    Ok(Target {
        address,
        port,
        authority,
        path,
    })
}

fn parse_ipv4(text: &[u8]) -> Option<[u8; 4]> {
    let mut address = [0u8; 4];
    let mut parts = text.split(|&b| b == b'.');
    for octet in address.iter_mut() {
        *octet = parse_number(parts.next()?, 255)? as u8;
    }
    parts.next().is_none().then_some(address)
}

/// A decimal number of 1 to 5 digits, at most `max`.
pub fn parse_number(text: &[u8], max: u32) -> Option<u32> {
    if text.is_empty() || text.len() > 5 {
        return None;
    }
    let mut value = 0u32;
    for &b in text {
        if !b.is_ascii_digit() {
            return None;
        }
        value = value * 10 + u32::from(b - b'0');
    }
    (value <= max).then_some(value)
}

/// Writes the request into `buffer` and returns its length, or `None` when it
/// does not fit. HTTP/1.1 as load balancers send it; `Connection: close` so
/// the service never waits for a second request.
pub fn write_request(target: &Target, buffer: &mut [u8]) -> Option<usize> {
    let mut out = Cursor { buffer, length: 0 };
    for part in [
        b"GET ",
        target.path,
        b" HTTP/1.1\r\nHost: ",
        target.authority,
    ] {
        out.push(part)?;
    }
    out.push(b"\r\nUser-Agent: cdk-rust-image-healthcheck\r\nConnection: close\r\n\r\n")?;
    Some(out.length)
}

/// The status code of `HTTP/1.x NNN reason`, once the first line is complete.
pub fn parse_status(head: &[u8]) -> Option<u16> {
    let end = head.iter().position(|&b| b == b'\n')?;
    let line = &head[..end];
    let rest = line.strip_prefix(b"HTTP/1.")?;
    // "1 200", then the end of the line or " reason".
    if rest.len() < 5
        || !rest[0].is_ascii_digit()
        || rest[1] != b' '
        || !matches!(rest.get(5), None | Some(b' ' | b'\r'))
    {
        return None;
    }
    let code = parse_number(&rest[2..5], 999)?;
    (code >= 100).then_some(code as u16)
}

/// Whether a status means healthy: 2xx, and 3xx as the load balancer's
/// default matcher (200-399) does. A redirect is not followed: the service
/// answered, which is what the check asks.
pub fn is_healthy(status: u16) -> bool {
    (200..400).contains(&status)
}

/// Appends to a fixed buffer; `None` once it is full.
pub struct Cursor<'a> {
    pub buffer: &'a mut [u8],
    pub length: usize,
}

impl Cursor<'_> {
    pub fn push(&mut self, bytes: &[u8]) -> Option<()> {
        let end = self.length.checked_add(bytes.len())?;
        self.buffer
            .get_mut(self.length..end)?
            .copy_from_slice(bytes);
        self.length = end;
        Some(())
    }

    pub fn push_number(&mut self, mut value: u64) -> Option<()> {
        let mut digits = [0u8; 20];
        let mut start = digits.len();
        loop {
            start -= 1;
            digits[start] = b'0' + (value % 10) as u8;
            value /= 10;
            if value == 0 {
                break;
            }
        }
        self.push(&digits[start..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_url_the_runtime_passes() {
        let target = parse_url(b"http://127.0.0.1:8080/health?deep=1").unwrap();
        assert_eq!(
            target,
            Target {
                address: [127, 0, 0, 1],
                port: 8080,
                authority: b"127.0.0.1:8080",
                path: b"/health?deep=1"
            }
        );
        assert_eq!(parse_url(b"http://10.0.0.2:1").unwrap().path, b"/");
    }

    #[test]
    fn rejects_what_it_cannot_reach() {
        for url in [
            &b"https://127.0.0.1:8080/"[..],
            b"http://localhost:8080/",
            b"http://127.0.0.1/",
            b"http://127.0.0.1:0/",
            b"http://127.0.0.1:65536/",
            b"http://127.0.0.256:80/",
            b"http://1.2.3:80/",
            b"http://1.2.3.4.5:80/",
            b"http://[::1]:80/",
            b"http://127.0.0.1:80/a b",
            b"http://127.0.0.1:80/a\r\nX: y",
            b"http://127.0.0.1:+80/",
        ] {
            assert!(parse_url(url).is_err(), "{}", String::from_utf8_lossy(url));
        }
    }

    #[test]
    fn writes_a_get_with_host_and_connection_close() {
        let target = parse_url(b"http://127.0.0.1:8080/health").unwrap();
        let mut buffer = [0u8; 256];
        let length = write_request(&target, &mut buffer).unwrap();
        assert_eq!(
            &buffer[..length],
            b"GET /health HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: cdk-rust-image-healthcheck\r\nConnection: close\r\n\r\n"
        );
        assert_eq!(write_request(&target, &mut buffer[..40]), None);
    }

    #[test]
    fn reads_the_status_code() {
        assert_eq!(parse_status(b"HTTP/1.1 200 OK\r\n"), Some(200));
        assert_eq!(
            parse_status(b"HTTP/1.0 503 Service Unavailable\r\nContent-Length: 0"),
            Some(503)
        );
        assert_eq!(parse_status(b"HTTP/1.1 204\r\n"), Some(204));
        assert_eq!(parse_status(b"HTTP/1.1 200\n"), Some(200));
        assert_eq!(
            parse_status(b"HTTP/1.1 200 OK"),
            None,
            "the line is not complete yet"
        );
        for head in [
            &b"garbage\n"[..],
            b"HTTP/1.1 20 OK\n",
            b"HTTP/1.1 2000 OK\n",
            b"HTTP/2 200\n",
            b"HTTP/1.1 099 X\n",
            b"HTTP/1.1 2x0 X\n",
        ] {
            assert_eq!(
                parse_status(head),
                None,
                "{}",
                String::from_utf8_lossy(head)
            );
        }
    }

    #[test]
    fn counts_2xx_and_3xx_as_healthy() {
        assert!(is_healthy(200) && is_healthy(204) && is_healthy(302) && is_healthy(399));
        assert!(!is_healthy(199) && !is_healthy(400) && !is_healthy(500));
    }

    #[test]
    fn formats_numbers() {
        let mut buffer = [0u8; 32];
        let mut out = Cursor {
            buffer: &mut buffer,
            length: 0,
        };
        out.push_number(0).unwrap();
        out.push(b" ").unwrap();
        out.push_number(18446744073709551615).unwrap();
        assert_eq!(&buffer[..22], b"0 18446744073709551615");
    }
}
