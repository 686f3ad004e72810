//! "Delete user…": confirmed by typing the user's email, said to be for good, with
//! Deactivate offered instead; a delete someone else did first is no error.

use leptos::prelude::*;

use crate::api::{read_saved, Api, ApiError, MAX_THROTTLE_WAITS};
use crate::auth::Auth;
use crate::components::deferred::args;
use crate::components::throttle_note::ThrottleNote;
use crate::components::{count_seconds, focus_by_id};
use crate::form::FormState;
use crate::shell::{Departure, Ended};

use super::draft_offer::drop_draft;
use super::offboard::{delete_refused, DeleteArgs, DELETE};

// Only when "Delete user…" is pressed: a part of its own.
crate::deferred!(delete, pub fn delete_dialog = |given| match args::<DeleteArgs>(given) {
    Some(given) => view! { <DeleteDialog given/> }.into_any(),
    None => ().into_any(),
});

const INPUT: &str = "delete-confirm";

/// What the admin types to confirm: the email, or the id of a user with none.
fn confirmation(email: &str, user_id: u64) -> String {
    let email = email.trim();
    if email.is_empty() {
        user_id.to_string()
    } else {
        email.to_owned()
    }
}

/// Whether `typed` confirms `expected` (an email's case does not matter).
fn confirms(typed: &str, expected: &str) -> bool {
    typed.trim().eq_ignore_ascii_case(expected)
}

/// The dialog, while `given.open` holds.
#[component]
fn DeleteDialog(given: DeleteArgs) -> impl IntoView {
    let DeleteArgs {
        user_id,
        open,
        deactivate,
    } = given;
    let form = expect_context::<FormState>();
    let auth = expect_context::<Auth>();
    let api = StoredValue::new(Api::from_context());
    let departure = Departure::from_context();
    let (email, name) = form.with_draft(|d| {
        let text = |n| {
            d.baseline()
                .get_str(n)
                .unwrap_or_default()
                .trim()
                .to_owned()
        };
        (text("Email"), text("FullName"))
    });
    let who = if name.is_empty() {
        format!("user {user_id}")
    } else {
        name
    };
    let expected = confirmation(&email, user_id);
    let what = if email.trim().is_empty() {
        "user id"
    } else {
        "email"
    };
    let typed = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let wait = RwSignal::new(None::<u64>);
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    Effect::new(move || {
        if let Some(d) = dialog.get() {
            let _ = d.show_modal();
        }
    });
    let gone = StoredValue::new(who.clone());
    let run = move || async move {
        let who = gone.get_value();
        let mut waits = 0;
        loop {
            let answer = api
                .get_value()
                .delete(&format!("/sys/users/{user_id}"))
                .await
                .and_then(|body| read_saved(&body));
            let text = match answer {
                Ok(()) => format!("Deleted {who}"),
                Err(ApiError::NotFound) => {
                    format!("{who} had already been deleted, by someone else or in another tab.")
                }
                Err(ApiError::Throttled(secs)) if waits < MAX_THROTTLE_WAITS => {
                    waits += 1;
                    if count_seconds(secs, wait, || true).await {
                        continue;
                    }
                    // (The page is gone.)
                    return Ended::Left;
                }
                Err(e) => return Ended::Here(failure(auth, e)),
            };
            drop_draft(&user_id.to_string());
            departure.go("/users", text);
            return Ended::Left;
        }
    };
    let expected_text = expected.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        if !typed.with_untracked(|t| confirms(t, &expected_text)) {
            problem.set(Some(format!(
                "Type {expected_text} to confirm that this user is to be deleted"
            )));
            focus_by_id(INPUT);
            return;
        }
        problem.set(None);
        busy.set(true);
        wasm_bindgen_futures::spawn_local(async move {
            if let Ended::Here(said) = run().await {
                busy.try_set(false);
                problem.try_set(Some(said));
            }
        });
    };
    let invalid = move || problem.with(Option::is_some).then_some("true");
    view! {
        <dialog
            node_ref=dialog
            class="delete-dialog"
            aria-labelledby="delete-title"
            on:close=move |_| {
                // (Also when the page goes, the dialog with it: `try_`.)
                open.try_set(false);
            }
        >
            <h2 id="delete-title">{format!("Delete {who}?")}</h2>
            <p>"This removes the user for good: it cannot be undone. To stop them signing in but keep their record, deactivate them instead."</p>
            <form method="dialog" novalidate=true on:submit=on_submit>
                <div class="field">
                    <label for=INPUT>{format!("To confirm, type the user's {what}: {expected}")}</label>
                    <input
                        id=INPUT
                        type="text"
                        autocomplete="off"
                        spellcheck="false"
                        aria-invalid=invalid
                        aria-describedby="delete-problem"
                        prop:value=move || typed.get()
                        on:input=move |ev| typed.set(event_target_value(&ev))
                    />
                    <p id="delete-problem" class="field-error" role="alert">{move || problem.get()}</p>
                </div>
                <ThrottleNote remaining=wait what="Deleting"/>
                <div class="actions">
                    <button type="submit" class="danger" aria-busy=move || busy.get().then_some("true")>
                        {move || if busy.get() { "Deleting…" } else { "Delete user" }}
                    </button>
                    <button type="button" class="secondary" on:click=move |_| {
                        open.set(false);
                        deactivate.run(());
                    }>"Deactivate instead"</button>
                    <button type="button" class="secondary" on:click=move |_| open.set(false)>"Cancel"</button>
                </div>
            </form>
        </dialog>
    }
}

/// Why nothing was deleted, as the dialog says it.
fn failure(auth: Auth, error: ApiError) -> String {
    match error {
        ApiError::Forbidden => {
            auth.refuse(DELETE);
            format!("{} Nothing was deleted.", delete_refused())
        }
        ApiError::SignedOut => {
            "Your session has ended. Sign in again, then press Delete user again.".to_owned()
        }
        ApiError::Rejected { form, .. } => format!(
            "The server did not delete the user: {} Nothing was deleted.",
            form.join(" ")
        ),
        ApiError::Throttled(_) => "The server is still too busy, after several tries. Nothing was deleted; try again in a few minutes.".to_owned(),
        e => format!("{e} If the user was deleted meanwhile, pressing Delete user again will say so."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_email_confirms_whatever_its_case_and_an_id_stands_in_for_none() {
        let expected = confirmation(" Ann@Example.com ", 7);
        assert!(confirms("ann@example.com ", &expected));
        assert!(!confirms("ann@example.co", &expected));
        assert!(!confirms("", &expected));
        assert_eq!(confirmation("", 7), "7");
        assert!(confirms("7", &confirmation("  ", 7)));
    }
}
