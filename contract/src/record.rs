//! The User record, kept as the JSON object the API sent.
//!
//! PUT is a whole-record replace, so anything this crate does not model must go back
//! exactly as it came. Holding the record as its JSON object (rather than a struct with
//! a catch-all) makes that true by construction: unknown properties, `null` versus
//! absent, and date-time strings are never re-encoded unless edited.

use std::fmt;

use crate::json::{Map, Value};

/// A User as the API sends and receives it. Every property is kept.
#[derive(Clone, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct UserRecord(Map);

/// Why a body could not be read as a User.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum RecordError {
    /// The body was not JSON at all.
    #[error("the response is not valid JSON: {0}")]
    NotJson(String),
    /// The body was JSON but not an object.
    #[error("the response is not a user record (expected a JSON object)")]
    NotAnObject,
}

impl UserRecord {
    /// Parses a response body; anything but a JSON object is an error, never a panic.
    pub fn from_json(body: &str) -> Result<Self, RecordError> {
        let value = Value::parse(body).map_err(|e| RecordError::NotJson(e.to_string()))?;
        Self::from_value(value)
    }

    /// Wraps a JSON value that must be an object.
    pub fn from_value(value: Value) -> Result<Self, RecordError> {
        match value {
            Value::Object(map) => Ok(Self(map)),
            _ => Err(RecordError::NotAnObject),
        }
    }

    /// The record's `Id`, when it is a whole number.
    pub fn id(&self) -> Option<i64> {
        self.0.get("Id").and_then(Value::as_i64)
    }

    /// A property's value, looked up by its exact JSON name.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.get(name)
    }

    /// A string property, or `None` when absent, null or not a string.
    pub fn get_str(&self, name: &str) -> Option<&str> {
        self.0.get(name).and_then(Value::as_str)
    }

    /// Sets (or adds) a property.
    pub fn set(&mut self, name: &str, value: Value) {
        self.0.insert(name.to_owned(), value);
    }

    /// Removes a property, returning what it held; the others keep their order.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        self.0.shift_remove(name)
    }

    /// The underlying JSON object.
    pub fn as_map(&self) -> &Map {
        &self.0
    }

    /// The record as a JSON value, for a request body.
    pub fn to_value(&self) -> Value {
        Value::Object(self.0.clone())
    }

    /// The record as JSON text.
    pub fn to_json(&self) -> String {
        Value::Object(self.0.clone()).to_string()
    }
}

/// Prints every property but those whose name speaks of a password, a secret, a salt or a
/// token (the catalogue's secrets and passwords among them), so a record in a log or a
/// failed assertion never shows a hash, a salt, a TOTP secret or an access token.
impl fmt::Debug for UserRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = f.debug_struct("UserRecord");
        for (name, value) in self.0.iter().filter(|(name, _)| !is_secret_name(name)) {
            out.field(name, value);
        }
        out.finish_non_exhaustive()
    }
}

fn is_secret_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    ["password", "secret", "salt", "token"]
        .iter()
        .any(|word| name.contains(word))
}

impl From<Map> for UserRecord {
    fn from(map: Map) -> Self {
        Self(map)
    }
}

/// The API's `eLanguage` enum. Integers it does not know are kept, not rejected, so a
/// value added by the platform later survives a round trip.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Language {
    /// 1
    EnglishUs,
    /// 2
    Spanish,
    /// 3
    EnglishUk,
    /// Any other integer the server sent.
    Other(i64),
}

impl Language {
    /// The values the API documents, in the order a person would pick from.
    pub const KNOWN: [Language; 3] = [Language::EnglishUs, Language::EnglishUk, Language::Spanish];

    /// From the wire integer.
    pub fn from_i64(n: i64) -> Self {
        match n {
            1 => Self::EnglishUs,
            2 => Self::Spanish,
            3 => Self::EnglishUk,
            other => Self::Other(other),
        }
    }

    /// To the wire integer.
    pub fn to_i64(self) -> i64 {
        match self {
            Self::EnglishUs => 1,
            Self::Spanish => 2,
            Self::EnglishUk => 3,
            Self::Other(n) => n,
        }
    }

    /// What a person reads.
    pub fn label(self) -> String {
        match self {
            Self::EnglishUs => "English (US)".into(),
            Self::Spanish => "Spanish".into(),
            Self::EnglishUk => "English (UK)".into(),
            Self::Other(n) => format!("Unknown language ({n})"),
        }
    }
}
