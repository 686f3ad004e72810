//! Property tests: the round trip of arbitrary user-shaped records, random edits changing
//! only what was edited, and every parser fuzzed with 10,000 cases (no panics, and
//! against its documented rules or an oracle where it has them).

use std::collections::BTreeSet;
use std::sync::OnceLock;

use contract::catalogue::{FieldSpec, Kind, FIELDS};
use contract::datetime::parse_datetime;
use contract::json::{Map, Value};
use contract::validate::{
    check_https_url, check_record, check_value, is_valid_email, is_valid_guid, messages, LIST_TWINS,
};
use contract::{
    display_text, map_server_errors, parse_input, parse_put_response, parse_retry_after,
    parse_token_error, Draft, FieldError, ListEnvelope, PutOutcome, Rebased, ServerError,
    TokenFailure, UserRecord,
};
use proptest::prelude::*;

use crate::fixtures;

/// Cases for each parser fuzz test.
const FUZZ_CASES: u32 = 10_000;
/// Cases for the record-level properties (each case builds a whole random user).
const RECORD_CASES: u32 = 1_000;

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        // A shrunk failure is enough; do not spend minutes on it.
        max_shrink_iters: 2_000,
        ..ProptestConfig::default()
    }
}

// ---------------------------------------------------------------- strategies

/// JSON text with one character inserted, replaced or deleted: mostly not JSON, and
/// wrong in the ways a parser gets wrong.
fn arb_near_json() -> impl Strategy<Value = String> {
    let chars: Vec<char> = "[]{}\",:0123456789-+.eEtfnu\\/ \t\n\u{1}é"
        .chars()
        .collect();
    (
        arb_json(),
        any::<prop::sample::Index>(),
        prop::sample::select(chars),
        0..3u8,
    )
        .prop_map(|(v, i, c, op)| {
            let mut s: Vec<char> = v.to_string().chars().collect();
            let at = i.index(s.len() + 1);
            match op {
                0 => s.insert(at, c),
                1 if at < s.len() => s[at] = c,
                _ if at < s.len() => {
                    s.remove(at);
                }
                _ => s.push(c),
            }
            s.into_iter().collect()
        })
}

/// Any JSON value, a few levels deep.
fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        "\\PC{0,12}".prop_map(Value::String),
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("\\PC{0,8}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map>())),
        ]
    })
}

/// A date-time string as servers and browsers write them (sometimes not valid).
fn arb_datetime_text() -> impl Strategy<Value = String> {
    (
        1u32..=9999,
        1u32..=12,
        1u32..=31,
        0u32..=23,
        0u32..=59,
        0u32..=59,
        prop::option::of("[0-9]{1,9}"),
        prop_oneof![
            Just(String::new()),
            Just("Z".to_owned()),
            (
                prop_oneof![Just('+'), Just('-')],
                0u32..=14,
                prop_oneof![Just(0u32), Just(30), Just(45)]
            )
                .prop_map(|(s, h, m)| format!("{s}{h:02}:{m:02}")),
        ],
        prop_oneof![Just('T'), Just(' ')],
        any::<bool>(),
    )
        .prop_map(|(y, mo, d, h, mi, s, frac, zone, sep, with_secs)| {
            let mut t = format!("{y:04}-{mo:02}-{d:02}{sep}{h:02}:{mi:02}");
            if with_secs {
                t.push_str(&format!(":{s:02}"));
                if let Some(f) = frac {
                    t.push('.');
                    t.push_str(&f);
                }
            }
            t.push_str(&zone);
            t
        })
}

/// A value of the kind a field holds (or occasionally anything at all).
fn arb_value_for(spec: &'static FieldSpec) -> BoxedStrategy<Value> {
    let typed: BoxedStrategy<Value> = match spec.kind {
        Kind::Text | Kind::Secret | Kind::ConfirmPassword => {
            any::<String>().prop_map(Value::String).boxed()
        }
        Kind::Email => "[a-z0-9.+]{1,10}@[a-z]{1,8}(\\.[a-z]{2,3})?"
            .prop_map(Value::String)
            .boxed(),
        Kind::NewPassword | Kind::AvatarUrl => Just(Value::Null).boxed(),
        Kind::Language => prop_oneof![1i64..=3, any::<i64>()]
            .prop_map(Value::from)
            .boxed(),
        Kind::Bool => any::<bool>().prop_map(Value::Bool).boxed(),
        Kind::Integer | Kind::OptionalId => (0i64..=i64::MAX).prop_map(Value::from).boxed(),
        Kind::DateTime => prop_oneof![
            arb_datetime_text().prop_map(Value::String),
            "\\PC{0,20}".prop_map(Value::String),
        ]
        .boxed(),
        Kind::Guid => "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
            .prop_map(Value::String)
            .boxed(),
        Kind::IdList => prop::collection::vec(0i64..100_000, 0..6)
            .prop_map(|v| Value::Array(v.into_iter().map(Value::from).collect()))
            .boxed(),
        Kind::ReadOnly => arb_json().boxed(),
    };
    if matches!(spec.kind, Kind::NewPassword | Kind::AvatarUrl) {
        return typed;
    }
    prop_oneof![6 => typed, 1 => Just(Value::Null), 1 => arb_json()].boxed()
}

/// An object shaped like a user: each catalogue field maybe present with a value of its
/// kind (or null, or anything), list twins sometimes, plus arbitrary extra properties.
fn arb_user() -> impl Strategy<Value = Map> {
    let fields: Vec<BoxedStrategy<Option<(String, Value)>>> = FIELDS
        .iter()
        .filter(|s| s.kind != Kind::ConfirmPassword)
        .map(|spec| {
            prop::option::weighted(0.85, arb_value_for(spec))
                .prop_map(move |v| v.map(|v| (spec.name.to_owned(), v)))
                .boxed()
        })
        .collect();
    let twins = prop::collection::vec(
        (
            prop::sample::select(
                LIST_TWINS
                    .iter()
                    .flat_map(|(_, a, r)| [*a, *r])
                    .collect::<Vec<_>>(),
            ),
            prop_oneof![
                Just(Value::Null),
                prop::collection::vec(0i64..100, 0..3)
                    .prop_map(|v| Value::Array(v.into_iter().map(Value::from).collect())),
            ],
        ),
        0..3,
    );
    let extras = prop::collection::vec(
        (
            prop_oneof!["[A-Z][A-Za-z]{0,12}", any::<String>()],
            arb_json(),
        ),
        0..5,
    );
    (fields, twins, extras).prop_map(|(fields, twins, extras)| {
        let mut map = Map::new();
        for (k, v) in extras {
            map.insert(k, v);
        }
        for (k, v) in fields.into_iter().flatten() {
            map.insert(k, v);
        }
        for (k, v) in twins {
            map.insert(k.to_owned(), v);
        }
        // What a loaded record needs for a save without edits: the required fields.
        for spec in FIELDS.iter().filter(|s| s.required) {
            if check_value(spec, map.get(spec.name)).contains(&messages::REQUIRED.to_owned()) {
                map.insert(spec.name.to_owned(), Value::from(1i64));
            }
        }
        map.insert("NewPassword".to_owned(), Value::Null);
        map.shift_remove("ConfirmNewPassword");
        map
    })
}

