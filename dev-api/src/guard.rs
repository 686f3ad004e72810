//! What the server refuses before any handler sees a request, because a web page the
//! developer happens to visit could otherwise drive it: a `Host` that is not this server's
//! (DNS rebinding: a name of the attacker's that resolves to 127.0.0.1), and `/__dev/`
//! calls from another origin or with a body not declared as JSON (a plain cross-site form).

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::Response;

use crate::users::message;

/// The loopback names the server answers to.
const LOOPBACK_NAMES: [&str; 3] = ["127.0.0.1", "localhost", "[::1]"];

/// Whether `host` (a `Host` header value) is a loopback name, with a port or without.
///
/// Any port: a browser names in `Host` the address it connects to, so a request that
/// reaches this port under a loopback name with another port came through a proxy on
/// this machine, which sends its own address (the benchmark's front) or the backend's
/// name alone (Trunk's dev proxy). A rebinding page's requests carry its own name.
pub fn is_loopback_host(host: &str) -> bool {
    let (name, port) = split_host(host);
    LOOPBACK_NAMES.contains(&name.as_str()) && port.is_none_or(|p| p.parse::<u16>().is_ok())
}

/// `host[:port]` as the lower-case name and the port's text, if any.
fn split_host(host: &str) -> (String, Option<&str>) {
    let host = host.trim();
    match host.rfind(':') {
        // A colon inside brackets belongs to an IPv6 address, not to a port.
        Some(i) if !host[i..].contains(']') => {
            (host[..i].to_ascii_lowercase(), Some(&host[i + 1..]))
        }
        _ => (host.to_ascii_lowercase(), None),
    }
}

const ALLOWED_HOSTS: &str = "127.0.0.1, localhost or [::1] (with the port or without)";

/// In front of every request: refuses a `Host` that is not a loopback name (421).
pub async fn check_host(req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .or_else(|| req.uri().authority().map(|a| a.as_str().to_owned()));
    match host {
        Some(host) if is_loopback_host(&host) => next.run(req).await,
        Some(host) => message(
            StatusCode::MISDIRECTED_REQUEST,
            &format!(
                "This development API answers only to {ALLOWED_HOSTS}; this request was for {host:?}."
            ),
        ),
        None => message(
            StatusCode::BAD_REQUEST,
            &format!("A Host header is required: {ALLOWED_HOSTS}."),
        ),
    }
}

fn carries_body(headers: &HeaderMap) -> bool {
    headers.contains_key(header::TRANSFER_ENCODING)
        || headers
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|n| n.trim() != "0")
}

fn is_json(content_type: &str) -> bool {
    content_type
        .split(';')
        .next()
        .is_some_and(|media| media.trim().eq_ignore_ascii_case("application/json"))
}

/// Whether `origin` (an `Origin` header value) is a page of this server: a loopback name
/// with this very port.
fn is_own_origin(origin: &str, port: u16) -> bool {
    origin.trim().strip_prefix("http://").is_some_and(|host| {
        is_loopback_host(host) && split_host(host).1.and_then(|p| p.parse().ok()) == Some(port)
    })
}

/// In front of the `/__dev/` endpoints: a browser's cross-origin call (its `Origin` is
/// another site's) is refused (403), and so is a body or a content type other than JSON
/// (415): a form can send neither JSON nor an empty body without a content type.
pub async fn dev_only_json(State(port): State<u16>, req: Request, next: Next) -> Response {
    let headers = req.headers();
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = String::from_utf8_lossy(origin.as_bytes());
        if !is_own_origin(&origin, port) {
            return message(
                StatusCode::FORBIDDEN,
                &format!("The /__dev/ endpoints take no calls from other origins ({origin:?})."),
            );
        }
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let refused = match &content_type {
        Some(t) => !is_json(t),
        None => carries_body(headers),
    };
    if refused {
        return message(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            &format!(
                "The /__dev/ endpoints take JSON: send Content-Type: application/json (got {}).",
                content_type.as_deref().unwrap_or("none")
            ),
        );
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts() {
        for host in [
            "127.0.0.1:8787",
            "localhost:8787",
            "LOCALHOST:8787",
            "[::1]:8787",
            "127.0.0.1:8788",
            "127.0.0.1",
            "localhost",
            "[::1]",
        ] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in [
            "evil.example:8787",
            "evil.example",
            "localhost.evil.example:8787",
            "127.0.0.1.nip.io:8787",
            "[::2]:8787",
            "::1",
            "",
            "127.0.0.1:",
            "127.0.0.1:http",
        ] {
            assert!(!is_loopback_host(host), "{host}");
        }
    }

    #[test]
    fn own_origins_and_json() {
        assert!(is_own_origin("http://127.0.0.1:8787", 8787));
        assert!(is_own_origin("http://localhost:8787", 8787));
        assert!(!is_own_origin("http://localhost:8788", 8787));
        assert!(!is_own_origin("http://127.0.0.1", 8787));
        assert!(!is_own_origin("http://[::1]", 8787));
        assert!(is_own_origin("http://[::1]:8787", 8787));
        assert!(!is_own_origin("https://evil.example", 8787));
        assert!(!is_own_origin("null", 8787));
        assert!(is_json("application/json; charset=utf-8"));
        assert!(is_json("Application/JSON"));
        assert!(!is_json("text/plain"));
        assert!(!is_json("application/x-www-form-urlencoded"));
    }
}
