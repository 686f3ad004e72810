//! The list-of-linked-records field (user roles, businesses, chat rooms): what the user
//! holds, by name where the page can tell it, each removable, and a picker to add one by
//! name — or, when the list cannot be read, a box to add one by id. The ids are the data:
//! a name is a help, never a reason to block editing or saving.

use std::sync::Arc;

use contract::{FieldSpec, RelatedKind, RelatedPage, Wanted};
use futures::future::LocalBoxFuture;
use leptos::prelude::*;

use crate::components::combobox::{Combobox, SearchError};
use crate::components::fields::{error_id, input_id, FieldReads, Messages};
use crate::components::focus_by_id;
use crate::form::FormState;

/// What the page knows of a linked record.
#[derive(Clone, Debug, PartialEq)]
pub enum Known {
    /// Not asked yet, or on its way: the id shows.
    Asking,
    /// Its name, as the app shows it.
    Named(String),
    /// 404: gone, or not readable by this account. The id stays: "#24 (not found)".
    Missing,
    /// 5xx, time limit, throttled: the id shows, with a retry.
    Failed,
}

/// Where the list fields learn about the records their ids name. The edit page
/// implements it (as [`RecordsHandle`] context) and does the HTTP a component may not.
pub trait Records {
    /// What is known of `id` (tracked).
    fn known(&self, kind: RelatedKind, id: u64) -> Known;
    /// Looks up the names of `ids` never asked (and, `again`, those that failed).
    fn look_up(&self, kind: RelatedKind, ids: Vec<u64>, again: bool);
    /// Whether the list answered 401/403 (tracked): then it shows ids, added by id.
    fn refused(&self, kind: RelatedKind) -> bool;
    /// A page of records matching what was typed.
    fn search(
        &self,
        kind: RelatedKind,
        wanted: Wanted,
    ) -> LocalBoxFuture<'static, Result<RelatedPage, SearchError>>;
}

/// The page's [`Records`], as context; without it the lists show bare ids.
#[derive(Clone)]
pub struct RecordsHandle(pub Arc<dyn Records + Send + Sync>);

