//! The records the user's id lists name, for the list fields (a component does no HTTP):
//! the names of held ids, looked up a batch at a time and kept for the session (and no
//! longer: another account may not read them), and the pickers' searches.
//!
//! Looking names up must never cost the save: a user may hold hundreds of businesses,
//! and the API allows 120 calls a minute in all. So the lookups read many ids in one
//! call (`?id=[1,2,3]`, one read per id where a list refuses or ignores that), spend at
//! most [`PER_MINUTE`] calls a minute, wait out a 409's `Retry-After`, and pause while a
//! save is on its way ([`LookupPause`]).

use std::cell::RefCell;
use std::sync::Arc;

use contract::{Related, RelatedKind, RelatedPage, Wanted};
use futures::future::LocalBoxFuture;
use leptos::prelude::*;

use crate::api::{Api, ApiError};
use crate::auth::{now_ms, Auth};
use crate::components::combobox::SearchError;
use crate::components::deferred::NOT_DOWNLOADED;
use crate::components::id_list::{Known, Records, RecordsHandle};
use crate::search::encode_component;

/// Lookups in flight at once: the browser's other connections stay free for the save.
const AT_ONCE: usize = 2;
/// Ids read in one call.
const BATCH: usize = 50;
/// Lookups a minute at most: half of the API's 120 calls, the rest left for the save and
/// everything else.
const PER_MINUTE: usize = 60;
const MINUTE_MS: f64 = 60_000.0;
/// Options a search shows; the rest are counted ("12 more — keep typing").
const PAGE_SIZE: u32 = 10;

/// Labels read, by list and id, whichever page asked, and the session that read them
/// ([`Auth::session_number`]): each record is fetched once a session, and the next
/// session, perhaps another account's with fewer rights, starts with none.
struct Names {
    session: u64,
    labels: Vec<(RelatedKind, u64, String)>,
}

thread_local! {
    static NAMES: RefCell<Names> = const {
        RefCell::new(Names { session: 0, labels: Vec::new() })
    };
}

fn remembered(session: u64, kind: RelatedKind, id: u64) -> Option<String> {
    NAMES.with_borrow(|names| {
        if names.session != session {
            return None;
        }
        names
            .labels
            .iter()
            .find(|(k, i, _)| *k == kind && *i == id)
            .map(|(_, _, label)| label.clone())
    })
}

/// Keeps a label read under `session`: a later session drops the earlier one's, and an
/// answer that arrives after its session ended is dropped.
fn remember(session: u64, kind: RelatedKind, record: &Related) {
    NAMES.with_borrow_mut(|names| {
        if session > names.session {
            *names = Names {
                session,
                labels: Vec::new(),
            };
        }
        let new = !names
            .labels
            .iter()
            .any(|(k, i, _)| *k == kind && *i == record.id);
        if session == names.session && new {
            names.labels.push((kind, record.id, record.label()));
        }
    });
}

/// `GET` of a list with what was typed: sorted by name, one page.
fn search_path(kind: RelatedKind, filter: (String, String)) -> String {
    format!(
        "{}?{}={}&orderBy=Name&size={PAGE_SIZE}",
        kind.path(),
        encode_component(&filter.0),
        encode_component(&filter.1)
    )
}

/// `GET` of several records by id, as the contract writes it (`/sys/users/?id=[1,2,3]`),
/// one page holding them all.
fn ids_path(kind: RelatedKind, ids: &[u64]) -> String {
    let list: Vec<String> = ids.iter().map(u64::to_string).collect();
    format!(
        "{}/?id=[{}]&size={}",
        kind.path(),
        list.join(","),
        ids.len()
    )
}

/// What a read of several ids answered, id by id; `None` when the list did not filter by
/// them (a record not asked for, or more records than asked): then it reads one by one.
fn by_ids(asked: &[u64], page: &RelatedPage) -> Option<Vec<(u64, Option<Related>)>> {
    let filtered = page.more == 0 && page.records.iter().all(|r| asked.contains(&r.id));
    filtered.then(|| {
        asked
            .iter()
            .map(|id| (*id, page.records.iter().find(|r| r.id == *id).cloned()))
            .collect()
    })
}

/// While a save is on its way, no lookup starts (provided by the page, set by the save).
#[derive(Clone, Copy)]
pub struct LookupPause(pub RwSignal<bool>);

