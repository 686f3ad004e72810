//! The platform's rate limits as sliding minutes: writes (POST, PUT and DELETE of users,
//! `write_limit`), reads (`GET`s under `/api`, `read_limit`) and every `/api` call
//! (`call_limit`). Over a limit the platform answers `409` (not 429) with an empty body and
//! `Retry-After: <seconds>`.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

/// The length of the sliding window.
pub const WINDOW: Duration = Duration::from_secs(60);

/// The platform's own write limit per minute (`--rate-limits` sets it).
pub const PLATFORM_WRITE_LIMIT: u32 = 60;
/// The platform's own read limit per minute (`--rate-limits` sets it).
pub const PLATFORM_READ_LIMIT: u32 = 120;

/// Whether a request of `method` is a read for the read limit: a `GET`, or a `HEAD`
/// (which the server answers as the `GET`).
pub fn is_read(method: &str) -> bool {
    method == "GET" || method == "HEAD"
}

/// Forgets the moments that have left the window.
fn prune(window: &mut VecDeque<Instant>, now: Instant) {
    while window
        .front()
        .is_some_and(|t| now.saturating_duration_since(*t) >= WINDOW)
    {
        window.pop_front();
    }
}

/// Takes a slot of `window` for a request made `now`, or answers how many whole seconds
/// (at least 1) until one frees. `limit` 0 is no limit, but the request is still recorded
/// (so `/__dev/stats` can tell the rate). A refused request takes no slot: otherwise a
/// client that retries too early would keep itself locked out.
pub fn take(window: &mut VecDeque<Instant>, limit: u32, now: Instant) -> Result<(), u64> {
    prune(window, now);
    if limit > 0 && window.len() >= limit as usize {
        let oldest = window.front().copied().unwrap_or(now);
        let wait = WINDOW.saturating_sub(now.saturating_duration_since(oldest));
        let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        return Err(secs.max(1));
    }
    window.push_back(now);
    Ok(())
}

/// How many slots of `window` are taken at `now` (for `/__dev/stats`).
pub fn in_use(window: &VecDeque<Instant>, now: Instant) -> usize {
    window
        .iter()
        .filter(|t| now.saturating_duration_since(**t) < WINDOW)
        .count()
}

/// The throttled answer: `409`, empty body, `Retry-After: <seconds>` (at least 1).
pub fn throttled(retry_after: u64) -> Response {
    Response::builder()
        .status(StatusCode::CONFLICT)
        .header(header::RETRY_AFTER, retry_after.max(1))
        .body(Body::empty())
        .unwrap_or_else(|_| StatusCode::CONFLICT.into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slot_frees_a_minute_after_it_was_taken() {
        let t0 = Instant::now();
        let at = |ms: u64| t0 + Duration::from_millis(ms);
        let mut window = VecDeque::new();
        assert_eq!(take(&mut window, 2, at(0)), Ok(()));
        assert_eq!(take(&mut window, 2, at(1_000)), Ok(()));
        // The first slot frees at 60 s: 58.5 s to wait, rounded up.
        assert_eq!(take(&mut window, 2, at(1_500)), Err(59));
        assert_eq!(take(&mut window, 2, at(30_500)), Err(30));
        assert_eq!(take(&mut window, 2, at(59_999)), Err(1), "at least 1");
        assert_eq!(in_use(&window, at(59_999)), 2, "refusals take no slot");
        assert_eq!(take(&mut window, 2, at(60_000)), Ok(()));
        assert_eq!(take(&mut window, 2, at(60_001)), Err(1));
        assert_eq!(in_use(&window, at(61_000)), 1);
        assert_eq!(in_use(&window, at(121_000)), 0);
    }

    #[test]
    fn zero_is_no_limit() {
        let now = Instant::now();
        let mut window = VecDeque::new();
        for _ in 0..1000 {
            assert_eq!(take(&mut window, 0, now), Ok(()));
        }
        assert_eq!(in_use(&window, now), 1000, "but counted");
        assert_eq!(take(&mut window, 0, now + WINDOW), Ok(()));
        assert_eq!(window.len(), 1, "and forgotten after a minute");
    }

    #[test]
    fn the_answer_is_an_empty_409() {
        let r = throttled(0);
        assert_eq!(r.status(), StatusCode::CONFLICT);
        assert_eq!(r.headers()[header::RETRY_AFTER], "1");
    }
}
