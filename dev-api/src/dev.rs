//! The `/__dev/…` test-control endpoints (only with `--dev-endpoints`), and the
//! fault-injection middleware in front of every `/api` request.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use http_body::Frame;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use crate::limit;
use crate::list::{IdFilter, SortDirReading};
use crate::seed;
use crate::state::{Fault, LoggedRequest, Settings, Shared, State as Data, REQUEST_LOG_LEN};
use crate::time;
use crate::users::{message, not_found};

/// `POST /__dev/reset`: seed data, settings, faults, counters and throttles restored;
/// issued tokens stay valid.
pub async fn reset(State(shared): State<Arc<Shared>>) -> Response {
    let settings = Shared::initial_settings(&shared.config);
    shared.lock().reset(settings);
    Json(json!({"reset": true})).into_response()
}

/// `POST /__dev/faults`: queue a fault.
pub async fn add_fault(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let fault: Fault = match serde_json::from_slice(&body) {
        Ok(f) => f,
        Err(e) => return message(StatusCode::BAD_REQUEST, &format!("Bad fault: {e}.")),
    };
    if let Some(status) = fault.status {
        if StatusCode::from_u16(status).is_err() || status < 200 {
            return message(
                StatusCode::BAD_REQUEST,
                &format!("Bad fault: status {status} is not a final HTTP status."),
            );
        }
    }
    if let Some(method) = &fault.method {
        if Method::from_bytes(method.as_bytes()).is_err() {
            return message(
                StatusCode::BAD_REQUEST,
                "Bad fault: method is not an HTTP method.",
            );
        }
    }
    if let Some(value) = &fault.retry_after {
        if retry_after_text(value).is_none() {
            return message(
                StatusCode::BAD_REQUEST,
                "Bad fault: retry_after must be a string or a number.",
            );
        }
    }
    if fault.count == 0 {
        return message(
            StatusCode::BAD_REQUEST,
            "Bad fault: count must be 1 or more.",
        );
    }
    if fault.applied && !fault.drop && fault.status.is_none() {
        return message(
            StatusCode::BAD_REQUEST,
            "Bad fault: applied needs drop or status (the answer to lose or replace).",
        );
    }
    let mut data = shared.lock();
    data.faults.push(fault);
    Json(json!({"faults": data.faults})).into_response()
}

/// `GET /__dev/faults`: the queued faults.
pub async fn list_faults(State(shared): State<Arc<Shared>>) -> Response {
    Json(json!({"faults": shared.lock().faults})).into_response()
}

/// `DELETE /__dev/faults`: clear all.
pub async fn clear_faults(State(shared): State<Arc<Shared>>) -> Response {
    shared.lock().faults.clear();
    Json(json!({"faults": []})).into_response()
}

/// `GET /__dev/stats`.
pub async fn stats(State(shared): State<Arc<Shared>>) -> Response {
    let data = shared.lock();
    let now = Instant::now();
    let grants = |m: &std::collections::BTreeMap<String, u64>| {
        json!({
            "password": m.get("password").copied().unwrap_or(0),
            "refresh_token": m.get("refresh_token").copied().unwrap_or(0),
            "other": m.get("other").copied().unwrap_or(0),
        })
    };
    Json(json!({
        "token_requests": grants(&data.stats.token_requests),
        "tokens_issued": grants(&data.stats.tokens_issued),
        "access_tokens": data.access.len(),
        "refresh_tokens": data.refresh.len(),
        "writes_last_minute": limit::in_use(&data.writes, now),
        "calls_last_minute": limit::in_use(&data.calls, now),
        "reads_last_minute": limit::in_use(&data.reads, now),
        "settings": data.settings,
        "requests": data.stats.requests,
    }))
    .into_response()
}

/// `POST /__dev/expire-tokens`: every access token stops working; refresh tokens stay.
pub async fn expire_tokens(State(shared): State<Arc<Shared>>) -> Response {
    let mut data = shared.lock();
    let n = data.access.len();
    data.access.clear();
    Json(json!({"expired_access_tokens": n})).into_response()
}

/// `POST /__dev/revoke-refresh`: every access AND refresh token stops working.
pub async fn revoke_refresh(State(shared): State<Arc<Shared>>) -> Response {
    let mut data = shared.lock();
    let (a, r) = (data.access.len(), data.refresh.len());
    data.access.clear();
    data.refresh.clear();
    Json(json!({"expired_access_tokens": a, "revoked_refresh_tokens": r})).into_response()
}

