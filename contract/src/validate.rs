//! Validation rules, worded as the server words them and keyed by JSON property name,
//! so client and server errors land on the same field.
//!
//! [`check_value`] is every rule of one field on its JSON value; [`check_record`] runs all
//! of them, the `Added…`/`Removed…` twins of the linked lists and the cross-field rules on
//! a whole PUT body (the development API validates with it). Rules only a server can
//! check (unique email, ids that exist) are the server's; their messages are here too.

use std::collections::BTreeMap;

use crate::json::Value;

use crate::catalogue::{FieldSpec, Kind, FIELDS};
use crate::datetime::parse_datetime;
use crate::record::{Language, UserRecord};
use crate::weburl;

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

impl std::fmt::Display for FieldError {
    /// The server's summary form, `Property: message`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.property, self.message)
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
    /// Not a valid email address (WHATWG `input type=email` rule).
    pub const INVALID_EMAIL: &str = "is not a valid email address";
    /// A `Language` outside the documented `eLanguage` values.
    pub const UNKNOWN_LANGUAGE: &str = "must be 1 (English US), 2 (Spanish) or 3 (English UK)";
    /// Not a GUID.
    pub const INVALID_GUID: &str = "is not a valid GUID";
    /// Not a URL at all.
    pub const INVALID_URL: &str = "is not a valid URL";
    /// A URL, but not an https one (http:, javascript:, data:, blob:, …).
    pub const URL_NOT_HTTPS: &str = "must be an https:// address";
    /// Not a date and time the API takes.
    pub const INVALID_DATETIME: &str = "is not a valid date and time";
    /// Not a list of ids.
    pub const NOT_ID_LIST: &str = "must be a list of ids (whole numbers 0 or more)";
    /// Password policy: length.
    pub const PASSWORD_TOO_SHORT: &str = "must be at least 8 characters long";
    /// Password policy: upper case.
    pub const PASSWORD_NO_UPPER: &str = "must contain an upper-case letter";
    /// Password policy: lower case.
    pub const PASSWORD_NO_LOWER: &str = "must contain a lower-case letter";
    /// Password policy: digit.
    pub const PASSWORD_NO_DIGIT: &str = "must contain a digit";
    /// Password policy: symbol.
    pub const PASSWORD_NO_SYMBOL: &str = "must contain one of ! £ $ % ^ & \\ - * # : @ ? > <";
    /// The confirmation differs from `NewPassword`.
    pub const PASSWORD_MISMATCH: &str = "does not match the new password";
    /// `NewAvatarUrl` set while `ClearAvatarFile` is true.
    pub const AVATAR_URL_WITH_CLEAR: &str =
        "cannot be set while the current avatar is being removed";
    /// `ClearAvatarFile` true while `NewAvatarUrl` is set.
    pub const AVATAR_CLEAR_WITH_URL: &str = "cannot be set together with a new avatar URL";
    /// A field the administrator cannot change.
    pub const READ_ONLY: &str = "cannot be changed";
    /// A server error that came without a message.
    pub const INVALID: &str = "is invalid";
    /// Server-only: another user has this email address.
    pub const EMAIL_TAKEN: &str = "is already used by another user";
    /// Server-only: a linked list names a record that does not exist.
    pub const UNKNOWN_ID: &str = "contains an id that does not exist";

    /// Longer than the platform takes.
    pub fn too_long(max: usize) -> String {
        format!("must be at most {max} characters")
    }
}

/// The `Added…`/`Removed…` twins of each linked list: `(list, added, removed)`.
pub const LIST_TWINS: [(&str, &str, &str); 3] = [
    ("Businesses", "AddedBusinesses", "RemovedBusinesses"),
    ("UserRoles", "AddedUserRoles", "RemovedUserRoles"),
    ("ChatRooms", "AddedChatRooms", "RemovedChatRooms"),
];

/// The symbols of the password policy, one of which a new password must contain.
pub const PASSWORD_SYMBOLS: [char; 15] = [
    '!', '£', '$', '%', '^', '&', '\\', '-', '*', '#', ':', '@', '?', '>', '<',
];

/// The WHATWG "valid e-mail address" of `<input type=email>`, written out:
/// `local@domain` where `local` is one or more of ``A-Z a-z 0-9 . ! # $ % & ' * + / = ? ^ _ ` { | } ~ -``
/// and `domain` is one or more dot-separated labels of 1–63 letters, digits and hyphens
/// that neither start nor end with a hyphen. (No dot is needed in the domain.)
pub fn is_valid_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".!#$%&'*+/=?^_`{|}~-".contains(&b));
    local_ok && !domain.is_empty() && domain.split('.').all(is_valid_label)
}

