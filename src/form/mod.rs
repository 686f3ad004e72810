//! The edit form's state as app-wide signals around the contract's [`Draft`]: which
//! fields show their client errors, the server's errors, and what derives from them.

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

/// The form's signals, `Copy` so every field component can hold them.
#[derive(Clone, Copy)]
pub struct FormState {
    /// The baseline and the edits.
    pub draft: RwSignal<Draft>,
    /// Fields whose client-side errors are shown: validated on blur, and all on save.
    pub shown: RwSignal<Vec<&'static str>>,
    /// Fields that have shown an error: from then on they are validated on every change.
    live: RwSignal<Vec<&'static str>>,
    /// The server's errors by field; one clears when its field changes.
    pub server: RwSignal<FieldMessages>,
    /// Problems no field shows (unmatched server errors, the body's summary).
    pub form_level: RwSignal<Vec<String>>,
    /// Whether the error summary is up (after a failed save).
    pub summary_open: RwSignal<bool>,
    /// Ids typed into a list's "add" box but not added yet, by list.
    pending_adds: RwSignal<Vec<(&'static str, String)>>,
}

/// The message on a list whose "add" box still holds an id at save time.
pub const PENDING_ADD: &str = "has an id typed but not added: press Add, or clear the box";

impl FormState {
    /// A form for `record`, nothing edited.
    pub fn new(record: UserRecord) -> Self {
        Self {
            draft: RwSignal::new(Draft::new(record)),
            shown: RwSignal::new(Vec::new()),
            live: RwSignal::new(Vec::new()),
            server: RwSignal::new(Vec::new()),
            form_level: RwSignal::new(Vec::new()),
            summary_open: RwSignal::new(false),
            pending_adds: RwSignal::new(Vec::new()),
        }
    }

    /// Whether any list's "add" box holds text (tracked): unsaved input too.
    pub fn has_pending_adds(&self) -> bool {
        self.pending_adds
            .with(|p| p.iter().any(|(_, text)| !text.trim().is_empty()))
    }

    /// The text in list `name`'s "add" box (tracked).
    pub fn pending_add(&self, name: &str) -> String {
        self.pending_adds
            .with(|p| by_name::get(p, name).cloned().unwrap_or_default())
    }

    /// The admin typed into list `name`'s "add" box.
    pub fn set_pending_add(&self, name: &'static str, text: String) {
        self.pending_adds
            .update(|p| *by_name::entry(p, name) = text);
    }

    /// The field's input text (tracked).
    pub fn input(&self, name: &str) -> String {
        self.draft.with(|d| d.input(name))
    }

    /// The administrator changed a field: record it, and let go of the server's
    /// complaint about it (the complaint was about the old value).
    pub fn set(&self, name: &'static str, text: String) {
        // A field is validated as the admin types only once it has shown an error;
        // until then, on leaving it (GOV.UK): no "invalid email" halfway through typing.
        let showing_error = self.shown.with_untracked(|s| s.contains(&name))
            && self
                .draft
                .with_untracked(|d| !d.field_errors(name).is_empty());
        if showing_error && !self.live.with_untracked(|l| l.contains(&name)) {
            self.live.update(|l| l.push(name));
        }
        self.draft.update(|d| d.set_input(name, text));
        if !self.live.with_untracked(|l| l.contains(&name)) {
            self.shown.update(|s| s.retain(|shown| *shown != name));
        }
        self.server.update(|s| by_name::remove(s, name));
    }

    /// The field lost focus: from now on its client errors show, live.
    pub fn validate_on_blur(&self, name: &'static str) {
        if !self.shown.with_untracked(|s| s.contains(&name)) {
            self.shown.update(|s| s.push(name));
        }
    }

    /// The messages to show on a field (tracked): its client errors once shown, then
    /// the server's.
    pub fn messages(&self, name: &'static str) -> Vec<String> {
        let Some(spec) = field(name) else {
            return Vec::new();
        };
        let mut out: Vec<String> = if self.shown.with(|s| s.contains(&name)) {
            self.draft
                .with(|d| d.field_errors(name))
                .iter()
                .map(|m| sentence(spec, m))
                .collect()
        } else {
            Vec::new()
        };
        let pending = !self.pending_add(name).trim().is_empty();
        if pending && self.shown.with(|s| s.contains(&name)) {
            out.push(sentence(spec, PENDING_ADD));
        }
        if let Some(server) = self.server.with(|s| by_name::get(s, name).cloned()) {
            for m in server {
                let line = sentence(spec, &m);
                if !out.contains(&line) {
                    out.push(line);
                }
            }
        }
        out
    }

    /// Every problem on the page, in page order, form-level ones last (tracked).
    pub fn problems(&self) -> Vec<Problem> {
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
        self.shown
            .set(FIELDS.iter().map(|spec| spec.name).collect());
    }

    /// The record was saved and reloaded: it is the new baseline. `sent` are the edits
    /// the save carried; anything typed since (while it was on its way) stays an edit.
    pub fn saved(&self, record: UserRecord, sent: &[(&'static str, String)]) {
        let typed_since: Vec<(&'static str, String)> = self.draft.with_untracked(|d| {
            d.edits()
                .iter()
                .filter(|edit| !sent.contains(edit))
                .cloned()
                .collect()
        });
        self.draft.update(|d| {
            d.rebaseline(record);
            for (name, text) in typed_since {
                d.set_input(name, text);
            }
        });
        self.shown.set(Vec::new());
        self.live.set(Vec::new());
        self.server.set(Vec::new());
        self.form_level.set(Vec::new());
        self.summary_open.set(false);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record() -> UserRecord {
        UserRecord::from_json(
            r#"{"Id": 7, "FullName": "Ada", "Email": "ada@example.com", "Language": 1,
                "PasswordSalt": "s", "LastHelpVisited": 0, "InvalidLoginAttempts": 0}"#,
        )
        .unwrap_or_default()
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

            form.server.update(|s| {
                s.push(("Email", vec!["is already used by another user".into()]));
            });
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
            let sent = form.draft.with_untracked(|d| d.edits().to_vec());
            // While the PUT is on its way the admin types on.
            form.set("Devices", "Pixel".into());
            let mut saved = record();
            saved.set("FullName", "Ada Lovelace".into());
            form.saved(saved, &sent);
            assert_eq!(form.draft.with_untracked(|d| d.changed()), vec!["Devices"]);
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
            form.set_pending_add("Businesses", "42".into());
            assert!(form.has_pending_adds());
            form.show_all();
            assert_eq!(
                form.messages("Businesses"),
                vec![format!("Businesses {PENDING_ADD}")]
            );
        });
    }

    #[test]
    fn problems_list_fields_in_page_order_then_form_level() {
        let owner = Owner::new();
        owner.with(|| {
            let form = FormState::new(record());
            form.set("Email", "not an email".into());
            form.set("FullName", String::new());
            form.form_level.set(vec!["Mystery: is wrong".into()]);
            form.show_all();
            let names: Vec<Option<&str>> = form
                .problems()
                .iter()
                .map(|p| p.field.map(|f| f.name))
                .collect();
            assert_eq!(names, vec![Some("FullName"), Some("Email"), None]);
        });
    }
}