/// Lookups waiting and running, and what spends the minute's budget.
#[derive(Default)]
struct Queue {
    waiting: Vec<(RelatedKind, u64)>,
    running: usize,
    /// When the lookups of the last minute started.
    started: Vec<f64>,
    /// No lookup before this (a 409's `Retry-After`).
    not_before: f64,
    /// A wake-up is due for lookups held back.
    wake: bool,
    /// Lists that refused or ignored a read by ids: read one id at a time.
    one_by_one: Vec<RelatedKind>,
}

/// The edit page's [`Records`]: what this page learnt (ids asked, missing, failed; lists
/// refused) in signals that go with the page, under the session that learnt it, and
/// names in the session's memory. The reads themselves are a part of their own
/// ([`lookups`]), fetched with the first names to look up.
#[derive(Clone, Copy)]
struct PageRecords {
    api: StoredValue<Api>,
    auth: Auth,
    /// The session `states` and `refused` were learnt under.
    learnt_in: StoredValue<u64>,
    /// Bumped when they are forgotten: the fields ask for their names again.
    fresh: RwSignal<u32>,
    states: RwSignal<Vec<(RelatedKind, u64, Known)>>,
    refused: RwSignal<Vec<RelatedKind>>,
    queue: StoredValue<Queue>,
    paused: RwSignal<bool>,
}

/// The records for the page that calls it, to provide as context, with the pause the
/// page's save sets.
pub fn records() -> (RecordsHandle, LookupPause) {
    let this = PageRecords {
        api: StoredValue::new(Api::from_context()),
        auth: expect_context::<Auth>(),
        learnt_in: StoredValue::new(0),
        fresh: RwSignal::new(0),
        states: RwSignal::new(Vec::new()),
        refused: RwSignal::new(Vec::new()),
        queue: StoredValue::new(Queue::default()),
        paused: RwSignal::new(false),
    };
    // Lookups held back by a save go on once it is done.
    Effect::new(move || {
        if !this.paused.get() {
            this.pump();
        }
    });
    // A new session (another account, maybe) sees nothing the last one read. (An effect,
    // not a read in each field: a sign-out disposes the fields as it runs.)
    Effect::new(move || this.for_session(this.auth.session_number_tracked()));
    (RecordsHandle(Arc::new(this)), LookupPause(this.paused))
}

impl PageRecords {
    /// Forgets what an earlier session learnt: the session now may be another account's.
    fn for_session(&self, session: u64) {
        if self.learnt_in.try_get_value().is_some_and(|s| s != session) {
            self.learnt_in.set_value(session);
            self.states.set(Vec::new());
            self.refused.set(Vec::new());
            self.queue.update_value(|q| q.waiting.clear());
            self.fresh.update(|n| *n += 1);
        }
    }

    /// Whether what this page learnt is `session`'s (it may be gone: `false`).
    fn learnt_under(&self, session: u64) -> bool {
        self.learnt_in.try_get_value() == Some(session)
    }

    fn state(&self, kind: RelatedKind, id: u64) -> Option<Known> {
        self.states
            .try_with_untracked(|s| {
                s.iter()
                    .find(|(k, i, _)| *k == kind && *i == id)
                    .map(|(_, _, known)| known.clone())
            })
            .flatten()
    }

    /// Records what a lookup of `session` found (unless that session is over).
    fn settle(&self, session: u64, kind: RelatedKind, id: u64, known: Known) {
        if !self.learnt_under(session) {
            return;
        }
        self.states.try_update(
            |s| match s.iter_mut().find(|(k, i, _)| *k == kind && *i == id) {
                Some(entry) => entry.2 = known,
                None => s.push((kind, id, known)),
            },
        );
    }

    /// The list answered 401/403 under `session`.
    fn refuse(&self, session: u64, kind: RelatedKind) {
        if self.learnt_under(session) && self.refused.with_untracked(|r| !r.contains(&kind)) {
            self.refused.try_update(|r| r.push(kind));
        }
    }

    /// Starts what lookups may start, once their code is here. Without it, what waits
    /// is shown as failed, with "Try again" (which asks for the code again).
    fn pump(self) {
        if self.queue.try_with_value(|q| q.waiting.is_empty()) != Some(false) {
            return;
        }
        wasm_bindgen_futures::spawn_local(async move {
            match lookups().await {
                Ok(lookups) => (lookups.pump)(self),
                Err(_) => {
                    let session = self.auth.session_number();
                    let waiting = self
                        .queue
                        .try_update_value(|q| std::mem::take(&mut q.waiting))
                        .unwrap_or_default();
                    for (kind, id) in waiting {
                        self.settle(session, kind, id, Known::Failed);
                    }
                }
            }
        });
    }
}

