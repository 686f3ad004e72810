//! What a web page the developer visits cannot make the server do: answer under another
//! name (DNS rebinding), or take `/__dev/` commands from a form or another origin.

use serde_json::json;

use crate::client::*;

#[test]
fn a_host_that_is_not_a_loopback_name_is_refused() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    let auth = format!("Bearer {t}");
    let port = s.running.addr.port().to_string();
    for host in [
        format!("evil.example:{port}"),
        "evil.example".to_owned(),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1.nip.io:{port}"),
        format!("10.0.0.5:{port}"),
    ] {
        for (method, path) in [
            ("GET", "/api/sys/users"),
            ("GET", "/__dev/stats"),
            ("GET", "/"),
        ] {
            let r = s.send(
                method,
                path,
                &[("Host", &host), ("Authorization", &auth)],
                None,
            );
            assert_eq!(r.status, 421, "{host} {path}");
            let m = r.json()["Message"].as_str().unwrap_or_default().to_owned();
            assert!(m.contains("127.0.0.1") && m.contains(&host), "{m}");
        }
        // Not even a sign-in.
        let r = s.send(
            "POST",
            "/api/token",
            &[
                ("Host", &host),
                ("Content-Type", "application/x-www-form-urlencoded"),
            ],
            Some(b"grant_type=password&username=admin%40example.com&password=Admin%232026"),
        );
        assert_eq!(r.status, 421, "{host}");
    }
    // No Host at all.
    let r = s.send("GET", "/api/sys/users", &[("Host", "")], None);
    assert_eq!(r.status, 400, "{}", r.text());
}

#[test]
fn loopback_names_are_answered_with_any_port_or_none() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    let auth = format!("Bearer {t}");
    let port = s.running.addr.port();
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
        format!("[::1]:{port}"),
        // Trunk's proxy sends the backend's name alone; a local proxy its own address.
        "127.0.0.1".to_owned(),
        "localhost".to_owned(),
        "127.0.0.1:8080".to_owned(),
    ] {
        let r = s.send(
            "GET",
            "/api/sys/users?size=1",
            &[("Host", &host), ("Authorization", &auth)],
            None,
        );
        assert_eq!(r.status, 200, "{host}: {}", r.text());
    }
}

#[test]
fn dev_bodies_must_be_declared_json() {
    let s = server();
    let fault = json!({"status": 500}).to_string();
    for content_type in [
        None,
        Some("text/plain"),
        Some("text/plain;charset=UTF-8"),
        Some("application/x-www-form-urlencoded"),
        Some("multipart/form-data; boundary=x"),
    ] {
        let headers: Vec<(&str, &str)> = content_type
            .map(|c| ("Content-Type", c))
            .into_iter()
            .collect();
        let r = s.send("POST", "/__dev/faults", &headers, Some(fault.as_bytes()));
        assert_eq!(r.status, 415, "{content_type:?}: {}", r.text());
        assert!(r.json()["Message"]
            .as_str()
            .is_some_and(|m| m.contains("application/json")));
    }
    // A form with no fields still declares its type: refused, the reset does not happen.
    let t = s.sign_in("admin@example.com");
    let mut u = s.user(&t, 1001);
    u["FullName"] = json!("Changed");
    assert_eq!(s.put(&t, &u).status, 200);
    let r = s.send(
        "POST",
        "/__dev/reset",
        &[("Content-Type", "application/x-www-form-urlencoded")],
        Some(b""),
    );
    assert_eq!(r.status, 415);
    assert_eq!(s.user(&t, 1001)["FullName"], "Changed");

    // JSON, with or without parameters, passes; so does a bodiless call without a type.
    let r = s.send(
        "POST",
        "/__dev/faults",
        &[("Content-Type", "Application/JSON; charset=utf-8")],
        Some(fault.as_bytes()),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(s.send("DELETE", "/__dev/faults", &[], None).status, 200);
    assert_eq!(s.send("POST", "/__dev/reset", &[], None).status, 200);
    assert_eq!(s.user(&t, 1001)["FullName"], "Ada Administrator");
}

#[test]
fn dev_calls_from_another_origin_are_refused() {
    let s = server();
    let own = format!("http://127.0.0.1:{}", s.running.addr.port());
    for origin in ["https://evil.example", "null", "http://127.0.0.1:1"] {
        let r = s.send("POST", "/__dev/expire-tokens", &[("Origin", origin)], None);
        assert_eq!(r.status, 403, "{origin}: {}", r.text());
    }
    let r = s.send("POST", "/__dev/expire-tokens", &[("Origin", &own)], None);
    assert_eq!(r.status, 200, "{}", r.text());
    // The API itself is not restricted by origin (its token is the guard).
    let r = s.send(
        "GET",
        "/api/sys/users",
        &[("Origin", "https://evil.example")],
        None,
    );
    assert_eq!(r.status, 401);
}
