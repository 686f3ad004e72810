//! `/api/sys/users`: search, load one, create, update (whole-record replace), delete.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use contract::envelope::{ActionEnvelope, ServerError, NOT_FOUND_BODY};
use contract::validate::{check_record, is_empty_value, messages, FieldError, LIST_TWINS};
use contract::UserRecord;
use serde_json::{json, Map, Value};

use crate::limit;
use crate::list;
use crate::seed;
use crate::state::{Shared, State as Data};
use crate::time;

/// The body of every "not authenticated" answer, as the platform words it.
pub const DENIED: &str = "Authorization has been denied for this request.";

/// The collections a list record lacks.
const COLLECTIONS: [&str; 3] = ["Businesses", "UserRoles", "ChatRooms"];

/// The write-only properties a PUT acts on and that are never stored as sent.
const WRITE_ONLY_RESET: [(&str, Value); 3] = [
    ("NewPassword", Value::Null),
    ("NewAvatarUrl", Value::Null),
    ("ClearAvatarFile", Value::Bool(false)),
];

/// Properties only the server sets: a PUT cannot change them.
const SERVER_OWNED: [&str; 5] = [
    "UniqueId",
    "CreatedOn",
    "IsNew",
    "TwoFactorEnabled",
    "AvatarFileName",
];

/// A JSON response with this status and `{"Message": …}`.
pub fn message(status: StatusCode, text: &str) -> Response {
    (status, Json(json!({ "Message": text }))).into_response()
}

/// The 404 answer: the JSON string `"Not found"`.
pub fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
        NOT_FOUND_BODY,
    )
        .into_response()
}

fn unauthorized() -> Response {
    let mut r = message(StatusCode::UNAUTHORIZED, DENIED);
    r.headers_mut()
        .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    r
}

/// The permissions the API checks: the platform's system Roles, which a user gets through
/// the UserRoles that bundle them (`seed::USER_ROLES`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permission {
    /// Search users.
    UserList,
    /// Load one user.
    UserRead,
    /// Update a user.
    UserEdit,
    /// Create a user.
    UserCreate,
    /// Delete a user.
    UserDelete,
    /// Search user roles.
    UserRoleList,
    /// Load one user role.
    UserRoleRead,
    /// Search businesses.
    BusinessList,
    /// Load one business.
    BusinessRead,
    /// Search chat rooms.
    ChatRoomList,
    /// Load one chat room.
    ChatRoomRead,
}

impl Permission {
    /// The Role's name, e.g. `User-Edit`.
    pub fn name(self) -> &'static str {
        match self {
            Permission::UserList => "User-List",
            Permission::UserRead => "User-Read",
            Permission::UserEdit => "User-Edit",
            Permission::UserCreate => "User-Create",
            Permission::UserDelete => "User-Delete",
            Permission::UserRoleList => "UserRole-List",
            Permission::UserRoleRead => "UserRole-Read",
            Permission::BusinessList => "Business-List",
            Permission::BusinessRead => "Business-Read",
            Permission::ChatRoomList => "ChatRoom-List",
            Permission::ChatRoomRead => "ChatRoom-Read",
        }
    }
}

/// The signed-in caller.
pub struct Caller {
    /// Their email now (for `UpdatedBy`).
    pub email: String,
}

/// Why a request was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Denied {
    /// No, a bad or an expired bearer token: 401.
    NotSignedIn,
    /// Signed in without this role: 401, or 403 with `--forbidden-status 403`.
    NotPermitted {
        /// The missing role, e.g. `User-Edit`.
        role: &'static str,
        /// The status to answer.
        status: u16,
    },
}

impl IntoResponse for Denied {
    fn into_response(self) -> Response {
        match self {
            Denied::NotPermitted { role, status: 403 } => message(
                StatusCode::FORBIDDEN,
                &format!("The signed-in user lacks the {role} permission."),
            ),
            _ => unauthorized(),
        }
    }
}

