//! `GET /api/sys/users` and `GET /api/sys/users/{id}`.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use crate::client::*;

fn records(v: &Value) -> &Vec<Value> {
    v["Records"].as_array().expect("Records is an array")
}

fn names(v: &Value, field: &str) -> Vec<String> {
    records(v)
        .iter()
        .map(|r| r[field].as_str().unwrap_or_default().to_lowercase())
        .collect()
}

#[test]
fn first_page_has_the_documented_envelope_without_collections() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    let r = s.get("/api/sys/users", &t);
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    let keys: BTreeSet<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        BTreeSet::from([
            "Records",
            "CurrentPage",
            "CurrentPageSize",
            "CurrentOrderField",
            "CurrentSortDirection",
            "FirstItem",
            "LastItem",
            "TotalItems",
            "TotalPages",
            "HasNextPage",
            "HasPreviousPage",
        ])
    );
    assert_eq!(records(&v).len(), 25);
    assert_eq!(v["CurrentPage"], 1);
    assert_eq!(v["CurrentPageSize"], 25);
    assert_eq!(v["CurrentOrderField"], "Id");
    assert_eq!(v["CurrentSortDirection"], 1);
    assert_eq!(v["FirstItem"], 1);
    assert_eq!(v["LastItem"], 25);
    assert_eq!(v["TotalItems"], 300);
    assert_eq!(v["TotalPages"], 12);
    assert_eq!(v["HasNextPage"], true);
    assert_eq!(v["HasPreviousPage"], false);
    assert_eq!(records(&v)[0]["Id"], 1001);
    for rec in records(&v) {
        for c in ["Businesses", "UserRoles", "ChatRooms"] {
            assert!(rec.get(c).is_none(), "list record has {c}");
        }
        assert!(rec.get("FullName").is_some());
        assert!(
            rec.get("FutureFlag").is_some(),
            "unknown properties are listed"
        );
    }
    // Ids ascend.
    let ids: Vec<i64> = records(&v)
        .iter()
        .filter_map(|r| r["Id"].as_i64())
        .collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn paging_and_size_cap() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    let v = s.get("/api/sys/users?page=12&size=25", &t).json();
    assert_eq!(records(&v).len(), 25);
    assert_eq!(v["FirstItem"], 276);
    assert_eq!(v["LastItem"], 300);
    assert_eq!(v["HasNextPage"], false);
    assert_eq!(v["HasPreviousPage"], true);

    let v = s.get("/api/sys/users?page=4&size=100", &t).json();
    assert_eq!(records(&v).len(), 0);
    assert_eq!(v["TotalPages"], 3);
    assert_eq!(v["FirstItem"], 0);
    assert_eq!(v["LastItem"], 0);
    assert_eq!(v["HasNextPage"], false);

    let v = s.get("/api/sys/users?page=2&size=7", &t).json();
    assert_eq!(records(&v).len(), 7);
    assert_eq!(v["FirstItem"], 8);
    assert_eq!(v["LastItem"], 14);
    assert_eq!(v["TotalPages"], 43);

    let v = s.get("/api/sys/users?size=5000", &t).json();
    assert_eq!(v["CurrentPageSize"], 1000);
    assert_eq!(records(&v).len(), 300);
    assert_eq!(v["TotalPages"], 1);
}

