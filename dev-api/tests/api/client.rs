//! A tiny blocking HTTP/1.1 client over `TcpStream`: no dependency, full control of the
//! bytes (content types, malformed bodies) and a clear error when a connection is dropped.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;

use dev_api::{Config, Running};
use serde_json::{json, Value};

/// An answer.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", self.text()))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn invalid(msg: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, msg.to_owned())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn dechunk(mut data: &[u8]) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = find(data, b"\r\n").ok_or_else(|| invalid("truncated chunk size"))?;
        let size_text =
            std::str::from_utf8(&data[..line_end]).map_err(|_| invalid("chunk size"))?;
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .map_err(|_| invalid("chunk size"))?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Ok(out);
        }
        if data.len() < size + 2 {
            return Err(invalid("truncated chunk"));
        }
        out.extend_from_slice(&data[..size]);
        data = &data[size + 2..];
    }
}

/// Sends one request (`Connection: close`) and reads the whole answer. An answer that
/// is cut short or missing is an `Err`.
pub fn raw(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
) -> io::Result<Resp> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(20)))?;
    let mut head = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
    // The server's own address, unless the test sends another Host (or none: "").
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        head.push_str(&format!("Host: {addr}\r\n"));
    }
    for (k, v) in headers
        .iter()
        .filter(|(k, v)| !(k.eq_ignore_ascii_case("host") && v.is_empty()))
    {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if let Some(body) = body {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if let Some(body) = body {
        stream.write_all(body)?;
    }
    let mut data = Vec::new();
    stream.read_to_end(&mut data)?;

    let split = find(&data, b"\r\n\r\n").ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::UnexpectedEof,
            format!("no complete HTTP answer ({} bytes)", data.len()),
        )
    })?;
    let head = String::from_utf8_lossy(&data[..split]).into_owned();
    let rest = &data[split + 4..];
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| invalid("status line"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let get = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    // An answer to HEAD has a GET's headers (Content-Length too) but never a body.
    let body = if method.eq_ignore_ascii_case("HEAD") {
        Vec::new()
    } else if get("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        dechunk(rest)?
    } else if let Some(len) = get("content-length") {
        let len: usize = len.parse().map_err(|_| invalid("content-length"))?;
        if rest.len() < len {
            return Err(invalid("truncated body"));
        }
        rest[..len].to_vec()
    } else {
        rest.to_vec()
    };
    Ok(Resp {
        status,
        headers,
        body,
    })
}

/// A server for one test.
pub struct Server {
    pub running: Running,
}

/// A server with the test-control endpoints on, otherwise default settings.
pub fn server() -> Server {
    server_with(|_| {})
}

/// A server with the test-control endpoints on and `tweak` applied to the config.
pub fn server_with(tweak: impl FnOnce(&mut Config)) -> Server {
    let mut config = Config {
        port: 0,
        dev_endpoints: true,
        ..Config::default()
    };
    tweak(&mut config);
    Server {
        running: dev_api::spawn(config).expect("server starts"),
    }
}

