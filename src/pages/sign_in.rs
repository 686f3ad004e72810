//! The sign-in page.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::auth::{Auth, Session};
use crate::components::set_title;
use crate::components::shell::safe_next;
use crate::components::sign_in_form::SignInForm;

/// Signs an administrator in, then goes to the page first asked for.
#[component]
pub fn SignIn() -> impl IntoView {
    set_title("Sign in");
    let auth = expect_context::<Auth>();
    let query = use_query_map();
    let navigate = use_navigate();
    let next = move || safe_next(query.with_untracked(|q| q.get("next")).as_deref());
    let go_next = navigate.clone();
    // Already signed in (another tab, or Back after signing in): nothing to do here.
    Effect::new(move |_| {
        if auth.signed_in() {
            go_next(
                &next(),
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });
    view! {
        <main id="main" class="narrow">
            <h1>"Sign in to User Admin"</h1>
            <p class="lede">"Use your administrator account on the platform."</p>
            <SignInForm
                id_prefix="sign-in"
                initial_email=""
                show_remember=true
                persistent=false
                on_signed_in=move |session: Session| auth.sign_in(session)
            />
        </main>
    }
}
