//! The `/__dev` test-control endpoints and fault injection.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::client::*;

#[test]
fn status_fault_hits_the_next_matching_requests_only() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    let u = s.user(&t, 1001);
    let r = s.dev(
        "POST",
        "/__dev/faults",
        Some(&json!({
            "method": "GET",
            "path": "/api/sys/users",
            "count": 2,
            "status": 500,
            "body": "{\"Message\":\"An error has occurred.\"}"
        })),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    // A PUT does not match a GET fault.
    assert_eq!(s.put(&t, &u).status, 200);
    let r = s.get("/api/sys/users", &t);
    assert_eq!(r.status, 500);
    assert_eq!(r.json()["Message"], "An error has occurred.");
    // The path is a prefix.
    assert_eq!(s.get("/api/sys/users/1001", &t).status, 500);
    assert_eq!(s.get("/api/sys/users", &t).status, 200);
}

#[test]
fn faults_match_method_and_path_prefix() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    s.dev(
        "POST",
        "/__dev/faults",
        Some(&json!({"method": "PUT", "status": 503})),
    );
    s.dev(
        "POST",
        "/__dev/faults",
        Some(&json!({"path": "/api/token", "status": 502})),
    );
    // Neither matches a GET of a user.
    assert_eq!(s.get("/api/sys/users/1001", &t).status, 200);
    let u = s.user(&t, 1001);
    assert_eq!(s.put(&t, &u).status, 503);
    assert_eq!(s.put(&t, &u).status, 200);
    let r = s.token("grant_type=password", None);
    assert_eq!(r.status, 502);
    assert!(r.body.is_empty());
    let faults = s.dev("GET", "/__dev/faults", None).json();
    assert_eq!(faults["faults"], json!([]));
}

#[test]
fn throttle_and_malformed_body_faults() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    s.dev(
        "POST",
        "/__dev/faults",
        Some(&json!({"method": "put", "status": 409, "retry_after": "5"})),
    );
    let u = s.user(&t, 1001);
    let r = s.put(&t, &u);
    assert_eq!(r.status, 409);
    assert_eq!(r.header("retry-after"), Some("5"));
    assert!(r.body.is_empty());

    s.dev(
        "POST",
        "/__dev/faults",
        Some(&json!({"path": "/api/sys/users", "status": 200, "body": "{\"Records\":["})),
    );
    let r = s.get("/api/sys/users", &t);
    assert_eq!(r.status, 200);
    assert_eq!(r.text(), "{\"Records\":[");
    assert!(r
        .header("content-type")
        .is_some_and(|c| c.starts_with("application/json")));
    assert!(serde_json::from_slice::<Value>(&r.body).is_err());
}

#[test]
fn delay_fault_then_normal_answer() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    s.dev(
        "POST",
        "/__dev/faults",
        Some(&json!({"path": "/api/sys/users/", "delay_ms": 400})),
    );
    let start = Instant::now();
    let r = s.get("/api/sys/users/1001", &t);
    assert!(start.elapsed() >= Duration::from_millis(400));
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["Id"], 1001);
    let start = Instant::now();
    s.get("/api/sys/users/1001", &t);
    assert!(start.elapsed() < Duration::from_millis(400));
    let log = s.stats()["requests"].clone();
    let delayed: Vec<&Value> = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["fault"] == "delay")
        .collect();
    assert_eq!(delayed.len(), 1);
    assert_eq!(delayed[0]["status"], 200);
}

#[test]
fn drop_fault_closes_without_an_answer() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    s.dev(
        "POST",
        "/__dev/faults",
        Some(&json!({"method": "GET", "drop": true, "delay_ms": 50})),
    );
    let auth = format!("Bearer {t}");
    let r = s.try_send("GET", "/api/sys/users", &[("Authorization", &auth)], None);
    assert!(r.is_err(), "expected a dropped connection, got {r:?}");
    assert_eq!(s.get("/api/sys/users", &t).status, 200);
    let log = s.stats()["requests"].clone();
    assert!(log
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["fault"] == "drop" && r["status"] == 0));
}

