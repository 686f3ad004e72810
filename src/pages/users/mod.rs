//! The admin's workbench: find users (search, filters, sort, page — the URL holds it
//! all), select some or all that match, change them in bulk, export them.

mod bulk;
mod export;
mod filter_panel;
mod load;
mod pace;
mod pager;
mod results;
mod role_picker;
mod search_form;
mod selection;

use crate::js;
use std::sync::Arc;

use leptos::prelude::*;

use crate::api::{Api, ApiError};
use crate::auth::Auth;
use crate::components::leave_guard::LeaveGuard;
use crate::components::throttle_note::ThrottleNote;
use crate::components::{count_down, set_title};
use crate::router::Router;
use crate::search::filters::LeftOut;
use crate::search::UsersQuery;
use bulk::run::{BulkRun, RunPanel};
use export::ExportButton;
use filter_panel::FilterPanel;
use load::{load, unless_overtaken, Listing};
use results::Results;
use search_form::SearchForm;
use selection::{Selection, SelectionBar};

/// The page's search: the address holds it, and changing it means going to another
/// address, so a search is bookmarkable and Back/Forward step through searches.
#[derive(Clone, Copy)]
pub struct Search {
    router: Router,
    /// The search the address holds.
    pub query: Memo<UsersQuery>,
    /// What the address holds that the search leaves out, and why.
    pub left_out: Memo<Vec<LeftOut>>,
}

impl Search {
    fn from_address(router: Router) -> Self {
        let read = Memo::new(move |_| {
            UsersQuery::from_params(|k| router.query_param(k), &router.query_keys())
        });
        let query = Memo::new(move |_| read.read().0.clone());
        let left_out = Memo::new(move |_| read.read().1.clone());
        Self {
            router,
            query,
            left_out,
        }
    }

    /// Goes to `q`, adding a history entry or (`replace`) replacing the current one.
    pub fn go(&self, q: &UsersQuery, replace: bool) {
        let to = format!("/users{}", q.to_url_query());
        self.router.navigate(&to, replace);
    }
}

/// What a load ends with; `None` when a newer load is already under way (the address
/// moved on, or went to the last page).
type Loaded = Option<Result<Arc<Listing>, ApiError>>;

// A part of its own: the edit page never downloads it.
crate::deferred!(users, pub fn users_page = |_| view! { <Users/> }.into_any());

/// The page's own rules (style/users.css), adopted by the document the first time the
/// page shows: they come with the page's part, so the edit page never downloads them.
/// (A constructed style sheet is not inline style to the Content-Security-Policy.)
fn adopt_styles() {
    thread_local!(static ADOPTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) });
    if ADOPTED.with(|a| a.replace(true)) {
        return;
    }
    let adopt = || -> Result<(), wasm_bindgen::JsValue> {
        let sheet = js::construct0("CSSStyleSheet")?;
        js::method(&sheet, "replaceSync")?
            .call1(&sheet, &include_str!("../../../style/users.css").into())?;
        let doc: wasm_bindgen::JsValue = document().into();
        let adopted = js::get(&doc, "adoptedStyleSheets")?;
        let all = js::method(&adopted, "concat")?.call1(&adopted, &sheet)?;
        js_sys::Reflect::set(&doc, &"adoptedStyleSheets".into(), &all)?;
        Ok(())
    };
    // Without them (a browser without constructed sheets) the page is plainer, not broken.
    let _ = adopt();
}

