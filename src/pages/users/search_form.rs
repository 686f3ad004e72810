//! The search box and the "Search by" choice. Both show what the address holds, so
//! Back and Forward bring them along; typed text waits in the box until it is sent.

use leptos::prelude::*;

use super::Search;
use crate::search::SearchBy;

/// Typing waits this long for a pause before it searches: the API is rate-limited.
const DEBOUNCE_MS: u32 = 400;

/// The search form: typed text searches after a pause, Enter at once.
#[component]
pub fn SearchForm(search: Search) -> impl IntoView {
    let query = search.query;
    let start = query.get_untracked().text;
    // What was typed, and the search text it was typed over (or sent as). The box shows
    // it while the address holds that text; once Back, Forward or a link bring other
    // text, the box shows theirs.
    let draft = RwSignal::new((start.clone(), start));
    let text = move || {
        let q = query.read();
        draft.with(|(typed, over)| if *over == q.text { typed } else { &q.text }.clone())
    };
    let typing = StoredValue::new(0u64);
    // `by`: the administrator's choice; without one, the text decides.
    let search_now = move |by: Option<SearchBy>, replace: bool| {
        typing.update_value(|n| *n += 1);
        let typed = untrack(text);
        let q = query.get_untracked();
        let next = match by {
            Some(by) => q.searching(&typed, by),
            None => q.typed(&typed),
        };
        draft.set((typed, next.text.clone()));
        if next != q {
            search.go(&next, replace);
        }
    };
    let on_type = move |ev| {
        draft.set((event_target_value(&ev), query.get_untracked().text));
        typing.update_value(|n| *n += 1);
        let mine = typing.get_value();
        wasm_bindgen_futures::spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(DEBOUNCE_MS).await;
            if typing.try_get_value() == Some(mine) {
                search_now(None, true);
            }
        });
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        search_now(None, false);
    };
    let on_by = move |ev| {
        let by = match event_target_value(&ev).as_str() {
            "email" => SearchBy::Email,
            _ => SearchBy::Name,
        };
        search_now(Some(by), false);
    };
    let by_is = move |by: SearchBy| move || query.read().by == by;
    view! {
        <form role="search" class="search" on:submit=on_submit>
            <div class="field">
                <label for="user-search">"Search users"</label>
                <input
                    id="user-search"
                    type="search"
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=text
                    on:input=on_type
                />
            </div>
            <div class="field">
                <label for="search-by">"Search by"</label>
                <select id="search-by" on:change=on_by>
                    <option value="name" prop:selected=by_is(SearchBy::Name)>"Name"</option>
                    <option value="email" prop:selected=by_is(SearchBy::Email)>"Email"</option>
                </select>
            </div>
            <button type="submit" class="primary">"Search"</button>
        </form>
    }
}
