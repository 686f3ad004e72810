//! `POST /api/token`: the password and refresh grants, form-encoded as the contract
//! demands.

use gloo_net::http::{Method, RequestBuilder};

use contract::token::{parse_token_error, parse_token_response, TokenResponse};

use crate::config::Config;
use crate::http::send_timed;

/// The `localStorage` key of this browser install's `client_id`.
pub const CLIENT_ID_KEY: &str = "user-admin.client-id";

/// This browser install's stable `client_id` (the contract scopes refresh tokens by
/// it), made once and kept in `localStorage`.
pub fn client_id() -> String {
    let store = leptos::prelude::window().local_storage().ok().flatten();
    if let Some(id) = store
        .as_ref()
        .and_then(|s| s.get_item(CLIENT_ID_KEY).ok().flatten())
        .filter(|id| !id.is_empty() && id.len() <= 64 && id.chars().all(|c| c.is_ascii_graphic()))
    {
        return id;
    }
    let id = leptos::prelude::window()
        .crypto()
        .map(|c| c.random_uuid())
        .unwrap_or_else(|_| format!("ua-{}", (js_sys::Math::random() * 1e16) as u64));
    if let Some(store) = store {
        let _ = store.set_item(CLIENT_ID_KEY, &id);
    }
    id
}

/// Why a token request failed: the contract's reading of the answer. The `Display` text
/// is the message shown on the sign-in form.
pub use contract::token::TokenFailure as SignInError;

/// Form-encodes `pairs` the way the browser would (`application/x-www-form-urlencoded`).
fn form_body(pairs: &[(&str, &str)]) -> String {
    let params = web_sys::UrlSearchParams::new().ok();
    match params {
        Some(params) => {
            for (k, v) in pairs {
                params.append(k, v);
            }
            String::from(params.to_string())
        }
        None => String::new(),
    }
}

async fn request_token(
    config: &Config,
    pairs: &[(&str, &str)],
) -> Result<TokenResponse, SignInError> {
    let builder = RequestBuilder::new(&format!("{}/token", config.api_base))
        .method(Method::POST)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("client_id", &client_id());
    let reply = send_timed(builder, Some(form_body(pairs)), config.request_timeout_ms)
        .await
        .map_err(|_| SignInError::Network)?;
    interpret(reply.status, &reply.body)
}

/// Reads a token answer: a 200 with the documented body, or a documented error.
pub fn interpret(status: u16, body: &str) -> Result<TokenResponse, SignInError> {
    if (200..300).contains(&status) {
        return parse_token_response(body)
            .ok()
            .filter(|t| !t.access_token.is_empty())
            .ok_or_else(|| SignInError::Other("unreadable answer".into()));
    }
    Err(parse_token_error(status, body))
}

/// The password grant, with the TOTP code when the account asked for one.
pub async fn password_grant(
    config: &Config,
    email: &str,
    password: &str,
    totp: Option<&str>,
) -> Result<TokenResponse, SignInError> {
    let mut pairs = vec![
        ("grant_type", "password"),
        ("username", email),
        ("password", password),
    ];
    if let Some(code) = totp {
        pairs.push(("totp", code));
    }
    request_token(config, &pairs).await
}

/// The refresh grant; the answer carries a new refresh token, the old one is spent.
pub async fn refresh_grant(
    config: &Config,
    refresh_token: &str,
) -> Result<TokenResponse, SignInError> {
    request_token(
        config,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token),
        ],
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_documented_success() {
        let t = interpret(
            200,
            r#"{"access_token":"a","token_type":"bearer","expires_in":86400,"refresh_token":"r"}"#,
        );
        assert_eq!(t.map(|t| t.expires_in), Ok(86400));
    }

    #[test]
    fn reads_each_documented_error() {
        let body = |code: &str| format!(r#"{{"error":"{code}","error_description":"x"}}"#);
        assert_eq!(
            interpret(400, &body("invalid_grant")),
            Err(SignInError::InvalidCredentials)
        );
        assert_eq!(
            interpret(400, &body("two_factor_auth_check")),
            Err(SignInError::TwoFactorRequired)
        );
        assert_eq!(
            interpret(400, &body("must_reset_password")),
            Err(SignInError::MustResetPassword)
        );
        // The contract matches codes in any letter case.
        assert_eq!(
            interpret(400, &body("Invalid_Grant")),
            Err(SignInError::InvalidCredentials)
        );
        assert_eq!(
            interpret(400, &body("unsupported_grant_type")),
            Err(SignInError::Other("unsupported_grant_type".into()))
        );
        assert_eq!(
            interpret(400, "null"),
            Err(SignInError::Other("HTTP 400".into()))
        );
        assert_eq!(interpret(503, "<html>"), Err(SignInError::Server(503)));
    }

    #[test]
    fn malformed_answers_are_errors_not_panics() {
        for (status, body) in [
            (200, ""),
            (200, "{}"),
            (200, "[]"),
            (500, "<html>"),
            (400, "null"),
            (
                200,
                r#"{"access_token":"","expires_in":1,"refresh_token":"r"}"#,
            ),
        ] {
            assert!(interpret(status, body).is_err(), "{status} {body}");
        }
    }
}
