//! Every validation rule with passing and failing examples, the date-time parser and the
//! catalogue itself.

use contract::catalogue::{field, section_fields, Kind, Section, FIELDS};
use contract::datetime::{parse_datetime, parse_http_date, DateTimeError, UtcDateTime};
use contract::json::Value;
use contract::validate::{
    avatar_conflict, check_confirmation, check_https_url, check_record, check_value,
    errors_by_property, is_valid_email, is_valid_guid, messages, password_problems, FieldError,
};
use contract::{Language, UserRecord};

use crate::fixtures;

fn spec(name: &str) -> &'static contract::FieldSpec {
    match field(name) {
        Some(s) => s,
        None => panic!("no field {name}"),
    }
}

fn check(name: &str, value: Value) -> Vec<String> {
    check_value(spec(name), Some(&value))
}

// ---------------------------------------------------------------- catalogue

#[test]
fn catalogue_names_are_unique_and_lookup_is_case_insensitive() {
    for (i, a) in FIELDS.iter().enumerate() {
        for b in &FIELDS[i + 1..] {
            assert!(!a.name.eq_ignore_ascii_case(b.name), "{} twice", a.name);
        }
        assert_eq!(field(&a.name.to_lowercase()).map(|f| f.name), Some(a.name));
        assert!(!a.label.is_empty());
    }
    assert!(field("NoSuchField").is_none());
    assert_eq!(field("apiaccess").map(|f| f.name), Some("APIAccess"));
    assert_eq!(
        field("onplaforminvoices").map(|f| f.name),
        Some("OnPlaformInvoices")
    );
}

#[test]
fn catalogue_required_fields_match_the_contract() {
    let required: Vec<&str> = FIELDS
        .iter()
        .filter(|f| f.required)
        .map(|f| f.name)
        .collect();
    assert_eq!(
        required,
        [
            "FullName",
            "Email",
            "Language",
            "InvalidLoginAttempts",
            "PasswordSalt",
            "Id",
            "LastHelpVisited"
        ]
    );
}

#[test]
fn catalogue_secrets_are_not_editable_and_confirmation_is_not_sent() {
    for name in ["PasswordSalt", "Password", "AccessToken", "TwoFactorSecret"] {
        assert_eq!(spec(name).kind, Kind::Secret);
        assert!(!spec(name).editable());
        assert!(spec(name).sent());
    }
    assert!(!spec("ConfirmNewPassword").sent());
    assert!(!spec("Id").editable());
    let all: usize = Section::ALL
        .iter()
        .map(|s| section_fields(*s).count())
        .sum();
    assert_eq!(all, FIELDS.len());
}

#[test]
fn language_keeps_unknown_integers() {
    for n in [-1, 0, 1, 2, 3, 4, 99] {
        assert_eq!(Language::from_i64(n).to_i64(), n);
    }
    assert_eq!(Language::from_i64(3), Language::EnglishUk);
    assert_eq!(Language::from_i64(7).label(), "Unknown language (7)");
}

// ---------------------------------------------------------------- required / types

#[test]
fn required_fields() {
    for name in ["FullName", "Email", "PasswordSalt"] {
        assert_eq!(check(name, Value::Null), [messages::REQUIRED]);
        assert_eq!(check(name, json!("")), [messages::REQUIRED]);
        assert_eq!(check(name, json!("   ")), [messages::REQUIRED]);
        assert_eq!(check_value(spec(name), None), [messages::REQUIRED]);
    }
    for name in ["Language", "InvalidLoginAttempts", "LastHelpVisited", "Id"] {
        assert_eq!(check(name, Value::Null), [messages::REQUIRED]);
    }
    // Optional fields accept absent and null.
    for name in [
        "Devices",
        "SupportTeamUserEmail",
        "NewAvatarUrl",
        "LastAccess",
    ] {
        assert!(check(name, Value::Null).is_empty());
        assert!(check_value(spec(name), None).is_empty());
    }
}

