//! Every documented server body (CONTRACT.md) and malformed ones.

use contract::envelope::{is_not_found_body, NOT_FOUND_BODY};
use contract::server_errors::{
    field_for_property, server_errors_of, NOT_SAVED, UNREADABLE_REJECTION, UNSPECIFIED_ERROR,
};
use contract::token::{codes, TokenErrorBody};
use contract::validate::messages;
use contract::{
    map_server_errors, parse_put_response, parse_retry_after, parse_token_error,
    parse_token_response, ActionEnvelope, EnvelopeError, FieldError, FieldMessages, ListEnvelope,
    PutOutcome, RecordError, ServerError, TokenFailure, UserRecord,
};

const DOC_200: &str = r#"{"Status":200,"Message":"User was successfully updated.","Value":{"Id":87654321},
 "OpenInDialog":false,"OpenInWindow":false,"RedirectURL":null,"JavaScript":null,
 "UpdatedOn":"2025-01-15T10:30:00Z","UpdatedBy":"admin@example.com",
 "Errors":null,"WasSuccessful":true}"#;

const DOC_400: &str = r#"{"Message":"FullName: is a required field","Value":null,
 "Errors":[{"AttemptedValue":null,"Message":"is a required field","PropertyName":"FullName"}],
 "WasSuccessful":false}"#;

const DOC_LIST: &str = r#"{"Records":[{"Id":1,"FullName":"Ada","Email":"ada@example.com"},{"Id":2,"FullName":"Bob","Email":"bob@example.com","Extra":{"x":1}}],"CurrentPage":1,"CurrentPageSize":25,"CurrentOrderField":"Id",
"CurrentSortDirection":1,"FirstItem":1,"LastItem":25,"TotalItems":60,"TotalPages":3,
"HasNextPage":true,"HasPreviousPage":false}"#;

fn se(property: Option<&str>, message: Option<&str>) -> ServerError {
    ServerError {
        property_name: property.map(str::to_owned),
        message: message.map(str::to_owned),
        attempted_value: None,
    }
}

