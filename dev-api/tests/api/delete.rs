//! `DELETE /api/sys/users/{id}`, and how creates and deletes meet ids, resets and faults.

use serde_json::{json, Value};

use crate::client::*;

fn assert_not_found(r: &Resp) {
    assert_eq!(r.status, 404, "{}", r.text());
    assert_eq!(r.text(), "\"Not found\"");
}

fn create(s: &Server, token: &str, name: &str, email: &str) -> i64 {
    let r = s.create(token, &json!({"FullName": name, "Email": email}));
    assert_eq!(r.status, 200, "{}", r.text());
    r.json()["Value"]["Id"].as_i64().expect("Value.Id")
}

#[test]
fn a_deleted_user_is_gone_everywhere() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    let id = plain_id();
    let record = s.user(&t, id);
    let name = record["FullName"].as_str().unwrap().to_owned();
    let listed = |s: &Server| {
        s.get(
            &format!("/api/sys/users?size=1000&User_FullName={}", enc(&name)),
            &t,
        )
        .json()["Records"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["Id"] == id)
    };
    assert!(listed(&s));

    let r = s.delete(&t, id);
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    assert_eq!(v["Status"], 200);
    assert_eq!(v["Message"], "User was successfully deleted.");
    assert_eq!(v["Value"], json!({ "Id": id }));
    assert_eq!(v["Errors"], Value::Null);
    assert_eq!(v["WasSuccessful"], true);
    assert_eq!(v["UpdatedBy"], "admin@example.com");

    assert_not_found(&s.get(&format!("/api/sys/users/{id}"), &t));
    assert_not_found(&s.put(&t, &record));
    assert!(!listed(&s));
    let several = s
        .get(&format!("/api/sys/users/?id=[{ADMIN_ID},{id}]"), &t)
        .json();
    assert_eq!(several["TotalItems"], 1);
    assert_eq!(several["Records"][0]["Id"], ADMIN_ID);
    assert_eq!(s.total_users(&t), 299);
    // Its email is free again.
    let email = record["Email"].as_str().unwrap();
    create(&s, &t, "Successor", email);

    // For good: a second DELETE finds nothing.
    assert_not_found(&s.delete(&t, id));
}

#[test]
fn unknown_and_malformed_ids() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    assert_not_found(&s.delete(&t, 424242));
    let auth = format!("Bearer {t}");
    let r = s.send(
        "DELETE",
        "/api/sys/users/abc",
        &[("Authorization", &auth)],
        None,
    );
    assert_eq!(r.status, 400, "{}", r.text());
    assert!(r.json()["Message"]
        .as_str()
        .unwrap()
        .contains("whole number"));
    assert_eq!(s.total_users(&t), 300);
}

#[test]
fn deleting_needs_user_delete() {
    let s = server();
    let creator = s.sign_in("creator@example.com");
    let viewer = s.sign_in("viewer@example.com");
    let admin = s.sign_in("admin@example.com");
    let id = plain_id();
    for token in [&creator, &viewer] {
        let r = s.delete(token, id);
        assert_eq!(r.status, 401, "{}", r.text());
        assert_eq!(
            r.json()["Message"],
            "Authorization has been denied for this request."
        );
    }
    assert_eq!(
        s.send("DELETE", &format!("/api/sys/users/{id}"), &[], None)
            .status,
        401,
        "not signed in"
    );
    s.user(&admin, id);

    // Granting User-Delete (user role 20) lets the creator delete.
    let mut me = s.user(&admin, CREATOR_ID);
    me["AddedUserRoles"] = json!([dev_api::seed::ROLE_USER_DELETE]);
    assert_eq!(s.put(&admin, &me).status, 200);
    assert_eq!(s.delete(&creator, id).status, 200);
}

#[test]
fn forbidden_status_knob_answers_403_naming_user_delete() {
    let s = server_with(|c| c.forbidden_status = 403);
    let creator = s.sign_in("creator@example.com");
    let r = s.delete(&creator, plain_id());
    assert_eq!(r.status, 403, "{}", r.text());
    assert_eq!(
        r.json()["Message"],
        "The signed-in user lacks the User-Delete permission."
    );
}

