//! The edit form's state: input text, dirty tracking, the diff, the PUT body.

use contract::catalogue::field;
use contract::json::Value;
use contract::validate::messages;
use contract::{display_text, parse_input, Draft, FieldError, UserRecord};

use crate::fixtures;

fn draft() -> Draft {
    Draft::new(fixtures::user())
}

fn body(d: &Draft) -> Value {
    match d.put_body() {
        Ok(b) => b,
        Err(e) => panic!("unexpected errors: {e:?}"),
    }
}

fn errors(d: &Draft) -> Vec<FieldError> {
    match d.put_body() {
        Ok(b) => panic!("expected errors, got a body: {b}"),
        Err(e) => e,
    }
}

/// The properties whose values differ between two objects.
fn differing(a: &Value, b: &Value) -> Vec<String> {
    let (Some(a), Some(b)) = (a.as_object(), b.as_object()) else {
        panic!("not objects");
    };
    let mut keys: Vec<String> = a.keys().chain(b.keys()).cloned().collect();
    keys.sort();
    keys.dedup();
    keys.into_iter().filter(|k| a.get(k) != b.get(k)).collect()
}

fn spec(name: &str) -> &'static contract::FieldSpec {
    match field(name) {
        Some(s) => s,
        None => panic!("no field {name}"),
    }
}

#[test]
fn no_edits_sends_the_record_back_unchanged() {
    let d = draft();
    assert!(!d.is_dirty());
    assert!(d.changed().is_empty());
    assert!(d.all_errors().is_empty(), "{:?}", d.all_errors());
    let b = body(&d);
    assert_eq!(b, fixtures::user_json());
    // Date-times the server sent come back byte-identical, whatever their form.
    assert_eq!(b["LastLoginAttempt"], "2024-02-29T08:15:30.1234567+02:00");
    assert_eq!(b["NextCommunityDigest"], "/Date(1554321000000)/");
    assert_eq!(b["UpdatedOn"], "2025-01-15T10:30:00.000Z");
    assert!(b.get("ConfirmNewPassword").is_none());
}

#[test]
fn input_text_of_each_kind() {
    let d = draft();
    assert_eq!(d.input("FullName"), "Ada Lovelace");
    assert_eq!(
        d.input("fullname"),
        "Ada Lovelace",
        "names match case-insensitively"
    );
    assert_eq!(d.input("Email"), "ada@example.com");
    assert_eq!(d.input("Language"), "3");
    assert_eq!(d.input("PreferredLanguageId"), "");
    assert_eq!(d.input("ApplicationId"), "12");
    assert_eq!(d.input("Active"), "true");
    assert_eq!(d.input("IsAdmin"), "false");
    assert_eq!(d.input("InvalidLoginAttempts"), "0");
    assert_eq!(d.input("LastAccess"), "2019-05-13T23:30:00");
    assert_eq!(d.input("LastLoginAttempt"), "2024-02-29T06:15:30.123");
    assert_eq!(
        d.input("LastReceivedCommunityMessageDate"),
        "2023-11-05T10:00:00"
    );
    assert_eq!(
        d.input("NextCommunityDigest"),
        "/Date(1554321000000)/",
        "raw"
    );
    assert_eq!(d.input("LastReceivedCommunityThreadDate"), "");
    assert_eq!(d.input("Businesses"), "1, 4, 9");
    assert_eq!(d.input("UserRoles"), "2");
    assert_eq!(d.input("ChatRooms"), "");
    assert_eq!(
        d.input("EmailCallBackGuid"),
        "3f2504e0-4f89-11d3-9a0c-0305e82c3301"
    );
    assert_eq!(d.input("Id"), "87654321");
    assert_eq!(d.input("AvatarFileName"), "ada.png");
    for secret in ["Password", "PasswordSalt", "AccessToken", "TwoFactorSecret"] {
        assert_eq!(d.input(secret), "", "{secret} is never shown");
    }
    assert_eq!(d.input("NewPassword"), "");
    assert_eq!(d.input("ConfirmNewPassword"), "");
    assert_eq!(d.input("NoSuchField"), "");
}

