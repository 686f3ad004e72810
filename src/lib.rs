//! User Admin: a single-page app with which administrators sign in, find a user and edit
//! that user's record through the platform's REST API.

pub mod api;
pub mod auth;
pub mod boot;
pub mod clock;
pub mod components;
pub mod config;
pub mod form;
pub mod http;
pub mod js;
pub mod pages;
pub mod release;
pub mod router;
pub mod search;
pub mod shell;

use std::sync::Arc;

use leptos::prelude::*;

use crate::api::Api;

use crate::auth::Auth;
use crate::components::leave_guard::LeaveGuard;
use crate::config::Config;
use crate::pages::{not_found::NotFound, sign_in::SignIn};
use crate::router::{Page, Router};
use crate::shell::{RequireSession, Shell};

/// The whole app, given its runtime configuration.
#[component]
pub fn App(config: Config) -> impl IntoView {
    let auth = Auth::restore();
    auth.listen_to_other_tabs();
    provide_context(auth);
    provide_context(Api::new(config.clone(), Arc::new(auth)));
    clock::TimeZones::start(config.server_time_zone.as_deref());
    provide_context(config);
    provide_context(LeaveGuard::install());
    let router = Router::install();
    provide_context(router);

    // The frame stays up while moving between the signed-in pages.
    let page = router.page();
    let framed = Memo::new(move |_| page.with(Page::signed_in_only));
    move || {
        if framed.get() {
            view! { <RequireSession><Shell/></RequireSession> }.into_any()
        } else if page.with(|p| *p == Page::SignIn) {
            view! { <SignIn/> }.into_any()
        } else {
            view! { <NotFound/> }.into_any()
        }
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