#[test]
fn integers_are_whole_and_not_negative() {
    for name in ["InvalidLoginAttempts", "LastHelpVisited", "Id"] {
        assert!(check(name, json!(0)).is_empty());
        assert!(check(name, json!(2_000_000_000_000i64)).is_empty());
        assert_eq!(check(name, json!(-1)), [messages::NEGATIVE]);
        assert_eq!(check(name, json!(1.5)), [messages::NOT_INTEGER]);
        assert_eq!(check(name, json!("3")), [messages::NOT_INTEGER]);
        assert_eq!(check(name, json!(true)), [messages::NOT_INTEGER]);
    }
    for name in ["PreferredLanguageId", "ApplicationId"] {
        assert!(check(name, Value::Null).is_empty());
        assert!(check(name, json!(12)).is_empty());
        assert_eq!(check(name, json!(-12)), [messages::NEGATIVE]);
        assert_eq!(check(name, json!("12")), [messages::NOT_INTEGER]);
    }
}

#[test]
fn language_is_one_of_the_documented_values() {
    for n in [1, 2, 3] {
        assert!(check("Language", json!(n)).is_empty(), "{n}");
    }
    for n in [0, 4, 7, -1, i64::MAX] {
        assert_eq!(
            check("Language", json!(n)),
            [messages::UNKNOWN_LANGUAGE],
            "{n}"
        );
    }
    // The wording names the values, as the form's select shows them.
    for language in Language::KNOWN {
        assert!(messages::UNKNOWN_LANGUAGE.contains(&format!(
            "{} ({})",
            language.to_i64(),
            language.label().replace(['(', ')'], "")
        )));
    }
    assert_eq!(
        check("Language", json!("EnglishUK")),
        [messages::NOT_INTEGER]
    );
    assert_eq!(check("Language", json!(1.5)), [messages::NOT_INTEGER]);
}

#[test]
fn bools_are_bools() {
    assert!(check("Active", json!(true)).is_empty());
    assert!(check("OnPlaformInvoices", json!(false)).is_empty());
    assert!(check("Active", Value::Null).is_empty());
    assert_eq!(check("Active", json!("true")), [messages::NOT_BOOL]);
    assert_eq!(check("Active", json!(1)), [messages::NOT_BOOL]);
}

#[test]
fn text_is_text_and_has_max_lengths() {
    assert!(check("FullName", json!("Ada")).is_empty());
    assert_eq!(check("FullName", json!(12)), [messages::NOT_TEXT]);
    assert_eq!(check("FullName", json!(["a"])), [messages::NOT_TEXT]);
    assert!(check("FullName", json!("a".repeat(255))).is_empty());
    assert_eq!(
        check("FullName", json!("a".repeat(256))),
        [messages::too_long(255)]
    );
    // Lengths count UTF-16 units, as the server and the browser's maxlength do.
    assert!(check("FullName", json!("é".repeat(255))).is_empty());
    assert_eq!(
        check("FullName", json!("😀".repeat(128))),
        [messages::too_long(255)]
    );
    assert!(check("Devices", json!("x".repeat(5000))).is_empty());
    let long_email = format!("{}@example.com", "a".repeat(250));
    assert_eq!(check("Email", json!(long_email)), [messages::too_long(255)]);
    assert_eq!(
        check("PasswordSalt", json!(5)),
        [messages::NOT_TEXT],
        "secrets are text"
    );
}

// ---------------------------------------------------------------- email

const GOOD_EMAILS: &[&str] = &[
    "ada@example.com",
    "a@b",
    "x@localhost",
    "first.last+tag@sub.example.co.uk",
    "!#$%&'*+/=?^_`{|}~-@example.com",
    ".leading.dot@example.com",
    "two..dots@example.com",
    "trailing.@example.com",
    "UPPER@EXAMPLE.COM",
    "a@1-2.c3",
    "a@123.123.123.123",
    "a@xn--exmple-cua.com",
];

