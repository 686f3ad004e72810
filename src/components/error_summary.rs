//! The GOV.UK-style error summary: shown after a failed save, takes focus, lists every
//! problem in the inline wording, each a link to its field that does not touch the URL.

use leptos::prelude::*;

use crate::components::deferred::{Deferred, Part};
use crate::components::fields::input_id;
use crate::components::{focus_by_id, focus_when_shown};
use crate::form::FormState;

/// Focuses the element with `id` and brings its label into view, without a URL change.
pub fn focus_field(id: &str) {
    let Some(target) = focus_by_id(id) else {
        return;
    };
    let label = document()
        .query_selector(&format!("label[for=\"{id}\"]"))
        .ok()
        .flatten();
    // The label, not the input, so the question is visible above the answer.
    label.unwrap_or(target).scroll_into_view();
}

const SUMMARY_ID: &str = "error-summary";

/// Moves focus to the summary once it is on the page (after a failed save).
pub fn focus_summary() {
    focus_when_shown(SUMMARY_ID);
}

/// The summary, while it is open and there is something to say.
#[component]
pub fn ErrorSummary() -> impl IntoView {
    let problems = expect_context::<FormState>().problems();
    view! {
        <Show when=move || problems.with(|p| !p.is_empty())>
            <Deferred load=summary show=|summary: Part| summary(Box::new(()))/>
        </Show>
    }
}

// Shown only after a failed save: a part of its own, fetched with the save's (at the
// form's first change), so it is here by the time a save fails.
crate::deferred!(summary, pub fn summary = |_| view! { <Summary/> }.into_any());

/// The summary's box: its heading and the problems, each a link to its field.
#[component]
fn Summary() -> impl IntoView {
    // It may arrive after the save that opened it asked for focus.
    focus_summary();
    let problems = expect_context::<FormState>().problems();
    view! {
            <div
                class="error-summary"
                id=SUMMARY_ID
                tabindex="-1"
                role="alert"
                aria-labelledby="error-summary-title"
            >
                <h2 id="error-summary-title">"There is a problem"</h2>
                <ul>
                    {move || {
                        problems
                            .get()
                            .into_iter()
                            .map(|p| match p.field {
                                Some(spec) => {
                                    let id = input_id(spec);
                                    let href = format!("#{id}");
                                    view! {
                                        <li>
                                            <a
                                                href=href
                                                on:click=move |ev| {
                                                    ev.prevent_default();
                                                    focus_field(&id);
                                                }
                                            >
                                                {p.text}
                                            </a>
                                        </li>
                                    }
                                        .into_any()
                                }
                                None => view! { <li>{p.text}</li> }.into_any(),
                            })
                            .collect_view()
                    }}
                </ul>
            </div>
    }
}
