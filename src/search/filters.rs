//! The users page's filters as plain data: what the address holds, what is left out of
//! a hand-edited one and why, the API parameters they become, and the check that the
//! rows a server sent really match them (a server may ignore a filter it does not know).

use contract::datetime::parse_datetime;
use contract::json::Value;
use contract::UserRecord;

/// A day, as `<input type=date>` and the address write it (`YYYY-MM-DD`); read as a UTC
/// day, the rule the whole app states for date-times.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day {
    year: i32,
    month: u8,
    day: u8,
}

impl Day {
    /// `YYYY-MM-DD` of a day that exists, else `None`.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        if text.len() != 10 {
            return None;
        }
        let t = parse_datetime(&format!("{text}T00:00:00Z")).ok()?;
        Some(Self {
            year: t.year,
            month: t.month,
            day: t.day,
        })
    }

    /// The first second of the day, on the wire.
    fn start(self) -> String {
        format!("{self}T00:00:00Z")
    }

    /// The last second of the day, on the wire.
    fn end(self) -> String {
        format!("{self}T23:59:59.9999999Z")
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// From one day to another, both included; either end may be open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DayRange {
    /// The first day.
    pub from: Option<Day>,
    /// The last day.
    pub to: Option<Day>,
}

impl DayRange {
    fn is_open(&self) -> bool {
        self.from.is_none() && self.to.is_none()
    }

    fn describe(&self) -> String {
        match (self.from, self.to) {
            (Some(f), Some(t)) if f == t => format!("on {f}"),
            (Some(f), Some(t)) => format!("{f} to {t}"),
            (Some(f), None) => format!("from {f}"),
            (None, Some(t)) => format!("until {t}"),
            (None, None) => String::new(),
        }
    }

    /// Whether the date-time `value` falls in the range (as instants).
    fn holds(&self, value: &str) -> Option<bool> {
        let at = parse_datetime(value).ok()?.unix_seconds();
        let secs = |wire: String| parse_datetime(&wire).ok().map(|t| t.unix_seconds());
        let after_start = match self.from {
            Some(d) => at >= secs(d.start())?,
            None => true,
        };
        let before_end = match self.to {
            Some(d) => at <= secs(d.end())?,
            None => true,
        };
        Some(after_start && before_end)
    }
}

/// One filter, as a chip names it and as a link removes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilterKind {
    /// Active: yes or no.
    Active,
    /// Administrator: yes or no.
    Admin,
    /// Two-factor sign-in: on or off.
    TwoFactor,
    /// Locked out or failing sign-ins.
    Failing,
    /// Holds a user role.
    Role,
    /// Last access: a range, or never.
    LastAccess,
    /// Created: a range.
    Created,
}

impl FilterKind {
    /// Every filter, in the order the page shows them.
    pub const ALL: [FilterKind; 7] = [
        FilterKind::Active,
        FilterKind::Admin,
        FilterKind::TwoFactor,
        FilterKind::Failing,
        FilterKind::Role,
        FilterKind::LastAccess,
        FilterKind::Created,
    ];

    /// Its name on the page.
    pub fn label(self) -> &'static str {
        match self {
            FilterKind::Active => "Active",
            FilterKind::Admin => "Administrator",
            FilterKind::TwoFactor => "Two-factor",
            FilterKind::Failing => "Locked out or failing sign-ins",
            FilterKind::Role => "Has role",
            FilterKind::LastAccess => "Last access",
            FilterKind::Created => "Created",
        }
    }
}

/// The address parameters of the filters (and of nothing else).
const ACTIVE: &str = "active";
const ADMIN: &str = "admin";
const TWO_FACTOR: &str = "twofactor";
const FAILING: &str = "failing";
const ROLE: &str = "role";
const ACCESS: &str = "access";
const ACCESS_FROM: &str = "access_from";
const ACCESS_TO: &str = "access_to";
const CREATED_FROM: &str = "created_from";
const CREATED_TO: &str = "created_to";
/// What `access` may hold.
const NEVER: &str = "never";