#[test]
fn bad_fault_requests_and_clearing() {
    let s = server();
    for body in [
        "{",
        "{\"status\": 42}",
        "{\"status\": \"500\"}",
        "{\"count\": 0, \"status\": 500}",
        "{\"unknown\": true}",
        "{\"method\": \"G T\"}",
    ] {
        let r = s.send(
            "POST",
            "/__dev/faults",
            &[("Content-Type", "application/json")],
            Some(body.as_bytes()),
        );
        assert_eq!(r.status, 400, "{body}: {}", r.text());
    }
    s.dev(
        "POST",
        "/__dev/faults",
        Some(&json!({"status": 500, "count": 3})),
    );
    assert_eq!(
        s.dev("GET", "/__dev/faults", None).json()["faults"][0]["count"],
        3
    );
    assert_eq!(s.dev("DELETE", "/__dev/faults", None).status, 200);
    let t = s.sign_in("admin@example.com");
    assert_eq!(s.get("/api/sys/users", &t).status, 200);
}

#[test]
fn stats_reset_and_token_control() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    let tokens = s.sign_in_full("viewer@example.com", "Admin#2026");
    let mut u = s.user(&t, 1001);
    u["FullName"] = json!("Changed");
    assert_eq!(s.put(&t, &u).status, 200);
    s.get("/api/sys/users/nope", &t);

    let st = s.stats();
    assert_eq!(st["token_requests"]["password"], 2);
    assert_eq!(st["token_requests"]["refresh_token"], 0);
    assert_eq!(
        s.request_log(),
        vec![
            ("POST".into(), "/api/token".into(), 200),
            ("POST".into(), "/api/token".into(), 200),
            ("GET".into(), "/api/sys/users/1001".into(), 200),
            ("PUT".into(), "/api/sys/users".into(), 200),
            ("GET".into(), "/api/sys/users/nope".into(), 400),
        ]
    );

    // Reset: data and counters back to the seed, tokens still valid.
    s.dev("POST", "/__dev/faults", Some(&json!({"status": 500})));
    assert_eq!(s.dev("POST", "/__dev/reset", None).status, 200);
    assert_eq!(s.user(&t, 1001)["FullName"], "Ada Administrator");
    let st = s.stats();
    assert_eq!(st["token_requests"]["password"], 0);
    assert_eq!(st["requests"].as_array().unwrap().len(), 1); // the GET above

    // Expire access tokens: 401, but a refresh works.
    assert_eq!(s.dev("POST", "/__dev/expire-tokens", None).status, 200);
    assert_eq!(s.get("/api/sys/users/1001", &t).status, 401);
    let rt = tokens["refresh_token"].as_str().unwrap();
    let r = s.token(
        &format!("grant_type=refresh_token&refresh_token={}", enc(rt)),
        None,
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let fresh = r.json();
    let access = fresh["access_token"].as_str().unwrap();
    assert_eq!(s.get("/api/sys/users/1001", access).status, 200);
    assert_eq!(s.stats()["token_requests"]["refresh_token"], 1);

    // Revoke refresh tokens too: both fail.
    assert_eq!(s.dev("POST", "/__dev/revoke-refresh", None).status, 200);
    assert_eq!(s.get("/api/sys/users/1001", access).status, 401);
    let r = s.token(
        &format!(
            "grant_type=refresh_token&refresh_token={}",
            enc(fresh["refresh_token"].as_str().unwrap())
        ),
        None,
    );
    assert_eq!(r.json()["error"], "invalid_grant");
}

