//! Offboarding: "Deactivate" (Active off, through the form's conflict-safe save, and
//! reversible) and, set apart, "Delete user…" (for good, confirmed in a dialog, a part of
//! its own fetched when pressed). At the foot of the page and seldom used: a part of its
//! own, fetched as the form is shown.

use contract::json::Value;
use leptos::prelude::*;

use crate::auth::Auth;
use crate::components::deferred::{args, Deferred, Part};
use crate::form::FormState;

use super::delete::delete_dialog;
use super::save::Saver;

crate::deferred!(offboard, pub fn offboard_section = |given| match args::<(u64, Saver)>(given) {
    Some((user_id, saver)) => view! { <Offboard user_id saver/> }.into_any(),
    None => ().into_any(),
});

/// The permission a delete needs.
pub const DELETE: &str = "User-Delete";

/// What the delete dialog is handed.
#[derive(Clone, Copy)]
pub struct DeleteArgs {
    pub user_id: u64,
    /// Whether the dialog is up.
    pub open: RwSignal<bool>,
    /// Closes the dialog and deactivates instead.
    pub deactivate: Callback<()>,
}

/// Why "Delete user…" is unavailable to an account refused before.
pub fn delete_refused() -> String {
    crate::auth::lacks(DELETE, "delete users")
}

/// The section at the foot of the edit page.
#[component]
fn Offboard(user_id: u64, saver: Saver) -> impl IntoView {
    let form = expect_context::<FormState>();
    let auth = expect_context::<Auth>();
    let dirty = form.dirty();
    let active = move || {
        form.with_field("Active", |d| {
            d.baseline().get("Active").and_then(Value::as_bool) == Some(true)
        })
    };
    // Everything the form holds goes with it, as the button says: a save sends the form.
    let deactivate = Callback::new(move |()| {
        form.set("Active", "false".to_owned());
        saver.save();
    });
    let open = RwSignal::new(false);
    let refused = move || auth.refused(DELETE);
    view! {
        <section class="form-section offboard" aria-labelledby="offboard">
            <h2 id="offboard">"Deactivate or delete"</h2>
            <p>"Deactivating stops this user signing in; it can be undone at any time. Deleting removes the user for good."</p>
            <div class="actions">
                {move || if active() {
                    view! {
                        <button type="button" class="secondary" on:click=move |_| deactivate.run(())>
                            {move || if dirty.get() { "Deactivate and save all changes" } else { "Deactivate" }}
                        </button>
                    }.into_any()
                } else {
                    view! { <p>"This user is inactive: they cannot sign in. Tick Active and save to let them back."</p> }.into_any()
                }}
                <button
                    type="button"
                    class="danger"
                    aria-disabled=move || refused().then_some("true")
                    aria-describedby=move || refused().then_some("delete-refused")
                    on:click=move |_| open.set(!refused())
                >
                    "Delete user…"
                </button>
            </div>
            {move || refused().then(|| view! { <p id="delete-refused" class="unavailable">{delete_refused()}</p> })}
            <Show when=move || open.get()>
                <Deferred load=delete_dialog show=move |dialog: Part| dialog(Box::new(DeleteArgs { user_id, open, deactivate }))/>
            </Show>
        </section>
    }
}