/// The address parameters the search itself uses.
const SEARCH_KEYS: [&str; 6] = ["q", "by", "sort", "dir", "page", "size"];

/// The filters of one search. Every field empty is no filter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    /// `Active` equals this.
    pub active: Option<bool>,
    /// `IsAdmin` equals this.
    pub admin: Option<bool>,
    /// `TwoFactorEnabled` equals this.
    pub two_factor: Option<bool>,
    /// `InvalidLoginAttempts` > 0.
    pub failing: bool,
    /// Holds this user role (by id).
    pub role: Option<u64>,
    /// Never signed in (`LastAccess` null); excludes `last_access`.
    pub never_signed_in: bool,
    /// `LastAccess` in this range.
    pub last_access: DayRange,
    /// `CreatedOn` in this range.
    pub created: DayRange,
}

/// A part of the address that was not used, and why; said on the page, so a hand-edited
/// link never shows a silently different list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeftOut {
    /// The parameter, as written.
    pub param: String,
    /// Why it was left out.
    pub why: String,
}

fn yes_no(text: &str, yes: &str, no: &str) -> Option<bool> {
    let t = text.trim().to_ascii_lowercase();
    if t == yes || t == "true" {
        Some(true)
    } else if t == no || t == "false" {
        Some(false)
    } else {
        None
    }
}

impl Filters {
    /// Reads the filters of an address whose parameters are `keys`, read with `get`; the
    /// parameters left out (unknown, unreadable, contradictory) come back with why.
    pub fn from_params(
        get: impl Fn(&str) -> Option<String>,
        keys: &[String],
    ) -> (Self, Vec<LeftOut>) {
        let mut f = Self::default();
        let mut left = Vec::new();
        let mut leave = |param: &str, why: String| {
            left.push(LeftOut {
                param: param.to_owned(),
                why,
            })
        };
        let value = |key: &str| get(key).filter(|v| !v.trim().is_empty());
        for (key, slot, yes, no, label) in [
            (ACTIVE, &mut f.active, "yes", "no", "Active"),
            (ADMIN, &mut f.admin, "yes", "no", "Administrator"),
            (TWO_FACTOR, &mut f.two_factor, "on", "off", "Two-factor"),
        ] {
            if let Some(v) = value(key) {
                *slot = yes_no(&v, yes, no);
                if slot.is_none() {
                    leave(key, format!("{label}: “{v}” is neither {yes} nor {no}."));
                }
            }
        }
        if let Some(v) = value(FAILING) {
            match yes_no(&v, "yes", "no") {
                Some(b) => f.failing = b,
                None => leave(
                    FAILING,
                    format!(
                        "{}: “{v}” is neither yes nor no.",
                        FilterKind::Failing.label()
                    ),
                ),
            }
        }
        if let Some(v) = value(ROLE) {
            match v.trim().parse::<u64>() {
                Ok(id) => f.role = Some(id),
                Err(_) => leave(ROLE, format!("Has role: “{v}” is not a role’s id.")),
            }
        }
        let mut range = |from_key: &str, to_key: &str, label: &str| {
            let mut day = |key: &str| {
                let v = value(key)?;
                let parsed = Day::parse(&v);
                if parsed.is_none() {
                    leave(key, format!("{label}: “{v}” is not a date (YYYY-MM-DD)."));
                }
                parsed
            };
            let r = DayRange {
                from: day(from_key),
                to: day(to_key),
            };
            match (r.from, r.to) {
                (Some(from), Some(to)) if to < from => {
                    leave(
                        &format!("{from_key}, {to_key}"),
                        format!("{label}: the range ends ({to}) before it starts ({from})."),
                    );
                    DayRange::default()
                }
                _ => r,
            }
        };
        f.last_access = range(ACCESS_FROM, ACCESS_TO, "Last access");
        f.created = range(CREATED_FROM, CREATED_TO, "Created");
        if let Some(v) = value(ACCESS) {
            if v.trim().eq_ignore_ascii_case(NEVER) {
                f.never_signed_in = true;
                if !f.last_access.is_open() {
                    f.last_access = DayRange::default();
                    leave(
                        &format!("{ACCESS_FROM}, {ACCESS_TO}"),
                        "Last access: a range cannot be combined with “never signed in”."
                            .to_owned(),
                    );
                }
            } else {
                leave(ACCESS, format!("Last access: “{v}” is not “never”."));
            }
        }
        let known = |k: &str| {
            SEARCH_KEYS.contains(&k)
                || [
                    ACTIVE,
                    ADMIN,
                    TWO_FACTOR,
                    FAILING,
                    ROLE,
                    ACCESS,
                    ACCESS_FROM,
                    ACCESS_TO,
                    CREATED_FROM,
                    CREATED_TO,
                ]
                .contains(&k)
        };
        let mut seen: Vec<&str> = Vec::new();
        for key in keys {
            if !known(key) && !seen.contains(&key.as_str()) {
                seen.push(key);
                leave(key, format!("“{key}” is not a filter this page knows."));
            }
        }
        (f, left)
    }