#[test]
fn filters_contain_case_insensitively() {
    let s = server();
    let t = s.sign_in("viewer@example.com"); // User-List is enough
    let v = s
        .get("/api/sys/users?User_FullName=ADA&size=1000", &t)
        .json();
    let found = names(&v, "FullName");
    assert!(found.contains(&"ada administrator".to_owned()));
    assert!(found.iter().all(|n| n.contains("ada")));
    assert_eq!(v["TotalItems"], found.len());

    let v = s
        .get("/api/sys/users?User_Email=EXAMPLE.ORG&size=1000", &t)
        .json();
    let emails = names(&v, "Email");
    assert!(!emails.is_empty());
    assert!(emails.iter().all(|e| e.contains("example.org")));

    // Accents are matched as typed (José).
    let v = s
        .get("/api/sys/users?User_FullName=jos%C3%A9&size=1000", &t)
        .json();
    assert!(!records(&v).is_empty());
    assert!(names(&v, "FullName").iter().all(|n| n.contains("josé")));

    // Both filters at once; an empty filter is no filter.
    let v = s
        .get(
            "/api/sys/users?User_FullName=a&User_Email=example.com&User_Language=",
            &t,
        )
        .json();
    for rec in records(&v) {
        assert!(rec["FullName"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains('a'));
        assert!(rec["Email"].as_str().unwrap().contains("example.com"));
    }

    // Other properties filter too: numbers exactly, ranges inclusive.
    let v = s.get("/api/sys/users?User_Language=7", &t).json();
    assert_eq!(v["TotalItems"], 1);
    assert_eq!(
        records(&v)[0]["Id"].as_i64(),
        Some(dev_api::seed::unknown_language_user_id())
    );
    let v = s
        .get("/api/sys/users?from_User_Id=1002&to_User_Id=1004", &t)
        .json();
    assert_eq!(v["TotalItems"], 3);

    let v = s.get("/api/sys/users?User_FullName=zzzzzz", &t).json();
    assert_eq!(v["TotalItems"], 0);
    assert_eq!(v["TotalPages"], 0);
    assert_eq!(records(&v).len(), 0);
}

#[test]
fn sorting_accepts_both_dir_encodings() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    let asc = s
        .get("/api/sys/users?orderBy=FullName&dir=1&size=1000", &t)
        .json();
    assert_eq!(asc["CurrentOrderField"], "FullName");
    assert_eq!(asc["CurrentSortDirection"], 1);
    let a = names(&asc, "FullName");
    assert!(a.windows(2).all(|w| w[0] <= w[1]), "ascending");
    for dir in ["0", "-1"] {
        let desc = s
            .get(
                &format!("/api/sys/users?orderBy=fullname&dir={dir}&size=1000"),
                &t,
            )
            .json();
        assert_eq!(desc["CurrentOrderField"], "FullName");
        assert_eq!(desc["CurrentSortDirection"].to_string(), dir);
        let d = names(&desc, "FullName");
        assert!(
            d.windows(2).all(|w| w[0] >= w[1]),
            "descending with dir={dir}"
        );
    }
    for field in ["Email", "Id", "LastAccess", "Language", "Active"] {
        let r = s.get(&format!("/api/sys/users?orderBy={field}&dir=-1"), &t);
        assert_eq!(r.status, 200, "{field}: {}", r.text());
    }
    let v = s.get("/api/sys/users?orderBy=Id&dir=0&size=1", &t).json();
    assert!(records(&v)[0]["Id"].as_i64() > Some(1004));
}

#[test]
fn bad_parameters_are_400_with_a_message() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    for q in [
        "page=0",
        "page=abc",
        "page=-1",
        "size=0",
        "size=ten",
        "dir=2",
        "dir=asc",
        "orderBy=Nope",
        "orderBy=Businesses",
        "User_Nope=x",
        "page=99999999999999999999999",
    ] {
        let r = s.get(&format!("/api/sys/users?{q}"), &t);
        assert_eq!(r.status, 400, "{q}: {}", r.text());
        let m = r.json()["Message"].as_str().unwrap_or_default().to_owned();
        assert!(!m.is_empty(), "{q}");
    }
    // Unknown parameters are ignored.
    assert_eq!(s.get("/api/sys/users?_=12345", &t).status, 200);
}

#[test]
fn load_one_and_not_found() {
    let s = server();
    let t = s.sign_in("viewer@example.com"); // User-Read is enough
    let r = s.get("/api/sys/users/1001", &t);
    assert_eq!(r.status, 200);
    let u = r.json();
    assert_eq!(u["Id"], 1001);
    assert_eq!(u["Email"], "admin@example.com");
    for field in [
        "Businesses",
        "UserRoles",
        "ChatRooms",
        "PasswordSalt",
        "TwoFactorSecret",
        "AccessToken",
        "OnPlaformInvoices",
        "APIAccess",
        "UniqueId",
        "CustomFields",
        "FutureFlag",
    ] {
        assert!(u.get(field).is_some(), "{field}");
    }
    assert_eq!(u["LastAccess"], "2024-02-29T08:15:30.123Z");

    let r = s.get("/api/sys/users/999999", &t);
    assert_eq!(r.status, 404);
    assert_eq!(r.text(), "\"Not found\"");
    assert_eq!(r.json(), Value::from("Not found"));

    let r = s.get("/api/sys/users/abc", &t);
    assert_eq!(r.status, 400);
    assert!(r.json()["Message"]
        .as_str()
        .unwrap()
        .contains("whole number"));

    let r = s.get("/api/sys/nothing", &t);
    assert_eq!(r.status, 404);
    assert_eq!(r.text(), "\"Not found\"");
}