fn fields(pairs: &[(&'static str, &[&str])]) -> FieldMessages {
    pairs
        .iter()
        .map(|(k, v)| (*k, v.iter().map(|s| s.to_string()).collect()))
        .collect()
}

fn invalid(pairs: &[(&'static str, &[&str])], form: &[&str]) -> PutOutcome {
    PutOutcome::Invalid {
        fields: fields(pairs),
        form: form.iter().map(|s| s.to_string()).collect(),
    }
}

// ---------------------------------------------------------------- PUT answers

#[test]
fn documented_200_is_saved_with_its_id() {
    assert_eq!(
        parse_put_response(200, DOC_200),
        PutOutcome::Saved { id: Some(87654321) }
    );
    let env = ActionEnvelope::from_json(DOC_200);
    assert_eq!(env.as_ref().map(|e| e.was_successful), Ok(Some(true)));
    assert_eq!(
        env.map(|e| e.updated_by),
        Ok(Some("admin@example.com".to_owned()))
    );
}

#[test]
fn documented_400_lands_on_the_field() {
    assert_eq!(
        parse_put_response(400, DOC_400),
        invalid(&[("FullName", &["is a required field"])], &[])
    );
}

#[test]
fn the_body_status_is_not_trusted() {
    // An old example put "Status":500 inside a 400.
    let body = r#"{"Status":500,"Message":"Email: is not valid","Errors":[{"PropertyName":"Email","Message":"is not valid"}],"WasSuccessful":false}"#;
    assert_eq!(
        parse_put_response(400, body),
        invalid(&[("Email", &["is not valid"])], &[])
    );
    // A 200 that says Status 500 but WasSuccessful true is saved.
    assert_eq!(
        parse_put_response(
            200,
            r#"{"Status":500,"Value":{"Id":5},"WasSuccessful":true}"#
        ),
        PutOutcome::Saved { id: Some(5) }
    );
    // A 2xx that says WasSuccessful false is not.
    assert_eq!(
        parse_put_response(
            200,
            r#"{"Status":200,"Errors":[{"PropertyName":"Email","Message":"is already used by another user"}],"WasSuccessful":false}"#
        ),
        invalid(&[("Email", &[messages::EMAIL_TAKEN])], &[])
    );
    assert_eq!(
        parse_put_response(200, r#"{"WasSuccessful":false}"#),
        invalid(&[], &[NOT_SAVED])
    );
    // A 400 that claims success is still a rejection.
    assert_eq!(
        parse_put_response(400, r#"{"Message":"odd","WasSuccessful":true}"#),
        invalid(&[], &["odd"])
    );
}

#[test]
fn every_error_is_rendered_not_just_the_summary() {
    let body = r#"{"Message":"FullName: is a required field","Value":null,"Errors":[
        {"AttemptedValue":null,"Message":"is a required field","PropertyName":"FullName"},
        {"AttemptedValue":"x","Message":"is not a valid email address","PropertyName":"email"},
        {"AttemptedValue":[99],"Message":"contains an id that does not exist","PropertyName":"AddedBusinesses"},
        {"Message":"contains an id that does not exist","PropertyName":"UserRoles[0]"},
        {"Message":"is a required field","PropertyName":"PasswordSalt"},
        {"Message":"Something about the account","PropertyName":""},
        {"Message":"is odd","PropertyName":"FavouriteColour"}
    ],"WasSuccessful":false}"#;
    assert_eq!(
        parse_put_response(400, body),
        invalid(
            &[
                ("FullName", &["is a required field"]),
                ("Email", &["is not a valid email address (you entered “x”)"]),
                (
                    "Businesses",
                    &["contains an id that does not exist (id 99)"]
                ),
                ("UserRoles", &["contains an id that does not exist"]),
            ],
            &[
                "Password salt is a required field",
                "Something about the account",
                "FavouriteColour: is odd"
            ]
        )
    );
}

#[test]
fn a_400_that_says_nothing_usable_still_says_something() {
    for body in [
        "",
        "<html><body>Bad Request</body></html>",
        "{",
        "null",
        "[]",
        "42",
    ] {
        assert_eq!(
            parse_put_response(400, body),
            invalid(&[], &[UNREADABLE_REJECTION]),
            "{body:?}"
        );
    }
    assert_eq!(
        parse_put_response(
            400,
            r#"{"Message":"The request is invalid.","Errors":null}"#
        ),
        invalid(&[], &["The request is invalid."])
    );
    assert_eq!(
        parse_put_response(400, r#"{"Message":"  ","Errors":[]}"#),
        invalid(&[], &[UNREADABLE_REJECTION])
    );
    assert_eq!(
        parse_put_response(400, r#""Bad request""#),
        invalid(&[], &["Bad request"])
    );
}

#[test]
fn lenient_error_shapes() {
    // ASP.NET Core problem details: an object of property → messages, camelCase keys.
    let body = r#"{"title":"One or more validation errors occurred.","status":400,
        "errors":{"FullName":["is a required field"],"$.Language":["must be a whole number"],"":["body unreadable"]}}"#;
    assert_eq!(
        parse_put_response(400, body),
        invalid(
            // Fields in the body's order; the page shows them in its own order.
            &[
                ("FullName", &["is a required field"]),
                ("Language", &["must be a whole number"])
            ],
            &["body unreadable"]
        )
    );
    // Items that are not objects, and odd types inside items, are kept.
    let body = r#"{"Errors":["plain text error", 7, {"PropertyName": 3, "Message": ["a"]}, {"PropertyName":"FullName","ErrorMessage":"too long"}]}"#;
    assert_eq!(
        parse_put_response(400, body),
        invalid(
            &[("FullName", &["too long"])],
            &["plain text error", "7", "3: [\"a\"]"]
        )
    );
    let v = json!({"Errors": "one string"});
    assert_eq!(server_errors_of(&v), [se(None, Some("one string"))]);
    assert_eq!(server_errors_of(&json!({"Errors": null})), []);
    assert_eq!(server_errors_of(&json!([1])), []);
}

#[test]
fn other_statuses() {
    assert_eq!(parse_put_response(201, ""), PutOutcome::Saved { id: None });
    assert_eq!(parse_put_response(204, ""), PutOutcome::Saved { id: None });
    // Something other than JSON came back: nothing says it was saved.
    assert_eq!(
        parse_put_response(200, "<html>Bad gateway</html>"),
        PutOutcome::Unreadable
    );
    assert_eq!(
        parse_put_response(200, "{\"WasSuccessful\":tr"),
        PutOutcome::Unreadable
    );
    assert_eq!(
        parse_put_response(200, r#"{"Value":42}"#),
        PutOutcome::Saved { id: Some(42) }
    );
    assert_eq!(
        parse_put_response(200, r#"{"value":{"id":7}}"#),
        PutOutcome::Saved { id: Some(7) }
    );
    assert_eq!(parse_put_response(401, ""), PutOutcome::Unauthorized);
    assert_eq!(parse_put_response(403, "{}"), PutOutcome::Forbidden);
    assert_eq!(
        parse_put_response(404, NOT_FOUND_BODY),
        PutOutcome::NotFound
    );
    assert_eq!(parse_put_response(409, ""), PutOutcome::Throttled);
    assert_eq!(parse_put_response(429, ""), PutOutcome::Throttled);
    assert_eq!(
        parse_put_response(500, r#"{"Message":"An error has occurred."}"#),
        PutOutcome::ServerError {
            message: "An error has occurred.".into()
        }
    );
    assert_eq!(
        parse_put_response(500, DOC_400),
        PutOutcome::ServerError {
            message: "FullName: is a required field".into()
        }
    );
    assert_eq!(
        parse_put_response(502, "<html>Bad gateway</html>"),
        PutOutcome::ServerError {
            message: "The server had a problem (HTTP 502).".into()
        }
    );
    assert_eq!(
        parse_put_response(302, ""),
        PutOutcome::Unexpected {
            status: 302,
            message: "The server answered with HTTP status 302.".into()
        }
    );
}

#[test]
fn validation_failure_round_trips_through_the_parser() {
    let errors = vec![
        FieldError::new("FullName", messages::REQUIRED),
        FieldError::new("Email", messages::EMAIL_TAKEN),
        FieldError::new("Email", messages::INVALID_EMAIL),
        FieldError::new("AddedChatRooms", messages::UNKNOWN_ID),
    ];
    let env = ActionEnvelope::validation_failure(&errors);
    let text = match serde_json::to_string(&env) {
        Ok(t) => t,
        Err(e) => panic!("{e}"),
    };
    assert!(text.contains(r#""WasSuccessful":false"#));
    assert_eq!(
        env.message.as_deref(),
        Some("FullName: is a required field; Email: is already used by another user; Email: is not a valid email address; AddedChatRooms: contains an id that does not exist")
    );
    assert_eq!(
        parse_put_response(400, &text),
        invalid(
            &[
                ("FullName", &[messages::REQUIRED]),
                ("Email", &[messages::EMAIL_TAKEN, messages::INVALID_EMAIL]),
                ("ChatRooms", &[messages::UNKNOWN_ID]),
            ],
            &[]
        )
    );
}

// ---------------------------------------------------------------- error mapping

#[test]
fn property_names_map_onto_fields() {
    let cases = [
        ("FullName", Some("FullName")),
        ("fullname", Some("FullName")),
        ("  EMAIL ", Some("Email")),
        ("apiaccess", Some("APIAccess")),
        ("UserRoles[0]", Some("UserRoles")),
        ("UserRoles.0", Some("UserRoles")),
        ("userroles[3].Id", Some("UserRoles")),
        ("AddedBusinesses", Some("Businesses")),
        ("RemovedBusinesses[2]", Some("Businesses")),
        ("addedchatrooms", Some("ChatRooms")),
        ("RemovedUserRoles", Some("UserRoles")),
        ("$.Email", Some("Email")),
        ("user.FullName", Some("FullName")),
        ("Model.Language", Some("Language")),
        ("ConfirmNewPassword", Some("ConfirmNewPassword")),
        ("CustomFields.Email", None),
        ("Nope", None),
        ("", None),
        ("[0]", None),
        ("...", None),
    ];
    for (property, want) in cases {
        assert_eq!(
            field_for_property(property).map(|f| f.name),
            want,
            "{property:?}"
        );
    }
}

#[test]
fn map_server_errors_never_drops_anything() {
    let errors = [
        se(Some("FullName"), Some("is a required field")),
        se(Some("FULLNAME"), Some("is a required field")),
        se(Some("Email"), None),
        se(Some("ConfirmNewPassword"), Some("does not match")),
        se(Some("TwoFactorSecret"), Some("is malformed")),
        se(Some("Id"), Some("does not exist")),
        se(Some("Unknown.Thing"), Some("is wrong")),
        se(None, Some("General failure")),
        se(Some("   "), None),
        se(None, None),
        se(Some("Mystery"), None),
    ];
    let (f, form) = map_server_errors(&errors);
    assert_eq!(
        f,
        fields(&[
            ("FullName", &["is a required field"]),
            ("Email", &[messages::INVALID]),
        ])
    );
    assert_eq!(
        form,
        [
            // Known but not on the form: worded with the label, in the summary.
            "Confirm new password does not match",
            "Two-factor secret is malformed",
            "User id does not exist",
            "Unknown.Thing: is wrong",
            "General failure",
            UNSPECIFIED_ERROR,
            "Mystery: is invalid",
        ]
    );
    assert_eq!(map_server_errors(&[]), (Vec::new(), Vec::new()));
}

#[test]
fn a_field_message_names_the_refused_id_or_email() {
    let body = r#"{"Errors":[
        {"PropertyName":"Businesses","AttemptedValue":[3,19,999],"Message":"contains an id that does not exist"},
        {"PropertyName":"AddedBusinesses","AttemptedValue":[999],"Message":"contains an id that does not exist"},
        {"PropertyName":"UserRoles[2]","AttemptedValue":24,"Message":"contains an id that does not exist"},
        {"PropertyName":"RemovedChatRooms","AttemptedValue":[3,"x",5],"Message":"is invalid"},
        {"PropertyName":"SupportTeamUserEmail","AttemptedValue":"x@y","Message":"is not a valid email address"},
        {"PropertyName":"Email","AttemptedValue":"  ","Message":"is a required field"},
        {"PropertyName":"NewPassword","AttemptedValue":"Passw0rd!","Message":"is too weak"},
        {"PropertyName":"PasswordSalt","AttemptedValue":"salt-secret","Message":"is invalid"},
        {"PropertyName":"FullName","AttemptedValue":"Ada","Message":"is too long"}
    ]}"#;
    assert_eq!(
        parse_put_response(400, body),
        invalid(
            &[
                // The whole list says nothing the field does not show; the twin names the id.
                (
                    "Businesses",
                    &["contains an id that does not exist (id 999)"]
                ),
                ("UserRoles", &["contains an id that does not exist (id 24)"]),
                ("ChatRooms", &["is invalid (ids 3, 5)"]),
                (
                    "SupportTeamUserEmail",
                    &["is not a valid email address (you entered “x@y”)"]
                ),
                ("Email", &["is a required field"]),
                ("NewPassword", &["is too weak"]),
                ("FullName", &["is too long"]),
            ],
            &["Password salt is invalid"]
        )
    );

    // In the other order, the bare message is the repeat; other ids stay apart.
    let refused = |property: &str, id: i64| ServerError {
        attempted_value: Some(json!([id])),
        ..se(Some(property), Some(messages::UNKNOWN_ID))
    };
    let (f, _) = map_server_errors(&[
        refused("AddedBusinesses", 999),
        se(Some("Businesses"), Some(messages::UNKNOWN_ID)),
        refused("AddedBusinesses", 998),
    ]);
    assert_eq!(
        f,
        fields(&[(
            "Businesses",
            &[
                "contains an id that does not exist (id 999)",
                "contains an id that does not exist (id 998)"
            ]
        )])
    );
}

// ---------------------------------------------------------------- Retry-After

#[test]
fn retry_after() {
    let now = 784_111_777; // Sun, 06 Nov 1994 08:49:37 GMT
    assert_eq!(parse_retry_after("120", now), Some(120));
    assert_eq!(parse_retry_after(" 0 ", now), Some(0));
    assert_eq!(parse_retry_after("007", now), Some(7));
    assert_eq!(
        parse_retry_after("Sun, 06 Nov 1994 08:50:37 GMT", now),
        Some(60)
    );
    assert_eq!(
        parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now),
        Some(0)
    );
    assert_eq!(
        parse_retry_after("Sat, 05 Nov 1994 08:49:37 GMT", now),
        Some(0)
    );
    assert_eq!(
        parse_retry_after("Sunday, 06-Nov-94 08:49:47 GMT", now),
        Some(10)
    );
    assert_eq!(parse_retry_after("Sun Nov  6 08:49:57 1994", now), Some(20));
    assert_eq!(
        parse_retry_after("Thu, 01 Jan 1970 00:00:00 GMT", 0),
        Some(0)
    );
    assert_eq!(
        parse_retry_after("Mon, 01 Jan 0001 00:00:00 GMT", now),
        Some(0),
        "a date before the epoch is past"
    );
    assert_eq!(
        parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT", u64::MAX),
        Some(0)
    );
    for bad in [
        "",
        "   ",
        "-5",
        "+5",
        "1.5",
        "5s",
        "soon",
        "99999999999999999999999",
        "Sun, 06 Nov 1994 08:49:37",
        "2025-01-15T10:30:00Z",
    ] {
        assert_eq!(parse_retry_after(bad, now), None, "{bad:?}");
    }
}

// ---------------------------------------------------------------- token

#[test]
fn a_token_answer_prints_without_its_tokens() {
    let body = r#"{"access_token":"at-secret","token_type":"bearer","expires_in":86400,"refresh_token":"rt-secret"}"#;
    let printed = match parse_token_response(body) {
        Ok(token) => format!("{token:?}"),
        Err(e) => panic!("{e}"),
    };
    assert!(!printed.contains("at-secret"), "{printed}");
    assert!(!printed.contains("rt-secret"), "{printed}");
    assert!(printed.contains("86400"), "{printed}");
}

#[test]
fn token_success_body() {
    let body =
        r#"{"access_token":"abc","token_type":"bearer","expires_in":604799,"refresh_token":"def"}"#;
    match parse_token_response(body) {
        Ok(t) => {
            assert_eq!(t.access_token, "abc");
            assert_eq!(t.expires_in, 604799);
            assert_eq!(t.refresh_token, "def");
        }
        Err(e) => panic!("{e}"),
    }
    let other =
        r#"{"access_token":"abc","token_type":"bearer","expires_in":86400,"refresh_token":"def"}"#;
    assert_eq!(parse_token_response(other).map(|t| t.expires_in), Ok(86400));
    assert!(matches!(
        parse_token_response("not json"),
        Err(EnvelopeError::NotJson(_))
    ));
    assert!(matches!(
        parse_token_response(r#"{"access_token":"abc"}"#),
        Err(EnvelopeError::Shape(_))
    ));
    assert!(matches!(
        parse_token_response(r#"{"access_token":"a","expires_in":-1,"refresh_token":"b"}"#),
        Err(EnvelopeError::Shape(_))
    ));
}

#[test]
fn token_error_bodies() {
    let body = |error: &str, desc: &str| {
        serde_json::to_string(&TokenErrorBody {
            error: error.into(),
            error_description: Some(desc.into()),
        })
        .unwrap_or_default()
    };
    assert_eq!(
        parse_token_error(
            400,
            &body(
                codes::INVALID_GRANT,
                "The user name or password is incorrect."
            )
        ),
        TokenFailure::InvalidCredentials
    );
    assert_eq!(
        parse_token_error(400, r#"{"error":"invalid_grant"}"#),
        TokenFailure::InvalidCredentials
    );
    assert_eq!(
        parse_token_error(400, r#"{"error":"invalid_grant","error_description":null}"#),
        TokenFailure::InvalidCredentials
    );
    assert_eq!(
        parse_token_error(
            400,
            &body(codes::TWO_FACTOR_AUTH_CHECK, "Two factor check required")
        ),
        TokenFailure::TwoFactorRequired
    );
    assert_eq!(
        parse_token_error(400, &body(codes::MUST_RESET_PASSWORD, "Reset")),
        TokenFailure::MustResetPassword
    );
    // A request the app got wrong: no variant of its own, the code is shown.
    assert_eq!(
        parse_token_error(400, &body(codes::UNSUPPORTED_GRANT_TYPE, "")),
        TokenFailure::Other(codes::UNSUPPORTED_GRANT_TYPE.into())
    );
    // Codes match in any letter case, without surrounding whitespace.
    assert_eq!(
        parse_token_error(
            400,
            r#"{"error":"INVALID_GRANT","error_description":"Suspended"}"#
        ),
        TokenFailure::InvalidCredentials
    );
    assert_eq!(
        parse_token_error(401, r#"{"error":" Two_Factor_Auth_Check "}"#),
        TokenFailure::TwoFactorRequired
    );
    assert_eq!(
        parse_token_error(
            400,
            r#"{"error":"invalid_client","error_description":"Bad client"}"#
        ),
        TokenFailure::Other("invalid_client".into())
    );
    // Another code is shown cut to 60 characters.
    let long = "x".repeat(100);
    assert_eq!(
        parse_token_error(400, &body(&long, "")),
        TokenFailure::Other("x".repeat(60))
    );
    for malformed in [
        "",
        "<html>",
        "[]",
        "\"invalid_grant\"",
        r#"{"error":5}"#,
        r#"{"error":"  "}"#,
        "{",
    ] {
        assert_eq!(
            parse_token_error(403, malformed),
            TokenFailure::Other("HTTP 403".into()),
            "{malformed:?}"
        );
    }
    for status in [500, 503, 599, 600] {
        assert_eq!(
            parse_token_error(status, &body(codes::INVALID_GRANT, "")),
            TokenFailure::Server(status)
        );
    }
    assert_eq!(
        TokenFailure::Other("invalid_client".into()).to_string(),
        "Signing in failed (invalid_client). Try again in a moment."
    );
    assert_eq!(
        TokenFailure::Server(502).to_string(),
        "The server could not sign you in (HTTP 502). Try again in a moment."
    );
}

// ---------------------------------------------------------------- list, record, 404

#[test]
fn documented_list_envelope() {
    let list = match ListEnvelope::<UserRecord>::from_json(DOC_LIST) {
        Ok(l) => l,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(list.records.len(), 2);
    assert_eq!(list.records[1].get("Extra"), Some(&json!({"x": 1})));
    assert_eq!(list.total_items, 60);
    assert_eq!(list.total_pages, 3);
    assert!(list.has_next_page);
    assert!(!list.has_previous_page);
    assert_eq!(list.current_sort_direction, Some(json!(1)));
}

#[test]
fn malformed_list_envelopes_are_errors() {
    for body in ["", "<html>", "{", "[1,2]", NOT_FOUND_BODY] {
        assert!(
            matches!(
                ListEnvelope::<UserRecord>::from_json(body),
                Err(EnvelopeError::NotJson(_) | EnvelopeError::Shape(_))
            ),
            "{body:?}"
        );
    }
    for body in [
        "{}",
        "[1,2]",
        r#"{"Records":null,"CurrentPage":1,"CurrentPageSize":25,"TotalItems":0,"TotalPages":0}"#,
        r#"{"Records":[1],"CurrentPage":1,"CurrentPageSize":25,"TotalItems":1,"TotalPages":1}"#,
        r#"{"Records":[],"CurrentPage":-1,"CurrentPageSize":25,"TotalItems":0,"TotalPages":0}"#,
        r#"{"Records":[],"CurrentPage":1,"CurrentPageSize":25,"TotalItems":"many","TotalPages":0}"#,
    ] {
        assert!(
            matches!(
                ListEnvelope::<UserRecord>::from_json(body),
                Err(EnvelopeError::Shape(_))
            ),
            "{body:?}"
        );
    }
    let minimal =
        r#"{"Records":[],"CurrentPage":1,"CurrentPageSize":25,"TotalItems":0,"TotalPages":0}"#;
    assert!(ListEnvelope::<UserRecord>::from_json(minimal).is_ok());
}

#[test]
fn user_record_parsing() {
    assert!(matches!(
        UserRecord::from_json(""),
        Err(RecordError::NotJson(_))
    ));
    assert!(matches!(
        UserRecord::from_json("{\"Id\":"),
        Err(RecordError::NotJson(_))
    ));
    for body in ["[]", "1", "null", NOT_FOUND_BODY] {
        assert_eq!(UserRecord::from_json(body), Err(RecordError::NotAnObject));
    }
    let r = match UserRecord::from_json(r#"{"Id":5,"FullName":"A","Zzz":[1.25,null]}"#) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(r.id(), Some(5));
    // The server's key order survives the round trip.
    assert_eq!(r.to_json(), r#"{"Id":5,"FullName":"A","Zzz":[1.25,null]}"#);
}

#[test]
fn not_found_body() {
    assert!(is_not_found_body(NOT_FOUND_BODY));
    assert!(is_not_found_body(" \"not found\" "));
    assert!(!is_not_found_body("Not found"));
    assert!(!is_not_found_body("{}"));
    assert!(!is_not_found_body(""));
}
