//! Long jobs of the workbench (a bulk change, an export) stay within the platform's
//! limits by themselves: 60 writes and 120 calls a sliding minute. The server's 409 +
//! `Retry-After` still rules, for the calls other tabs and people make.

use std::cell::RefCell;
use std::collections::VecDeque;

use contract::{ListEnvelope, UserRecord};

use super::load::{holders, Holders};
use crate::api::{Api, ApiError};
use crate::search::{SortDir, SortField, UsersQuery, MAX_PAGE_SIZE};

/// The platform's writes (PUT, POST, DELETE) a minute.
pub const WRITES_PER_MINUTE: usize = 60;
/// The platform's calls of any kind a minute.
pub const CALLS_PER_MINUTE: usize = 120;
/// The window, with a second's margin: the server's clock and minute are not ours.
const MINUTE_MS: f64 = 61_000.0;

/// When this job's last calls and writes went out (ms since the epoch).
#[derive(Default)]
pub struct Pace {
    calls: VecDeque<f64>,
    writes: VecDeque<f64>,
}

/// How long until `window` has a free slot of `limit` at `now` (0 when it has one).
fn delay(window: &mut VecDeque<f64>, limit: usize, now: f64) -> f64 {
    while window.front().is_some_and(|t| now - t >= MINUTE_MS) {
        window.pop_front();
    }
    if window.len() < limit {
        0.0
    } else {
        window.front().map_or(0.0, |t| t + MINUTE_MS - now)
    }
}

impl Pace {
    /// How long a call (a write, `write`) must wait at `now`.
    pub fn wait_ms(&mut self, write: bool, now: f64) -> f64 {
        let call = delay(&mut self.calls, CALLS_PER_MINUTE, now);
        let writes = if write {
            delay(&mut self.writes, WRITES_PER_MINUTE, now)
        } else {
            0.0
        };
        call.max(writes)
    }

    /// Counts a call (a write, `write`) made at `now`.
    pub fn took(&mut self, write: bool, now: f64) {
        self.calls.push_back(now);
        if write {
            self.writes.push_back(now);
        }
    }

    /// Roughly how many seconds the limits alone hold `users` more read-and-write pairs
    /// back, from `now`.
    pub fn held_back_secs(&mut self, users: usize, now: f64) -> u64 {
        self.wait_ms(true, now);
        let free_writes = WRITES_PER_MINUTE.saturating_sub(self.writes.len());
        let free_calls = CALLS_PER_MINUTE.saturating_sub(self.calls.len()) / 2;
        let over = users.saturating_sub(free_writes.min(free_calls));
        // Beyond the free slots, one pair a second (60 writes a minute).
        over as u64
    }
}

/// Waits for a slot of `pace` (shared by the users changed at once), then counts the call.
pub async fn slot(pace: &RefCell<Pace>, write: bool) {
    loop {
        let now = crate::auth::now_ms();
        let wait = {
            let mut pace = pace.borrow_mut();
            let wait = pace.wait_ms(write, now);
            if wait <= 0.0 {
                pace.took(write, now);
            }
            wait
        };
        if wait <= 0.0 {
            return;
        }
        gloo_timers::future::TimeoutFuture::new(wait.ceil() as u32).await;
    }
}

/// Why collecting a filter's users stopped.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum CollectError {
    /// A read failed.
    #[error("{0}")]
    Api(#[from] ApiError),
    /// A filter was not applied (the rows do not match it): why.
    #[error("{0}")]
    Unapplied(String),
    /// Cancelled.
    #[error("Cancelled.")]
    Cancelled,
}

