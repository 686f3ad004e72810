//! The edit form's state as plain Rust: the loaded record (the baseline) and the text the
//! administrator typed into each field (the edits). The app wraps a [`Draft`] in a signal;
//! everything it shows (dirty, errors, the PUT body) derives from it.
//!
//! Every field is edited as text; [`display_text`] and [`parse_input`] map between a JSON
//! value and that text, by the conventions documented on [`Kind`].
//!
//! Change tracking is by meaning, not by keystroke: an edit whose text is the baseline's
//! text is dropped at once, and an edit that parses to the baseline's value (`05` for `5`,
//! `4, 1` for `[1, 4]`, the same instant written another way) is kept as typed but is not
//! a change — it is not reported by [`Draft::changed`] and not written into the PUT body,
//! so "unsaved changes" never fires after an undo.
//!
//! Validation: fields that are changed get every rule; fields that are not changed are
//! trusted as the server sent them, except that a required field must have a value (the
//! PUT needs it). Cross-field rules (password confirmation, avatar URL vs. clear) always
//! run on the values that would be sent.
//!
//! Linked lists: when `Businesses`, `UserRoles` or `ChatRooms` changed, the PUT body gets
//! the full new list AND `Added…`/`Removed…` computed from baseline vs. edit (each possibly
//! empty). When a list did not change, the list and both twins are left exactly as in the
//! baseline (absent stays absent).
//!
//! Before a save the draft is rebased onto the record as the server holds it now
//! ([`Draft::rebase`], the three-way merge of [`crate::merge`]), so a save never reverts
//! what others changed meanwhile; a draft kept across a reload keeps the values its edits
//! were made against ([`Draft::to_kept`], [`Draft::restore_kept`]) for the same reason.

use std::fmt;

use crate::json::{Map, Value};

use crate::by_name;
use crate::catalogue::{field, FieldSpec, Kind, FIELDS};
use crate::datetime::{self, InputTimeError};
use crate::merge::{self, Conflict, Rebased};
use crate::record::UserRecord;
use crate::validate::{
    avatar_conflict, check_confirmation, check_value, is_missing, messages, FieldError, LIST_TWINS,
};

/// The edit form's state: a baseline record and the administrator's edits, by JSON name.
#[derive(Clone, Default, PartialEq)]
pub struct Draft {
    baseline: UserRecord,
    /// By field, in the order first typed (see [`crate::by_name`]).
    edits: Vec<(&'static str, String)>,
}

impl Draft {
    /// A draft of `baseline` with no edits.
    pub fn new(baseline: UserRecord) -> Self {
        Self {
            baseline,
            edits: Vec::new(),
        }
    }

    /// The record as loaded (or as last saved).
    pub fn baseline(&self) -> &UserRecord {
        &self.baseline
    }