    /// The address parameters, in a fixed order.
    pub fn url_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        let word = |b: bool, yes: &str, no: &str| if b { yes } else { no }.to_owned();
        if let Some(b) = self.active {
            pairs.push((ACTIVE, word(b, "yes", "no")));
        }
        if let Some(b) = self.admin {
            pairs.push((ADMIN, word(b, "yes", "no")));
        }
        if let Some(b) = self.two_factor {
            pairs.push((TWO_FACTOR, word(b, "on", "off")));
        }
        if self.failing {
            pairs.push((FAILING, "yes".to_owned()));
        }
        if let Some(id) = self.role {
            pairs.push((ROLE, id.to_string()));
        }
        if self.never_signed_in {
            pairs.push((ACCESS, NEVER.to_owned()));
        }
        for (key, day) in [
            (ACCESS_FROM, self.last_access.from),
            (ACCESS_TO, self.last_access.to),
            (CREATED_FROM, self.created.from),
            (CREATED_TO, self.created.to),
        ] {
            if let Some(d) = day {
                pairs.push((key, d.to_string()));
            }
        }
        pairs
    }

    /// The API's filter parameters (the role's are the ids its record lists, added by the
    /// caller as `id=[…]`).
    pub fn api_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        for (name, value) in [
            ("User_Active", self.active),
            ("User_IsAdmin", self.admin),
            ("User_TwoFactorEnabled", self.two_factor),
        ] {
            if let Some(b) = value {
                pairs.push((name, b.to_string()));
            }
        }
        if self.failing {
            pairs.push(("from_User_InvalidLoginAttempts", "1".to_owned()));
        }
        if self.never_signed_in {
            pairs.push(("User_LastAccess", "null".to_owned()));
        }
        for (from, to, range) in [
            (
                "from_User_LastAccess",
                "to_User_LastAccess",
                self.last_access,
            ),
            ("from_User_CreatedOn", "to_User_CreatedOn", self.created),
        ] {
            if let Some(d) = range.from {
                pairs.push((from, d.start()));
            }
            if let Some(d) = range.to {
                pairs.push((to, d.end()));
            }
        }
        pairs
    }

    /// The filters in use, in page order.
    pub fn in_use(&self) -> Vec<FilterKind> {
        FilterKind::ALL
            .into_iter()
            .filter(|k| self.uses(*k))
            .collect()
    }

    /// Whether any filter is in use.
    pub fn any(&self) -> bool {
        *self != Self::default()
    }

    fn uses(&self, kind: FilterKind) -> bool {
        match kind {
            FilterKind::Active => self.active.is_some(),
            FilterKind::Admin => self.admin.is_some(),
            FilterKind::TwoFactor => self.two_factor.is_some(),
            FilterKind::Failing => self.failing,
            FilterKind::Role => self.role.is_some(),
            FilterKind::LastAccess => self.never_signed_in || !self.last_access.is_open(),
            FilterKind::Created => !self.created.is_open(),
        }
    }

    /// The same filters without `kind`.
    pub fn without(&self, kind: FilterKind) -> Self {
        let mut f = self.clone();
        match kind {
            FilterKind::Active => f.active = None,
            FilterKind::Admin => f.admin = None,
            FilterKind::TwoFactor => f.two_factor = None,
            FilterKind::Failing => f.failing = false,
            FilterKind::Role => f.role = None,
            FilterKind::LastAccess => {
                f.never_signed_in = false;
                f.last_access = DayRange::default();
            }
            FilterKind::Created => f.created = DayRange::default(),
        }
        f
    }

    /// The chip's text for `kind` (`role` names the role, when known).
    pub fn describe(&self, kind: FilterKind, role: Option<&str>) -> String {
        let yes_no = |b: Option<bool>, yes: &str, no: &str| {
            if b == Some(true) {
                yes.to_owned()
            } else {
                no.to_owned()
            }
        };
        let value = match kind {
            FilterKind::Active => yes_no(self.active, "Yes", "No"),
            FilterKind::Admin => yes_no(self.admin, "Yes", "No"),
            FilterKind::TwoFactor => yes_no(self.two_factor, "On", "Off"),
            FilterKind::Failing => return kind.label().to_owned(),
            FilterKind::Role => match (role, self.role) {
                (Some(name), _) => name.to_owned(),
                (None, Some(id)) => format!("role {id}"),
                (None, None) => String::new(),
            },
            FilterKind::LastAccess if self.never_signed_in => "never signed in".to_owned(),
            FilterKind::LastAccess => self.last_access.describe(),
            FilterKind::Created => self.created.describe(),
        };
        format!("{}: {value}", kind.label())
    }

    /// What the page says of a filter a server did not apply (`role`: the role's name).
    pub fn unapplied(&self, kind: FilterKind, role: Option<&str>) -> String {
        format!(
            "The server did not apply the filter “{}”: it sent users that do not match it, so they are not shown as a filtered list.",
            self.describe(kind, role)
        )
    }

    /// The first filter a row does not match: a server that ignored it sent the row.
    /// Rows lacking a property cannot tell and pass; `role_holders` are the ids the role
    /// filter allows.
    pub fn unmatched_by(
        &self,
        row: &UserRecord,
        role_holders: Option<&[u64]>,
    ) -> Option<FilterKind> {
        let flag = |name: &str, want: Option<bool>| match (want, row.get(name)) {
            (Some(want), Some(Value::Bool(b))) => *b != want,
            _ => false,
        };
        let date = |name: &str, range: &DayRange| {
            !range.is_open()
                && match row.get(name) {
                    Some(Value::String(s)) => range.holds(s) == Some(false),
                    Some(Value::Null) => true,
                    _ => false,
                }
        };
        let failing_unmatched = self.failing
            && row
                .get("InvalidLoginAttempts")
                .and_then(Value::as_i64)
                .is_some_and(|n| n <= 0);
        let never_unmatched =
            self.never_signed_in && row.get("LastAccess").is_some_and(|v| !v.is_null());
        let role_unmatched = match (self.role, role_holders, row.id()) {
            (Some(_), Some(ids), Some(id)) => !u64::try_from(id).is_ok_and(|id| ids.contains(&id)),
            _ => false,
        };
        [
            (FilterKind::Active, flag("Active", self.active)),
            (FilterKind::Admin, flag("IsAdmin", self.admin)),
            (
                FilterKind::TwoFactor,
                flag("TwoFactorEnabled", self.two_factor),
            ),
            (FilterKind::Failing, failing_unmatched),
            (FilterKind::Role, role_unmatched),
            (
                FilterKind::LastAccess,
                never_unmatched || date("LastAccess", &self.last_access),
            ),
            (FilterKind::Created, date("CreatedOn", &self.created)),
        ]
        .into_iter()
        .find_map(|(kind, unmatched)| unmatched.then_some(kind))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn read(pairs: &[(&str, &str)]) -> (Filters, Vec<LeftOut>) {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let keys: Vec<String> = pairs.iter().map(|(k, _)| k.to_string()).collect();
        Filters::from_params(|k| map.get(k).cloned(), &keys)
    }

    fn day(text: &str) -> Option<Day> {
        Day::parse(text)
    }

    #[test]
    fn every_filter_round_trips_through_the_address() {
        let f = Filters {
            active: Some(false),
            admin: Some(true),
            two_factor: Some(true),
            failing: true,
            role: Some(19),
            never_signed_in: false,
            last_access: DayRange {
                from: day("2026-06-01"),
                to: day("2026-06-30"),
            },
            created: DayRange {
                from: None,
                to: day("2025-12-31"),
            },
        };
        let pairs = f.url_pairs();
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(read(&pairs), (f.clone(), vec![]));
        let never = Filters {
            never_signed_in: true,
            ..Filters::default()
        };
        let pairs = never.url_pairs();
        assert_eq!(pairs, vec![("access", "never".to_owned())]);
        assert_eq!(read(&[("access", "Never"), ("q", "ada")]), (never, vec![]));
    }

    #[test]
    fn the_api_gets_the_contract_names_and_whole_days() {
        let f = Filters {
            active: Some(false),
            two_factor: Some(true),
            failing: true,
            last_access: DayRange {
                from: day("2026-06-01"),
                to: day("2026-06-30"),
            },
            ..Filters::default()
        };
        assert_eq!(
            f.api_pairs(),
            vec![
                ("User_Active", "false".to_owned()),
                ("User_TwoFactorEnabled", "true".to_owned()),
                ("from_User_InvalidLoginAttempts", "1".to_owned()),
                ("from_User_LastAccess", "2026-06-01T00:00:00Z".to_owned()),
                (
                    "to_User_LastAccess",
                    "2026-06-30T23:59:59.9999999Z".to_owned()
                ),
            ]
        );
        let never = Filters {
            never_signed_in: true,
            ..Filters::default()
        };
        assert_eq!(
            never.api_pairs(),
            vec![("User_LastAccess", "null".to_owned())]
        );
        assert!(Filters::default().api_pairs().is_empty());
    }

    #[test]
    fn a_hand_edited_address_leaves_out_what_it_cannot_read_and_says_why() {
        let (f, left) = read(&[
            ("active", "banana"),
            ("admin", "no"),
            ("color", "red"),
            ("created_from", "2026-13-01"),
            ("access_from", "2026-06-30"),
            ("access_to", "2026-06-01"),
            ("role", "front-desk"),
        ]);
        assert_eq!(
            f,
            Filters {
                admin: Some(false),
                ..Filters::default()
            }
        );
        let params: Vec<&str> = left.iter().map(|l| l.param.as_str()).collect();
        assert_eq!(
            params,
            vec![
                "active",
                "role",
                "access_from, access_to",
                "created_from",
                "color"
            ]
        );
        assert!(left[0].why.contains("“banana”"));
        assert!(left[2]
            .why
            .contains("ends (2026-06-01) before it starts (2026-06-30)"));
        assert!(left[3].why.contains("not a date"));
        assert!(left[4].why.contains("not a filter"));
    }

    #[test]
    fn never_signed_in_wins_over_a_range_and_says_so() {
        let (f, left) = read(&[("access", "never"), ("access_from", "2026-01-01")]);
        assert!(f.never_signed_in);
        assert_eq!(f.last_access, DayRange::default());
        assert_eq!(left.len(), 1);
        let (_, left) = read(&[("access", "sometimes")]);
        assert_eq!(left[0].param, "access");
    }

    #[test]
    fn days_that_do_not_exist_are_not_days() {
        assert!(Day::parse("2026-02-29").is_none());
        assert!(Day::parse("2028-02-29").is_some());
        assert!(Day::parse("2026-6-1").is_none());
        assert!(Day::parse("2026-06-01T10:00").is_none());
        assert!(Day::parse("").is_none());
    }

    #[test]
    fn chips_say_what_they_filter() {
        let f = Filters {
            two_factor: Some(false),
            role: Some(19),
            never_signed_in: true,
            created: DayRange {
                from: day("2026-01-01"),
                to: day("2026-01-01"),
            },
            ..Filters::default()
        };
        assert_eq!(
            f.in_use(),
            vec![
                FilterKind::TwoFactor,
                FilterKind::Role,
                FilterKind::LastAccess,
                FilterKind::Created
            ]
        );
        assert_eq!(f.describe(FilterKind::TwoFactor, None), "Two-factor: Off");
        assert_eq!(
            f.describe(FilterKind::Role, Some("Events")),
            "Has role: Events"
        );
        assert_eq!(f.describe(FilterKind::Role, None), "Has role: role 19");
        assert_eq!(
            f.describe(FilterKind::LastAccess, None),
            "Last access: never signed in"
        );
        assert_eq!(
            f.describe(FilterKind::Created, None),
            "Created: on 2026-01-01"
        );
        let fewer = f.without(FilterKind::LastAccess).without(FilterKind::Role);
        assert_eq!(
            fewer.in_use(),
            vec![FilterKind::TwoFactor, FilterKind::Created]
        );
        assert!(!Filters::default().any());
    }

    fn row(json: &str) -> UserRecord {
        // The tests' own literal rows: they parse, or the test is wrong.
        UserRecord::from_json(json).expect("test row")
    }

    #[test]
    fn a_row_that_does_not_match_names_the_filter_the_server_ignored() {
        let f = Filters {
            active: Some(false),
            last_access: DayRange {
                from: day("2026-06-01"),
                to: None,
            },
            ..Filters::default()
        };
        let fits = row(r#"{"Id":1,"Active":false,"LastAccess":"2026-06-01T00:30:00+00:00"}"#);
        assert_eq!(f.unmatched_by(&fits, None), None);
        let active = row(r#"{"Id":2,"Active":true,"LastAccess":"2026-07-01T00:00:00Z"}"#);
        assert_eq!(f.unmatched_by(&active, None), Some(FilterKind::Active));
        // 01:30 at +02:00 is 23:30 UTC the day before.
        let early = row(r#"{"Id":3,"Active":false,"LastAccess":"2026-06-01T01:30:00+02:00"}"#);
        assert_eq!(f.unmatched_by(&early, None), Some(FilterKind::LastAccess));
        let never = row(r#"{"Id":4,"Active":false,"LastAccess":null}"#);
        assert_eq!(f.unmatched_by(&never, None), Some(FilterKind::LastAccess));
        let lacking = row(r#"{"Id":5}"#);
        assert_eq!(f.unmatched_by(&lacking, None), None, "cannot tell");

        let role = Filters {
            role: Some(19),
            failing: true,
            never_signed_in: true,
            ..Filters::default()
        };
        let holder = row(r#"{"Id":7,"InvalidLoginAttempts":2,"LastAccess":null}"#);
        assert_eq!(role.unmatched_by(&holder, Some(&[7, 8])), None);
        assert_eq!(
            role.unmatched_by(&holder, Some(&[8])),
            Some(FilterKind::Role)
        );
        let fine = row(r#"{"Id":8,"InvalidLoginAttempts":0}"#);
        assert_eq!(
            role.unmatched_by(&fine, Some(&[8])),
            Some(FilterKind::Failing)
        );
        let seen = row(r#"{"Id":8,"InvalidLoginAttempts":1,"LastAccess":"2026-01-01T00:00:00Z"}"#);
        assert_eq!(
            role.unmatched_by(&seen, Some(&[8])),
            Some(FilterKind::LastAccess)
        );
    }
}
