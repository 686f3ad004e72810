//! Validation rules, worded as the server words them and keyed by JSON property name,
//! so client and server errors land on the same field.

use serde_json::Value;

use crate::catalogue::{FieldSpec, Kind, FIELDS};
use crate::record::UserRecord;

/// One problem with one property.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// The JSON property name.
    pub property: String,
    /// The message without the property, e.g. `is a required field`.
    pub message: String,
}

impl FieldError {
    /// A problem with `property`.
    pub fn new(property: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            property: property.into(),
            message: message.into(),
        }
    }
}

/// The messages, in one place.
pub mod messages {
    /// A required field is missing or empty.
    pub const REQUIRED: &str = "is a required field";
    /// Not a whole number.
    pub const NOT_INTEGER: &str = "must be a whole number";
    /// Below zero.
    pub const NEGATIVE: &str = "must be 0 or more";
    /// Not true/false.
    pub const NOT_BOOL: &str = "must be true or false";
    /// Not text.
    pub const NOT_TEXT: &str = "must be text";
    /// Server-only: another user has this email address.
    pub const EMAIL_TAKEN: &str = "is already used by another user";
    /// Server-only: a linked list names a record that does not exist.
    pub const UNKNOWN_ID: &str = "contains an id that does not exist";
}

/// Checks one value (absent = `None`) against its field's rules.
pub fn check_value(spec: &FieldSpec, value: Option<&Value>) -> Vec<String> {
    let mut out = Vec::new();
    let empty = match value {
        None | Some(Value::Null) => true,
        Some(Value::String(s)) => s.trim().is_empty(),
        _ => false,
    };
    if empty {
        if spec.required {
            out.push(messages::REQUIRED.to_owned());
        }
        return out;
    }
    let Some(value) = value else { return out };
    match spec.kind {
        Kind::Integer | Kind::OptionalId | Kind::Language => match value.as_i64() {
            None => out.push(messages::NOT_INTEGER.to_owned()),
            Some(n) if n < 0 && spec.kind != Kind::Language => {
                out.push(messages::NEGATIVE.to_owned())
            }
            Some(_) => {}
        },
        Kind::Bool => {
            if !value.is_boolean() {
                out.push(messages::NOT_BOOL.to_owned());
            }
        }
        Kind::Text | Kind::Email | Kind::NewPassword | Kind::DateTime | Kind::Guid
        | Kind::AvatarUrl => {
            if !value.is_string() {
                out.push(messages::NOT_TEXT.to_owned());
            }
        }
        Kind::IdList | Kind::Secret | Kind::ReadOnly | Kind::ConfirmPassword => {}
    }
    out
}

/// Every problem with a whole record, as the server would report it.
pub fn check_record(record: &UserRecord) -> Vec<FieldError> {
    FIELDS
        .iter()
        .filter(|spec| spec.sent())
        .flat_map(|spec| {
            check_value(spec, record.get(spec.name))
                .into_iter()
                .map(|m| FieldError::new(spec.name, m))
        })
        .collect()
}