const BAD_EMAILS: &[&str] = &[
    "",
    "plain",
    "@example.com",
    "a@",
    "a@b@c.com",
    "a b@example.com",
    " a@example.com",
    "a@example.com ",
    "a@-example.com",
    "a@example-.com",
    "a@.example.com",
    "a@example.com.",
    "a@example..com",
    "a@exa_mple.com",
    "\"quoted\"@example.com",
    "a@exämple.com",
    "ä@example.com",
    "a@[127.0.0.1]",
    "a(comment)@example.com",
];

#[test]
fn email_follows_the_whatwg_rule() {
    for e in GOOD_EMAILS {
        assert!(is_valid_email(e), "{e} should be valid");
        assert!(check("Email", json!(e)).is_empty(), "{e}");
        assert!(check("SupportTeamUserEmail", json!(e)).is_empty(), "{e}");
    }
    for e in BAD_EMAILS {
        assert!(!is_valid_email(e), "{e:?} should be invalid");
    }
    assert_eq!(check("Email", json!("plain")), [messages::INVALID_EMAIL]);
    assert_eq!(check("Email", json!(5)), [messages::NOT_TEXT]);
}

#[test]
fn email_labels_are_at_most_63_characters() {
    let ok = format!("a@{}.com", "b".repeat(63));
    let bad = format!("a@{}.com", "b".repeat(64));
    assert!(is_valid_email(&ok));
    assert!(!is_valid_email(&bad));
    assert!(is_valid_email(&format!("a@b{}c", "-".repeat(61))));
}

// ---------------------------------------------------------------- GUID

#[test]
fn guid_rule() {
    for g in [
        "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
        "3F2504E0-4F89-11D3-9A0C-0305E82C3301",
        "3f2504e04f8911d39a0c0305e82c3301",
        "{3f2504e0-4f89-11d3-9a0c-0305e82c3301}",
        "(3f2504e0-4f89-11d3-9a0c-0305e82c3301)",
        "urn:uuid:3f2504e0-4f89-11d3-9a0c-0305e82c3301",
        "00000000-0000-0000-0000-000000000000",
    ] {
        assert!(is_valid_guid(g), "{g}");
        assert!(check("EmailCallBackGuid", json!(g)).is_empty(), "{g}");
    }
    for g in [
        "",
        "not-a-guid",
        "3f2504e0-4f89-11d3-9a0c-0305e82c330",
        "3f2504e0-4f89-11d3-9a0c-0305e82c33011",
        "3f2504e0-4f89-11d3-9a0c0305e82c3301",
        "gf2504e0-4f89-11d3-9a0c-0305e82c3301",
        "{3f2504e0-4f89-11d3-9a0c-0305e82c3301",
        "(3f2504e0-4f89-11d3-9a0c-0305e82c3301}",
    ] {
        assert!(!is_valid_guid(g), "{g:?}");
    }
    assert_eq!(
        check("EmailCallBackGuid", json!("nope")),
        [messages::INVALID_GUID]
    );
    assert!(check("EmailCallBackGuid", Value::Null).is_empty());
}

// ---------------------------------------------------------------- URL

#[test]
fn avatar_url_is_https_only() {
    for u in [
        "https://example.com/a.png",
        "HTTPS://EXAMPLE.COM/A.PNG",
        "https://cdn.example.com:8443/x/y.jpg?size=2#top",
        "https://127.0.0.1/a.png",
        "https://[::1]/a.png",
        "  https://example.com/padded.png  ",
        "https:example.com/a.png",
    ] {
        assert_eq!(check_https_url(u), Ok(()), "{u}");
        assert!(check("NewAvatarUrl", json!(u)).is_empty(), "{u}");
    }
    for u in [
        "http://example.com/a.png",
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:image/png;base64,iVBORw0KGgo=",
        "blob:https://example.com/0e9b7a52-8a5e-4c34-9d7c-1f0f3a0f6b11",
        "ftp://example.com/a.png",
        "file:///etc/passwd",
        "mailto:a@example.com",
    ] {
        assert_eq!(check_https_url(u), Err(messages::URL_NOT_HTTPS), "{u}");
    }
    for u in [
        "",
        "example.com/a.png",
        "/relative/a.png",
        "https://",
        "https://exa mple.com/",
        "https://example.com:99999/",
        "not a url",
    ] {
        assert_eq!(check_https_url(u), Err(messages::INVALID_URL), "{u:?}");
    }
    assert_eq!(check("NewAvatarUrl", json!(3)), [messages::NOT_TEXT]);
}

