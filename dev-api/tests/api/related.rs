//! The related records: `/api/security/userroles`, `/api/sys/businesses`,
//! `/api/support/chatrooms`, as lists and one by id, with their permissions.

use serde_json::{json, Value};

use crate::client::*;

/// (list path, how many are seeded, the last id): businesses skip the deleted 999.
const COLLECTIONS: [(&str, u64, u64); 3] = [
    ("/api/security/userroles", 20, 20),
    ("/api/sys/businesses", 1500, 1501),
    ("/api/support/chatrooms", 300, 300),
];

fn records(v: &Value) -> &Vec<Value> {
    v["Records"].as_array().expect("Records is an array")
}

fn texts(v: &Value, field: &str) -> Vec<String> {
    records(v)
        .iter()
        .map(|r| r[field].as_str().unwrap_or_default().to_lowercase())
        .collect()
}

#[test]
fn lists_have_the_users_envelope_paging_and_size_cap() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    for (path, count, _) in COLLECTIONS {
        let v = s.get(path, &t).json();
        assert_eq!(v["TotalItems"], count, "{path}");
        assert_eq!(v["CurrentPage"], 1);
        assert_eq!(v["CurrentPageSize"], 25);
        assert_eq!(v["CurrentOrderField"], "Id");
        assert_eq!(v["CurrentSortDirection"], 1);
        assert_eq!(v["TotalPages"], count.div_ceil(25));
        assert_eq!(v["HasNextPage"], count > 25);
        assert_eq!(records(&v).len() as u64, count.min(25));
        assert_eq!(records(&v)[0]["Id"], 1);
        for r in records(&v) {
            assert!(r["Name"].as_str().is_some_and(|n| !n.is_empty()), "{r}");
        }

        let v = s.get(&format!("{path}?page=2&size=10"), &t).json();
        assert_eq!(v["FirstItem"], 11);
        assert_eq!(records(&v)[0]["Id"], 11);
        let v = s.get(&format!("{path}?size=5000"), &t).json();
        assert_eq!(v["CurrentPageSize"], 1000);
        assert_eq!(records(&v).len() as u64, count.min(1000));

        for q in ["page=0", "size=x", "dir=2", "orderBy=Nope"] {
            assert_eq!(s.get(&format!("{path}?{q}"), &t).status, 400, "{path}?{q}");
        }
    }
}

#[test]
fn records_carry_what_the_app_shows() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    let role = s.get("/api/security/userroles/4", &t).json();
    assert_eq!(role["Name"], "Front desk");
    let business_id = role["BusinessId"].as_i64().expect("BusinessId");
    let business = s
        .get(&format!("/api/sys/businesses/{business_id}"), &t)
        .json();
    assert_eq!(role["BusinessName"], business["Name"]);
    assert!(role["Roles"].is_array());

    // Names like "Harbour Works Lisbon": three words or more, capitalised.
    let name = business["Name"].as_str().unwrap_or_default();
    assert!(name.split(' ').count() >= 3, "{name}");
    assert!(business.get("RootLocationId").is_some());

    let room = s.get("/api/support/chatrooms/12", &t).json();
    assert_eq!(room["Id"], 12);
    assert!(room["Name"].is_string());
    assert!(room["Active"].is_boolean());
    let all = s.get("/api/support/chatrooms?size=1000", &t).json();
    assert!(records(&all).iter().any(|r| r["Active"] == false));
}

#[test]
fn filters_by_name_and_id_and_sorting() {
    let s = server();
    let t = s.sign_in("admin@example.com");

    let v = s
        .get("/api/security/userroles?UserRole_Name=FRONT", &t)
        .json();
    assert_eq!(v["TotalItems"], 3, "a front desk at three locations");
    let places: std::collections::BTreeSet<String> =
        texts(&v, "BusinessName").into_iter().collect();
    assert_eq!(places.len(), 3);

    let v = s
        .get("/api/sys/businesses?Business_Name=harbour&size=1000", &t)
        .json();
    let names = texts(&v, "Name");
    assert!(names.len() > 10 && names.len() < 1500, "{}", names.len());
    assert!(names.iter().all(|n| n.contains("harbour")));

    let v = s.get("/api/sys/businesses?Business_Id=19", &t).json();
    assert_eq!(v["TotalItems"], 1);
    assert_eq!(records(&v)[0]["Id"], 19);
    let v = s
        .get(
            "/api/support/chatrooms?ChatRoom_Name=book%20club&ChatRoom_Active=true&size=100",
            &t,
        )
        .json();
    assert!(!records(&v).is_empty());
    for r in records(&v) {
        assert!(r["Name"].as_str().unwrap_or_default().contains("book club"));
        assert_eq!(r["Active"], true);
    }
    // Another entity's prefix is not a filter of this one.
    let v = s.get("/api/sys/businesses?User_FullName=zzz", &t).json();
    assert_eq!(v["TotalItems"], 1500);
    assert_eq!(s.get("/api/sys/businesses?Business_Nope=x", &t).status, 400);

    let v = s
        .get("/api/sys/businesses?orderBy=name&dir=-1&size=50", &t)
        .json();
    assert_eq!(v["CurrentOrderField"], "Name");
    assert_eq!(v["CurrentSortDirection"], -1);
    let names = texts(&v, "Name");
    assert!(names.windows(2).all(|w| w[0] >= w[1]), "descending");
}

