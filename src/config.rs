//! The runtime configuration, read from `config.json` beside `index.html`, so one build
//! serves any tenant behind any proxy.

use contract::envelope::{object_of, EnvelopeError, Members};

/// What the app needs to know about where it runs.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// The API's base URL, without a trailing slash (default `/api`, same origin).
    pub api_base: String,
    /// How long one request may take before the app gives up on it, in ms.
    pub request_timeout_ms: u32,
    /// The IANA zone whose wall-clock times the platform writes with a `Z`
    /// (`serverTimeZone`; `None`: its times are UTC, as the examples read).
    pub server_time_zone: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            api_base: "/api".to_owned(),
            request_timeout_ms: 30_000,
            server_time_zone: None,
        }
    }
}

impl Config {
    /// Parses the file's text; a trailing slash on the base is dropped so paths join
    /// one way.
    pub fn parse(text: &str) -> Result<Self, EnvelopeError> {
        let map = object_of(text)?;
        let m = Members(&map);
        let default = Config::default();
        let base = m.optional_text("apiBase")?.unwrap_or_default();
        let trimmed = base.trim().trim_end_matches('/');
        let timeout = m.optional_count("requestTimeoutMs")?;
        let zone = m.optional_text("serverTimeZone")?;
        Ok(Config {
            api_base: if trimmed.is_empty() {
                default.api_base
            } else {
                trimmed.to_owned()
            },
            // Below a second nothing would ever succeed; keep a sane floor.
            request_timeout_ms: timeout.map_or(default.request_timeout_ms, |t| {
                u32::try_from(t).unwrap_or(u32::MAX).max(1_000)
            }),
            server_time_zone: zone.map(|z| z.trim().to_owned()).filter(|z| !z.is_empty()),
        })
    }
}

/// Fetches `config.json` (or takes the start-up script's copy); a missing or broken
/// file falls back to the same-origin default, which is what a plain deployment behind
/// a proxy wants anyway.
pub async fn load() -> Config {
    let config = match crate::boot::config_text().await {
        Some(text) => text
            .and_then(|t| Config::parse(&t).ok())
            .unwrap_or_default(),
        None => fetch().await,
    };
    crate::boot::remember_api_base(&config.api_base);
    config
}

async fn fetch() -> Config {
    let request =
        gloo_net::http::RequestBuilder::new("/config.json").cache(web_sys::RequestCache::NoStore);
    match crate::http::send_timed(request, None, CONFIG_TIMEOUT_MS).await {
        Ok(reply) if (200..300).contains(&reply.status) => {
            Config::parse(&reply.body).unwrap_or_default()
        }
        _ => Config::default(),
    }
}

/// The app waits this long for its config before starting with the defaults.
const CONFIG_TIMEOUT_MS: u32 = 10_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_time_zone_is_read_and_blank_means_utc() {
        let zone = |text: &str| Config::parse(text).map(|c| c.server_time_zone).ok();
        assert_eq!(
            zone(r#"{"serverTimeZone":" Europe/Madrid "}"#),
            Some(Some("Europe/Madrid".into()))
        );
        assert_eq!(zone(r#"{"serverTimeZone":""}"#), Some(None));
        assert_eq!(zone("{}"), Some(None));
        assert_eq!(zone(r#"{"serverTimeZone":7}"#), None);
    }

    #[test]
    fn trailing_slash_is_dropped() {
        let c = Config::parse(r#"{"apiBase":"https://proxy.example/api/"}"#);
        assert_eq!(
            c.map(|c| c.api_base).ok(),
            Some("https://proxy.example/api".into())
        );
    }

    #[test]
    fn empty_base_means_same_origin() {
        let c = Config::parse(r#"{"apiBase":"  "}"#);
        assert_eq!(c.map(|c| c.api_base).ok(), Some("/api".into()));
    }

    #[test]
    fn missing_key_means_default() {
        assert_eq!(Config::parse("{}").ok(), Some(Config::default()));
    }

    #[test]
    fn the_timeout_is_read_and_kept_sane() {
        let c = Config::parse(r#"{"requestTimeoutMs": 5000}"#);
        assert_eq!(c.map(|c| c.request_timeout_ms).ok(), Some(5000));
        let c = Config::parse(r#"{"requestTimeoutMs": 0}"#);
        assert_eq!(c.map(|c| c.request_timeout_ms).ok(), Some(1000));
        assert_eq!(Config::default().request_timeout_ms, 30_000);
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(Config::parse("not json").is_err());
        assert!(Config::parse(r#"{"apiBase":3}"#).is_err());
    }
}
