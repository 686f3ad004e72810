//! What a page shows while the API's rate limit (409 + `Retry-After`) makes it wait.

use leptos::prelude::*;

/// "Too many requests, retrying in N s", announced politely, while `remaining` is set.
#[component]
pub fn ThrottleNote(remaining: RwSignal<Option<u64>>, #[prop(into)] what: String) -> impl IntoView {
    view! {
        <p role="status" class="notice">
            {move || {
                remaining
                    .get()
                    .map(|s| format!("Too many requests to the server. {what} again in {s} s…"))
            }}
        </p>
    }
}