impl Records for PageRecords {
    fn known(&self, kind: RelatedKind, id: u64) -> Known {
        // Tracked, so a name arriving shows, and forgotten under a new session.
        let session = self.auth.session_number();
        let state = self
            .states
            .try_with(|s| {
                s.iter()
                    .find(|(k, i, _)| *k == kind && *i == id)
                    .map(|(_, _, known)| known.clone())
            })
            .flatten()
            .filter(|_| self.learnt_under(session));
        match state {
            Some(known) => known,
            None => remembered(session, kind, id).map_or(Known::Asking, Known::Named),
        }
    }

    fn look_up(&self, kind: RelatedKind, ids: Vec<u64>, again: bool) {
        // Tracked: the field asks again once what was learnt is forgotten.
        self.fresh.track();
        let session = self.auth.session_number();
        if !untrack(|| self.auth.signed_in()) || !self.learnt_under(session) {
            return;
        }
        if self.refused.try_with_untracked(|r| r.contains(&kind)) != Some(false) {
            return;
        }
        for id in ids {
            let ask = match self.state(kind, id) {
                None => remembered(session, kind, id).is_none(),
                Some(Known::Failed) => again,
                Some(_) => false,
            };
            if ask {
                self.settle(session, kind, id, Known::Asking);
                self.queue.try_update_value(|q| q.waiting.push((kind, id)));
            }
        }
        self.pump();
    }

    fn refused(&self, kind: RelatedKind) -> bool {
        self.refused.try_with(|r| r.contains(&kind)) == Some(true)
            && self.learnt_under(self.auth.session_number())
    }

    fn search(
        &self,
        kind: RelatedKind,
        wanted: Wanted,
    ) -> LocalBoxFuture<'static, Result<RelatedPage, SearchError>> {
        let this = *self;
        Box::pin(async move {
            match lookups().await {
                Ok(lookups) => (lookups.search)(this, kind, wanted).await,
                Err(_) => Err(SearchError::Failed(NOT_DOWNLOADED.to_owned())),
            }
        })
    }
}

/// The code that reads related records: the lookups of names and the pickers' searches.
struct Lookups {
    pump: fn(PageRecords),
    search: fn(
        PageRecords,
        RelatedKind,
        Wanted,
    ) -> LocalBoxFuture<'static, Result<RelatedPage, SearchError>>,
}

crate::deferred!(names, fn lookups -> Lookups = Lookups { pump: start_lookups, search: |this, kind, wanted| Box::pin(search(this, kind, wanted)) });

impl Queue {
    /// The next call to make (a list and its ids), when one may start now; else, when
    /// it is the budget or a `Retry-After` that holds it back, how long until it may.
    fn next(&mut self, now: f64) -> Result<(RelatedKind, Vec<u64>), Option<f64>> {
        if self.running >= AT_ONCE || self.waiting.is_empty() {
            return Err(None);
        }
        self.started.retain(|t| now - t < MINUTE_MS);
        let budget_at = match self.started.len() >= PER_MINUTE {
            true => self.started.first().map_or(now, |t| t + MINUTE_MS),
            false => now,
        };
        let at = budget_at.max(self.not_before);
        if at > now {
            return Err(Some(at - now));
        }
        let kind = self.waiting[0].0;
        let size = if self.one_by_one.contains(&kind) {
            1
        } else {
            BATCH
        };
        let mut ids = Vec::new();
        self.waiting.retain(|(k, id)| {
            let take = *k == kind && ids.len() < size;
            if take {
                ids.push(*id);
            }
            !take
        });
        self.running += 1;
        self.started.push(now);
        Ok((kind, ids))
    }
}