#[test]
fn seed_has_the_variety_the_app_must_handle() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    let all = s.get("/api/sys/users?size=1000", &t).json();
    let recs = records(&all);
    let has = |f: &dyn Fn(&Value) -> bool| recs.iter().any(f);
    for lang in [1, 2, 3, 7] {
        assert!(has(&|r| r["Language"] == lang), "language {lang}");
    }
    assert!(has(
        &|r| r["IsAdmin"] == true && r["Id"].as_i64() > Some(1004)
    ));
    assert!(has(&|r| r["Active"] == false));
    assert!(has(&|r| r["AvatarFileName"].is_string()));
    assert!(has(&|r| r["TwoFactorEnabled"] == true));
    assert!(has(&|r| r["LastAccess"].is_null()));
    assert!(has(&|r| r["LastAccess"]
        .as_str()
        .is_some_and(|d| d.ends_with("+02:00"))));
    assert!(has(&|r| r["LastAccess"]
        .as_str()
        .is_some_and(|d| d.contains('.') && d.ends_with('Z'))));
    assert!(has(&|r| r["FullName"]
        .as_str()
        .is_some_and(|n| n.contains('\''))));
    assert!(has(&|r| r.get("ExternalRef").is_some()));
}

#[test]
fn dir_can_be_read_the_other_way_until_reset() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    let r = s.dev(
        "POST",
        "/__dev/config",
        Some(&serde_json::json!({"sort_dir_reading": "inverted"})),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["sort_dir_reading"], "inverted");
    for path in ["/api/sys/users", "/api/sys/businesses"] {
        let name = if path.ends_with("users") {
            "FullName"
        } else {
            "Name"
        };
        for (dir, ascending) in [
            (Some("0"), true),
            (Some("1"), false),
            (Some("-1"), false),
            (None, true),
        ] {
            let q = dir.map(|d| format!("&dir={d}")).unwrap_or_default();
            let v = s
                .get(&format!("{path}?orderBy={name}&size=100{q}"), &t)
                .json();
            assert_eq!(
                v["CurrentSortDirection"].to_string(),
                dir.unwrap_or("0"),
                "echoes what was sent, 0 (ascending) when nothing"
            );
            let n = names(&v, name);
            assert!(
                n.windows(2)
                    .all(|w| (w[0] <= w[1]) == ascending || w[0] == w[1]),
                "{path} dir={dir:?}"
            );
        }
        let r = s.get(&format!("{path}?dir=2"), &t);
        assert!(r.json()["Message"]
            .as_str()
            .is_some_and(|m| m.contains("0 (ascending)")));
    }
    assert_eq!(
        s.dev(
            "POST",
            "/__dev/config",
            Some(&serde_json::json!({"sort_dir_reading": "backwards"}))
        )
        .status,
        400
    );
    s.dev("POST", "/__dev/reset", None);
    let v = s.get("/api/sys/users?orderBy=FullName&dir=1", &t).json();
    let n = names(&v, "FullName");
    assert!(
        n.windows(2).all(|w| w[0] <= w[1]),
        "standard again: 1 ascending"
    );
}

#[test]
fn dir_reading_from_the_start_up_flag() {
    let s = server_with(|c| c.sort_dir_reading = dev_api::list::SortDirReading::Inverted);
    let t = s.sign_in("admin@example.com");
    let v = s.get("/api/sys/users?orderBy=Id&dir=1&size=3", &t).json();
    assert!(
        records(&v)[0]["Id"].as_i64() > Some(1006),
        "1 is descending"
    );
    assert_eq!(s.stats()["settings"]["sort_dir_reading"], "inverted");
    s.dev("POST", "/__dev/reset", None);
    assert_eq!(
        s.stats()["settings"]["sort_dir_reading"],
        "inverted",
        "the flag's reading"
    );
}