// ---------------------------------------------------------------- password

#[test]
fn password_policy() {
    // Spaces are typed text, not "no new password": the policy applies.
    assert!(!check("NewPassword", json!("        ")).is_empty());
    assert!(check("NewPassword", json!("")).is_empty());
    assert!(check("NewPassword", Value::Null).is_empty());
    for p in [
        "Passw0rd!",
        "Abcdefg1£",
        "Abcdefg1\\",
        "Abcdefg1-",
        "Zz9*Zz9*",
        "aB3#aB3#aB3#",
        "Éclair9:x",
    ] {
        assert!(password_problems(p).is_empty(), "{p}");
        assert!(check("NewPassword", json!(p)).is_empty(), "{p}");
    }
    assert_eq!(password_problems("Pa0!"), [messages::PASSWORD_TOO_SHORT]);
    assert_eq!(
        password_problems("password0!"),
        [messages::PASSWORD_NO_UPPER]
    );
    assert_eq!(
        password_problems("PASSWORD0!"),
        [messages::PASSWORD_NO_LOWER]
    );
    assert_eq!(
        password_problems("Password!!"),
        [messages::PASSWORD_NO_DIGIT]
    );
    assert_eq!(
        password_problems("Password00"),
        [messages::PASSWORD_NO_SYMBOL]
    );
    // `+`, `=`, `.` and `_` are not in the documented symbol list.
    assert_eq!(
        password_problems("Password0+=._"),
        [messages::PASSWORD_NO_SYMBOL]
    );
    assert_eq!(password_problems(" ").len(), 5);
    assert_eq!(check("NewPassword", Value::Null), Vec::<String>::new());
    assert_eq!(check("NewPassword", json!(12345678)), [messages::NOT_TEXT]);
}

#[test]
fn password_confirmation() {
    assert_eq!(check_confirmation("", ""), None);
    assert_eq!(check_confirmation("Passw0rd!", "Passw0rd!"), None);
    assert_eq!(
        check_confirmation("Passw0rd!", "Passw0rd"),
        Some(messages::PASSWORD_MISMATCH)
    );
    assert_eq!(
        check_confirmation("", "stray"),
        Some(messages::PASSWORD_MISMATCH)
    );
    assert_eq!(
        check_confirmation("Passw0rd!", ""),
        Some(messages::REQUIRED)
    );
}

// ---------------------------------------------------------------- date-time

