//! Find a user: search by name or email, sort, page. The URL holds the search.

mod load;
mod pager;
mod results;
mod search_form;

use std::sync::Arc;

use leptos::prelude::*;

use crate::api::{Api, ApiError};
use crate::auth::Auth;
use crate::components::throttle_note::ThrottleNote;
use crate::components::{count_down, set_title};
use crate::router::Router;
use crate::search::UsersQuery;
use load::{load, unless_overtaken, Listing};
use results::Results;
use search_form::SearchForm;

/// The page's search: the address holds it, and changing it means going to another
/// address, so a search is bookmarkable and Back/Forward step through searches.
#[derive(Clone, Copy)]
pub struct Search {
    router: Router,
    /// The search the address holds.
    pub query: Memo<UsersQuery>,
}

impl Search {
    fn from_address(router: Router) -> Self {
        let query = Memo::new(move |_| UsersQuery::from_params(|k| router.query_param(k)));
        Self { router, query }
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

/// The users page.
#[component]
pub fn Users() -> impl IntoView {
    set_title("Users");
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
    view! {
        <div class="page-head">
            <h1>"Users"</h1>
            <NewUserLink/>
        </div>
        <SearchForm search/>
        <p role="status" class="summary">{move || summary(users, busy)}</p>
        <ThrottleNote remaining=wait what="Searching"/>
        <div role="alert">{move || problem(users, busy, again)}</div>
        <Transition set_pending=busy.write_only()>
            {move || Suspend::new(async move {
                let shown = match users.await {
                    Some(Ok(listing)) => {
                        last.set_value(Some(Arc::clone(&listing)));
                        Some(listing)
                    }
                    None | Some(Err(ApiError::SignedOut)) => last.get_value(),
                    Some(Err(_)) => None,
                };
                shown.map(|listing| view! { <Results listing search busy/> })
            })}
        </Transition>
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
