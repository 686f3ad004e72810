//! The deterministic seed: six demo accounts, a few hundred realistic users, and the
//! records their id lists point at ([`related`]).
//!
//! Nothing here is random: every value derives from the record's index through a fixed
//! mixing function, so every run (and every `/__dev/reset`) yields the same data.

mod related;

use std::ops::RangeInclusive;

use serde_json::{json, Map, Value};

use crate::time;

pub use related::{
    business_name, businesses, chat_rooms, user_role_grants, user_roles, UserRoleSeed,
    BUSINESS_COUNT, CHAT_ROOM_COUNT, DELETED_BUSINESS_ID, USER_ROLES,
};

/// A demo account that can sign in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DemoAccount {
    /// Its user id in the data.
    pub id: i64,
    /// Sign-in name.
    pub email: &'static str,
    /// Sign-in password.
    pub password: &'static str,
    /// The TOTP code it needs, if it has two-factor auth.
    pub totp: Option<&'static str>,
    /// What it shows.
    pub note: &'static str,
}

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "Admin#2026";
/// The one TOTP code the two-factor demo account accepts.
pub const DEMO_TOTP: &str = "123456";

/// The accounts that can sign in (they are users in the data too).
pub const DEMO_ACCOUNTS: &[DemoAccount] = &[
    DemoAccount {
        id: 1001,
        email: "admin@example.com",
        password: DEMO_PASSWORD,
        totp: None,
        note: "full administrator",
    },
    DemoAccount {
        id: 1002,
        email: "twofactor@example.com",
        password: DEMO_PASSWORD,
        totp: Some(DEMO_TOTP),
        note: "administrator with two-factor sign-in: answers two_factor_auth_check until totp=123456 is sent",
    },
    DemoAccount {
        id: 1003,
        email: "reset@example.com",
        password: DEMO_PASSWORD,
        totp: None,
        note: "must reset its password: sign-in answers must_reset_password",
    },
    DemoAccount {
        id: 1004,
        email: "viewer@example.com",
        password: DEMO_PASSWORD,
        totp: None,
        note: "User-List and User-Read roles only: saving, creating and deleting answer 401 (403 with --forbidden-status 403)",
    },
    DemoAccount {
        // In the gap after the first generic user (1005): the ids of the others stay.
        id: 1006,
        email: "editor@example.com",
        password: DEMO_PASSWORD,
        totp: None,
        note: "User-List, User-Read and User-Edit but none of the roles to list or read user roles, businesses or chat rooms (those answer 401, 403 with --forbidden-status 403)",
    },
    DemoAccount {
        // In the same gap as the editor. The seed's total stays: the last generic user
        // makes way (the browser tests state counts and positions of the seed).
        id: 1007,
        email: "creator@example.com",
        password: DEMO_PASSWORD,
        totp: None,
        note: "User-List, User-Read, User-Edit and User-Create but not User-Delete: deleting answers 401 (403 with --forbidden-status 403)",
    },
];

/// The businesses seeded users are linked to (all of them exist; there are more).
const LINKED_BUSINESSES: RangeInclusive<i64> = 1..=30;
/// The chat rooms seeded users are linked to (all of them exist; there are more).
const LINKED_CHAT_ROOMS: RangeInclusive<i64> = 1..=20;
/// The user roles seeded users hold: none that grants a permission the API checks.
const LINKED_USER_ROLES: RangeInclusive<i64> = 4..=12;
/// User role id of `User-List` (search).
pub const ROLE_USER_LIST: i64 = 1;
/// User role id of `User-Read` (load one).
pub const ROLE_USER_READ: i64 = 2;
/// User role id of `User-Edit` (PUT).
pub const ROLE_USER_EDIT: i64 = 3;
/// User role id of `User-Create` (POST).
pub const ROLE_USER_CREATE: i64 = 19;
/// User role id of `User-Delete` (DELETE).
pub const ROLE_USER_DELETE: i64 = 20;

/// How many users the seed holds, demo accounts included.
pub const USER_COUNT: usize = 300;

