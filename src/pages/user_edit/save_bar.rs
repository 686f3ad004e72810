//! Under the form: Save, the review of changes, and what the last save came to.

use leptos::prelude::*;

use crate::components::deferred::PartMissing;
use crate::form::FormState;

use super::review::ReviewChanges;
use super::save::{SaveOutcome, Saver};

/// The bar; Save submits the form it sits in.
#[component]
pub fn SaveBar(saver: Saver) -> impl IntoView {
    let form = expect_context::<FormState>();
    let dirty = form.dirty();
    let outcome = saver.action.value();
    let saving = move || saver.saving();
    // "Saved" stands while the form holds no edit, or just those typed while the save
    // was on its way (which it names); any other keystroke is a new unsaved change.
    let saved_stands = move || {
        saver.left_over.with_value(|left| {
            if left.is_empty() {
                !dirty.get()
            } else {
                form.with_edits(|d| d.edits() == &left[..])
            }
        })
    };

    let status = move || {
        if saving() {
            return if saver.slow.get() {
                "Still saving: the server is slow to answer. Your changes are safe on this page."
                    .to_owned()
            } else {
                "Saving…".to_owned()
            };
        }
        match outcome.get() {
            Some(SaveOutcome::Saved(said)) if saved_stands() => said,
            Some(SaveOutcome::NothingToSave(said)) if !dirty.get() => said,
            _ => String::new(),
        }
    };
    let problem = move || {
        let text = match outcome.get() {
            _ if saving() => return None,
            Some(SaveOutcome::Failed(m)) if !m.is_empty() => m,
            Some(SaveOutcome::SigningIn) => {
                "Your session has ended. Sign in again; your changes are kept and will be saved."
                    .to_owned()
            }
            Some(SaveOutcome::PartMissing) => {
                return Some(view! { <PartMissing kept=true/> }.into_any())
            }
            _ => return None,
        };
        Some(view! { <p>{text}</p> }.into_any())
    };
    view! {
        <div class="save-bar">
            <button
                type="submit"
                class="primary"
                aria-disabled=move || saving().then_some("true")
                aria-busy=move || saving().then_some("true")
                on:pointerdown=move |ev| {
                    if ev.button() == 0 {
                        saver.pressed();
                    }
                }
                // Space clicks on release; Enter at once, with nothing to gain.
                on:keydown=move |ev| {
                    if ev.key() == " " && !ev.repeat() {
                        saver.pressed();
                    }
                }
            >
                {move || if saving() { "Saving…" } else { "Save changes" }}
            </button>
            <ReviewChanges/>
            <span class="dirty-note">
                {move || dirty.get().then_some("You have unsaved changes")}
            </span>
            <p role="status" class="save-status">{status}</p>
            <p role="status" class="notice">
                {move || saver.wait.get().map(|s| format!("Too many requests to the server. Saving again in {s} s…"))}
            </p>
            {move || saver.wait.get().is_some().then(|| view! {
                <button type="button" class="secondary" on:click=move |_| saver.retry_now()>"Retry now"</button>
                <button type="button" class="secondary" on:click=move |_| saver.stop_retrying()>"Stop retrying"</button>
            })}
        </div>
        <div role="alert" class="save-problem">{problem}</div>
    }
}