/// Every user of the list (the seed's 300 fit one page).
fn all_users(s: &Server, t: &str) -> Vec<Value> {
    records(&s.get("/api/sys/users?size=1000", t).json()).clone()
}

fn ids(v: &Value) -> Vec<i64> {
    records(v).iter().filter_map(|r| r["Id"].as_i64()).collect()
}

#[test]
fn null_keeps_the_records_without_a_value() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    let never: Vec<i64> = all_users(&s, &t)
        .iter()
        .filter(|u| u["LastAccess"].is_null())
        .filter_map(|u| u["Id"].as_i64())
        .collect();
    assert!(never.len() > 3, "the seed has users who never signed in");
    for null in ["null", "NULL", "Null", "%20null%20"] {
        let v = s
            .get(
                &format!("/api/sys/users?size=1000&User_LastAccess={null}"),
                &t,
            )
            .json();
        assert_eq!(ids(&v), never, "{null}");
        assert_eq!(v["TotalItems"], never.len());
    }
    assert!(never.contains(&1003), "Rosa Reset never signed in");

    // Absent counts as null; a value that merely holds the text is not null.
    let gone = never.len();
    let r = s.dev(
        "POST",
        "/__dev/users/1001/change",
        Some(&json!({"as": "platform", "remove": ["LastAccess"]})),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let v = s
        .get("/api/sys/users?size=1&User_LastAccess=null", &t)
        .json();
    assert_eq!(v["TotalItems"], gone + 1);
    assert_eq!(records(&v)[0]["Id"], 1001);
    let v = s.get("/api/sys/users?User_FullName=null", &t).json();
    assert_eq!(v["TotalItems"], 0, "no FullName is null");

    // It combines with the other filters, and every list has it.
    let v = s
        .get(
            "/api/sys/users?size=1000&User_LastAccess=null&User_Active=true",
            &t,
        )
        .json();
    assert!(records(&v).iter().all(|u| u["Active"] == true));
    assert!(v["TotalItems"].as_u64() < Some(gone as u64 + 1));
    let v = s
        .get(
            "/api/sys/businesses?size=100&Business_RootLocationId=null",
            &t,
        )
        .json();
    assert_eq!(
        ids(&v),
        (1..=20).collect::<Vec<i64>>(),
        "the top-level ones"
    );
    assert_eq!(s.get("/api/sys/users?User_Nope=null", &t).status, 400);
}

#[test]
fn date_time_ranges_compare_instants() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    let count = |q: &str| {
        let r = s.get(&format!("/api/sys/users?size=1000&{q}"), &t);
        assert_eq!(r.status, 200, "{q}: {}", r.text());
        ids(&r.json())
    };
    // Theo's 2025-03-30T01:30:00+02:00 is 2025-03-29T23:30:00Z: in a range of that one
    // instant, however it is written (as texts it would sort after it).
    for bound in [
        "2025-03-29T23:30:00Z",
        "2025-03-29T23:30:00.000Z",
        "2025-03-30T01:30:00%2B02:00",
        "2025-03-29T18:30:00-05:00",
    ] {
        let q = format!("from_User_LastAccess={bound}&to_User_LastAccess={bound}");
        assert_eq!(count(&q), vec![1002], "{bound}");
    }
    assert!(!count("to_User_LastAccess=2025-03-29T23:29:59Z").contains(&1002));
    assert!(!count("from_User_LastAccess=2025-03-29T23:30:01Z").contains(&1002));
    // Fractions count: Ada's 2024-02-29T08:15:30.123Z.
    let ada = "from_User_LastAccess=2024-02-29T08:15:30.123Z";
    assert!(count(&format!(
        "{ada}&to_User_LastAccess=2024-02-29T08:15:30.1230Z"
    ))
    .contains(&1001));
    assert!(count("to_User_LastAccess=2024-02-29T08:15:30.1229Z")
        .iter()
        .all(|id| *id != 1001));
    assert!(count("from_User_LastAccess=2024-02-29T08:15:30.1231Z")
        .iter()
        .all(|id| *id != 1001));

    // Every form in the seed, against a bound the app sends: as the contract reads them.
    let instant = |text: &str| {
        let t = contract::datetime::parse_datetime(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        (t.unix_seconds(), t.fraction)
    };
    let users = all_users(&s, &t);
    for (property, bound) in [
        ("LastAccess", "2023-06-01T00:00:00Z"),
        ("LastAccess", "2026-06-01T00:00:00Z"),
        ("CreatedOn", "2021-01-01T00:00:00%2B01:00"),
        ("LastLoginAttempt", "2020-02-29T12:00:00Z"),
    ] {
        let limit = instant(&bound.replace("%2B", "+"));
        let held = |from: bool| -> Vec<i64> {
            users
                .iter()
                .filter(|u| {
                    u[property].as_str().is_some_and(|v| {
                        let v = instant(v);
                        if from {
                            v >= limit
                        } else {
                            v <= limit
                        }
                    })
                })
                .filter_map(|u| u["Id"].as_i64())
                .collect()
        };
        let from = count(&format!("from_User_{property}={bound}"));
        let to = count(&format!("to_User_{property}={bound}"));
        assert_eq!(from, held(true), "from {property} {bound}");
        assert_eq!(to, held(false), "to {property} {bound}");
        // No value is in no range.
        for u in users.iter().filter(|u| u[property].is_null()) {
            let id = u["Id"].as_i64().unwrap_or(0);
            assert!(!from.contains(&id) && !to.contains(&id), "{property} {id}");
        }
    }
    assert_eq!(
        count("from_User_LastAccess=2026-06-01T00:00:00Z"),
        Vec::<i64>::new()
    );

    // Texts that are no date-times compare as texts, as before.
    let v = count("from_User_Email=z&orderBy=Email");
    assert!(!v.is_empty());
    for u in users
        .iter()
        .filter(|u| v.contains(&u["Id"].as_i64().unwrap_or(0)))
    {
        assert!(u["Email"].as_str().unwrap_or_default() >= "z", "{u}");
    }
}

