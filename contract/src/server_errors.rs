//! Reading the server's answers to a save: the 400 errors onto the form's fields, the
//! status into an outcome, and `Retry-After` of a throttled (409) call.

use crate::by_name;
use crate::json::{Map, Value};

use crate::catalogue::{field, FieldSpec, Kind};
use crate::datetime::parse_http_date;
use crate::envelope::ServerError;
use crate::validate::{messages, LIST_TWINS};

/// A form-level message for an error that came with neither property nor message.
pub const UNSPECIFIED_ERROR: &str = "The server reported a problem without saying what it was.";
/// A form-level message for a 400 whose body says nothing usable.
pub const UNREADABLE_REJECTION: &str =
    "The server rejected the changes without saying why (HTTP 400).";
/// A form-level message for a 2xx whose `WasSuccessful` is false and says nothing more.
pub const NOT_SAVED: &str = "The server did not save the changes.";

/// Roots that some servers put before the property (`$.FullName`, `user.Email`).
const ROOTS: [&str; 7] = ["$", "user", "model", "request", "body", "value", "dto"];

/// The catalogue field a server `PropertyName` is about, matched case-insensitively:
/// `UserRoles[0]`, `UserRoles.0` and `AddedUserRoles`/`RemovedUserRoles` → `UserRoles`;
/// a leading `$.`/`user.`/`model.` root is skipped. `None` when it names no field.
pub fn field_for_property(property: &str) -> Option<&'static FieldSpec> {
    let mut segments = property
        .split(['.', '[', ']'])
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let first = segments.next()?;
    resolve(first).or_else(|| {
        if ROOTS.iter().any(|r| r.eq_ignore_ascii_case(first)) {
            segments.next().and_then(resolve)
        } else {
            None
        }
    })
}

fn resolve(segment: &str) -> Option<&'static FieldSpec> {
    field(segment).or_else(|| {
        LIST_TWINS
            .iter()
            .find(|(_, added, removed)| {
                added.eq_ignore_ascii_case(segment) || removed.eq_ignore_ascii_case(segment)
            })
            .and_then(|(list, _, _)| field(list))
    })
}