#[test]
fn one_record_or_404() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    for (path, _, last) in COLLECTIONS {
        let r = s.get(&format!("{path}/{last}"), &t);
        assert_eq!(r.status, 200, "{path}: {}", r.text());
        assert_eq!(r.json()["Id"], last);
        for missing in [last + 1, 0] {
            let r = s.get(&format!("{path}/{missing}"), &t);
            assert_eq!(r.status, 404, "{path}/{missing}");
            assert_eq!(r.text(), "\"Not found\"");
        }
        assert_eq!(s.get(&format!("{path}/abc"), &t).status, 400);
    }
    assert_eq!(s.get("/api/sys/businesses/999", &t).status, 404, "deleted");
}

#[test]
fn permissions_come_from_the_user_roles() {
    let s = server();
    let admin = s.sign_in("admin@example.com");
    for account in ["editor@example.com", "viewer@example.com"] {
        let t = s.sign_in(account);
        assert_eq!(s.get("/api/sys/users", &t).status, 200, "{account}");
        for (path, _, _) in COLLECTIONS {
            for p in [path.to_owned(), format!("{path}/1")] {
                let r = s.get(&p, &t);
                assert_eq!(r.status, 401, "{account} {p}");
                assert_eq!(
                    r.json()["Message"],
                    "Authorization has been denied for this request."
                );
            }
        }
        assert_eq!(s.get("/api/sys/businesses", "nonsense").status, 401);
    }
    // The editor may edit: the fallback the app needs.
    let editor = s.sign_in("editor@example.com");
    let mut me = s.user(&admin, 1006);
    me["FullName"] = json!("Eddie Edited");
    assert_eq!(s.put(&editor, &me).status, 200);

    // Each -List and -Read role opens exactly its own call.
    s.dev(
        "POST",
        "/__dev/config",
        Some(&json!({"forbidden_status": 403})),
    );
    let viewer = s.sign_in("viewer@example.com");
    let grant = |roles: Value| {
        let r = s.dev(
            "POST",
            "/__dev/users/1004/change",
            Some(&json!({"as": "platform", "set": {"UserRoles": roles}})),
        );
        assert_eq!(r.status, 200, "{}", r.text());
    };
    grant(json!([1, 2, 13, 15, 17]));
    for (path, _, _) in COLLECTIONS {
        assert_eq!(s.get(path, &viewer).status, 200, "{path}");
        let r = s.get(&format!("{path}/1"), &viewer);
        assert_eq!(r.status, 403, "{path}/1");
        assert!(r.json()["Message"]
            .as_str()
            .unwrap_or_default()
            .contains("-Read"));
    }
    grant(json!([1, 2, 14, 16, 18]));
    for (path, _, _) in COLLECTIONS {
        assert_eq!(s.get(path, &viewer).status, 403, "{path}");
        assert_eq!(s.get(&format!("{path}/1"), &viewer).status, 200, "{path}/1");
    }
}

#[test]
fn faults_apply_to_the_related_paths() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    s.dev(
        "POST",
        "/__dev/faults",
        Some(&json!({"path": "/api/support/chatrooms", "status": 500, "body": "{\"Message\":\"An error has occurred.\"}"})),
    );
    assert_eq!(s.get("/api/sys/businesses", &t).status, 200);
    assert_eq!(s.get("/api/support/chatrooms/3", &t).status, 500);
    assert_eq!(s.get("/api/support/chatrooms/3", &t).status, 200);
    let logged = s.stats()["requests"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(logged
        .iter()
        .any(|r| r["path"] == "/api/support/chatrooms/3" && r["fault"] == "status"));
}