/// Starts lookups while the save, the budget and the slots allow.
fn start_lookups(this: PageRecords) {
    if this.paused.try_get_untracked() != Some(false) {
        return;
    }
    loop {
        let refused = this.refused.try_get_untracked();
        let next = this.queue.try_update_value(|q| {
            // A refused list refuses every record alike: ask it no more.
            q.waiting
                .retain(|(kind, _)| refused.as_ref().is_some_and(|r| !r.contains(kind)));
            match q.next(now_ms()) {
                Ok(call) => Some(call),
                Err(Some(wait)) if !q.wake => {
                    q.wake = true;
                    let later = std::time::Duration::from_millis(wait.ceil() as u64);
                    set_timeout(
                        move || {
                            if this.queue.try_update_value(|q| q.wake = false).is_some() {
                                start_lookups(this);
                            }
                        },
                        later,
                    );
                    None
                }
                Err(_) => None,
            }
        });
        let Some(Some((kind, ids))) = next else {
            return;
        };
        wasm_bindgen_futures::spawn_local(async move {
            // Before the request takes its token: the answer is that session's.
            let session = this.auth.session_number();
            let Some(api) = this.api.try_get_value() else {
                return;
            };
            let again = read(this, &api, session, kind, ids).await;
            let going = this
                .queue
                .try_update_value(|q| {
                    q.running -= 1;
                    // What must be asked again goes first, as it was.
                    if this.learnt_under(session) {
                        let rest = std::mem::take(&mut q.waiting);
                        q.waiting = again.into_iter().map(|id| (kind, id)).chain(rest).collect();
                    }
                })
                .is_some();
            if going {
                start_lookups(this);
            }
        });
    }
}

/// Reads the names of `ids` of one list: several in one call unless that list reads one
/// by one. The ids to ask again (a throttled call, a list that turned out not to read by
/// ids).
async fn read(
    this: PageRecords,
    api: &Api,
    session: u64,
    kind: RelatedKind,
    ids: Vec<u64>,
) -> Vec<u64> {
    let several =
        ids.len() > 1 || this.queue.try_with_value(|q| !q.one_by_one.contains(&kind)) == Some(true);
    let answer = if several {
        api.get(&ids_path(kind, &ids))
            .await
            .and_then(|body| RelatedPage::from_json(&body).map_err(|_| ApiError::Malformed))
    } else {
        let id = ids.first().copied().unwrap_or_default();
        api.get(&format!("{}/{id}", kind.path()))
            .await
            .and_then(|body| Related::from_json(&body).map_err(|_| ApiError::Malformed))
            .and_then(|record| match record.id == id {
                true => Ok(RelatedPage {
                    records: vec![record],
                    more: 0,
                }),
                // Another record than the one asked for: its name is not this id's.
                false => Err(ApiError::WrongRecord),
            })
    };
    let found = match answer {
        Ok(page) => match by_ids(&ids, &page) {
            Some(found) => found,
            None => return one_by_one(this, kind, ids),
        },
        // The list does not take `id=[…]`: one read per id.
        Err(ApiError::Refused { .. } | ApiError::NotFound) if several => {
            return one_by_one(this, kind, ids)
        }
        Err(ApiError::Throttled(secs)) => {
            let until = now_ms() + secs as f64 * 1_000.0;
            this.queue
                .try_update_value(|q| q.not_before = q.not_before.max(until));
            return ids;
        }
        Err(e) => {
            if e == ApiError::Forbidden {
                this.refuse(session, kind);
            }
            let known = match e {
                ApiError::NotFound | ApiError::Forbidden => Known::Missing,
                _ => Known::Failed,
            };
            for id in ids {
                this.settle(session, kind, id, known.clone());
            }
            return Vec::new();
        }
    };
    for (id, record) in found {
        let known = match record {
            Some(record) => {
                remember(session, kind, &record);
                Known::Named(record.label())
            }
            // Asked by id and not there: gone, or not readable by this account.
            None => Known::Missing,
        };
        this.settle(session, kind, id, known);
    }
    Vec::new()
}

/// `kind` reads one id at a time from now on; `ids` are to be asked again.
fn one_by_one(this: PageRecords, kind: RelatedKind, ids: Vec<u64>) -> Vec<u64> {
    this.queue.try_update_value(|q| {
        if !q.one_by_one.contains(&kind) {
            q.one_by_one.push(kind);
        }
    });
    ids
}