#[test]
fn config_endpoint_changes_settings_until_reset() {
    let s = server();
    let r = s.dev(
        "POST",
        "/__dev/config",
        Some(&json!({"write_limit": 1, "token_ttl": 7, "forbidden_status": 403})),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(
        r.json(),
        json!({"token_ttl": 7, "write_limit": 1, "call_limit": 0, "read_limit": 0,
            "forbidden_status": 403, "user_count": 300, "sort_dir_reading": "standard",
            "id_filter": "on", "cache_control": null, "ignored_filters": []})
    );
    let body = s.sign_in_full("admin@example.com", "Admin#2026");
    assert_eq!(body["expires_in"], 7);
    let t = body["access_token"].as_str().unwrap();
    let u = s.user(t, 1001);
    assert_eq!(s.put(t, &u).status, 200);
    assert_eq!(s.put(t, &u).status, 409);
    let viewer = s.sign_in("viewer@example.com");
    assert_eq!(s.put(&viewer, &u).status, 403);
    for bad in [
        json!({"token_ttl": 0}),
        json!({"forbidden_status": 404}),
        json!({"user_count": 5}),
        json!({"bogus": 1}),
        json!({"write_limit": 5, "id_filter": "sometimes"}),
    ] {
        let r = s.dev("POST", "/__dev/config", Some(&bad));
        assert_eq!(r.status, 400, "{bad}");
        assert!(r.json()["Message"].is_string(), "{bad}");
    }
    assert_eq!(
        s.dev("GET", "/__dev/config", None).json()["write_limit"],
        1,
        "a patch with a bad setting changes nothing"
    );
    s.dev("POST", "/__dev/reset", None);
    assert_eq!(
        s.dev("GET", "/__dev/config", None).json(),
        json!({"token_ttl": 3600, "write_limit": 60, "call_limit": 0, "read_limit": 0,
            "forbidden_status": 401, "user_count": 300, "sort_dir_reading": "standard",
            "id_filter": "on", "cache_control": null, "ignored_filters": []})
    );
}

#[test]
fn dev_endpoints_are_off_by_default() {
    let s = server_with(|c| c.dev_endpoints = false);
    for (method, path) in [
        ("POST", "/__dev/reset"),
        ("POST", "/__dev/faults"),
        ("GET", "/__dev/stats"),
        ("POST", "/__dev/expire-tokens"),
    ] {
        let r = s.send(method, path, &[], Some(b"{}"));
        assert_eq!(r.status, 404, "{method} {path}");
    }
}

/// A generic user who can sign in once given a password: active, no two-factor, no reset.
fn plain_member() -> (i64, String) {
    dev_api::seed::users(dev_api::seed::USER_COUNT)
        .iter()
        .find(|u| {
            !is_demo_account(u)
                && u["Active"] == true
                && u["TwoFactorEnabled"] == false
                && u["MustResetPassword"] == false
        })
        .and_then(|u| Some((u["Id"].as_i64()?, u["Email"].as_str()?.to_owned())))
        .expect("such a user is seeded")
}

fn change(s: &Server, id: i64, body: &Value) -> Resp {
    s.dev("POST", &format!("/__dev/users/{id}/change"), Some(body))
}

/// Whole seconds in UTC, as RFC 3339 with `Z`, within a few seconds of now.
fn assert_just_now(stamp: &Value) {
    let text = stamp.as_str().unwrap_or_else(|| panic!("{stamp}"));
    assert_eq!(text.len(), 20, "{text}");
    assert!(text.ends_with('Z') && !text.contains('.'), "{text}");
    let parse = |t: &str| {
        contract::datetime::parse_datetime(t)
            .unwrap_or_else(|e| panic!("{t}: {e:?}"))
            .unix_seconds()
    };
    let now = parse(&dev_api::time::now_rfc3339());
    assert!((now - 5..=now).contains(&parse(text)), "{text}");
}

#[test]
fn change_as_another_admin_stamps_the_record() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    let before = s.user(&t, 1001);
    let r = change(
        &s,
        1001,
        &json!({"set": {"FullName": "Ada Changed", "OnHelpDeskMsg": true}}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let answer = r.json();
    assert_eq!(answer["FullName"], "Ada Changed");
    assert_eq!(answer["UpdatedBy"], "other.admin@example.com");
    assert_just_now(&answer["UpdatedOn"]);
    assert_ne!(answer["UpdatedOn"], before["UpdatedOn"]);
    assert_eq!(s.user(&t, 1001), answer, "stored as answered");

    let r = change(
        &s,
        1001,
        &json!({"as": "admin", "by": "someone@example.com", "remove": ["FutureFlag"]}),
    );
    let answer = r.json();
    assert_eq!(answer["UpdatedBy"], "someone@example.com");
    assert!(answer.get("FutureFlag").is_none());
    assert_eq!(answer["FullName"], "Ada Changed");
}

#[test]
fn change_as_the_member_or_the_platform() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    let (id, email) = plain_member();
    let r = change(
        &s,
        id,
        &json!({"as": "member", "set": {"Devices": "Pixel 9"}}),
    );
    let answer = r.json();
    assert_eq!(answer["Devices"], "Pixel 9");
    assert_eq!(answer["UpdatedBy"], email.as_str());
    assert_just_now(&answer["UpdatedOn"]);

    let before = s.user(&t, 1001);
    let r = change(
        &s,
        1001,
        &json!({"as": "platform", "set": {"LastAccess": "2026-01-02T03:04:05Z", "InvalidLoginAttempts": 2}}),
    );
    let answer = r.json();
    assert_eq!(answer["LastAccess"], "2026-01-02T03:04:05Z");
    assert_eq!(answer["InvalidLoginAttempts"], 2);
    assert_eq!(answer["UpdatedOn"], before["UpdatedOn"]);
    assert_eq!(answer["UpdatedBy"], before["UpdatedBy"]);
}

#[test]
fn change_of_the_password_works_like_an_admins_new_password() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    let (id, email) = plain_member();
    let before = s.user(&t, id);
    let r = change(&s, id, &json!({"password": "NewPass#1"}));
    assert_eq!(r.status, 200, "{}", r.text());
    let answer = r.json();
    assert_ne!(answer["Password"], before["Password"]);
    assert_ne!(answer["PasswordSalt"], before["PasswordSalt"]);
    assert!(answer["PasswordSalt"]
        .as_str()
        .is_some_and(|s| !s.is_empty()));
    s.sign_in_full(&email, "NewPass#1");

    // The demo admin's old password stops working.
    change(
        &s,
        1001,
        &json!({"as": "platform", "password": "Other#2027"}),
    );
    let r = s.token(
        "grant_type=password&username=admin%40example.com&password=Admin%232026",
        None,
    );
    assert_eq!(r.json()["error"], "invalid_grant");
    s.sign_in_full("admin@example.com", "Other#2027");
}