/// Every user `query` matches (all pages, in a stable order), read in pages of the API's
/// largest size within the limits; `progress` hears (read so far, total) after each
/// page, and `go_on` is asked before each page. A 409 waits its `Retry-After`; other
/// failures end it. With the role filter, `role` is who holds it.
pub async fn collect(
    api: &Api,
    query: &UsersQuery,
    pace: &RefCell<Pace>,
    progress: impl Fn(u64, u64),
    go_on: impl Fn() -> bool,
) -> Result<Vec<UserRecord>, CollectError> {
    let role = match query.filters.role {
        Some(id) => {
            slot(pace, false).await;
            let found = holders(api, id).await?.and_then(Holders::for_filter);
            Some(found.map_err(CollectError::Unapplied)?)
        }
        None => None,
    };
    if role.as_ref().is_some_and(|r| r.ids.is_empty()) {
        return Ok(Vec::new());
    }
    let mut all: Vec<UserRecord> = Vec::new();
    let mut page = 1;
    loop {
        if !go_on() {
            return Err(CollectError::Cancelled);
        }
        let q = UsersQuery {
            sort: SortField::FullName,
            dir: SortDir::Asc,
            page,
            size: MAX_PAGE_SIZE,
            ..query.clone()
        };
        let ids = role.as_ref().map(|r| r.ids.as_slice());
        slot(pace, false).await;
        let path = q.to_api_path(super::load::encoding(), ids);
        let body = match api.get(&path).await {
            Ok(body) => body,
            Err(ApiError::Throttled(secs)) => {
                gloo_timers::future::TimeoutFuture::new((secs * 1000) as u32).await;
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        let listing =
            ListEnvelope::<UserRecord>::from_json(&body).map_err(|_| ApiError::Malformed)?;
        if let Some(kind) = listing
            .records
            .iter()
            .find_map(|r| query.filters.unmatched_by(r, ids))
        {
            let name = role.as_ref().and_then(|r| r.name.as_deref());
            return Err(CollectError::Unapplied(query.filters.unapplied(kind, name)));
        }
        let got = listing.records.len();
        // Ids already read are not read twice: a user created meanwhile may shift pages.
        for record in listing.records {
            if !all
                .iter()
                .any(|r| r.id().is_some() && r.id() == record.id())
            {
                all.push(record);
            }
        }
        progress(all.len() as u64, listing.total_items.max(all.len() as u64));
        // The server's own page size may be smaller than asked: its paging decides.
        if got == 0 || page >= listing.total_pages {
            // Paging by name can skip a user when the list changes while it is read:
            // short of the total, it is said, never taken for all.
            if (all.len() as u64) < listing.total_items {
                return Err(CollectError::Unapplied(format!(
                    "The list changed while it was read ({} of {} users). Try again.",
                    all.len(),
                    listing.total_items
                )));
            }
            return Ok(all);
        }
        page += 1;
    }
}

/// `secs` as a person says a wait: "about 40 s", "about 3 min".
pub fn about(secs: u64) -> String {
    if secs < 90 {
        format!("about {secs} s")
    } else {
        format!("about {} min", secs.div_ceil(60))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sixty_writes_a_minute_then_one_as_each_slot_frees() {
        let mut pace = Pace::default();
        for i in 0..60 {
            let now = f64::from(i) * 10.0;
            assert_eq!(pace.wait_ms(true, now), 0.0);
            pace.took(true, now);
        }
        assert_eq!(
            pace.wait_ms(true, 600.0),
            60_400.0,
            "the first slot frees at 61 s"
        );
        assert_eq!(pace.wait_ms(false, 600.0), 0.0, "a read is not a write");
        assert_eq!(pace.wait_ms(true, 61_000.0), 0.0);
    }

    #[test]
    fn calls_of_any_kind_count_to_one_hundred_and_twenty() {
        let mut pace = Pace::default();
        for _ in 0..120 {
            pace.took(false, 0.0);
        }
        assert_eq!(pace.wait_ms(false, 1_000.0), 60_000.0);
        assert_eq!(
            pace.wait_ms(true, 1_000.0),
            60_000.0,
            "a write is a call too"
        );
    }

    #[test]
    fn what_the_limits_hold_back() {
        let mut pace = Pace::default();
        assert_eq!(pace.held_back_secs(50, 0.0), 0, "50 pairs fit in a minute");
        assert_eq!(pace.held_back_secs(70, 0.0), 10);
        for _ in 0..30 {
            pace.took(true, 0.0);
        }
        assert_eq!(pace.held_back_secs(40, 1.0), 10);
        assert_eq!(
            pace.held_back_secs(40, 61_000.0),
            0,
            "a minute later all are free"
        );
    }

    #[test]
    fn waits_in_words() {
        assert_eq!(about(40), "about 40 s");
        assert_eq!(about(200), "about 4 min");
    }
}
