//! "Load several": `GET /api/sys/users/?id=[1,2,3]` and the same `id` filter on the
//! related records' lists, with the `id_filter` setting that refuses or ignores it.

use serde_json::{json, Value};

use crate::client::*;

/// Every list path, with the ids of three seeded records of it.
const LISTS: [(&str, [i64; 3]); 4] = [
    ("/api/sys/users", [1001, 1003, 1006]),
    ("/api/security/userroles", [1, 7, 18]),
    ("/api/sys/businesses", [1, 998, 1501]),
    ("/api/support/chatrooms", [2, 150, 300]),
];

fn ids(v: &Value) -> Vec<i64> {
    v["Records"]
        .as_array()
        .expect("Records is an array")
        .iter()
        .filter_map(|r| r["Id"].as_i64())
        .collect()
}

fn list(s: &Server, t: &str, path_and_query: &str) -> Value {
    let r = s.get(path_and_query, t);
    assert_eq!(r.status, 200, "{path_and_query}: {}", r.text());
    r.json()
}

#[test]
fn several_users_by_id_with_or_without_the_trailing_slash() {
    let s = server();
    let t = s.sign_in("viewer@example.com"); // User-List is enough
    for path in ["/api/sys/users/", "/api/sys/users"] {
        // Brackets raw (as a browser sends them) or percent-encoded; ids absent are absent.
        for query in [
            "id=[1003,1001,999999]",
            "id=%5B1003%2C1001%2C999999%5D",
            "id=%5B1003,1001,999999%5D",
            "id=[%201003%20,+1001,999999%20]",
        ] {
            let v = list(&s, &t, &format!("{path}?{query}"));
            assert_eq!(ids(&v), vec![1001, 1003], "{path}?{query}");
            assert_eq!(v["TotalItems"], 2);
            assert_eq!(v["TotalPages"], 1);
            assert_eq!(v["CurrentPage"], 1);
            assert_eq!(v["FirstItem"], 1);
            assert_eq!(v["LastItem"], 2);
            for rec in v["Records"].as_array().unwrap() {
                assert!(rec.get("UserRoles").is_none(), "a list record");
                assert!(rec.get("FullName").is_some());
            }
        }
        // One id without brackets.
        assert_eq!(ids(&list(&s, &t, &format!("{path}?id=1002"))), vec![1002]);
        // None at all: nothing, not everything.
        let v = list(&s, &t, &format!("{path}?id=[]"));
        assert_eq!(ids(&v), Vec::<i64>::new());
        assert_eq!(v["TotalItems"], 0);
        assert_eq!(v["TotalPages"], 0);
        // An empty value is no filter, as for every other filter.
        assert_eq!(list(&s, &t, &format!("{path}?id="))["TotalItems"], 300);
    }
    // The trailing-slash path is the list without a query too.
    assert_eq!(list(&s, &t, "/api/sys/users/")["TotalItems"], 300);
}

#[test]
fn the_id_filter_combines_with_filters_sorting_and_paging() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    let four = "id=[1001,1002,1003,1004]";
    // Only the administrators among them (the viewer is not one).
    let admins: Vec<i64> = (1001..=1004)
        .filter(|id| s.user(&t, *id)["IsAdmin"] == true)
        .collect();
    assert!(!admins.is_empty() && admins.len() < 4, "{admins:?}");
    let v = list(&s, &t, &format!("/api/sys/users/?{four}&User_IsAdmin=true"));
    assert_eq!(ids(&v), admins);

    let v = list(&s, &t, &format!("/api/sys/users/?{four}&orderBy=Id&dir=-1"));
    assert_eq!(ids(&v), vec![1004, 1003, 1002, 1001]);
    assert_eq!(v["CurrentSortDirection"], -1);

    let v = list(&s, &t, &format!("/api/sys/users/?{four}&size=3&page=2"));
    assert_eq!(ids(&v), vec![1004]);
    assert_eq!(v["TotalItems"], 4);
    assert_eq!(v["TotalPages"], 2);
    assert_eq!(v["FirstItem"], 4);
    assert_eq!(v["HasPreviousPage"], true);
    assert_eq!(v["HasNextPage"], false);

    // Paging applies as ever: 40 ids need size=40 to come in one page.
    let forty = ids(&list(&s, &t, "/api/sys/users?size=40"));
    assert_eq!(forty.len(), 40);
    let wanted = format!(
        "id=[{}]",
        forty
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(",")
    );
    let v = list(&s, &t, &format!("/api/sys/users/?{wanted}"));
    assert_eq!(ids(&v), forty[..25].to_vec());
    assert_eq!(v["TotalItems"], 40);
    assert_eq!(v["HasNextPage"], true);
    let v = list(&s, &t, &format!("/api/sys/users/?{wanted}&size=40"));
    assert_eq!(ids(&v), forty);

    // Sent twice, both hold (as two filters on one property do).
    let v = list(&s, &t, "/api/sys/users?id=[1001,1002]&id=[1002,1003]");
    assert_eq!(ids(&v), vec![1002]);
}

