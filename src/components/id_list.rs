//! The list-of-linked-records field: the ids a user holds, each removable, and a box to
//! add one.

use contract::FieldSpec;
use leptos::prelude::*;

use crate::components::fields::{error_id, input_id, FieldReads, Messages};
use crate::components::focus_by_id;
use crate::form::FormState;

fn parse_ids(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A set of linked record ids: the current ones listed with a Remove button each, and a
/// box to add one.
#[component]
pub fn IdListField(spec: &'static FieldSpec) -> impl IntoView {
    let form = expect_context::<FormState>();
    let name = spec.name;
    // The add box's text lives in the form: an id typed but not added is unsaved input.
    let adding = Signal::derive(move || form.unfinished(name));
    let set_adding = move |text: String| form.set_unfinished(name, text);
    let add_error = RwSignal::new(None::<&'static str>);
    let reads = FieldReads::new(form, name);
    let ids = move || reads.value.with(|v| parse_ids(v));
    let write = move |list: Vec<String>| form.set(name, list.join(", "));
    let add = move || {
        let text = adding.get_untracked().trim().to_owned();
        if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) || text.len() > 18 {
            add_error.set(Some("Enter an id: a whole number, 0 or more"));
            return;
        }
        let mut list = ids();
        if list.contains(&text) {
            add_error.set(Some("That id is already in the list"));
            return;
        }
        list.push(text);
        write(list);
        add_error.set(None);
        set_adding(String::new());
    };
    let add_input_id = input_id(spec);
    let add_error_id = format!("f-{name}-add-error");
    let describe = {
        let add_error_id = add_error_id.clone();
        move || {
            let mut d = Vec::new();
            if add_error.get().is_some() {
                d.push(add_error_id.clone());
            }
            if reads.has_error() {
                d.push(error_id(spec));
            }
            (!d.is_empty()).then(|| d.join(" "))
        }
    };
    view! {
        <fieldset class="field id-list" class:has-error=move || reads.has_error()>
            <legend>{spec.label}</legend>
            <Messages spec messages=reads.messages/>
            <ul class="ids" aria-label=format!("Current {}", spec.label.to_ascii_lowercase())>
                {move || {
                    let list = ids();
                    if list.is_empty() {
                        view! { <li class="none">"None"</li> }.into_any()
                    } else {
                        list.into_iter()
                            .map(|id| {
                                let gone = id.clone();
                                view! {
                                    <li>
                                        <span class="id">{id.clone()}</span>
                                        <button
                                            type="button"
                                            class="link"
                                            aria-label=format!("Remove {id} from {}", spec.label)
                                            on:click=move |_| {
                                                write(ids().into_iter().filter(|i| *i != gone).collect());
                                                // The button is gone with its id: keep the
                                                // keyboard in the list's field.
                                                focus_by_id(&input_id(spec));
                                            }
                                        >
                                            "Remove"
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()
                            .into_any()
                    }
                }}
            </ul>
            <div class="add-id">
                <label for=add_input_id.clone()>{format!("Add to {}", spec.label.to_ascii_lowercase())}</label>
                {move || add_error.get().map(|m| view! {
                    <p class="field-error" id=add_error_id.clone()><span class="visually-hidden">"Error: "</span>{m}</p>
                })}
                <div class="row">
                    <input
                        id=add_input_id
                        type="text"
                        inputmode="numeric"
                        autocomplete="off"
                        placeholder="Id"
                        aria-invalid=move || add_error.get().is_some().then_some("true")
                        aria-describedby=describe
                        prop:value=move || adding.get()
                        on:input=move |ev| set_adding(event_target_value(&ev))
                        on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                            if ev.key() == "Enter" {
                                ev.prevent_default();
                                add();
                            }
                        }
                    />
                    <button type="button" class="secondary" on:click=move |_| add()>"Add"</button>
                </div>
            </div>
        </fieldset>
    }
}