#[test]
fn editing_one_field_changes_only_that_property() {
    let mut d = draft();
    d.set_input("FullName", "Ada King".into());
    assert!(d.is_dirty());
    assert_eq!(d.changed(), ["FullName"]);
    assert_eq!(d.input("FullName"), "Ada King");
    let b = body(&d);
    assert_eq!(differing(&b, &fixtures::user_json()), ["FullName"]);
    assert_eq!(b["FullName"], "Ada King");
}

#[test]
fn a_reverted_edit_is_not_a_change() {
    let mut d = draft();
    d.set_input("FullName", "Ada King".into());
    d.set_input("FullName", "Ada Lovelace".into());
    assert!(!d.is_dirty());
    assert!(d.edits().is_empty());
    d.set_input("Active", "false".into());
    d.set_input("Active", "true".into());
    assert!(!d.is_dirty());
    // Same value written differently: kept as typed, but not a change.
    d.set_input("InvalidLoginAttempts", "00".into());
    d.set_input("Businesses", "9,4 , 1,1".into());
    d.set_input("LastAccess", "2019-05-14T01:30:00+02:00".into());
    d.set_input("Email", " ada@example.com ".into());
    assert_eq!(d.input("Businesses"), "9,4 , 1,1");
    assert!(!d.is_dirty(), "{:?}", d.changed());
    assert_eq!(body(&d), fixtures::user_json());
    d.revert_all();
    assert!(d.edits().is_empty());
}

#[test]
fn edits_to_read_only_secret_and_unknown_fields_are_ignored() {
    let mut d = draft();
    d.set_input("Id", "1".into());
    d.set_input("PasswordSalt", "new salt".into());
    d.set_input("AvatarFileName", "x.png".into());
    d.set_input("Whatever", "x".into());
    assert!(d.edits().is_empty());
    assert!(d.field_errors("PasswordSalt").is_empty());
    assert!(d.field_errors("Whatever").is_empty());
}

#[test]
fn field_errors_of_edited_fields() {
    let mut d = draft();
    d.set_input("FullName", "   ".into());
    assert_eq!(d.field_errors("FullName"), [messages::REQUIRED]);
    d.set_input("Email", "nope".into());
    assert_eq!(d.field_errors("Email"), [messages::INVALID_EMAIL]);
    d.set_input("Email", "".into());
    assert_eq!(d.field_errors("Email"), [messages::REQUIRED]);
    d.set_input("InvalidLoginAttempts", "-1".into());
    assert_eq!(d.field_errors("InvalidLoginAttempts"), [messages::NEGATIVE]);
    d.set_input("InvalidLoginAttempts", "two".into());
    assert_eq!(
        d.field_errors("InvalidLoginAttempts"),
        [messages::NOT_INTEGER]
    );
    d.set_input("Language", "".into());
    assert_eq!(d.field_errors("Language"), [messages::REQUIRED]);
    d.set_input("LastAccess", "2019-02-30T00:00".into());
    assert_eq!(d.field_errors("LastAccess"), [messages::INVALID_DATETIME]);
    d.set_input("EmailCallBackGuid", "{nope}".into());
    assert_eq!(
        d.field_errors("EmailCallBackGuid"),
        [messages::INVALID_GUID]
    );
    d.set_input("NewAvatarUrl", "http://example.com/a.png".into());
    assert_eq!(d.field_errors("NewAvatarUrl"), [messages::URL_NOT_HTTPS]);
    d.set_input("Businesses", "1, x".into());
    assert_eq!(d.field_errors("Businesses"), [messages::NOT_ID_LIST]);
    d.set_input("Active", "maybe".into());
    assert_eq!(d.field_errors("Active"), [messages::NOT_BOOL]);
    d.set_input("FullName", "x".repeat(256));
    assert_eq!(d.field_errors("FullName"), [messages::too_long(255)]);

    let all = d.all_errors();
    let names: Vec<&str> = all.iter().map(|e| e.property.as_str()).collect();
    assert_eq!(
        names,
        [
            "FullName",
            "Email",
            "Language",
            "NewAvatarUrl",
            "Active",
            "InvalidLoginAttempts",
            "LastAccess",
            "EmailCallBackGuid",
            "Businesses"
        ],
        "catalogue order"
    );
    assert_eq!(errors(&d), all);
}