#[test]
fn users_may_link_every_seeded_record_and_nothing_else() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    let mut u = s.user(&t, 1001);
    u["Businesses"] = json!([1, 998, 1000, 1501]);
    u["UserRoles"] = json!([1, 2, 3, 20]);
    u["ChatRooms"] = json!([300]);
    let r = s.put(&t, &u);
    assert_eq!(r.status, 200, "{}", r.text());
    for (list, id) in [
        ("Businesses", 999),
        ("Businesses", 1502),
        ("UserRoles", 21),
        ("ChatRooms", 301),
    ] {
        let mut bad = u.clone();
        bad[list] = json!([id]);
        let r = s.put(&t, &bad);
        assert_eq!(r.status, 400, "{list} {id}");
        assert_eq!(r.json()["Errors"][0]["PropertyName"], list);
    }
}

/// The `Users` of each user role, by role id, from a list of every role.
fn holders(s: &Server, t: &str) -> std::collections::BTreeMap<i64, Vec<i64>> {
    let v = s.get("/api/security/userroles?size=100", t).json();
    records(&v)
        .iter()
        .map(|r| {
            let users = r["Users"]
                .as_array()
                .unwrap_or_else(|| panic!("Users: {r}"))
                .iter()
                .filter_map(Value::as_i64)
                .collect();
            (r["Id"].as_i64().unwrap_or(0), users)
        })
        .collect()
}

#[test]
fn user_roles_carry_the_users_holding_them() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    let seeded = dev_api::seed::users(dev_api::seed::USER_COUNT);
    let found = holders(&s, &t);
    assert_eq!(found.len(), 20);
    for (role, users) in &found {
        let mut expected: Vec<i64> = seeded
            .iter()
            .filter(|u| {
                u["UserRoles"]
                    .as_array()
                    .is_some_and(|r| r.contains(&json!(role)))
            })
            .filter_map(|u| u["Id"].as_i64())
            .collect();
        expected.sort_unstable();
        assert_eq!(users, &expected, "role {role}");
        // The single read says the same.
        let one = s.get(&format!("/api/security/userroles/{role}"), &t).json();
        assert_eq!(one["Users"], json!(users), "role {role}");
    }
    // The seed's facts: a role a few users hold, and roles nobody holds.
    assert_eq!(
        found[&1],
        vec![1001, 1002, 1003, 1004, 1006, 1007],
        "User-List"
    );
    assert_eq!(found[&19], vec![1007], "User-Create: the creator");
    for nobody in [13, 14, 15, 16, 17, 18, 20] {
        assert_eq!(found[&nobody], Vec::<i64>::new(), "role {nobody}");
    }
    assert!(
        (4..=12).all(|r| !found[&r].is_empty()),
        "the tenant roles are held"
    );
}

#[test]
fn the_users_of_a_role_follow_every_change_at_once() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    let role_users =
        |id: i64| s.get(&format!("/api/security/userroles/{id}"), &t).json()["Users"].clone();
    assert_eq!(role_users(13), json!([]));

    // A PUT that adds the role, and one by the twin.
    let id = plain_id();
    let mut u = s.user(&t, id);
    u["UserRoles"] = json!([13]);
    assert_eq!(s.put(&t, &u).status, 200);
    let mut admin = s.user(&t, ADMIN_ID);
    admin["AddedUserRoles"] = json!([13]);
    assert_eq!(s.put(&t, &admin).status, 200);
    assert_eq!(role_users(13), json!([ADMIN_ID, id]), "ascending");

    // A create, a change behind the app's back, a delete.
    let r = s.create(
        &t,
        &json!({"FullName": "Rolf Role", "Email": "rolf.role@example.com", "UserRoles": [13, 14]}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let new_id = r.json()["Value"]["Id"].as_i64().expect("the new id");
    assert_eq!(role_users(13), json!([ADMIN_ID, id, new_id]));
    assert_eq!(role_users(14), json!([new_id]));
    let r = s.dev(
        "POST",
        &format!("/__dev/users/{id}/change"),
        Some(&json!({"as": "platform", "set": {"UserRoles": [14]}})),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(s.delete(&t, new_id).status, 200);
    let found = holders(&s, &t);
    assert_eq!(found[&13], vec![ADMIN_ID]);
    assert_eq!(found[&14], vec![id]);

    // A reset: the seed's again.
    s.dev("POST", "/__dev/reset", None);
    assert_eq!(role_users(13), json!([]));
}