#[test]
fn datetime_parses_leniently() {
    let cases = [
        ("2019-05-13T23:30:00Z", "2019-05-13T23:30:00"),
        ("2019-05-13T23:30:00z", "2019-05-13T23:30:00"),
        ("2019-05-13t23:30:00", "2019-05-13T23:30:00"),
        ("2019-05-13 23:30:00", "2019-05-13T23:30:00"),
        ("2019-05-13T23:30", "2019-05-13T23:30:00"),
        ("  2019-05-13T23:30  ", "2019-05-13T23:30:00"),
        ("2019-05-13T23:30:00.5Z", "2019-05-13T23:30:00.5"),
        ("2019-05-13T23:30:00.1234567", "2019-05-13T23:30:00.123"),
        ("2019-05-13T23:30:00,250", "2019-05-13T23:30:00.25"),
        ("2019-05-13T23:30:00.000Z", "2019-05-13T23:30:00"),
        ("2019-05-13T23:30:00+02:00", "2019-05-13T21:30:00"),
        ("2019-05-13T23:30:00+0200", "2019-05-13T21:30:00"),
        ("2019-05-13T23:30:00+02", "2019-05-13T21:30:00"),
        ("2019-05-13T23:30:00-05:30", "2019-05-14T05:00:00"),
        ("2019-12-31T23:30:00-01:00", "2020-01-01T00:30:00"),
        ("2020-03-01T00:30:00+01:00", "2020-02-29T23:30:00"),
        (
            "2024-02-29T08:15:30.1234567+02:00",
            "2024-02-29T06:15:30.123",
        ),
        ("2019-05-13T23:30:00.0501", "2019-05-13T23:30:00.05"),
        ("2019-05-13T23:30:00.0001", "2019-05-13T23:30:00"),
        ("2000-02-29T00:00:00Z", "2000-02-29T00:00:00"),
        ("0001-01-01T00:00:00Z", "0001-01-01T00:00:00"),
        ("9999-12-31T23:59:59Z", "9999-12-31T23:59:59"),
    ];
    for (text, input) in cases {
        match parse_datetime(text) {
            Ok(d) => assert_eq!(d.to_input_text(), input, "{text}"),
            Err(e) => panic!("{text}: {e}"),
        }
    }
}

#[test]
fn datetime_wire_form_keeps_the_whole_fraction() {
    let cases = [
        ("2019-05-13T23:30:00Z", "2019-05-13T23:30:00Z"),
        ("2019-05-13 23:30", "2019-05-13T23:30:00Z"),
        (
            "2019-05-13T23:30:00.1234567",
            "2019-05-13T23:30:00.1234567Z",
        ),
        ("2019-05-13T23:30:00.120+01:00", "2019-05-13T22:30:00.12Z"),
        ("2019-05-13T23:30:00.0001", "2019-05-13T23:30:00.0001Z"),
    ];
    for (text, wire) in cases {
        assert_eq!(
            parse_datetime(text).map(|d| d.to_wire()),
            Ok(wire.to_owned()),
            "{text}"
        );
    }
}

#[test]
fn datetime_rejects_what_does_not_exist_or_does_not_parse() {
    let out_of_range = [
        "2019-13-01T00:00:00Z",
        "2019-00-01T00:00:00Z",
        "2019-02-29T00:00:00Z",
        "1900-02-29T00:00:00Z",
        "2019-04-31T00:00:00Z",
        "2019-05-00T00:00:00Z",
        "2019-05-13T24:00:00Z",
        "2019-05-13T23:60:00Z",
        "2019-05-13T23:59:60Z",
        "0000-01-01T00:00:00Z",
        "2019-05-13T23:30:00+24:00",
        "2019-05-13T23:30:00+02:60",
        "0001-01-01T00:30:00+01:00",
        "9999-12-31T23:30:00-01:00",
    ];
    for text in out_of_range {
        assert_eq!(
            parse_datetime(text),
            Err(DateTimeError::OutOfRange),
            "{text}"
        );
    }
    let syntax = [
        "",
        "2019-05-13",
        "2019-5-13T23:30:00Z",
        "19-05-13T23:30:00Z",
        "2019/05/13 23:30:00",
        "2019-05-13T23",
        "2019-05-13T23:30:",
        "2019-05-13T23:30:00.",
        "2019-05-13T23:30:00.5.5",
        "2019-05-13T23:30:00 Z",
        "2019-05-13T23:30:00+2",
        "2019-05-13T23:30:00+02:0",
        "2019-05-13T23:30:00GMT",
        "2019-05-13X23:30:00",
        "/Date(1554321000000)/",
        "２０１９-05-13T23:30:00Z",
        "May 13, 2019",
    ];
    for text in syntax {
        assert_eq!(parse_datetime(text), Err(DateTimeError::Syntax), "{text:?}");
    }
    assert!(check("LastAccess", json!("2019-05-13T23:30:00Z")).is_empty());
    assert_eq!(
        check("LastAccess", json!("yesterday")),
        [messages::INVALID_DATETIME]
    );
    assert_eq!(check("LastAccess", json!(1554321000)), [messages::NOT_TEXT]);
}