/// A valid input text for an editable field.
fn arb_valid_text(spec: &'static FieldSpec) -> BoxedStrategy<String> {
    let optional = |s: BoxedStrategy<String>| -> BoxedStrategy<String> {
        if spec.required {
            s
        } else {
            prop_oneof![4 => s, 1 => Just(String::new())].boxed()
        }
    };
    match spec.kind {
        Kind::Text => optional("[A-Za-z][A-Za-z ',.-]{0,40}".boxed()),
        Kind::Email => optional("[a-z0-9._%+-]{1,10}@[a-z0-9]{1,8}(\\.[a-z]{2,4}){0,2}".boxed()),
        Kind::NewPassword | Kind::ConfirmPassword => Just(String::new()).boxed(),
        Kind::Language => prop_oneof![Just("1"), Just("2"), Just("3")]
            .prop_map(str::to_owned)
            .boxed(),
        Kind::Bool => prop_oneof![Just("true"), Just("false")]
            .prop_map(str::to_owned)
            .boxed(),
        Kind::Integer | Kind::OptionalId => {
            optional((0i64..10_000_000).prop_map(|n| n.to_string()).boxed())
        }
        Kind::DateTime => optional(
            arb_datetime_text()
                .prop_filter("valid", |t| parse_datetime(t).is_ok())
                .boxed(),
        ),
        Kind::Guid => optional(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}".boxed(),
        ),
        Kind::AvatarUrl => optional("https://[a-z]{1,10}\\.example/[a-z0-9]{1,8}\\.png".boxed()),
        Kind::IdList => prop::collection::vec(0i64..200, 0..6)
            .prop_map(|ids| {
                ids.iter()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .boxed(),
        Kind::Secret | Kind::ReadOnly => Just(String::new()).boxed(),
    }
}

fn arb_edits() -> impl Strategy<Value = Vec<(&'static str, String)>> {
    let editable: Vec<&'static FieldSpec> = FIELDS
        .iter()
        .filter(|s| s.editable() && !matches!(s.kind, Kind::NewPassword | Kind::ConfirmPassword))
        .collect();
    prop::collection::vec(
        prop::sample::select(editable)
            .prop_flat_map(|spec| arb_valid_text(spec).prop_map(move |t| (spec.name, t))),
        0..8,
    )
}

/// Text that is often JSON-ish: arbitrary strings, JSON, and truncated JSON.
fn arb_body() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        arb_json().prop_map(|v| v.to_string()),
        (arb_json(), any::<prop::sample::Index>()).prop_map(|(v, i)| {
            let s = v.to_string();
            let mut cut = i.index(s.len() + 1);
            while !s.is_char_boundary(cut) {
                cut -= 1;
            }
            s.get(..cut).unwrap_or_default().to_owned()
        }),
    ]
}

/// Envelope-shaped JSON with random types in the documented places.
fn arb_envelope_body() -> impl Strategy<Value = String> {
    let error_item = prop_oneof![
        (
            prop::option::of(prop_oneof![
                "[A-Za-z$.\\[\\]0-9]{0,20}".prop_map(Value::String),
                arb_json()
            ]),
            prop::option::of(arb_json()),
        )
            .prop_map(|(p, m)| {
                let mut o = Map::new();
                if let Some(p) = p {
                    o.insert("PropertyName".into(), p);
                }
                if let Some(m) = m {
                    o.insert("Message".into(), m);
                }
                Value::Object(o)
            }),
        arb_json(),
    ];
    (
        prop::option::of(arb_json()),
        prop::option::of(prop_oneof![
            prop::collection::vec(error_item, 0..4).prop_map(Value::Array),
            arb_json(),
        ]),
        prop::option::of(arb_json()),
        prop::option::of(arb_json()),
    )
        .prop_map(|(message, errors, ok, value)| {
            let mut o = Map::new();
            for (k, v) in [
                ("Message", message),
                ("Errors", errors),
                ("WasSuccessful", ok),
                ("Value", value),
            ] {
                if let Some(v) = v {
                    o.insert(k.into(), v);
                }
            }
            Value::Object(o).to_string()
        })
}

fn arb_status() -> impl Strategy<Value = u16> {
    prop_oneof![
        prop::sample::select(vec![
            200u16, 201, 204, 400, 401, 403, 404, 409, 422, 429, 500, 503
        ]),
        any::<u16>(),
    ]
}

/// The WHATWG pattern, as the spec writes it: the oracle for the hand-written parser.
fn whatwg_email_regex() -> &'static regex::Regex {
    static RE: OnceLock<regex::Regex> = OnceLock::new();
    RE.get_or_init(|| {
        match regex::Regex::new(
            r"^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$",
        ) {
            Ok(r) => r,
            Err(e) => panic!("{e}"),
        }
    })
}

fn arb_emailish() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~ @\"()-]{0,12}@[a-zA-Z0-9.-]{0,20}",
        "[a-z]{1,5}@[a-z0-9-]{0,70}(\\.[a-z0-9-]{0,66}){0,3}",
        "[a-zé]{1,5}@@?[a-zé.]{1,10}",
    ]
}

fn arb_urlish() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "(https?|javascript|data|blob|ftp|HTTPS|file|)(:|://|:/)[a-z0-9.:@\\[\\]%/?#-]{0,20}",
        "[ \\t\\n]{0,2}h[\\t\\n]?ttps://[a-zA-Z0-9.-]{0,12}(:[0-9]{0,6})?/[ -~]{0,10}",
    ]
}