#[test]
fn unedited_values_are_trusted_but_required_ones_must_be_there() {
    let mut r = fixtures::user();
    r.set("Email", json!("not an email (but the server sent it)"));
    r.set("LastAccess", json!("whenever"));
    r.remove("FullName");
    let mut d = Draft::new(r);
    assert!(d.field_errors("Email").is_empty());
    assert!(d.field_errors("LastAccess").is_empty());
    assert_eq!(d.field_errors("FullName"), [messages::REQUIRED]);
    d.set_input("FullName", "Ada".into());
    let b = body(&d);
    assert_eq!(b["Email"], "not an email (but the server sent it)");
    assert_eq!(b["LastAccess"], "whenever");
}

#[test]
fn new_password_and_its_confirmation() {
    let mut d = draft();
    d.set_input("NewPassword", "Passw0rd!".into());
    assert_eq!(d.field_errors("ConfirmNewPassword"), [messages::REQUIRED]);
    d.set_input("ConfirmNewPassword", "Passw0rd?".into());
    assert_eq!(
        d.field_errors("ConfirmNewPassword"),
        [messages::PASSWORD_MISMATCH]
    );
    assert_eq!(
        errors(&d),
        [FieldError::new(
            "ConfirmNewPassword",
            messages::PASSWORD_MISMATCH
        )]
    );
    d.set_input("ConfirmNewPassword", "Passw0rd!".into());
    assert!(d.field_errors("ConfirmNewPassword").is_empty());
    assert_eq!(d.changed(), ["NewPassword", "ConfirmNewPassword"]);
    let b = body(&d);
    assert_eq!(b["NewPassword"], "Passw0rd!");
    assert!(b.get("ConfirmNewPassword").is_none(), "never sent");
    assert_eq!(differing(&b, &fixtures::user_json()), ["NewPassword"]);

    d.set_input("NewPassword", "weak".into());
    d.set_input("ConfirmNewPassword", "weak".into());
    assert_eq!(
        d.field_errors("NewPassword"),
        [
            messages::PASSWORD_TOO_SHORT,
            messages::PASSWORD_NO_UPPER,
            messages::PASSWORD_NO_DIGIT,
            messages::PASSWORD_NO_SYMBOL
        ]
    );

    // Only a confirmation typed: a mismatch, and unsaved input.
    let mut d = draft();
    d.set_input("ConfirmNewPassword", "stray".into());
    assert!(d.is_dirty());
    assert_eq!(
        d.field_errors("ConfirmNewPassword"),
        [messages::PASSWORD_MISMATCH]
    );
}

#[test]
fn a_password_is_never_sent_unless_typed() {
    let mut r = fixtures::user();
    r.set("NewPassword", json!("echoed-by-server"));
    let d = Draft::new(r);
    assert_eq!(d.input("NewPassword"), "");
    assert_eq!(body(&d)["NewPassword"], Value::Null);
    let mut r = fixtures::user();
    r.remove("NewPassword");
    let b = body(&Draft::new(r));
    assert!(b.get("NewPassword").is_none(), "absent stays absent");
}

