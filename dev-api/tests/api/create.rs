//! `POST /api/sys/users`: defaults, validation, permission, throttling.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use crate::client::*;

/// What the server gives a new user, whatever the body says: its secrets and identity.
const SERVER_OWNED: [&str; 6] = [
    "Password",
    "PasswordSalt",
    "AccessToken",
    "TwoFactorSecret",
    "UniqueId",
    "CreatedOn",
];

/// The id the first user created after the seed gets.
fn first_new_id() -> i64 {
    dev_api::seed::users(dev_api::seed::USER_COUNT)
        .iter()
        .filter_map(|u| u["Id"].as_i64())
        .max()
        .expect("seeded")
        + 1
}

fn minimal(name: &str, email: &str) -> Value {
    json!({"FullName": name, "Email": email})
}

#[test]
fn a_minimal_user_is_created_with_every_property_a_seeded_one_has() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    let r = s.create(&t, &minimal("Nora New", "nora.new@example.com"));
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    assert_eq!(
        keys_of(&v),
        BTreeSet::from(ACTION_ENVELOPE),
        "the PUT's envelope"
    );
    assert_eq!(v["Status"], 200);
    assert_eq!(v["Message"], "User was successfully created.");
    assert_eq!(v["WasSuccessful"], true);
    assert_eq!(v["Errors"], Value::Null);
    assert_eq!(v["UpdatedBy"], "admin@example.com");
    let id = first_new_id();
    assert_eq!(v["Value"], json!({ "Id": id }));

    let back = s.user(&t, id);
    // Every property of a seeded user (the admin has no `ExternalRef`, which only some do).
    let seeded = s.user(&t, ADMIN_ID);
    let names =
        |u: &Value| -> BTreeSet<String> { u.as_object().unwrap().keys().cloned().collect() };
    assert_eq!(names(&back), names(&seeded));
    assert_eq!(back["Id"], id);
    assert_eq!(back["FullName"], "Nora New");
    assert_eq!(back["Email"], "nora.new@example.com");
    assert_eq!(back["Language"], 1);
    assert_eq!(back["Active"], true);
    assert_eq!(back["IsAdmin"], false);
    assert_eq!(back["Businesses"], json!([]));
    assert_eq!(back["UserRoles"], json!([]));
    assert_eq!(back["ChatRooms"], json!([]));
    assert_eq!(back["LastHelpVisited"], 0);
    assert_eq!(back["InvalidLoginAttempts"], 0);
    assert_eq!(back["Password"], Value::Null, "no sign-in password yet");
    assert!(back["PasswordSalt"].as_str().is_some_and(|s| !s.is_empty()));
    assert_eq!(back["AccessToken"], Value::Null);
    assert_eq!(back["TwoFactorSecret"], Value::Null);
    assert_eq!(back["TwoFactorEnabled"], false);
    assert_eq!(back["FutureFlag"], false);
    assert_eq!(back["ToStringText"], "Nora New");
    assert_eq!(back["DefaultBusinessId"], Value::Null);
    assert!(contract::validate::is_valid_guid(
        back["UniqueId"].as_str().unwrap()
    ));
    assert_ne!(back["UniqueId"], seeded["UniqueId"]);
    assert_eq!(back["CreatedOn"], v["UpdatedOn"]);
    assert_eq!(back["UpdatedOn"], v["UpdatedOn"]);
    assert_eq!(back["UpdatedBy"], "admin@example.com");

    // It is a user like the others: listed, loaded with others, saved back as it came.
    assert_eq!(s.total_users(&t), 301);
    let found = s.get("/api/sys/users?User_FullName=nora%20new", &t).json();
    assert_eq!(found["TotalItems"], 1);
    assert_eq!(found["Records"][0]["Id"], id);
    let several = s
        .get(&format!("/api/sys/users/?id=[{ADMIN_ID},{id}]"), &t)
        .json();
    assert_eq!(several["TotalItems"], 2);
    assert_eq!(s.put(&t, &back).status, 200);
}

