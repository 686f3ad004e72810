//! The sign-in page.

use leptos::prelude::*;

use crate::auth::{Auth, Session};
use crate::components::deferred::{Deferred, Part};
use crate::components::set_title;
use crate::components::sign_in_form::{sign_in_form, SignInFormProps};
use crate::router::{safe_next, Router};

/// Signs an administrator in, then goes to the page first asked for.
#[component]
pub fn SignIn() -> impl IntoView {
    set_title("Sign in");
    let auth = expect_context::<Auth>();
    let router = expect_context::<Router>();
    // Already signed in (another tab, or Back after signing in): nothing to do here.
    Effect::new(move || {
        if auth.signed_in() {
            let next = untrack(|| router.query_param("next"));
            router.navigate(&safe_next(next.as_deref()), true);
        }
    });
    let form = move |render: Part| {
        render(Box::new(
            SignInFormProps::builder()
                .id_prefix("sign-in")
                .initial_email("")
                .show_remember(true)
                .persistent(false)
                .on_signed_in(move |session: Session| auth.sign_in(session))
                .build(),
        ))
    };
    view! {
        <main id="main" class="narrow">
            <h1>"Sign in to User Admin"</h1>
            <p class="lede">"Use your administrator account on the platform."</p>
            <Deferred load=sign_in_form show=form/>
        </main>
    }
}
