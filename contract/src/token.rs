//! `POST /api/token`: the OAuth2 password and refresh grants.

use crate::envelope::{object_of, EnvelopeError, Members};
use crate::json::Value;

/// A 200 answer. Its `Debug` leaves the tokens out.
#[derive(Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TokenResponse {
    /// The bearer token.
    pub access_token: String,
    /// Always `bearer`.
    #[cfg_attr(feature = "serde", serde(default))]
    pub token_type: String,
    /// Seconds until the access token expires; varies, so always read it.
    pub expires_in: u64,
    /// The refresh token; a refresh returns a new one and invalidates the old.
    pub refresh_token: String,
}

impl std::fmt::Debug for TokenResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenResponse")
            .field("token_type", &self.token_type)
            .field("expires_in", &self.expires_in)
            .finish_non_exhaustive()
    }
}

/// A 400 answer's body.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TokenErrorBody {
    /// The error code.
    pub error: String,
    /// A human-readable description.
    #[cfg_attr(feature = "serde", serde(default))]
    pub error_description: Option<String>,
}

/// The documented token error codes.
pub mod codes {
    /// Bad credentials, suspended account, expired or used refresh token.
    pub const INVALID_GRANT: &str = "invalid_grant";
    /// Not form-encoded, or an unknown grant type.
    pub const UNSUPPORTED_GRANT_TYPE: &str = "unsupported_grant_type";
    /// The account needs a TOTP code: ask for it and retry with `totp`.
    pub const TWO_FACTOR_AUTH_CHECK: &str = "two_factor_auth_check";
    /// The account must reset its password before signing in.
    pub const MUST_RESET_PASSWORD: &str = "must_reset_password";
}

/// Why a token call failed. The `Display` text is the message the sign-in form shows.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TokenFailure {
    /// `invalid_grant`: wrong email or password (or a suspended account).
    #[error("The email address or password is incorrect.")]
    InvalidCredentials,
    /// `two_factor_auth_check`: the account needs a code from its authenticator app.
    #[error("Enter the 6-digit code from your authenticator app.")]
    TwoFactorRequired,
    /// `must_reset_password`: the platform wants a new password first.
    #[error("This account must reset its password before it can sign in. Reset it from the platform's own sign-in page, then come back here.")]
    MustResetPassword,
    /// No answer from the server.
    #[error("Could not reach the server. Check your connection and try again.")]
    Network,
    /// The server failed (5xx).
    #[error("The server could not sign you in (HTTP {0}). Try again in a moment.")]
    Server(u16),
    /// Another status or error code: the code (at most 60 characters), or `HTTP {status}`
    /// when the answer had none. Never empty.
    #[error("Signing in failed ({0}). Try again in a moment.")]
    Other(String),
}

/// Reads a failed token call's answer (any status but 2xx). A 5xx is
/// [`TokenFailure::Server`]; otherwise the body's `error` code decides, matched
/// case-insensitively and without surrounding whitespace: the documented [`codes`] have
/// their own variants but `unsupported_grant_type`, which like any other code is
/// [`TokenFailure::Other`] with the code cut to 60 characters; a body without a code
/// (not JSON, not an object, `error` missing, not a string, or blank) is
/// `Other("HTTP {status}")`. Never panics.
pub fn parse_token_error(status: u16, body: &str) -> TokenFailure {
    if status >= 500 {
        return TokenFailure::Server(status);
    }
    let value = Value::parse(body).ok();
    let code = value
        .as_ref()
        .and_then(|v| v.get("error"))
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|c| !c.is_empty());
    let Some(code) = code else {
        return TokenFailure::Other(format!("HTTP {status}"));
    };
    let is = |known: &str| code.eq_ignore_ascii_case(known);
    if is(codes::INVALID_GRANT) {
        TokenFailure::InvalidCredentials
    } else if is(codes::TWO_FACTOR_AUTH_CHECK) {
        TokenFailure::TwoFactorRequired
    } else if is(codes::MUST_RESET_PASSWORD) {
        TokenFailure::MustResetPassword
    } else {
        TokenFailure::Other(code.chars().take(60).collect())
    }
}

/// Reads a token call's 200 body; a malformed one is an error, never a panic.
pub fn parse_token_response(body: &str) -> Result<TokenResponse, EnvelopeError> {
    let map = object_of(body)?;
    let m = Members(&map);
    Ok(TokenResponse {
        access_token: m.text("access_token")?,
        token_type: m.optional_text("token_type")?.unwrap_or_default(),
        expires_in: m.count("expires_in")?,
        refresh_token: m.text("refresh_token")?,
    })
}
