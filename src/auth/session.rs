//! The signed-in session and where it is kept, as plain data so it is tested natively.

use contract::json::{Map, Value};
use contract::token::TokenResponse;

/// The storage key of the session, in `sessionStorage` or (kept signed in) `localStorage`.
pub const SESSION_KEY: &str = "user-admin.session";
/// The storage key of this browser install's `client_id`.
pub const CLIENT_ID_KEY: &str = "user-admin.client-id";

/// What a signed-in tab holds.
#[derive(Clone, PartialEq)]
pub struct Session {
    /// The bearer token.
    pub access_token: String,
    /// The single-use refresh token.
    pub refresh_token: String,
    /// When the access token expires, ms since the epoch.
    pub expires_at_ms: f64,
    /// How long the access token was granted for, ms.
    pub lifetime_ms: f64,
    /// Who signed in, to show in the header.
    pub email: String,
    /// Kept in `localStorage` ("keep me signed in") rather than `sessionStorage`.
    pub persistent: bool,
}

// Tokens must never reach a log line, even through `{:?}`.
impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("email", &self.email)
            .field("expires_at_ms", &self.expires_at_ms)
            .field("persistent", &self.persistent)
            .finish_non_exhaustive()
    }
}

/// Refresh this long before expiry at most: a request sent just before the deadline
/// would otherwise arrive just after it.
const MAX_REFRESH_MARGIN_MS: f64 = 60_000.0;

impl Session {
    /// A session from a token answer received at `now_ms`.
    pub fn from_token(token: &TokenResponse, email: &str, persistent: bool, now_ms: f64) -> Self {
        let lifetime_ms = token.expires_in as f64 * 1000.0;
        Self {
            access_token: token.access_token.clone(),
            refresh_token: token.refresh_token.clone(),
            expires_at_ms: now_ms + lifetime_ms,
            lifetime_ms,
            email: email.to_owned(),
            persistent,
        }
    }

    /// The same session after a refresh: new tokens, same person and storage.
    pub fn refreshed(&self, token: &TokenResponse, now_ms: f64) -> Self {
        Self::from_token(token, &self.email, self.persistent, now_ms)
    }

    /// Whether the access token should be refreshed before it is used at `now_ms`.
    pub fn needs_refresh(&self, now_ms: f64) -> bool {
        let margin = (self.lifetime_ms / 5.0).min(MAX_REFRESH_MARGIN_MS);
        now_ms >= self.expires_at_ms - margin
    }

    /// Reads stored text defensively: anything corrupt, foreign or half-written is
    /// "no session", never an error the user has to deal with.
    pub fn parse_stored(text: &str) -> Option<Self> {
        let stored = Value::parse(text).ok()?;
        let text = |key: &str| stored.get(key)?.as_str().map(str::to_owned);
        // Whole milliseconds; earlier versions wrote them with a fraction (`…000.0`).
        let millis = |key: &str| match stored.get(key)? {
            Value::Number(n) => n.to_string().split('.').next()?.parse::<i64>().ok(),
            _ => None,
        };
        let session = Session {
            access_token: text("access_token")?,
            refresh_token: text("refresh_token")?,
            expires_at_ms: millis("expires_at_ms")? as f64,
            lifetime_ms: millis("lifetime_ms")? as f64,
            email: text("email")?,
            persistent: stored.get("persistent")?.as_bool()?,
        };
        let sane = !session.access_token.trim().is_empty()
            && !session.refresh_token.trim().is_empty()
            && session.lifetime_ms >= 0.0;
        sane.then_some(session)
    }

    /// The text kept in storage.
    pub fn to_stored(&self) -> String {
        let millis = |ms: f64| Value::from(ms as i64);
        let stored: Map = [
            ("access_token", Value::from(self.access_token.as_str())),
            ("refresh_token", Value::from(self.refresh_token.as_str())),
            ("expires_at_ms", millis(self.expires_at_ms)),
            ("lifetime_ms", millis(self.lifetime_ms)),
            ("email", Value::from(self.email.as_str())),
            ("persistent", Value::Bool(self.persistent)),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        Value::Object(stored).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(expires_in: u64) -> TokenResponse {
        TokenResponse {
            access_token: "SECRET-ACCESS".into(),
            refresh_token: "SECRET-REFRESH".into(),
            token_type: "bearer".into(),
            expires_in,
        }
    }

    #[test]
    fn round_trips_through_storage_text() {
        let s = Session::from_token(&token(3600), "a@b.c", true, 1000.0);
        assert_eq!(Session::parse_stored(&s.to_stored()), Some(s));
    }

    #[test]
    fn a_session_stored_with_fractional_milliseconds_is_still_read() {
        let text = r#"{"access_token":"a","refresh_token":"r","expires_at_ms":1764428400000.0,"lifetime_ms":3600000.0,"email":"a@b.c","persistent":true}"#;
        let s = Session::parse_stored(text);
        assert_eq!(
            s.as_ref().map(|s| s.expires_at_ms),
            Some(1_764_428_400_000.0)
        );
        assert_eq!(s.map(|s| s.lifetime_ms), Some(3_600_000.0));
    }

    #[test]
    fn corrupt_or_foreign_storage_is_no_session() {
        for text in [
            "",
            "null",
            "{}",
            "[1,2]",
            "{\"access_token\":\"\",\"refresh_token\":\"x\",\"expires_at_ms\":1,\"lifetime_ms\":1,\"email\":\"\",\"persistent\":false}",
            "{\"access_token\":\"a\",\"refresh_token\":\"x\",\"expires_at_ms\":\"soon\",\"lifetime_ms\":1,\"email\":\"\",\"persistent\":false}",
            "\u{0}garbage",
        ] {
            assert_eq!(Session::parse_stored(text), None, "{text:?}");
        }
    }

    #[test]
    fn refreshes_a_fifth_of_the_lifetime_early_for_short_tokens() {
        let s = Session::from_token(&token(10), "a@b.c", false, 0.0);
        assert!(!s.needs_refresh(7_999.0));
        assert!(s.needs_refresh(8_000.0));
    }

    #[test]
    fn refreshes_a_minute_early_for_long_tokens() {
        let s = Session::from_token(&token(604_799), "a@b.c", false, 0.0);
        assert!(!s.needs_refresh(604_799_000.0 - 60_001.0));
        assert!(s.needs_refresh(604_799_000.0 - 60_000.0));
    }

    #[test]
    fn debug_output_has_no_token() {
        let s = Session::from_token(&token(10), "a@b.c", false, 0.0);
        let shown = format!("{s:?}");
        assert!(!shown.contains("SECRET"), "{shown}");
    }
}
