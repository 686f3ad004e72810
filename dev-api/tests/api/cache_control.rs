//! The `cache_control` setting: a `Cache-Control` header on every 2xx answer to a `GET`
//! under `/api/`, to test that the app reads around the browser's HTTP cache.

use serde_json::json;

use crate::client::*;

const VALUE: &str = "private, max-age=600";

/// Reads that succeed, of every kind.
const READS: [&str; 6] = [
    "/api/sys/users",
    "/api/sys/users/?id=[1001,1002]",
    "/api/sys/users/1001",
    "/api/security/userroles/?size=2",
    "/api/sys/businesses/5",
    "/api/support/chatrooms",
];

fn set(s: &Server, value: serde_json::Value) -> Resp {
    s.dev(
        "POST",
        "/__dev/config",
        Some(&json!({ "cache_control": value })),
    )
}

#[test]
fn none_by_default() {
    let s = server();
    assert_eq!(
        s.dev("GET", "/__dev/config", None).json()["cache_control"],
        serde_json::Value::Null
    );
    let t = s.sign_in("admin@example.com");
    for path in READS {
        let r = s.get(path, &t);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("cache-control"), None, "{path}");
    }
}

#[test]
fn every_successful_read_carries_the_setting_until_reset() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    let r = set(&s, json!(VALUE));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["cache_control"], VALUE);
    for path in READS {
        let r = s.get(path, &t);
        assert_eq!(r.status, 200, "{path}");
        assert_eq!(r.header("cache-control"), Some(VALUE), "{path}");
    }
    // HEAD answers a GET's headers.
    let auth = format!("Bearer {t}");
    let r = s.send(
        "HEAD",
        "/api/sys/users/1001",
        &[("Authorization", &auth)],
        None,
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.header("cache-control"), Some(VALUE));

    // Not on failures, writes, the token call (which keeps its own) or the /__dev
    // endpoints.
    let failures = [
        ("/api/sys/users/999999", t.as_str(), 404),
        ("/api/sys/users/abc", t.as_str(), 400),
        ("/api/sys/users?id=[x]", t.as_str(), 400),
        ("/api/sys/users", "nonsense", 401),
        ("/api/nothing", t.as_str(), 404),
    ];
    for (path, token, status) in failures {
        let r = s.get(path, token);
        assert_eq!(r.status, status, "{path}");
        assert_eq!(r.header("cache-control"), None, "{path}");
    }
    let u = s.user(&t, 1001);
    let r = s.put(&t, &u);
    assert_eq!(r.status, 200);
    assert_eq!(r.header("cache-control"), None, "PUT");
    let r = s.token(
        "grant_type=password&username=admin%40example.com&password=Admin%232026",
        None,
    );
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("cache-control"),
        Some("no-store"),
        "the token's own, as ever"
    );
    assert_eq!(
        s.dev("GET", "/__dev/stats", None).header("cache-control"),
        None
    );

    // A faulted read that answers 2xx carries it as well (it stands for the server's
    // answer); one that answers 5xx does not.
    s.dev(
        "POST",
        "/__dev/faults",
        Some(&json!({"method": "GET", "status": 200, "body": "{\"Records\":["})),
    );
    s.dev(
        "POST",
        "/__dev/faults",
        Some(&json!({"method": "GET", "status": 500})),
    );
    assert_eq!(
        s.get("/api/sys/users", &t).header("cache-control"),
        Some(VALUE)
    );
    assert_eq!(s.get("/api/sys/users", &t).header("cache-control"), None);

    // Another value, then none again.
    set(&s, json!("max-age=60"));
    assert_eq!(
        s.get("/api/sys/users/1001", &t).header("cache-control"),
        Some("max-age=60")
    );
    set(&s, json!(null));
    assert_eq!(
        s.get("/api/sys/users/1001", &t).header("cache-control"),
        None
    );

    set(&s, json!(VALUE));
    s.dev("POST", "/__dev/reset", None);
    assert_eq!(
        s.stats()["settings"]["cache_control"],
        serde_json::Value::Null
    );
    assert_eq!(
        s.get("/api/sys/users/1001", &t).header("cache-control"),
        None
    );
}

#[test]
fn bad_values_are_refused() {
    let s = server();
    for bad in [
        json!(600),
        json!(""),
        json!("  "),
        json!("a\nb"),
        json!(["x"]),
    ] {
        let r = set(&s, bad.clone());
        assert_eq!(r.status, 400, "{bad}");
        assert!(r.json()["Message"]
            .as_str()
            .is_some_and(|m| m.contains("cache_control")));
    }
    assert_eq!(
        s.dev("GET", "/__dev/config", None).json()["cache_control"],
        serde_json::Value::Null
    );
}