    /// The raw edits, by JSON name (input text as typed).
    pub fn edits(&self) -> &[(&'static str, String)] {
        &self.edits
    }

    fn edit(&self, name: &str) -> Option<&String> {
        by_name::get(&self.edits, name)
    }

    /// The field's current input text: the edit, else the baseline's display text.
    /// `""` for unknown names, secrets and passwords not typed.
    pub fn input(&self, name: &str) -> String {
        let Some(spec) = field(name) else {
            return String::new();
        };
        match self.edit(spec.name) {
            Some(text) => text.clone(),
            None => display_text(spec, self.baseline.get(spec.name)),
        }
    }

    /// Records what the administrator typed. Unknown names and fields that cannot be
    /// edited are ignored; text equal to the baseline's text removes the edit; a
    /// date-time naming one instant is kept with its offset ([`datetime::pin`]).
    pub fn set_input(&mut self, name: &str, text: String) {
        let Some(spec) = field(name) else { return };
        if !spec.editable() {
            return;
        }
        if text == display_text(spec, self.baseline.get(spec.name)) {
            by_name::remove(&mut self.edits, spec.name);
        } else if spec.kind == Kind::DateTime {
            // Kept as the instant it names, so a change of zone does not move it.
            *by_name::entry(&mut self.edits, spec.name) = datetime::pin(&text);
        } else {
            *by_name::entry(&mut self.edits, spec.name) = text;
        }
    }

    /// Drops the edit of one field.
    pub fn revert(&mut self, name: &str) {
        if let Some(spec) = field(name) {
            by_name::remove(&mut self.edits, spec.name);
        }
    }

    /// Drops every edit.
    pub fn revert_all(&mut self) {
        self.edits.clear();
    }

    /// Whether any field is changed (by meaning: see the module doc).
    pub fn is_dirty(&self) -> bool {
        FIELDS.iter().any(|spec| self.spec_changed(spec))
    }

    /// Whether this one field is changed.
    pub fn is_changed(&self, name: &str) -> bool {
        field(name).is_some_and(|spec| self.spec_changed(spec))
    }

    /// The JSON names of the changed fields, in catalogue order. Includes
    /// `ConfirmNewPassword` when something was typed there (it is unsaved input), though
    /// it is never sent.
    pub fn changed(&self) -> Vec<&'static str> {
        FIELDS
            .iter()
            .filter(|spec| self.spec_changed(spec))
            .map(|spec| spec.name)
            .collect()
    }

    fn spec_changed(&self, spec: &FieldSpec) -> bool {
        self.edit(spec.name)
            .is_some_and(|text| is_change(spec, text, self.baseline.get(spec.name)))
    }

    /// The value this field would be sent with: the parsed edit when changed (`None` when
    /// it does not parse), else the baseline's value.
    fn effective(&self, spec: &FieldSpec) -> Option<Value> {
        if self.spec_changed(spec) {
            self.edit(spec.name).and_then(|t| parse_input(spec, t).ok())
        } else {
            self.baseline.get(spec.name).cloned()
        }
    }

    /// The messages for one field: its parse error or its rules when changed, `required`
    /// when not, and the cross-field rules. Empty for unknown and non-editable fields.
    pub fn field_errors(&self, name: &str) -> Vec<String> {
        let Some(spec) = field(name) else {
            return Vec::new();
        };
        if !spec.editable() {
            return Vec::new();
        }
        let mut out: Vec<String> = if spec.kind == Kind::ConfirmPassword {
            check_confirmation(&self.input("NewPassword"), &self.input(spec.name))
                .map(str::to_owned)
                .into_iter()
                .collect()
        } else if self.spec_changed(spec) {
            let text = self.edit(spec.name).map(String::as_str).unwrap_or("");
            match parse_input(spec, text) {
                Err(m) => vec![m],
                Ok(v) => check_value(spec, Some(&v)),
            }
        } else if spec.required && is_missing(spec, self.baseline.get(spec.name)) {
            vec![messages::REQUIRED.to_owned()]
        } else {
            Vec::new()
        };
        if spec.name == "ClearAvatarFile" || spec.name == "NewAvatarUrl" {
            let clear = field("ClearAvatarFile").and_then(|s| self.effective(s));
            let url = field("NewAvatarUrl").and_then(|s| self.effective(s));
            if avatar_conflict(clear.as_ref(), url.as_ref()) {
                out.push(
                    if spec.name == "ClearAvatarFile" {
                        messages::AVATAR_CLEAR_WITH_URL
                    } else {
                        messages::AVATAR_URL_WITH_CLEAR
                    }
                    .to_owned(),
                );
            }
        }
        dedup_in_order(&mut out);
        out
    }

    /// Every field's messages, in catalogue order.
    pub fn all_errors(&self) -> Vec<FieldError> {
        FIELDS
            .iter()
            .flat_map(|spec| {
                self.field_errors(spec.name)
                    .into_iter()
                    .map(|m| FieldError::new(spec.name, m))
            })
            .collect()
    }