/// Index (among the generic users) of the user whose language the contract does not know (7).
const UNKNOWN_LANGUAGE_INDEX: usize = 42;

/// The id of the user whose `Language` is 7, a value the contract does not know.
pub fn unknown_language_user_id() -> i64 {
    user_id(UNKNOWN_LANGUAGE_INDEX)
}

const FIRST: &[(&str, &str)] = &[
    ("Olivia", "olivia"),
    ("Liam", "liam"),
    ("José", "jose"),
    ("Zoë", "zoe"),
    ("Siobhán", "siobhan"),
    ("Mateo", "mateo"),
    ("Amara", "amara"),
    ("Noah", "noah"),
    ("Lucía", "lucia"),
    ("Hiroshi", "hiroshi"),
    ("Priya", "priya"),
    ("Ethan", "ethan"),
    ("Chloé", "chloe"),
    ("Oluwaseun", "oluwaseun"),
    ("Freya", "freya"),
    ("Diego", "diego"),
    ("Mei", "mei"),
    ("Aaron", "aaron"),
    ("Ingrid", "ingrid"),
    ("Kwame", "kwame"),
    ("Sofía", "sofia"),
    ("Arjun", "arjun"),
    ("Hannah", "hannah"),
    ("Björn", "bjorn"),
    ("Fatima", "fatima"),
];

const LAST: &[(&str, &str)] = &[
    ("Smith", "smith"),
    ("García", "garcia"),
    ("O'Brien", "obrien"),
    ("Müller", "muller"),
    ("Nakamura", "nakamura"),
    ("Okafor", "okafor"),
    ("Fernández", "fernandez"),
    ("Johansson", "johansson"),
    ("Patel", "patel"),
    ("Nguyen", "nguyen"),
    ("Kowalski", "kowalski"),
    ("Rossi", "rossi"),
    ("van der Berg", "vanderberg"),
    ("MacLeod", "macleod"),
    ("Dubois", "dubois"),
    ("Haddad", "haddad"),
];

const DOMAINS: &[&str] = &[
    "example.com",
    "example.org",
    "mail.example.net",
    "coworkers.example",
    "studio.example.co.uk",
    "empresa.example.es",
];

const DEVICES: &[&str] = &[
    "",
    "iPhone 15 (iOS 17.4)",
    "Pixel 8; Chrome 124 on Windows",
    "MacBook Pro; iPad Air",
    "Android 14",
];

/// A fixed 64-bit mix (SplitMix64 finaliser) of an index and a salt.
fn mix(i: u64, salt: u64) -> u64 {
    let mut z = i
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .wrapping_add(salt.wrapping_mul(0xD1B5_4A32_D192_ED03))
        .wrapping_add(0x2545_F491_4F6C_DD1D);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn guid(i: u64, salt: u64) -> String {
    let a = mix(i, salt);
    let b = mix(i, salt ^ 0xFFFF);
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xFFFF,
        a & 0xFFF,
        0x8000 | (b >> 48 & 0x3FFF),
        b & 0xFFFF_FFFF_FFFF
    )
}

fn hex(i: u64, salt: u64, len: usize) -> String {
    let mut out = String::new();
    let mut n = 0;
    while out.len() < len {
        out.push_str(&format!("{:016x}", mix(i, salt.wrapping_add(n))));
        n += 1;
    }
    out.truncate(len);
    out
}

/// Seconds since the epoch between 2019-01-01 and 2025-12-31.
fn instant(i: u64, salt: u64) -> i64 {
    1_546_300_800 + (mix(i, salt) % (1_767_225_600 - 1_546_300_800)) as i64
}

