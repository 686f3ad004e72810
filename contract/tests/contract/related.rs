//! The related records' readers: what the picker's text asks for, one record, a page.

use contract::{EnvelopeError, Related, RelatedKind, RelatedPage, Wanted};

const ROLE: &str = r#"{"Id":5,"UniqueId":"x","Name":"Front desk","BusinessId":3,
"BusinessName":"Harbour Works Lisbon","Roles":[],"RequiresTwoFactor":false}"#;

fn page(records: &str, total: u64) -> String {
    format!(
        r#"{{"Records":[{records}],"CurrentPage":1,"CurrentPageSize":10,"CurrentOrderField":"Name",
"CurrentSortDirection":1,"FirstItem":1,"LastItem":2,"TotalItems":{total},"TotalPages":2,
"HasNextPage":true,"HasPreviousPage":false}}"#
    )
}

fn record(id: u64, name: &str) -> Related {
    Related {
        id,
        name: name.to_owned(),
        business: None,
        inactive: false,
    }
}

#[test]
fn a_user_role_is_named_with_its_location() {
    let role = Related::from_json(ROLE);
    assert_eq!(
        role.as_ref().map(Related::label).as_deref(),
        Ok("Front desk — Harbour Works Lisbon")
    );
    assert_eq!(role.map(|r| r.id), Ok(5));
}

#[test]
fn an_inactive_chat_room_says_so_and_a_nameless_record_shows_its_id() {
    let room = Related::from_json(r#"{"Id":7,"Name":"Lisbon book club","Active":false}"#);
    assert_eq!(
        room.map(|r| r.label()).as_deref(),
        Ok("Lisbon book club (inactive)")
    );
    let active = Related::from_json(r#"{"Id":8,"Name":"Porto runners","Active":true}"#);
    assert_eq!(active.map(|r| r.label()).as_deref(), Ok("Porto runners"));
    for body in [
        r#"{"Id":9}"#,
        r#"{"Id":9,"Name":null}"#,
        r#"{"Id":9,"Name":" "}"#,
    ] {
        assert_eq!(
            Related::from_json(body).map(|r| r.label()).as_deref(),
            Ok("#9"),
            "{body}"
        );
    }
    // An empty location is no location.
    let role = Related::from_json(r#"{"Id":4,"Name":"Billing","BusinessName":""}"#);
    assert_eq!(role.map(|r| r.label()).as_deref(), Ok("Billing"));
}

#[test]
fn a_record_without_a_usable_id_or_with_a_wrong_name_is_an_error_not_a_panic() {
    for body in [
        "",
        "[]",
        "\"Not found\"",
        r#"{"Name":"No id"}"#,
        r#"{"Id":-1,"Name":"Negative"}"#,
        r#"{"Id":"5","Name":"Text id"}"#,
        r#"{"Id":5,"Name":5}"#,
        r#"{"Id":5,"BusinessName":[]}"#,
    ] {
        assert!(Related::from_json(body).is_err(), "{body:?}");
    }
    assert!(matches!(
        Related::from_json("{"),
        Err(EnvelopeError::NotJson(_))
    ));
}

#[test]
fn a_page_reads_its_records_and_how_many_more_match() {
    let body = page(
        &format!(r#"{ROLE},{{"Id":6,"Name":"Billing","Extra":{{"x":1}}}}"#),
        14,
    );
    let read = RelatedPage::from_json(&body);
    let Ok(read) = read else {
        panic!("{read:?}");
    };
    assert_eq!(read.more, 12);
    assert_eq!(read.records.len(), 2);
    assert_eq!(read.records[1], record(6, "Billing"));
    assert_eq!(
        read.records[0].business.as_deref(),
        Some("Harbour Works Lisbon")
    );
}

#[test]
fn a_page_with_everything_on_it_has_no_more() {
    let read = RelatedPage::from_json(&page(r#"{"Id":6,"Name":"Billing"}"#, 1));
    assert_eq!(read.map(|p| p.more), Ok(0));
    let empty = RelatedPage::from_json(&page("", 0));
    assert_eq!(
        empty,
        Ok(RelatedPage {
            records: Vec::new(),
            more: 0
        })
    );
}

#[test]
fn a_malformed_page_is_an_error() {
    for body in [
        "",
        "{}",
        r#"{"Records":{}}"#,
        // A record without an id cannot be added.
        &page(r#"{"Name":"No id"}"#, 1),
        &page(r#"[1]"#, 1),
        &page(r#"{"Id":1,"Name":"x"}"#, 1).replace("\"TotalItems\":1,", ""),
    ] {
        assert!(RelatedPage::from_json(body).is_err(), "{body:?}");
    }
}

#[test]
fn the_picker_reads_a_number_or_hash_number_as_an_id_and_anything_else_as_a_name() {
    assert_eq!(Wanted::read("8"), Wanted::Id(8));
    assert_eq!(Wanted::read(" #8 "), Wanted::Id(8));
    assert_eq!(Wanted::read("# 12"), Wanted::Id(12));
    assert_eq!(Wanted::read("  "), Wanted::Nothing);
    for name in [
        "front",
        "#",
        "8a",
        "-1",
        "1.5",
        "99999999999999999999999",
        "Room 8",
    ] {
        assert_eq!(Wanted::read(name), Wanted::Name(name.to_owned()), "{name}");
    }
    assert_eq!(
        Wanted::read(" front desk "),
        Wanted::Name("front desk".into())
    );
}

#[test]
fn the_filter_is_named_after_the_list() {
    assert_eq!(
        Wanted::read("front").filter(RelatedKind::UserRoles),
        Some(("UserRole_Name".into(), "front".into()))
    );
    assert_eq!(
        Wanted::read("#19").filter(RelatedKind::Businesses),
        Some(("Business_Id".into(), "19".into()))
    );
    assert_eq!(
        Wanted::read("book").filter(RelatedKind::ChatRooms),
        Some(("ChatRoom_Name".into(), "book".into()))
    );
    assert_eq!(Wanted::read("").filter(RelatedKind::ChatRooms), None);
}

#[test]
fn each_list_field_points_at_its_list() {
    assert_eq!(
        RelatedKind::of_field("UserRoles").map(RelatedKind::path),
        Some("/security/userroles")
    );
    assert_eq!(
        RelatedKind::of_field("Businesses").map(RelatedKind::path),
        Some("/sys/businesses")
    );
    assert_eq!(
        RelatedKind::of_field("ChatRooms").map(RelatedKind::path),
        Some("/support/chatrooms")
    );
    assert_eq!(RelatedKind::of_field("PreferredLanguageId"), None);
    // Every list field of the catalogue has its list.
    for spec in contract::FIELDS
        .iter()
        .filter(|s| s.kind == contract::Kind::IdList)
    {
        assert!(RelatedKind::of_field(spec.name).is_some(), "{}", spec.name);
    }
}
