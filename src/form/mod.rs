//! The edit form's state: the contract's [`Draft`] (baseline and edits) held outside the
//! reactive graph, with one trigger and a few signals per field, so a keystroke re-runs
//! only the code that reads that field and the few memos over the whole form (dirty, the
//! kept draft, the review count), and the problem list is computed in one place.

use contract::{by_name, field, Draft, FieldMessages, FieldSpec, UserRecord, FIELDS};
use leptos::prelude::*;

/// One problem, as the inline message and the error summary both word it.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// The field it is about; `None` for a form-level problem.
    pub field: Option<&'static FieldSpec>,
    /// The whole sentence.
    pub text: String,
}

/// Puts a field's label before a rule's message: "Full name is a required field".
pub fn sentence(spec: &FieldSpec, message: &str) -> String {
    format!("{} {}", spec.label, message)
}

/// The message on a list whose "add" box still holds an id at save time.
pub const PENDING_ADD: &str =
    "has text typed but not added: choose a match or press Enter, or clear the box";

/// Fields whose rules read another field: a change to the first re-checks the second.
const LINKED: [(&str, &str); 3] = [
    ("NewPassword", "ConfirmNewPassword"),
    ("ClearAvatarFile", "NewAvatarUrl"),
    ("NewAvatarUrl", "ClearAvatarFile"),
];

/// What one field of the form reacts to.
#[derive(Clone, Copy)]
struct FieldState {
    /// Its input text or its baseline value changed.
    changed: Trigger,
    /// Its client-side errors show: after it lost focus, and all of them on Save.
    shown: RwSignal<bool>,
    /// It has shown an error: from then on it is validated on every change (GOV.UK).
    live: StoredValue<bool>,
    /// The server's messages about it, cleared when it changes.
    server: RwSignal<Vec<String>>,
}

/// The form's state, `Copy` so every component can hold it: the signals ([`Signals`],
/// reached through `Deref`) and the two memos over the whole form.
#[derive(Clone, Copy)]
pub struct FormState {
    signals: Signals,
    problems: Memo<Vec<Problem>>,
    dirty: Memo<bool>,
}

impl std::ops::Deref for FormState {
    type Target = Signals;
    fn deref(&self) -> &Signals {
        &self.signals
    }
}

/// The form's signals and what reads and writes them.
#[derive(Clone, Copy)]
pub struct Signals {
    draft: StoredValue<Draft>,
    /// By catalogue position (see [`index`]).
    fields: StoredValue<Vec<FieldState>>,
    /// Any edit, of any field.
    edited: Trigger,
    /// Problems no field shows (unmatched server errors, the body's summary).
    pub form_level: RwSignal<Vec<String>>,
    /// Whether the error summary is up (after a failed save).
    pub summary_open: RwSignal<bool>,
    /// Input the form holds no value for yet, by field: an id typed into a list's "add"
    /// box but not added, a date-time the browser's control cannot read yet.
    unfinished: RwSignal<Vec<(&'static str, String)>>,
}

/// The catalogue position of `name`.
fn index(name: &str) -> Option<usize> {
    FIELDS.iter().position(|spec| spec.name == name)
}

impl FormState {
    /// A form for `record`, nothing edited.
    pub fn new(record: UserRecord) -> Self {
        let draft = StoredValue::new(Draft::new(record));
        let fields = StoredValue::new(
            FIELDS
                .iter()
                .map(|_| FieldState {
                    changed: Trigger::new(),
                    shown: RwSignal::new(false),
                    live: StoredValue::new(false),
                    server: RwSignal::new(Vec::new()),
                })
                .collect::<Vec<_>>(),
        );
        let signals = Signals {
            draft,
            fields,
            edited: Trigger::new(),
            form_level: RwSignal::new(Vec::new()),
            summary_open: RwSignal::new(false),
            unfinished: RwSignal::new(Vec::new()),
        };
        Self {
            signals,
            // Only while the summary is up: closed, it reads nothing but that flag.
            problems: Memo::new(move |_| {
                if signals.summary_open.get() {
                    signals.collect_problems()
                } else {
                    Vec::new()
                }
            }),
            dirty: Memo::new(move |_| {
                signals.edited.track();
                draft.with_value(Draft::is_dirty) || signals.has_unfinished()
            }),
        }
    }

