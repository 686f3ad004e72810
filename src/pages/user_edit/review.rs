//! "Review changes (N)": the fields the admin changed, old → new, each with an undo.

use contract::{display_text, field, Draft, FieldSpec, Kind, Language};
use leptos::prelude::*;

use crate::components::deferred::{Deferred, Part};
use crate::form::FormState;

/// A field's input text as a person reads it in the review and the conflict panel: a
/// flag as Yes or No, a language by its name (the select shows names, not the wire
/// integers), nothing as "(empty)"; anything else as typed.
pub(super) fn readable(spec: &FieldSpec, text: &str) -> String {
    match (spec.kind, text.trim()) {
        (_, "") => "(empty)".to_owned(),
        (Kind::Bool, "true") => "Yes".to_owned(),
        (Kind::Bool, "false") => "No".to_owned(),
        (Kind::Language, n) => n
            .parse::<i64>()
            .map_or_else(|_| text.to_owned(), |n| Language::from_i64(n).label()),
        _ => text.to_owned(),
    }
}

/// The fields the review lists.
fn reviewed(d: &Draft) -> impl Iterator<Item = &'static FieldSpec> {
    d.changed()
        .into_iter()
        .filter_map(field)
        // The confirmation is part of the new password, not a change of its own.
        .filter(|spec| spec.kind != Kind::ConfirmPassword)
}

/// One changed field: its label, the old and the new text (secrets never shown).
fn changes(form: FormState) -> Vec<(&'static str, String, String)> {
    form.with_edits(|d| {
        reviewed(d)
            .map(|spec| {
                if spec.kind == Kind::NewPassword {
                    return (spec.name, "—".to_owned(), "changed".to_owned());
                }
                let old = display_text(spec, d.baseline().get(spec.name));
                (
                    spec.name,
                    readable(spec, &old),
                    readable(spec, &d.input(spec.name)),
                )
            })
            .collect()
    })
}

/// The toggle; the list is a part of its own, fetched when first opened.
#[component]
pub fn ReviewChanges() -> impl IntoView {
    let form = expect_context::<FormState>();
    let count = Memo::new(move |_| form.with_edits(|d| reviewed(d).count()));
    let open = RwSignal::new(false);
    view! {
        <button
            type="button"
            class="secondary"
            aria-expanded=move || open.get().to_string()
            aria-controls="review-changes"
            disabled=move || count.get() == 0
            on:click=move |_| open.update(|o| *o = !*o)
        >
            {move || format!("Review changes ({})", count.get())}
        </button>
        <Show when=move || open.get() && (count.get() != 0)>
            <Deferred load=review_list show=|list: Part| list(Box::new(()))/>
        </Show>
    }
}

// Opened now and then: a part of its own.
crate::deferred!(review, pub fn review_list = |_| view! { <ChangesList/> }.into_any());

/// The list: each change, old → new, with its undo.
#[component]
fn ChangesList() -> impl IntoView {
    let form = expect_context::<FormState>();
    let list = Memo::new(move |_| changes(form));
    view! {
        <section id="review-changes" class="review" aria-label="Your changes">
            <ul>
                {move || {
                    list.get()
                        .into_iter()
                        .map(|(name, old, new)| {
                            let label = field(name).map_or(name, |s| s.label);
                            view! {
                                <li>
                                    <span class="label">{label}</span>": "
                                    <del>{old}</del>" → "<ins>{new}</ins>
                                    <button
                                        type="button"
                                        class="link"
                                        aria-label=format!("Undo {label}")
                                        on:click=move |_| {
                                            form.revert(name);
                                            if name == "NewPassword" {
                                                form.revert("ConfirmNewPassword");
                                            }
                                        }
                                    >
                                        "Undo"
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </section>
    }
}