/// A date-time in one of the forms seen from the platform, or null.
fn date(i: u64, salt: u64) -> Value {
    let secs = instant(i, salt);
    let (y, mo, d, h, mi, s) = time::civil(secs);
    let base = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}");
    let frac = mix(i, salt ^ 0xABCD);
    match mix(i, salt ^ 0x5151) % 7 {
        0 => Value::Null,
        1 | 2 => json!(format!("{base}Z")),
        3 => json!(format!("{base}.{:03}Z", frac % 1000)),
        4 => json!(format!("{base}+02:00")),
        5 => json!(format!("{base}.{:07}", frac % 10_000_000)),
        _ => json!(format!("{base}-05:00")),
    }
}

fn pick_ids(i: u64, salt: u64, range: &RangeInclusive<i64>, max: u64) -> Vec<i64> {
    let span = (range.end() - range.start() + 1) as u64;
    let count = mix(i, salt) % (max + 1);
    let mut ids: Vec<i64> = (0..count)
        .map(|k| range.start() + (mix(i, salt + 1 + k) % span) as i64)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// The id of the `i`-th generic user (0-based), increasing with gaps.
fn user_id(i: usize) -> i64 {
    let i = i as i64;
    1005 + i * 4 + (mix(i as u64, 1) % 3) as i64
}

const NOTIFICATIONS: &[&str] = &[
    "OnNewEmail",
    "OnHelpDeskMsg",
    "OnNewWallPost",
    "OnNewMember",
    "OnProfileChanges",
    "OnNewBlogComment",
    "OnNewEventComment",
    "OnTariffChange",
    "OnBookingChange",
    "OnTentativeBookingChange",
    "OnPurchases",
    "OnVisitorRegistration",
    "OnPlaformInvoices",
    "OnAccessControlErrors",
    "OnMemberRemovedFromTeam",
    "OnVirtualOfficeTariffChange",
    "OnVirtualOfficeDeliveryPreferenceUpdate",
    "OnIdentityCheckUpdate",
];

/// A fake stored password hash (never a real one).
pub fn fake_hash(password: &str, salt: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in salt.bytes().chain(password.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("AQAAAAIAAYagAAAAE{}{}", hex(h, 7, 24), hex(h, 8, 16))
}

fn generic_user(g: usize) -> Map<String, Value> {
    let i = g as u64;
    let id = user_id(g);
    let (first, first_slug) = FIRST[i as usize % FIRST.len()];
    let last_index = (i as usize / FIRST.len() + (i as usize % FIRST.len()) * 5) % LAST.len();
    let (last, last_slug) = LAST[last_index];
    let domain = DOMAINS[mix(i, 2) as usize % DOMAINS.len()];
    let email = if i.is_multiple_of(3) {
        format!("{first_slug}.{last_slug}@{domain}")
    } else if i % 3 == 1 {
        format!("{}{last_slug}@{domain}", &first_slug[..1])
    } else {
        format!("{first_slug}_{last_slug}{}@{domain}", i % 100)
    };
    let full_name = format!("{first} {last}");
    record(i + 100, id, &full_name, &email)
}

/// A complete record with every field of the contract, derived from `seed`.
fn record(seed: u64, id: i64, full_name: &str, email: &str) -> Map<String, Value> {
    let i = seed;
    let salt = hex(i, 3, 24);
    let two_factor = i % 17 == 4;
    let created = instant(i, 10).min(1_700_000_000);
    let updated = created + (mix(i, 11) % 40_000_000) as i64;
    let businesses = {
        let mut b = pick_ids(i, 20, &LINKED_BUSINESSES, 3);
        if b.is_empty() {
            b.push(1 + (i % 30) as i64);
        }
        b
    };
    let roles = pick_ids(i, 30, &LINKED_USER_ROLES, 2);
    let rooms = pick_ids(i, 40, &LINKED_CHAT_ROOMS, 3);
    let language = match i % 3 {
        0 => 1,
        1 => 2,
        _ => 3,
    };

    let mut m = Map::new();
    let mut put = |k: &str, v: Value| {
        m.insert(k.to_owned(), v);
    };
    put("Id", json!(id));
    put("UniqueId", json!(guid(i, 4)));
    put("FullName", json!(full_name));
    put("Email", json!(email));
    put("Language", json!(language));
    put(
        "PreferredLanguageId",
        if i.is_multiple_of(5) {
            Value::Null
        } else {
            json!(1 + i % 4)
        },
    );
    put("NewAvatarUrl", Value::Null);
    put("ClearAvatarFile", json!(false));
    put(
        "AvatarFileName",
        if i.is_multiple_of(4) {
            json!(format!("avatar-{id}-{}.jpg", hex(i, 5, 8)))
        } else {
            Value::Null
        },
    );
    put(
        "Devices",
        json!(DEVICES[mix(i, 6) as usize % DEVICES.len()]),
    );
    put("NewPassword", Value::Null);
    put("Active", json!(i % 13 != 5));
    put("IsAdmin", json!(i % 20 == 3));
    put("APIAccess", json!(i.is_multiple_of(9)));
    put("Validated", json!(i % 7 != 2));
    put("MustResetPassword", json!(i % 37 == 11));
    put(
        "InvalidLoginAttempts",
        json!(if mix(i, 12).is_multiple_of(5) {
            mix(i, 13) % 4
        } else {
            0
        }),
    );
    put("LastLoginAttempt", date(i, 14));
    put("LastAccess", date(i, 15));
    put(
        "EmailCallBackGuid",
        if i.is_multiple_of(3) {
            Value::Null
        } else {
            json!(guid(i, 16))
        },
    );
    put("Password", json!(fake_hash(&hex(i, 17, 12), &salt)));
    put("PasswordSalt", json!(salt));
    put(
        "AccessToken",
        if i.is_multiple_of(2) {
            json!(hex(i, 18, 40))
        } else {
            Value::Null
        },
    );
    put(
        "TwoFactorSecret",
        if two_factor {
            json!(hex(i, 19, 32).to_ascii_uppercase())
        } else {
            Value::Null
        },
    );
    for (k, name) in NOTIFICATIONS.iter().enumerate() {
        put(name, json!(!mix(i, 50 + k as u64).is_multiple_of(3)));
    }
    put("ReceiveCommunityDigest", json!(i % 4 != 1));
    put("ReceiveEveryMessage", json!(i.is_multiple_of(6)));
    put("NextCommunityDigest", date(i, 21));
    put("LastReceivedCommunityThreadDate", date(i, 22));
    put("LastReceivedCommunityMessageDate", date(i, 23));
    put("Businesses", json!(businesses));
    put("UserRoles", json!(roles));
    put("ChatRooms", json!(rooms));
    put(
        "ApplicationId",
        if i.is_multiple_of(8) {
            json!(1)
        } else {
            Value::Null
        },
    );
    put("LastHelpVisited", json!(mix(i, 24) % 60));
    put("NextHelpDeskMessageReminder", date(i, 25));
    put(
        "SupportTeamUserEmail",
        if i.is_multiple_of(10) {
            json!("support@example.com")
        } else {
            Value::Null
        },
    );
    put("CreatedOn", json!(time::rfc3339(created)));
    put("UpdatedOn", json!(time::rfc3339(updated)));
    put("UpdatedBy", json!("admin@example.com"));
    put("IsNew", json!(false));
    put("TwoFactorEnabled", json!(two_factor));
    put("DefaultBusinessId", json!(businesses[0]));
    put("ToStringText", json!(full_name));
    put(
        "SystemId",
        if i.is_multiple_of(11) {
            json!(format!("CRM-{id:06}"))
        } else {
            Value::Null
        },
    );
    put(
        "CustomFields",
        match i % 5 {
            0 => json!({"Badge": "Gold"}),
            1 => json!({"Badge": "Silver", "Locker": 12}),
            _ => Value::Null,
        },
    );
    put(
        "LocalizationDetails",
        if i.is_multiple_of(7) {
            json!({"TimeZone": "Europe/London", "Currency": "GBP"})
        } else {
            Value::Null
        },
    );
    // Properties the contract does not list, to prove they survive a round trip.
    put("FutureFlag", json!(i.is_multiple_of(2)));
    if i.is_multiple_of(6) {
        put(
            "ExternalRef",
            json!({"System": "legacy-crm", "Key": format!("LC-{}", hex(i, 26, 6))}),
        );
    }
    m
}

fn demo_user(account: &DemoAccount, full_name: &str, seed: u64) -> Map<String, Value> {
    let mut m = record(seed, account.id, full_name, account.email);
    let salt = hex(seed, 3, 24);
    m.insert("Password".into(), json!(fake_hash(account.password, &salt)));
    for (k, v) in [
        ("Active", json!(true)),
        ("IsAdmin", json!(true)),
        ("MustResetPassword", json!(false)),
        ("TwoFactorEnabled", json!(false)),
        ("TwoFactorSecret", Value::Null),
        ("InvalidLoginAttempts", json!(0)),
        ("Language", json!(1)),
        (
            "UserRoles",
            json!([ROLE_USER_LIST, ROLE_USER_READ, ROLE_USER_EDIT]),
        ),
        ("CustomFields", json!({"Badge": "Gold"})),
        ("FutureFlag", json!(true)),
    ] {
        m.insert(k.into(), v);
    }
    m
}

/// What a user created through `POST /api/sys/users` holds before the body is applied:
/// every property a seeded user has (but `FullName`, `Email`, and `ExternalRef`, which only
/// some have), so the new record reads back like the others. The server fills in what is
/// its own: `unique_id`, a fresh `salt` (a PUT requires one), and `now` as the creation.
pub fn new_user(id: i64, unique_id: &str, salt: &str, now: &str) -> Map<String, Value> {
    let mut m = Map::new();
    let mut put = |k: &str, v: Value| {
        m.insert(k.to_owned(), v);
    };
    put("Id", json!(id));
    put("UniqueId", json!(unique_id));
    put("Language", json!(1));
    put("PreferredLanguageId", Value::Null);
    put("NewAvatarUrl", Value::Null);
    put("ClearAvatarFile", json!(false));
    put("AvatarFileName", Value::Null);
    put("Devices", json!(""));
    put("NewPassword", Value::Null);
    put("Active", json!(true));
    put("IsAdmin", json!(false));
    put("APIAccess", json!(false));
    put("Validated", json!(false));
    put("MustResetPassword", json!(false));
    put("InvalidLoginAttempts", json!(0));
    put("LastLoginAttempt", Value::Null);
    put("LastAccess", Value::Null);
    put("EmailCallBackGuid", Value::Null);
    // No sign-in password until a `NewPassword` gives one.
    put("Password", Value::Null);
    put("PasswordSalt", json!(salt));
    put("AccessToken", Value::Null);
    put("TwoFactorSecret", Value::Null);
    // Nothing the person did not ask for.
    for name in NOTIFICATIONS {
        put(name, json!(false));
    }
    put("ReceiveCommunityDigest", json!(false));
    put("ReceiveEveryMessage", json!(false));
    put("NextCommunityDigest", Value::Null);
    put("LastReceivedCommunityThreadDate", Value::Null);
    put("LastReceivedCommunityMessageDate", Value::Null);
    put("Businesses", json!([]));
    put("UserRoles", json!([]));
    put("ChatRooms", json!([]));
    put("ApplicationId", Value::Null);
    put("LastHelpVisited", json!(0));
    put("NextHelpDeskMessageReminder", Value::Null);
    put("SupportTeamUserEmail", Value::Null);
    put("CreatedOn", json!(now));
    put("UpdatedOn", json!(now));
    put("UpdatedBy", Value::Null);
    put("IsNew", json!(false));
    put("TwoFactorEnabled", json!(false));
    put("DefaultBusinessId", Value::Null);
    put("ToStringText", Value::Null);
    put("SystemId", Value::Null);
    put("CustomFields", Value::Null);
    put("LocalizationDetails", Value::Null);
    put("FutureFlag", json!(false));
    m
}

/// Every seeded user: the demo accounts, then the others in id order.
pub fn users(count: usize) -> Vec<Map<String, Value>> {
    let mut out = Vec::with_capacity(count);

    let mut admin = demo_user(&DEMO_ACCOUNTS[0], "Ada Administrator", 1);
    admin.insert("LastAccess".into(), json!("2024-02-29T08:15:30.123Z"));
    admin.insert("LastLoginAttempt".into(), json!("2019-05-13T23:30:00Z"));
    admin.insert("AvatarFileName".into(), json!("avatar-1001-ada.png"));
    out.push(admin);

    let mut twofactor = demo_user(&DEMO_ACCOUNTS[1], "Theo Twofactor", 2);
    twofactor.insert("TwoFactorEnabled".into(), json!(true));
    twofactor.insert("TwoFactorSecret".into(), json!("JBSWY3DPEHPK3PXP"));
    twofactor.insert("Language".into(), json!(3));
    twofactor.insert("LastAccess".into(), json!("2025-03-30T01:30:00+02:00"));
    out.push(twofactor);

    let mut reset = demo_user(&DEMO_ACCOUNTS[2], "Rosa Reset", 3);
    reset.insert("MustResetPassword".into(), json!(true));
    reset.insert("Language".into(), json!(2));
    reset.insert("LastAccess".into(), Value::Null);
    out.push(reset);

    let mut viewer = demo_user(&DEMO_ACCOUNTS[3], "Victor Viewer", 4);
    viewer.insert("IsAdmin".into(), json!(false));
    viewer.insert("UserRoles".into(), json!([ROLE_USER_LIST, ROLE_USER_READ]));
    out.push(viewer);

    let mut editor = demo_user(&DEMO_ACCOUNTS[4], "Eddie Editor", 5);
    editor.insert("IsAdmin".into(), json!(false));
    out.push(editor);

    // Seed 7: a multiple of 6 would give it `ExternalRef`, which no other demo account has.
    let mut creator = demo_user(&DEMO_ACCOUNTS[5], "Cora Creator", 7);
    creator.insert("IsAdmin".into(), json!(false));
    creator.insert(
        "UserRoles".into(),
        json!([
            ROLE_USER_LIST,
            ROLE_USER_READ,
            ROLE_USER_EDIT,
            ROLE_USER_CREATE
        ]),
    );
    out.push(creator);

    let mut emails: std::collections::HashSet<String> =
        DEMO_ACCOUNTS.iter().map(|a| a.email.to_owned()).collect();
    for g in 0..count.saturating_sub(DEMO_ACCOUNTS.len()) {
        let mut user = generic_user(g);
        // Emails are unique: a clash (two initials alike) gets a number before the `@`.
        let email = user["Email"].as_str().unwrap_or_default().to_owned();
        let mut unique = email.clone();
        let mut k = 2;
        while !emails.insert(unique.clone()) {
            unique = email.replacen('@', &format!("{k}@"), 1);
            k += 1;
        }
        user.insert("Email".into(), json!(unique));
        if g == UNKNOWN_LANGUAGE_INDEX {
            user.insert("Language".into(), json!(7));
        }
        out.push(user);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn deterministic_unique_and_complete() {
        let a = users(USER_COUNT);
        assert_eq!(a, users(USER_COUNT));
        assert_eq!(a.len(), USER_COUNT);
        let ids: HashSet<i64> = a.iter().filter_map(|u| u["Id"].as_i64()).collect();
        assert_eq!(ids.len(), USER_COUNT);
        let emails: HashSet<String> = a
            .iter()
            .filter_map(|u| u["Email"].as_str().map(str::to_lowercase))
            .collect();
        assert_eq!(emails.len(), USER_COUNT);
        assert!(ids.contains(&unknown_language_user_id()));
        for lang in [1, 2, 3, 7] {
            assert!(a.iter().any(|u| u["Language"] == json!(lang)), "{lang}");
        }
        for f in contract::FIELDS.iter().filter(|f| f.sent()) {
            assert!(a[10].contains_key(f.name), "seed lacks {}", f.name);
        }
        assert!(a.iter().any(|u| u["Active"] == json!(false)));
        assert!(a.iter().any(|u| u["TwoFactorEnabled"] == json!(true)));
        assert!(a.iter().any(|u| !u["AvatarFileName"].is_null()));
    }

    #[test]
    fn seed_passes_validation_but_for_the_unknown_language() {
        let unknown = contract::validate::FieldError::new(
            "Language",
            contract::validate::messages::UNKNOWN_LANGUAGE,
        );
        for u in users(USER_COUNT) {
            let rec = contract::UserRecord::from(contract::json::Map::from(u.clone()));
            let errors = contract::validate::check_record(&rec);
            if u["Id"] == json!(unknown_language_user_id()) {
                assert_eq!(errors, std::slice::from_ref(&unknown));
            } else {
                assert!(errors.is_empty(), "{:?}: {errors:?}", u["Id"]);
            }
        }
    }

    #[test]
    fn linked_ids_exist() {
        let ids = |records: Vec<Map<String, Value>>| -> HashSet<i64> {
            records.iter().filter_map(|r| r["Id"].as_i64()).collect()
        };
        let known = [
            ("Businesses", ids(businesses())),
            ("UserRoles", ids(user_roles())),
            ("ChatRooms", ids(chat_rooms())),
        ];
        for u in users(USER_COUNT) {
            for (list, known) in &known {
                for id in u[*list].as_array().into_iter().flatten() {
                    let id = id.as_i64().unwrap_or(-1);
                    assert!(known.contains(&id), "{:?} {list} {id}", u["Id"]);
                }
            }
        }
    }

    /// Whether the seeded account `email`, no administrator, holds a permission through
    /// its user roles.
    fn grants_of(email: &str) -> impl Fn(&str) -> bool {
        let all = users(USER_COUNT);
        let account = all.iter().find(|u| u["Email"] == email).expect("seeded");
        assert_eq!(account["IsAdmin"], false);
        let roles: Vec<i64> = account["UserRoles"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_i64)
            .collect();
        move |permission| roles.iter().any(|r| user_role_grants(*r, permission))
    }

    #[test]
    fn the_editor_holds_the_user_roles_only() {
        let grants = grants_of("editor@example.com");
        for p in ["User-List", "User-Read", "User-Edit"] {
            assert!(grants(p), "{p}");
        }
        for p in [
            "UserRole-List",
            "UserRole-Read",
            "Business-List",
            "Business-Read",
            "ChatRoom-List",
            "ChatRoom-Read",
        ] {
            assert!(!grants(p), "{p}");
        }
    }

    #[test]
    fn a_new_user_has_what_every_seeded_user_has_and_is_valid() {
        let all = users(USER_COUNT);
        let mut common: HashSet<&String> = all[0].keys().collect();
        for u in &all {
            common.retain(|k| u.contains_key(*k));
        }
        let mut fresh = new_user(
            5000,
            "6f1c2d3e-0a1b-4c2d-8e3f-0123456789ab",
            "salt",
            "2026-01-02T03:04:05Z",
        );
        fresh.insert("FullName".into(), json!("New Person"));
        fresh.insert("Email".into(), json!("new.person@example.com"));
        let keys: HashSet<&String> = fresh.keys().collect();
        assert_eq!(keys, common);
        let rec = contract::UserRecord::from(contract::json::Map::from(fresh));
        assert_eq!(contract::validate::check_record(&rec), []);
    }

    #[test]
    fn the_creator_may_create_but_not_delete() {
        let grants = grants_of("creator@example.com");
        for p in ["User-List", "User-Read", "User-Edit", "User-Create"] {
            assert!(grants(p), "{p}");
        }
        assert!(!grants("User-Delete"));
        // The admin gets both as a full administrator: its user roles stay 1–3.
        let all = users(USER_COUNT);
        assert_eq!(all[0]["IsAdmin"], true);
        assert_eq!(all[0]["UserRoles"], json!([1, 2, 3]));
    }
}
