//! The facts of the seed that the end-to-end tests (`tests/e2e/users*.spec.ts`) state as
//! text: a change to the seed (a new demo account…) that moves one of them fails here, in
//! seconds, instead of in a browser run.

use crate::client::*;

fn column(s: &Server, token: &str, query: &str, field: &str) -> Vec<String> {
    let v = s
        .get(&format!("/api/sys/users?size=1000&{query}"), token)
        .json();
    v["Records"]
        .as_array()
        .expect("Records")
        .iter()
        .map(|r| r[field].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn the_seed_facts_the_browser_tests_rely_on() {
    let s = server();
    let t = s.sign_in("admin@example.com");

    let by_name = column(&s, &t, "orderBy=FullName&dir=1", "FullName");
    assert_eq!(by_name.len(), 300);
    for (position, name) in [
        (1, "Aaron Dubois"),
        (13, "Ada Administrator"),
        (26, "Arjun Dubois"),
        (51, "Chloé Haddad"),
        (201, "Mateo Smith"),
        (300, "Zoë Smith"),
    ] {
        assert_eq!(by_name[position - 1], name, "by name, #{position}");
    }

    let macleod = column(
        &s,
        &t,
        "orderBy=FullName&dir=1&User_FullName=macleod",
        "FullName",
    );
    assert_eq!(macleod.len(), 18);
    assert_eq!(macleod[0], "Aaron MacLeod");
    let zoe = column(
        &s,
        &t,
        "orderBy=FullName&dir=1&User_FullName=zo%C3%AB",
        "FullName",
    );
    assert_eq!(zoe.len(), 12);
    assert_eq!(zoe[0], "Zoë Fernández");

    let by_email = column(&s, &t, "orderBy=Email&dir=1", "Email");
    assert_eq!(by_email[0], "aaron.fernandez@coworkers.example");
    assert_eq!(
        by_email.last().map(String::as_str),
        Some("zsmith@empresa.example.es")
    );

    let v = s
        .get(
            "/api/sys/users?page=2&size=10&orderBy=LastAccess&dir=-1&User_Email=example.org",
            &t,
        )
        .json();
    assert_eq!(v["TotalItems"], 58);
    let names: Vec<&str> = v["Records"]
        .as_array()
        .expect("Records")
        .iter()
        .filter_map(|r| r["FullName"].as_str())
        .collect();
    assert_eq!(
        names,
        [
            "Liam van der Berg",
            "Ethan Smith",
            "Diego Müller",
            "Ethan Kowalski",
            "Lucía O'Brien",
            "José MacLeod",
            "Hiroshi Okafor",
            "Hiroshi Johansson",
            "Kwame Okafor",
            "Ingrid Müller",
        ]
    );
}

/// The counts the users list's workbench (filters, bulk changes, export) shows for the
/// seed, each through the filter the app sends.
#[test]
fn the_workbench_seed_facts() {
    let s = server();
    let t = s.sign_in("admin@example.com");
    let total = |q: &str| {
        let r = s.get(&format!("/api/sys/users?size=1&{q}"), &t);
        assert_eq!(r.status, 200, "{q}: {}", r.text());
        r.json()["TotalItems"].as_u64().unwrap_or_default()
    };
    assert_eq!(total("User_Active=false"), 22);
    assert_eq!(total("User_IsAdmin=true"), 18);
    assert_eq!(total("User_TwoFactorEnabled=true"), 18);
    assert_eq!(total("User_MustResetPassword=true"), 9);
    assert_eq!(total("from_User_InvalidLoginAttempts=1"), 44);
    assert_eq!(total("User_LastAccess=null"), 39);

    // The ends of CreatedOn (the seed caps it: 90 users share the last) and LastAccess.
    assert_eq!(total("to_User_CreatedOn=2019-01-02T18:45:38Z"), 0);
    assert_eq!(total("to_User_CreatedOn=2019-01-02T18:45:39Z"), 1);
    assert_eq!(total("from_User_CreatedOn=2023-11-14T22:13:20Z"), 90);
    assert_eq!(total("from_User_CreatedOn=2023-11-14T22:13:21Z"), 0);
    let first = s
        .get(
            "/api/sys/users?size=1&to_User_LastAccess=2019-01-09T21:53:24Z",
            &t,
        )
        .json();
    assert_eq!(first["TotalItems"], 1);
    assert_eq!(
        first["Records"][0]["LastAccess"],
        "2019-01-09T23:53:24+02:00"
    );
    assert_eq!(total("to_User_LastAccess=2019-01-09T21:53:23Z"), 0);
    let last = s
        .get(
            "/api/sys/users?size=1&from_User_LastAccess=2025-12-27T20:23:08.3040601Z",
            &t,
        )
        .json();
    assert_eq!(last["TotalItems"], 1);
    assert_eq!(
        last["Records"][0]["LastAccess"],
        "2025-12-27T20:23:08.3040601"
    );
    assert_eq!(
        total("from_User_LastAccess=2025-12-27T20:23:08.30406011Z"),
        0
    );
}