#[test]
fn avatar_url_and_clear_are_exclusive() {
    let mut d = draft();
    d.set_input("NewAvatarUrl", "https://example.com/new.png".into());
    assert!(d.field_errors("NewAvatarUrl").is_empty());
    d.set_input("ClearAvatarFile", "true".into());
    assert_eq!(
        d.field_errors("NewAvatarUrl"),
        [messages::AVATAR_URL_WITH_CLEAR]
    );
    assert_eq!(
        d.field_errors("ClearAvatarFile"),
        [messages::AVATAR_CLEAR_WITH_URL]
    );
    assert_eq!(errors(&d).len(), 2);
    d.set_input("NewAvatarUrl", "".into());
    let b = body(&d);
    assert_eq!(b["ClearAvatarFile"], true);
    assert_eq!(b["NewAvatarUrl"], Value::Null);
    assert_eq!(differing(&b, &fixtures::user_json()), ["ClearAvatarFile"]);
}

#[test]
fn linked_lists_send_the_new_list_and_the_added_and_removed_ids() {
    let mut d = draft();
    d.set_input("Businesses", "4, 9, 12, 15".into());
    d.set_input("UserRoles", "".into());
    d.set_input("ChatRooms", "7".into());
    assert_eq!(d.changed(), ["Businesses", "UserRoles", "ChatRooms"]);
    let b = body(&d);
    assert_eq!(b["Businesses"], json!([4, 9, 12, 15]));
    assert_eq!(b["AddedBusinesses"], json!([12, 15]));
    assert_eq!(b["RemovedBusinesses"], json!([1]));
    assert_eq!(b["UserRoles"], json!([]));
    assert_eq!(b["AddedUserRoles"], json!([]));
    assert_eq!(b["RemovedUserRoles"], json!([2]));
    assert_eq!(b["ChatRooms"], json!([7]));
    assert_eq!(b["AddedChatRooms"], json!([7]));
    assert_eq!(b["RemovedChatRooms"], json!([]));
    assert_eq!(
        differing(&b, &fixtures::user_json()),
        [
            "AddedBusinesses",
            "AddedChatRooms",
            "AddedUserRoles",
            "Businesses",
            "ChatRooms",
            "RemovedBusinesses",
            "RemovedChatRooms",
            "RemovedUserRoles",
            "UserRoles"
        ]
    );
}

#[test]
fn unchanged_lists_keep_their_twins_as_loaded() {
    let mut r = fixtures::user();
    r.set("AddedBusinesses", json!([99]));
    r.remove("ChatRooms");
    let mut d = Draft::new(r.clone());
    d.set_input("Businesses", "9, 1, 4".into());
    let b = body(&d);
    assert_eq!(b["Businesses"], json!([1, 4, 9]));
    assert_eq!(b["AddedBusinesses"], json!([99]));
    assert!(b.get("RemovedBusinesses").is_none());
    // A list absent from the baseline counts as empty.
    d.set_input("ChatRooms", "3, 3, 5".into());
    let b = body(&d);
    assert_eq!(b["ChatRooms"], json!([3, 5]));
    assert_eq!(b["AddedChatRooms"], json!([3, 5]));
    assert_eq!(b["RemovedChatRooms"], json!([]));
}

#[test]
fn edited_date_times_go_out_in_utc_with_z() {
    let mut d = draft();
    d.set_input("LastAccess", "2024-01-02T03:04".into());
    d.set_input(
        "NextHelpDeskMessageReminder",
        "2024-06-30T12:00:00.5".into(),
    );
    d.set_input("LastLoginAttempt", "".into());
    let b = body(&d);
    assert_eq!(b["LastAccess"], "2024-01-02T03:04:00Z");
    assert_eq!(b["NextHelpDeskMessageReminder"], "2024-06-30T12:00:00.5Z");
    assert_eq!(b["LastLoginAttempt"], Value::Null);
    assert_eq!(b["LastReceivedCommunityMessageDate"], "2023-11-05 10:00:00");
}

