//! The response envelopes of the Users API.

use crate::json::{Map, Value};
use crate::record::UserRecord;
use crate::validate::FieldError;

/// One entry of a 400 body's `Errors` array.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ServerError {
    /// The bare JSON property name the error is about (may be empty or unknown).
    #[cfg_attr(feature = "serde", serde(rename = "PropertyName", default))]
    pub property_name: Option<String>,
    /// The message, e.g. `is a required field`.
    #[cfg_attr(feature = "serde", serde(rename = "Message", default))]
    pub message: Option<String>,
    /// What was sent, when the server echoes it.
    #[cfg_attr(feature = "serde", serde(rename = "AttemptedValue", default))]
    pub attempted_value: Option<Value>,
}

/// The body of a PUT answer, 200 or 400 alike. The app reads these bodies leniently
/// ([`crate::server_errors::parse_put_response`]); this type is the development API's.
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "PascalCase"))]
pub struct ActionEnvelope {
    /// A status the body claims; never trusted over the HTTP status.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub status: Option<Value>,
    /// A summary; may name only one of several errors.
    #[cfg_attr(feature = "serde", serde(default))]
    pub message: Option<String>,
    /// On success, `{"Id": …}`.
    #[cfg_attr(feature = "serde", serde(default))]
    pub value: Option<Value>,
    /// On failure, every problem.
    #[cfg_attr(feature = "serde", serde(default))]
    pub errors: Option<Vec<ServerError>>,
    /// Whether the server says it worked.
    #[cfg_attr(feature = "serde", serde(default))]
    pub was_successful: Option<bool>,
    /// When the record was updated (success only).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub updated_on: Option<String>,
    /// Who updated it (success only).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub updated_by: Option<String>,
}

impl ActionEnvelope {
    /// The 400 body for these errors, `Message` in the documented `Property: message` form.
    pub fn validation_failure(errors: &[FieldError]) -> Self {
        let summary = errors
            .iter()
            .map(|e| format!("{}: {}", e.property, e.message))
            .collect::<Vec<_>>()
            .join("; ");
        Self {
            status: None,
            message: Some(summary),
            value: None,
            errors: Some(
                errors
                    .iter()
                    .map(|e| ServerError {
                        property_name: Some(e.property.clone()),
                        message: Some(e.message.clone()),
                        attempted_value: None,
                    })
                    .collect(),
            ),
            was_successful: Some(false),
            updated_on: None,
            updated_by: None,
        }
    }
}

/// A page of search results.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "PascalCase"))]
pub struct ListEnvelope<T> {
    /// The records of this page.
    pub records: Vec<T>,
    /// 1-based page number.
    pub current_page: u64,
    /// Page size.
    pub current_page_size: u64,
    /// The property sorted by.
    #[cfg_attr(feature = "serde", serde(default))]
    pub current_order_field: Option<String>,
    /// The direction, in the server's own encoding.
    #[cfg_attr(feature = "serde", serde(default))]
    pub current_sort_direction: Option<Value>,
    /// 1-based index of the first record on this page.
    #[cfg_attr(feature = "serde", serde(default))]
    pub first_item: u64,
    /// 1-based index of the last record on this page.
    #[cfg_attr(feature = "serde", serde(default))]
    pub last_item: u64,
    /// How many records match.
    pub total_items: u64,
    /// How many pages there are.
    pub total_pages: u64,
    /// Whether a next page exists.
    #[cfg_attr(feature = "serde", serde(default))]
    pub has_next_page: bool,
    /// Whether a previous page exists.
    #[cfg_attr(feature = "serde", serde(default))]
    pub has_previous_page: bool,
}

/// The JSON body of a 404: the string `"Not found"`.
pub const NOT_FOUND_BODY: &str = "\"Not found\"";

/// Why a response body could not be read as the envelope expected.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EnvelopeError {
    /// Not JSON at all (or empty).
    #[error("the response is not valid JSON: {0}")]
    NotJson(String),
    /// JSON, but not of the expected shape.
    #[error("the response does not have the expected shape: {0}")]
    Shape(String),
}

/// Reads `body` as a JSON object, telling "not JSON" from "wrong shape"; read its
/// members with [`Members`].
pub fn object_of(body: &str) -> Result<Map, EnvelopeError> {
    match Value::parse(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(EnvelopeError::Shape("not a JSON object".into())),
        Err(e) => Err(EnvelopeError::NotJson(e.to_string())),
    }
}

/// The members of a body object, read with the types the contract gives them.
pub struct Members<'a>(pub &'a Map);

