//! Which users are selected for a bulk change: some picked row by row (across pages), or
//! every user the search matches. The bar says how many and offers the changes.

use leptos::prelude::*;

use super::bulk::confirm::{Asking, ConfirmDialog};
use super::bulk::run::{target_of, BulkRun, Source};
use super::bulk::{users_word, BulkAction, Target};
use super::Search;
use contract::UserRecord;

/// The selection.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Selection {
    /// Nobody.
    #[default]
    Nobody,
    /// These rows, in the order picked, each with the values it was listed with.
    Rows(Vec<UserRecord>),
    /// Every user the search matches: this many when it was chosen.
    AllMatching(u64),
}

impl Selection {
    /// How many users it holds.
    pub fn count(&self) -> u64 {
        match self {
            Self::Nobody => 0,
            Self::Rows(rows) => rows.len() as u64,
            Self::AllMatching(n) => *n,
        }
    }

    /// Whether the user `id` is selected.
    pub fn holds(&self, id: i64) -> bool {
        match self {
            Self::Nobody => false,
            Self::Rows(rows) => rows.iter().any(|r| r.id() == Some(id)),
            Self::AllMatching(_) => true,
        }
    }

    /// Selects or unselects one row. Unselecting one of "all matching" leaves the rows of
    /// this page, as a person sees them checked, less that one.
    pub fn toggle(&mut self, row: &UserRecord, on: bool, page: &[UserRecord]) {
        let mut rows = match std::mem::take(self) {
            Self::Rows(rows) => rows,
            Self::AllMatching(_) => page.to_vec(),
            Self::Nobody => Vec::new(),
        };
        rows.retain(|r| r.id() != row.id());
        if on {
            rows.push(row.clone());
        }
        *self = if rows.is_empty() {
            Self::Nobody
        } else {
            Self::Rows(rows)
        };
    }

    /// Selects or unselects every row of `page`.
    pub fn toggle_page(&mut self, page: &[UserRecord], on: bool) {
        for row in page {
            if self.holds(row.id().unwrap_or(-1)) != on {
                self.toggle(row, on, page);
            }
        }
    }
}

/// The selection's bar: the count, "Select all N matching", the changes, "Clear".
#[component]
pub fn SelectionBar(
    selection: RwSignal<Selection>,
    /// How many users the search matches, and how many its page shows.
    #[prop(into)]
    matching: Signal<(u64, u64)>,
    /// Whether every row of the page is selected.
    #[prop(into)]
    page_selected: Signal<bool>,
    search: Search,
    run: BulkRun,
) -> impl IntoView {
    let asking = RwSignal::new(None::<Asking>);
    let count = Signal::derive(move || selection.with(Selection::count));
    let confirmed = Callback::new(move |action: BulkAction| {
        let source = match selection.get_untracked() {
            Selection::AllMatching(n) => Source::Matching(search.query.get_untracked(), n),
            Selection::Rows(rows) => Source::Targets(
                rows.iter()
                    .filter_map(|r| target_of(r, action.field()))
                    .collect::<Vec<Target>>(),
            ),
            Selection::Nobody => return,
        };
        run.start(action, source);
    });
    let ask = move |a: Asking| move |_| asking.set(Some(a.clone()));
    let busy = move || run.going();
    let bar = move || {
        let n = count.get();
        (n > 0).then(|| {
            let (total, on_page) = matching.get();
            let all = matches!(selection.get(), Selection::AllMatching(_));
            let offer_all = !all && total > on_page && page_selected.get();
            view! {
                <section class="selection" aria-label="Selected users">
                    <p role="status">
                        {if all { format!("All {} matching selected", users_word(n)) } else { format!("{} selected", users_word(n)) }}
                    </p>
                    {offer_all.then(|| view! {
                        <button type="button" class="link" on:click=move |_| selection.set(Selection::AllMatching(total))>
                            {format!("Select all {total} matching users")}
                        </button>
                    })}
                    <button type="button" class="link" on:click=move |_| selection.set(Selection::Nobody)>"Clear selection"</button>
                    <div class="actions" role="group" aria-label="Change the selected users">
                        <button type="button" class="secondary" disabled=busy on:click=ask(Asking::Plain(BulkAction::Activate))>"Activate"</button>
                        <button type="button" class="secondary" disabled=busy on:click=ask(Asking::Plain(BulkAction::Deactivate))>"Deactivate"</button>
                        <button type="button" class="secondary" disabled=busy on:click=ask(Asking::Role(true))>"Add role…"</button>
                        <button type="button" class="secondary" disabled=busy on:click=ask(Asking::Role(false))>"Remove role…"</button>
                        <button type="button" class="secondary" disabled=busy on:click=ask(Asking::Plain(BulkAction::RequireNewPassword))>"Require a new password"</button>
                    </div>
                </section>
            }
        })
    };
    // The dialog outside the bar: a list reloading while it is open leaves it as it is.
    view! {
        {bar}
        <ConfirmDialog asking count confirmed/>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Rows made here from an id: they parse, or the test is wrong.
    fn rows(ids: &[i64]) -> Vec<UserRecord> {
        ids.iter()
            .map(|id| UserRecord::from_json(&format!(r#"{{"Id":{id}}}"#)).expect("row"))
            .collect()
    }

    #[test]
    fn rows_are_picked_across_pages_and_counted() {
        let page1 = rows(&[1, 2, 3]);
        let page2 = rows(&[4, 5]);
        let mut s = Selection::default();
        s.toggle(&page1[0], true, &page1);
        s.toggle_page(&page2, true);
        assert_eq!(s.count(), 3);
        assert!(s.holds(5) && !s.holds(2));
        s.toggle_page(&page2, false);
        s.toggle(&page1[0], false, &page1);
        assert_eq!(s, Selection::Nobody);
    }

    #[test]
    fn unselecting_one_of_all_matching_keeps_the_rest_of_the_page() {
        let page = rows(&[1, 2, 3]);
        let mut s = Selection::AllMatching(300);
        assert!(s.holds(999));
        s.toggle(&page[1], false, &page);
        assert_eq!(s.count(), 2);
        assert!(s.holds(1) && !s.holds(2) && s.holds(3));
    }
}