/// `GET|POST /__dev/config`: read or change the run-time settings (each optional, see
/// [`apply_setting`]) until the next reset. A patch with one bad setting changes nothing.
pub async fn config(State(shared): State<Arc<Shared>>, method: Method, body: Bytes) -> Response {
    let mut data = shared.lock();
    if method == Method::POST {
        let Ok(Value::Object(patch)) = serde_json::from_slice::<Value>(&body) else {
            return message(StatusCode::BAD_REQUEST, "Send a JSON object.");
        };
        let mut next: Settings = data.settings.clone();
        for (key, value) in &patch {
            if let Err(text) = apply_setting(&mut next, key, value) {
                return message(StatusCode::BAD_REQUEST, &text);
            }
        }
        data.settings = next;
    }
    Json(json!(data.settings)).into_response()
}

/// Changes one setting from its JSON value; the error is the 400's message.
fn apply_setting(settings: &mut Settings, key: &str, value: &Value) -> Result<(), String> {
    let bad = |expected: &str| format!("Bad setting {key}: {value} (expected {expected}).");
    let limit = || {
        value
            .as_u64()
            .map(|n| u32::try_from(n).unwrap_or(u32::MAX))
            .ok_or_else(|| bad("a whole number, 0 for no limit"))
    };
    match key {
        "token_ttl" => {
            settings.token_ttl = value
                .as_u64()
                .filter(|n| *n >= 1)
                .ok_or_else(|| bad("a whole number of seconds, 1 or more"))?
        }
        "write_limit" => settings.write_limit = limit()?,
        "call_limit" => settings.call_limit = limit()?,
        "read_limit" => settings.read_limit = limit()?,
        "forbidden_status" => {
            settings.forbidden_status = match value.as_u64() {
                Some(401) => 401,
                Some(403) => 403,
                _ => return Err(bad("401 or 403")),
            }
        }
        "sort_dir_reading" => {
            settings.sort_dir_reading = value
                .as_str()
                .and_then(SortDirReading::parse)
                .ok_or_else(|| bad(r#""standard" or "inverted""#))?
        }
        "id_filter" => {
            settings.id_filter = value
                .as_str()
                .and_then(IdFilter::parse)
                .ok_or_else(|| bad(r#""on", "refuse" or "ignore""#))?
        }
        "cache_control" => {
            settings.cache_control = cache_control_setting(value)
                .ok_or_else(|| bad(r#"a header value such as "private, max-age=600", or null"#))?
        }
        "ignored_filters" => {
            settings.ignored_filters = ignored_filters_setting(value).ok_or_else(|| {
                bad(r#"a list of query parameter names such as ["User_TwoFactorEnabled"]"#)
            })?
        }
        "user_count" => return Err("user_count is fixed at start-up (--users).".to_owned()),
        _ => return Err(format!("Unknown setting {key}.")),
    }
    Ok(())
}

/// The `cache_control` setting from JSON: `Some(None)` for null, `Some(Some(text))` for a
/// text that can be sent as a header value, `None` for anything else (a blank text too:
/// null is how to send none).
fn cache_control_setting(value: &Value) -> Option<Option<String>> {
    match value {
        Value::Null => Some(None),
        Value::String(text) if !text.trim().is_empty() && HeaderValue::from_str(text).is_ok() => {
            Some(Some(text.trim().to_owned()))
        }
        _ => None,
    }
}

/// The `ignored_filters` setting from JSON: a list of parameter names, each a text that is
/// not blank (trimmed); `[]` or null for none; `None` for anything else.
fn ignored_filters_setting(value: &Value) -> Option<Vec<String>> {
    match value {
        Value::Null => Some(Vec::new()),
        Value::Array(items) => items
            .iter()
            .map(|item| {
                item.as_str()
                    .map(str::trim)
                    .filter(|name| !name.is_empty())
                    .map(str::to_owned)
            })
            .collect(),
        _ => None,
    }
}

/// Who changes a record through `/__dev/users/{id}/change`.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum Actor {
    /// Another administrator: stamps `UpdatedOn` and `UpdatedBy`.
    #[default]
    Admin,
    /// The member themself (e.g. in the members' portal): stamps them with their email.
    Member,
    /// The platform's own bookkeeping (`LastAccess`…): stamps nothing.
    Platform,
}

/// The body of `POST /__dev/users/{id}/change`; every part optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Change {
    /// Properties to set, as they are to be stored.
    #[serde(default)]
    set: Map<String, Value>,
    /// Properties to take out of the record.
    #[serde(default)]
    remove: Vec<String>,
    /// Who makes the change.
    #[serde(default, rename = "as")]
    actor: Actor,
    /// `UpdatedBy` for an admin's or member's change.
    #[serde(default)]
    by: Option<String>,
    /// A new sign-in password.
    #[serde(default)]
    password: Option<String>,
}

/// Whom an admin's change names in `UpdatedBy` unless `by` says otherwise.
pub const OTHER_ADMIN: &str = "other.admin@example.com";

/// `POST /__dev/users/{id}/change`: changes the stored user as someone other than the
/// app would, behind an open page; answers the new record. `set` and `remove` are stored
/// as given, unvalidated (the platform may hold what the contract does not expect), but
/// `Id` stays; `password` must meet the policy, as an admin's `NewPassword` must.
pub async fn change_user(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let change: Change = if body.is_empty() {
        Change::default()
    } else {
        // Through `Value`: serde would also take a struct from an array.
        match serde_json::from_slice(&body).and_then(|v: Value| match v {
            Value::Object(_) => serde_json::from_value(v),
            _ => Err(serde::de::Error::custom("send a JSON object")),
        }) {
            Ok(c) => c,
            Err(e) => return message(StatusCode::BAD_REQUEST, &format!("Bad change: {e}.")),
        }
    };
    if change.set.contains_key("Id") || change.remove.iter().any(|p| p == "Id") {
        return message(StatusCode::BAD_REQUEST, "Bad change: Id cannot be changed.");
    }
    if change.by.is_some() && change.actor == Actor::Platform {
        return message(
            StatusCode::BAD_REQUEST,
            "Bad change: by names an admin or a member, not the platform.",
        );
    }
    if let Some(password) = &change.password {
        let problems = contract::validate::password_problems(password);
        if !problems.is_empty() {
            return message(
                StatusCode::BAD_REQUEST,
                &format!("Bad change: password {}.", problems.join(", ")),
            );
        }
    }
    let Ok(id) = id.trim().parse::<i64>() else {
        return not_found();
    };
    let mut data = shared.lock();
    let Some(user) = data.users.get_mut(&id) else {
        return not_found();
    };
    for (name, value) in change.set {
        user.insert(name, value);
    }
    for name in &change.remove {
        user.remove(name);
    }
    if let Some(password) = &change.password {
        let salt = shared.new_token();
        user.insert("Password".into(), json!(seed::fake_hash(password, &salt)));
        user.insert("PasswordSalt".into(), json!(salt));
    }
    let by = match change.actor {
        Actor::Platform => None,
        Actor::Admin => Some(change.by.unwrap_or_else(|| OTHER_ADMIN.to_owned())),
        Actor::Member => Some(change.by.unwrap_or_else(|| {
            user.get("Email")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        })),
    };
    if let Some(by) = by {
        user.insert("UpdatedOn".into(), json!(time::now_rfc3339()));
        user.insert("UpdatedBy".into(), json!(by));
    }
    let record = Value::Object(user.clone());
    if let Some(password) = change.password {
        data.passwords.insert(id, password);
    }
    Json(record).into_response()
}

/// A body whose first read fails: hyper then closes the connection without a valid answer.
struct Dropped;

impl http_body::Body for Dropped {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        Poll::Ready(Some(Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionAborted,
            "fault injection: connection dropped",
        ))))
    }
}

fn retry_after_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Null => None,
        _ => None,
    }
}