/// A GUID in one of the spellings [`is_valid_guid`] takes, often with one character
/// inserted, replaced or deleted: mostly near misses.
fn arb_guidish() -> impl Strategy<Value = String> {
    let chars: Vec<char> = "0aFgG-{}()[]:urnid é".chars().collect();
    (
        "[0-9a-fA-F]{32}",
        0..8u8,
        any::<prop::sample::Index>(),
        prop::sample::select(chars),
        0..4u8,
    )
        .prop_map(|(hex, form, i, c, op)| {
            let h = |r: std::ops::Range<usize>| hex.get(r).unwrap_or_default().to_owned();
            let hyphens = [h(0..8), h(8..12), h(12..16), h(16..20), h(20..32)].join("-");
            let text = match form {
                0 => hex,
                1 => hyphens,
                2 => format!("{{{hyphens}}}"),
                3 => format!("urn:uuid:{hyphens}"),
                4 => format!("({hyphens})"),
                5 => format!("({hex})"),
                6 => format!("URN:Uuid:{hyphens}"),
                _ => format!("({{{hyphens}}})"),
            };
            let mut s: Vec<char> = text.chars().collect();
            let at = i.index(s.len() + 1);
            match op {
                0 => s.insert(at, c),
                1 if at < s.len() => s[at] = c,
                2 if at < s.len() => {
                    s.remove(at);
                }
                _ => {}
            }
            s.into_iter().collect()
        })
}

/// The oracle for [`is_valid_guid`], from its doc: 8-4-4-4-12 hex digits (either case),
/// bare, in braces or after `urn:uuid:` (in any case); or 32 hex digits; or any of those in
/// parentheses (.NET's form). Nothing else: no spaces, no other brackets.
fn guid_oracle(text: &str) -> bool {
    fn hex(s: &str, len: usize) -> bool {
        s.len() == len && s.bytes().all(|b| b.is_ascii_hexdigit())
    }
    fn hyphenated(s: &str) -> bool {
        let groups: Vec<&str> = s.split('-').collect();
        groups.len() == 5
            && groups
                .iter()
                .zip([8, 4, 4, 4, 12])
                .all(|(g, len)| hex(g, len))
    }
    fn spelled(s: &str) -> bool {
        hex(s, 32)
            || hyphenated(s)
            || s.strip_prefix('{')
                .and_then(|s| s.strip_suffix('}'))
                .is_some_and(hyphenated)
            || (s
                .get(..9)
                .is_some_and(|p| p.eq_ignore_ascii_case("urn:uuid:"))
                && s.get(9..).is_some_and(hyphenated))
    }
    spelled(text)
        || text
            .strip_prefix('(')
            .and_then(|s| s.strip_suffix(')'))
            .is_some_and(spelled)
}

/// What `parse_input` gives an `IdList` text, by the convention on `Kind`: the
/// comma-separated parts, each trimmed, empty ones skipped, every other one a
/// non-negative whole number (digits only, fitting `i64`); each id once, first
/// occurrence first. `None` when a part is not such a number.
fn id_list_oracle(text: &str) -> Option<Vec<i64>> {
    let mut ids = Vec::new();
    for part in text.split(',') {
        let part = part.trim_matches(char::is_whitespace);
        if part.is_empty() {
            continue;
        }
        if !part.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let mut n: i64 = 0;
        for d in part.bytes() {
            n = n.checked_mul(10)?.checked_add(i64::from(d - b'0'))?;
        }
        if !ids.contains(&n) {
            ids.push(n);
        }
    }
    Some(ids)
}

/// What `parse_input` gives an `Integer`/`OptionalId`/`Language` text: blank is `null`,
/// else an optional sign and decimal digits fitting `i64`; `None` for anything else.
fn integer_oracle(text: &str) -> Option<Value> {
    let t = text.trim_matches(char::is_whitespace);
    if t.is_empty() {
        return Some(Value::Null);
    }
    let (negative, digits) = match t.as_bytes().first() {
        Some(b'-') => (true, t.get(1..)?),
        Some(b'+') => (false, t.get(1..)?),
        _ => (false, t),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut n: i128 = 0;
    for d in digits.bytes() {
        n = (n * 10 + i128::from(d - b'0')).min(i128::from(u64::MAX));
    }
    let n = if negative { -n } else { n };
    i64::try_from(n).ok().map(Value::from)
}

/// The token error codes CONTRACT.md documents.
const TOKEN_CODES: [&str; 4] = [
    "invalid_grant",
    "two_factor_auth_check",
    "must_reset_password",
    "unsupported_grant_type",
];

/// An `error` code: a documented one in random letter case (sometimes padded with
/// spaces), or any other text, short or around the 60 characters shown.
fn arb_token_code() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => (
            prop::sample::select(TOKEN_CODES.to_vec()),
            prop::collection::vec(any::<bool>(), 32),
            "[ \t]{0,2}",
            "[ \t]{0,2}",
        )
            .prop_map(|(code, upper, before, after)| {
                let cased: String = code
                    .chars()
                    .zip(upper)
                    .map(|(c, u)| if u { c.to_ascii_uppercase() } else { c })
                    .collect();
                format!("{before}{cased}{after}")
            }),
        1 => "[a-z_ ]{0,25}",
        1 => "[a-zA-Z_]{55,70}",
        1 => any::<String>(),
    ]
}

/// The failure a token answer means, read with `serde_json` (not the code under test's
/// `json`) and the rules of [`parse_token_error`]'s doc.
fn token_failure_oracle(status: u16, body: &str) -> TokenFailure {
    if status >= 500 {
        return TokenFailure::Server(status);
    }
    let code = serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.get("error")?.as_str().map(|s| s.trim().to_owned()))
        .filter(|c| !c.is_empty());
    let Some(code) = code else {
        return TokenFailure::Other(format!("HTTP {status}"));
    };
    match code.to_ascii_lowercase().as_str() {
        "invalid_grant" => TokenFailure::InvalidCredentials,
        "two_factor_auth_check" => TokenFailure::TwoFactorRequired,
        "must_reset_password" => TokenFailure::MustResetPassword,
        _ => TokenFailure::Other(code.chars().take(60).collect()),
    }
}

