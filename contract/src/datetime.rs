//! A small, lenient date-time parser for the API's date-time strings and the browser's
//! `datetime-local` values, and the HTTP-date of `Retry-After`.
//!
//! Accepted: `YYYY-MM-DD` then `T`, `t` or a space, then `HH:MM[:SS[.fraction]]`, then
//! optionally `Z`/`z`, `±HH:MM`, `±HHMM` or `±HH`. A missing zone means UTC. Values with an
//! offset are converted to UTC. Years 0001–9999 only (what the platform's .NET `DateTime`
//! holds). No dependency: the bundle stays small.

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
    let offset_minutes: i64 = match c.next() {
        None => 0,
        Some(b'Z' | b'z') => 0,
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
            if sign == b'-' {
                -total
            } else {
                total
            }
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
    let local = UtcDateTime {
        year,
        month,
        day,
        hour,
        minute,
        second,
        fraction,
    };
    if offset_minutes == 0 {
        return Ok(local);
    }
    let secs = local.unix_seconds() - offset_minutes * 60;
    let mut utc = UtcDateTime::from_unix_seconds(secs).ok_or(DateTimeError::OutOfRange)?;
    utc.fraction = local.fraction;
    Ok(utc)
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