/// The users page.
#[component]
pub fn Users() -> impl IntoView {
    set_title("Users");
    adopt_styles();
    let api = Api::from_context();
    let search = Search::from_address(expect_context::<Router>());
    // Bumped to load again: "Try again", the end of a throttle wait, signing in again.
    let version = RwSignal::new(0u32);
    let key = Memo::new(move |_| (search.query.get(), version.get()));
    let again = move || version.update(|n| *n += 1);
    let wait = RwSignal::new(None::<u64>);
    let users: LocalResource<Loaded> = LocalResource::new(move || {
        let mine = key.get();
        let api = api.clone();
        async move {
            // The countdown of an earlier load, if any, ends with it.
            wait.set(None);
            let loaded = load(api, mine.0.clone());
            match unless_overtaken(key, mine.clone(), loaded).await? {
                Ok(listing) => match listing.past_the_end() {
                    Some(last) => {
                        search.go(&listing.query.on_page(last), true);
                        None
                    }
                    None => Some(Ok(Arc::new(listing))),
                },
                Err(ApiError::Throttled(secs)) => {
                    // `try_`: the page may be gone by the next tick.
                    let current = move || key.try_get_untracked().as_ref() == Some(&mine);
                    count_down(secs, wait, current, again);
                    Some(Err(ApiError::Throttled(secs)))
                }
                Err(e) => Some(Err(e)),
            }
        }
    });
    expect_context::<Auth>().resume_after_sign_in(
        move || users.with_untracked(|u| matches!(u, Some(Some(Err(ApiError::SignedOut))))),
        again,
    );
    let busy = RwSignal::new(false);
    // While signing in again, or while a newer search is on its way, the rows stay.
    let last = StoredValue::new(None::<Arc<Listing>>);
    let selection = RwSignal::new(Selection::Nobody);
    // Another search or filter selects anew: the selection was of other users.
    let scope = Memo::new(move |_| search.query.read().scope());
    // (Compared, not just tracked: an effect may run again with nothing changed.)
    Effect::new(move |before: Option<_>| {
        let now = scope.get();
        if before.is_some_and(|b| b != now) {
            selection.set(Selection::Nobody);
        }
        now
    });
    // The rows shown: what the selection bar counts and the chips name.
    let shown = RwSignal::new(None::<Arc<Listing>>);
    // Counted only from rows of this very search, loaded: "Select all N matching" must
    // never offer the count of rows still shown from the search before.
    let matching = Memo::new(move |_| {
        shown.with(|l| match l {
            Some(l) if !busy.get() && l.query.scope() == scope.get() => {
                (l.page.total_items, l.page.records.len() as u64)
            }
            _ => (0, 0),
        })
    });
    // Every row of the page selected: then "Select all N matching" is offered.
    let page_selected = Memo::new(move |_| {
        shown.with(|l| {
            l.as_ref().is_some_and(|l| {
                let rows = &l.page.records;
                !rows.is_empty()
                    && selection.with(|s| rows.iter().all(|r| s.holds(r.id().unwrap_or(-1))))
            })
        })
    });
    // The chip names the role only from that role's own record.
    let role_name = Signal::derive(move || {
        let wanted = search.query.read().filters.role;
        shown.with(|l| {
            let role = l.as_ref()?.role.as_ref()?;
            (Some(role.id) == wanted).then(|| role.name.clone())?
        })
    });
    let run = BulkRun::new();
    // A run's end: the rows are read again, and the selection, which holds the values
    // they were listed with (and "all matching" a count the admin confirmed), starts anew.
    Effect::new(move |before: Option<u32>| {
        let now = run.finished.get();
        if before.is_some_and(|b| b != now) {
            selection.set(Selection::Nobody);
            again();
        }
        now
    });
    expect_context::<LeaveGuard>().watch_asking(
        Signal::derive(move || run.going()),
        "A bulk change is running. Leave this page and stop it?",
    );
    view! {
        <div class="page-head">
            <h1>"Users"</h1>
            <div class="actions">
                <NewUserLink/>
                <ExportButton search/>
            </div>
        </div>
        <SearchForm search/>
        <FilterPanel search role_name/>
        <p role="status" class="summary">{move || summary(users, busy)}</p>
        <ThrottleNote remaining=wait what="Searching"/>
        <div role="alert">{move || problem(users, busy, again)}</div>
        <RunPanel run/>
        <SelectionBar selection matching page_selected search run/>
        <Transition set_pending=busy.write_only()>
            {move || Suspend::new(async move {
                let listing = match users.await {
                    Some(Ok(listing)) => {
                        last.set_value(Some(Arc::clone(&listing)));
                        Some(listing)
                    }
                    None | Some(Err(ApiError::SignedOut)) => last.get_value(),
                    Some(Err(_)) => None,
                };
                shown.set(listing.clone());
                listing.map(|listing| match listing.unapplied.clone() {
                    Some((kind, why)) => view! { <Unapplied kind why search/> }.into_any(),
                    None => view! { <Results listing search busy selection/> }.into_any(),
                })
            })}
        </Transition>
    }
}

/// A filter the server did not apply: said, with the way out, instead of rows that would
/// pass for a filtered list.
#[component]
fn Unapplied(
    kind: crate::search::filters::FilterKind,
    why: String,
    search: Search,
) -> impl IntoView {
    let remove = move |_| {
        let q = search.query.get_untracked();
        search.go(&q.filtered(q.filters.without(kind)), false);
    };
    view! {
        <div class="problem" role="alert">
            <p>{why}</p>
            <button type="button" class="secondary" on:click=remove>
                {format!("Remove the filter “{}”", kind.label())}
            </button>
        </div>
    }
}

/// "New user", shown for every account (the API cannot be asked first), with why it is
/// unavailable once the platform refused this session.
#[component]
fn NewUserLink() -> impl IntoView {
    let auth = expect_context::<Auth>();
    let refused = move || auth.refused(crate::pages::user_new::CREATE);
    view! {
        <a class="button" href="/users/new" aria-describedby=move || refused().then_some("new-refused")>"New user"</a>
        {move || refused().then(|| view! {
            <p id="new-refused" class="unavailable">{crate::auth::lacks(crate::pages::user_new::CREATE, "create users")}</p>
        })}
    }
}

fn summary(users: LocalResource<Loaded>, busy: RwSignal<bool>) -> String {
    if busy.get() {
        return "Loading users…".to_owned();
    }
    users.with(|u| match u {
        Some(Some(Ok(listing))) => listing.summary(),
        Some(Some(Err(_))) => String::new(),
        None | Some(None) => "Loading users…".to_owned(),
    })
}

/// Why the search failed, with "Try again"; not for a throttle wait (it counts down and
/// retries by itself) nor for a lost session (the sign-in dialog is up).
fn problem(
    users: LocalResource<Loaded>,
    busy: RwSignal<bool>,
    again: impl Fn() + Copy + 'static,
) -> Option<impl IntoView> {
    let e = users.with(|u| match u {
        Some(Some(Err(ApiError::Throttled(_) | ApiError::SignedOut))) => None,
        Some(Some(Err(e))) if !busy.get() => Some(e.clone()),
        _ => None,
    })?;
    Some(view! {
        <div class="problem">
            <p>{format!("The users could not be loaded. {e}")}</p>
            <button type="button" class="secondary" on:click=move |_| again()>"Try again"</button>
        </div>
    })
}
