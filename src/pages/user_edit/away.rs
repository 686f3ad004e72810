//! A page left open in a background tab goes stale: when it is shown again after a
//! minute or more, the record is read again and merged under the admin's edits (which
//! are never touched), and the admin is told what changed.

use contract::{field, UserRecord};
use futures::future;
use leptos::prelude::*;

use crate::api::Api;
use crate::form::FormState;

use super::conflicts::show_conflicts;
use super::fetch_user;
use super::save::Saver;

/// Hidden at least this long, the record is read again when the tab is shown.
const STALE_AFTER_MS: f64 = 60_000.0;

/// The notice of what changed while the tab was hidden; `user_id` is the route's.
#[component]
pub fn AwayRefresh(user_id: u64, saver: Saver) -> impl IntoView {
    let form = expect_context::<FormState>();
    let api = StoredValue::new(Api::from_context());
    let hidden_since = StoredValue::new(None::<f64>);
    let note = RwSignal::new(None::<String>);
    let page = Page { form, saver, note };
    let refresh = move || {
        let api = api.get_value();
        // A save started after this read, or on its way, knows better: its own read
        // and PUT are newer than this answer, which would put old values back.
        let before = saver.generation();
        wasm_bindgen_futures::spawn_local(async move {
            let read = fetch_user(&api, user_id);
            // Nothing is lost by not knowing yet (no answer, or no code to merge it with):
            // the save checks again anyway.
            if let (Ok(theirs), Ok(merge_in)) = future::join(read, merging_in()).await {
                let idle = saver.action.pending().try_get_untracked() == Some(false);
                if idle && saver.generation() == before {
                    merge_in(page, theirs);
                }
            }
        });
    };
    let listener = window_event_listener_untyped("visibilitychange", move |_| {
        let now = js_sys::Date::now();
        if document().hidden() {
            hidden_since.set_value(Some(now));
        } else if hidden_since
            .get_value()
            .is_some_and(|since| now - since >= STALE_AFTER_MS)
        {
            hidden_since.set_value(None);
            refresh();
        }
    });
    on_cleanup(move || listener.remove());
    view! {
        <p role="status" class="notice">
            {move || note.get().map(|n| view! {
                {n}" "
                <button type="button" class="link" on:click=move |_| note.set(None)>"Dismiss"</button>
            })}
        </p>
    }
}

/// What a record read after the tab came back is merged into.
#[derive(Clone, Copy)]
struct Page {
    form: FormState,
    saver: Saver,
    note: RwSignal<Option<String>>,
}

// The merge is a part of its own: a page seldom sits a minute in the background.
crate::deferred!(away, fn merging_in -> fn(Page, UserRecord) = merge_in);

/// Merges `theirs` under the admin's edits and says what it changed.
fn merge_in(Page { form, saver, note }: Page, theirs: UserRecord) {
    let (by, on) = (
        theirs.get_str("UpdatedBy").map(str::to_owned),
        theirs.get_str("UpdatedOn").map(str::to_owned),
    );
    let Some(rebased) = form.update_draft(|d| d.rebase(theirs)) else {
        return;
    };
    show_conflicts(form, saver.conflicts, &rebased.conflicts, by.clone(), on);
    let shown: Vec<&str> = rebased
        .changed_by_them
        .iter()
        .filter_map(|name| field(name))
        .map(|spec| spec.label)
        .collect();
    note.set((!shown.is_empty()).then(|| {
        let by = by.map(|b| format!(" by {b}")).unwrap_or_default();
        format!(
            "While this page was in the background, the user was updated{by}: {}. The form shows the new values; your own changes are kept.",
            shown.join(", ")
        )
    }));
}
