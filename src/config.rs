//! The runtime configuration, read from `config.json` beside `index.html`, so one build
//! serves any tenant behind any proxy.

use serde::Deserialize;

/// What the app needs to know about where it runs.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Config {
    /// The API's base URL, without a trailing slash (default `/api`, same origin).
    pub api_base: String,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            api_base: "/api".to_owned(),
        }
    }
}

impl Config {
    /// Parses the file's text; a trailing slash on the base is dropped so paths join
    /// one way.
    pub fn parse(text: &str) -> Result<Self, serde_json::Error> {
        let mut config: Config = serde_json::from_str(text)?;
        let trimmed = config.api_base.trim().trim_end_matches('/');
        config.api_base = if trimmed.is_empty() {
            Config::default().api_base
        } else {
            trimmed.to_owned()
        };
        Ok(config)
    }
}

/// Fetches `config.json`; a missing or broken file falls back to the same-origin
/// default, which is what a plain deployment behind a proxy wants anyway.
pub async fn load() -> Config {
    let response = gloo_net::http::Request::get("/config.json")
        .cache(web_sys::RequestCache::NoStore)
        .send()
        .await;
    let text = match response {
        Ok(r) if r.ok() => r.text().await.ok(),
        _ => None,
    };
    text.and_then(|t| Config::parse(&t).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn garbage_is_an_error() {
        assert!(Config::parse("not json").is_err());
        assert!(Config::parse(r#"{"apiBase":3}"#).is_err());
    }
}
