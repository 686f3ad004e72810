//! `POST /api/token`: the OAuth2 password and refresh grants.

use serde::{Deserialize, Serialize};

/// A 200 answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TokenResponse {
    /// The bearer token.
    pub access_token: String,
    /// Always `bearer`.
    #[serde(default)]
    pub token_type: String,
    /// Seconds until the access token expires; varies, so always read it.
    pub expires_in: u64,
    /// The refresh token; a refresh returns a new one and invalidates the old.
    pub refresh_token: String,
}

/// A 400 answer's body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TokenErrorBody {
    /// The error code.
    pub error: String,
    /// A human-readable description.
    #[serde(default)]
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
