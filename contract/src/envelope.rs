//! The response envelopes of the Users API.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::validate::FieldError;

/// One entry of a 400 body's `Errors` array.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServerError {
    /// The bare JSON property name the error is about (may be empty or unknown).
    #[serde(rename = "PropertyName", default)]
    pub property_name: Option<String>,
    /// The message, e.g. `is a required field`.
    #[serde(rename = "Message", default)]
    pub message: Option<String>,
    /// What was sent, when the server echoes it.
    #[serde(rename = "AttemptedValue", default)]
    pub attempted_value: Option<Value>,
}

/// The body of a PUT answer, 200 or 400 alike.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ActionEnvelope {
    /// A status the body claims; never trusted over the HTTP status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Value>,
    /// A summary; may name only one of several errors.
    #[serde(default)]
    pub message: Option<String>,
    /// On success, `{"Id": …}`.
    #[serde(default)]
    pub value: Option<Value>,
    /// On failure, every problem.
    #[serde(default)]
    pub errors: Option<Vec<ServerError>>,
    /// Whether the server says it worked.
    #[serde(default)]
    pub was_successful: Option<bool>,
    /// When the record was updated (success only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_on: Option<String>,
    /// Who updated it (success only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListEnvelope<T> {
    /// The records of this page.
    pub records: Vec<T>,
    /// 1-based page number.
    pub current_page: u64,
    /// Page size.
    pub current_page_size: u64,
    /// The property sorted by.
    #[serde(default)]
    pub current_order_field: Option<String>,
    /// The direction, in the server's own encoding.
    #[serde(default)]
    pub current_sort_direction: Option<Value>,
    /// 1-based index of the first record on this page.
    #[serde(default)]
    pub first_item: u64,
    /// 1-based index of the last record on this page.
    #[serde(default)]
    pub last_item: u64,
    /// How many records match.
    pub total_items: u64,
    /// How many pages there are.
    pub total_pages: u64,
    /// Whether a next page exists.
    #[serde(default)]
    pub has_next_page: bool,
    /// Whether a previous page exists.
    #[serde(default)]
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

/// Reads `body` as JSON of type `T`, telling "not JSON" from "wrong shape".
pub(crate) fn from_json<T: DeserializeOwned>(body: &str) -> Result<T, EnvelopeError> {
    let value: Value =
        serde_json::from_str(body).map_err(|e| EnvelopeError::NotJson(e.to_string()))?;
    serde_json::from_value(value).map_err(|e| EnvelopeError::Shape(e.to_string()))
}

impl ActionEnvelope {
    /// Parses a PUT answer's body strictly (every documented property of its type).
    /// [`crate::server_errors::parse_put_response`] is the lenient reading the app uses.
    pub fn from_json(body: &str) -> Result<Self, EnvelopeError> {
        from_json(body)
    }
}

impl<T: DeserializeOwned> ListEnvelope<T> {
    /// Parses a search answer's body; a malformed one is an error, never a panic.
    pub fn from_json(body: &str) -> Result<Self, EnvelopeError> {
        from_json(body)
    }
}

/// Whether a body is the 404 answer `"Not found"` (as a JSON string, any case).
pub fn is_not_found_body(body: &str) -> bool {
    matches!(
        serde_json::from_str::<Value>(body),
        Ok(Value::String(s)) if s.trim().eq_ignore_ascii_case("not found")
    )
}
