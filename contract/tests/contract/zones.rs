//! Date-times in the administrator's zone and, for a tenant whose platform writes local
//! wall-clock times with a `Z`, in the wire zone: the 2026 daylight-saving changes of
//! Madrid and Chicago, the two zones the issue names.

use std::rc::Rc;

use contract::datetime::{
    parse_datetime, read_input, resolve, set_clock, Clock, InputTimeError, Utc, WallClock, Zone,
};
use contract::json::Value;
use contract::{Draft, UserRecord};

use crate::fixtures;

/// A zone with a standard offset and summer time between two instants of 2026 (the
/// browser supplies the real rules; these are the 2026 ones, enough for the tests).
struct Test2026 {
    name: &'static str,
    standard: i64,
    summer_from: &'static str,
    summer_to: &'static str,
}

fn at(text: &str) -> i64 {
    match parse_datetime(text) {
        Ok(t) => t.unix_seconds(),
        Err(e) => panic!("{text}: {e}"),
    }
}

impl Zone for Test2026 {
    fn offset_at(&self, unix_seconds: i64) -> i64 {
        let summer = (at(self.summer_from)..at(self.summer_to)).contains(&unix_seconds);
        self.standard + if summer { 60 } else { 0 }
    }
    fn name(&self) -> String {
        format!("{} time", self.name)
    }
}

/// Europe/Madrid in 2026: UTC+1, summer time (UTC+2) from 29 March 01:00 UTC to 25
/// October 01:00 UTC.
const MADRID: Test2026 = Test2026 {
    name: "Madrid",
    standard: 60,
    summer_from: "2026-03-29T01:00:00Z",
    summer_to: "2026-10-25T01:00:00Z",
};

/// America/Chicago in 2026: UTC−6, summer time (UTC−5) from 8 March 08:00 UTC to 1
/// November 07:00 UTC.
const CHICAGO: Test2026 = Test2026 {
    name: "Chicago",
    standard: -360,
    summer_from: "2026-03-08T08:00:00Z",
    summer_to: "2026-11-01T07:00:00Z",
};

fn clock(shown: Test2026, wire: Option<Test2026>) {
    set_clock(Clock {
        shown: Rc::new(shown),
        wire: match wire {
            Some(z) => Rc::new(z),
            None => Rc::new(Utc),
        },
    });
}

fn wall(text: &str) -> contract::datetime::UtcDateTime {
    match parse_datetime(text) {
        Ok(t) => t,
        Err(e) => panic!("{text}: {e}"),
    }
}

fn instants(w: WallClock) -> Vec<(String, i64)> {
    match w {
        WallClock::Once(t, o) => vec![(t.to_wire(), o)],
        WallClock::Twice(both) => both.into_iter().map(|(t, o)| (t.to_wire(), o)).collect(),
        WallClock::Skipped => Vec::new(),
    }
}