#[test]
fn unix_seconds_round_trip() {
    let epoch = UtcDateTime::from_unix_seconds(0);
    assert_eq!(
        epoch.as_ref().map(UtcDateTime::to_wire).as_deref(),
        Some("1970-01-01T00:00:00Z")
    );
    let d = parse_datetime("1994-11-06T08:49:37Z").map(|d| d.unix_seconds());
    assert_eq!(d, Ok(784_111_777));
    let before = parse_datetime("1969-12-31T23:59:59Z").map(|d| d.unix_seconds());
    assert_eq!(before, Ok(-1));
    for secs in [
        -62_135_596_800i64,
        -1,
        0,
        951_782_400,
        1_700_000_000,
        253_402_300_799,
    ] {
        let d = UtcDateTime::from_unix_seconds(secs);
        assert_eq!(d.map(|d| d.unix_seconds()), Some(secs), "{secs}");
    }
    assert_eq!(UtcDateTime::from_unix_seconds(-62_135_596_801), None);
    assert_eq!(UtcDateTime::from_unix_seconds(253_402_300_800), None);
    assert_eq!(UtcDateTime::from_unix_seconds(i64::MIN), None);
    assert_eq!(UtcDateTime::from_unix_seconds(i64::MAX), None);
}

#[test]
fn http_dates_in_all_three_forms() {
    assert_eq!(
        parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
        Some(784_111_777)
    );
    assert_eq!(
        parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT"),
        Some(784_111_777)
    );
    assert_eq!(
        parse_http_date("Sun Nov  6 08:49:37 1994"),
        Some(784_111_777)
    );
    for bad in [
        "",
        "Sun, 06 Nov 1994 08:49:37",
        "Sun, 06 Nov 1994 08:49:37 UTC",
        "Sun, 31 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 25:49:37 GMT",
        "Sun, 06 Foo 1994 08:49:37 GMT",
        "Funday, 06 Nov 1994 08:49:37 GMT",
        "Sun 06 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 94 08:49:37 GMT",
        "Sun, 06 Nov 1994 8:49:37 GMT",
        "Sun, 06 Nov 1994 08:49 GMT",
        "Sunday, 06-Nov-1994 08:49:37 GMT",
        "1994-11-06T08:49:37Z",
    ] {
        assert_eq!(parse_http_date(bad), None, "{bad:?}");
    }
}

// ---------------------------------------------------------------- lists

#[test]
fn id_lists() {
    for name in ["Businesses", "UserRoles", "ChatRooms"] {
        assert!(check(name, json!([])).is_empty());
        assert!(check(name, json!([0, 1, 87654321])).is_empty());
        assert!(check(name, Value::Null).is_empty());
        assert_eq!(check(name, json!([-1])), [messages::NOT_ID_LIST]);
        assert_eq!(check(name, json!(["1"])), [messages::NOT_ID_LIST]);
        assert_eq!(check(name, json!([1.5])), [messages::NOT_ID_LIST]);
        assert_eq!(check(name, json!("1, 2")), [messages::NOT_ID_LIST]);
        assert_eq!(check(name, json!({"0": 1})), [messages::NOT_ID_LIST]);
    }
}

// ---------------------------------------------------------------- cross-field

#[test]
fn avatar_url_and_clear_not_both() {
    let t = json!(true);
    let f = json!(false);
    let url = json!("https://example.com/a.png");
    assert!(avatar_conflict(Some(&t), Some(&url)));
    assert!(!avatar_conflict(Some(&f), Some(&url)));
    assert!(!avatar_conflict(Some(&t), Some(&Value::Null)));
    assert!(!avatar_conflict(Some(&t), Some(&json!("  "))));
    assert!(!avatar_conflict(None, Some(&url)));
    assert!(!avatar_conflict(Some(&t), None));
}

// ---------------------------------------------------------------- whole record