    /// Whether any field is changed, or an "add" box holds text (tracked).
    pub fn dirty(&self) -> Memo<bool> {
        self.dirty
    }

    /// Every problem on the page while the summary is up, in page order, form-level ones
    /// last (tracked).
    pub fn problems(&self) -> Memo<Vec<Problem>> {
        self.problems
    }
}

impl Signals {
    fn state(&self, name: &str) -> Option<FieldState> {
        let i = index(name)?;
        self.fields.with_value(|f| f.get(i).copied())
    }

    /// Reads the draft, tracking nothing.
    pub fn with_draft<T>(&self, f: impl FnOnce(&Draft) -> T) -> T {
        self.draft.with_value(f)
    }

    /// Reads the draft, tracking every edit (not the baseline).
    pub fn with_edits<T>(&self, f: impl FnOnce(&Draft) -> T) -> T {
        self.edited.track();
        self.draft.with_value(f)
    }

    /// Reads the draft, tracking field `name` (its input and its baseline value).
    pub fn with_field<T>(&self, name: &str, f: impl FnOnce(&Draft) -> T) -> T {
        if let Some(state) = self.state(name) {
            state.changed.track();
        }
        self.draft.with_value(f)
    }

    /// The field's input text (tracked).
    pub fn input(&self, name: &str) -> String {
        self.with_field(name, |d| d.input(name))
    }

    fn touched(&self, name: &str) {
        self.notify_field(name);
        self.edited.notify();
    }

    /// Field `name`'s reads run again, and those of the fields whose rules read it.
    fn notify_field(&self, name: &str) {
        if let Some(state) = self.state(name) {
            state.changed.notify();
        }
        for (from, to) in LINKED {
            if from == name {
                if let Some(state) = self.state(to) {
                    state.changed.notify();
                }
            }
        }
    }

    /// Whether field `name` shows its client errors; set without waking its reads when
    /// what it shows stays the same (no client errors, nothing unfinished), so a Save or
    /// a new baseline re-runs the reads of the few fields it affects, not of all 60.
    fn set_shown(&self, state: FieldState, name: &str, shown: bool) {
        if state.shown.get_untracked() == shown {
            return;
        }
        let same_messages = self.draft.with_value(|d| d.field_errors(name).is_empty())
            && self
                .unfinished
                .with_untracked(|p| by_name::get(p, name).is_none_or(|t| t.trim().is_empty()));
        if same_messages {
            state.shown.update_untracked(|s| *s = shown);
        } else {
            state.shown.set(shown);
        }
    }

    /// The administrator changed a field: record it, and let go of the server's
    /// complaint about it (the complaint was about the old value).
    pub fn set(&self, name: &'static str, text: String) {
        let Some(state) = self.state(name) else {
            return;
        };
        // A field is validated as the admin types only once it has shown an error;
        // until then, on leaving it (GOV.UK): no "invalid email" halfway through typing.
        let showing_error = state.shown.get_untracked()
            && self.draft.with_value(|d| !d.field_errors(name).is_empty());
        if showing_error {
            state.live.set_value(true);
        }
        self.draft.update_value(|d| d.set_input(name, text));
        if !state.live.get_value() && state.shown.get_untracked() {
            state.shown.set(false);
        }
        if state.server.with_untracked(|s| !s.is_empty()) {
            state.server.set(Vec::new());
        }
        self.touched(name);
    }

