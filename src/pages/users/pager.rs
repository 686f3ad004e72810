//! Previous and next page, where the search is, and how many rows a page has.

use std::sync::Arc;

use leptos::prelude::*;

use super::load::Listing;
use super::Search;
use crate::search::PAGE_SIZES;

/// The pager under the rows of `listing`.
#[component]
pub fn Pager(listing: Arc<Listing>, search: Search) -> impl IntoView {
    let p = &listing.page;
    let (current, total, has_next) = (p.current_page, p.total_pages.max(1), p.has_next_page);
    let size = listing.query.size;
    let to_page = move |page: u64| search.go(&search.query.get_untracked().on_page(page), false);
    let resize = move |ev| {
        if let Ok(size) = event_target_value(&ev).parse::<u64>() {
            search.go(&search.query.get_untracked().with_size(size), false);
        }
    };
    let sizes = PAGE_SIZES
        .into_iter()
        .map(|s| view! { <option value=s.to_string() prop:selected=s == size>{s.to_string()}</option> })
        .collect_view();
    view! {
        <nav class="pager" aria-label="Pagination">
            <button
                type="button"
                class="secondary"
                disabled=current <= 1
                on:click=move |_| to_page(current.saturating_sub(1))
            >
                "Previous page"
            </button>
            <span>{format!("Page {current} of {total}")}</span>
            <button type="button" class="secondary" disabled=!has_next on:click=move |_| to_page(current + 1)>
                "Next page"
            </button>
            <label for="page-size">"Rows per page"</label>
            <select id="page-size" on:change=resize>{sizes}</select>
        </nav>
    }
}
