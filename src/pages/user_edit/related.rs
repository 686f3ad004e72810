//! The records the user's id lists name, for the list fields (a component does no HTTP):
//! the names of held ids, looked up a few at a time and kept for the session (and no
//! longer: another account may not read them), and the pickers' searches.

use std::cell::RefCell;
use std::sync::Arc;

use contract::{Related, RelatedKind, RelatedPage, Wanted};
use futures::future::LocalBoxFuture;
use leptos::prelude::*;

use crate::api::{Api, ApiError};
use crate::auth::Auth;
use crate::components::combobox::SearchError;
use crate::components::id_list::{Known, Records, RecordsHandle};
use crate::search::encode_component;

/// Lookups in flight at once: a user with 40 businesses costs 7 rounds, not 40, and the
/// browser's six connections to the server are not all taken by names.
const AT_ONCE: usize = 4;
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

/// The edit page's [`Records`]: what this page learnt (ids asked, missing, failed; lists
/// refused) in signals that go with the page, names in the session's memory.
#[derive(Clone, Copy)]
struct PageRecords {
    api: StoredValue<Api>,
    auth: Auth,
    states: RwSignal<Vec<(RelatedKind, u64, Known)>>,
    refused: RwSignal<Vec<RelatedKind>>,
    /// Lookups waiting for a free slot, and how many are in flight.
    queue: StoredValue<(Vec<(RelatedKind, u64)>, usize)>,
}

/// The records for the page that calls it, to provide as context.
pub fn records() -> RecordsHandle {
    RecordsHandle(Arc::new(PageRecords {
        api: StoredValue::new(Api::from_context()),
        auth: expect_context::<Auth>(),
        states: RwSignal::new(Vec::new()),
        refused: RwSignal::new(Vec::new()),
        queue: StoredValue::new((Vec::new(), 0)),
    }))
}

impl PageRecords {
    fn state(&self, kind: RelatedKind, id: u64) -> Option<Known> {
        self.states.with_untracked(|s| {
            s.iter()
                .find(|(k, i, _)| *k == kind && *i == id)
                .map(|(_, _, known)| known.clone())
        })
    }

    /// Records what a lookup found; false when the page is gone.
    fn settle(&self, kind: RelatedKind, id: u64, known: Known) -> bool {
        self.states
            .try_update(
                |s| match s.iter_mut().find(|(k, i, _)| *k == kind && *i == id) {
                    Some(entry) => entry.2 = known,
                    None => s.push((kind, id, known)),
                },
            )
            .is_some()
    }

    /// The list answered 401/403 (the page may be gone by then).
    fn refuse(&self, kind: RelatedKind) {
        if self.refused.try_with_untracked(|r| r.contains(&kind)) == Some(false) {
            self.refused.try_update(|r| r.push(kind));
        }
    }

    /// Starts lookups while slots are free.
    fn pump(self) {
        let refused = self.refused.try_get_untracked().unwrap_or_default();
        while let Some(next) = self
            .queue
            .try_update_value(|(waiting, running)| {
                // A refused list refuses every record alike: ask it no more.
                waiting.retain(|(kind, _)| !refused.contains(kind));
                (*running < AT_ONCE && !waiting.is_empty()).then(|| {
                    *running += 1;
                    waiting.remove(0)
                })
            })
            .flatten()
        {
            wasm_bindgen_futures::spawn_local(async move {
                let (kind, id) = next;
                // Before the request takes its token: the answer is that session's.
                let session = self.auth.session_number();
                let answer = self
                    .api
                    .try_get_value()
                    .map(|api| async move { api.get(&format!("{}/{id}", kind.path())).await });
                let Some(answer) = answer else { return };
                let known = match answer.await {
                    Ok(body) => match Related::from_json(&body) {
                        Ok(record) => {
                            remember(session, kind, &record);
                            Known::Named(record.label())
                        }
                        Err(_) => Known::Failed,
                    },
                    Err(ApiError::NotFound) => Known::Missing,
                    Err(ApiError::Forbidden) => {
                        self.refuse(kind);
                        Known::Missing
                    }
                    Err(_) => Known::Failed,
                };
                if self.settle(kind, id, known) {
                    self.queue.update_value(|(_, running)| *running -= 1);
                    self.pump();
                }
            });
        }
    }
}

impl Records for PageRecords {
    fn known(&self, kind: RelatedKind, id: u64) -> Known {
        // Tracked, so a name arriving shows.
        let state = self.states.with(|s| {
            s.iter()
                .find(|(k, i, _)| *k == kind && *i == id)
                .map(|(_, _, known)| known.clone())
        });
        match state {
            Some(known) => known,
            None => {
                remembered(self.auth.session_number(), kind, id).map_or(Known::Asking, Known::Named)
            }
        }
    }

    fn look_up(&self, kind: RelatedKind, ids: Vec<u64>, again: bool) {
        if self.refused.with_untracked(|r| r.contains(&kind)) {
            return;
        }
        let session = self.auth.session_number();
        for id in ids {
            let ask = match self.state(kind, id) {
                None => remembered(session, kind, id).is_none(),
                Some(Known::Failed) => again,
                Some(_) => false,
            };
            if ask {
                self.settle(kind, id, Known::Asking);
                self.queue
                    .update_value(|(waiting, _)| waiting.push((kind, id)));
            }
        }
        self.pump();
    }

    fn refused(&self, kind: RelatedKind) -> bool {
        self.refused.with(|r| r.contains(&kind))
    }

    fn search(
        &self,
        kind: RelatedKind,
        wanted: Wanted,
    ) -> LocalBoxFuture<'static, Result<RelatedPage, SearchError>> {
        let this = *self;
        let session = self.auth.session_number();
        let path = wanted.filter(kind).map(|f| search_path(kind, f));
        Box::pin(async move {
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
                    this.refuse(kind);
                    Err(SearchError::Refused)
                }
                Err(e) => Err(SearchError::Failed(e.to_string())),
            }
        })
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