/// A zone, a wall-clock time there, and the instants (with offsets) it names.
type Case = (&'static Test2026, &'static str, Vec<(&'static str, i64)>);

#[test]
fn the_spring_gap_is_skipped_and_the_autumn_hour_happens_twice() {
    let cases: [Case; 8] = [
        (
            &MADRID,
            "2026-03-29T01:59:59",
            vec![("2026-03-29T00:59:59Z", 60)],
        ),
        (&MADRID, "2026-03-29T02:30:00", vec![]),
        (
            &MADRID,
            "2026-03-29T03:00:00",
            vec![("2026-03-29T01:00:00Z", 120)],
        ),
        (
            &MADRID,
            "2026-10-25T02:30:00",
            vec![("2026-10-25T00:30:00Z", 120), ("2026-10-25T01:30:00Z", 60)],
        ),
        (&CHICAGO, "2026-03-08T02:00:00", vec![]),
        (
            &CHICAGO,
            "2026-03-08T03:00:00",
            vec![("2026-03-08T08:00:00Z", -300)],
        ),
        (
            &CHICAGO,
            "2026-11-01T01:30:00",
            vec![
                ("2026-11-01T06:30:00Z", -300),
                ("2026-11-01T07:30:00Z", -360),
            ],
        ),
        (
            &CHICAGO,
            "2026-11-01T02:00:00",
            vec![("2026-11-01T08:00:00Z", -360)],
        ),
    ];
    for (zone, text, want) in cases {
        let got = match resolve(zone, &wall(text)) {
            Ok(w) => instants(w),
            Err(e) => panic!("{text}: {e}"),
        };
        let want: Vec<(String, i64)> = want.into_iter().map(|(t, o)| (t.to_owned(), o)).collect();
        assert_eq!(got, want, "{} {text}", zone.name());
    }
}

#[test]
fn typed_text_names_the_gap_and_the_repeated_hour_and_an_offset_settles_it() {
    clock(MADRID, None);
    assert_eq!(
        read_input("2026-03-29T02:30"),
        Err(InputTimeError::Skipped("Madrid time".into()))
    );
    assert_eq!(
        read_input("2026-03-29T02:30").map_err(|e| e.to_string()),
        Err("does not exist in Madrid time: the clocks go forward over it".into())
    );
    assert_eq!(
        read_input("2026-10-25T02:30").map_err(|e| e.to_string()),
        Err("happens twice in Madrid time, as the clocks go back: choose which".into())
    );
    assert_eq!(
        read_input("2026-10-25T02:30:00+01:00").map(|t| t.to_wire()),
        Ok("2026-10-25T01:30:00Z".into())
    );
    clock(CHICAGO, None);
    assert_eq!(
        read_input("2026-03-08T02:15:00"),
        Err(InputTimeError::Skipped("Chicago time".into()))
    );
    assert_eq!(
        read_input("2026-11-01T01:15:00"),
        Err(InputTimeError::Twice("Chicago time".into()))
    );
    assert_eq!(
        read_input("2026-11-01T01:15:00-06:00").map(|t| t.to_wire()),
        Ok("2026-11-01T07:15:00Z".into())
    );
}

fn record(last_access: &str) -> UserRecord {
    let mut json = fixtures::user_json();
    if let Some(o) = json.as_object_mut() {
        o.insert("LastAccess".into(), Value::String(last_access.into()));
    }
    match UserRecord::from_value(json) {
        Ok(r) => r,
        Err(e) => panic!("{e}"),
    }
}

fn sent(d: &Draft, name: &str) -> Option<Value> {
    match d.put_body() {
        Ok(b) => b.get(name).cloned(),
        Err(e) => panic!("unexpected errors: {e:?}"),
    }
}

#[test]
fn a_time_edited_in_madrid_goes_out_in_utc_and_an_unedited_one_byte_identical() {
    clock(MADRID, None);
    let mut d = Draft::new(record("2026-07-01T08:00:00.000Z"));
    // Shown in Madrid's summer time.
    assert_eq!(d.input("LastAccess"), "2026-07-01T10:00:00");
    assert_eq!(
        sent(&d, "LastAccess"),
        Some(Value::String("2026-07-01T08:00:00.000Z".into()))
    );
    d.set_input("LastAccess", "2026-12-01T10:00:00".into());
    assert_eq!(
        sent(&d, "LastAccess"),
        Some(Value::String("2026-12-01T09:00:00Z".into()))
    );
    // The same instant typed as shown is no change.
    d.set_input("LastAccess", "2026-07-01T10:00".into());
    assert!(!d.is_changed("LastAccess"));
}

#[test]
fn the_gap_is_an_error_on_the_field_and_the_repeated_hour_asks() {
    clock(CHICAGO, None);
    let mut d = Draft::new(record("2026-01-01T00:00:00Z"));
    d.set_input("LastAccess", "2026-03-08T02:30".into());
    assert_eq!(
        d.field_errors("LastAccess"),
        vec!["does not exist in Chicago time: the clocks go forward over it".to_owned()]
    );
    d.set_input("LastAccess", "2026-11-01T01:30".into());
    assert_eq!(
        d.field_errors("LastAccess"),
        vec!["happens twice in Chicago time, as the clocks go back: choose which".to_owned()]
    );
    // Chosen: the second 01:30, standard time.
    d.set_input("LastAccess", "2026-11-01T01:30:00-06:00".into());
    assert!(d.field_errors("LastAccess").is_empty());
    assert_eq!(
        sent(&d, "LastAccess"),
        Some(Value::String("2026-11-01T07:30:00Z".into()))
    );
}

#[test]
fn a_server_time_in_the_repeated_hour_is_shown_with_its_offset_and_is_no_edit() {
    clock(MADRID, None);
    let d = Draft::new(record("2026-10-25T01:30:00Z"));
    assert_eq!(d.input("LastAccess"), "2026-10-25T02:30:00+01:00");
    assert!(d.field_errors("LastAccess").is_empty());
    assert!(!d.is_dirty());
}

#[test]
fn a_wall_clock_tenant_gets_its_own_wall_clock_back_with_a_z() {
    // The platform writes Madrid wall-clock times with a Z; the admin is in Chicago.
    clock(CHICAGO, Some(MADRID));
    let mut d = Draft::new(record("2026-07-01T10:00:00Z"));
    // 10:00 in Madrid (UTC+2) is 03:00 in Chicago (UTC−5).
    assert_eq!(d.input("LastAccess"), "2026-07-01T03:00:00");
    d.set_input("LastAccess", "2026-07-01T04:00:00".into());
    assert_eq!(
        sent(&d, "LastAccess"),
        Some(Value::String("2026-07-01T11:00:00Z".into()))
    );
    // An explicit offset from the platform is an instant, whatever the tenant.
    let d = Draft::new(record("2026-07-01T10:00:00+00:00"));
    assert_eq!(d.input("LastAccess"), "2026-07-01T05:00:00");
}

#[test]
fn pinned_edits_keep_their_instant_when_the_zone_changes() {
    clock(MADRID, None);
    let mut d = Draft::new(record("2026-01-01T00:00:00Z"));
    d.set_input("LastAccess", "2026-07-01T10:00".into());
    let kept = d.to_kept();
    assert_eq!(
        kept.get("edits").and_then(|e| e.get("LastAccess")),
        Some(&Value::String("2026-07-01T10:00+02:00".into()))
    );
    clock(CHICAGO, None);
    assert_eq!(
        contract::datetime::control_text(&d.input("LastAccess")),
        "2026-07-01T03:00:00"
    );
    assert_eq!(
        sent(&d, "LastAccess"),
        Some(Value::String("2026-07-01T08:00:00Z".into()))
    );
    let mut restored = Draft::new(record("2026-01-01T00:00:00Z"));
    restored.restore_kept(&kept);
    assert_eq!(
        sent(&restored, "LastAccess"),
        Some(Value::String("2026-07-01T08:00:00Z".into()))
    );
}

#[test]
fn utc_stays_as_it_was() {
    set_clock(Clock::default());
    let d = Draft::new(record("2024-02-29T08:15:00+02:00"));
    assert_eq!(d.input("LastAccess"), "2024-02-29T06:15:00");
}
