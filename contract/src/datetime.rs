//! A small, lenient date-time parser for the API's date-time strings and the browser's
//! `datetime-local` values, and the HTTP-date of `Retry-After`.
//!
//! Accepted: `YYYY-MM-DD` then `T`, `t` or a space, then `HH:MM[:SS[.fraction]]`, then
//! optionally `Z`/`z`, `±HH:MM`, `±HHMM` or `±HH`. A missing zone means UTC. Values with an
//! offset are converted to UTC. Years 0001–9999 only (what the platform's .NET `DateTime`
//! holds). No dependency: the bundle stays small.
//!
//! Time zones: every conversion between the platform's text, an instant and what the
//! administrator reads and types goes through the [`Clock`] set for the app, whose zones
//! the browser supplies ([`Zone`]); no time-zone database is compiled in.

use std::cell::RefCell;
use std::rc::Rc;

/// Why a date-time string could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DateTimeError {
    /// Not of the shape `YYYY-MM-DDTHH:MM[:SS[.fraction]][zone]`.
    #[error("not a date and time of the form YYYY-MM-DDTHH:MM:SS")]
    Syntax,
    /// The shape is right but a part is out of range (month 13, 31 April, 25:00, …).
    #[error("the date or time does not exist")]
    OutOfRange,
}

/// A moment in UTC, to whole seconds plus the decimal fraction as it was written
/// (trailing zeros dropped).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct UtcDateTime {
    /// 1–9999.
    pub year: i32,
    /// 1–12.
    pub month: u8,
    /// 1–31, valid for the month.
    pub day: u8,
    /// 0–23.
    pub hour: u8,
    /// 0–59.
    pub minute: u8,
    /// 0–59.
    pub second: u8,
    /// The digits after the decimal point, without trailing zeros; empty for none.
    pub fraction: String,
}

/// Parses a date-time leniently (see the module doc), converting any offset to UTC.
pub fn parse_datetime(text: &str) -> Result<UtcDateTime, DateTimeError> {
    let (wall, mark) = parse_parts(text)?;
    match mark {
        ZoneMark::Offset(minutes) if minutes != 0 => shifted(&wall, -minutes),
        _ => Ok(wall),
    }
}

/// What a date-time says of its zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ZoneMark {
    /// Nothing: a wall-clock time.
    None,
    /// `Z`.
    Z,
    /// `±HH:MM`, in minutes east of UTC.
    Offset(i64),
}

/// The wall-clock reading as written, and what it says of its zone.
fn parse_parts(text: &str) -> Result<(UtcDateTime, ZoneMark), DateTimeError> {
    let mut c = Cursor::new(text.trim().as_bytes());
    let year = c.digits(4)? as i32;
    c.expect(b'-')?;
    let month = c.digits(2)? as u8;
    c.expect(b'-')?;
    let day = c.digits(2)? as u8;
    match c.next() {
        Some(b'T' | b't' | b' ') => {}
        _ => return Err(DateTimeError::Syntax),
    }
    let hour = c.digits(2)? as u8;
    c.expect(b':')?;
    let minute = c.digits(2)? as u8;
    let mut second = 0u8;
    let mut fraction = String::new();
    if c.peek() == Some(b':') {
        c.next();
        second = c.digits(2)? as u8;
        if matches!(c.peek(), Some(b'.' | b',')) {
            c.next();
            let digits = c.take_while(|b| b.is_ascii_digit());
            if digits.is_empty() {
                return Err(DateTimeError::Syntax);
            }
            fraction = String::from_utf8_lossy(digits)
                .trim_end_matches('0')
                .to_owned();
        }
    }
    let mark = match c.next() {
        None => ZoneMark::None,
        Some(b'Z' | b'z') => ZoneMark::Z,
        Some(sign @ (b'+' | b'-')) => {
            let h = c.digits(2)? as i64;
            let m = match c.peek() {
                None => 0,
                Some(b':') => {
                    c.next();
                    c.digits(2)? as i64
                }
                Some(_) => c.digits(2)? as i64,
            };
            if h > 23 || m > 59 {
                return Err(DateTimeError::OutOfRange);
            }
            let total = h * 60 + m;
            ZoneMark::Offset(if sign == b'-' { -total } else { total })
        }
        Some(_) => return Err(DateTimeError::Syntax),
    };
    if !c.at_end() {
        return Err(DateTimeError::Syntax);
    }
    if year < 1
        || !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return Err(DateTimeError::OutOfRange);
    }
    let wall = UtcDateTime {
        year,
        month,
        day,
        hour,
        minute,
        second,
        fraction,
    };
    Ok((wall, mark))
}

