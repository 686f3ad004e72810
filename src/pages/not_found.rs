//! Any address this app does not have.

use leptos::prelude::*;

use crate::components::set_title;

/// Says so, and offers the way back.
#[component]
pub fn NotFound() -> impl IntoView {
    set_title("Page not found");
    view! {
        <main id="main" class="narrow">
            <h1>"Page not found"</h1>
            <p>"There is no page at this address. Check it, or go to the "<a href="/users">"list of users"</a>"."</p>
        </main>
    }
}
