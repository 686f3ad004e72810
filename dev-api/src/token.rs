//! `POST /api/token`: the password and refresh grants, form-encoded only.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use contract::token::{codes, TokenErrorBody, TokenResponse};
use serde_json::Value;

use crate::seed::DEMO_TOTP;
use crate::state::{AccessToken, RefreshToken, Shared, State as Data, REFRESH_TTL};

fn token_error(code: &str, description: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        [(header::CACHE_CONTROL, "no-store")],
        Json(TokenErrorBody {
            error: code.to_owned(),
            error_description: Some(description.to_owned()),
        }),
    )
        .into_response()
}

fn is_form(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|essence| {
            essence
                .trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
}

/// The `client_id` header, if sent and non-empty.
fn client_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get("client_id")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn issue(shared: &Shared, data: &mut Data, user_id: i64, client_id: Option<String>) -> Response {
    let now = Instant::now();
    let ttl = data.settings.token_ttl;
    // Forget what has expired so the maps stay small.
    data.access.retain(|_, t| t.expires > now);
    data.refresh.retain(|_, t| t.expires > now);
    let access_token = shared.new_token();
    let refresh_token = shared.new_token();
    data.access.insert(
        access_token.clone(),
        AccessToken {
            user_id,
            expires: now + Duration::from_secs(ttl),
        },
    );
    data.refresh.insert(
        refresh_token.clone(),
        RefreshToken {
            user_id,
            client_id,
            expires: now + REFRESH_TTL,
        },
    );
    (
        StatusCode::OK,
        [
            (header::CACHE_CONTROL, "no-store"),
            (header::PRAGMA, "no-cache"),
        ],
        Json(TokenResponse {
            access_token,
            token_type: "bearer".to_owned(),
            expires_in: ttl,
            refresh_token,
        }),
    )
        .into_response()
}

fn count(map: &mut std::collections::BTreeMap<String, u64>, grant: &str) {
    *map.entry(grant.to_owned()).or_insert(0) += 1;
}

/// `POST /api/token`.
pub async fn token(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    let form: Option<Vec<(String, String)>> = if is_form(&headers) {
        serde_urlencoded::from_bytes(&body).ok()
    } else {
        None
    };
    let param = |name: &str| -> Option<&str> {
        form.as_ref()?
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let grant = param("grant_type").unwrap_or("other");

    let mut data = shared.lock();
    count(&mut data.stats.token_requests, grant);

    let Some(_) = form else {
        return token_error(
            codes::UNSUPPORTED_GRANT_TYPE,
            "The token request must be sent as application/x-www-form-urlencoded.",
        );
    };
    let response = match grant {
        "password" => password_grant(
            &shared,
            &mut data,
            param("username").unwrap_or_default(),
            param("password").unwrap_or_default(),
            param("totp").unwrap_or_default(),
            client_id(&headers),
        ),
        "refresh_token" => refresh_grant(
            &shared,
            &mut data,
            param("refresh_token").unwrap_or_default(),
            client_id(&headers),
        ),
        _ => token_error(
            codes::UNSUPPORTED_GRANT_TYPE,
            "grant_type must be password or refresh_token.",
        ),
    };
    if response.status() == StatusCode::OK {
        count(&mut data.stats.tokens_issued, grant);
    }
    response
}

fn password_grant(
    shared: &Shared,
    data: &mut Data,
    username: &str,
    password: &str,
    totp: &str,
    client_id: Option<String>,
) -> Response {
    const BAD: &str = "The user name or password is incorrect.";
    let Some(user_id) = data.user_by_email(username) else {
        return token_error(codes::INVALID_GRANT, BAD);
    };
    if password.is_empty() || data.passwords.get(&user_id).map(String::as_str) != Some(password) {
        return token_error(codes::INVALID_GRANT, BAD);
    }
    let Some(user) = data.users.get(&user_id) else {
        return token_error(codes::INVALID_GRANT, BAD);
    };
    let flag = |name: &str| user.get(name).and_then(Value::as_bool).unwrap_or(false);
    if !flag("Active") {
        return token_error(codes::INVALID_GRANT, "The user account is suspended.");
    }
    if flag("TwoFactorEnabled") && totp.trim() != DEMO_TOTP {
        let why = if totp.trim().is_empty() {
            "A two-factor authentication code is required."
        } else {
            "The two-factor authentication code is not valid."
        };
        return token_error(codes::TWO_FACTOR_AUTH_CHECK, why);
    }
    if flag("MustResetPassword") {
        return token_error(
            codes::MUST_RESET_PASSWORD,
            "The password must be reset before signing in.",
        );
    }
    issue(shared, data, user_id, client_id)
}

fn refresh_grant(
    shared: &Shared,
    data: &mut Data,
    refresh_token: &str,
    client_id: Option<String>,
) -> Response {
    let now = Instant::now();
    let Some(stored) = data.refresh.get(refresh_token).cloned() else {
        return token_error(
            codes::INVALID_GRANT,
            "The refresh token is invalid, expired or already used.",
        );
    };
    if stored.expires <= now {
        data.refresh.remove(refresh_token);
        return token_error(codes::INVALID_GRANT, "The refresh token has expired.");
    }
    if stored.client_id != client_id {
        return token_error(
            codes::INVALID_GRANT,
            "The refresh token was issued to another client_id.",
        );
    }
    let active = data
        .users
        .get(&stored.user_id)
        .and_then(|u| u.get("Active"))
        .and_then(Value::as_bool)
        .unwrap_or(false);
    // Used once, whatever happens next.
    data.refresh.remove(refresh_token);
    if !active {
        return token_error(codes::INVALID_GRANT, "The user account is suspended.");
    }
    issue(shared, data, stored.user_id, client_id)
}