/// `at` moved by `minutes`, the fraction kept.
fn shifted(at: &UtcDateTime, minutes: i64) -> Result<UtcDateTime, DateTimeError> {
    let mut moved = UtcDateTime::from_unix_seconds(at.unix_seconds() + minutes * 60)
        .ok_or(DateTimeError::OutOfRange)?;
    moved.fraction.clone_from(&at.fraction);
    Ok(moved)
}

/// A time zone as the browser knows it.
pub trait Zone {
    /// Minutes east of UTC at the instant `unix_seconds`.
    fn offset_at(&self, unix_seconds: i64) -> i64;
    /// How a person names it: "Madrid time", "UTC".
    fn name(&self) -> String;
}

/// Coordinated Universal Time.
pub struct Utc;

impl Zone for Utc {
    fn offset_at(&self, _: i64) -> i64 {
        0
    }
    fn name(&self) -> String {
        "UTC".to_owned()
    }
}

/// The two zones every date-time passes through: the one the administrator reads and
/// types in (`shown`), and the one the platform's values without an offset are
/// wall-clock times of (`wire`: UTC, unless the tenant's platform writes local
/// wall-clock times with a `Z`, as CONTRACT.md, "Dates and time zones", allows).
#[derive(Clone)]
pub struct Clock {
    /// The administrator's zone.
    pub shown: Rc<dyn Zone>,
    /// The zone of the platform's `Z` values.
    pub wire: Rc<dyn Zone>,
}

impl Default for Clock {
    fn default() -> Self {
        Self {
            shown: Rc::new(Utc),
            wire: Rc::new(Utc),
        }
    }
}

thread_local! {
    static CLOCK: RefCell<Clock> = RefCell::new(Clock::default());
}

/// Sets the zones every conversion below uses, on this thread (the app has one).
pub fn set_clock(clock: Clock) {
    CLOCK.with(|c| *c.borrow_mut() = clock);
}

/// The zones set for the app.
pub fn clock() -> Clock {
    CLOCK.with(|c| c.borrow().clone())
}

/// How a wall-clock time falls in a zone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WallClock {
    /// Once: this instant, at this offset (minutes east of UTC).
    Once(UtcDateTime, i64),
    /// Twice, the clocks going back: the earlier, then the later (instant, offset).
    Twice([(UtcDateTime, i64); 2]),
    /// Never, the clocks going forward over it.
    Skipped,
}

/// Where the wall-clock time `wall` falls in `zone`. A zone's offset changes at most a
/// few times a year, so the offsets a day either side are every one the reading can
/// have.
pub fn resolve(zone: &dyn Zone, wall: &UtcDateTime) -> Result<WallClock, DateTimeError> {
    let as_utc = wall.unix_seconds();
    let mut found: Vec<(UtcDateTime, i64)> = Vec::new();
    for offset in [
        zone.offset_at(as_utc - 86_400),
        zone.offset_at(as_utc + 86_400),
    ] {
        let instant = shifted(wall, -offset)?;
        if zone.offset_at(instant.unix_seconds()) == offset && !found.iter().any(|f| f.0 == instant)
        {
            found.push((instant, offset));
        }
    }
    Ok(match found.as_slice() {
        [] => WallClock::Skipped,
        [one] => WallClock::Once(one.0.clone(), one.1),
        // (Two at most; no sort, whose code the bundle would carry.)
        [a, b, ..] if a.0.unix_seconds() <= b.0.unix_seconds() => {
            WallClock::Twice([a.clone(), b.clone()])
        }
        [a, b, ..] => WallClock::Twice([b.clone(), a.clone()]),
    })
}