/// A picker's search: a page of the list's records matching `wanted`.
async fn search(
    this: PageRecords,
    kind: RelatedKind,
    wanted: Wanted,
) -> Result<RelatedPage, SearchError> {
    let session = this.auth.session_number();
    let path = wanted.filter(kind).map(|f| search_path(kind, f));
    let (Some(path), Some(api)) = (path, this.api.try_get_value()) else {
        return Ok(RelatedPage {
            records: Vec::new(),
            more: 0,
        });
    };
    match api.get(&path).await {
        Ok(body) => {
            let page = RelatedPage::from_json(&body)
                .map_err(|_| SearchError::Failed(ApiError::Malformed.to_string()))?;
            // A record picked shows by name at once.
            for record in &page.records {
                remember(session, kind, record);
            }
            Ok(page)
        }
        Err(ApiError::Forbidden) => {
            this.refuse(session, kind);
            Err(SearchError::Refused)
        }
        Err(e) => Err(SearchError::Failed(e.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_asks_one_page_sorted_by_name_with_the_text_encoded() {
        assert_eq!(
            search_path(
                RelatedKind::UserRoles,
                ("UserRole_Name".into(), "front & desk".into())
            ),
            "/security/userroles?UserRole_Name=front%20%26%20desk&orderBy=Name&size=10"
        );
    }

    #[test]
    fn several_ids_are_asked_in_one_read_of_one_page() {
        assert_eq!(
            ids_path(RelatedKind::Businesses, &[3, 19, 7]),
            "/sys/businesses/?id=[3,19,7]&size=3"
        );
    }

    fn page(ids: &[u64], more: u64) -> RelatedPage {
        RelatedPage {
            records: ids
                .iter()
                .map(|&id| Related {
                    id,
                    name: format!("B{id}"),
                    business: None,
                    inactive: false,
                })
                .collect(),
            more,
        }
    }

    #[test]
    fn a_read_by_ids_is_taken_only_when_it_holds_just_what_was_asked() {
        let found = by_ids(&[3, 19, 999], &page(&[19, 3], 0));
        let names: Option<Vec<(u64, Option<String>)>> = found.map(|f| {
            f.into_iter()
                .map(|(id, r)| (id, r.map(|r| r.name)))
                .collect()
        });
        assert_eq!(
            names,
            Some(vec![
                (3, Some("B3".into())),
                (19, Some("B19".into())),
                (999, None)
            ]),
            "asked and not there: not found"
        );
        // A list that ignored the filter: records not asked for, or more of them.
        assert!(by_ids(&[3, 19], &page(&[1, 2], 0)).is_none());
        assert!(by_ids(&[3, 19], &page(&[3, 19], 1498)).is_none());
    }

    #[test]
    fn lookups_go_in_batches_within_the_slots_the_minute_and_a_retry_after() {
        let mut q = Queue {
            waiting: (1..=120).map(|id| (RelatedKind::Businesses, id)).collect(),
            ..Queue::default()
        };
        q.waiting.push((RelatedKind::UserRoles, 4));
        let Ok((kind, ids)) = q.next(0.0) else {
            panic!("a first batch")
        };
        assert_eq!(
            (kind, ids.len(), ids[0]),
            (RelatedKind::Businesses, BATCH, 1)
        );
        assert!(q.next(0.0).is_ok(), "a second slot");
        assert_eq!(q.next(0.0), Err(None), "both slots taken");
        q.running = 0;
        // Held back by a 409 until its time.
        q.not_before = 5_000.0;
        assert_eq!(q.next(1_000.0), Err(Some(4_000.0)));
        // One by one: a batch is one id.
        q.one_by_one.push(RelatedKind::Businesses);
        let Ok((_, ids)) = q.next(5_000.0) else {
            panic!("after the wait")
        };
        assert_eq!(ids, [101]);
        // The minute's budget: lookups wait for the oldest to be a minute old.
        q.running = 0;
        q.started = vec![10_000.0; PER_MINUTE];
        assert_eq!(q.next(20_000.0), Err(Some(50_000.0)));
        q.running = 0;
        assert!(q.next(70_000.0).is_ok());
    }

    #[test]
    fn names_read_under_one_session_are_shown_under_no_other() {
        let role = |id, name: &str| Related {
            id,
            name: name.into(),
            business: None,
            inactive: false,
        };
        let kind = RelatedKind::UserRoles;
        remember(1, kind, &role(8, "Front desk"));
        assert_eq!(remembered(1, kind, 8).as_deref(), Some("Front desk"));
        assert_eq!(remembered(2, kind, 8), None);
        remember(2, kind, &role(9, "Manager"));
        // An answer to a request of the ended session, arriving late.
        remember(1, kind, &role(10, "Owner"));
        assert_eq!(remembered(2, kind, 9).as_deref(), Some("Manager"));
        assert_eq!(remembered(2, kind, 8), None);
        assert_eq!(remembered(2, kind, 10), None);
        assert_eq!(remembered(1, kind, 8), None);
    }
}
