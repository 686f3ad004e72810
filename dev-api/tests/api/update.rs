//! `PUT /api/sys/users`: whole-record replace, validation, permission, throttling.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use crate::client::*;

#[test]
fn put_replaces_the_record_and_keeps_unknown_properties() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    let mut u = s.user(&t, plain_id());
    let unique_id = u["UniqueId"].clone();
    let created = u["CreatedOn"].clone();
    u["FullName"] = json!("Renamed Person");
    u["OnNewEmail"] = json!(!u["OnNewEmail"].as_bool().unwrap());
    u["BrandNewProperty"] = json!({"nested": [1, 2, {"deep": null}]});
    u["FutureFlag"] = json!("changed type");
    u["UniqueId"] = json!("00000000-0000-4000-8000-000000000000"); // read-only
    u.as_object_mut().unwrap().remove("ExternalRef");
    let r = s.put(&t, &u);
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    assert_eq!(keys_of(&v), BTreeSet::from(ACTION_ENVELOPE));
    assert_eq!(v["Status"], 200);
    assert_eq!(v["Message"], "User was successfully updated.");
    assert_eq!(v["Value"], json!({"Id": plain_id()}));
    assert_eq!(v["WasSuccessful"], true);
    assert_eq!(v["Errors"], Value::Null);
    assert_eq!(v["UpdatedBy"], "admin@example.com");
    let on = v["UpdatedOn"].as_str().unwrap();
    assert_eq!(on.len(), 20, "{on}");
    assert!(on.ends_with('Z') && on.as_bytes()[10] == b'T', "{on}");

    let back = s.user(&t, plain_id());
    assert_eq!(back["FullName"], "Renamed Person");
    assert_eq!(back["OnNewEmail"], u["OnNewEmail"]);
    assert_eq!(back["BrandNewProperty"], u["BrandNewProperty"]);
    assert_eq!(back["FutureFlag"], "changed type");
    assert_eq!(back["CustomFields"], u["CustomFields"]);
    assert_eq!(back["UniqueId"], unique_id);
    assert_eq!(back["CreatedOn"], created);
    assert_eq!(back["UpdatedOn"], on);
    assert_eq!(back["UpdatedBy"], "admin@example.com");
    // Whole-record replace: what was left out is gone.
    assert!(back.get("ExternalRef").is_none());
    // Everything else came back as sent.
    for (k, sent) in u.as_object().unwrap() {
        if !["UniqueId", "UpdatedOn", "UpdatedBy"].contains(&k.as_str()) {
            assert_eq!(&back[k], sent, "{k}");
        }
    }
    // And the search sees the new name.
    let found = s
        .get("/api/sys/users?User_FullName=renamed%20person", &t)
        .json();
    assert_eq!(found["TotalItems"], 1);
}

#[test]
fn omitted_properties_are_reset() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    let mut u = s.user(&t, plain_id());
    assert!(u.get("FutureFlag").is_some());
    u.as_object_mut().unwrap().remove("FutureFlag");
    u.as_object_mut().unwrap().remove("Devices");
    assert_eq!(s.put(&t, &u).status, 200);
    let back = s.user(&t, plain_id());
    assert!(back.get("FutureFlag").is_none());
    assert!(back.get("Devices").is_none());
}

#[test]
fn linked_lists_and_their_twins() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    let mut u = s.user(&t, plain_id());
    u["Businesses"] = json!([1, 2, 3]);
    u["AddedBusinesses"] = json!([5]);
    u["RemovedBusinesses"] = json!([1]);
    u["UserRoles"] = json!([4]);
    u["ChatRooms"] = json!([]);
    u["AddedChatRooms"] = json!([20, 20]);
    assert_eq!(s.put(&t, &u).status, 200);
    let back = s.user(&t, plain_id());
    assert_eq!(back["Businesses"], json!([2, 3, 5]));
    assert_eq!(back["UserRoles"], json!([4]));
    assert_eq!(back["ChatRooms"], json!([20]));
    for twin in ["AddedBusinesses", "RemovedBusinesses", "AddedChatRooms"] {
        assert!(back.get(twin).is_none(), "{twin} stored");
    }

    // Only twins, no plain list: applied to the stored set.
    let mut u = back.clone();
    u.as_object_mut().unwrap().remove("Businesses");
    u["AddedBusinesses"] = json!([30]);
    u["RemovedBusinesses"] = json!([2]);
    u["UserRoles"] = Value::Null;
    assert_eq!(s.put(&t, &u).status, 200);
    let back = s.user(&t, plain_id());
    assert_eq!(back["Businesses"], json!([3, 5, 30]));
    assert_eq!(back["UserRoles"], json!([4]));
}

