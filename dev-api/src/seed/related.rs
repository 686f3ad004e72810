//! The records a user's id lists point at: user roles, businesses and chat rooms.
//!
//! Deterministic like the users: every value derives from the record's id.

use serde_json::{json, Map, Value};

use super::{guid, instant, mix};
use crate::time;

/// A user role of the seed: a named bundle of system Roles at one location.
#[derive(Clone, Copy, Debug)]
pub struct UserRoleSeed {
    /// What administrators call it.
    pub name: &'static str,
    /// The location (a business id) it belongs to.
    pub business_id: i64,
    /// The system Roles it grants, e.g. `User-Edit`.
    pub grants: &'static [&'static str],
}

const fn role(
    name: &'static str,
    business_id: i64,
    grants: &'static [&'static str],
) -> UserRoleSeed {
    UserRoleSeed {
        name,
        business_id,
        grants,
    }
}

/// The user roles, id = index + 1. Each role the API checks has a user role of its own,
/// named after it (1–3 and 19–20 for users, 13–18 for the related records), so a test
/// grants exactly one permission by adding one id; the others are what a tenant typically
/// has. New ones go at the end: tests and the app's seed facts name these ids.
pub const USER_ROLES: &[UserRoleSeed] = &[
    role("User-List", 1, &["User-List"]),
    role("User-Read", 1, &["User-Read"]),
    role("User-Edit", 1, &["User-Edit"]),
    role(
        "Front desk",
        1,
        &["Booking-List", "Booking-Edit", "Visitor-Edit"],
    ),
    role("Community manager", 1, &["Event-Edit", "Wall-Moderate"]),
    role(
        "Front desk",
        2,
        &["Booking-List", "Booking-Edit", "Visitor-Edit"],
    ),
    role("Community manager", 2, &["Event-Edit", "Wall-Moderate"]),
    role("Billing", 2, &["Invoice-List", "Invoice-Edit"]),
    role("Front desk", 3, &["Booking-List", "Booking-Edit"]),
    role("Events team", 3, &["Event-Edit"]),
    role("Help desk", 3, &["HelpDesk-Reply"]),
    role(
        "Finance",
        4,
        &["Invoice-List", "Invoice-Read", "Payment-Edit"],
    ),
    role("UserRole-List", 1, &["UserRole-List"]),
    role("UserRole-Read", 1, &["UserRole-Read"]),
    role("Business-List", 1, &["Business-List"]),
    role("Business-Read", 1, &["Business-Read"]),
    role("ChatRoom-List", 1, &["ChatRoom-List"]),
    role("ChatRoom-Read", 1, &["ChatRoom-Read"]),
    role("User-Create", 1, &["User-Create"]),
    role("User-Delete", 1, &["User-Delete"]),
];

/// How many businesses the seed holds: ids 1 to one more, but for
/// [`DELETED_BUSINESS_ID`].
pub const BUSINESS_COUNT: i64 = 1500;
/// A business that was deleted: ids on the platform have gaps, and a user's list may
/// still name one (the end-to-end tests use this id as one that does not exist).
pub const DELETED_BUSINESS_ID: i64 = 999;
/// How many chat rooms the seed holds.
pub const CHAT_ROOM_COUNT: i64 = 300;

/// Whether the user role `id` grants the system Role `permission`.
pub fn user_role_grants(id: i64, permission: &str) -> bool {
    id.checked_sub(1)
        .and_then(|i| usize::try_from(i).ok())
        .and_then(|i| USER_ROLES.get(i))
        .is_some_and(|r| r.grants.contains(&permission))
}

const PREFIXES: &[&str] = &[
    "Harbour",
    "Foundry",
    "Lantern",
    "Granary",
    "Atlas",
    "Meridian",
    "Canal",
    "Orchard",
    "Copper",
    "Beacon",
    "Quarry",
    "Mill",
    "Signal",
    "Archway",
    "Riverside",
    "Station",
    "Printworks",
    "Tannery",
    "Observatory",
    "Glasshouse",
    "Northlight",
    "Ropewalk",
    "Market",
    "Cobalt",
    "Linen",
];

const KINDS: &[&str] = &[
    "Works",
    "Hub",
    "House",
    "Studios",
    "Yard",
    "Exchange",
    "Commons",
    "Loft",
    "Collective",
    "Labs",
    "Rooms",
    "Hall",
];