#[test]
fn what_the_body_sends_is_stored_but_the_servers_own_properties() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    // A body built from a copy of another user, as a careless client might send it.
    let mut copied = s.user(&t, plain_id());
    copied["AccessToken"] = json!("0123456789abcdef0123456789abcdef01234567");
    copied["TwoFactorSecret"] = json!("JBSWY3DPEHPK3PXP");
    copied["TwoFactorEnabled"] = json!(true);
    copied["AvatarFileName"] = json!("avatar-copied.png");
    let mut body = minimal("Omar Other", "omar@example.com");
    for name in SERVER_OWNED
        .into_iter()
        .chain(["TwoFactorEnabled", "AvatarFileName"])
    {
        body[name] = copied[name].clone();
    }
    body["Language"] = json!(2);
    body["Validated"] = json!(true);
    body["MustResetPassword"] = json!(true);
    body["Businesses"] = json!([3, 5]);
    body["UserRoles"] = json!([4]);
    body["AddedChatRooms"] = json!([7]);
    body["NewPassword"] = json!("Welcome#2026");
    body["BrandNewProperty"] = json!({"kept": [1, 2]});
    body["LastHelpVisited"] = Value::Null; // null takes the default, as absent does
    let r = s.create(&t, &body);
    assert_eq!(r.status, 200, "{}", r.text());
    let id = r.json()["Value"]["Id"].as_i64().unwrap();
    let back = s.user(&t, id);

    for name in SERVER_OWNED {
        assert_ne!(back[name], copied[name], "{name} copied");
    }
    assert_eq!(back["TwoFactorSecret"], Value::Null);
    assert_eq!(back["AccessToken"], Value::Null);
    assert_eq!(back["TwoFactorEnabled"], false);
    assert_eq!(back["AvatarFileName"], Value::Null);
    assert_eq!(back["Language"], 2);
    assert_eq!(back["Validated"], true);
    assert_eq!(back["MustResetPassword"], true);
    assert_eq!(back["Businesses"], json!([3, 5]));
    assert_eq!(back["DefaultBusinessId"], 3);
    assert_eq!(back["UserRoles"], json!([4]));
    assert_eq!(back["ChatRooms"], json!([7]));
    assert!(back.get("AddedChatRooms").is_none());
    assert_eq!(back["BrandNewProperty"], body["BrandNewProperty"]);
    assert_eq!(back["LastHelpVisited"], 0);
    assert_eq!(back["NewPassword"], Value::Null);
    assert!(back["Password"].as_str().is_some_and(|p| !p.is_empty()));

    // The new password signs in, subject to the record's flags (here: reset it first).
    let r = s.token(
        "grant_type=password&username=omar%40example.com&password=Welcome%232026",
        None,
    );
    assert_eq!(r.json()["error"], "must_reset_password", "{}", r.text());
}

#[test]
fn full_name_and_email_are_required() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    let required = "is a required field";

    let e = errors_of(&s.create(&t, &json!({"Email": "x@example.com"})));
    assert_eq!(e, [("FullName".to_owned(), required.to_owned())]);
    let e = errors_of(&s.create(&t, &json!({"FullName": "X"})));
    assert_eq!(e, [("Email".to_owned(), required.to_owned())]);
    let e = errors_of(&s.create(&t, &json!({"FullName": "  ", "Email": null})));
    assert!(has_error(&e, "FullName", required), "{e:?}");
    assert!(has_error(&e, "Email", required), "{e:?}");
    let r = s.create(&t, &json!({}));
    let v = r.json();
    assert_eq!(
        v["Message"],
        "FullName: is a required field; Email: is a required field"
    );
    assert_eq!(v["Value"], Value::Null);

    assert_eq!(s.total_users(&t), 300, "nothing was created");
}

#[test]
fn an_email_in_use_is_refused_whatever_its_case() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    let taken = "is already used by another user";
    let e = errors_of(&s.create(&t, &minimal("Second Ada", "ADMIN@Example.com")));
    assert_eq!(e, [("Email".to_owned(), taken.to_owned())]);

    assert_eq!(s.create(&t, &minimal("Pat", "pat@example.com")).status, 200);
    let r = s.create(&t, &minimal("Pat Again", "Pat@EXAMPLE.com"));
    let e = errors_of(&r);
    assert!(has_error(&e, "Email", taken), "{e:?}");
    assert_eq!(r.json()["Errors"][0]["AttemptedValue"], "Pat@EXAMPLE.com");
    assert_eq!(s.total_users(&t), 301);
}

#[test]
fn the_puts_other_rules_apply_to_what_is_sent() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    let with = |edit: &dyn Fn(&mut Value)| {
        let mut body = minimal("Val Idation", "val@example.com");
        edit(&mut body);
        errors_of(&s.create(&t, &body))
    };

    let e = with(&|b| b["Email"] = json!("not-an-email"));
    assert!(
        has_error(&e, "Email", "is not a valid email address"),
        "{e:?}"
    );
    assert_shared_rules(&with);
    let r = s.create(&t, &{
        let mut b = minimal("Val Idation", "val@example.com");
        b["NewPassword"] = json!("short");
        b
    });
    assert_eq!(
        r.json()["Errors"][0]["AttemptedValue"],
        Value::Null,
        "secrets are not echoed"
    );
    for language in [json!(0), json!(4), json!(7), json!("English")] {
        let e = with(&|b| b["Language"] = language.clone());
        assert!(e.iter().any(|(p, _)| p == "Language"), "{language}: {e:?}");
    }
    // An id is the server's to give.
    for id in [json!(1001), json!(424242), json!("abc")] {
        let e = with(&|b| b["Id"] = id.clone());
        assert_eq!(
            e,
            [("Id".to_owned(), dev_api::users::ID_ON_CREATE.to_owned())],
            "{id}"
        );
    }
    assert_eq!(s.total_users(&t), 300, "nothing was created");
    // 0 and null are how a client may say "none".
    for (k, id) in [json!(0), Value::Null].into_iter().enumerate() {
        let mut body = minimal("No Id", &format!("no.id{k}@example.com"));
        body["Id"] = id;
        let r = s.create(&t, &body);
        assert_eq!(r.status, 200, "{}", r.text());
        assert_eq!(r.json()["Value"]["Id"], first_new_id() + k as i64);
    }
}

