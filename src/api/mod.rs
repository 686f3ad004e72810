//! The one place that sends a request to the API: it adds the bearer token, refreshes
//! it once on a 401, and turns statuses into [`ApiError`].

pub mod token;

use gloo_net::http::{Method, RequestBuilder, Response};
use leptos::prelude::*;

use crate::auth::Auth;
use crate::config::Config;

/// Why a request did not get an answer the page can use. The `Display` text is the
/// message shown to the administrator.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// No answer at all: offline, DNS, refused, dropped.
    #[error("Could not reach the server. Check your connection and try again.")]
    Network,
    /// The session is gone and could not be refreshed.
    #[error("Your session has ended. Sign in again to continue.")]
    SignedOut,
    /// Signed in, but not allowed (403, or 401 again after a fresh token).
    #[error("Your account lacks the required role for this action.")]
    Forbidden,
    /// 409: the API's rate limit; wait this many seconds.
    #[error("Too many requests. The server asks to wait {0} s.")]
    Throttled(u64),
    /// 5xx or another status the page does not handle.
    #[error("The server could not complete the request (HTTP {0}). Try again in a moment.")]
    Server(u16),
    /// An answer that does not read as the contract says.
    #[error("The server sent an answer this app cannot read. Try again in a moment.")]
    Malformed,
}

/// A response the caller reads: 2xx, 400 and 404 come back as such.
#[derive(Clone, Debug)]
pub struct Reply {
    /// The HTTP status.
    pub status: u16,
    /// The body as text.
    pub body: String,
}

/// When no usable `Retry-After` comes with a 409.
const DEFAULT_RETRY_AFTER_SECS: u64 = 5;

/// A client bound to the app's config and session.
#[derive(Clone)]
pub struct Api {
    config: Config,
    auth: Auth,
}

impl Api {
    /// The client of the current app, from context.
    pub fn from_context() -> Self {
        Self {
            config: expect_context::<Config>(),
            auth: expect_context::<Auth>(),
        }
    }

    /// `GET {base}{path}`.
    pub async fn get(&self, path: &str) -> Result<Reply, ApiError> {
        self.send(Method::GET, path, None).await
    }

    /// `PUT {base}{path}` with a JSON body.
    pub async fn put_json(&self, path: &str, body: &serde_json::Value) -> Result<Reply, ApiError> {
        self.send(Method::PUT, path, Some(body.to_string())).await
    }

    async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
    ) -> Result<Reply, ApiError> {
        let url = format!("{}{}", self.config.api_base, path);
        let token = self.auth.access_token(&self.config).await?;
        let mut response = attempt(&method, &url, &token, body.as_deref()).await?;
        if response.status() == 401 {
            let fresh = self.auth.token_after_401(&self.config, &token).await?;
            response = attempt(&method, &url, &fresh, body.as_deref()).await?;
            if response.status() == 401 {
                // A fresh token still refused: the contract's "not permitted" flavour.
                return Err(ApiError::Forbidden);
            }
        }
        read(response).await
    }
}

async fn attempt(
    method: &Method,
    url: &str,
    token: &str,
    body: Option<&str>,
) -> Result<Response, ApiError> {
    let builder = RequestBuilder::new(url)
        .method(method.clone())
        .header("Authorization", &format!("Bearer {token}"));
    let request = match body {
        Some(text) => builder
            .header("Content-Type", "application/json")
            .body(text.to_owned()),
        None => builder.build(),
    };
    request
        .map_err(|_| ApiError::Network)?
        .send()
        .await
        .map_err(|_| ApiError::Network)
}

async fn read(response: Response) -> Result<Reply, ApiError> {
    let status = response.status();
    match status {
        403 => Err(ApiError::Forbidden),
        409 => {
            let wait = response
                .headers()
                .get("Retry-After")
                .and_then(|h| retry_after_secs(&h))
                .unwrap_or(DEFAULT_RETRY_AFTER_SECS);
            Err(ApiError::Throttled(wait))
        }
        200..=299 | 400 | 404 => {
            let body = response.text().await.map_err(|_| ApiError::Malformed)?;
            Ok(Reply { status, body })
        }
        _ => Err(ApiError::Server(status)),
    }
}

fn retry_after_secs(header: &str) -> Option<u64> {
    let now_secs = (crate::auth::now_ms() / 1000.0) as u64;
    contract::server_errors::parse_retry_after(header, now_secs)
}