/// City, country code, currency, time zone.
const CITIES: &[(&str, &str, &str, &str)] = &[
    ("Lisbon", "PT", "EUR", "Europe/Lisbon"),
    ("Manchester", "GB", "GBP", "Europe/London"),
    ("Madrid", "ES", "EUR", "Europe/Madrid"),
    ("Berlin", "DE", "EUR", "Europe/Berlin"),
    ("Dublin", "IE", "EUR", "Europe/Dublin"),
    ("Austin", "US", "USD", "America/Chicago"),
    ("Toronto", "CA", "CAD", "America/Toronto"),
    ("Melbourne", "AU", "AUD", "Australia/Melbourne"),
    ("Rotterdam", "NL", "EUR", "Europe/Amsterdam"),
    ("Glasgow", "GB", "GBP", "Europe/London"),
    ("Porto", "PT", "EUR", "Europe/Lisbon"),
    ("Valencia", "ES", "EUR", "Europe/Madrid"),
    ("Copenhagen", "DK", "DKK", "Europe/Copenhagen"),
    ("Denver", "US", "USD", "America/Denver"),
    ("Cape Town", "ZA", "ZAR", "Africa/Johannesburg"),
    ("Singapore", "SG", "SGD", "Asia/Singapore"),
    ("Bristol", "GB", "GBP", "Europe/London"),
    ("Lyon", "FR", "EUR", "Europe/Paris"),
    ("Milan", "IT", "EUR", "Europe/Rome"),
    ("Auckland", "NZ", "NZD", "Pacific/Auckland"),
];

/// The name parts of business `id`: distinct for every id up to all combinations, because
/// a multiplier coprime to their count permutes them (and spreads cities over the ids).
fn business_parts(id: i64) -> (&'static str, &'static str, usize) {
    let combos = (PREFIXES.len() * KINDS.len() * CITIES.len()) as i64;
    // 7919 is prime and does not divide 25 × 12 × 20 = 6000.
    let k = ((id - 1).rem_euclid(combos) * 7919 % combos) as usize;
    let prefix = PREFIXES[k % PREFIXES.len()];
    let kind = KINDS[k / PREFIXES.len() % KINDS.len()];
    let city = k / (PREFIXES.len() * KINDS.len()) % CITIES.len();
    (prefix, kind, city)
}

/// The name of business `id`, e.g. "Harbour Works Lisbon".
pub fn business_name(id: i64) -> String {
    let (prefix, kind, city) = business_parts(id);
    format!("{prefix} {kind} {}", CITIES[city].0)
}

/// Creation and last update of a record, as RFC 3339 text.
fn stamps(id: i64, salt: u64) -> (String, String) {
    let created = instant(id as u64, salt).min(1_700_000_000);
    let updated = created + (mix(id as u64, salt + 1) % 40_000_000) as i64;
    (time::rfc3339(created), time::rfc3339(updated))
}

fn business(id: i64) -> Map<String, Value> {
    let (prefix, kind, city) = business_parts(id);
    let (city, country, currency, zone) = CITIES[city];
    let name = business_name(id);
    let (created, updated) = stamps(id, 300);
    let slug = name.to_lowercase().replace(' ', "-");
    let i = id as u64;
    let mut m = Map::new();
    for (k, v) in [
        ("Id", json!(id)),
        ("UniqueId", json!(guid(i, 301))),
        ("Name", json!(name)),
        ("WebAddress", json!(format!("{slug}.spaces.example"))),
        ("Email", json!(format!("hello@{slug}.example"))),
        ("Address", json!(format!("{} {prefix} Street", 1 + i % 180))),
        ("TownCity", json!(city)),
        ("CountryCode", json!(country)),
        ("CurrencyCode", json!(currency)),
        ("TimeZone", json!(zone)),
        ("Active", json!(id % 23 != 7)),
        // Ids 1–20 are top-level locations; the others belong to one of them.
        (
            "RootLocationId",
            if id <= 20 {
                Value::Null
            } else {
                json!(1 + id % 20)
            },
        ),
        ("IsGroup", json!(kind == "Collective")),
        ("CreatedOn", json!(created)),
        ("UpdatedOn", json!(updated)),
    ] {
        m.insert(k.to_owned(), v);
    }
    m
}

/// Every seeded business: ids 1 to [`BUSINESS_COUNT`] + 1 but [`DELETED_BUSINESS_ID`].
pub fn businesses() -> Vec<Map<String, Value>> {
    (1..=BUSINESS_COUNT + 1)
        .filter(|id| *id != DELETED_BUSINESS_ID)
        .map(business)
        .collect()
}