/// Checks the bearer token and the permission.
pub fn authorize(
    data: &Data,
    headers: &HeaderMap,
    permission: Permission,
) -> Result<Caller, Denied> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            let (scheme, rest) = v.trim().split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| rest.trim())
        })
        .filter(|t| !t.is_empty())
        .ok_or(Denied::NotSignedIn)?;
    let access = data
        .access
        .get(token)
        .filter(|t| t.expires > Instant::now())
        .ok_or(Denied::NotSignedIn)?;
    let user = data.users.get(&access.user_id).ok_or(Denied::NotSignedIn)?;
    let is_admin = user.get("IsAdmin").and_then(Value::as_bool) == Some(true);
    let role = permission.name();
    let has_role = user
        .get("UserRoles")
        .and_then(Value::as_array)
        .is_some_and(|ids| {
            ids.iter()
                .filter_map(Value::as_i64)
                .any(|id| seed::user_role_grants(id, role))
        });
    if !is_admin && !has_role {
        return Err(Denied::NotPermitted {
            role,
            status: data.settings.forbidden_status,
        });
    }
    Ok(Caller {
        email: user
            .get("Email")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
    })
}

// ---------------------------------------------------------------------------------------
// Search

/// `GET /api/sys/users` (or `/api/sys/users/`): list records lack the collections;
/// `id=[1,2,3]` loads several users.
pub async fn list(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let data = shared.lock();
    if let Err(denied) = authorize(&data, &headers, Permission::UserList) {
        return denied.into_response();
    }
    let without_collections = |u: &Map<String, Value>| {
        let mut u = u.clone();
        for c in COLLECTIONS {
            u.remove(c);
        }
        Value::Object(u)
    };
    match list::search(
        data.users.values().collect(),
        "User",
        query.as_deref().unwrap_or_default(),
        data.settings.list_reading(),
        without_collections,
    ) {
        Ok(envelope) => Json(envelope).into_response(),
        Err(text) => message(StatusCode::BAD_REQUEST, &text),
    }
}

// ---------------------------------------------------------------------------------------
// Load one

/// `GET /api/sys/users/{id}`.
pub async fn get_one(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let data = shared.lock();
    if let Err(denied) = authorize(&data, &headers, Permission::UserRead) {
        return denied.into_response();
    }
    one(&data.users, &id)
}

/// The answer to loading one record by the id text of the path: the bare record, `404
/// "Not found"`, or 400 when the id is not a whole number.
pub fn one(records: &BTreeMap<i64, Map<String, Value>>, id: &str) -> Response {
    let id = match path_id(id) {
        Ok(id) => id,
        Err(text) => return message(StatusCode::BAD_REQUEST, &text),
    };
    match records.get(&id) {
        Some(record) => Json(Value::Object(record.clone())).into_response(),
        None => not_found(),
    }
}

/// The id text of a path as an id, or the 400's message when it is not a whole number.
fn path_id(id: &str) -> Result<i64, String> {
    id.trim()
        .parse::<i64>()
        .map_err(|_| format!("The id must be a whole number, got {id:?}."))
}

// ---------------------------------------------------------------------------------------
// Update

fn bad_request(text: &str, property: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(ActionEnvelope {
            message: Some(text.to_owned()),
            errors: Some(vec![ServerError {
                property_name: Some(property.to_owned()),
                message: Some(text.to_owned()),
                attempted_value: None,
            }]),
            was_successful: Some(false),
            ..ActionEnvelope::default()
        }),
    )
        .into_response()
}

/// Ids of a list property: `Ok(None)` when absent or null, `Err` when not a list of ids.
fn ids(record: &UserRecord, name: &str) -> Result<Option<Vec<i64>>, ()> {
    match record.get(name) {
        None | Some(contract::json::Value::Null) => Ok(None),
        Some(contract::json::Value::Array(items)) => items
            .iter()
            .map(|v| v.as_i64().filter(|n| *n >= 0).ok_or(()))
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        Some(_) => Err(()),
    }
}