#[test]
fn a_deleted_account_no_longer_signs_in() {
    let s = server();
    let admin = s.sign_in("admin@example.com");
    let viewer = s.sign_in("viewer@example.com");
    assert_eq!(s.delete(&admin, VIEWER_ID).status, 200);
    let r = s.get(&format!("/api/sys/users/{ADMIN_ID}"), &viewer);
    assert_eq!(r.status, 401, "its token: {}", r.text());
    let r = s.token(
        "grant_type=password&username=viewer%40example.com&password=Admin%232026",
        None,
    );
    assert_eq!(r.json()["error"], "invalid_grant");
}

#[test]
fn ids_are_never_given_twice() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    let a = create(&s, &t, "First New", "first.new@example.com");
    assert_eq!(s.delete(&t, a).status, 200);
    let b = create(&s, &t, "Second New", "second.new@example.com");
    assert_eq!(b, a + 1, "the deleted highest id is not given again");
    let c = create(&s, &t, "Third New", "third.new@example.com");
    assert_eq!(c, b + 1);
    // A refused create uses up no id.
    assert_eq!(s.create(&t, &json!({})).status, 400);
    assert_eq!(
        create(&s, &t, "Fourth New", "fourth.new@example.com"),
        c + 1
    );
}

#[test]
fn reset_restores_deleted_users_and_drops_created_ones() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    let seeded = s.user(&t, plain_id());
    let created = create(&s, &t, "Short Lived", "short.lived@example.com");
    assert_eq!(s.delete(&t, plain_id()).status, 200);
    assert_eq!(
        s.delete(&t, created - 1).status,
        200,
        "the highest seeded id"
    );
    assert_eq!(s.total_users(&t), 299);

    assert_eq!(s.dev("POST", "/__dev/reset", None).status, 200);
    assert_eq!(s.user(&t, plain_id()), seeded);
    s.user(&t, created - 1);
    assert_not_found(&s.get(&format!("/api/sys/users/{created}"), &t));
    assert_eq!(s.total_users(&t), 300);
    // Ids start again after the seed's.
    assert_eq!(
        create(&s, &t, "After Reset", "short.lived@example.com"),
        created
    );
}

#[test]
fn an_applied_write_can_lose_its_answer() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    let fault = |body: Value| {
        let r = s.dev("POST", "/__dev/faults", Some(&body));
        assert_eq!(r.status, 200, "{}", r.text());
    };
    let found = |email: &str| {
        s.get(&format!("/api/sys/users?User_Email={}", enc(email)), &t)
            .json()["TotalItems"]
            .clone()
    };
    let body = |email: &str| json!({"FullName": "Lost Answer", "Email": email}).to_string();
    let auth = format!("Bearer {t}");
    let headers = [
        ("Authorization", auth.as_str()),
        ("Content-Type", "application/json"),
    ];

    // Applied, then the connection drops: the user exists, the client never heard.
    fault(json!({"method": "POST", "path": "/api/sys/users", "drop": true, "applied": true}));
    let r = s.try_send(
        "POST",
        "/api/sys/users",
        &headers,
        Some(body("lost@example.com").as_bytes()),
    );
    assert!(r.is_err(), "expected a dropped connection, got {r:?}");
    assert_eq!(found("lost@example.com"), 1);
    let log = s.stats()["requests"].clone();
    assert!(log
        .as_array()
        .unwrap()
        .iter()
        .any(|q| q["method"] == "POST" && q["fault"] == "drop" && q["status"] == 0));

    // Without `applied` the same fault stops it before the handler: nothing is created.
    fault(json!({"method": "POST", "path": "/api/sys/users", "drop": true}));
    let r = s.try_send(
        "POST",
        "/api/sys/users",
        &headers,
        Some(body("never@example.com").as_bytes()),
    );
    assert!(r.is_err());
    assert_eq!(found("never@example.com"), 0);

    // Applied, then another answer: the delete happened behind a 500.
    let id = plain_id();
    fault(
        json!({"method": "DELETE", "path": "/api/sys/users/", "status": 500,
        "body": "{\"Status\":500,\"Message\":\"An error occurred while deleting the record.\"}",
        "applied": true}),
    );
    let r = s.delete(&t, id);
    assert_eq!(r.status, 500);
    assert_eq!(
        r.json()["Message"],
        "An error occurred while deleting the record."
    );
    assert_not_found(&s.get(&format!("/api/sys/users/{id}"), &t));

    // `applied` alone says nothing to do.
    let r = s.dev("POST", "/__dev/faults", Some(&json!({"applied": true})));
    assert_eq!(r.status, 400, "{}", r.text());
    assert!(r.json()["Message"].as_str().unwrap().contains("applied"));
}