fn is_valid_label(label: &str) -> bool {
    let b = label.as_bytes();
    match (b.first(), b.last()) {
        (Some(first), Some(last)) => {
            b.len() <= 63
                && first.is_ascii_alphanumeric()
                && last.is_ascii_alphanumeric()
                && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
        }
        _ => false,
    }
}

/// Whether `text` is a GUID in any of the usual spellings: `3f2504e0-4f89-…`, 32 hex
/// digits, `{…}`, `(…)` or `urn:uuid:…` (the `uuid` crate plus .NET's parenthesised form).
pub fn is_valid_guid(text: &str) -> bool {
    let inner = text
        .strip_prefix('(')
        .and_then(|s| s.strip_suffix(')'))
        .unwrap_or(text);
    uuid::Uuid::try_parse(inner).is_ok()
}

/// The https-only rule of `NewAvatarUrl`: `Ok` for an absolute `https:` URL with a host
/// (by the WHATWG parser), else the message.
pub fn check_https_url(text: &str) -> Result<(), &'static str> {
    match weburl::parse(text) {
        None => Err(messages::INVALID_URL),
        Some(u) if u.scheme != "https" => Err(messages::URL_NOT_HTTPS),
        Some(u) if u.host.is_empty() => Err(messages::INVALID_URL),
        Some(_) => Ok(()),
    }
}

/// Every part of the password policy `text` misses (empty when it meets it): at least 8
/// characters, an upper-case letter, a lower-case letter, a digit and one of
/// [`PASSWORD_SYMBOLS`]. Lenient where the platform is unclear (letters of any script).
pub fn password_problems(text: &str) -> Vec<&'static str> {
    let mut out = Vec::new();
    if text.encode_utf16().count() < 8 {
        out.push(messages::PASSWORD_TOO_SHORT);
    }
    if !text.chars().any(char::is_uppercase) {
        out.push(messages::PASSWORD_NO_UPPER);
    }
    if !text.chars().any(char::is_lowercase) {
        out.push(messages::PASSWORD_NO_LOWER);
    }
    if !text.chars().any(|c| c.is_ascii_digit()) {
        out.push(messages::PASSWORD_NO_DIGIT);
    }
    if !text.chars().any(|c| PASSWORD_SYMBOLS.contains(&c)) {
        out.push(messages::PASSWORD_NO_SYMBOL);
    }
    out
}

/// The confirmation rule: `None` when `confirm` is right for `new_password`
/// (both empty, or equal), else the message.
pub fn check_confirmation(new_password: &str, confirm: &str) -> Option<&'static str> {
    if new_password == confirm {
        None
    } else if confirm.is_empty() {
        Some(messages::REQUIRED)
    } else {
        Some(messages::PASSWORD_MISMATCH)
    }
}

/// Whether `ClearAvatarFile` and `NewAvatarUrl` are both set (which the rules forbid):
/// clear is `true` and the URL is a non-blank string.
pub fn avatar_conflict(clear: Option<&Value>, new_url: Option<&Value>) -> bool {
    clear == Some(&Value::Bool(true))
        && new_url
            .and_then(Value::as_str)
            .is_some_and(|s| !s.trim().is_empty())
}

/// Whether a value counts as not given: absent, `null`, or a blank string.
pub fn is_empty_value(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => true,
        Some(v) => v.as_str().is_some_and(|s| s.trim().is_empty()),
    }
}

/// Whether `value` counts as no value for `spec`: what `required` refuses, and what the
/// other rules leave alone.
pub fn is_missing(spec: &FieldSpec, value: Option<&Value>) -> bool {
    // A password of spaces is typed, not empty: it meets the policy or is refused.
    let typed_password = spec.kind == Kind::NewPassword
        && value.and_then(Value::as_str).is_some_and(|s| !s.is_empty());
    is_empty_value(value) && !typed_password
}