#[test]
fn the_fixture_passes_check_record() {
    let mut r = fixtures::user();
    // The fixture carries a date the server might send in a form we do not read.
    r.set("NextCommunityDigest", Value::Null);
    assert_eq!(check_record(&r), Vec::<FieldError>::new());
}

#[test]
fn check_record_runs_every_rule() {
    let mut r = fixtures::user();
    r.remove("FullName");
    r.set("Email", json!("not-an-email"));
    r.set("Language", json!("English"));
    r.set("InvalidLoginAttempts", json!(-3));
    r.set("Active", json!("yes"));
    r.set("LastAccess", json!("13/05/2019"));
    r.set("NextCommunityDigest", Value::Null);
    r.set("EmailCallBackGuid", json!("xyz"));
    r.set("NewAvatarUrl", json!("javascript:alert(1)"));
    r.set("ClearAvatarFile", json!(true));
    r.set("NewPassword", json!("short"));
    r.set("Businesses", json!([1, -2]));
    r.set("AddedBusinesses", json!(["3"]));
    r.set("RemovedUserRoles", json!([4]));
    r.set("AddedChatRooms", json!(7));
    r.set("SupportTeamUserEmail", json!("a@b@c"));
    r.set("ConfirmNewPassword", json!(42));
    let errors = check_record(&r);
    let by = errors_by_property(&errors);
    let get = |k: &str| by.get(k).cloned().unwrap_or_default();
    assert_eq!(get("FullName"), [messages::REQUIRED]);
    assert_eq!(get("Email"), [messages::INVALID_EMAIL]);
    assert_eq!(get("Language"), [messages::NOT_INTEGER]);
    assert_eq!(get("InvalidLoginAttempts"), [messages::NEGATIVE]);
    assert_eq!(get("Active"), [messages::NOT_BOOL]);
    assert_eq!(get("LastAccess"), [messages::INVALID_DATETIME]);
    assert_eq!(get("EmailCallBackGuid"), [messages::INVALID_GUID]);
    assert_eq!(
        get("NewAvatarUrl"),
        [messages::URL_NOT_HTTPS, messages::AVATAR_URL_WITH_CLEAR]
    );
    assert_eq!(get("ClearAvatarFile"), [messages::AVATAR_CLEAR_WITH_URL]);
    assert_eq!(
        get("NewPassword"),
        [
            messages::PASSWORD_TOO_SHORT,
            messages::PASSWORD_NO_UPPER,
            messages::PASSWORD_NO_DIGIT,
            messages::PASSWORD_NO_SYMBOL
        ]
    );
    assert_eq!(get("Businesses"), [messages::NOT_ID_LIST]);
    assert_eq!(get("AddedBusinesses"), [messages::NOT_ID_LIST]);
    assert_eq!(get("AddedChatRooms"), [messages::NOT_ID_LIST]);
    assert!(get("RemovedUserRoles").is_empty());
    assert_eq!(get("SupportTeamUserEmail"), [messages::INVALID_EMAIL]);
    assert!(
        get("ConfirmNewPassword").is_empty(),
        "never sent, never checked"
    );
    // Every error is keyed by an exact JSON name the server uses.
    for e in &errors {
        assert!(
            field(&e.property).is_some()
                || e.property.starts_with("Added")
                || e.property.starts_with("Removed"),
            "{e}"
        );
    }
}

#[test]
fn check_record_on_an_empty_object_lists_the_required_fields() {
    let errors = check_record(&UserRecord::default());
    let names: Vec<&str> = errors.iter().map(|e| e.property.as_str()).collect();
    assert_eq!(
        names,
        [
            "FullName",
            "Email",
            "Language",
            "InvalidLoginAttempts",
            "PasswordSalt",
            "Id",
            "LastHelpVisited"
        ]
    );
    assert!(errors.iter().all(|e| e.message == messages::REQUIRED));
    assert_eq!(errors[0].to_string(), "FullName: is a required field");
}