    /// Takes the path a keystroke in field `name` takes once, changing nothing (the field
    /// set to the text it holds): the browser compiles code the first time it runs, which
    /// is better done while the admin reads the form than in the frame of their first
    /// keystroke.
    pub fn warm_up(&self, name: &'static str) {
        // (The page may be gone by then.)
        let Some(mut copy) = self.draft.try_get_value() else {
            return;
        };
        let text = copy.input(name);
        // The draft's side of a keystroke that does change something, on a copy.
        copy.set_input(name, format!("{text} "));
        std::hint::black_box((copy.is_dirty(), copy.changed(), copy.to_kept().to_string()));
        self.set(name, text);
    }

    /// Drops the edit of one field (an undo, or "use theirs").
    pub fn revert(&self, name: &'static str) {
        self.draft.update_value(|d| d.revert(name));
        self.touched(name);
    }

    /// The field lost focus: from now on its client errors show.
    pub fn validate_on_blur(&self, name: &'static str) {
        if let Some(state) = self.state(name) {
            if !state.shown.get_untracked() {
                state.shown.set(true);
            }
        }
    }

    /// Whether any field holds unfinished input (tracked): unsaved input too, and a
    /// reason not to save yet.
    pub fn has_unfinished(&self) -> bool {
        self.unfinished
            .with(|p| p.iter().any(|(_, text)| !text.trim().is_empty()))
    }

    /// Field `name`'s unfinished input (tracked): the text in a list's "add" box.
    pub fn unfinished(&self, name: &str) -> String {
        self.unfinished
            .with(|p| by_name::get(p, name).cloned().unwrap_or_default())
    }

    /// The admin typed input that is not a value yet (`""`: none any more).
    pub fn set_unfinished(&self, name: &'static str, text: String) {
        if self
            .unfinished
            .with_untracked(|p| by_name::get(p, name) != Some(&text))
        {
            self.unfinished.update(|p| *by_name::entry(p, name) = text);
        }
    }

    /// The messages to show on a field (tracked): its client errors once shown, then
    /// the server's.
    pub fn messages(&self, name: &'static str) -> Vec<String> {
        let (Some(spec), Some(state)) = (field(name), self.state(name)) else {
            return Vec::new();
        };
        let shown = state.shown.get();
        // Tracked even while hidden: `shown` may be set without waking this read (see
        // `set_shown`), and what it shows then rests on these.
        let errors = self.with_field(name, |d| {
            if shown {
                d.field_errors(name)
            } else {
                Vec::new()
            }
        });
        let unfinished = matches!(spec.kind, contract::Kind::IdList | contract::Kind::DateTime)
            && !self.unfinished(name).trim().is_empty();
        let mut out: Vec<String> = errors.iter().map(|m| sentence(spec, m)).collect();
        if shown && unfinished {
            let message = match spec.kind {
                contract::Kind::IdList => PENDING_ADD,
                _ => contract::validate::messages::INVALID_DATETIME,
            };
            let line = sentence(spec, message);
            if !out.contains(&line) {
                out.push(line);
            }
        }
        for m in state.server.get() {
            let line = sentence(spec, &m);
            if !out.contains(&line) {
                out.push(line);
            }
        }
        out
    }

    fn collect_problems(&self) -> Vec<Problem> {
        let mut out: Vec<Problem> = FIELDS
            .iter()
            .flat_map(|spec| {
                self.messages(spec.name)
                    .into_iter()
                    .map(move |text| Problem {
                        field: Some(spec),
                        text,
                    })
            })
            .collect();
        out.extend(
            self.form_level
                .get()
                .into_iter()
                .map(|text| Problem { field: None, text }),
        );
        out
    }

    /// Save pressed: every field's client errors show.
    pub fn show_all(&self) {
        let fields = self.fields.get_value();
        for (spec, state) in FIELDS.iter().zip(fields) {
            self.set_shown(state, spec.name, true);
        }
    }