/// Checks one value (absent = `None`) against its field's own rules: required, type,
/// format, range and length. Cross-field rules are [`check_record`]'s and the draft's.
pub fn check_value(spec: &FieldSpec, value: Option<&Value>) -> Vec<String> {
    let mut out = Vec::new();
    if is_missing(spec, value) {
        if spec.required {
            out.push(messages::REQUIRED.to_owned());
        }
        return out;
    }
    let Some(value) = value else { return out };
    let text = value.as_str();
    let needs_text = matches!(
        spec.kind,
        Kind::Text
            | Kind::Email
            | Kind::NewPassword
            | Kind::ConfirmPassword
            | Kind::Secret
            | Kind::DateTime
            | Kind::Guid
            | Kind::AvatarUrl
    );
    if needs_text && text.is_none() {
        out.push(messages::NOT_TEXT.to_owned());
        return out;
    }
    let text = text.unwrap_or_default();
    match spec.kind {
        Kind::Integer | Kind::OptionalId => check_whole(value, &mut out),
        Kind::Language => match value.as_i64() {
            None => out.push(messages::NOT_INTEGER.to_owned()),
            // Only the documented values may be chosen; an unknown one the server sent is
            // kept by the draft because it leaves unedited values unjudged.
            Some(n) if matches!(Language::from_i64(n), Language::Other(_)) => {
                out.push(messages::UNKNOWN_LANGUAGE.to_owned())
            }
            Some(_) => {}
        },
        Kind::ReadOnly if spec.name == "Id" => check_whole(value, &mut out),
        Kind::Bool => {
            if value.as_bool().is_none() {
                out.push(messages::NOT_BOOL.to_owned());
            }
        }
        Kind::Email => {
            if !is_valid_email(text) {
                out.push(messages::INVALID_EMAIL.to_owned());
            }
        }
        Kind::NewPassword => out.extend(password_problems(text).into_iter().map(str::to_owned)),
        Kind::DateTime => {
            if parse_datetime(text).is_err() {
                out.push(messages::INVALID_DATETIME.to_owned());
            }
        }
        Kind::Guid => {
            if !is_valid_guid(text) {
                out.push(messages::INVALID_GUID.to_owned());
            }
        }
        Kind::AvatarUrl => {
            if let Err(m) = check_https_url(text) {
                out.push(m.to_owned());
            }
        }
        Kind::IdList => {
            if !is_id_list(value) {
                out.push(messages::NOT_ID_LIST.to_owned());
            }
        }
        Kind::Text | Kind::ConfirmPassword | Kind::Secret | Kind::ReadOnly => {}
    }
    if let (Some(max), Some(s)) = (spec.max_len, value.as_str()) {
        if s.encode_utf16().count() > max {
            out.push(messages::too_long(max));
        }
    }
    out
}

fn check_whole(value: &Value, out: &mut Vec<String>) {
    match value.as_i64() {
        None => out.push(messages::NOT_INTEGER.to_owned()),
        Some(n) if n < 0 => out.push(messages::NEGATIVE.to_owned()),
        Some(_) => {}
    }
}

/// Whether `value` is an array of whole numbers ≥ 0.
fn is_id_list(value: &Value) -> bool {
    value
        .as_array()
        .is_some_and(|items| items.iter().all(|v| v.as_i64().is_some_and(|n| n >= 0)))
}

/// Every problem with a whole PUT body, as the server would report it, in catalogue
/// order: each sent field's rules, the `Added…`/`Removed…` twins (null or a list of ids),
/// and `ClearAvatarFile` with `NewAvatarUrl`.
pub fn check_record(record: &UserRecord) -> Vec<FieldError> {
    let mut out: Vec<FieldError> = Vec::new();
    for spec in FIELDS.iter().filter(|spec| spec.sent()) {
        out.extend(
            check_value(spec, record.get(spec.name))
                .into_iter()
                .map(|m| FieldError::new(spec.name, m)),
        );
        if let Some((_, added, removed)) = LIST_TWINS.iter().find(|t| t.0 == spec.name) {
            for twin in [added, removed] {
                match record.get(twin) {
                    None | Some(Value::Null) => {}
                    Some(v) if is_id_list(v) => {}
                    Some(_) => out.push(FieldError::new(*twin, messages::NOT_ID_LIST)),
                }
            }
        }
    }
    if avatar_conflict(record.get("ClearAvatarFile"), record.get("NewAvatarUrl")) {
        out.push(FieldError::new(
            "NewAvatarUrl",
            messages::AVATAR_URL_WITH_CLEAR,
        ));
        out.push(FieldError::new(
            "ClearAvatarFile",
            messages::AVATAR_CLEAR_WITH_URL,
        ));
    }
    out
}

/// Groups errors by property (the map the form shows), keeping their order per property.
pub fn errors_by_property(errors: &[FieldError]) -> BTreeMap<String, Vec<String>> {
    let mut map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for e in errors {
        map.entry(e.property.clone())
            .or_default()
            .push(e.message.clone());
    }
    map
}
