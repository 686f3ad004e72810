//! The signed-in landing page.

use leptos::prelude::*;

use crate::components::set_title;

/// Where a signed-in administrator lands.
#[component]
pub fn Home() -> impl IntoView {
    set_title("Users");
    view! {
        <h1>"Users"</h1>
        <p>"You are signed in. Searching and editing users arrive in the next release."</p>
    }
}