fn fault_response(fault: &Fault, status: u16) -> Response {
    let body = fault.body.clone().unwrap_or_default();
    let mut response = Response::new(Body::from(body.clone()));
    *response.status_mut() =
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    if !body.is_empty() {
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
    }
    if let Some(text) = fault.retry_after.as_ref().and_then(retry_after_text) {
        if let Ok(v) = HeaderValue::from_str(&text) {
            response.headers_mut().insert(header::RETRY_AFTER, v);
        }
    }
    response
}

/// The next queued fault for this request, used up by one.
fn next_fault(data: &mut Data, method: &str, path: &str) -> Option<Fault> {
    let index = data.faults.iter().position(|f| {
        f.method
            .as_deref()
            .is_none_or(|m| m.eq_ignore_ascii_case(method))
            && f.path.as_deref().is_none_or(|p| path.starts_with(p))
    })?;
    let fault = data.faults[index].clone();
    if data.faults[index].count <= 1 {
        data.faults.remove(index);
    } else {
        data.faults[index].count -= 1;
    }
    Some(fault)
}

/// Lets a request in under the call limit and, for a read, the read limit, with the fault
/// it is to get if any; or answers how many seconds until the limit lets one in. The
/// platform's limiters are at its front door: a request they refuse gets no further (it
/// uses up no fault), and every request they let in counts, whatever answers it then (a
/// queued fault included). The call limit comes first: a read it refuses takes no read
/// slot; a read the read limit refuses has taken its call slot (as a write the write
/// limit refuses has).
fn admit(data: &mut Data, method: &str, path: &str) -> Result<Option<Fault>, u64> {
    let now = Instant::now();
    let call_limit = data.settings.call_limit;
    limit::take(&mut data.calls, call_limit, now)?;
    if limit::is_read(method) {
        let read_limit = data.settings.read_limit;
        limit::take(&mut data.reads, read_limit, now)?;
    }
    Ok(next_fault(data, method, path))
}