/// Messages by catalogue field name, in the order the server gave them (see
/// [`crate::by_name`]).
pub type FieldMessages = Vec<(&'static str, Vec<String>)>;

/// Sorts server errors onto fields: each `PropertyName` that names a field the form shows
/// (see [`field_for_property`]) goes to that field's list, keyed by its catalogue name.
/// Everything else — no or empty `PropertyName`, unknown properties, secrets (never shown)
/// and the client-only `ConfirmNewPassword` — goes to the form-level list as
/// `PropertyName: message` (or just the message). Nothing is dropped; a missing message
/// becomes `is invalid`; exact repeats are merged. A field's message names the value the
/// server refused (`AttemptedValue`) where that helps find it: an id of a list, `(id 24)`,
/// or an email, `(you entered “x@y”)`; never a password or secret. The same message
/// without it is then a repeat.
pub fn map_server_errors(errors: &[ServerError]) -> (FieldMessages, Vec<String>) {
    let mut fields = FieldMessages::new();
    let mut form: Vec<String> = Vec::new();
    for e in errors {
        let message = e
            .message
            .as_deref()
            .map(str::trim)
            .filter(|m| !m.is_empty());
        let property = e.property_name.as_deref().map(str::trim).unwrap_or("");
        let known = field_for_property(property);
        // Only fields the form lets the admin change carry a message; one about a
        // secret, a read-only fact or the client-only confirmation goes to the summary.
        if let Some(spec) = known.filter(|s| s.sent() && s.editable()) {
            let list = by_name::entry(&mut fields, spec.name);
            let message = message.unwrap_or(messages::INVALID);
            match refused_value(property, spec, e.attempted_value.as_ref()) {
                Some(value) => add_refused(list, message, &value),
                None => add_bare(list, message),
            }
        } else {
            let text = match (known, message) {
                (Some(spec), m) => format!("{} {}", spec.label, m.unwrap_or(messages::INVALID)),
                (None, m) if property.is_empty() => m.unwrap_or(UNSPECIFIED_ERROR).to_owned(),
                (None, m) => format!("{property}: {}", m.unwrap_or(messages::INVALID)),
            };
            if !form.contains(&text) {
                form.push(text);
            }
        }
    }
    (fields, form)
}

/// The value a server error refused, as the words to add after its message, when it
/// helps the administrator find what to fix: the id of a list (`UserRoles[2]`'s, or an
/// `Added…`/`Removed…` twin's: `(id 24)`, `(ids 3, 5)`), the text of an email
/// (`(you entered “x@y”)`). A whole list is what the field shows already; nothing else
/// (a password or secret above all) is ever repeated.
fn refused_value(property: &str, spec: &FieldSpec, attempted: Option<&Value>) -> Option<String> {
    let is_twin = || {
        property
            .split(['.', '[', ']'])
            .map(str::trim)
            .any(|segment| {
                LIST_TWINS.iter().any(|(_, added, removed)| {
                    added.eq_ignore_ascii_case(segment) || removed.eq_ignore_ascii_case(segment)
                })
            })
    };
    match (spec.kind, attempted?) {
        (Kind::Email, Value::String(text)) if !text.trim().is_empty() => {
            Some(format!("(you entered “{text}”)"))
        }
        (Kind::IdList, Value::Number(id)) => Some(format!("(id {id})")),
        (Kind::IdList, Value::Array(items)) if is_twin() => {
            let ids: Vec<String> = items
                .iter()
                .filter(|v| matches!(v, Value::Number(_)))
                .map(Value::to_string)
                .collect();
            match ids.as_slice() {
                [] => None,
                [id] => Some(format!("(id {id})")),
                many => Some(format!("(ids {})", many.join(", "))),
            }
        }
        _ => None,
    }
}

/// Adds a message without a refused value, unless it is there already, bare or naming one.
fn add_bare(list: &mut Vec<String>, message: &str) {
    let named = format!("{message} (");
    if !list.iter().any(|m| m == message || m.starts_with(&named)) {
        list.push(message.to_owned());
    }
}

/// Adds a message naming the value refused; the same message, bare, gives way to it.
fn add_refused(list: &mut Vec<String>, message: &str, value: &str) {
    let text = format!("{message} {value}");
    if let Some(bare) = list.iter_mut().find(|m| *m == message) {
        *bare = text;
    } else if !list.contains(&text) {
        list.push(text);
    }
}

/// What a PUT came to, by HTTP status first and `WasSuccessful` second (the body's own
/// `Status` is never trusted).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PutOutcome {
    /// 2xx and not `WasSuccessful: false`: saved; the id from `Value.Id` when given.
    Saved {
        /// The saved record's id, when the body says.
        id: Option<i64>,
    },
    /// 400 (or 422, or a 2xx with `WasSuccessful: false`): the errors by field and the
    /// form-level ones (never both empty).
    Invalid {
        /// Messages by catalogue field name.
        fields: FieldMessages,
        /// Messages for the summary: unmatched properties, or the body's summary.
        form: Vec<String>,
    },
    /// 401: not signed in or not permitted; refresh once, then ask to sign in.
    Unauthorized,
    /// 403: the account lacks the `User-Edit` role.
    Forbidden,
    /// 2xx whose body is not JSON: it cannot be told whether anything was saved.
    Unreadable,
    /// 404: the user no longer exists.
    NotFound,
    /// 409 (the platform's throttling; 429 too): wait for `Retry-After`
    /// ([`parse_retry_after`]) and retry.
    Throttled,
    /// 5xx: the server failed; its `Message` when it sent one.
    ServerError {
        /// What to show.
        message: String,
    },
    /// Any other status.
    Unexpected {
        /// The HTTP status.
        status: u16,
        /// What to show.
        message: String,
    },
}