    /// The PUT body: the baseline with only the changed fields replaced. Every other
    /// property (unknown ones included) is kept as loaded; `ConfirmNewPassword` is never
    /// sent; `NewPassword` is sent only when typed, else it is left as loaded (absent or
    /// null; a non-null one is nulled, so a password is never re-sent). Changed linked
    /// lists also get their `Added…`/`Removed…` twins. `Err` with every problem when the
    /// draft does not validate.
    pub fn put_body(&self) -> Result<Value, Vec<FieldError>> {
        let errors = self.all_errors();
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut body = self.baseline.as_map().clone();
        let changed = self.changed();
        for spec in FIELDS
            .iter()
            .filter(|s| s.sent() && changed.contains(&s.name))
        {
            let Some(text) = self.edit(spec.name) else {
                continue;
            };
            let value = parse_input(spec, text).map_err(|m| vec![FieldError::new(spec.name, m)])?;
            if let Some((_, added, removed)) = LIST_TWINS.iter().find(|t| t.0 == spec.name) {
                let old = ids(self.baseline.get(spec.name));
                let new = ids(Some(&value));
                let plus: Vec<Value> = new
                    .iter()
                    .filter(|n| !old.contains(n))
                    .map(|n| Value::from(*n))
                    .collect();
                let minus: Vec<Value> = old
                    .iter()
                    .filter(|n| !new.contains(n))
                    .map(|n| Value::from(*n))
                    .collect();
                body.insert((*added).to_owned(), Value::Array(plus));
                body.insert((*removed).to_owned(), Value::Array(minus));
            }
            body.insert(spec.name.to_owned(), value);
        }
        if !changed.contains(&"NewPassword")
            && body.get("NewPassword").is_some_and(|v| !v.is_null())
        {
            body.insert("NewPassword".to_owned(), Value::Null);
        }
        Ok(Value::Object(body))
    }

    /// The edits that may outlive the page: all but passwords (secrets are never edits).
    fn kept_edits(&self) -> impl Iterator<Item = &(&'static str, String)> {
        self.edits
            .iter()
            .filter(|(name, _)| field(name).is_some_and(restorable))
    }

    /// The draft as kept in `sessionStorage` to survive a reload:
    /// `{"edits": {name: input text, …}, "base": {name: value as loaded, …}}`: every edit
    /// but the passwords and, for each, the baseline's value it was made against (left
    /// out when the baseline lacks the property); with a new or cleared avatar, also the
    /// current file's name it would replace (`null` for none). Never a password, never a
    /// secret: only edited fields and that file name have a base, and secrets cannot be
    /// edited.
    pub fn to_kept(&self) -> Value {
        let mut edits = Map::new();
        let mut base = Map::new();
        for (name, text) in self.kept_edits() {
            edits.insert((*name).to_owned(), Value::String(text.clone()));
            if let Some(value) = self.baseline.get(name) {
                base.insert((*name).to_owned(), value.clone());
            }
            // What a new or cleared avatar would replace (null when there was none).
            if field(name).is_some_and(replaces_avatar) {
                let file = self.baseline.get(merge::AVATAR_FILE);
                base.insert(
                    merge::AVATAR_FILE.to_owned(),
                    file.cloned().unwrap_or_default(),
                );
            }
        }
        let mut kept = Map::new();
        kept.insert("edits".to_owned(), Value::Object(edits));
        kept.insert("base".to_owned(), Value::Object(base));
        Value::Object(kept)
    }