/// Every seeded user role, ids 1–`USER_ROLES.len()`.
pub fn user_roles() -> Vec<Map<String, Value>> {
    USER_ROLES
        .iter()
        .zip(1i64..)
        .map(|(r, id)| {
            let (created, updated) = stamps(id, 310);
            let mut m = Map::new();
            for (k, v) in [
                ("Id", json!(id)),
                ("UniqueId", json!(guid(id as u64, 311))),
                ("Name", json!(r.name)),
                ("BusinessId", json!(r.business_id)),
                ("BusinessName", json!(business_name(r.business_id))),
                ("Roles", json!(r.grants)),
                ("RequiresTwoFactor", json!(r.grants.contains(&"User-Edit"))),
                ("CreatedOn", json!(created)),
                ("UpdatedOn", json!(updated)),
            ] {
                m.insert(k.to_owned(), v);
            }
            m
        })
        .collect()
}

const TOPICS: &[&str] = &[
    "announcements",
    "community lounge",
    "book club",
    "runners",
    "lunch club",
    "parents",
    "tech talk",
    "lost and found",
    "printing help",
    "bike storage",
    "events",
    "freelancers",
    "wellbeing",
    "photography",
    "language exchange",
];

fn chat_room(id: i64) -> Map<String, Value> {
    let i = (id - 1) as usize;
    let topic = TOPICS[i % TOPICS.len()];
    let city = CITIES[i / TOPICS.len() % CITIES.len()].0;
    let (created, updated) = stamps(id, 320);
    let mut m = Map::new();
    for (k, v) in [
        ("Id", json!(id)),
        ("UniqueId", json!(guid(id as u64, 321))),
        ("Name", json!(format!("{city} {topic}"))),
        (
            "Description",
            json!(format!("The {topic} of our {city} members.")),
        ),
        ("Active", json!(id % 7 != 3)),
        ("BusinessId", json!(1 + (id - 1) % 20)),
        ("MessageCount", json!(mix(id as u64, 322) % 2000)),
        ("CreatedOn", json!(created)),
        ("UpdatedOn", json!(updated)),
    ] {
        m.insert(k.to_owned(), v);
    }
    m
}

/// Every seeded chat room, ids 1–[`CHAT_ROOM_COUNT`].
pub fn chat_rooms() -> Vec<Map<String, Value>> {
    (1..=CHAT_ROOM_COUNT).map(chat_room).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn names_are_distinct_and_roles_point_at_their_location() {
        let businesses = businesses();
        assert_eq!(businesses.len(), BUSINESS_COUNT as usize);
        assert!(businesses.iter().all(|b| b["Id"] != DELETED_BUSINESS_ID));
        let names: HashSet<Value> = businesses.iter().map(|b| b["Name"].clone()).collect();
        assert_eq!(names.len(), BUSINESS_COUNT as usize);
        let rooms: HashSet<Value> = chat_rooms()
            .into_iter()
            .map(|r| r["Name"].clone())
            .collect();
        assert_eq!(rooms.len(), CHAT_ROOM_COUNT as usize);
        for r in user_roles() {
            let b = r["BusinessId"].as_i64().unwrap_or(0);
            assert!(b < DELETED_BUSINESS_ID);
            assert_eq!(r["BusinessName"], businesses[(b - 1) as usize]["Name"]);
        }
        assert_eq!(businesses, super::businesses(), "deterministic");
    }

    #[test]
    fn the_checked_roles_keep_their_ids() {
        for (id, role) in [
            (1, "User-List"),
            (2, "User-Read"),
            (3, "User-Edit"),
            (13, "UserRole-List"),
            (14, "UserRole-Read"),
            (15, "Business-List"),
            (16, "Business-Read"),
            (17, "ChatRoom-List"),
            (18, "ChatRoom-Read"),
            (19, "User-Create"),
            (20, "User-Delete"),
        ] {
            assert!(user_role_grants(id, role), "{id} {role}");
            let others = (1..=USER_ROLES.len() as i64).filter(|i| user_role_grants(*i, role));
            assert_eq!(others.count(), 1, "{role} comes from one role only");
        }
        assert!(!user_role_grants(0, "User-List"));
        assert!(!user_role_grants(99, "User-List"));
    }
}
