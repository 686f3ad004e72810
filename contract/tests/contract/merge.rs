//! Conflict-safe saving: rebasing a draft onto the record as the server holds it now, and
//! drafts kept across a reload with the values their edits were made against.

use contract::json::Value;
use contract::{Conflict, Draft, Rebased, UserRecord};

use crate::fixtures;

fn body(d: &Draft) -> Value {
    match d.put_body() {
        Ok(b) => b,
        Err(e) => panic!("unexpected errors: {e:?}"),
    }
}

/// JSON text as this crate reads it: numbers keep their text (`json!` would not).
fn parse(text: &str) -> Value {
    match Value::parse(text) {
        Ok(v) => v,
        Err(e) => panic!("{text}: {e}"),
    }
}

/// The fixture user with some properties set, as JSON text.
fn user_with(changes: &[(&str, &str)]) -> UserRecord {
    let mut r = fixtures::user();
    for (name, text) in changes {
        r.set(name, parse(text));
    }
    r
}

fn edited(edits: &[(&str, &str)]) -> Draft {
    let mut d = Draft::new(fixtures::user());
    for (name, text) in edits {
        d.set_input(name, (*text).to_owned());
    }
    d
}

#[test]
fn a_draft_without_edits_takes_theirs_exactly() {
    let theirs = user_with(&[
        ("LastAccess", r#""2026-11-29T21:00:00Z""#),
        ("InvalidLoginAttempts", "3"),
        ("Password", r#""$2a$10$otherhash""#),
        (
            "SomethingAddedLater",
            r#"[1.50, 1E-7, 12345678901234567890]"#,
        ),
        ("UpdatedOn", r#""2026-11-29T21:00:00Z""#),
        ("NewlyKnown", "-0.000"),
    ]);
    let mut d = Draft::new(fixtures::user());
    let rebased = d.rebase(theirs.clone());
    assert_eq!(
        rebased,
        Rebased {
            changed_by_them: [
                "Password",
                "InvalidLoginAttempts",
                "LastAccess",
                "SomethingAddedLater",
                "NewlyKnown"
            ]
            .map(str::to_owned)
            .to_vec(),
            conflicts: vec![],
            agreed: vec![],
        },
        "theirs' key order, UpdatedOn left out"
    );
    assert_eq!(body(&d).to_string(), theirs.to_json(), "byte for byte");
}

#[test]
fn what_they_removed_is_reported_after_what_they_have() {
    let mut theirs = user_with(&[("Devices", r#""Pixel""#)]);
    theirs.remove("CustomFields");
    let mut d = Draft::new(fixtures::user());
    assert_eq!(
        d.rebase(theirs).changed_by_them,
        ["Devices", "CustomFields"]
    );
    assert!(body(&d).get("CustomFields").is_none());
}

#[test]
fn values_written_another_way_are_not_changes() {
    let theirs = user_with(&[
        ("Businesses", "[9, 1, 4]"),
        ("LastAccess", r#""2019-05-14T01:30:00+02:00""#),
        ("Active", "true"),
        ("UpdatedBy", r#""someone@example.com""#),
    ]);
    let mut d = Draft::new(fixtures::user());
    assert_eq!(d.rebase(theirs.clone()), Rebased::default());
    // Still theirs that is sent: nothing is re-encoded.
    assert_eq!(body(&d), theirs.to_value());
}

#[test]
fn edits_of_different_properties_both_survive() {
    let mut d = edited(&[("FullName", "Ada King"), ("Devices", "Surface")]);
    let theirs = user_with(&[
        ("Email", r#""ada.king@example.com""#),
        ("LastAccess", r#""2026-01-01T00:00:00Z""#),
        ("SomethingAddedLater", "1.50"),
    ]);
    let rebased = d.rebase(theirs.clone());
    assert_eq!(
        rebased.changed_by_them,
        ["Email", "LastAccess", "SomethingAddedLater"]
    );
    assert!(rebased.conflicts.is_empty());
    assert_eq!(d.changed(), ["FullName", "Devices"]);
    let b = body(&d);
    assert_eq!(b["FullName"], "Ada King");
    assert_eq!(b["Devices"], "Surface");
    assert_eq!(b["Email"], "ada.king@example.com");
    assert_eq!(b["LastAccess"], "2026-01-01T00:00:00Z");
    assert!(b.to_string().contains(r#""SomethingAddedLater":1.50"#));
}

#[test]
fn an_edit_equal_to_theirs_is_no_conflict() {
    let mut d = edited(&[
        ("LastHelpVisited", "07"),
        ("LastAccess", "2024-01-02T03:04"),
        ("FullName", "Ada King"),
    ]);
    let theirs = user_with(&[
        ("LastHelpVisited", "7"),
        ("LastAccess", r#""2024-01-02T05:04:00+02:00""#),
        ("FullName", r#""Ada King""#),
    ]);
    let rebased = d.rebase(theirs.clone());
    assert!(rebased.conflicts.is_empty());
    assert!(d.edits().is_empty(), "{:?}", d.edits());
    assert_eq!(body(&d), theirs.to_value());
}

#[test]
fn an_edit_that_was_no_change_gives_way_to_theirs() {
    // "00" means the 0 loaded: not an edit by meaning, so their 3 stands.
    let mut d = edited(&[("InvalidLoginAttempts", "00")]);
    let rebased = d.rebase(user_with(&[("InvalidLoginAttempts", "3")]));
    assert!(rebased.conflicts.is_empty());
    assert_eq!(d.input("InvalidLoginAttempts"), "3");
    assert_eq!(body(&d)["InvalidLoginAttempts"], 3);
}

#[test]
fn different_edits_of_one_property_conflict_and_either_side_can_win() {
    let mut d = edited(&[("FullName", "Ada King"), ("IsAdmin", "true")]);
    let theirs = user_with(&[("FullName", r#""Ada Byron""#), ("IsAdmin", "true")]);
    let rebased = d.rebase(theirs.clone());
    assert_eq!(
        rebased.conflicts,
        [Conflict {
            name: "FullName",
            property: "FullName",
            theirs: Some(json!("Ada Byron")),
            base: Some(json!("Ada Lovelace")),
        }]
    );
    assert_eq!(d.input("FullName"), "Ada King", "mine is the input");
    assert_eq!(d.changed(), ["FullName"], "IsAdmin: same value, no edit");

    // Keep mine: nothing to do.
    let mut expected = theirs.to_value();
    if let Some(o) = expected.as_object_mut() {
        o.insert("FullName".into(), "Ada King".into());
    }
    assert_eq!(body(&d), expected);

    // Use theirs: revert.
    d.revert("FullName");
    assert!(!d.is_dirty());
    assert_eq!(body(&d), theirs.to_value());
}

#[test]
fn an_edit_conflicts_with_a_property_they_removed_or_added() {
    let mut base = fixtures::user();
    base.remove("Devices");
    let mut d = Draft::new(base.clone());
    d.set_input("Devices", "Phone".into());
    d.set_input("SupportTeamUserEmail", "help@example.com".into());
    let mut theirs = base;
    theirs.set("Devices", json!("Tablet"));
    theirs.remove("SupportTeamUserEmail");
    let rebased = d.rebase(theirs);
    assert_eq!(
        rebased.conflicts,
        [Conflict {
            name: "Devices",
            property: "Devices",
            theirs: Some(json!("Tablet")),
            base: None,
        }],
        "a null that becomes absent is no change of meaning"
    );
    assert_eq!(body(&d)["SupportTeamUserEmail"], "help@example.com");
}

#[test]
fn lists_merge_as_sets_and_their_twins_are_against_theirs() {
    // Loaded [1, 4, 9]; I removed 1 and added 12; they removed 4 and added 20.
    let mut d = edited(&[("Businesses", "4, 9, 12"), ("ChatRooms", "5")]);
    let theirs = user_with(&[("Businesses", "[9, 1, 20]"), ("ChatRooms", "[5]")]);
    let rebased = d.rebase(theirs);
    assert!(rebased.conflicts.is_empty());
    assert_eq!(rebased.changed_by_them, ["Businesses", "ChatRooms"]);
    assert_eq!(d.input("Businesses"), "9, 20, 12");
    assert_eq!(d.changed(), ["Businesses"], "both added 5: nothing left");
    let b = body(&d);
    assert_eq!(b["Businesses"], json!([9, 20, 12]));
    assert_eq!(b["AddedBusinesses"], json!([12]));
    assert_eq!(b["RemovedBusinesses"], json!([1]));
    assert_eq!(b["ChatRooms"], json!([5]));
    assert!(b.get("AddedChatRooms").is_none());

    // What I removed they removed too, and nothing else: theirs stands.
    let mut d = edited(&[("Businesses", "1, 9")]);
    d.rebase(user_with(&[("Businesses", "[9, 1]")]));
    assert!(d.edits().is_empty());
}

#[test]
fn a_list_edit_that_does_not_parse_conflicts_when_they_changed_the_list() {
    let mut d = edited(&[("UserRoles", "2, x")]);
    let rebased = d.rebase(user_with(&[("UserRoles", "[2, 3]")]));
    assert_eq!(rebased.conflicts.len(), 1);
    assert_eq!(d.input("UserRoles"), "2, x");
}

#[test]
fn write_once_actions_keep_what_was_typed() {
    let mut d = edited(&[
        ("NewPassword", "Passw0rd!"),
        ("ConfirmNewPassword", "Passw0rd!"),
        ("NewAvatarUrl", "https://example.com/a.png"),
    ]);
    let theirs = user_with(&[
        ("NewAvatarUrl", r#""https://example.com/theirs.png""#),
        ("AvatarFileName", r#""theirs.png""#),
        ("NewPassword", r#""echoed""#),
    ]);
    let rebased = d.rebase(theirs);
    // Kept as typed; but the new avatar would replace a file the admin never saw.
    assert_eq!(
        rebased.conflicts,
        [Conflict {
            name: "NewAvatarUrl",
            property: "AvatarFileName",
            theirs: Some(json!("theirs.png")),
            base: Some(json!("ada.png")),
        }]
    );
    let b = body(&d);
    assert_eq!(b["NewPassword"], "Passw0rd!");
    assert_eq!(b["NewAvatarUrl"], "https://example.com/a.png");
    assert_eq!(b["AvatarFileName"], "theirs.png");
}

#[test]
fn a_new_or_cleared_avatar_conflicts_only_when_the_file_changed() {
    for (name, text) in [
        ("NewAvatarUrl", "https://example.com/a.png"),
        ("ClearAvatarFile", "true"),
    ] {
        // Other changes of theirs leave the action alone.
        let mut d = edited(&[(name, text)]);
        let rebased = d.rebase(user_with(&[("Devices", r#""Pixel""#)]));
        assert!(rebased.conflicts.is_empty(), "{name}");
        // They removed the file.
        let mut d = edited(&[(name, text)]);
        let rebased = d.rebase(user_with(&[("AvatarFileName", "null")]));
        assert_eq!(
            rebased
                .conflicts
                .iter()
                .map(|c| (c.name, c.property))
                .collect::<Vec<_>>(),
            [(name, "AvatarFileName")]
        );
        assert_eq!(d.input(name), text, "kept as typed");
    }
    // Not clearing is no action at all.
    let mut d = edited(&[("ClearAvatarFile", "false")]);
    assert!(d
        .rebase(user_with(&[("AvatarFileName", "null")]))
        .conflicts
        .is_empty());
}

#[test]
fn a_kept_avatar_action_still_conflicts_with_a_file_changed_since() {
    let d = edited(&[("NewAvatarUrl", "https://example.com/a.png")]);
    let kept = parse(&d.to_kept().to_string());
    let mut restored = Draft::new(user_with(&[("AvatarFileName", r#""theirs.png""#)]));
    let rebased = restored.restore_kept(&kept);
    assert_eq!(rebased.conflicts.len(), 1);
    assert_eq!(rebased.conflicts[0].property, "AvatarFileName");
    assert_eq!(restored.input("NewAvatarUrl"), "https://example.com/a.png");
    // Restored where nothing changed: no conflict.
    let mut same = Draft::new(fixtures::user());
    assert!(same.restore_kept(&kept).conflicts.is_empty());
}

#[test]
fn rebasing_onto_the_baseline_changes_nothing() {
    let mut d = edited(&[("FullName", "Ada King"), ("Businesses", "9, 4, 1, 7")]);
    let before = d.clone();
    assert_eq!(d.rebase(fixtures::user()), Rebased::default());
    assert_eq!(d, before);
}

// ---------------------------------------------------------------- kept drafts

const SECRETS: [&str; 4] = [
    "c2FsdHNhbHQ=",
    "$2a$10$hashhashhash",
    "tok-secret",
    "JBSWY3DPEHPK3PXP",
];

#[test]
fn a_kept_draft_holds_the_edits_and_what_they_were_made_against() {
    let d = edited(&[
        ("FullName", "Ada King"),
        ("NewPassword", "Passw0rd!"),
        ("ConfirmNewPassword", "Passw0rd!"),
        ("Businesses", "1, 2"),
        ("ClearAvatarFile", "true"),
    ]);
    let kept = d.to_kept();
    assert_eq!(
        kept,
        json!({
            "edits": {"FullName": "Ada King", "Businesses": "1, 2", "ClearAvatarFile": "true"},
            "base": {"FullName": "Ada Lovelace", "Businesses": [1, 4, 9], "ClearAvatarFile": false, "AvatarFileName": "ada.png"}
        })
    );
    let text = kept.to_string();
    for secret in SECRETS.iter().chain(&["Passw0rd!"]) {
        assert!(!text.contains(secret), "{secret} kept");
    }

    // Restored on a fresh load of the same record: the same draft.
    let mut restored = Draft::new(fixtures::user());
    assert_eq!(restored.restore_kept(&parse(&text)), Rebased::default());
    assert_eq!(restored.to_kept(), kept);
    assert_eq!(
        restored.changed(),
        ["FullName", "ClearAvatarFile", "Businesses"]
    );
}

#[test]
fn a_kept_draft_never_reverts_what_changed_on_the_server_meanwhile() {
    let kept = edited(&[
        ("FullName", "Ada King"),
        ("Devices", "Surface"),
        ("Businesses", "1, 4, 9, 12"),
        ("LastHelpVisited", "5"),
    ])
    .to_kept();
    let now = user_with(&[
        ("FullName", r#""Ada Byron""#),
        ("Email", r#""ada.byron@example.com""#),
        ("Businesses", "[1, 9, 30]"),
        ("LastHelpVisited", "5"),
        ("LastAccess", r#""2026-11-29T21:00:00Z""#),
    ]);
    let mut d = Draft::new(now.clone());
    let rebased = d.restore_kept(&kept);
    assert_eq!(
        rebased,
        Rebased {
            changed_by_them: ["FullName", "LastHelpVisited", "Businesses"]
                .map(str::to_owned)
                .to_vec(),
            conflicts: vec![Conflict {
                name: "FullName",
                property: "FullName",
                theirs: Some(json!("Ada Byron")),
                base: Some(json!("Ada Lovelace")),
            }],
            agreed: vec!["LastHelpVisited"],
        },
        "only what the kept edits were made against is compared"
    );
    assert_eq!(d.changed(), ["FullName", "Devices", "Businesses"]);
    let b = body(&d);
    assert_eq!(b["FullName"], "Ada King");
    assert_eq!(b["Devices"], "Surface");
    assert_eq!(b["Businesses"], json!([1, 9, 30, 12]));
    assert_eq!(b["AddedBusinesses"], json!([12]));
    assert_eq!(b["RemovedBusinesses"], json!([]));
    assert_eq!(b["Email"], "ada.byron@example.com");
    assert_eq!(b["LastAccess"], "2026-11-29T21:00:00Z");
    assert_eq!(b["LastHelpVisited"], 5);
}

#[test]
fn a_kept_base_without_the_property_means_it_was_absent() {
    let mut loaded = fixtures::user();
    loaded.remove("Devices");
    let mut d = Draft::new(loaded.clone());
    d.set_input("Devices", "Phone".into());
    let kept = d.to_kept();
    assert_eq!(kept["base"], json!({}));
    let mut now = loaded;
    now.set("Devices", json!("Tablet"));
    let mut d = Draft::new(now);
    let rebased = d.restore_kept(&kept);
    assert_eq!(
        rebased.conflicts,
        [Conflict {
            name: "Devices",
            property: "Devices",
            theirs: Some(json!("Tablet")),
            base: None,
        }]
    );
    assert_eq!(d.input("Devices"), "Phone");
}

#[test]
fn a_restored_field_replaces_what_was_typed_since() {
    let mut d = edited(&[
        ("FullName", "Typed"),
        ("Email", "typed@example.com"),
        ("Devices", "X"),
    ]);
    // Email's kept edit was no change: restoring it restores the loaded value.
    d.restore_kept(&json!({
        "edits": {"FullName": "Ada King", "Email": "ada@example.com"},
        "base": {"FullName": "Ada Lovelace", "Email": "ada@example.com"}
    }));
    assert_eq!(d.changed(), ["FullName", "Devices"]);
    assert_eq!(d.input("FullName"), "Ada King");
    assert_eq!(d.input("Email"), "ada@example.com");
}

#[test]
fn the_earlier_kept_format_restores_against_the_current_baseline() {
    let mut d = Draft::new(user_with(&[("FullName", r#""Ada Byron""#)]));
    let rebased = d.restore_kept(&json!({
        "FullName": "Ada King",
        "businesses": "1, 2",
        "NewPassword": "Passw0rd!",
        "ConfirmNewPassword": "Passw0rd!",
        "PasswordSalt": "evil",
        "email": "ada@example.com",
        "Id": "1",
        "NotAField": "x",
        "Devices": ["not", "text"],
    }));
    assert_eq!(rebased, Rebased::default(), "no base: nothing to compare");
    assert_eq!(d.changed(), ["FullName", "Businesses"]);
    assert_eq!(d.input("Businesses"), "1, 2");
    assert_eq!(d.input("NewPassword"), "");
}

#[test]
fn garbage_restores_nothing() {
    let garbage = [
        json!(null),
        json!(42),
        json!("FullName"),
        json!(["FullName", "x"]),
        json!({"edits": 5, "base": {"FullName": "x"}}),
        json!({"edits": {"FullName": 5}}),
        json!({"edits": {"Password": "x", "NewPassword": "y", "Id": "3"}}),
        json!({"edits": {}, "base": {"FullName": "Someone"}}),
        json!({"edits": [], "base": []}),
    ];
    for kept in garbage {
        let mut d = Draft::new(fixtures::user());
        assert_eq!(d.restore_kept(&kept), Rebased::default(), "{kept}");
        assert!(d.edits().is_empty(), "{kept}");
    }
    // A base that is not an object: the edits count as made against what is loaded.
    let mut d = Draft::new(fixtures::user());
    d.restore_kept(&json!({"edits": {"FullName": "Ada King"}, "base": "nope"}));
    assert_eq!(d.changed(), ["FullName"]);
}

// ---------------------------------------------------------------- Debug

#[test]
fn a_record_prints_without_secrets() {
    let mut r = fixtures::user();
    r.set("RefreshTokenOfSomeKind", json!("rt-secret"));
    let printed = format!("{r:?}");
    for secret in SECRETS.iter().chain(&["rt-secret"]) {
        assert!(!printed.contains(secret), "{secret} in {printed}");
    }
    assert!(printed.contains("Ada Lovelace"), "{printed}");
    assert!(printed.ends_with(".. }"), "{printed}");
}

#[test]
fn a_draft_prints_without_secrets_or_passwords() {
    let d = edited(&[
        ("NewPassword", "Typed#Passw0rd"),
        ("ConfirmNewPassword", "Typed#Passw0rd"),
        ("FullName", "Ada King"),
    ]);
    let printed = format!("{d:?}");
    for secret in SECRETS.iter().chain(&["Typed#Passw0rd"]) {
        assert!(!printed.contains(secret), "{secret} in {printed}");
    }
    assert!(printed.contains("Ada King"), "{printed}");
}

#[test]
fn after_a_save_what_was_typed_meanwhile_stays_an_edit_of_the_saved_record() {
    // Pressed with a new name; a business added while the save was on its way.
    let mut d = edited(&[("FullName", "Ada King"), ("Businesses", "1, 4, 9, 7")]);
    let sent = [("FullName", "Ada King".to_owned())];
    // The server holds the save, and someone else added business 8 meanwhile.
    let saved = user_with(&[
        ("FullName", r#""Ada King""#),
        ("Businesses", "[1, 4, 9, 8]"),
    ]);
    d.after_save(saved, &sent);
    assert_eq!(d.changed(), ["Businesses"]);
    assert_eq!(
        d.input("Businesses"),
        "1, 4, 9, 8, 7",
        "theirs kept, mine added"
    );
    assert_eq!(d.input("FullName"), "Ada King");
    // What was sent is done with, even an action the record does not echo.
    let mut d = edited(&[
        ("NewPassword", "Passw0rd!"),
        ("ConfirmNewPassword", "Passw0rd!"),
    ]);
    let sent = d.edits().to_vec();
    d.after_save(fixtures::user(), &sent);
    assert!(d.edits().is_empty());
}
