//! The rows of a search, with the sortable column headings and the pager.

use std::sync::Arc;

use contract::{Language, UserRecord};
use leptos::prelude::*;

use super::load::Listing;
use super::pager::Pager;
use super::selection::Selection;
use super::Search;
use crate::components::format_datetime;
use crate::search::{SearchBy, SortDir, SortField};

/// The table of `listing` (busy while the next search loads), or what to try when
/// nobody matched.
#[component]
pub fn Results(
    listing: Arc<Listing>,
    search: Search,
    busy: RwSignal<bool>,
    selection: RwSignal<Selection>,
) -> impl IntoView {
    let q = &listing.query;
    if listing.page.total_items == 0 {
        // "No users match …" itself is in the status line.
        let hint = (!q.text.is_empty()).then(|| {
            let other = match q.by {
                SearchBy::Name => "email",
                SearchBy::Email => "name",
            };
            format!("Check the spelling, or search by {other} instead.")
        });
        return view! { <p class="empty">{hint}</p> }.into_any();
    }
    let headers = SortField::ALL
        .into_iter()
        .map(|field| {
            let sorted = (q.sort == field).then_some(listing.order);
            view! { <SortHeader field sorted search/> }
        })
        .collect_view();
    let page = Arc::new(listing.page.records.clone());
    let rows = listing
        .page
        .records
        .iter()
        .map(|r| user_row(r, selection, Arc::clone(&page)))
        .collect_view();
    let all_on_page = {
        let page = Arc::clone(&page);
        move || selection.with(|s| page.iter().all(|r| s.holds(r.id().unwrap_or(-1))))
    };
    let some_on_page = {
        let page = Arc::clone(&page);
        move || selection.with(|s| page.iter().any(|r| s.holds(r.id().unwrap_or(-1))))
    };
    let toggle_page = move |ev| {
        let on = event_target_checked(&ev);
        selection.update(|s| s.toggle_page(&page, on));
    };
    let all = all_on_page.clone();
    view! {
        // On a narrow screen the table scrolls sideways inside this, the page does not
        // (style/users.css keeps the tick and the name in view).
        <div class="table-scroll">
        <table class="users" aria-busy=move || busy.get().then_some("true")>
            <caption class="visually-hidden">"Users"</caption>
            <thead>
                <tr>
                    <th scope="col" class="pick">
                        <input
                            type="checkbox"
                            aria-label="Select all on this page"
                            prop:checked=all_on_page
                            prop:indeterminate=move || some_on_page() && !all()
                            on:change=toggle_page
                        />
                    </th>
                    {headers}
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        </div>
        <Pager listing=Arc::clone(&listing) search/>
    }
    .into_any()
}

/// A column heading that sorts by `field`; `sorted` is the order the rows are really in
/// when they are sorted by it.
#[component]
fn SortHeader(field: SortField, sorted: Option<SortDir>, search: Search) -> impl IntoView {
    let (aria_sort, arrow) = match sorted {
        None => ("none", "↕"),
        Some(SortDir::Asc) => ("ascending", "▲"),
        Some(SortDir::Desc) => ("descending", "▼"),
    };
    let sort = move |_| search.go(&search.query.get_untracked().sorted_by(field), false);
    view! {
        <th scope="col" aria-sort=aria_sort>
            <button type="button" class="sort" on:click=sort>
                {field.heading()}
                <span aria-hidden="true" class="arrow">{arrow}</span>
            </button>
        </th>
    }
}

fn yes_no(record: &UserRecord, name: &str) -> &'static str {
    match record.get(name).and_then(|v| v.as_bool()) {
        Some(true) => "Yes",
        Some(false) => "No",
        None => "—",
    }
}

fn user_row(
    record: &UserRecord,
    selection: RwSignal<Selection>,
    page: Arc<Vec<UserRecord>>,
) -> impl IntoView {
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
    // Redrawn when the admin picks another zone.
    let access = record.get_str("LastAccess").map(str::to_owned);
    let last_access = move || {
        access
            .as_deref()
            .map_or_else(|| "Never".into(), format_datetime)
    };
    let id = record.id().unwrap_or(-1);
    let row = record.clone();
    let toggle = move |ev| {
        let on = event_target_checked(&ev);
        selection.update(|s| s.toggle(&row, on, &page));
    };
    view! {
        <tr>
            <td class="pick">
                <input
                    type="checkbox"
                    aria-label=format!("Select {name}")
                    prop:checked=move || selection.with(|s| s.holds(id))
                    on:change=toggle
                />
            </td>
            <th scope="row">
                {match record.id() {
                    Some(id) => view! { <a href=format!("/users/{id}")>{name}</a> }.into_any(),
                    None => view! { <span>{name}</span> }.into_any(),
                }}
            </th>
            <td>{record.get_str("Email").unwrap_or("").to_owned()}</td>
            <td>{language}</td>
            <td>{yes_no(record, "Active")}</td>
            <td>{yes_no(record, "IsAdmin")}</td>
            <td>{last_access}</td>
        </tr>
    }
}