impl Server {
    pub fn try_send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&[u8]>,
    ) -> io::Result<Resp> {
        raw(self.running.addr, method, path, headers, body)
    }

    pub fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&[u8]>,
    ) -> Resp {
        self.try_send(method, path, headers, body)
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"))
    }

    /// `POST /api/token` with a form body.
    pub fn token(&self, form: &str, client_id: Option<&str>) -> Resp {
        let mut headers = vec![("Content-Type", "application/x-www-form-urlencoded")];
        if let Some(c) = client_id {
            headers.push(("client_id", c));
        }
        self.send("POST", "/api/token", &headers, Some(form.as_bytes()))
    }

    /// Signs in with a password (and TOTP for the two-factor account); returns the token answer.
    pub fn sign_in_full(&self, email: &str, password: &str) -> Value {
        let totp = if email == "twofactor@example.com" {
            "&totp=123456"
        } else {
            ""
        };
        let r = self.token(
            &format!(
                "grant_type=password&username={}&password={}{totp}",
                enc(email),
                enc(password)
            ),
            None,
        );
        assert_eq!(r.status, 200, "sign-in of {email}: {}", r.text());
        r.json()
    }

    /// A fresh access token for a demo account.
    pub fn sign_in(&self, email: &str) -> String {
        self.sign_in_full(email, "Admin#2026")["access_token"]
            .as_str()
            .expect("access_token")
            .to_owned()
    }

    pub fn get(&self, path: &str, token: &str) -> Resp {
        let auth = format!("Bearer {token}");
        self.send("GET", path, &[("Authorization", &auth)], None)
    }

    pub fn put_raw(&self, token: &str, body: &[u8]) -> Resp {
        let auth = format!("Bearer {token}");
        self.send(
            "PUT",
            "/api/sys/users",
            &[
                ("Authorization", &auth),
                ("Content-Type", "application/json"),
            ],
            Some(body),
        )
    }

    pub fn put(&self, token: &str, record: &Value) -> Resp {
        self.put_raw(token, record.to_string().as_bytes())
    }

    /// `POST /api/sys/users` (create) with a raw body.
    pub fn create_raw(&self, token: &str, body: &[u8]) -> Resp {
        let auth = format!("Bearer {token}");
        self.send(
            "POST",
            "/api/sys/users",
            &[
                ("Authorization", &auth),
                ("Content-Type", "application/json"),
            ],
            Some(body),
        )
    }

    pub fn create(&self, token: &str, record: &Value) -> Resp {
        self.create_raw(token, record.to_string().as_bytes())
    }

    /// `DELETE /api/sys/users/{id}`.
    pub fn delete(&self, token: &str, id: i64) -> Resp {
        let auth = format!("Bearer {token}");
        self.send(
            "DELETE",
            &format!("/api/sys/users/{id}"),
            &[("Authorization", &auth)],
            None,
        )
    }

    /// How many users the list holds.
    pub fn total_users(&self, token: &str) -> Value {
        self.get("/api/sys/users?size=1", token).json()["TotalItems"].clone()
    }

    pub fn user(&self, token: &str, id: i64) -> Value {
        let r = self.get(&format!("/api/sys/users/{id}"), token);
        assert_eq!(r.status, 200, "{}", r.text());
        r.json()
    }

    /// `POST` JSON to a `/__dev` endpoint.
    pub fn dev(&self, method: &str, path: &str, body: Option<&Value>) -> Resp {
        let text = body.map(Value::to_string);
        self.send(
            method,
            path,
            &[("Content-Type", "application/json")],
            text.as_deref().map(str::as_bytes),
        )
    }

    pub fn stats(&self) -> Value {
        self.dev("GET", "/__dev/stats", None).json()
    }

    /// `(method, path, status)` of each request in the `/__dev/stats` request log.
    pub fn request_log(&self) -> Vec<(String, String, u64)> {
        self.stats()["requests"]
            .as_array()
            .expect("requests")
            .iter()
            .map(|r| {
                (
                    r["method"].as_str().unwrap_or_default().to_owned(),
                    r["path"].as_str().unwrap_or_default().to_owned(),
                    r["status"].as_u64().unwrap_or_default(),
                )
            })
            .collect()
    }

    /// `POST /__dev/config` with these settings, asserting that they are taken.
    pub fn configure(&self, settings: &Value) -> Value {
        let r = self.dev("POST", "/__dev/config", Some(settings));
        assert_eq!(r.status, 200, "{settings}: {}", r.text());
        r.json()
    }
}

/// Percent-encodes a form value.
impl Server {
    /// A limit setting of `/__dev/config` (`call_limit`, `read_limit`…) refuses what is
    /// not a whole number of 0 or more, and `/__dev/reset` turns it off again: reads go.
    pub fn expect_limit_setting(&self, token: &str, setting: &str) {
        for bad in [json!(-1), json!("10"), json!(null), json!(1.5)] {
            let r = self.dev("POST", "/__dev/config", Some(&json!({ setting: bad })));
            assert_eq!(r.status, 400, "{setting}: {bad}");
            assert!(r.json()["Message"].is_string());
        }
        self.dev("POST", "/__dev/reset", None);
        assert_eq!(self.dev("GET", "/__dev/config", None).json()[setting], 0);
        for _ in 0..40 {
            assert_eq!(self.get("/api/sys/users?size=1", token).status, 200);
        }
    }
}