/// The wall-clock time in `zone` at `instant`, and the offset there.
pub fn wall_in(zone: &dyn Zone, instant: &UtcDateTime) -> (UtcDateTime, i64) {
    let offset = zone.offset_at(instant.unix_seconds());
    let wall = shifted(instant, offset).unwrap_or_else(|_| instant.clone());
    (wall, offset)
}

/// The wall-clock time in the administrator's zone at `instant`, and the offset there.
pub fn shown_wall(instant: &UtcDateTime) -> (UtcDateTime, i64) {
    wall_in(&*clock().shown, instant)
}

/// `±HH:MM` (`Z` for none), as a date-time's suffix.
fn offset_suffix(minutes: i64) -> String {
    if minutes == 0 {
        return "Z".to_owned();
    }
    let sign = if minutes < 0 { '-' } else { '+' };
    format!("{sign}{:02}:{:02}", minutes.abs() / 60, minutes.abs() % 60)
}

/// "UTC+1", "UTC-5:30", "UTC": an offset as a person reads it.
pub fn offset_label(minutes: i64) -> String {
    let (h, m) = (minutes.abs() / 60, minutes.abs() % 60);
    let sign = if minutes < 0 { '-' } else { '+' };
    match (h, m) {
        (0, 0) => "UTC".to_owned(),
        (h, 0) => format!("UTC{sign}{h}"),
        (h, m) => format!("UTC{sign}{h}:{m:02}"),
    }
}

/// The instant a platform value names: with an offset, that; else (`Z` or nothing) the
/// wall-clock time in the wire zone (the earlier of a repeated hour; a skipped one read
/// with the offset before the change).
pub fn read_wire(text: &str) -> Result<UtcDateTime, DateTimeError> {
    let (wall, mark) = parse_parts(text)?;
    if let ZoneMark::Offset(minutes) = mark {
        return shifted(&wall, -minutes);
    }
    let wire = clock().wire;
    match resolve(&*wire, &wall)? {
        WallClock::Once(at, _) | WallClock::Twice([(at, _), _]) => Ok(at),
        WallClock::Skipped => shifted(&wall, -wire.offset_at(wall.unix_seconds() - 86_400)),
    }
}

/// The platform's text for an instant: `…Z`, a UTC time or the wire zone's wall clock.
pub fn write_wire(instant: &UtcDateTime) -> String {
    wall_in(&*clock().wire, instant).0.to_wire()
}

/// The input text for an instant: the wall-clock time in the administrator's zone, with
/// its offset only where that reading happens twice (so it stays the instant it was).
pub fn shown_text(instant: &UtcDateTime) -> String {
    let shown = clock().shown;
    let (wall, offset) = wall_in(&*shown, instant);
    let text = wall.to_input_text();
    match resolve(&*shown, &wall) {
        Ok(WallClock::Twice(_)) => text + &offset_suffix(offset),
        _ => text,
    }
}

/// Why typed date-time text names no single instant.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum InputTimeError {
    /// Not a date and time.
    #[error(transparent)]
    Unreadable(#[from] DateTimeError),
    /// A wall-clock time the clocks skip in the zone named.
    #[error("does not exist in {0}: the clocks go forward over it")]
    Skipped(String),
    /// A wall-clock time the zone named has twice.
    #[error("happens twice in {0}, as the clocks go back: choose which")]
    Twice(String),
}