fn parse_ids(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// One held id, as shown: the name where known, else `#24`, `#24 (not found)`.
fn shown(id: &str, known: &Known) -> String {
    match known {
        Known::Named(label) => label.clone(),
        Known::Missing => format!("#{id} (not found)"),
        Known::Asking | Known::Failed => format!("#{id}"),
    }
}

/// Held ids in the order a person scans them: named ones by name, then the others by id.
/// Names compare with ASCII case aside and other letters in code-point order: the module
/// holds no Unicode case tables, and the browser's collator (`localeCompare`) took 8–20
/// ms to start on each page load, profiled. (Ids are unique, so an unstable sort, the
/// smaller code, orders them all the same.)
fn sorted(mut items: Vec<(String, Known)>) -> Vec<(String, Known)> {
    let key = |(id, known): &(String, Known)| match known {
        Known::Named(label) => (0, label.to_ascii_lowercase(), 0),
        _ => (1, String::new(), id.parse::<u64>().unwrap_or(u64::MAX)),
    };
    items.sort_unstable_by_key(key);
    items
}

/// Keeps the focus on the same record's Remove button through a redraw of the rows (a
/// name arriving re-sorts them): the button focused may then stand for another record,
/// or be gone. When a button in `list` has the focus now, the one with its element id
/// (`f-<list>-remove-<record id>`) takes it once the rows are drawn again.
fn keep_focus_in(list: NodeRef<leptos::html::Ul>) {
    let Some(ul) = list.get_untracked() else {
        return;
    };
    let Some(focused) = document()
        .active_element()
        .filter(|el| ul.contains(Some(el)))
        .map(|el| el.id())
    else {
        return;
    };
    // The rows are drawn right after this call, before any microtask, and the person's
    // next key comes after every microtask.
    queue_microtask(move || {
        let doc = document();
        // Unless the focus left the list meanwhile (Remove hands it to the add box).
        let here = doc.active_element().is_none_or(|active| {
            ul.contains(Some(&active))
                || doc
                    .body()
                    .is_some_and(|body| &active == AsRef::<web_sys::Element>::as_ref(&body))
        });
        if here {
            focus_by_id(&focused);
        }
    });
}

/// A server message naming an id, `… (id 24)`, with that record's name where known.
fn with_name(message: String, name_of: impl Fn(&str) -> Option<String>) -> String {
    let Some((before, rest)) = message.split_once("(id ") else {
        return message;
    };
    match rest.split_once(')') {
        Some((id, after)) => match name_of(id) {
            Some(name) => format!("{before}(id {id}, {name}){after}"),
            None => message,
        },
        None => message,
    }
}

/// A set of linked records: the held ones listed with a Remove button each, and a
/// picker to add one.
#[component]
pub fn IdListField(spec: &'static FieldSpec) -> impl IntoView {
    let form = expect_context::<FormState>();
    let name = spec.name;
    let list_name = spec.label.to_ascii_lowercase();
    // The page's lookups for this list; none (a test, an unknown list): bare ids.
    let records = StoredValue::new(use_context::<RecordsHandle>().zip(RelatedKind::of_field(name)));
    let refused =
        move || records.with_value(|r| r.as_ref().is_none_or(|(r, kind)| r.0.refused(*kind)));
    let known = move |id: &str| match id.parse::<u64>() {
        Ok(n) if !refused() => records.with_value(|r| {
            r.as_ref()
                .map_or(Known::Asking, |(r, kind)| r.0.known(*kind, n))
        }),
        _ => Known::Asking,
    };
    // The add box's text lives in the form: an id typed but not added is unsaved input.
    let adding = Signal::derive(move || form.unfinished(name));
    let set_adding = move |text: String| form.set_unfinished(name, text);
    let add_error = RwSignal::new(None::<&'static str>);
    let reads = FieldReads::new(form, name);
    let ids = move || reads.value.with(|v| parse_ids(v));
    let held = Signal::derive(move || ids().iter().filter_map(|i| i.parse().ok()).collect());
    let look_up = move |again: bool| {
        records.with_value(|r| {
            if let Some((r, kind)) = r {
                r.0.look_up(*kind, held.get_untracked(), again);
            }
        });
    };
    // Names for what is held, and for what is added by id.
    Effect::new(move || {
        held.track();
        look_up(false);
    });
    let write = move |list: Vec<String>| form.set(name, list.join(", "));
    let add_id = move |id: String| {
        let mut list = ids();
        if list.contains(&id) {
            add_error.set(Some("That id is already in the list"));
            return;
        }
        list.push(id);
        write(list);
        add_error.set(None);
        set_adding(String::new());
    };
    let add = move || match Wanted::read(&adding.get_untracked()) {
        Wanted::Id(id) if id.to_string().len() <= 18 => add_id(id.to_string()),
        Wanted::Name(_) if !refused() => add_error.set(Some(
            "Choose a match with the arrow keys and Enter, or type an id",
        )),
        _ => add_error.set(Some("Enter an id: a whole number, 0 or more")),
    };
    let add_input_id = input_id(spec);
    let add_error_id = format!("f-{name}-add-error");
    let describe = {
        let add_error_id = add_error_id.clone();
        Signal::derive(move || {
            let mut d = Vec::new();
            if add_error.get().is_some() {
                d.push(add_error_id.clone());
            }
            if reads.has_error() {
                d.push(error_id(spec));
            }
            (!d.is_empty()).then(|| d.join(" "))
        })
    };
    let invalid = Signal::derive(move || add_error.get().is_some());
    let messages = Memo::new(move |_| {
        reads
            .messages
            .get()
            .into_iter()
            .map(|m| {
                with_name(m, |id| match known(id) {
                    Known::Named(label) => Some(label),
                    _ => None,
                })
            })
            .collect()
    });
    let items = move || {
        sorted(
            ids()
                .into_iter()
                .map(|id| (id.clone(), known(&id)))
                .collect(),
        )
    };
    let list = NodeRef::<leptos::html::Ul>::new();
    let failed = move || !refused() && ids().iter().any(|id| matches!(known(id), Known::Failed));
    let picker = move || match records.get_value().filter(|_| !refused()) {
        Some((records, kind)) => view! {
            <Combobox
                id=add_input_id.clone()
                of=spec.label
                text=adding
                set_text=Callback::new(set_adding)
                search=Callback::new(move |wanted| records.0.search(kind, wanted))
                held
                pick=Callback::new(move |record: contract::Related| add_id(record.id.to_string()))
                enter=Callback::new(move |()| add())
                described_by=describe
                invalid
            />
        }
        .into_any(),
        None => view! {
            <div class="row">
                <input
                    id=add_input_id.clone()
                    type="text"
                    inputmode="numeric"
                    autocomplete="off"
                    placeholder="Id"
                    aria-invalid=move || invalid.get().then_some("true")
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
        }
        .into_any(),
    };
    view! {
        <fieldset class="field id-list" class:has-error=move || reads.has_error()>
            <legend>{spec.label}</legend>
            <Messages spec messages/>
            <ul class="ids" aria-label=format!("Current {list_name}") node_ref=list>
                {move || {
                    let items = items();
                    keep_focus_in(list);
                    if items.is_empty() {
                        return view! { <li class="none">"None"</li> }.into_any();
                    }
                    items
                        .into_iter()
                        .map(|(id, known)| {
                            let text = shown(&id, &known);
                            let gone = id.clone();
                            view! {
                                <li class:missing=known == Known::Missing>
                                    <span class="name">{text.clone()}</span>
                                    {matches!(known, Known::Named(_)).then(|| view! { <span class="id">{format!("#{id}")}</span> })}
                                    <button
                                        type="button"
                                        class="link"
                                        aria-label=format!("Remove {text}")
                                        id=format!("f-{name}-remove-{id}")
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
                }}
            </ul>
            {move || failed().then(|| view! {
                <p class="lookup-failed">
                    "Some names could not be loaded. "
                    <button type="button" class="link" on:click=move |_| look_up(true)>"Try again"</button>
                </p>
            })}
            {move || (refused() && records.with_value(Option::is_some)).then(|| view! {
                <p class="hint">{format!("This account may not read the list of {list_name}: add one by its id.")}</p>
            })}
            <div class="add-id">
                <label for=input_id(spec)>{format!("Add to {}", spec.label.to_ascii_lowercase())}</label>
                {move || add_error.get().map(|m| view! {
                    <p class="field-error" id=add_error_id.clone()><span class="visually-hidden">"Error: "</span>{m}</p>
                })}
                {picker}
            </div>
        </fieldset>
    }
}