/// The `cache_control` setting on a read's success: the app must read around the
/// browser's HTTP cache, which such a header would otherwise let answer in the server's
/// stead. HEAD too, as it answers a GET's headers. `status` is the one answered (0 for a
/// dropped connection, which gets nothing).
fn add_cache_control(response: &mut Response, method: &str, status: u16, value: Option<&str>) {
    let read = method == "GET" || method == "HEAD";
    if !read || !(200..300).contains(&status) {
        return;
    }
    if let Some(value) = value.and_then(|v| HeaderValue::from_str(v).ok()) {
        response.headers_mut().insert(header::CACHE_CONTROL, value);
    }
}

/// Adds a line to the request log, forgetting the oldest past [`REQUEST_LOG_LEN`].
fn log_request(data: &mut Data, entry: LoggedRequest) {
    let log = &mut data.stats.requests;
    if log.len() >= REQUEST_LOG_LEN {
        log.pop_front();
    }
    log.push_back(entry);
}

/// In front of every request: `/api` requests count against the call limit (reads against
/// the read limit too), may get a queued fault, get the `cache_control` setting, and are logged.
pub async fn api_middleware(
    State(shared): State<Arc<Shared>>,
    req: Request,
    next: Next,
) -> Response {
    let path = req.uri().path().to_owned();
    if !(path == "/api" || path.starts_with("/api/")) {
        return next.run(req).await;
    }
    let method = req.method().as_str().to_owned();
    let query = req.uri().query().map(str::to_owned);

    let admitted = admit(&mut shared.lock(), &method, &path);
    let fault = match admitted {
        Ok(fault) => fault,
        Err(wait) => {
            let entry = LoggedRequest {
                method,
                path,
                query,
                status: StatusCode::CONFLICT.as_u16(),
                fault: None,
            };
            log_request(&mut shared.lock(), entry);
            return limit::throttled(wait);
        }
    };

    let mut kind = None;
    if let Some(fault) = &fault {
        if fault.delay_ms > 0 {
            kind = Some("delay");
            tokio::time::sleep(Duration::from_millis(fault.delay_ms)).await;
        }
    }
    let (mut response, status) = match fault.as_ref().filter(|f| f.drop || f.status.is_some()) {
        Some(f) => {
            if f.applied {
                drop(next.run(req).await);
            }
            if f.drop {
                kind = Some("drop");
                (Response::new(Body::new(Dropped)), 0)
            } else {
                kind = Some("status");
                let status = f.status.unwrap_or(500);
                (fault_response(f, status), status)
            }
        }
        None => {
            let r = next.run(req).await;
            let status = r.status().as_u16();
            (r, status)
        }
    };

    let mut data = shared.lock();
    let cache_control = data.settings.cache_control.as_deref();
    add_cache_control(&mut response, &method, status, cache_control);
    log_request(
        &mut data,
        LoggedRequest {
            method,
            path,
            query,
            status,
            fault: kind,
        },
    );
    response
}