/// The instant typed text names: with an offset (or `Z`), that; else the wall-clock time
/// in the administrator's zone, which must happen exactly once.
pub fn read_input(text: &str) -> Result<UtcDateTime, InputTimeError> {
    let (wall, mark) = parse_parts(text)?;
    match mark {
        ZoneMark::Z => Ok(wall),
        ZoneMark::Offset(minutes) => Ok(shifted(&wall, -minutes)?),
        ZoneMark::None => {
            let shown = clock().shown;
            match resolve(&*shown, &wall)? {
                WallClock::Once(at, _) => Ok(at),
                WallClock::Twice(_) => Err(InputTimeError::Twice(shown.name())),
                WallClock::Skipped => Err(InputTimeError::Skipped(shown.name())),
            }
        }
    }
}

/// Typed text made independent of the administrator's zone (to keep, or before the zone
/// changes): a wall-clock time that names one instant gets that instant's offset; any
/// other text stays as typed.
pub fn pin(text: &str) -> String {
    match (parse_parts(text), read_input(text)) {
        (Ok((_, ZoneMark::None)), Ok(at)) => {
            text.trim().to_owned() + &offset_suffix(wall_in(&*clock().shown, &at).1)
        }
        _ => text.to_owned(),
    }
}

/// The readings of input text's wall-clock time in the administrator's zone, when it
/// happens twice there (pinned to one of them or not): the administrator picks one.
pub fn twice_in_shown(text: &str) -> Option<[(UtcDateTime, i64); 2]> {
    let (wall, _) = parse_parts(&control_text(text)).ok()?;
    match resolve(&*clock().shown, &wall) {
        Ok(WallClock::Twice(both)) => Some(both),
        _ => None,
    }
}

/// What the browser's date-time control shows for input text: the wall-clock time in
/// the administrator's zone (a pinned instant converted to it; other text as typed).
pub fn control_text(text: &str) -> String {
    match parse_parts(text) {
        Ok((_, ZoneMark::Z | ZoneMark::Offset(_))) => match read_input(text) {
            Ok(at) => wall_in(&*clock().shown, &at).0.to_input_text(),
            Err(_) => text.to_owned(),
        },
        _ => text.to_owned(),
    }
}

impl UtcDateTime {
    /// The value for an `<input type="datetime-local">`: `YYYY-MM-DDTHH:MM:SS[.fff]`.
    /// The fraction is cut to milliseconds, the most such an input takes (a longer one
    /// makes the browser show an empty field); set the input's `step` to `1` or `0.001`.
    pub fn to_input_text(&self) -> String {
        let mut s = self.whole_seconds();
        let millis = self
            .fraction
            .get(..self.fraction.len().min(3))
            .unwrap_or_default()
            .trim_end_matches('0');
        if !millis.is_empty() {
            s.push('.');
            s.push_str(millis);
        }
        s
    }

    /// The value sent to the API: `YYYY-MM-DDTHH:MM:SS[.fraction]Z`, fraction in full.
    pub fn to_wire(&self) -> String {
        let mut s = self.whole_seconds();
        if !self.fraction.is_empty() {
            s.push('.');
            s.push_str(&self.fraction);
        }
        s.push('Z');
        s
    }

    fn whole_seconds(&self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }

    /// Seconds since 1970-01-01T00:00:00Z (negative before), ignoring the fraction.
    pub fn unix_seconds(&self) -> i64 {
        days_from_civil(self.year as i64, self.month as i64, self.day as i64) * 86_400
            + self.hour as i64 * 3_600
            + self.minute as i64 * 60
            + self.second as i64
    }

    /// The moment `secs` seconds after the Unix epoch; `None` outside years 1–9999.
    pub fn from_unix_seconds(secs: i64) -> Option<Self> {
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        if !(1..=9999).contains(&y) {
            return None;
        }
        Some(Self {
            year: y as i32,
            month: m as u8,
            day: d as u8,
            hour: (rem / 3_600) as u8,
            minute: (rem % 3_600 / 60) as u8,
            second: (rem % 60) as u8,
            fraction: String::new(),
        })
    }
}