#[test]
fn malformed_bodies_are_400_never_a_panic() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    for body in [
        &b"{"[..],
        b"",
        b"not json",
        b"[1,2,3]",
        b"null",
        b"\xff\xfe",
    ] {
        let r = s.create_raw(&t, body);
        assert_eq!(r.status, 400, "{:?}", String::from_utf8_lossy(body));
        let v = r.json();
        assert_eq!(v["WasSuccessful"], false);
        assert!(v["Errors"].as_array().is_some_and(|e| !e.is_empty()));
    }
    assert_eq!(s.total_users(&t), 300);
}

#[test]
fn the_list_address_with_a_trailing_slash_creates_too() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    let auth = format!("Bearer {t}");
    let r = s.send(
        "POST",
        "/api/sys/users/",
        &[
            ("Authorization", &auth),
            ("Content-Type", "application/json"),
        ],
        Some(
            minimal("Sam Slash", "sam@example.com")
                .to_string()
                .as_bytes(),
        ),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["Value"]["Id"], first_new_id());
}

#[test]
fn creating_needs_user_create() {
    let s = server();
    let body = minimal("Not Allowed", "not.allowed@example.com");
    for account in ["viewer@example.com", "editor@example.com"] {
        let token = s.sign_in(account);
        let r = s.create(&token, &body);
        assert_eq!(r.status, 401, "{account}: {}", r.text());
        assert_eq!(
            r.json()["Message"],
            "Authorization has been denied for this request."
        );
    }
    let r = s.send(
        "POST",
        "/api/sys/users",
        &[("Content-Type", "application/json")],
        Some(body.to_string().as_bytes()),
    );
    assert_eq!(r.status, 401, "not signed in");

    let creator = s.sign_in("creator@example.com");
    let r = s.create(&creator, &body);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["UpdatedBy"], "creator@example.com");
}

#[test]
fn forbidden_status_knob_answers_403_naming_user_create() {
    let s = server_with(|c| c.forbidden_status = 403);
    let viewer = s.sign_in("viewer@example.com");
    let r = s.create(&viewer, &minimal("Not Allowed", "not.allowed@example.com"));
    assert_eq!(r.status, 403, "{}", r.text());
    assert_eq!(
        r.json()["Message"],
        "The signed-in user lacks the User-Create permission."
    );
}

#[test]
fn creates_count_as_writes() {
    let s = server_with(|c| c.write_limit = 3);
    let t = s.sign_in("admin@example.com");
    assert_eq!(s.create(&t, &minimal("One", "one@example.com")).status, 200);
    // A refused one counts too, as a refused PUT does.
    assert_eq!(s.create(&t, &json!({})).status, 400);
    let u = s.user(&t, plain_id());
    assert_eq!(s.put(&t, &u).status, 200);
    assert_throttled(&s.create(&t, &minimal("Two", "two@example.com")));
    assert_throttled(&s.put(&t, &u));
    assert_throttled(&s.delete(&t, plain_id()));
    assert_eq!(s.stats()["writes_last_minute"], 3);
    assert_eq!(s.total_users(&t), 301, "the throttled create made nothing");
    // A caller without the permission takes no slot.
    let viewer = s.sign_in("viewer@example.com");
    s.dev("POST", "/__dev/reset", None);
    for _ in 0..3 {
        assert_eq!(
            s.create(&viewer, &minimal("V", "v@example.com")).status,
            401
        );
    }
    assert_eq!(s.create(&t, &minimal("Two", "two@example.com")).status, 200);
}

#[test]
fn creates_count_against_the_call_limit() {
    let s = server_with(|c| c.call_limit = 3);
    let t = s.sign_in("admin@example.com"); // 1
    assert_eq!(s.create(&t, &minimal("One", "one@example.com")).status, 200); // 2
    assert_eq!(s.delete(&t, plain_id()).status, 200); // 3
    assert_throttled(&s.create(&t, &minimal("Two", "two@example.com")));
}
