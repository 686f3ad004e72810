//! The limit on all calls (`call_limit`): every `/api` request counts in a sliding minute,
//! over it `409` + `Retry-After`; independent of the write limit.

use serde_json::{json, Value};

use crate::client::*;

#[test]
fn every_api_call_counts_and_over_the_limit_is_409() {
    let s = server_with(|c| c.call_limit = 4);
    assert_eq!(s.stats()["settings"]["call_limit"], 4);
    let t = s.sign_in("admin@example.com"); // 1: token calls count
    let u = s.user(&t, 1001); // 2
    assert_eq!(s.get("/api/sys/users/1001", "nonsense").status, 401); // 3: refusals too
    assert_eq!(s.put(&t, &u).status, 200); // 4
                                           // /__dev calls do not count.
    for _ in 0..5 {
        assert_eq!(s.dev("GET", "/__dev/faults", None).status, 200);
    }
    assert_eq!(s.stats()["calls_last_minute"], 4);

    assert_throttled(&s.get("/api/sys/users", &t));
    assert_throttled(&s.get("/api/nothing/here", &t));
    assert_throttled(&s.token(
        "grant_type=password&username=admin%40example.com&password=Admin%232026",
        None,
    ));
    assert_throttled(&s.put(&t, &u));
    assert_eq!(
        s.stats()["token_requests"]["password"],
        1,
        "a refused token call reaches no handler"
    );
    assert_eq!(s.stats()["writes_last_minute"], 1, "nor the write limit");
    assert_eq!(s.stats()["calls_last_minute"], 4, "refusals take no slot");

    // Refused requests are logged with their 409.
    let logged = s.request_log();
    assert_eq!(logged.len(), 8);
    assert_eq!(
        logged[4..].to_vec(),
        vec![
            ("GET".into(), "/api/sys/users".into(), 409),
            ("GET".into(), "/api/nothing/here".into(), 409),
            ("POST".into(), "/api/token".into(), 409),
            ("PUT".into(), "/api/sys/users".into(), 409),
        ]
    );
    let last = &s.stats()["requests"][7];
    assert_eq!(last["fault"], Value::Null);

    // A reset frees the slots and keeps the start-up limit.
    s.dev("POST", "/__dev/reset", None);
    assert_eq!(s.get("/api/sys/users", &t).status, 200);
    assert_eq!(s.stats()["settings"]["call_limit"], 4);
}

#[test]
fn call_limit_by_config_until_reset() {
    let s = server();
    assert_eq!(s.stats()["settings"]["call_limit"], 0, "off by default");
    let t = s.sign_in("admin@example.com");
    for _ in 0..30 {
        assert_eq!(s.get("/api/sys/users?size=1", &t).status, 200);
    }
    assert_eq!(s.stats()["calls_last_minute"], 31, "counted even when off");

    let r = s.dev("POST", "/__dev/config", Some(&json!({"call_limit": 33})));
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["call_limit"], 33);
    assert_eq!(s.get("/api/sys/users?size=1", &t).status, 200);
    assert_eq!(s.get("/api/sys/users?size=1", &t).status, 200);
    assert_throttled(&s.get("/api/sys/users?size=1", &t));

    s.expect_limit_setting(&t, "call_limit");
}

#[test]
fn faulted_requests_count_and_refused_ones_keep_their_fault() {
    let s = server_with(|c| c.call_limit = 3);
    let t = s.sign_in("admin@example.com"); // 1
    s.dev(
        "POST",
        "/__dev/faults",
        Some(&json!({"method": "GET", "status": 500, "count": 2})),
    );
    assert_eq!(s.get("/api/sys/users", &t).status, 500); // 2: a faulted call counts
    assert_eq!(s.get("/api/sys/users", &t).status, 500); // 3
    s.dev(
        "POST",
        "/__dev/faults",
        Some(&json!({"method": "GET", "status": 503})),
    );
    // Over the limit: refused before any fault, which stays queued.
    assert_throttled(&s.get("/api/sys/users", &t));
    let faults = s.dev("GET", "/__dev/faults", None).json();
    assert_eq!(faults["faults"][0]["status"], 503, "{faults}");
    let last = s.stats()["requests"][3].clone();
    assert_eq!(last["status"], 409);
    assert_eq!(last["fault"], Value::Null);
}

#[test]
fn the_write_limit_works_as_before_and_independently() {
    let s = server_with(|c| {
        c.call_limit = 100;
        c.write_limit = 1;
    });
    let t = s.sign_in("admin@example.com");
    let u = s.user(&t, 1001);
    assert_eq!(s.put(&t, &u).status, 200);
    assert_throttled(&s.put(&t, &u));
    assert_eq!(s.get("/api/sys/users/1001", &t).status, 200, "reads go on");
    let stats = s.stats();
    assert_eq!(stats["writes_last_minute"], 1);
    assert_eq!(stats["calls_last_minute"], 5);

    // With the write limit off, the call limit still holds PUTs.
    s.dev(
        "POST",
        "/__dev/config",
        Some(&json!({"write_limit": 0, "call_limit": 6})),
    );
    assert_eq!(s.put(&t, &u).status, 200);
    assert_throttled(&s.put(&t, &u));
}

#[test]
fn the_banner_names_the_call_and_read_limits() {
    let addr = "127.0.0.1:8787".parse().expect("an address");
    let on = dev_api::banner(
        &dev_api::Config {
            call_limit: 120,
            read_limit: 120,
            ..dev_api::Config::default()
        },
        addr,
    );
    assert!(on.contains("call limit 120/min,"), "{on}");
    assert!(on.contains("read limit 120/min,"), "{on}");
    let off = dev_api::banner(&dev_api::Config::default(), addr);
    assert!(off.contains("call limit 0/min (off)"), "{off}");
    assert!(off.contains("read limit 0/min (off)"), "{off}");
}