/// Parses an HTTP-date (IMF-fixdate `Sun, 06 Nov 1994 08:49:37 GMT`, and the obsolete
/// RFC 850 `Sunday, 06-Nov-94 08:49:37 GMT` and asctime `Sun Nov  6 08:49:37 1994` forms
/// that HTTP recipients must also accept) into Unix seconds.
pub fn parse_http_date(text: &str) -> Option<i64> {
    let tokens: Vec<&str> = text.split_ascii_whitespace().collect();
    let (day, month, year, time) = match tokens.as_slice() {
        // IMF-fixdate
        [wd, d, mon, y, t, "GMT"] if is_day_name(wd.strip_suffix(',')?, false) => {
            (num(d, 1, 2)?, month_number(mon)?, num(y, 4, 4)?, *t)
        }
        // RFC 850
        [wd, dmy, t, "GMT"] if is_day_name(wd.strip_suffix(',')?, true) => {
            let mut parts = dmy.split('-');
            let d = num(parts.next()?, 2, 2)?;
            let mon = month_number(parts.next()?)?;
            let yy = num(parts.next()?, 2, 2)?;
            if parts.next().is_some() {
                return None;
            }
            let y = if yy < 70 { 2000 + yy } else { 1900 + yy };
            (d, mon, y, *t)
        }
        // asctime
        [wd, mon, d, t, y] if is_day_name(wd, false) => {
            (num(d, 1, 2)?, month_number(mon)?, num(y, 4, 4)?, *t)
        }
        _ => return None,
    };
    let mut hms = time.split(':');
    let h = num(hms.next()?, 2, 2)?;
    let mi = num(hms.next()?, 2, 2)?;
    let s = num(hms.next()?, 2, 2)?;
    if hms.next().is_some() {
        return None;
    }
    let year = year as i32;
    if year < 1 || day < 1 || day > days_in_month(year, month) as i64 || h > 23 || mi > 59 {
        return None;
    }
    // 60 is allowed for a leap second.
    if s > 60 {
        return None;
    }
    Some(days_from_civil(year as i64, month as i64, day) * 86_400 + h * 3_600 + mi * 60 + s)
}

fn num(s: &str, min_len: usize, max_len: usize) -> Option<i64> {
    if s.len() < min_len || s.len() > max_len || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn is_day_name(s: &str, long: bool) -> bool {
    const SHORT: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const LONG: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    if long {
        LONG.contains(&s)
    } else {
        SHORT.contains(&s)
    }
}

fn month_number(s: &str) -> Option<u8> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    MONTHS.iter().position(|m| *m == s).map(|i| i as u8 + 1)
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`].
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, pos: 0 }
    }
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }
    fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.pos += 1;
        Some(b)
    }
    fn at_end(&self) -> bool {
        self.pos >= self.bytes.len()
    }
    fn expect(&mut self, want: u8) -> Result<(), DateTimeError> {
        match self.next() {
            Some(b) if b == want => Ok(()),
            _ => Err(DateTimeError::Syntax),
        }
    }
    /// Exactly `n` ASCII digits.
    fn digits(&mut self, n: usize) -> Result<u32, DateTimeError> {
        let mut v = 0u32;
        for _ in 0..n {
            match self.next() {
                Some(b) if b.is_ascii_digit() => v = v * 10 + u32::from(b - b'0'),
                _ => return Err(DateTimeError::Syntax),
            }
        }
        Ok(v)
    }
    fn take_while(&mut self, f: impl Fn(u8) -> bool) -> &'a [u8] {
        let start = self.pos;
        while self.peek().is_some_and(&f) {
            self.pos += 1;
        }
        self.bytes.get(start..self.pos).unwrap_or_default()
    }
}
