//! A picker of related records by name: the WAI-ARIA APG combobox with a listbox popup
//! ("list autocomplete", nothing chosen until Enter or a click). Typing searches after a
//! pause; only the answer to the latest text is ever shown.

use contract::{Related, RelatedPage, Wanted};
use futures::future::LocalBoxFuture;
use leptos::prelude::*;

/// Typing waits this long for a pause before it searches: the API is rate-limited.
const DEBOUNCE_MS: u32 = 300;

/// Why a search gave no options.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum SearchError {
    /// 401/403: this account may not read the list (the caller falls back to ids).
    #[error("This account may not read this list.")]
    Refused,
    /// Anything else, worded for the administrator.
    #[error("The search failed. {0}")]
    Failed(String),
}

/// A search: a page of records matching what was typed.
pub type Search = Callback<Wanted, LocalBoxFuture<'static, Result<RelatedPage, SearchError>>>;

/// The status line (a live region): what the popup holds, in words.
fn status_of(page: &RelatedPage, typed: &str) -> String {
    match (page.records.len(), page.more) {
        (0, _) => format!("Nothing matches “{typed}”."),
        (1, 0) => "1 match: Down arrow to choose it.".to_owned(),
        (n, 0) => format!("{n} matches: Down arrow to choose one."),
        (n, more) => format!("{n} matches shown, {more} more — keep typing."),
    }
}

/// The picker's input and popup; the caller renders its label (`for` = `id`).
#[component]
pub fn Combobox(
    /// The input's id.
    id: String,
    /// What the options are, for the popup's name: "User roles".
    of: &'static str,
    /// The text typed, kept by the caller (unsaved input).
    #[prop(into)]
    text: Signal<String>,
    /// The text changed.
    set_text: Callback<String>,
    /// Finds the options.
    search: Search,
    /// Ids the list holds already: marked, and never picked twice.
    #[prop(into)]
    held: Signal<Vec<u64>>,
    /// An option was chosen.
    pick: Callback<Related>,
    /// Enter with no option active: the caller adds the typed text as an id, or says why not.
    enter: Callback<()>,
    /// `aria-describedby` (the caller's messages).
    #[prop(into)]
    described_by: Signal<Option<String>>,
    /// `aria-invalid`.
    #[prop(into)]
    invalid: Signal<bool>,
) -> impl IntoView {
    let options = RwSignal::new(Vec::<Related>::new());
    let open = RwSignal::new(false);
    let active = RwSignal::new(None::<usize>);
    let status = RwSignal::new(String::new());
    // Bumped by every keystroke: an answer to older text is dropped, so a slow answer
    // never shows options that no longer match.
    let typing = StoredValue::new(0u64);
    let listbox_id = format!("{id}-options");
    let option_id = {
        let id = id.clone();
        move |record_id: u64| format!("{id}-option-{record_id}")
    };
    let close = move || {
        open.set(false);
        active.set(None);
    };
    let on_input = move |ev| {
        let typed = event_target_value(&ev);
        set_text.run(typed.clone());
        typing.update_value(|n| *n += 1);
        let mine = typing.get_value();
        close();
        let wanted = Wanted::read(&typed);
        if wanted == Wanted::Nothing {
            options.set(Vec::new());
            status.set(String::new());
            return;
        }
        wasm_bindgen_futures::spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(DEBOUNCE_MS).await;
            let current = move || typing.try_get_value() == Some(mine);
            if !current() {
                return;
            }
            status.set("Searching…".to_owned());
            let answer = search.run(wanted).await;
            if !current() {
                return;
            }
            match answer {
                Ok(page) => {
                    status.set(status_of(&page, typed.trim()));
                    open.set(!page.records.is_empty());
                    options.set(page.records);
                }
                Err(e) => {
                    options.set(Vec::new());
                    // A refusal changes the whole field, which says why itself.
                    status.set(match e {
                        SearchError::Refused => String::new(),
                        e => e.to_string(),
                    });
                }
            }
        });
    };
    let choose = move |index: usize| {
        let Some(record) = options.with_untracked(|o| o.get(index).cloned()) else {
            return;
        };
        if held.with_untracked(|h| h.contains(&record.id)) {
            status.set(format!("{} is in the list already.", record.label()));
            return;
        }
        status.set(format!("Added {}.", record.label()));
        typing.update_value(|n| *n += 1);
        close();
        options.set(Vec::new());
        set_text.run(String::new());
        pick.run(record);
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let count = options.with_untracked(Vec::len);
        let step = |forward: bool| {
            if count == 0 {
                return;
            }
            let next = match (open.get_untracked(), active.get_untracked(), forward) {
                (false, _, true) | (true, None, true) => 0,
                (false, _, false) | (true, None, false) => count - 1,
                (true, Some(i), true) => (i + 1) % count,
                (true, Some(i), false) => (i + count - 1) % count,
            };
            open.set(true);
            active.set(Some(next));
        };
        match ev.key().as_str() {
            "ArrowDown" => step(true),
            "ArrowUp" => step(false),
            "Enter" => match active.get_untracked().filter(|_| open.get_untracked()) {
                Some(i) => choose(i),
                None => enter.run(()),
            },
            "Escape" if open.get_untracked() => close(),
            // APG: Escape on a closed popup clears the box.
            "Escape" => {
                typing.update_value(|n| *n += 1);
                options.set(Vec::new());
                status.set(String::new());
                set_text.run(String::new());
            }
            _ => return,
        }
        // The keys the picker used are not the page's: Enter must not submit the form.
        ev.prevent_default();
    };
    let active_id = {
        let option_id = option_id.clone();
        move || {
            active
                .get()
                .filter(|_| open.get())
                .and_then(|i| options.with(|o| o.get(i).map(|r| option_id(r.id))))
        }
    };
    view! {
        <div class="combobox">
            <input
                id=id.clone()
                type="text"
                role="combobox"
                autocomplete="off"
                aria-autocomplete="list"
                aria-controls=listbox_id.clone()
                aria-expanded=move || if open.get() { "true" } else { "false" }
                aria-activedescendant=active_id
                aria-invalid=move || invalid.get().then_some("true")
                aria-describedby=move || described_by.get()
                placeholder="Name or id"
                prop:value=move || text.get()
                on:input=on_input
                on:keydown=on_keydown
                on:blur=move |_| close()
            />
            <ul
                role="listbox"
                id=listbox_id
                aria-label=format!("{of} found")
                hidden=move || !open.get()
            >
                {move || {
                    options
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(i, record)| {
                            let taken = held.with(|h| h.contains(&record.id));
                            view! {
                                <li
                                    role="option"
                                    id=option_id(record.id)
                                    class:taken=taken
                                    aria-selected=move || if active.get() == Some(i) { "true" } else { "false" }
                                    aria-disabled=taken.then_some("true")
                                    // Keeps the focus in the box, so the click picks.
                                    on:mousedown=|ev| ev.prevent_default()
                                    on:click=move |_| choose(i)
                                >
                                    {record.label()}
                                    <span class="id">{format!(" #{}", record.id)}</span>
                                    {taken.then_some(" (in the list already)")}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <p role="status" class="combobox-status">{move || status.get()}</p>
        </div>
    }
}