    /// Puts back a draft kept by [`Draft::to_kept`], merging its edits onto the current
    /// baseline as [`Draft::rebase`] would: an edit of a field the server changed since is
    /// dropped when it is no change, kept and reported as a conflict when both differ, and
    /// lists merge as sets. A restored field replaces what was typed there since. A plain
    /// object of name → text (the earlier format) is taken as made against the current
    /// baseline. Unknown names, fields that cannot be edited, passwords and texts that are
    /// not strings are ignored; anything else restores nothing. Never panics. The answer's
    /// `changed_by_them` names only restored fields whose kept base differs from today's.
    pub fn restore_kept(&mut self, kept: &Value) -> Rebased {
        let Some(kept) = kept.as_object() else {
            return Rebased::default();
        };
        let (edits, base) = match kept.get("edits") {
            Some(Value::Object(edits)) => (edits, kept.get("base").and_then(Value::as_object)),
            // "edits" is no field name, so the earlier format never has it.
            _ => (kept, None),
        };
        let edits: Vec<(&'static str, &str)> = edits
            .iter()
            .filter_map(|(name, text)| {
                Some((field(name).filter(|s| restorable(s))?.name, text.as_str()?))
            })
            .collect();
        // The baseline the edits were made against: today's, with the kept values put back.
        let mut then = self.baseline.clone();
        if let Some(base) = base {
            for (name, _) in &edits {
                match base.get(name) {
                    Some(value) => then.set(name, value.clone()),
                    None => {
                        then.remove(name);
                    }
                }
            }
            let avatar = edits
                .iter()
                .any(|(name, _)| field(name).is_some_and(replaces_avatar));
            if let Some(file) = base.get(merge::AVATAR_FILE).filter(|_| avatar) {
                then.set(merge::AVATAR_FILE, file.clone());
            }
        }
        let mut restored = Draft::new(then);
        for (name, text) in &edits {
            restored.set_input(name, (*text).to_owned());
        }
        let rebased = restored.rebase(self.baseline.clone());
        for (name, _) in &edits {
            match restored.edit(name) {
                Some(text) => self.set_input(name, text.clone()),
                None => self.revert(name),
            }
        }
        rebased
    }

    /// Before a save: `theirs` (the record as the server holds it now) becomes the
    /// baseline, and each edit is re-expressed against it by the three-way rules of
    /// [`crate::merge`]. A property not edited simply takes theirs. An edit of a property
    /// they did not change stays; one that was no change (`05` for `5`) gives way to
    /// theirs; one equal in meaning to theirs is dropped (and named in
    /// [`Rebased::agreed`]); one that differs from a value they changed stays and is
    /// reported as a conflict. An edited id list becomes theirs plus my adds less my
    /// removes (theirs' order, then my adds in mine), so [`Draft::put_body`] computes the
    /// `Added…`/`Removed…` twins against theirs. The write-once actions (`NewPassword`,
    /// its confirmation, `NewAvatarUrl`, `ClearAvatarFile`) keep what was typed; the
    /// avatar's two are a conflict when the current file ([`merge::AVATAR_FILE`])
    /// changed on the server, since they would replace or remove a file the
    /// administrator never saw.
    pub fn rebase(&mut self, theirs: UserRecord) -> Rebased {
        let changed_by_them = merge::changed_by_them(self.baseline.as_map(), theirs.as_map());
        let old = std::mem::replace(&mut self.baseline, theirs);
        let mut conflicts = Vec::new();
        let mut agreed = Vec::new();
        for (name, text) in std::mem::take(&mut self.edits) {
            let Some(spec) = field(name) else { continue };
            let (base, now) = (old.get(name), self.baseline.get(name));
            let text = if is_action(spec) {
                let file = merge::AVATAR_FILE;
                let (file_then, file_now) = (old.get(file), self.baseline.get(file));
                // (No file is no file, absent or null.)
                let named = |v: Option<&Value>| v.filter(|v| !v.is_null()).cloned();
                if replaces_avatar(spec)
                    && is_change(spec, &text, base)
                    && named(file_then) != named(file_now)
                {
                    conflicts.push(Conflict {
                        name,
                        property: file,
                        theirs: named(file_now),
                        base: named(file_then),
                    });
                }
                Some(text)
            } else if !merge::differs(name, base, now) {
                Some(text)
            } else if !is_change(spec, &text, base) {
                None
            } else if let (Kind::IdList, Ok(mine)) = (spec.kind, parse_input(spec, &text)) {
                let merged = merge::merge_ids(&ids(base), &ids(Some(&mine)), &ids(now));
                if !is_change(spec, &text, now) {
                    agreed.push(name);
                }
                let text = merged
                    .iter()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(", ");
                is_change(spec, &text, now).then_some(text)
            } else if is_change(spec, &text, now) {
                conflicts.push(Conflict {
                    name,
                    property: name,
                    theirs: now.cloned(),
                    base: base.cloned(),
                });
                Some(text)
            } else {
                agreed.push(name);
                None
            };
            if let Some(text) = text {
                self.set_input(name, text);
            }
        }
        Rebased {
            changed_by_them,
            conflicts,
            agreed,
        }
    }

    /// After a save answered: `saved` (the record as the server now holds it) is the new
    /// baseline. The edits in `sent` (as they were typed when Save was pressed) are done;
    /// any other edit was typed while the save was on its way and stays one, re-expressed
    /// against `saved` as [`Draft::rebase`] does (a list edit keeps what the save added
    /// besides), whatever conflicts that finds: the administrator has not sent it yet.
    pub fn after_save(&mut self, saved: UserRecord, sent: &[(&'static str, String)]) {
        self.edits.retain(|edit| !sent.contains(edit));
        if self.edits.is_empty() {
            // Nothing typed meanwhile (the usual save): nothing to re-express.
            self.baseline = saved;
        } else {
            self.rebase(saved);
        }
    }
}

/// Prints the baseline (redacted: see [`UserRecord`]) and the edits but a password.
impl fmt::Debug for Draft {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let edits: Vec<_> = self.kept_edits().collect();
        f.debug_struct("Draft")
            .field("baseline", &self.baseline)
            .field("edits", &edits)
            .finish_non_exhaustive()
    }
}

fn restorable(spec: &FieldSpec) -> bool {
    spec.editable() && !matches!(spec.kind, Kind::NewPassword | Kind::ConfirmPassword)
}

/// Fields that ask for something to be done once rather than hold a value the server
/// keeps: what the administrator typed there stands whatever the record holds now.
fn is_action(spec: &FieldSpec) -> bool {
    matches!(spec.kind, Kind::NewPassword | Kind::ConfirmPassword) || replaces_avatar(spec)
}

/// The actions that replace or remove the current avatar file.
fn replaces_avatar(spec: &FieldSpec) -> bool {
    spec.kind == Kind::AvatarUrl || spec.name == "ClearAvatarFile"
}

/// Whether input text means something else than a baseline value (see the module doc).
fn is_change(spec: &FieldSpec, text: &str, baseline: Option<&Value>) -> bool {
    let base = parse_input(spec, &display_text(spec, baseline));
    match (parse_input(spec, text), base) {
        (Ok(new), Ok(old)) => !equivalent(spec, &new, &old),
        _ => true,
    }
}

/// The ids of a list value that are whole numbers, in order, without repeats.
pub(crate) fn ids(value: Option<&Value>) -> Vec<i64> {
    let mut ids: Vec<i64> = value
        .and_then(Value::as_array)
        .map(|items| items.iter().filter_map(Value::as_i64).collect())
        .unwrap_or_default();
    dedup_in_order(&mut ids);
    ids
}

/// Keeps the first of each equal item, in order. The lists are short (a field's
/// messages, a record's linked ids), and a set type would cost the wasm bundle a
/// B-tree for each item type (BENCHMARKS.md).
fn dedup_in_order<T: PartialEq>(items: &mut Vec<T>) {
    let mut i = 0;
    while i < items.len() {
        if items[..i].contains(&items[i]) {
            items.remove(i);
        } else {
            i += 1;
        }
    }
}

/// Whether two parsed values mean the same (lists compare as sets).
pub(crate) fn equivalent(spec: &FieldSpec, a: &Value, b: &Value) -> bool {
    if spec.kind == Kind::IdList {
        let (a, b) = (ids(Some(a)), ids(Some(b)));
        a.len() == b.len() && a.iter().all(|n| b.contains(n))
    } else {
        a == b
    }
}

/// A value's text as is: a string's content, anything else as JSON.
fn raw(value: &Value) -> String {
    match value.as_str() {
        Some(s) => s.to_owned(),
        None => value.to_string(),
    }
}

/// The input text for a field's JSON value (`None` = absent), by the conventions on
/// [`Kind`]. Never reveals a secret or a password.
pub fn display_text(spec: &FieldSpec, value: Option<&Value>) -> String {
    if matches!(
        spec.kind,
        Kind::Secret | Kind::NewPassword | Kind::ConfirmPassword
    ) {
        return String::new();
    }
    let value = match value {
        None | Some(Value::Null) => {
            return if spec.kind == Kind::Bool {
                "false".to_owned()
            } else {
                String::new()
            };
        }
        Some(v) => v,
    };
    match spec.kind {
        Kind::Bool => match value {
            Value::Bool(b) => b.to_string(),
            other => raw(other),
        },
        Kind::Integer | Kind::OptionalId | Kind::Language => match value.as_i64() {
            Some(n) => n.to_string(),
            None => raw(value),
        },
        Kind::DateTime => match value.as_str() {
            Some(s) => datetime::read_wire(s)
                .map(|d| datetime::shown_text(&d))
                .unwrap_or_else(|_| s.to_owned()),
            None => raw(value),
        },
        Kind::IdList => match value.as_array() {
            Some(items) if items.iter().all(|v| v.as_i64().is_some_and(|n| n >= 0)) => {
                items.iter().map(raw).collect::<Vec<_>>().join(", ")
            }
            _ => raw(value),
        },
        _ => raw(value),
    }
}

/// The JSON value for a field's input text, by the conventions on [`Kind`]; `Err` with
/// the message when the text cannot be that kind of value. Only converts: the rules
/// (required, format, range) are [`check_value`]'s.
pub fn parse_input(spec: &FieldSpec, text: &str) -> Result<Value, String> {
    let trimmed = text.trim();
    let null_if_empty = |v: Value| if trimmed.is_empty() { Value::Null } else { v };
    match spec.kind {
        Kind::Secret | Kind::ReadOnly => Err(messages::READ_ONLY.to_owned()),
        Kind::Text | Kind::ConfirmPassword => Ok(Value::String(text.to_owned())),
        Kind::NewPassword => Ok(if text.is_empty() {
            Value::Null
        } else {
            Value::String(text.to_owned())
        }),
        Kind::Email | Kind::Guid | Kind::AvatarUrl => {
            Ok(null_if_empty(Value::String(trimmed.to_owned())))
        }
        Kind::Bool => {
            if trimmed.eq_ignore_ascii_case("true") {
                Ok(Value::Bool(true))
            } else if trimmed.eq_ignore_ascii_case("false") {
                Ok(Value::Bool(false))
            } else {
                Err(messages::NOT_BOOL.to_owned())
            }
        }
        Kind::Integer | Kind::OptionalId | Kind::Language => {
            if trimmed.is_empty() {
                return Ok(Value::Null);
            }
            trimmed
                .parse::<i64>()
                .map(Value::from)
                .map_err(|_| messages::NOT_INTEGER.to_owned())
        }
        Kind::DateTime => {
            if trimmed.is_empty() {
                return Ok(Value::Null);
            }
            datetime::read_input(trimmed)
                .map(|d| Value::String(datetime::write_wire(&d)))
                .map_err(|e| match e {
                    InputTimeError::Unreadable(_) => messages::INVALID_DATETIME.to_owned(),
                    other => other.to_string(),
                })
        }
        Kind::IdList => {
            let mut seen = Vec::new();
            let mut out = Vec::new();
            for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                let n = if part.bytes().all(|b| b.is_ascii_digit()) {
                    part.parse::<i64>().ok()
                } else {
                    None
                };
                let n = n.ok_or_else(|| messages::NOT_ID_LIST.to_owned())?;
                if !seen.contains(&n) {
                    seen.push(n);
                    out.push(Value::from(n));
                }
            }
            Ok(Value::Array(out))
        }
    }
}