impl Members<'_> {
    fn shape(name: &str, what: &str) -> EnvelopeError {
        EnvelopeError::Shape(format!("`{name}` {what}"))
    }

    /// A member that may be absent or null.
    fn optional(&self, name: &str) -> Option<&Value> {
        self.0.get(name).filter(|v| !v.is_null())
    }

    /// A required whole number of 0 or more.
    pub fn count(&self, name: &str) -> Result<u64, EnvelopeError> {
        match self.0.get(name) {
            None => Err(Self::shape(name, "is missing")),
            Some(v) => v
                .as_u64()
                .ok_or_else(|| Self::shape(name, "is not a whole number of 0 or more")),
        }
    }

    /// A whole number of 0 or more, `None` when absent or null.
    pub fn optional_count(&self, name: &str) -> Result<Option<u64>, EnvelopeError> {
        self.optional(name).map(|_| self.count(name)).transpose()
    }

    /// A required string.
    pub fn text(&self, name: &str) -> Result<String, EnvelopeError> {
        self.optional_text(name)?
            .ok_or_else(|| Self::shape(name, "is missing"))
    }

    /// A string, `None` when absent or null.
    pub fn optional_text(&self, name: &str) -> Result<Option<String>, EnvelopeError> {
        self.optional(name)
            .map(|v| {
                v.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| Self::shape(name, "is not text"))
            })
            .transpose()
    }

    /// A boolean, false when absent.
    fn flag(&self, name: &str) -> Result<bool, EnvelopeError> {
        self.optional(name).map_or(Ok(false), |v| {
            v.as_bool()
                .ok_or_else(|| Self::shape(name, "is not true or false"))
        })
    }
}

impl ListEnvelope<UserRecord> {
    /// Parses a search answer's body; a malformed one is an error, never a panic.
    pub fn from_json(body: &str) -> Result<Self, EnvelopeError> {
        let mut map = object_of(body)?;
        let records = match map.shift_remove("Records") {
            Some(Value::Array(items)) => items
                .into_iter()
                .map(UserRecord::from_value)
                .collect::<Result<_, _>>()
                .map_err(|_| Members::shape("Records", "holds something that is not a user"))?,
            _ => return Err(Members::shape("Records", "is not a list")),
        };
        let m = Members(&map);
        Ok(Self {
            records,
            current_page: m.count("CurrentPage")?,
            current_page_size: m.count("CurrentPageSize")?,
            current_order_field: m.optional_text("CurrentOrderField")?,
            current_sort_direction: m.optional("CurrentSortDirection").cloned(),
            first_item: m.optional_count("FirstItem")?.unwrap_or(0),
            last_item: m.optional_count("LastItem")?.unwrap_or(0),
            total_items: m.count("TotalItems")?,
            total_pages: m.count("TotalPages")?,
            has_next_page: m.flag("HasNextPage")?,
            has_previous_page: m.flag("HasPreviousPage")?,
        })
    }
}

#[cfg(feature = "serde")]
impl ActionEnvelope {
    /// Parses a PUT answer's body strictly (every documented property of its type).
    /// [`crate::server_errors::parse_put_response`] is the lenient reading the app uses.
    pub fn from_json(body: &str) -> Result<Self, EnvelopeError> {
        let value: serde_json::Value =
            serde_json::from_str(body).map_err(|e| EnvelopeError::NotJson(e.to_string()))?;
        serde_json::from_value(value).map_err(|e| EnvelopeError::Shape(e.to_string()))
    }
}

/// Whether a body is the 404 answer `"Not found"` (as a JSON string, any case).
pub fn is_not_found_body(body: &str) -> bool {
    matches!(
        Value::parse(body),
        Ok(Value::String(s)) if s.trim().eq_ignore_ascii_case("not found")
    )
}

/// The id of the user a create's answer names (`Value.Id`, a whole number above zero):
/// `None` when the answer does not say.
pub fn created_id(body: &str) -> Option<u64> {
    let value = Value::parse(body).ok()?;
    value.get("Value")?.get("Id")?.as_u64().filter(|id| *id > 0)
}

#[cfg(test)]
mod tests {
    use super::created_id;

    #[test]
    fn a_create_answer_names_the_new_id_or_nothing() {
        let ok = r#"{"Status":200,"Message":"User was successfully created.","Value":{"Id":1042},"WasSuccessful":true}"#;
        assert_eq!(created_id(ok), Some(1042));
        for silent in [
            r#"{"Value":null,"WasSuccessful":true}"#,
            r#"{"Value":{"Id":0}}"#,
            r#"{"Value":{"Id":"7"}}"#,
            r#"{"Value":{"Id":-3}}"#,
            "",
            "<html>",
        ] {
            assert_eq!(created_id(silent), None, "{silent}");
        }
    }
}
