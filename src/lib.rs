//! User Admin: a single-page app with which administrators sign in, find a user and edit
//! that user's record through the platform's REST API.

pub mod api;
pub mod auth;
pub mod components;
pub mod config;
pub mod form;
pub mod pages;
pub mod search;

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::path;

use crate::auth::Auth;
use crate::components::leave_guard::LeaveGuard;
use crate::components::shell::{RequireSession, Shell};
use crate::config::Config;
use crate::pages::{not_found::NotFound, sign_in::SignIn, user_edit::UserEdit, users::Users};

/// The whole app, given its runtime configuration.
#[component]
pub fn App(config: Config) -> impl IntoView {
    provide_context(config);
    let auth = Auth::restore();
    auth.listen_to_other_tabs();
    provide_context(auth);
    provide_context(LeaveGuard::install());

    view! {
        <Router>
            <Routes fallback=|| view! { <NotFound/> }>
                <Route path=path!("/sign-in") view=SignIn/>
                <Route path=path!("/") view=|| view! { <Redirect path="/users"/> }/>
                <ParentRoute path=path!("") view=|| view! { <RequireSession><Shell/></RequireSession> }>
                    <Route path=path!("/users") view=Users/>
                    <Route path=path!("/users/:id") view=UserEdit/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// Loads the runtime configuration, then mounts the app in place of the loading note.
pub fn start() {
    console_error_panic_hook::set_once();
    // Leptos sets its executor up when it mounts; this runs before that.
    wasm_bindgen_futures::spawn_local(async {
        let config = config::load().await;
        if let Some(loading) = document().get_element_by_id("loading") {
            loading.remove();
        }
        leptos::mount::mount_to_body(move || view! { <App config=config.clone()/> });
    });
}