    /// The server's errors: each on its field, the rest for the summary.
    pub fn set_server_errors(&self, by_field: FieldMessages, form_level: Vec<String>) {
        self.clear_server_errors();
        for (name, messages) in by_field {
            if let Some(state) = self.state(name) {
                state.server.set(messages);
            }
        }
        self.form_level.set(form_level);
    }

    /// The server's last word is withdrawn (a new save is on its way).
    pub fn clear_server_errors(&self) {
        self.fields.with_value(|fields| {
            for state in fields
                .iter()
                .filter(|s| s.server.with_untracked(|m| !m.is_empty()))
            {
                state.server.set(Vec::new());
            }
        });
        if self.form_level.with_untracked(|f| !f.is_empty()) {
            self.form_level.set(Vec::new());
        }
    }

    /// Changes the draft as a whole (a new baseline, restored edits): the reads of each
    /// field whose baseline value or edit changed run again.
    pub fn update_draft<T>(&self, f: impl FnOnce(&mut Draft) -> T) -> Option<T> {
        let before = self.draft.try_get_value()?;
        let out = self.draft.try_update_value(f)?;
        self.draft.with_value(|after| {
            for spec in FIELDS {
                let name = spec.name;
                if before.baseline().get(name) != after.baseline().get(name)
                    || by_name::get(before.edits(), name) != by_name::get(after.edits(), name)
                {
                    self.notify_field(name);
                }
            }
        });
        self.edited.notify();
        Some(out)
    }