/// The rules only the server can check: unique email, linked ids exist; and a stored
/// `Language` outside the documented values may be kept (the seed has one: the app sends
/// an unknown value back unchanged when the administrator did not edit it).
fn server_rules(data: &Data, id: i64, record: &UserRecord, errors: &mut Vec<FieldError>) {
    let stored_language = data.users.get(&id).and_then(|u| u.get("Language"));
    let sent_language = record.get("Language").cloned().map(Value::from);
    if sent_language.is_some() && sent_language.as_ref() == stored_language {
        errors.retain(|e| !(e.property == "Language" && e.message == messages::UNKNOWN_LANGUAGE));
    }
    if let Some(email) = record.get_str("Email") {
        let wanted = email.trim().to_lowercase();
        let taken = !wanted.is_empty()
            && data.users.iter().any(|(other, u)| {
                *other != id
                    && u.get("Email")
                        .and_then(Value::as_str)
                        .is_some_and(|e| e.trim().to_lowercase() == wanted)
            });
        if taken {
            errors.push(FieldError::new("Email", messages::EMAIL_TAKEN));
        }
    }
    for ((list, added, _removed), known) in
        LIST_TWINS
            .iter()
            .zip([&data.businesses, &data.user_roles, &data.chat_rooms])
    {
        for name in [*list, *added] {
            let already = errors.iter().any(|e| e.property == name);
            match ids(record, name) {
                Ok(Some(list)) if list.iter().any(|n| !known.contains_key(n)) => {
                    errors.push(FieldError::new(name, messages::UNKNOWN_ID))
                }
                Err(()) if !already => errors.push(FieldError::new(name, messages::NOT_ID_LIST)),
                _ => {}
            }
        }
    }
}

fn avatar_file_name(id: i64, url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let last = path.rsplit('/').next().unwrap_or_default();
    let clean: String = last
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .collect();
    if clean.is_empty() || clean.starts_with('.') {
        format!("avatar-{id}.png")
    } else {
        format!("avatar-{id}-{clean}")
    }
}

/// Why a write is refused before its body is read.
enum Refused {
    /// The caller may not: see [`Denied`].
    Denied(Denied),
    /// Over the write limit: seconds until a slot frees.
    Throttled(u64),
}

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        match self {
            Refused::Denied(denied) => denied.into_response(),
            Refused::Throttled(wait) => limit::throttled(wait),
        }
    }
}

/// The start of every write: the caller must hold `permission`, then the write limit must
/// let it in. A refused caller takes no slot; every permitted write does, valid or not.
fn begin_write(
    data: &mut Data,
    headers: &HeaderMap,
    permission: Permission,
) -> Result<Caller, Refused> {
    let caller = authorize(data, headers, permission).map_err(Refused::Denied)?;
    let write_limit = data.settings.write_limit;
    limit::take(&mut data.writes, write_limit, Instant::now()).map_err(Refused::Throttled)?;
    Ok(caller)
}

/// The body of a write as a User, or the message of the 400 saying why it is none.
fn read_user(body: &[u8]) -> Result<UserRecord, String> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| format!("The request body is not valid JSON: {e}."))?;
    UserRecord::from_value(value.into())
        .map_err(|_| "The request body must be a JSON object (a User).".to_owned())
}

/// The 400 envelope with every error, echoing what `sent` held for each property, except
/// anything secret.
fn validation_failure(sent: &UserRecord, errors: &[FieldError]) -> Response {
    let mut envelope = ActionEnvelope::validation_failure(errors);
    if let Some(list) = envelope.errors.as_mut() {
        for e in list {
            let name = e.property_name.clone().unwrap_or_default();
            let secret = contract::field(&name).is_some_and(|f| {
                matches!(f.kind, contract::Kind::Secret | contract::Kind::NewPassword)
            });
            e.attempted_value = if secret {
                None
            } else {
                sent.get(&name).cloned()
            };
        }
    }
    (StatusCode::BAD_REQUEST, Json(envelope)).into_response()
}