pub fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Ids of the demo accounts.
pub const ADMIN_ID: i64 = 1001;
pub const VIEWER_ID: i64 = 1004;
pub const CREATOR_ID: i64 = 1007;

/// A seeded, non-demo, non-admin user that has the unlisted `ExternalRef` property.
pub fn plain_id() -> i64 {
    dev_api::seed::users(dev_api::seed::USER_COUNT)
        .iter()
        .find(|u| !is_demo_account(u) && u["IsAdmin"] == false && u.get("ExternalRef").is_some())
        .and_then(|u| u["Id"].as_i64())
        .expect("such a user is seeded")
}

/// Whether a seeded user is one of the demo accounts (which tests of a generic user avoid).
pub fn is_demo_account(user: &serde_json::Map<String, Value>) -> bool {
    let id = user.get("Id").and_then(Value::as_i64);
    dev_api::DEMO_ACCOUNTS.iter().any(|a| id == Some(a.id))
}

/// A throttled answer as the contract gives it: 409, an empty body, `Retry-After` in
/// seconds within the minute.
pub fn assert_throttled(r: &Resp) {
    assert_eq!(r.status, 409, "{}", r.text());
    assert!(r.body.is_empty(), "409 body must be empty: {:?}", r.text());
    let secs: u64 = r
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .expect("Retry-After in seconds");
    assert!((1..=60).contains(&secs), "{secs}");
}

/// The `(PropertyName, Message)` pairs of a 400 validation envelope (asserting it is one).
pub fn errors_of(r: &Resp) -> Vec<(String, String)> {
    assert_eq!(r.status, 400, "{}", r.text());
    let v = r.json();
    assert_eq!(v["WasSuccessful"], false, "{v}");
    assert!(v["Message"].as_str().is_some_and(|m| !m.is_empty()), "{v}");
    v["Errors"]
        .as_array()
        .unwrap_or_else(|| panic!("Errors: {v}"))
        .iter()
        .map(|e| {
            (
                e["PropertyName"].as_str().unwrap_or_default().to_owned(),
                e["Message"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// Whether `errors` hold this message on this property.
pub fn has_error(errors: &[(String, String)], property: &str, message: &str) -> bool {
    errors.iter().any(|(p, m)| p == property && m == message)
}

/// Sends a valid body edited by its argument; the errors by property.
pub type SendEdited<'a> = dyn Fn(&dyn Fn(&mut Value)) -> Vec<(String, String)> + 'a;

/// The PUT's rules that a create's body meets too, checked through `with` (a valid body
/// edited by its argument, sent, and the errors by property): one list for both calls.
pub fn assert_shared_rules(with: &SendEdited) {
    let unknown_id = "contains an id that does not exist";
    for (property, value, message) in [
        ("Email", serde_json::json!("not-an-email"), None),
        ("EmailCallBackGuid", serde_json::json!("not-a-guid"), None),
        ("Businesses", serde_json::json!([1, 999]), Some(unknown_id)),
        ("AddedUserRoles", serde_json::json!([21]), Some(unknown_id)),
        ("ChatRooms", serde_json::json!([301]), Some(unknown_id)),
        ("Businesses", serde_json::json!("1,2"), None),
        ("NewPassword", serde_json::json!("short"), None),
        ("Active", serde_json::json!("yes"), None),
    ] {
        let e = with(&|body| body[property] = value.clone());
        match message {
            Some(m) => assert!(has_error(&e, property, m), "{property}: {e:?}"),
            None => assert!(e.iter().any(|(p, _)| p == property), "{property}: {e:?}"),
        }
    }
}

/// The properties of the envelope a PUT, a create and a delete answer with.
pub const ACTION_ENVELOPE: [&str; 11] = [
    "Status",
    "Message",
    "Value",
    "OpenInDialog",
    "OpenInWindow",
    "RedirectURL",
    "JavaScript",
    "UpdatedOn",
    "UpdatedBy",
    "Errors",
    "WasSuccessful",
];

/// The property names of an answer's top-level object.
pub fn keys_of(v: &Value) -> std::collections::BTreeSet<&str> {
    v.as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default()
}
