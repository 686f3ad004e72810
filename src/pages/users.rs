//! Find a user: search by name or email, sort, page. The URL holds the search.

use contract::{envelope::ListEnvelope, Language, UserRecord};
use leptos::prelude::*;

use crate::api::{Api, ApiError};
use crate::auth::Auth;
use crate::components::throttle_note::ThrottleNote;
use crate::components::{count_down, format_datetime, set_title};
use crate::router::Router;
use crate::search::{SearchBy, SortField, UsersQuery, PAGE_SIZES};

/// Typing waits this long for a pause before it searches: the API is rate-limited.
const DEBOUNCE_MS: u32 = 400;

#[derive(Clone, Debug, PartialEq)]
enum Load {
    Loading,
    Ready,
    /// Throttled: counting down to a retry.
    Waiting,
    /// The session ended: the sign-in dialog is up, the results stay, and the search
    /// runs again once signed in.
    SigningIn,
    Failed(ApiError),
}

/// The users page.
#[component]
pub fn Users() -> impl IntoView {
    set_title("Users");
    let api = Api::from_context();
    let router = expect_context::<Router>();
    let query = Memo::new(move |_| UsersQuery::from_params(|k| router.query_param(k)));

    let load = RwSignal::new(Load::Loading);
    let page = RwSignal::new(None::<ListEnvelope<UserRecord>>);
    let retry = RwSignal::new(0u32);
    let wait = RwSignal::new(None::<u64>);
    // Each search gets a number; an answer for an older number is dropped, so a slow
    // response never shows over a newer one.
    let latest = StoredValue::new(0u64);

    let go = move |q: UsersQuery, replace: bool| {
        router.navigate(&format!("/users{}", q.to_url_query()), replace);
    };

    Effect::new(move || {
        let q = query.get();
        retry.track();
        let ticket = latest.get_value() + 1;
        latest.set_value(ticket);
        load.set(Load::Loading);
        wait.set(None);
        let api = api.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let outcome = api.get(&q.to_api_path()).await;
            if latest.try_get_value() != Some(ticket) {
                return;
            }
            match outcome.and_then(|body| {
                ListEnvelope::<UserRecord>::from_json(&body).map_err(|_| ApiError::Malformed)
            }) {
                // A page past the end (an old bookmark, fewer users now): the last page.
                Ok(envelope)
                    if envelope.records.is_empty()
                        && envelope.total_pages > 0
                        && q.page > envelope.total_pages =>
                {
                    go(q.on_page(envelope.total_pages), true);
                }
                Ok(envelope) => {
                    page.set(Some(envelope));
                    load.set(Load::Ready);
                }
                Err(ApiError::Throttled(secs)) => {
                    load.set(Load::Waiting);
                    count_down(
                        secs,
                        wait,
                        move || latest.try_get_value() == Some(ticket),
                        move || retry.update(|n| *n += 1),
                    );
                }
                Err(ApiError::SignedOut) => load.set(Load::SigningIn),
                Err(e) => load.set(Load::Failed(e)),
            }
        });
    });
    expect_context::<Auth>().resume_after_sign_in(
        move || load.get_untracked() == Load::SigningIn,
        move || retry.update(|n| *n += 1),
    );

    // The search box: typed text searches after a pause, Enter at once.
    let text = RwSignal::new(query.get_untracked().text);
    let by = RwSignal::new(query.get_untracked().by);
    let typing = StoredValue::new(0u64);
    Effect::new(move || {
        // Back/Forward or a link changed the search: show it in the box.
        let q = query.get();
        if q.text != text.get_untracked().trim() {
            text.set(q.text.clone());
        }
        by.set(q.by);
    });
    let search_now = move |replace: bool| {
        typing.update_value(|n| *n += 1);
        let next = query
            .get_untracked()
            .searching(&text.get_untracked(), by.get_untracked());
        if next != query.get_untracked() {
            go(next, replace);
        }
    };
    let on_type = move |ev| {
        text.set(event_target_value(&ev));
        typing.update_value(|n| *n += 1);
        let mine = typing.get_value();
        wasm_bindgen_futures::spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(DEBOUNCE_MS).await;
            if typing.try_get_value() == Some(mine) {
                search_now(true);
            }
        });
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        search_now(false);
    };
    let on_by = move |ev| {
        by.set(if event_target_value(&ev) == "email" {
            SearchBy::Email
        } else {
            SearchBy::Name
        });
        search_now(false);
    };

    let sort_header = move |field: SortField| {
        let aria_sort = move || {
            let q = query.get();
            if q.sort == field {
                q.dir.aria()
            } else {
                "none"
            }
        };
        let arrow = move || {
            let q = query.get();
            match (q.sort == field, q.dir.aria()) {
                (false, _) => "↕",
                (true, "ascending") => "▲",
                (true, _) => "▼",
            }
        };
        view! {
            <th scope="col" aria-sort=aria_sort>
                <button
                    type="button"
                    class="sort"
                    on:click=move |_| go(query.get_untracked().sorted_by(field), false)
                >
                    {field.heading()}
                    <span aria-hidden="true" class="arrow">{arrow}</span>
                </button>
            </th>
        }
    };

    let pager = move || {
        let (go_prev, go_next, go_size) = (go, go, go);
        page.get().map(|p| {
            let current = p.current_page;
            let total = p.total_pages.max(1);
            view! {
                <nav class="pager" aria-label="Pagination">
                    <button
                        type="button"
                        class="secondary"
                        disabled=move || current <= 1
                        on:click=move |_| go_prev(query.get_untracked().on_page(current.saturating_sub(1)), false)
                    >
                        "Previous page"
                    </button>
                    <span>{format!("Page {current} of {total}")}</span>
                    <button
                        type="button"
                        class="secondary"
                        disabled=move || !p.has_next_page
                        on:click=move |_| go_next(query.get_untracked().on_page(current + 1), false)
                    >
                        "Next page"
                    </button>
                    <label for="page-size">"Rows per page"</label>
                    <select
                        id="page-size"
                        on:change=move |ev| {
                            if let Ok(size) = event_target_value(&ev).parse::<u64>() {
                                go_size(query.get_untracked().with_size(size), false);
                            }
                        }
                    >
                        {PAGE_SIZES
                            .into_iter()
                            .map(|s| {
                                view! {
                                    <option value=s.to_string() prop:selected=move || query.get().size == s>
                                        {s.to_string()}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </nav>
            }
        })
    };

    let summary = move || match load.get() {
        Load::Loading => "Loading users…".to_owned(),
        Load::Waiting | Load::SigningIn | Load::Failed(_) => String::new(),
        Load::Ready => page.with(|p| match p {
            // Said here too, so the live region announces an empty result.
            Some(p) if p.total_items == 0 => {
                let q = query.get();
                if q.text.is_empty() {
                    "No users".to_owned()
                } else {
                    format!("No users match “{}”", q.text)
                }
            }
            Some(p) if p.total_items == 1 => "Showing the only matching user".to_owned(),
            Some(p) => format!(
                "Showing {}–{} of {} users",
                p.first_item, p.last_item, p.total_items
            ),
            None => String::new(),
        }),
    };

    view! {
        <h1>"Users"</h1>
        <form role="search" class="search" on:submit=on_submit>
            <div class="field">
                <label for="user-search">"Search users"</label>
                <input
                    id="user-search"
                    type="search"
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=move || text.get()
                    on:input=on_type
                />
            </div>
            <div class="field">
                <label for="search-by">"Search by"</label>
                <select id="search-by" on:change=on_by>
                    <option value="name" prop:selected=move || by.get() == SearchBy::Name>"Name"</option>
                    <option value="email" prop:selected=move || by.get() == SearchBy::Email>"Email"</option>
                </select>
            </div>
            <button type="submit" class="primary">"Search"</button>
        </form>

        <p role="status" class="summary">{summary}</p>
        <ThrottleNote remaining=wait what="Searching"/>
        <div role="alert">
            {move || match load.get() {
                Load::Failed(e) => Some(view! {
                    <div class="problem">
                        <p>{format!("The users could not be loaded. {e}")}</p>
                        <button type="button" class="secondary" on:click=move |_| retry.update(|n| *n += 1)>
                            "Try again"
                        </button>
                    </div>
                }),
                _ => None,
            }}
        </div>

        <Show when=move || {
            matches!(load.get(), Load::Ready | Load::Loading | Load::SigningIn) && page.with(|p| p.is_some())
        }>
            <Show
                when=move || page.with(|p| p.as_ref().is_some_and(|p| p.total_items > 0))
                fallback=move || {
                    view! {
                        <p class="empty">
                            {move || {
                                let q = query.get();
                                // "No users match …" itself is in the status line above.
                                if q.text.is_empty() {
                                    String::new()
                                } else {
                                    format!("Check the spelling, or search by {} instead.", if q.by == SearchBy::Name { "email" } else { "name" })
                                }
                            }}
                        </p>
                    }
                }
            >
                <table class="users" aria-busy=move || (load.get() == Load::Loading).then_some("true")>
                    <caption class="visually-hidden">"Users"</caption>
                    <thead>
                        <tr>{SortField::ALL.into_iter().map(sort_header).collect_view()}</tr>
                    </thead>
                    <tbody>
                        {move || {
                            page.get()
                                .map(|p| p.records)
                                .unwrap_or_default()
                                .into_iter()
                                .map(user_row)
                                .collect_view()
                        }}
                    </tbody>
                </table>
                {pager}
            </Show>
        </Show>
    }
}

fn yes_no(record: &UserRecord, name: &str) -> &'static str {
    match record.get(name).and_then(|v| v.as_bool()) {
        Some(true) => "Yes",
        Some(false) => "No",
        None => "—",
    }
}

fn user_row(record: UserRecord) -> impl IntoView {
    let id = record.id();
    let name = record
        .get_str("FullName")
        .filter(|n| !n.trim().is_empty())
        .unwrap_or("(no name)")
        .to_owned();
    let language = record
        .get("Language")
        .and_then(|v| v.as_i64())
        .map(|n| Language::from_i64(n).label())
        .unwrap_or_else(|| "—".into());
    let last_access = record
        .get_str("LastAccess")
        .map(format_datetime)
        .unwrap_or_else(|| "Never".into());
    view! {
        <tr>
            <th scope="row">
                {match id {
                    Some(id) => view! { <a href=format!("/users/{id}")>{name}</a> }.into_any(),
                    None => view! { <span>{name}</span> }.into_any(),
                }}
            </th>
            <td>{record.get_str("Email").unwrap_or("").to_owned()}</td>
            <td>{language}</td>
            <td>{yes_no(&record, "Active")}</td>
            <td>{yes_no(&record, "IsAdmin")}</td>
            <td>{last_access}</td>
        </tr>
    }
}