#[test]
fn avatar_and_password_write_only_fields() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    let mut u = s.user(&t, plain_id());
    u["NewAvatarUrl"] = json!("https://images.example.com/people/me.jpg?size=large");
    assert_eq!(s.put(&t, &u).status, 200);
    let back = s.user(&t, plain_id());
    assert_eq!(
        back["AvatarFileName"],
        format!("avatar-{}-me.jpg", plain_id())
    );
    assert_eq!(back["NewAvatarUrl"], Value::Null);

    let mut u = back;
    u["ClearAvatarFile"] = json!(true);
    u["AvatarFileName"] = json!("client-cannot-set-this.png");
    assert_eq!(s.put(&t, &u).status, 200);
    let back = s.user(&t, plain_id());
    assert_eq!(back["AvatarFileName"], Value::Null);
    assert_eq!(back["ClearAvatarFile"], false);

    // The demo admin's own password changes.
    let mut me = s.user(&t, ADMIN_ID);
    let salt = me["PasswordSalt"].clone();
    me["NewPassword"] = json!("Changed#2027");
    assert_eq!(s.put(&t, &me).status, 200);
    let back = s.user(&t, ADMIN_ID);
    assert_eq!(back["NewPassword"], Value::Null);
    assert_ne!(back["PasswordSalt"], salt);
    let r = s.token(
        "grant_type=password&username=admin%40example.com&password=Admin%232026",
        None,
    );
    assert_eq!(r.json()["error"], "invalid_grant");
    s.sign_in_full("admin@example.com", "Changed#2027");
}

#[test]
fn validation_failures_use_the_envelope() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    let base = s.user(&t, plain_id());
    let with = |edit: &dyn Fn(&mut Value)| {
        let mut u = base.clone();
        edit(&mut u);
        errors_of(&s.put(&t, &u))
    };

    let e = with(&|u| {
        u.as_object_mut().unwrap().remove("FullName");
    });
    assert!(has_error(&e, "FullName", "is a required field"), "{e:?}");
    let r = s.put(&t, &{
        let mut u = base.clone();
        u["FullName"] = json!("  ");
        u
    });
    let v = r.json();
    assert_eq!(v["Message"], "FullName: is a required field");
    assert_eq!(v["Errors"][0]["PropertyName"], "FullName");
    assert_eq!(v["Errors"][0]["AttemptedValue"], "  ");

    for field in [
        "Email",
        "Language",
        "PasswordSalt",
        "LastHelpVisited",
        "InvalidLoginAttempts",
    ] {
        let e = with(&|u| u[field] = Value::Null);
        assert!(
            has_error(&e, field, "is a required field"),
            "{field}: {e:?}"
        );
    }
    assert_shared_rules(&with);

    let e = with(&|u| u["Email"] = json!("ADMIN@example.com"));
    assert!(
        has_error(&e, "Email", "is already used by another user"),
        "{e:?}"
    );

    let r = s.put(&t, &{
        let mut u = base.clone();
        u["NewPassword"] = json!("short");
        u
    });
    assert_eq!(
        r.json()["Errors"][0]["AttemptedValue"],
        Value::Null,
        "secrets are not echoed"
    );

    let e = with(&|u| u["NewAvatarUrl"] = json!("not a url"));
    assert!(e.iter().any(|(p, _)| p == "NewAvatarUrl"), "{e:?}");
    let e = with(&|u| u["InvalidLoginAttempts"] = json!(-1));
    assert!(e.iter().any(|(p, _)| p == "InvalidLoginAttempts"), "{e:?}");

    // Wrong types.
    let e = with(&|u| {
        u["FullName"] = json!(5);
        u["Language"] = json!("English");
        u["Active"] = json!("yes");
        u["LastHelpVisited"] = json!(1.5);
    });
    for field in ["FullName", "Language", "Active", "LastHelpVisited"] {
        assert!(e.iter().any(|(p, _)| p == field), "{field}: {e:?}");
    }
    let e = with(&|u| u["Id"] = json!("abc"));
    assert!(e.iter().any(|(p, _)| p == "Id"), "{e:?}");
    let e = with(&|u| {
        u.as_object_mut().unwrap().remove("Id");
    });
    assert!(has_error(&e, "Id", "is a required field"), "{e:?}");

    // Several errors are all reported.
    let e = with(&|u| {
        u["FullName"] = Value::Null;
        u["Email"] = Value::Null;
    });
    assert!(e.len() >= 2, "{e:?}");

    // Nothing was stored by any of these.
    assert_eq!(s.user(&t, plain_id()), base);
    // The user's own email is not "taken".
    assert_eq!(s.put(&t, &base).status, 200);
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
        b"\"a string\"",
        b"null",
        b"{\"Id\": 1001,}",
        b"\xff\xfe",
    ] {
        let r = s.put_raw(&t, body);
        assert_eq!(
            r.status,
            400,
            "{:?}: {}",
            String::from_utf8_lossy(body),
            r.text()
        );
        let v = r.json();
        assert_eq!(v["WasSuccessful"], false);
        assert!(v["Errors"].as_array().is_some_and(|e| !e.is_empty()));
    }
    // The server is still fine.
    assert_eq!(
        s.get(&format!("/api/sys/users/{}", plain_id()), &t).status,
        200
    );
}

