//! The limit on reads (`read_limit`): every `GET` under `/api` counts in a sliding minute,
//! over it `409` + `Retry-After`; beside the call limit and the write limit.

use serde_json::json;

use crate::client::*;

#[test]
fn reads_over_the_limit_are_409_and_other_calls_go_on() {
    let s = server_with(|c| c.read_limit = 3);
    assert_eq!(s.stats()["settings"]["read_limit"], 3);
    let t = s.sign_in("admin@example.com"); // a POST: no read
    let u = s.user(&t, 1001); // 1
    assert_eq!(s.get("/api/sys/users?size=1", &t).status, 200); // 2
    assert_eq!(s.get("/api/nothing/here", &t).status, 404); // 3: any GET under /api
    for _ in 0..5 {
        // /__dev calls do not count.
        assert_eq!(s.dev("GET", "/__dev/config", None).status, 200);
    }
    assert_eq!(s.stats()["reads_last_minute"], 3);

    assert_throttled(&s.get("/api/security/userroles/1", &t));
    assert_throttled(&s.get("/api/sys/users/1001", "nonsense")); // before the token check
    let head = s.send(
        "HEAD",
        "/api/sys/users/1001",
        &[("Authorization", &format!("Bearer {t}"))],
        None,
    );
    assert_eq!(head.status, 409, "a HEAD is a read");

    // Writes and token calls are not reads.
    assert_eq!(s.put(&t, &u).status, 200);
    s.sign_in("viewer@example.com");
    let stats = s.stats();
    assert_eq!(stats["reads_last_minute"], 3, "refusals take no slot");
    assert_eq!(stats["writes_last_minute"], 1);
    // The call limit (off) counts every call it let in, refused reads too.
    assert_eq!(stats["calls_last_minute"], 9);

    let logged = s.request_log();
    assert_eq!(
        logged[4..7].to_vec(),
        vec![
            ("GET".into(), "/api/security/userroles/1".into(), 409),
            ("GET".into(), "/api/sys/users/1001".into(), 409),
            ("HEAD".into(), "/api/sys/users/1001".into(), 409),
        ]
    );

    // A reset frees the slots and keeps the start-up limit.
    s.dev("POST", "/__dev/reset", None);
    assert_eq!(s.get("/api/sys/users", &t).status, 200);
    assert_eq!(s.stats()["settings"]["read_limit"], 3);
}

#[test]
fn read_limit_by_config_until_reset() {
    let s = server();
    assert_eq!(s.stats()["settings"]["read_limit"], 0, "off by default");
    let t = s.sign_in("admin@example.com");
    let u = s.user(&t, 1001);
    for _ in 0..30 {
        assert_eq!(s.get("/api/sys/users?size=1", &t).status, 200);
    }
    assert_eq!(s.stats()["reads_last_minute"], 31, "counted even when off");

    assert_eq!(s.configure(&json!({"read_limit": 33}))["read_limit"], 33);
    assert_eq!(s.get("/api/sys/users?size=1", &t).status, 200);
    assert_eq!(s.get("/api/sys/users?size=1", &t).status, 200);
    assert_throttled(&s.get("/api/sys/users?size=1", &t));
    assert_eq!(s.put(&t, &u).status, 200, "writes go on");

    s.expect_limit_setting(&t, "read_limit");
}

#[test]
fn refused_reads_keep_their_fault_and_the_call_limit_comes_first() {
    let s = server_with(|c| c.read_limit = 1);
    let t = s.sign_in("admin@example.com");
    assert_eq!(s.get("/api/sys/users", &t).status, 200);
    s.dev(
        "POST",
        "/__dev/faults",
        Some(&json!({"method": "GET", "status": 503})),
    );
    assert_throttled(&s.get("/api/sys/users", &t));
    let faults = s.dev("GET", "/__dev/faults", None).json();
    assert_eq!(faults["faults"][0]["status"], 503, "{faults}");

    // A read the call limit refuses takes no read slot.
    let s = server_with(|c| {
        c.call_limit = 2;
        c.read_limit = 5;
    });
    let t = s.sign_in("admin@example.com");
    assert_eq!(s.get("/api/sys/users", &t).status, 200);
    assert_throttled(&s.get("/api/sys/users", &t));
    assert_eq!(s.stats()["reads_last_minute"], 1);
    assert_eq!(s.stats()["calls_last_minute"], 2);
}
