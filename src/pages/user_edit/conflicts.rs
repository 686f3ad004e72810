//! The conflict panel: fields that the admin and someone else both changed, each with
//! theirs and mine side by side and a choice; nothing is written until every one is
//! decided.

use contract::json::Value;
use contract::Conflict;
use contract::{display_text, field, Draft, FieldSpec, Kind};
use leptos::prelude::*;

use crate::components::{deferred, focus_when_shown, format_datetime};
use crate::form::FormState;

use super::review::readable;

/// Which side a conflicting field takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// The admin's edit.
    Mine,
    /// The value on the server now.
    Theirs,
}

/// One conflicting field as the panel shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct ConflictItem {
    spec: &'static FieldSpec,
    /// The property whose change made it a conflict (see [`Conflict::property`]).
    property: &'static str,
    theirs: String,
    mine: String,
    /// The value the edit was made against (`None`: absent).
    base: Option<Value>,
    /// Who changed it and when, from the record's `UpdatedBy`/`UpdatedOn`.
    by: Option<String>,
    on: Option<String>,
    /// What the admin chose, once they have.
    pub choice: Option<Choice>,
}

fn is_secret(spec: &FieldSpec) -> bool {
    matches!(
        spec.kind,
        Kind::Secret | Kind::NewPassword | Kind::ConfirmPassword
    )
}

impl ConflictItem {
    /// The item for `conflict`, with the admin's text from `draft`.
    pub fn new(conflict: &Conflict, draft: &Draft, by: Option<String>, on: Option<String>) -> Self {
        let spec = field(conflict.name).unwrap_or(&contract::FIELDS[0]);
        let theirs = match field(conflict.property) {
            // The avatar's actions: what they would replace, by its own label.
            Some(on) if on.name != spec.name => format!(
                "{}: {}",
                on.label,
                readable(on, &display_text(on, conflict.theirs.as_ref()))
            ),
            _ => display_text(spec, conflict.theirs.as_ref()),
        };
        Self {
            spec,
            property: conflict.property,
            theirs,
            mine: draft.input(spec.name),
            base: conflict.base.clone(),
            by,
            on,
            choice: None,
        }
    }

    /// While undecided: the field, the property compared and the value it had when the
    /// edit was made. The check moved the baseline on to theirs, so a draft kept now must
    /// carry this base, or its restore after a reload would find no conflict and take the
    /// edit over theirs.
    pub fn undecided_base(&self) -> Option<(&'static str, &'static str, Option<&Value>)> {
        self.choice
            .is_none()
            .then_some((self.spec.name, self.property, self.base.as_ref()))
    }

    fn shown(&self, text: &str) -> String {
        if is_secret(self.spec) {
            "changed".to_owned()
        } else {
            readable(self.spec, text)
        }
    }
}

const PANEL_ID: &str = "conflicts";

/// Puts `found` up in the panel, with who changed them and when (`by`, `on`: the
/// record's `UpdatedBy`/`UpdatedOn`), and moves focus to it. False when there are none.
pub fn show_conflicts(
    form: FormState,
    panel: RwSignal<Vec<ConflictItem>>,
    found: &[Conflict],
    by: Option<String>,
    on: Option<String>,
) -> bool {
    if found.is_empty() {
        return false;
    }
    let items = form.with_draft(|d| {
        found
            .iter()
            .map(|c| ConflictItem::new(c, d, by.clone(), on.clone()))
            .collect()
    });
    panel.set(items);
    focus_when_shown(PANEL_ID);
    true
}

/// Moves focus to the panel (it is up already).
pub fn focus_conflicts() {
    focus_when_shown(PANEL_ID);
}

// Shown only after a save finds conflicts: a part of its own, handed the conflicts.
crate::deferred!(conflicts, pub fn conflict_panel = |conflicts| match deferred::args(conflicts) {
    Some(conflicts) => view! { <ConflictPanel conflicts/> }.into_any(),
    None => ().into_any(),
});

/// The panel (the page shows it while there are conflicts).
#[component]
fn ConflictPanel(conflicts: RwSignal<Vec<ConflictItem>>) -> impl IntoView {
    // It may arrive after the conflicts that opened it asked for focus (its part still
    // downloading then).
    focus_when_shown(PANEL_ID);
    let form = expect_context::<FormState>();
    let choose = move |i: usize, choice: Choice| {
        let Some(item) = conflicts.with_untracked(|c| c.get(i).cloned()) else {
            return;
        };
        match choice {
            Choice::Theirs => form.revert(item.spec.name),
            Choice::Mine => form.set(item.spec.name, item.mine.clone()),
        }
        conflicts.update(|c| {
            if let Some(it) = c.get_mut(i) {
                it.choice = Some(choice);
            }
        });
    };
    let choose_all = move |choice: Choice| {
        for i in 0..conflicts.with_untracked(Vec::len) {
            choose(i, choice);
        }
    };
    let undecided = move || conflicts.with(|c| c.iter().filter(|i| i.choice.is_none()).count());
    view! {
        <section
            id=PANEL_ID
            class="conflicts"
            tabindex="-1"
            role="alert"
            aria-labelledby="conflicts-title"
        >
            <h2 id="conflicts-title">"Someone else changed the same fields"</h2>
            <p>
                "Nothing has been saved. For each field, keep your change or use theirs, then save again."
            </p>
            <div class="actions">
                <button type="button" class="secondary" on:click=move |_| choose_all(Choice::Mine)>"Keep all mine"</button>
                <button type="button" class="secondary" on:click=move |_| choose_all(Choice::Theirs)>"Use all theirs"</button>
            </div>
            <ul>
                {move || {
                    conflicts
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(i, item)| conflict_row(i, item, choose))
                        .collect_view()
                }}
            </ul>
            <p class="hint" role="status">
                {move || match undecided() {
                    0 => "Every field is decided: save again.".to_owned(),
                    1 => "1 field still to decide.".to_owned(),
                    n => format!("{n} fields still to decide."),
                }}
            </p>
        </section>
    }
}

fn conflict_row(
    i: usize,
    item: ConflictItem,
    choose: impl Fn(usize, Choice) + Copy + 'static,
) -> impl IntoView {
    let who = match (&item.by, &item.on) {
        (Some(by), Some(on)) => format!("Theirs ({by}, {})", format_datetime(on)),
        (Some(by), None) => format!("Theirs ({by})"),
        (None, Some(on)) => format!("Theirs ({})", format_datetime(on)),
        (None, None) => "Theirs".to_owned(),
    };
    let label = item.spec.label;
    let pressed = move |c: Choice| (item.choice == Some(c)).to_string();
    view! {
        <li class="conflict">
            <h3>{label}</h3>
            <dl>
                <dt>{who}</dt>
                <dd>{item.shown(&item.theirs)}</dd>
                <dt>"Yours"</dt>
                <dd>{item.shown(&item.mine)}</dd>
            </dl>
            <div class="actions" role="group" aria-label=format!("Choice for {label}")>
                <button
                    type="button"
                    class="secondary"
                    aria-pressed=pressed(Choice::Mine)
                    aria-label=format!("Keep mine for {label}")
                    on:click=move |_| choose(i, Choice::Mine)
                >
                    "Keep mine"
                </button>
                <button
                    type="button"
                    class="secondary"
                    aria-pressed=pressed(Choice::Theirs)
                    aria-label=format!("Use theirs for {label}")
                    on:click=move |_| choose(i, Choice::Theirs)
                >
                    "Use theirs"
                </button>
            </div>
        </li>
    }
}