#[test]
fn unknown_id_is_404() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    let mut u = s.user(&t, plain_id());
    u["Id"] = json!(424242);
    let r = s.put(&t, &u);
    assert_eq!(r.status, 404);
    assert_eq!(r.text(), "\"Not found\"");
}

#[test]
fn viewer_may_not_edit() {
    let s = server();
    let admin = s.sign_in("admin@example.com");
    let viewer = s.sign_in("viewer@example.com");
    let u = s.user(&viewer, plain_id());
    let r = s.put(&viewer, &u);
    assert_eq!(r.status, 401, "{}", r.text());
    assert_eq!(
        r.json()["Message"],
        "Authorization has been denied for this request."
    );
    assert_eq!(s.user(&admin, plain_id()), u);
    // No token at all.
    let r = s.send("PUT", "/api/sys/users", &[], Some(u.to_string().as_bytes()));
    assert_eq!(r.status, 401);

    // Granting User-Edit (role 3) lets the viewer save.
    let mut me = s.user(&admin, VIEWER_ID);
    me["AddedUserRoles"] = json!([3]);
    assert_eq!(s.put(&admin, &me).status, 200);
    assert_eq!(s.put(&viewer, &u).status, 200);
}

#[test]
fn forbidden_status_knob_answers_403() {
    let s = server_with(|c| c.forbidden_status = 403);
    let viewer = s.sign_in("viewer@example.com");
    let u = s.user(&viewer, plain_id());
    let r = s.put(&viewer, &u);
    assert_eq!(r.status, 403, "{}", r.text());
    assert!(r.json()["Message"].as_str().unwrap().contains("User-Edit"));
    // Not signed in is still 401.
    let r = s.send("PUT", "/api/sys/users", &[], Some(u.to_string().as_bytes()));
    assert_eq!(r.status, 401);
}

#[test]
fn writes_are_throttled_with_409_and_retry_after() {
    let s = server_with(|c| c.write_limit = 2);
    let t = s.sign_in("admin@example.com");
    let u = s.user(&t, plain_id());
    assert_eq!(s.put(&t, &u).status, 200);
    assert_eq!(s.put(&t, &u).status, 200);
    assert_throttled(&s.put(&t, &u));
    // Reads are not throttled.
    assert_eq!(
        s.get(&format!("/api/sys/users/{}", plain_id()), &t).status,
        200
    );
    // A reset clears the throttle.
    assert_eq!(s.dev("POST", "/__dev/reset", None).status, 200);
    assert_eq!(s.put(&t, &u).status, 200);
}

#[test]
fn language_is_one_of_the_documented_values_unless_kept() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    let mut u = s.user(&t, plain_id());
    for language in [0, 4, 7] {
        u["Language"] = json!(language);
        let e = errors_of(&s.put(&t, &u));
        assert!(
            has_error(
                &e,
                "Language",
                "must be 1 (English US), 2 (Spanish) or 3 (English UK)"
            ),
            "{language}: {e:?}"
        );
    }
    // The seeded user with Language 7 can be saved as it is, and moved to a known value,
    // but not to another unknown one.
    let id = dev_api::seed::unknown_language_user_id();
    let mut u = s.user(&t, id);
    assert_eq!(u["Language"], 7);
    u["FullName"] = json!("Kept Language");
    assert_eq!(s.put(&t, &u).status, 200);
    assert_eq!(s.user(&t, id)["Language"], 7);
    u["Language"] = json!(9);
    let e = errors_of(&s.put(&t, &u));
    assert!(
        has_error(
            &e,
            "Language",
            "must be 1 (English US), 2 (Spanish) or 3 (English UK)"
        ),
        "{e:?}"
    );
    u["Language"] = json!(2);
    assert_eq!(s.put(&t, &u).status, 200);
    u["Language"] = json!(7);
    assert_eq!(s.put(&t, &u).status, 400, "7 is no longer what is stored");
}