/// Stores `record`, a valid body, as user `id`, over `stored` (what the server holds for
/// it: the user now, or a new user's defaults). Answers the `UpdatedOn` it stamped.
fn store(
    shared: &Shared,
    data: &mut Data,
    id: i64,
    stored: &Map<String, Value>,
    record: &UserRecord,
    caller: &Caller,
) -> String {
    let mut next: serde_json::Map<String, Value> = record.as_map().clone().into();

    // Linked lists: the plain list (when sent) replaces the set, then the twins add and
    // remove single ids. A list that is absent or null keeps the stored set.
    for (list, added, removed) in LIST_TWINS {
        let stored_list = ids(
            &UserRecord::from(contract::json::Map::from(stored.clone())),
            list,
        )
        .ok()
        .flatten();
        let mut set = ids(record, list)
            .ok()
            .flatten()
            .or(stored_list)
            .unwrap_or_default();
        for n in ids(record, added).ok().flatten().unwrap_or_default() {
            if !set.contains(&n) {
                set.push(n);
            }
        }
        let gone = ids(record, removed).ok().flatten().unwrap_or_default();
        set.retain(|n| !gone.contains(n));
        let mut seen = Vec::new();
        set.retain(|n| {
            let fresh = !seen.contains(n);
            seen.push(*n);
            fresh
        });
        next.insert(list.to_owned(), json!(set));
        next.remove(added);
        next.remove(removed);
    }

    for name in SERVER_OWNED {
        match stored.get(name) {
            Some(v) => next.insert(name.to_owned(), v.clone()),
            None => next.remove(name),
        };
    }
    if next.get("ClearAvatarFile").and_then(Value::as_bool) == Some(true) {
        next.insert("AvatarFileName".into(), Value::Null);
    }
    if let Some(url) = record
        .get_str("NewAvatarUrl")
        .filter(|s| !s.trim().is_empty())
    {
        next.insert(
            "AvatarFileName".into(),
            json!(avatar_file_name(id, url.trim())),
        );
    }
    if let Some(password) = record.get_str("NewPassword").filter(|s| !s.is_empty()) {
        let salt = shared.new_token();
        next.insert("Password".into(), json!(seed::fake_hash(password, &salt)));
        next.insert("PasswordSalt".into(), json!(salt));
        data.passwords.insert(id, password.to_owned());
    }
    for (name, reset) in WRITE_ONLY_RESET {
        next.insert(name.to_owned(), reset);
    }
    next.remove("ConfirmNewPassword");

    let updated_on = time::now_rfc3339();
    next.insert("UpdatedOn".into(), json!(updated_on));
    next.insert("UpdatedBy".into(), json!(caller.email));
    data.users.insert(id, next);
    updated_on
}

/// The 200 answer of a write, as the contract's example of the PUT's.
fn done(text: &str, id: i64, updated_on: &str, caller: &Caller) -> Response {
    Json(json!({
        "Status": 200,
        "Message": text,
        "Value": { "Id": id },
        "OpenInDialog": false,
        "OpenInWindow": false,
        "RedirectURL": null,
        "JavaScript": null,
        "UpdatedOn": updated_on,
        "UpdatedBy": caller.email,
        "Errors": null,
        "WasSuccessful": true,
    }))
    .into_response()
}

/// `PUT /api/sys/users`: Id in the body, whole-record replace.
pub async fn put(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    let mut data = shared.lock();
    let caller = match begin_write(&mut data, &headers, Permission::UserEdit) {
        Ok(c) => c,
        Err(refused) => return refused.into_response(),
    };
    let record = match read_user(&body) {
        Ok(r) => r,
        Err(text) => return bad_request(&text, ""),
    };

    let mut errors = check_record(&record);
    let id = record.id();
    if let Some(id) = id {
        if !data.users.contains_key(&id) {
            return not_found();
        }
        server_rules(&data, id, &record, &mut errors);
    }
    let Some(id) = id.filter(|_| errors.is_empty()) else {
        if errors.is_empty() {
            errors.push(FieldError::new("Id", messages::REQUIRED));
        }
        return validation_failure(&record, &errors);
    };

    let Some(stored) = data.users.get(&id).cloned() else {
        return not_found();
    };
    let updated_on = store(&shared, &mut data, id, &stored, &record, &caller);
    done("User was successfully updated.", id, &updated_on, &caller)
}

// ---------------------------------------------------------------------------------------
// Create