#[test]
fn every_edited_kind_is_converted() {
    let mut d = draft();
    d.set_input("Language", "2".into());
    d.set_input("PreferredLanguageId", "5".into());
    d.set_input("ApplicationId", "".into());
    d.set_input("IsAdmin", "true".into());
    d.set_input("LastHelpVisited", "17".into());
    d.set_input("Devices", "".into());
    d.set_input("SupportTeamUserEmail", "  support@example.com ".into());
    d.set_input("EmailCallBackGuid", "".into());
    let b = body(&d);
    assert_eq!(b["Language"], 2);
    assert_eq!(b["PreferredLanguageId"], 5);
    assert_eq!(b["ApplicationId"], Value::Null);
    assert_eq!(b["IsAdmin"], true);
    assert_eq!(b["LastHelpVisited"], 17);
    assert_eq!(b["Devices"], "");
    assert_eq!(b["SupportTeamUserEmail"], "support@example.com");
    assert_eq!(b["EmailCallBackGuid"], Value::Null);
    assert_eq!(differing(&b, &fixtures::user_json()).len(), 8);
}

#[test]
fn the_saved_record_is_the_new_baseline() {
    let mut d = draft();
    d.set_input("FullName", "Ada King".into());
    let saved = match UserRecord::from_value(body(&d)) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    let sent = d.edits().to_vec();
    d.after_save(saved, &sent);
    assert!(!d.is_dirty());
    assert!(d.edits().is_empty());
    assert_eq!(d.input("FullName"), "Ada King");
    assert_eq!(d.baseline().get_str("FullName"), Some("Ada King"));
    d.set_input("FullName", "Ada Lovelace".into());
    assert!(d.is_dirty());
    d.revert("fullname");
    assert!(!d.is_dirty());
}

#[test]
fn display_and_parse_by_kind() {
    let cases: &[(&str, Option<Value>, &str)] = &[
        ("Active", None, "false"),
        ("Active", Some(Value::Null), "false"),
        ("Active", Some(json!("yes")), "yes"),
        ("Language", Some(json!(7)), "7"),
        ("Language", Some(json!("EnglishUK")), "EnglishUK"),
        ("InvalidLoginAttempts", Some(json!(1.5)), "1.5"),
        ("Businesses", Some(json!([3, "x"])), "[3,\"x\"]"),
        ("Businesses", Some(json!([-1])), "[-1]"),
        ("LastAccess", Some(json!(12)), "12"),
        ("FullName", Some(json!({"a": 1})), "{\"a\":1}"),
        ("Password", Some(json!("hash")), ""),
        ("NewPassword", Some(json!("typed")), ""),
    ];
    for (name, value, text) in cases {
        assert_eq!(display_text(spec(name), value.as_ref()), *text, "{name}");
    }
    let parsed: &[(&str, &str, Result<Value, &str>)] = &[
        ("Active", "TRUE", Ok(json!(true))),
        ("Active", "", Err(messages::NOT_BOOL)),
        ("Language", " 3 ", Ok(json!(3))),
        ("Language", "three", Err(messages::NOT_INTEGER)),
        ("PreferredLanguageId", "", Ok(Value::Null)),
        (
            "InvalidLoginAttempts",
            "99999999999999999999",
            Err(messages::NOT_INTEGER),
        ),
        ("Businesses", "1,2,,3,", Ok(json!([1, 2, 3]))),
        ("Businesses", "1 2", Err(messages::NOT_ID_LIST)),
        ("Businesses", "-1", Err(messages::NOT_ID_LIST)),
        ("Businesses", "+1", Err(messages::NOT_ID_LIST)),
        ("Businesses", " ", Ok(json!([]))),
        ("LastAccess", "soon", Err(messages::INVALID_DATETIME)),
        ("FullName", "  spaced  ", Ok(json!("  spaced  "))),
        ("NewPassword", "", Ok(Value::Null)),
        ("NewPassword", " ", Ok(json!(" "))),
        (
            "NewAvatarUrl",
            " https://x.example/a.png ",
            Ok(json!("https://x.example/a.png")),
        ),
        ("Id", "1", Err(messages::READ_ONLY)),
        ("AccessToken", "x", Err(messages::READ_ONLY)),
    ];
    for (name, text, want) in parsed {
        let want = want.clone().map_err(str::to_owned);
        assert_eq!(parse_input(spec(name), text), want, "{name} {text:?}");
    }
}
