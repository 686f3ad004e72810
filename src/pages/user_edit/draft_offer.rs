//! Nothing typed is lost: the edits (never passwords or secrets) are kept in this tab's
//! `sessionStorage` with the values they were made against, and offered back after a
//! reload, merged onto the record as it is now.

use contract::json::{Map, Value};
use leptos::prelude::*;

use crate::auth::DRAFT_KEY_PREFIX;
use crate::components::deferred::{args, PartMissing};
use crate::form::FormState;

use super::conflicts::{show_conflicts, ConflictItem};

fn session_storage() -> Option<web_sys::Storage> {
    window().session_storage().ok().flatten()
}

fn read_kept(key: &str) -> Option<Value> {
    let text = session_storage()?.get_item(key).ok().flatten()?;
    Value::parse(&text)
        .ok()
        .filter(|v| v.as_object().is_some_and(|o| !o.is_empty()))
}

/// `earlier` (a kept draft still on offer) under `now`: both kept, today's typing wins.
fn combine(earlier: &Value, now: Value) -> Value {
    let part = |v: &Value, key: &str| -> Map {
        match v.get(key).and_then(Value::as_object) {
            Some(part) => part.clone(),
            // A draft kept by an earlier version: the object is the edits, no base.
            None if key == "edits" && v.get("base").is_none() => {
                v.as_object().cloned().unwrap_or_default()
            }
            None => Map::new(),
        }
    };
    let mut out = Map::new();
    for key in ["edits", "base"] {
        let mut merged = part(earlier, key);
        merged.extend(part(&now, key));
        out.insert(key.to_owned(), Value::Object(merged));
    }
    Value::Object(out)
}

/// Puts the base of each undecided conflict into `kept` (see
/// [`ConflictItem::undecided_base`]), for the fields it keeps an edit of.
fn keep_conflict_bases(kept: &mut Value, conflicts: &[ConflictItem]) {
    let Some(kept) = kept.as_object_mut() else {
        return;
    };
    let edited = |name: &str| {
        kept.get("edits")
            .and_then(Value::as_object)
            .is_some_and(|e| e.get(name).is_some())
    };
    let undecided: Vec<_> = conflicts
        .iter()
        .filter_map(ConflictItem::undecided_base)
        .filter(|(name, _, _)| edited(name))
        .collect();
    if undecided.is_empty() {
        return;
    }
    let mut base = kept
        .get("base")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    for (name, property, value) in undecided {
        match value {
            Some(value) => base.insert(property.to_owned(), value.clone()),
            None if property == name => base.shift_remove(property),
            // The avatar file's "none" is kept as null (Draft::to_kept).
            None => base.insert(property.to_owned(), Value::Null),
        };
    }
    kept.insert("base".to_owned(), Value::Object(base));
}

/// Where the draft `name` is kept.
fn draft_key(name: &str) -> String {
    format!("{DRAFT_KEY_PREFIX}{name}")
}

/// Drops the draft `name`: what it kept is saved, or gone for good.
pub fn drop_draft(name: &str) {
    if let Some(store) = session_storage() {
        let _ = store.remove_item(&draft_key(name));
    }
}

fn is_empty_kept(kept: &Value) -> bool {
    kept.get("edits")
        .and_then(Value::as_object)
        .is_none_or(|e| e.is_empty())
}

/// Keeps the draft `name` (a user's id, or `new`) as it changes, and offers back one
/// kept before. The keeping and the offer are a part of their own, fetched as the form is
/// shown (a person's first keystroke comes later than its few kilobytes): the edits typed
/// before it runs are kept as it starts, since it keeps the whole draft each time.
#[component]
pub fn DraftOffer(
    #[prop(into)] name: String,
    conflicts: RwSignal<Vec<ConflictItem>>,
) -> impl IntoView {
    let attempt = RwSignal::new(0u32);
    let part = LocalResource::new(move || {
        attempt.track();
        kept_draft()
    });
    let kept = read_kept(&draft_key(&name)).is_some();
    move || {
        match part.get() {
        Some(Ok(part)) => Some(part(Box::new((name.clone(), conflicts)))),
        // Said only where a draft waits to be offered.
        Some(Err(_)) if kept => Some(
            view! {
                <div class="notice draft-offer" role="region" aria-label="Unsaved changes from before">
                    <div class="problem" role="alert"><PartMissing again=attempt/></div>
                </div>
            }
            .into_any(),
        ),
        _ => None,
    }
    }
}

crate::deferred!(restore, fn kept_draft = |given| match args::<(String, RwSignal<Vec<ConflictItem>>)>(given) {
    Some((name, conflicts)) => view! { <KeptDraft name conflicts/> }.into_any(),
    None => ().into_any(),
});

/// The draft kept as it changes, and the offer of one kept before.
#[component]
fn KeptDraft(name: String, conflicts: RwSignal<Vec<ConflictItem>>) -> impl IntoView {
    let form = expect_context::<FormState>();
    let key = draft_key(&name);
    let offer = RwSignal::new(read_kept(&key));
    // Storage is outside Leptos: an effect is how it is told.
    Effect::new(move || {
        let mut now = form.with_edits(|d| d.to_kept());
        conflicts.with(|c| keep_conflict_bases(&mut now, c));
        let kept = match offer.get() {
            Some(earlier) => combine(&earlier, now),
            None => now,
        };
        if let Some(store) = session_storage() {
            let _ = if is_empty_kept(&kept) {
                store.remove_item(&key)
            } else {
                store.set_item(&key, &kept.to_string())
            };
        }
    });
    view! {
        <Show when=move || offer.with(Option::is_some)>
            <div class="notice draft-offer" role="region" aria-label="Unsaved changes from before">
                <KeptOffer offer conflicts/>
            </div>
        </Show>
    }
}

/// "Restore them" or "Discard them".
#[component]
fn KeptOffer(
    offer: RwSignal<Option<Value>>,
    conflicts: RwSignal<Vec<ConflictItem>>,
) -> impl IntoView {
    let form = expect_context::<FormState>();
    let on_restore = move |_| {
        if let Some(kept) = offer.get_untracked() {
            restore(form, conflicts, &kept);
        }
        offer.set(None);
    };
    view! {
        <p>"You have unsaved changes to this user from before (passwords are never kept)."</p>
        <div class="actions">
            <button type="button" class="primary" on:click=on_restore>"Restore them"</button>
            <button type="button" class="secondary" on:click=move |_| offer.set(None)>"Discard them"</button>
        </div>
    }
}

/// Puts the `kept` edits back into `form`, onto the record as it is now; where the
/// record changed under them, the conflicts go to the panel.
fn restore(form: FormState, conflicts: RwSignal<Vec<ConflictItem>>, kept: &Value) {
    if let Some(rebased) = form.update_draft(|d| d.restore_kept(kept)) {
        let (by, on) = form.with_draft(|d| {
            let stamp = |name| d.baseline().get_str(name).map(str::to_owned);
            (stamp("UpdatedBy"), stamp("UpdatedOn"))
        });
        show_conflicts(form, conflicts, &rebased.conflicts, by, on);
    }
}