/// Days from 1970-01-01 to a proleptic Gregorian date, counted plainly: whole years
/// since 0001-01-01, then whole months, then days. (Not the algorithm of the code.)
fn oracle_days(year: i64, month: i64, day: i64) -> i64 {
    const BEFORE_MONTH: [i64; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    let y = year - 1;
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let since_year_1 = y * 365 + y / 4 - y / 100
        + y / 400
        + BEFORE_MONTH[(month - 1) as usize]
        + i64::from(leap && month > 2)
        + day
        - 1;
    // 1970-01-01 is day 719,162 counted from 0001-01-01.
    since_year_1 - 719_162
}

fn oracle_days_in_month(year: i64, month: i64) -> i64 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A valid HTTP-date built from generated parts, with the instant it names in Unix
/// seconds (by [`oracle_days`]): IMF-fixdate `Sun, 06 Nov 1994 08:49:37 GMT`, RFC 850
/// `Sunday, 06-Nov-94 08:49:37 GMT` (two-digit years read as 1970–2069) or asctime
/// `Sun Nov  6 08:49:37 1994`, the weekday right, sometimes padded with spaces.
fn arb_http_date() -> impl Strategy<Value = (String, i64)> {
    const DAYS: [&str; 7] = [
        "Sunday",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
    ];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    (
        0..3u8,
        prop_oneof![1i64..=9999, 1960i64..=2080],
        1i64..=12,
        0i64..31,
        (0i64..=23, 0i64..=59, 0i64..=59),
        "[ ]{0,2}",
        "[ ]{0,2}",
    )
        .prop_map(|(form, year, month, day, (h, mi, s), before, after)| {
            // RFC 850 writes two digits, which name a year of 1970–2069.
            let year = if form == 1 { 1970 + year % 100 } else { year };
            let day = 1 + day % oracle_days_in_month(year, month);
            let days = oracle_days(year, month, day);
            let weekday = DAYS[(days + 4).rem_euclid(7) as usize];
            let short = weekday.get(..3).unwrap_or_default();
            let mon = MONTHS[(month - 1) as usize];
            let text = match form {
                0 => format!("{short}, {day:02} {mon} {year:04} {h:02}:{mi:02}:{s:02} GMT"),
                1 => format!(
                    "{weekday}, {day:02}-{mon}-{:02} {h:02}:{mi:02}:{s:02} GMT",
                    year % 100
                ),
                _ => format!("{short} {mon} {day:>2} {h:02}:{mi:02}:{s:02} {year:04}"),
            };
            (
                format!("{before}{text}{after}"),
                days * 86_400 + h * 3_600 + mi * 60 + s,
            )
        })
}

// ---------------------------------------------------------------- round trip and diff

proptest! {
    #![proptest_config(config(RECORD_CASES))]

    /// Parse → PUT body with no edits gives back exactly what came in.
    #[test]
    fn no_edits_round_trip_exactly(user in arb_user()) {
        let text = Value::Object(user).to_string();
        let expected = Value::parse(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let record = UserRecord::from_json(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let draft = Draft::new(record);
        prop_assert!(!draft.is_dirty());
        prop_assert!(draft.changed().is_empty());
        let body = draft.put_body().map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        prop_assert_eq!(body.to_string(), text);
        prop_assert_eq!(body, expected);
    }

    /// Random valid edits: only the edited properties (and a changed list's twins) differ,
    /// each holds the parsed edit, and undoing every edit makes the draft clean again.
    #[test]
    fn random_edits_change_only_what_was_edited(user in arb_user(), edits in arb_edits()) {
        let base = Value::Object(user.clone());
        let record = UserRecord::from(user);
        let mut draft = Draft::new(record.clone());
        for (name, text) in &edits {
            draft.set_input(name, text.clone());
        }
        let changed = draft.changed();
        for name in &changed {
            prop_assert!(edits.iter().any(|(n, _)| n == name), "{} changed but not edited", name);
        }
        let body = match draft.put_body() {
            Ok(b) => b,
            Err(errors) => {
                // The only way valid single-field edits can fail: both avatar fields set.
                for e in &errors {
                    prop_assert!(
                        e.message == messages::AVATAR_URL_WITH_CLEAR
                            || e.message == messages::AVATAR_CLEAR_WITH_URL,
                        "unexpected error {}", e
                    );
                }
                return Ok(());
            }
        };
        let (Some(b), Some(a)) = (body.as_object(), base.as_object()) else {
            return Err(TestCaseError::fail("not objects"));
        };
        let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
        for k in keys {
            if a.get(k) == b.get(k) {
                continue;
            }
            let is_twin = LIST_TWINS.iter().any(|(list, added, removed)| {
                (k == added || k == removed) && changed.contains(list)
            });
            prop_assert!(changed.contains(&k.as_str()) || is_twin, "{} differs but was not changed", k);
        }
        for name in &changed {
            let Some(spec) = contract::field(name) else { continue };
            if !spec.sent() { continue; }
            let text = draft.input(name);
            let want = parse_input(spec, &text).map_err(TestCaseError::fail)?;
            prop_assert_eq!(b.get(name), Some(&want));
        }
        // Everything sent passes the server's own rules on what was edited.
        let sent = UserRecord::from(b.clone());
        for e in check_record(&sent) {
            let spec_changed = changed.iter().any(|c| *c == e.property);
            prop_assert!(!spec_changed, "edited {} fails check_record: {}", e.property, e.message);
        }
        // Undo: typing the baseline text back leaves nothing dirty.
        for (name, _) in &edits {
            let Some(spec) = contract::field(name) else { continue };
            draft.set_input(name, display_text(spec, record.get(spec.name)));
        }
        prop_assert!(!draft.is_dirty(), "{:?}", draft.changed());
    }

    /// Display text → parse → display text is stable for every kind.
    #[test]
    fn display_and_parse_agree(user in arb_user()) {
        for spec in FIELDS.iter().filter(|s| s.editable()) {
            let shown = display_text(spec, user.get(spec.name));
            if let Ok(v) = parse_input(spec, &shown) {
                let again = display_text(spec, Some(&v));
                let v2 = parse_input(spec, &again);
                prop_assert_eq!(v2, Ok(v), "{}: {:?} → {:?}", spec.name, shown, again);
            }
        }
    }
}

// ---------------------------------------------------------------- three-way merge

/// A JSON number as servers write them: signs, fractions with trailing zeros, exponents,
/// integers beyond `i64`. Read by `json`, so it keeps that text.
fn arb_number() -> impl Strategy<Value = Value> {
    "-?(0|[1-9][0-9]{0,24})(\\.[0-9]{1,4})?([eE][+-]?[0-9]{1,2})?"
        .prop_map(|text| Value::parse(&text).unwrap_or_default())
}

/// A loaded user and the same user as someone else has saved it since: each property
/// kept, replaced by another user's (removed where that one lacks it), plus a few new
/// properties, numbers among them. Both can be saved unedited.
fn arb_base_and_theirs() -> impl Strategy<Value = (Map, Map)> {
    (
        arb_user(),
        arb_user(),
        prop::collection::vec(prop::bool::weighted(0.3), 1..128),
        prop::collection::vec(("[A-Z][a-z]{1,8}", arb_number()), 0..3),
    )
        .prop_map(|(base, other, replace, added)| {
            let replaced = |i: usize| replace[i % replace.len()];
            let mut theirs = Map::new();
            for (i, (k, v)) in base.iter().enumerate() {
                match (replaced(i), other.get(k)) {
                    (false, _) => theirs.insert(k.clone(), v.clone()),
                    (true, Some(o)) => theirs.insert(k.clone(), o.clone()),
                    (true, None) => None,
                };
            }
            for (i, (k, v)) in other.iter().enumerate() {
                if base.get(k).is_none() && replaced(i + 1) {
                    theirs.insert(k.clone(), v.clone());
                }
            }
            for (k, v) in added {
                if base.get(&k).is_none() {
                    theirs.insert(k, v);
                }
            }
            (base, theirs)
        })
}

fn spec_of(name: &str) -> Result<&'static FieldSpec, TestCaseError> {
    contract::field(name).ok_or_else(|| TestCaseError::fail(format!("no field {name}")))
}

fn draft_of(record: &Map, edits: &[(&'static str, String)]) -> Draft {
    let mut draft = Draft::new(UserRecord::from(record.clone()));
    for (name, text) in edits {
        draft.set_input(name, text.clone());
    }
    draft
}

/// `record` holding the values of the edits that change it, as a server that saved them
/// sends it back (without `Added…`/`Removed…` twins).
fn with_edits(record: &Map, edits: &[(&'static str, String)]) -> Result<Map, TestCaseError> {
    let draft = draft_of(record, edits);
    let mut out = record.clone();
    for name in draft.changed() {
        let value = parse_input(spec_of(name)?, &draft.input(name)).map_err(TestCaseError::fail)?;
        out.insert(name.to_owned(), value);
    }
    Ok(out)
}

fn is_twin(name: &str) -> bool {
    LIST_TWINS.iter().any(|(_, a, r)| name == *a || name == *r)
}

fn without_twins(body: Value) -> Map {
    match body {
        Value::Object(map) => map.into_iter().filter(|(k, _)| !is_twin(k)).collect(),
        _ => Map::new(),
    }
}

/// The one way valid edits can fail to save: both avatar actions at once.
fn only_avatar_errors(errors: &[FieldError]) -> Result<(), TestCaseError> {
    for e in errors {
        prop_assert!(
            e.message == messages::AVATAR_URL_WITH_CLEAR
                || e.message == messages::AVATAR_CLEAR_WITH_URL,
            "unexpected error {}",
            e
        );
    }
    Ok(())
}

/// As [`only_avatar_errors`], and one more case no valid edit can avoid: theirs holds
/// a list that is not a list of ids (a negative id, say) and mine edited that list. The
/// lists merge as sets, so their bad member is kept, never dropped, and the save names
/// the field for the admin to correct rather than send it.
fn only_avatar_or_their_bad_list_errors(
    errors: &[FieldError],
    theirs: &Map,
    edits: &[(&'static str, String)],
) -> Result<(), TestCaseError> {
    let their_bad_list = |e: &FieldError| {
        e.message == messages::NOT_ID_LIST
            && edits.iter().any(|(name, _)| *name == e.property)
            && spec_of(&e.property)
                .is_ok_and(|spec| !check_value(spec, theirs.get(e.property.as_str())).is_empty())
    };
    let others: Vec<FieldError> = errors
        .iter()
        .filter(|e| !their_bad_list(e))
        .cloned()
        .collect();
    only_avatar_errors(&others)
}

/// Mine rebased onto base with their edits, both sides' edits valid; the PUT body.
fn merged(
    user: &Map,
    mine: &[(&'static str, String)],
    theirs: &[(&'static str, String)],
) -> Result<Value, TestCaseError> {
    let mut draft = draft_of(user, mine);
    let rebased = draft.rebase(UserRecord::from(with_edits(user, theirs)?));
    prop_assert!(rebased.conflicts.is_empty(), "{:?}", rebased.conflicts);
    draft
        .put_body()
        .map_err(|e| TestCaseError::fail(format!("{e:?}")))
}

/// A set of ids in any order.
fn arb_ids() -> impl Strategy<Value = Vec<i64>> {
    prop::sample::subsequence((0i64..10).collect::<Vec<_>>(), 0..=10).prop_shuffle()
}

fn ids_of(value: Option<&Value>) -> Vec<i64> {
    value
        .and_then(Value::as_array)
        .map(|items| items.iter().filter_map(Value::as_i64).collect())
        .unwrap_or_default()
}

proptest! {
    #![proptest_config(config(RECORD_CASES))]

    /// merge(b, b, t) = t: a draft without edits sends theirs byte for byte (unknown
    /// properties and number text included), and names exactly what differs.
    #[test]
    fn without_edits_a_rebase_gives_theirs((base, theirs) in arb_base_and_theirs()) {
        let mut draft = Draft::new(UserRecord::from(base.clone()));
        let rebased = draft.rebase(UserRecord::from(theirs.clone()));
        prop_assert!(rebased.conflicts.is_empty());
        let body = draft.put_body().map_err(|e| TestCaseError::fail(format!("{e:?}")))?;
        prop_assert_eq!(body.to_string(), Value::Object(theirs.clone()).to_string());
        let names = &rebased.changed_by_them;
        for (i, name) in names.iter().enumerate() {
            prop_assert!(base.get(name) != theirs.get(name), "{} did not change", name);
            prop_assert!(name != "UpdatedOn" && name != "UpdatedBy");
            prop_assert!(!names[..i].contains(name), "{} twice", name);
        }
        for k in theirs.keys().chain(base.keys()) {
            let known = contract::field(k).is_some_and(|s| s.editable());
            if !known && base.get(k) != theirs.get(k) && k != "UpdatedOn" && k != "UpdatedBy" {
                prop_assert!(names.contains(k), "{} changed but is not named", k);
            }
        }
    }

    /// merge(b, m, b) = m: rebasing onto the baseline itself changes nothing.
    #[test]
    fn rebasing_onto_the_baseline_changes_nothing(user in arb_user(), edits in arb_edits()) {
        let mut draft = draft_of(&user, &edits);
        let before = draft.clone();
        prop_assert_eq!(draft.rebase(UserRecord::from(user)), Rebased::default());
        prop_assert_eq!(draft, before);
    }

    /// Edits of different fields commute: mine onto theirs and theirs onto mine send the
    /// same record (but for the twins, each computed against its own baseline), holding
    /// both sides' values, without a conflict.
    #[test]
    fn disjoint_edits_commute_and_both_survive(user in arb_user(), mine in arb_edits(), theirs in arb_edits()) {
        let avatar = |n: &str| n == "NewAvatarUrl" || n == "ClearAvatarFile";
        let mine: Vec<_> = mine.into_iter().filter(|(n, _)| !avatar(n)).collect();
        let theirs: Vec<_> = theirs
            .into_iter()
            .filter(|(n, _)| !avatar(n) && !mine.iter().any(|(m, _)| m == n))
            .collect();
        let one = without_twins(merged(&user, &mine, &theirs)?);
        let other = without_twins(merged(&user, &theirs, &mine)?);
        let both = without_twins(Value::Object(with_edits(&with_edits(&user, &mine)?, &theirs)?));
        prop_assert_eq!(&one, &other);
        prop_assert_eq!(&one, &both);
    }

    /// Every property theirs has is sent; what was not edited is sent exactly as theirs
    /// has it (number text, unknown properties, secrets); nothing else appears.
    #[test]
    fn no_property_is_ever_dropped((base, theirs) in arb_base_and_theirs(), edits in arb_edits()) {
        let mut draft = draft_of(&base, &edits);
        draft.rebase(UserRecord::from(theirs.clone()));
        let body = match draft.put_body() {
            Ok(body) => body,
            Err(errors) => return only_avatar_or_their_bad_list_errors(&errors, &theirs, &edits),
        };
        let changed = draft.changed();
        let edited = |k: &str| {
            changed.contains(&k)
                || LIST_TWINS.iter().any(|(l, a, r)| (k == *a || k == *r) && changed.contains(l))
        };
        let Some(sent) = body.as_object() else {
            return Err(TestCaseError::fail("not an object"));
        };
        for (k, v) in theirs.iter() {
            prop_assert!(sent.get(k).is_some(), "{} dropped", k);
            if !edited(k) {
                prop_assert_eq!(sent.get(k).map(Value::to_string), Some(v.to_string()));
            }
        }
        for k in sent.keys() {
            prop_assert!(theirs.get(k).is_some() || edited(k), "{} appeared", k);
        }
    }

    /// The id lists merge as sets: an id is as mine has it where I changed it, else as
    /// theirs has it; theirs' order, then my adds; the twins against theirs; no conflict.
    #[test]
    fn lists_merge_as_sets(
        list in prop::sample::select(LIST_TWINS.to_vec()),
        base in arb_ids(),
        mine in arb_ids(),
        theirs in arb_ids(),
    ) {
        let (name, added, removed) = list;
        let with = |ids: &[i64]| {
            let mut r = fixtures::user();
            r.set(name, Value::Array(ids.iter().map(|n| Value::from(*n)).collect()));
            r
        };
        let mut draft = Draft::new(with(&base));
        draft.set_input(name, mine.iter().map(i64::to_string).collect::<Vec<_>>().join(","));
        prop_assert!(draft.rebase(with(&theirs)).conflicts.is_empty());
        let body = draft.put_body().map_err(|e| TestCaseError::fail(format!("{e:?}")))?;

        let kept = |n: &i64| if mine.contains(n) != base.contains(n) { mine.contains(n) } else { theirs.contains(n) };
        let merged: Vec<i64> = theirs
            .iter()
            .filter(|n| kept(n))
            .chain(mine.iter().filter(|n| kept(n) && !theirs.contains(n)))
            .copied()
            .collect();
        let same_set = merged.len() == theirs.len() && merged.iter().all(|n| theirs.contains(n));
        // An edit of a list they did not change stays as typed, in my order.
        let they_changed = theirs.len() != base.len() || theirs.iter().any(|n| !base.contains(n));
        if same_set {
            prop_assert!(!draft.is_changed(name));
            prop_assert_eq!(ids_of(body.get(name)), theirs.clone());
            prop_assert!(body.get(added).is_none() && body.get(removed).is_none());
        } else {
            let order = if they_changed { &merged } else { &mine };
            prop_assert_eq!(&ids_of(body.get(name)), order);
            let plus: Vec<i64> = merged.iter().filter(|n| !theirs.contains(n)).copied().collect();
            let minus: Vec<i64> = theirs.iter().filter(|n| !merged.contains(n)).copied().collect();
            prop_assert_eq!(ids_of(body.get(added)), plus);
            prop_assert_eq!(ids_of(body.get(removed)), minus);
        }
    }

    /// A kept draft holds no secret or password, survives being written as text, and
    /// restored onto a newer record gives what rebasing the draft onto it gives.
    #[test]
    fn a_kept_draft_restores_as_a_rebase_would((base, theirs) in arb_base_and_theirs(), edits in arb_edits()) {
        let draft = draft_of(&base, &edits);
        let kept = draft.to_kept();
        let avatar_edited = ["NewAvatarUrl", "ClearAvatarFile"].iter().any(|n| kept["edits"].get(n).is_some());
        for k in kept["base"].as_object().iter().flat_map(|b| b.keys()) {
            // What a new or cleared avatar would replace, the one base without an edit.
            if k == "AvatarFileName" {
                prop_assert!(avatar_edited, "a file's base without an avatar action");
                continue;
            }
            let spec = spec_of(k)?;
            prop_assert!(spec.editable() && !matches!(spec.kind, Kind::NewPassword | Kind::ConfirmPassword), "{}", k);
            prop_assert!(kept["edits"].get(k).is_some(), "{} has a base but no edit", k);
        }
        let kept = Value::parse(&kept.to_string()).map_err(|e| TestCaseError::fail(e.to_string()))?;

        let mut rebased = draft.clone();
        let expected = rebased.rebase(UserRecord::from(theirs.clone()));
        let mut restored = Draft::new(UserRecord::from(theirs));
        let got = restored.restore_kept(&kept);
        prop_assert_eq!(got.conflicts, expected.conflicts);
        prop_assert_eq!(restored.edits(), rebased.edits());
        prop_assert_eq!(restored.put_body(), rebased.put_body());
    }
}

// ---------------------------------------------------------------- fuzzing the parsers

proptest! {
    #![proptest_config(config(FUZZ_CASES))]

    /// `json` reads exactly what `serde_json` reads, to the same values, and writes what
    /// it reads back unchanged. The one difference allowed: a number beyond `f64`'s
    /// range, which `serde_json` refuses and `json` keeps as written.
    #[test]
    fn json_agrees_with_serde_json(text in prop_oneof![
        arb_body(),
        arb_near_json(),
        "-?0?[0-9]{0,2}(\\.[0-9]{0,2})?([eE][+-]?[0-9]{0,2})?",
    ]) {
        let ours = Value::parse(&text);
        let theirs = serde_json::from_str::<serde_json::Value>(&text);
        match (&ours, &theirs) {
            (Ok(a), Ok(b)) => {
                prop_assert_eq!(&serde_json::Value::from(a.clone()), b);
                prop_assert_eq!(Value::parse(&a.to_string()), Ok(a.clone()));
            }
            // Beyond f64, and an unpaired surrogate (read as U+FFFD, kept as it came).
            (Ok(_), Err(e)) => prop_assert!(
                e.to_string().contains("number out of range") || e.to_string().contains("surrogate"),
                "{e}"
            ),
            (Err(e), Ok(_)) => prop_assert!(false, "refused what serde_json reads: {e}"),
            (Err(_), Err(_)) => {}
        }
    }

    /// Strings are written as `serde_json` writes them.
    #[test]
    fn json_writes_strings_as_serde_json(text in any::<String>()) {
        prop_assert_eq!(Value::String(text.clone()).to_string(), serde_json::Value::String(text).to_string());
    }

    #[test]
    fn fuzz_user_record_from_json(body in arb_body()) {
        let parsed = Value::parse(&body);
        let record = UserRecord::from_json(&body);
        // Exactly the JSON objects are records, each kept as it came.
        prop_assert_eq!(
            record.as_ref().ok().map(UserRecord::to_value),
            parsed.ok().filter(Value::is_object)
        );
        if let Ok(r) = record {
            // Whatever parsed goes back unchanged through a draft, errors or not.
            let draft = Draft::new(r.clone());
            prop_assert!(!draft.is_dirty());
            if let Ok(b) = draft.put_body() {
                let mut expected = r.to_value();
                if let Some(o) = expected.as_object_mut() {
                    if o.get("NewPassword").is_some_and(|v| !v.is_null()) {
                        o.insert("NewPassword".into(), Value::Null);
                    }
                }
                prop_assert_eq!(b, expected);
            }
            let _ = check_record(&r);
        }
    }

    #[test]
    fn fuzz_parse_put_response(status in arb_status(), body in prop_oneof![arb_body(), arb_envelope_body()]) {
        match parse_put_response(status, &body) {
            PutOutcome::Invalid { fields, form } => {
                prop_assert!(!fields.is_empty() || !form.is_empty());
                prop_assert!(fields.iter().all(|(_, v)| !v.is_empty()));
            }
            PutOutcome::Saved { .. } => prop_assert!((200..300).contains(&status)),
            PutOutcome::Unreadable => prop_assert!((200..300).contains(&status) && !body.trim().is_empty()),
            PutOutcome::ServerError { message } | PutOutcome::Unexpected { message, .. } => {
                prop_assert!(!message.is_empty());
            }
            _ => {}
        }
    }

    #[test]
    fn fuzz_map_server_errors(errors in prop::collection::vec(
        (
            prop::option::of(prop_oneof![
                any::<String>(),
                "[A-Za-z.\\[\\]0-9$]{0,16}",
                prop::sample::select(vec!["Email", "SupportTeamUserEmail", "UserRoles[2]", "AddedChatRooms", "Businesses", "NewPassword", "PasswordSalt"]).prop_map(str::to_owned),
            ]),
            prop::option::of(any::<String>()),
            prop::option::of(arb_json()),
        ),
        0..6,
    )) {
        let errors: Vec<ServerError> = errors
            .into_iter()
            .map(|(p, m, a)| ServerError { property_name: p, message: m, attempted_value: a })
            .collect();
        let (fields, form) = map_server_errors(&errors);
        for e in &errors {
            let msg = e.message.as_deref().map(str::trim).filter(|m| !m.is_empty());
            let found = match msg {
                // A field's message may name the value refused after it.
                Some(m) => fields.iter().flat_map(|(_, v)| v).any(|x| x.starts_with(m)) || form.iter().any(|x| x.contains(m)),
                None => !fields.is_empty() || !form.is_empty(),
            };
            prop_assert!(found, "{:?} was dropped", e);
        }
    }

    /// The reading the app uses: a documented code in any letter case is its variant,
    /// another code is shown (cut to 60 characters), no code shows the status, a 5xx is the
    /// server's failure; what the form shows is never blank.
    #[test]
    fn fuzz_parse_token_error(
        status in prop_oneof![
            4 => prop::sample::select(vec![400u16, 401, 403, 404, 409, 429, 500, 503]),
            1 => any::<u16>(),
        ]
        .prop_filter("not 2xx", |s| !(200..300).contains(s)),
        body in prop_oneof![
            arb_body(),
            (
                prop::option::of(prop_oneof![3 => arb_token_code().prop_map(Value::String), 1 => arb_json()]),
                prop::option::of(arb_json()),
            )
                .prop_map(|(e, d)| {
                    let mut o = Map::new();
                    if let Some(e) = e { o.insert("error".into(), e); }
                    if let Some(d) = d { o.insert("error_description".into(), d); }
                    Value::Object(o).to_string()
                }),
        ],
    ) {
        let failure = parse_token_error(status, &body);
        prop_assert_eq!(&failure, &token_failure_oracle(status, &body), "{} {:?}", status, body);
        prop_assert!(!failure.to_string().trim().is_empty());
        if let TokenFailure::Other(shown) = &failure {
            prop_assert!(!shown.trim().is_empty(), "{:?}", body);
            prop_assert!(shown.chars().count() <= 60, "{:?}", shown);
        }
    }

    /// Delta-seconds read as the number; a valid HTTP-date (IMF-fixdate, RFC 850,
    /// asctime) gives the seconds from now until it, 0 once it is past; nothing panics.
    #[test]
    fn fuzz_parse_retry_after(
        (header, at) in prop_oneof![
            3 => arb_http_date().prop_map(|(text, at)| (text, Some(at))),
            1 => prop_oneof![
                any::<String>(),
                "[ ]{0,2}[0-9]{0,25}[ ]{0,2}",
                "[ ]?[A-Za-z]{3,9},? [0-9]{1,2}[ -][A-Za-z]{3}[ -][0-9]{2,4} [0-9]{1,2}:[0-9]{2}:[0-9]{2} (GMT|UTC)",
                "[A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} [0-9]{4}",
            ]
            .prop_map(|text| (text, None)),
        ],
        near in any::<bool>(),
        ahead in -200_000i64..=200_000,
        any_now in any::<u64>(),
    ) {
        match at {
            Some(at) => {
                // Mostly a `now` close to the date, so that the seconds are not all 0.
                let now = if near { u64::try_from(at - ahead).unwrap_or(0) } else { any_now };
                let wait = (i128::from(at) - i128::from(now)).max(0);
                let want = u64::try_from(wait).ok();
                prop_assert_eq!(parse_retry_after(&header, now), want, "{:?} at {} now {}", header, at, now);
            }
            None => {
                let got = parse_retry_after(&header, any_now);
                let t = header.trim();
                if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
                    prop_assert_eq!(got, t.parse::<u64>().ok());
                }
            }
        }
    }

    #[test]
    fn fuzz_list_envelope(body in prop_oneof![
        arb_body(),
        (arb_json(), arb_json(), arb_json(), prop::collection::vec(arb_json(), 0..3)).prop_map(|(p, s, t, recs)| {
            serde_json::json!({
                "Records": recs, "CurrentPage": p, "CurrentPageSize": s,
                "TotalItems": t, "TotalPages": 1
            }).to_string()
        }),
    ]) {
        if let Ok(list) = ListEnvelope::<UserRecord>::from_json(&body) {
            // Every record read is one of the body's, as it came, in order.
            let sent: Vec<Value> = Value::parse(&body)
                .ok()
                .and_then(|v| v.get("Records").and_then(Value::as_array).cloned())
                .unwrap_or_default();
            let read: Vec<Value> = list.records.iter().map(UserRecord::to_value).collect();
            prop_assert!(read.iter().all(|r| sent.contains(r)), "{read:?} not in {sent:?}");
        }
    }

    #[test]
    fn fuzz_datetime(text in prop_oneof![any::<String>(), arb_datetime_text(), "[0-9: T.Zz+-]{0,30}"]) {
        if let Ok(d) = parse_datetime(&text) {
            // What we send re-parses to the same moment.
            prop_assert_eq!(parse_datetime(&d.to_wire()), Ok(d.clone()));
            // What an input shows re-parses to the same moment, to the millisecond.
            let shown = parse_datetime(&d.to_input_text()).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(shown.unix_seconds(), d.unix_seconds());
            prop_assert!(d.fraction.starts_with(shown.fraction.as_str()));
            prop_assert!(shown.fraction.len() <= 3);
        }
    }

    #[test]
    fn fuzz_email_matches_the_whatwg_pattern(text in arb_emailish()) {
        let oracle = whatwg_email_regex();
        prop_assert_eq!(is_valid_email(&text), oracle.is_match(&text), "{:?}", text);
    }

    #[test]
    fn fuzz_https_url(text in arb_urlish()) {
        if check_https_url(&text).is_ok() {
            let cleaned: String = text
                .trim_matches(|c: char| c <= ' ')
                .chars()
                .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
                .collect();
            prop_assert!(cleaned.to_ascii_lowercase().starts_with("https:"), "{:?}", text);
        }
    }

    /// `is_valid_guid` agrees with its oracle; `parse_input` converts every field's text
    /// as `Kind`'s table says; the rules run on whatever parsed, no message blank and a
    /// GUID refused exactly when the oracle refuses it; what a parsed value shows parses
    /// back to it (a date-time to the millisecond), and passwords and secrets show nothing.
    #[test]
    fn fuzz_guid_and_input_parsers(text in prop_oneof![
        any::<String>(),
        arb_guidish(),
        "[0-9, -]{0,20}",
        "[ ,0-9a+\u{a0}]{0,16}",
        "[ \t]?[+-]?[0-9]{0,20}[ \t]?",
        "[ ]?(true|false|TRUE|False|tru|falsee|1|0)?[ ]?",
        arb_datetime_text(),
    ]) {
        prop_assert_eq!(is_valid_guid(&text), guid_oracle(&text), "is_valid_guid({:?})", text);
        let trimmed = text.trim_matches(char::is_whitespace);
        let as_string = Value::String(text.clone());
        for spec in FIELDS {
            let parsed = parse_input(spec, &text);
            // Each kind converts as `Kind`'s table says.
            match spec.kind {
                Kind::Secret | Kind::ReadOnly => prop_assert!(parsed.is_err(), "{}", spec.name),
                Kind::Text | Kind::ConfirmPassword => prop_assert_eq!(&parsed, &Ok(as_string.clone())),
                Kind::NewPassword => {
                    let want = if text.is_empty() { Value::Null } else { as_string.clone() };
                    prop_assert_eq!(&parsed, &Ok(want));
                }
                Kind::Email | Kind::Guid | Kind::AvatarUrl => {
                    let want = if trimmed.is_empty() { Value::Null } else { Value::String(trimmed.to_owned()) };
                    prop_assert_eq!(&parsed, &Ok(want));
                }
                Kind::Bool => {
                    let want = match trimmed.to_ascii_lowercase().as_str() {
                        "true" => Some(Value::Bool(true)),
                        "false" => Some(Value::Bool(false)),
                        _ => None,
                    };
                    prop_assert_eq!(parsed.as_ref().ok(), want.as_ref(), "{:?}", text);
                }
                Kind::Integer | Kind::OptionalId | Kind::Language => {
                    prop_assert_eq!(parsed.clone().ok(), integer_oracle(&text), "{:?}", text);
                }
                Kind::IdList => {
                    let want = id_list_oracle(&text)
                        .map(|ids| Value::Array(ids.into_iter().map(Value::from).collect()));
                    prop_assert_eq!(parsed.as_ref().ok(), want.as_ref(), "{:?}", text);
                }
                Kind::DateTime => {
                    let want = if trimmed.is_empty() {
                        Some(Value::Null)
                    } else {
                        parse_datetime(trimmed).ok().map(|d| Value::String(d.to_wire()))
                    };
                    prop_assert_eq!(parsed.as_ref().ok(), want.as_ref(), "{:?}", text);
                }
            }
            // Secrets and passwords are never shown, whatever they hold.
            if matches!(spec.kind, Kind::Secret | Kind::NewPassword | Kind::ConfirmPassword) {
                prop_assert_eq!(display_text(spec, Some(&as_string)), "");
            }
            let Ok(value) = parsed else { continue };
            // The rules run on anything parsed, and every message says something.
            let problems = check_value(spec, Some(&value));
            prop_assert!(problems.iter().all(|m| !m.trim().is_empty()), "{}: {:?}", spec.name, problems);
            if spec.kind == Kind::Guid {
                if let Some(guid) = value.as_str() {
                    let refused = problems.iter().any(|m| m == messages::INVALID_GUID);
                    prop_assert_eq!(refused, !guid_oracle(guid), "{:?}", guid);
                }
            }
            // What is shown for a parsed value parses back to it.
            let shown = display_text(spec, Some(&value));
            let again = parse_input(spec, &shown).map_err(|e| TestCaseError::fail(format!("{}: {shown:?} → {e}", spec.name)));
            match (spec.kind, &value) {
                (Kind::NewPassword | Kind::ConfirmPassword, _) => prop_assert_eq!(shown, ""),
                // A date-time shows to the millisecond (the most `datetime-local` takes).
                (Kind::DateTime, Value::String(wire)) => {
                    let again = again?;
                    let before = parse_datetime(wire).map_err(|e| TestCaseError::fail(e.to_string()))?;
                    let after = again
                        .as_str()
                        .and_then(|w| parse_datetime(w).ok())
                        .ok_or_else(|| TestCaseError::fail(format!("{again:?}")))?;
                    prop_assert_eq!(after.unix_seconds(), before.unix_seconds());
                    let millis: String = before.fraction.chars().take(3).collect();
                    prop_assert_eq!(after.fraction.as_str(), millis.trim_end_matches('0'));
                }
                _ => prop_assert_eq!(again?, value, "{}: {:?} → {:?}", spec.name, text, shown),
            }
        }
    }
}
