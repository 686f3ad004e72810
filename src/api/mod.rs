//! The one place that sends a request to the API: it adds the bearer token, refreshes
//! it once on a 401, and turns statuses into [`ApiError`].

pub mod token;

use gloo_net::http::{Method, RequestBuilder};
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
    /// No answer within the configured time (`requestTimeoutMs`).
    #[error("The server did not answer in time. Try again in a moment.")]
    Timeout,
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
    pub async fn put_json(
        &self,
        path: &str,
        body: &contract::json::Value,
    ) -> Result<Reply, ApiError> {
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
        let limit = self.config.request_timeout_ms;
        let mut reply = attempt(&method, &url, &token, body.as_deref(), limit).await?;
        if reply.status == 401 {
            let fresh = self.auth.token_after_401(&self.config, &token).await?;
            reply = attempt(&method, &url, &fresh, body.as_deref(), limit).await?;
            if reply.status == 401 {
                // A fresh token still refused: the contract's "not permitted" flavour.
                return Err(ApiError::Forbidden);
            }
        }
        read(reply)
    }
}

/// A time limit for one request, answer body included: when it passes, the request is
/// aborted and its failure reads as [`ApiError::Timeout`].
struct Deadline {
    controller: Option<web_sys::AbortController>,
    // Dropping the timer cancels it: it lives exactly as long as the request.
    _timer: Option<gloo_timers::callback::Timeout>,
}

impl Deadline {
    fn start(limit_ms: u32) -> Self {
        let controller = web_sys::AbortController::new().ok();
        let timer = controller
            .clone()
            .map(|c| gloo_timers::callback::Timeout::new(limit_ms, move || c.abort()));
        Self {
            controller,
            _timer: timer,
        }
    }

    fn attach(&self, builder: RequestBuilder) -> RequestBuilder {
        let signal = self.controller.as_ref().map(|c| c.signal());
        builder.abort_signal(signal.as_ref())
    }

    /// Why the request failed: the deadline, or the network.
    fn failure(&self) -> ApiError {
        let expired = self
            .controller
            .as_ref()
            .is_some_and(|c| c.signal().aborted());
        if expired {
            ApiError::Timeout
        } else {
            ApiError::Network
        }
    }
}

/// A whole answer: its status, the one header the app reads, and the body text.
pub struct RawReply {
    /// The HTTP status.
    pub status: u16,
    /// The body as text.
    pub body: String,
    /// `Retry-After`, when sent.
    pub retry_after: Option<String>,
}

/// Sends a request under a deadline of `limit_ms` and reads the whole answer.
pub async fn send_timed(
    builder: RequestBuilder,
    body: Option<String>,
    limit_ms: u32,
) -> Result<RawReply, ApiError> {
    let deadline = Deadline::start(limit_ms);
    let builder = deadline.attach(builder);
    let request = match body {
        Some(text) => builder.body(text),
        None => builder.build(),
    }
    .map_err(|_| ApiError::Network)?;
    let response = request.send().await.map_err(|_| deadline.failure())?;
    let retry_after = response.headers().get("Retry-After");
    let status = response.status();
    let body = response.text().await.map_err(|_| deadline.failure())?;
    Ok(RawReply {
        status,
        body,
        retry_after,
    })
}

async fn attempt(
    method: &Method,
    url: &str,
    token: &str,
    body: Option<&str>,
    limit_ms: u32,
) -> Result<RawReply, ApiError> {
    let mut builder = RequestBuilder::new(url)
        .method(method.clone())
        .header("Authorization", &format!("Bearer {token}"));
    if body.is_some() {
        builder = builder.header("Content-Type", "application/json");
    }
    send_timed(builder, body.map(str::to_owned), limit_ms).await
}

fn read(reply: RawReply) -> Result<Reply, ApiError> {
    match reply.status {
        403 => Err(ApiError::Forbidden),
        409 => {
            let wait = reply
                .retry_after
                .as_deref()
                .and_then(retry_after_secs)
                .unwrap_or(DEFAULT_RETRY_AFTER_SECS)
                // "0" or a date already past (a fast clock here): never a tight loop.
                .max(1);
            Err(ApiError::Throttled(wait))
        }
        status @ (200..=299 | 400 | 404) => Ok(Reply {
            status,
            body: reply.body,
        }),
        status => Err(ApiError::Server(status)),
    }
}

fn retry_after_secs(header: &str) -> Option<u64> {
    let now_secs = (crate::auth::now_ms() / 1000.0) as u64;
    contract::server_errors::parse_retry_after(header, now_secs)
}