    /// The record was saved: `record` is the new baseline. `sent` are the edits the
    /// save carried, as typed; anything typed since (while it was on its way) stays an
    /// edit ([`Draft::after_save`]).
    pub fn saved(&self, record: UserRecord, sent: &[(&'static str, String)]) {
        self.update_draft(|d| d.after_save(record, sent));
        let fields = self.fields.get_value();
        for (spec, state) in FIELDS.iter().zip(fields) {
            state.live.set_value(false);
            self.set_shown(state, spec.name, false);
        }
        self.clear_server_errors();
        self.summary_open.set(false);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RECORD: &str = r#"{"Id": 7, "FullName": "Ada", "Email": "ada@example.com", "Language": 1,
        "PasswordSalt": "s", "LastHelpVisited": 0, "InvalidLoginAttempts": 0}"#;

    fn record() -> UserRecord {
        match UserRecord::from_json(RECORD) {
            Ok(record) => record,
            Err(e) => panic!("the fixture must parse: {e}"),
        }
    }

    #[test]
    fn messages_read_as_sentences() {
        let spec = field("FullName").map(|s| sentence(s, "is a required field"));
        assert_eq!(spec.as_deref(), Some("Full name is a required field"));
    }

    #[test]
    fn client_errors_wait_for_blur_and_server_errors_clear_on_change() {
        let owner = Owner::new();
        owner.with(|| {
            let form = FormState::new(record());
            form.set("FullName", String::new());
            assert!(form.messages("FullName").is_empty(), "not before blur");
            form.validate_on_blur("FullName");
            assert_eq!(
                form.messages("FullName"),
                vec!["Full name is a required field"]
            );

            form.set_server_errors(
                vec![("Email", vec!["is already used by another user".into()])],
                Vec::new(),
            );
            assert_eq!(
                form.messages("Email"),
                vec!["Email address is already used by another user"]
            );
            form.set("Email", "other@example.com".into());
            assert!(form.messages("Email").is_empty());
        });
    }

    #[test]
    fn typing_during_a_save_survives_the_new_baseline() {
        let owner = Owner::new();
        owner.with(|| {
            let form = FormState::new(record());
            form.set("FullName", "Ada Lovelace".into());
            let sent = form.with_draft(|d| d.edits().to_vec());
            // While the PUT is on its way the admin types on.
            form.set("Devices", "Pixel".into());
            let mut saved = record();
            saved.set("FullName", "Ada Lovelace".into());
            form.saved(saved, &sent);
            assert_eq!(form.with_draft(|d| d.changed()), vec!["Devices"]);
            assert_eq!(form.input("FullName"), "Ada Lovelace");
            assert_eq!(form.input("Devices"), "Pixel");
        });
    }

    #[test]
    fn a_field_without_an_error_waits_for_blur_again() {
        let owner = Owner::new();
        owner.with(|| {
            let form = FormState::new(record());
            form.show_all();
            form.set("Email", "ada@".into());
            assert!(
                form.messages("Email").is_empty(),
                "was valid: waits for blur"
            );
            form.validate_on_blur("Email");
            assert_eq!(form.messages("Email").len(), 1);
            form.set("Email", "ada@x".into());
            assert!(form.messages("Email").is_empty(), "fixed");
            form.set("Email", "ada@".into());
            assert_eq!(
                form.messages("Email").len(),
                1,
                "live once it has shown an error"
            );
        });
    }

    #[test]
    fn an_id_left_in_an_add_box_is_named_at_save() {
        let owner = Owner::new();
        owner.with(|| {
            let form = FormState::new(record());
            form.set_unfinished("Businesses", "42".into());
            assert!(form.has_unfinished());
            form.show_all();
            assert_eq!(
                form.messages("Businesses"),
                vec![format!("Businesses {PENDING_ADD}")]
            );
        });
    }

    #[test]
    fn problems_list_fields_in_page_order_then_form_level_while_the_summary_is_up() {
        let owner = Owner::new();
        owner.with(|| {
            let form = FormState::new(record());
            form.set("Email", "not an email".into());
            form.set("FullName", String::new());
            form.form_level.set(vec!["Mystery: is wrong".into()]);
            form.show_all();
            assert!(form.problems().get().is_empty(), "summary closed");
            form.summary_open.set(true);
            let names: Vec<Option<&str>> = form
                .problems()
                .get()
                .iter()
                .map(|p| p.field.map(|f| f.name))
                .collect();
            assert_eq!(names, vec![Some("FullName"), Some("Email"), None]);
        });
    }

    #[test]
    fn a_keystroke_or_a_new_baseline_re_runs_only_the_reads_of_the_fields_it_changes() {
        let owner = Owner::new();
        owner.with(|| {
            let form = FormState::new(record());
            let runs = StoredValue::new(0u32);
            let other = Memo::new(move |_| {
                runs.update_value(|n| *n += 1);
                form.input("Email")
            });
            let own = Memo::new(move |_| form.input("FullName"));
            assert_eq!(other.get(), "ada@example.com");
            assert_eq!(own.get(), "Ada");
            form.set("FullName", "Ada L".into());
            assert_eq!(own.get(), "Ada L");
            assert!(form.dirty().get());
            let mut theirs = record();
            theirs.set("FullName", "Ada K".into());
            form.update_draft(|d| d.rebase(theirs));
            assert_eq!(own.get(), "Ada L", "the edit stands over theirs");
            form.revert("FullName");
            assert_eq!(own.get(), "Ada K");
            assert_eq!(other.get(), "ada@example.com");
            assert_eq!(runs.get_value(), 1, "Email's read did not run again");
        });
    }

    #[test]
    fn save_pressed_on_a_valid_field_shows_the_errors_a_new_baseline_brings() {
        let owner = Owner::new();
        owner.with(|| {
            let form = FormState::new(record());
            let runs = StoredValue::new(0u32);
            let messages = Memo::new(move |_| {
                runs.update_value(|n| *n += 1);
                form.messages("FullName")
            });
            assert!(messages.get().is_empty());
            form.show_all();
            assert!(messages.get().is_empty());
            assert_eq!(runs.get_value(), 1, "nothing to show: not run again");
            let mut theirs = record();
            theirs.set("FullName", "".into());
            form.update_draft(|d| d.rebase(theirs));
            assert_eq!(messages.get(), vec!["Full name is a required field"]);
        });
    }
}