/// Properties a create never takes from the body: the server's secrets. A client that
/// builds a new user from a copy of another must not clone that one's sign-in.
const SECRETS: [&str; 4] = ["Password", "PasswordSalt", "AccessToken", "TwoFactorSecret"];

/// The error on an `Id` sent to create: the platform gives the id, and a body that names
/// one is most likely a copy of another user's record.
pub const ID_ON_CREATE: &str = "must be left out: the server gives a new user its id";

/// A version-4 GUID for a new user's `UniqueId`.
fn new_guid(shared: &Shared) -> String {
    let bits = u128::from_str_radix(&shared.new_token(), 16).unwrap_or_default();
    let bits = (bits & !(0xF << 76)) | (0x4 << 76);
    let bits = (bits & !(0x3 << 62)) | (0x2 << 62);
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        bits >> 96,
        (bits >> 80) & 0xFFFF,
        (bits >> 64) & 0xFFFF,
        (bits >> 48) & 0xFFFF,
        bits & 0xFFFF_FFFF_FFFF
    )
}

/// `POST /api/sys/users` (or `/api/sys/users/`): a new user from a User without `Id`
/// (`0` and null count as none). What the body leaves out, or sends as null, gets
/// [`seed::new_user`]'s value; the rest is checked and stored as a PUT's body is, but
/// for the secrets, which are the server's. `FullName` and `Email` have no default, so
/// they are required. The new id is one more than any id held since the seed.
pub async fn create(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut data = shared.lock();
    let caller = match begin_write(&mut data, &headers, Permission::UserCreate) {
        Ok(c) => c,
        Err(refused) => return refused.into_response(),
    };
    let sent = match read_user(&body) {
        Ok(r) => r,
        Err(text) => return bad_request(&text, ""),
    };

    let id = data.next_user_id;
    let defaults = seed::new_user(
        id,
        &new_guid(&shared),
        &shared.new_token(),
        &time::now_rfc3339(),
    );
    let mut merged = defaults.clone();
    for (name, value) in sent.as_map().iter() {
        let defaulted = value.is_null() && defaults.contains_key(name);
        if name != "Id" && !defaulted && !SECRETS.contains(&name.as_str()) {
            merged.insert(name.clone(), value.clone().into());
        }
    }
    let record = UserRecord::from(contract::json::Map::from(merged));

    let mut errors = check_record(&record);
    let id_sent = sent
        .get("Id")
        .is_some_and(|v| !v.is_null() && v.as_i64() != Some(0));
    if id_sent {
        errors.insert(0, FieldError::new("Id", ID_ON_CREATE));
    }
    server_rules(&data, id, &record, &mut errors);
    if !errors.is_empty() {
        return validation_failure(&sent, &errors);
    }

    let updated_on = store(&shared, &mut data, id, &defaults, &record, &caller);
    // What the platform derives from the record, unless the body set it.
    if let Some(user) = data.users.get_mut(&id) {
        let derived = [
            ("ToStringText", user.get("FullName").cloned()),
            (
                "DefaultBusinessId",
                user.get("Businesses").and_then(|b| b.get(0)).cloned(),
            ),
        ];
        for (name, value) in derived {
            if is_empty_value(sent.get(name)) {
                user.insert(name.to_owned(), value.unwrap_or(Value::Null));
            }
        }
    }
    data.next_user_id = id + 1;
    done("User was successfully created.", id, &updated_on, &caller)
}

// ---------------------------------------------------------------------------------------
// Delete

/// `DELETE /api/sys/users/{id}`: the user is gone for good, its sign-in with it (its
/// tokens fail as any token of an unknown user does); a second DELETE finds nothing.
pub async fn delete(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let mut data = shared.lock();
    let caller = match begin_write(&mut data, &headers, Permission::UserDelete) {
        Ok(c) => c,
        Err(refused) => return refused.into_response(),
    };
    let id = match path_id(&id) {
        Ok(id) => id,
        Err(text) => return message(StatusCode::BAD_REQUEST, &text),
    };
    if data.users.remove(&id).is_none() {
        return not_found();
    }
    data.passwords.remove(&id);
    done(
        "User was successfully deleted.",
        id,
        &time::now_rfc3339(),
        &caller,
    )
}