#[test]
fn ignored_filters_are_as_if_not_sent_until_reset() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    let total =
        |q: &str| s.get(&format!("/api/sys/users?size=1&{q}"), &t).json()["TotalItems"].clone();
    let two_factor = total("User_TwoFactorEnabled=true");
    let inactive = total("User_Active=false");
    assert!(two_factor.as_u64() < Some(300) && inactive.as_u64() < Some(300));
    assert_eq!(total("from_User_CreatedOn=2030-01-01T00:00:00Z"), 0);

    let settings = s.configure(&json!({
        "ignored_filters": ["user_twofactorenabled", " FROM_User_CreatedOn "]
    }));
    assert_eq!(
        settings["ignored_filters"],
        json!(["user_twofactorenabled", "FROM_User_CreatedOn"])
    );
    assert_eq!(total("User_TwoFactorEnabled=true"), 300);
    assert_eq!(total("from_User_CreatedOn=2030-01-01T00:00:00Z"), 300);
    assert_eq!(
        total("User_TwoFactorEnabled=true&User_Active=false"),
        inactive
    );
    assert_eq!(
        total("to_User_CreatedOn=2000-01-01T00:00:00Z"),
        0,
        "the other end holds"
    );
    // Not even checked: a bad value of an ignored filter is no error.
    assert_eq!(total("User_TwoFactorEnabled=null"), 300);

    // Every list; a name of another entity ignores nothing there.
    s.configure(&json!({"ignored_filters": ["Business_Name", "User_Active"]}));
    let v = s.get("/api/sys/businesses?Business_Name=zzzz", &t).json();
    assert_eq!(v["TotalItems"], 1500);
    assert_eq!(total("User_TwoFactorEnabled=true"), two_factor);

    for bad in [
        json!("User_Active"),
        json!([1]),
        json!([""]),
        json!({"User_Active": true}),
    ] {
        let r = s.dev(
            "POST",
            "/__dev/config",
            Some(&json!({ "ignored_filters": bad })),
        );
        assert_eq!(r.status, 400, "{bad}");
        assert!(r.json()["Message"].is_string());
    }
    assert_eq!(
        s.configure(&json!({"ignored_filters": null}))["ignored_filters"],
        json!([])
    );
    s.configure(&json!({"ignored_filters": ["User_Active"]}));
    assert_eq!(total("User_Active=false"), 300);
    s.dev("POST", "/__dev/reset", None);
    assert_eq!(
        s.dev("GET", "/__dev/config", None).json()["ignored_filters"],
        json!([])
    );
    assert_eq!(total("User_Active=false"), inactive);
}