/// Reads a PUT answer. Never panics; a 400 with an unreadable body still yields a
/// form-level message. Errors are rendered from `Errors` (an array of
/// `{PropertyName, Message}`, or an object of property → messages); the summary
/// `Message` is used only when there are none.
pub fn parse_put_response(status: u16, body: &str) -> PutOutcome {
    let value = Value::parse(body).ok();
    let obj = value.as_ref().and_then(Value::as_object);
    match status {
        // A body that is there but is not JSON (a proxy's error page, a cut-off answer)
        // proves nothing was saved: the edits must stay. An empty one (204) is success.
        200..=299 if value.is_none() && !body.trim().is_empty() => PutOutcome::Unreadable,
        200..=299 => {
            let successful = obj
                .and_then(|o| get_ci(o, "WasSuccessful"))
                .and_then(Value::as_bool);
            if successful == Some(false) {
                return invalid(value.as_ref(), NOT_SAVED);
            }
            let id = obj.and_then(|o| get_ci(o, "Value")).and_then(|v| match v {
                Value::Object(inner) => get_ci(inner, "Id").and_then(Value::as_i64),
                other => other.as_i64(),
            });
            PutOutcome::Saved { id }
        }
        400 | 422 => invalid(value.as_ref(), UNREADABLE_REJECTION),
        401 => PutOutcome::Unauthorized,
        403 => PutOutcome::Forbidden,
        404 => PutOutcome::NotFound,
        409 | 429 => PutOutcome::Throttled,
        500..=599 => PutOutcome::ServerError {
            message: summary(value.as_ref())
                .unwrap_or_else(|| format!("The server had a problem (HTTP {status}).")),
        },
        _ => PutOutcome::Unexpected {
            status,
            message: summary(value.as_ref())
                .unwrap_or_else(|| format!("The server answered with HTTP status {status}.")),
        },
    }
}

fn invalid(value: Option<&Value>, fallback: &str) -> PutOutcome {
    let errors = value.map(server_errors_of).unwrap_or_default();
    let (fields, mut form) = map_server_errors(&errors);
    if fields.is_empty() && form.is_empty() {
        form.push(summary(value).unwrap_or_else(|| fallback.to_owned()));
    }
    PutOutcome::Invalid { fields, form }
}

/// The body's summary: `Message` (or `title`), or the body itself when it is a string.
fn summary(value: Option<&Value>) -> Option<String> {
    let text = match value? {
        Value::Object(o) => get_ci(o, "Message")
            .or_else(|| get_ci(o, "title"))
            .and_then(Value::as_str)?,
        Value::String(s) => s.as_str(),
        _ => return None,
    };
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// The errors of a body, read leniently: `Errors` as the documented array (items that are
/// not objects become property-less messages) or as an object of property → message(s).
pub fn server_errors_of(value: &Value) -> Vec<ServerError> {
    let Some(errors) = value.as_object().and_then(|o| get_ci(o, "Errors")) else {
        return Vec::new();
    };
    match errors {
        Value::Array(items) => items
            .iter()
            .map(|item| match item {
                Value::Object(o) => ServerError {
                    property_name: get_ci(o, "PropertyName").and_then(text_of),
                    message: get_ci(o, "Message")
                        .or_else(|| get_ci(o, "ErrorMessage"))
                        .and_then(text_of),
                    attempted_value: get_ci(o, "AttemptedValue").cloned(),
                },
                other => ServerError {
                    property_name: None,
                    message: text_of(other),
                    attempted_value: None,
                },
            })
            .collect(),
        Value::Object(map) => map
            .iter()
            .flat_map(|(property, messages)| {
                let list: Vec<Option<String>> = match messages {
                    Value::Array(items) if !items.is_empty() => items.iter().map(text_of).collect(),
                    other => vec![text_of(other)],
                };
                list.into_iter().map(move |message| ServerError {
                    property_name: Some(property.clone()),
                    message,
                    attempted_value: None,
                })
            })
            .collect(),
        Value::Null => Vec::new(),
        other => vec![ServerError {
            property_name: None,
            message: text_of(other),
            attempted_value: None,
        }],
    }
}

fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        other => Some(
            other
                .as_str()
                .map_or_else(|| other.to_string(), str::to_owned),
        ),
    }
}

/// A property by exact name, else case-insensitively.
fn get_ci<'a>(obj: &'a Map, key: &str) -> Option<&'a Value> {
    obj.get(key).or_else(|| {
        obj.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v)| v)
    })
}

/// Seconds to wait from a `Retry-After` header: delta-seconds, or an HTTP-date (a past
/// date gives 0). `None` for anything else (including a number too large for `u64`).
pub fn parse_retry_after(header: &str, now_unix_secs: u64) -> Option<u64> {
    let text = header.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse().ok();
    }
    let at = parse_http_date(text)?;
    let now = i64::try_from(now_unix_secs).unwrap_or(i64::MAX);
    Some(u64::try_from(at.saturating_sub(now)).unwrap_or(0))
}
