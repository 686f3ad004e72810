//! The confirmation of a bulk change: exactly what will change, for how many users; a
//! role change picks its role here.

use contract::Related;
use leptos::prelude::*;

use super::BulkAction;
use crate::pages::users::role_picker::RolePicker;

/// What the dialog asks about.
#[derive(Clone, Debug, PartialEq)]
pub enum Asking {
    /// A change with nothing to choose.
    Plain(BulkAction),
    /// Adding a role (`true`) or removing one: the role is chosen in the dialog.
    Role(bool),
}

/// The modal dialog; `confirmed` hears the action, and the dialog closes either way.
#[component]
pub fn ConfirmDialog(
    asking: RwSignal<Option<Asking>>,
    /// How many users the selection holds.
    #[prop(into)]
    count: Signal<u64>,
    confirmed: Callback<BulkAction>,
) -> impl IntoView {
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let role = RwSignal::new(None::<Related>);
    let problem = RwSignal::new(None::<String>);
    // Shown when asked, once: an effect may run again while the dialog is open, and that
    // must not clear the role picked.
    Effect::new(move |shown: Option<bool>| {
        let asked = asking.with(Option::is_some);
        match dialog.get() {
            Some(d) if asked && shown != Some(true) => {
                role.set(None);
                problem.set(None);
                let _ = d.show_modal();
                true
            }
            _ => asked && shown == Some(true),
        }
    });
    let action = move || -> Option<BulkAction> {
        match asking.get()? {
            Asking::Plain(a) => Some(a),
            Asking::Role(add) => {
                let r = role.get()?;
                let name = if r.name.trim().is_empty() {
                    format!("#{}", r.id)
                } else {
                    r.label()
                };
                Some(if add {
                    BulkAction::AddRole(r.id, name)
                } else {
                    BulkAction::RemoveRole(r.id, name)
                })
            }
        }
    };
    // `close` through `Reflect` and the `Function.call` the app imports anyway: a typed
    // binding is one more import in the glue every page loads.
    let close = move || {
        // (`get`, as the effect above: outside an effect it tracks nothing.)
        if let Some(d) = dialog.get() {
            let d = wasm_bindgen::JsValue::from(d);
            if let Ok(close) = js_sys::Reflect::get(&d, &"close".into()) {
                let _ = js_sys::Function::from(close).call1(&d, &wasm_bindgen::JsValue::UNDEFINED);
            }
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match untrack(action) {
            Some(a) => {
                close();
                confirmed.run(a);
            }
            None => {
                problem.set(Some("Choose the role first.".to_owned()));
                crate::components::focus_by_id("bulk-role");
            }
        }
    };
    let title = move || match asking.get() {
        Some(Asking::Plain(a)) => format!("{}?", a.name()),
        Some(Asking::Role(true)) => "Add a role?".to_owned(),
        Some(Asking::Role(false)) => "Remove a role?".to_owned(),
        None => String::new(),
    };
    let what = move || match action() {
        Some(a) => a.what_changes(count.get()),
        None => format!(
            "Choose the role to {} {}.",
            if asking.get() == Some(Asking::Role(true)) {
                "add to"
            } else {
                "remove from"
            },
            super::users_word(count.get())
        ),
    };
    let button = move || match action() {
        Some(a) => format!("{} for {}", a.name(), super::users_word(count.get())),
        None => "Confirm".to_owned(),
    };
    view! {
        <dialog
            node_ref=dialog
            class="bulk-dialog"
            aria-labelledby="bulk-title"
            aria-describedby="bulk-what"
            on:close=move |_| {
                asking.try_set(None);
            }
        >
            <h2 id="bulk-title">{title}</h2>
            <form novalidate=true on:submit=on_submit>
                {move || matches!(asking.get(), Some(Asking::Role(_))).then(|| view! {
                    <div class="field">
                        <label for="bulk-role">"Role"</label>
                        <RolePicker id="bulk-role" picked=Callback::new(move |r| { problem.set(None); role.set(Some(r)); })/>
                    </div>
                })}
                <p id="bulk-what">{what}</p>
                <p>"Each user is read first and only this field is changed, so nothing else on their record is undone. Anyone whose field was changed meanwhile is skipped and listed. The change runs at the server’s pace (60 changes a minute) and can be paused or cancelled."</p>
                <p class="field-error" role="alert">{move || problem.get()}</p>
                <div class="actions">
                    <button type="submit" class="primary">{button}</button>
                    // A plain change opens on Cancel: one Enter must not change 300 users.
                    <button
                        type="button"
                        class="secondary"
                        autofocus=move || matches!(asking.get(), Some(Asking::Plain(_)))
                        on:click=move |_| close()
                    >
                        "Cancel"
                    </button>
                </div>
            </form>
        </dialog>
    }
}