#[test]
fn several_related_records_by_id() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    for (path, [a, b, c]) in &LISTS[1..] {
        for slash in ["/", ""] {
            let v = list(&s, &t, &format!("{path}{slash}?id=[{c},{a},{b},999999]"));
            assert_eq!(ids(&v), vec![*a, *b, *c], "{path}{slash}");
            assert_eq!(v["TotalItems"], 3);
            // Complete records, as the list gives them.
            let one = s.get(&format!("{path}/{b}"), &t).json();
            assert_eq!(v["Records"][1], one, "{path}");
        }
        let v = list(&s, &t, &format!("{path}/?id={b}"));
        assert_eq!(ids(&v), vec![*b]);
        let v = list(&s, &t, &format!("{path}/?id=[{a},{c}]&orderBy=Id&dir=0"));
        assert_eq!(ids(&v), vec![*c, *a]);
    }
    // 999, the deleted business, is simply absent.
    let v = list(&s, &t, "/api/sys/businesses/?id=%5B998%2C999%2C1000%5D");
    assert_eq!(ids(&v), vec![998, 1000]);
    // With another filter: 4 and 6 are front desks, 5 is a community manager.
    let v = list(
        &s,
        &t,
        "/api/security/userroles/?id=[1,4,5,6]&UserRole_Name=front",
    );
    assert_eq!(ids(&v), vec![4, 6]);
}

#[test]
fn a_malformed_id_is_400_with_a_message() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    for (path, _) in LISTS {
        for value in [
            "abc",
            "[1,x]",
            "[1,2",
            "1,2]",
            "1,2",
            "[1,,2]",
            "[1,]",
            "[[1]]",
            "%5B1%2Cx%5D",
            "1.5",
        ] {
            for slash in ["/", ""] {
                let r = s.get(&format!("{path}{slash}?id={value}"), &t);
                assert_eq!(r.status, 400, "{path}{slash}?id={value}: {}", r.text());
                let m = r.json()["Message"].as_str().unwrap_or_default().to_owned();
                assert!(m.contains("id"), "{value}: {m}");
            }
        }
    }
    let r = s.get("/api/sys/users/?id=[1,2", &t);
    assert!(r.json()["Message"]
        .as_str()
        .is_some_and(|m| m.contains("square brackets")));
}

#[test]
fn permissions_are_the_lists() {
    let s = server();
    let editor = s.sign_in("editor@example.com");
    assert_eq!(s.get("/api/sys/users/?id=[1001]", &editor).status, 200);
    for (path, [a, _, _]) in &LISTS[1..] {
        for slash in ["/", ""] {
            let r = s.get(&format!("{path}{slash}?id=[{a}]"), &editor);
            assert_eq!(r.status, 401, "{path}{slash}");
        }
    }
    for (path, _) in LISTS {
        let r = s.send("GET", &format!("{path}/?id=[1]"), &[], None);
        assert_eq!(r.status, 401, "{path}/ without a token");
        assert_eq!(
            r.json()["Message"],
            "Authorization has been denied for this request."
        );
    }
    // Only GET: the trailing-slash path takes no PUT (405, as any other method a path
    // does not take).
    let admin = s.sign_in("admin@example.com");
    let u = s.user(&admin, 1001);
    let auth = format!("Bearer {admin}");
    let r = s.send(
        "PUT",
        "/api/sys/users/",
        &[
            ("Authorization", &auth),
            ("Content-Type", "application/json"),
        ],
        Some(u.to_string().as_bytes()),
    );
    assert_eq!(r.status, 405, "{}", r.text());
}

#[test]
fn id_filter_setting_refuses_or_ignores_until_reset() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    assert_eq!(
        s.dev("GET", "/__dev/config", None).json()["id_filter"],
        "on"
    );

    let r = s.dev(
        "POST",
        "/__dev/config",
        Some(&json!({"id_filter": "refuse"})),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["id_filter"], "refuse");
    for (path, [a, b, _]) in LISTS {
        for query in [format!("id=[{a},{b}]"), format!("id={a}"), "id=".into()] {
            let r = s.get(&format!("{path}/?{query}"), &t);
            assert_eq!(r.status, 400, "{path}/?{query}: {}", r.text());
            assert_eq!(r.json(), json!({"Message": "Unknown filter: id"}));
        }
        // Without id the list answers as ever.
        assert_eq!(s.get(&format!("{path}/?size=2"), &t).status, 200);
    }

    s.dev(
        "POST",
        "/__dev/config",
        Some(&json!({"id_filter": "ignore"})),
    );
    for (path, [a, b, _]) in LISTS {
        let everything = list(&s, &t, path);
        for query in [format!("id=[{a},{b}]"), "id=[1,x]".into()] {
            let v = list(&s, &t, &format!("{path}/?{query}"));
            assert_eq!(v, everything, "{path}/?{query}: the unfiltered page");
        }
        // Other filters still apply.
        let v = list(&s, &t, &format!("{path}?id=[{a}]&orderBy=Id&dir=-1&size=1"));
        assert_ne!(ids(&v), vec![a]);
    }

    for bad in [json!("off"), json!(true), json!(null), json!(1)] {
        let r = s.dev("POST", "/__dev/config", Some(&json!({ "id_filter": bad })));
        assert_eq!(r.status, 400, "{bad}");
        assert!(r.json()["Message"]
            .as_str()
            .is_some_and(|m| m.contains("refuse")));
    }
    assert_eq!(
        s.dev("GET", "/__dev/config", None).json()["id_filter"],
        "ignore",
        "a refused change changes nothing"
    );

    s.dev("POST", "/__dev/reset", None);
    assert_eq!(s.stats()["settings"]["id_filter"], "on");
    assert_eq!(ids(&list(&s, &t, "/api/sys/users/?id=[1002]")), vec![1002]);
}
