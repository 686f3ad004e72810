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

/// What a failed token call means for the sign-in flow.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TokenFailure {
    /// `invalid_grant`: bad credentials, suspended account, or an expired or used refresh
    /// token. Holds the server's description, or a generic one.
    #[error("{0}")]
    InvalidGrant(String),
    /// `two_factor_auth_check`: ask for the TOTP code and retry with `totp`.
    #[error("This account uses two-factor authentication: enter the code from your app.")]
    TwoFactorRequired,
    /// `must_reset_password`: the account must reset its password first.
    #[error("This account must reset its password before signing in.")]
    MustResetPassword,
    /// `unsupported_grant_type`: the request itself is wrong (a bug, not the user's).
    #[error("The sign-in request was not accepted (unsupported grant type).")]
    UnsupportedGrantType,
    /// Any other code, or a body that is not the documented error shape (then `error`
    /// is empty).
    #[error("Sign-in failed{}", description.as_deref().map(|d| format!(": {d}")).unwrap_or_default())]
    Other {
        /// The error code, empty when the body had none.
        error: String,
        /// The description, when there was one.
        description: Option<String>,
    },
}

/// The message of an `invalid_grant` that came without a description.
pub const INVALID_GRANT_MESSAGE: &str =
    "The email address or password is wrong, or the session has expired.";

/// Reads a token call's error body (400). Codes match case-insensitively; a missing
/// description or a malformed body never panics (malformed → [`TokenFailure::Other`]).
pub fn parse_token_error(body: &str) -> TokenFailure {
    let value = Value::parse(body).ok();
    let text = |key: &str| {
        value
            .as_ref()
            .and_then(|v| v.get(key))
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let error = text("error").unwrap_or_default();
    let description = text("error_description");
    let is = |code: &str| error.eq_ignore_ascii_case(code);
    if is(codes::INVALID_GRANT) {
        TokenFailure::InvalidGrant(description.unwrap_or_else(|| INVALID_GRANT_MESSAGE.to_owned()))
    } else if is(codes::TWO_FACTOR_AUTH_CHECK) {
        TokenFailure::TwoFactorRequired
    } else if is(codes::MUST_RESET_PASSWORD) {
        TokenFailure::MustResetPassword
    } else if is(codes::UNSUPPORTED_GRANT_TYPE) {
        TokenFailure::UnsupportedGrantType
    } else {
        TokenFailure::Other { error, description }
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