#[test]
fn bad_changes_are_refused_and_change_nothing() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    let before = s.user(&t, 1001);
    for body in [
        json!({"set": {"Id": 5}}),
        json!({"remove": ["Id"]}),
        json!({"password": "short"}),
        json!({"as": "robot"}),
        json!({"as": "platform", "by": "x@example.com"}),
        json!({"sets": {}}),
        json!({"set": [1]}),
        json!([]),
    ] {
        let r = change(&s, 1001, &body);
        assert_eq!(r.status, 400, "{body}: {}", r.text());
        assert!(r.json()["Message"].is_string());
    }
    assert_eq!(s.user(&t, 1001), before);
    let r = change(&s, 999_999, &json!({}));
    assert_eq!(r.status, 404);
    assert_eq!(r.text(), "\"Not found\"");
    assert_eq!(
        change(&s, 0, &json!({"set": {"FullName": "x"}})).status,
        404
    );
    // A bodiless change is an admin's touch.
    let r = s.send("POST", "/__dev/users/1001/change", &[], None);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["UpdatedBy"], "other.admin@example.com");
}

#[test]
fn put_answers_and_stores_the_same_update_stamp() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    change(
        &s,
        1001,
        &json!({"as": "platform", "set": {"UpdatedBy": "earlier@example.com"}}),
    );
    let u = s.user(&t, 1001);
    let r = s.put(&t, &u);
    assert_eq!(r.status, 200);
    let answer = r.json();
    assert_just_now(&answer["UpdatedOn"]);
    assert_eq!(answer["UpdatedBy"], "admin@example.com");
    let stored = s.user(&t, 1001);
    assert_eq!(stored["UpdatedOn"], answer["UpdatedOn"]);
    assert_eq!(stored["UpdatedBy"], answer["UpdatedBy"]);
}
