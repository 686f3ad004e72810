//! The one place that sends a request to the API: it adds the bearer token, refreshes
//! it once on a 401, and classifies every answer into `Ok(body)` or one [`ApiError`]
//! the pages match on.

pub mod token;

use std::sync::Arc;

use contract::server_errors::{parse_put_response, PutOutcome};
use contract::FieldMessages;
use futures::future::LocalBoxFuture;
use gloo_net::http::{Method, RequestBuilder};
use leptos::prelude::*;

use crate::config::Config;
use crate::http::{send_timed, RawReply, Unanswered};

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
    /// 404: what was asked for does not exist (any more).
    #[error("The server has no such record.")]
    NotFound,
    /// 400 or 422, as read before a save reads it: the status and the body. The save
    /// reads the body for its errors by field ([`put_answer`]); anything else shows the
    /// body's top-level `Message`.
    #[error("The server refused the request{}", said(body))]
    Refused {
        /// 400 or 422.
        status: u16,
        /// The answer's body, as it came.
        body: String,
    },
    /// A save refused (400 or 422, or answered "not successful"): the server's errors, by
    /// field and for the form.
    #[error("The server refused the request: {}", form.join(" "))]
    Rejected {
        /// Messages by catalogue field name.
        fields: FieldMessages,
        /// Messages no field shows.
        form: Vec<String>,
    },
    /// 409 (the platform's throttling; 429 too): wait this many seconds.
    #[error("Too many requests. The server asks to wait {0} s.")]
    Throttled(u64),
    /// 5xx or another status the page does not handle.
    #[error("The server could not complete the request (HTTP {0}). Try again in a moment.")]
    Server(u16),
    /// An answer that does not read as the contract says.
    #[error("The server sent an answer this app cannot read. Try again in a moment.")]
    Malformed,
    /// An answer about another record than the one asked for (a proxy or cache mixing
    /// answers up): never shown, never written back.
    #[error("The server answered with another record than the one asked for, so nothing from it was used. Try again in a moment.")]
    WrongRecord,
}

impl From<Unanswered> for ApiError {
    fn from(failure: Unanswered) -> Self {
        match failure {
            Unanswered::Network => Self::Network,
            Unanswered::Timeout => Self::Timeout,
        }
    }
}

/// A write (save, create, delete) throttled this many times in a row stops waiting by
/// itself.
pub const MAX_THROTTLE_WAITS: u32 = 5;

/// When no usable `Retry-After` comes with a 409.
const DEFAULT_RETRY_AFTER_SECS: u64 = 5;
/// The longest the app waits on a `Retry-After` before it tries again by itself: a
/// proxy's `Retry-After: 86400` must not park a save for a day.
pub const MAX_RETRY_AFTER_SECS: u64 = 120;

/// Classifies an answer (401 aside, which [`Api`] handles before): the body of a 2xx,
/// or the error the contract gives its status. `now_secs` reads a dated `Retry-After`.
pub fn classify(reply: RawReply, now_secs: u64) -> Result<String, ApiError> {
    match reply.status {
        200..=299 => Ok(reply.body),
        400 | 422 => Err(ApiError::Refused {
            status: reply.status,
            body: reply.body,
        }),
        401 | 403 => Err(ApiError::Forbidden),
        404 => Err(ApiError::NotFound),
        409 | 429 => Err(ApiError::Throttled(
            reply
                .retry_after
                .as_deref()
                .and_then(|h| contract::parse_retry_after(h, now_secs))
                .unwrap_or(DEFAULT_RETRY_AFTER_SECS)
                // "0" or a date already past (a fast clock here): never a tight loop.
                .clamp(1, MAX_RETRY_AFTER_SECS),
        )),
        status => Err(ApiError::Server(status)),
    }
}

/// ": <Message>" of a refusal whose body is the contract's envelope, else ".".
fn said(body: &str) -> String {
    let value = contract::json::Value::parse(body).ok();
    match value.as_ref().and_then(|v| v.get("Message")?.as_str()) {
        Some(message) if !message.trim().is_empty() => format!(": {message}"),
        _ => ".".to_owned(),
    }
}

/// A save's answer as the save reads it: the body of one that saved, the server's errors
/// by field for one refused, or one that cannot tell. (Only a save reads the errors of a
/// refusal, so that code is downloaded with the save's part.)
pub fn put_answer(answer: Result<String, ApiError>) -> Result<String, ApiError> {
    match answer {
        Ok(body) => read_saved(&body).map(|()| body),
        Err(ApiError::Refused { status, body }) => Err(rejected(status, &body)),
        Err(e) => Err(e),
    }
}

fn rejected(status: u16, body: &str) -> ApiError {
    match parse_put_response(status, body) {
        PutOutcome::Invalid { fields, form } => ApiError::Rejected { fields, form },
        _ => ApiError::Malformed,
    }
}

/// Reads the 2xx answer of a save: saved, or "not successful" with the server's errors,
/// or a body that cannot tell (then nothing may be taken for saved).
pub fn read_saved(body: &str) -> Result<(), ApiError> {
    match parse_put_response(200, body) {
        PutOutcome::Saved { .. } => Ok(()),
        PutOutcome::Invalid { fields, form } => Err(ApiError::Rejected { fields, form }),
        _ => Err(ApiError::Malformed),
    }
}

/// Where the API client gets its bearer tokens: the session ([`crate::auth::Auth`])
/// implements it, so the client does not depend on how sessions work.
pub trait Tokens {
    /// A token good for the next request, refreshed first when about to expire.
    fn current(&self, config: &Config) -> LocalBoxFuture<'static, Result<String, ApiError>>;
    /// After a 401 sent with `stale`: a fresh token, refreshing once for all requests.
    fn after_401(
        &self,
        config: &Config,
        stale: String,
    ) -> LocalBoxFuture<'static, Result<String, ApiError>>;
}

/// A client bound to the app's config and session; provided as context.
#[derive(Clone)]
pub struct Api {
    config: Config,
    tokens: Arc<dyn Tokens + Send + Sync>,
}

impl Api {
    /// A client for `config` taking its tokens from `tokens`.
    pub fn new(config: Config, tokens: Arc<dyn Tokens + Send + Sync>) -> Self {
        Self { config, tokens }
    }

    /// The client of the current app, from context.
    pub fn from_context() -> Self {
        expect_context::<Api>()
    }

    /// `GET {base}{path}`: the body of a 2xx answer.
    pub async fn get(&self, path: &str) -> Result<String, ApiError> {
        self.send(Method::GET, path, None).await
    }

    /// `PUT {base}{path}` with a JSON body: the body of an answer that says it saved.
    pub async fn put_json(
        &self,
        path: &str,
        body: &contract::json::Value,
    ) -> Result<String, ApiError> {
        put_answer(self.send(Method::PUT, path, Some(body.to_string())).await)
    }

    /// `POST {base}{path}` with a JSON body, read as a save's answer (see [`put_answer`]).
    pub async fn post_json(
        &self,
        path: &str,
        body: &contract::json::Value,
    ) -> Result<String, ApiError> {
        put_answer(self.send(Method::POST, path, Some(body.to_string())).await)
    }

    /// `DELETE {base}{path}`: the body of a 2xx answer.
    pub async fn delete(&self, path: &str) -> Result<String, ApiError> {
        self.send(Method::DELETE, path, None).await
    }

    async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<String>,
    ) -> Result<String, ApiError> {
        let url = format!("{}{}", self.config.api_base, path);
        let token = self.tokens.current(&self.config).await?;
        let limit = self.config.request_timeout_ms;
        let prefetched = (method == Method::GET)
            .then(|| crate::boot::take_get(&url))
            .flatten();
        let adopted = match prefetched {
            Some(answer) => within(limit, answer).await.ok(),
            None => None,
        };
        // The early request failed, or there was none: ask now.
        let mut reply = match adopted {
            Some(reply) => reply,
            None => attempt(&method, &url, &token, body.as_deref(), limit).await?,
        };
        if reply.status == 401 {
            let fresh = self.tokens.after_401(&self.config, token).await?;
            reply = attempt(&method, &url, &fresh, body.as_deref(), limit).await?;
            // A fresh token still refused: the contract's "not permitted" flavour, which
            // classify reads as Forbidden.
        }
        classify(reply, (js_sys::Date::now() / 1000.0) as u64)
    }
}

/// `answer`, unless `limit_ms` passes first.
async fn within(
    limit_ms: u32,
    answer: impl std::future::Future<Output = Result<RawReply, Unanswered>>,
) -> Result<RawReply, ApiError> {
    use futures::future::{select, Either};
    let timer = gloo_timers::future::TimeoutFuture::new(limit_ms);
    match select(std::pin::pin!(answer), timer).await {
        Either::Left((reply, _)) => Ok(reply?),
        Either::Right(_) => Err(ApiError::Timeout),
    }
}

async fn attempt(
    method: &Method,
    url: &str,
    token: &str,
    body: Option<&str>,
    limit_ms: u32,
) -> Result<RawReply, ApiError> {
    // Never a stored copy: a save's check read from the cache would take the record as
    // it was and write back over what others changed since.
    let mut builder = RequestBuilder::new(url)
        .method(method.clone())
        .cache(web_sys::RequestCache::NoStore)
        .header("Authorization", &format!("Bearer {token}"));
    if body.is_some() {
        builder = builder.header("Content-Type", "application/json");
    }
    Ok(send_timed(builder, body.map(str::to_owned), limit_ms).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(status: u16, body: &str, retry_after: Option<&str>) -> RawReply {
        RawReply {
            status,
            body: body.to_owned(),
            retry_after: retry_after.map(str::to_owned),
        }
    }

    #[test]
    fn a_422_with_field_errors_reaches_the_fields() {
        let body = r#"{"Errors":[{"PropertyName":"Email","Message":"is already used"}],"WasSuccessful":false}"#;
        assert_eq!(
            put_answer(classify(reply(422, body, None), 0)),
            Err(ApiError::Rejected {
                fields: vec![("Email", vec!["is already used".to_owned()])],
                form: Vec::new(),
            })
        );
    }

    #[test]
    fn statuses_read_as_the_contract_gives_them() {
        assert_eq!(classify(reply(204, "", None), 0), Ok(String::new()));
        assert_eq!(
            classify(reply(404, "\"Not found\"", None), 0),
            Err(ApiError::NotFound)
        );
        assert_eq!(classify(reply(403, "", None), 0), Err(ApiError::Forbidden));
        assert_eq!(
            classify(reply(409, "", Some("7")), 0),
            Err(ApiError::Throttled(7))
        );
        assert_eq!(
            classify(reply(429, "", Some("0")), 0),
            Err(ApiError::Throttled(1)),
            "never a tight loop"
        );
        assert_eq!(
            classify(reply(409, "", None), 0),
            Err(ApiError::Throttled(DEFAULT_RETRY_AFTER_SECS))
        );
        assert_eq!(
            classify(reply(409, "", Some("86400")), 0),
            Err(ApiError::Throttled(MAX_RETRY_AFTER_SECS)),
            "a day's wait is capped"
        );
        assert_eq!(
            classify(reply(502, "<html>", None), 0),
            Err(ApiError::Server(502))
        );
        assert_eq!(
            classify(reply(418, "", None), 0),
            Err(ApiError::Server(418))
        );
    }

    #[test]
    fn a_400_without_readable_errors_still_says_why() {
        match put_answer(classify(reply(400, "<html>", None), 0)) {
            Err(ApiError::Rejected { fields, form }) => {
                assert!(fields.is_empty());
                assert_eq!(form.len(), 1, "{form:?}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_refused_read_says_what_the_server_said() {
        let body = r#"{"Message":"size: must be at most 100","Errors":null,"WasSuccessful":false}"#;
        assert_eq!(
            classify(reply(400, body, None), 0)
                .map_err(|e| e.to_string())
                .unwrap_err(),
            "The server refused the request: size: must be at most 100"
        );
        assert_eq!(
            classify(reply(422, "<html>", None), 0)
                .map_err(|e| e.to_string())
                .unwrap_err(),
            "The server refused the request."
        );
    }

    #[test]
    fn a_save_is_taken_only_when_the_answer_says_so() {
        assert_eq!(read_saved(r#"{"WasSuccessful":true}"#), Ok(()));
        assert_eq!(read_saved(""), Ok(()));
        assert_eq!(read_saved("<html>oops"), Err(ApiError::Malformed));
        assert!(matches!(
            read_saved(
                r#"{"WasSuccessful":false,"Errors":[{"PropertyName":"FullName","Message":"is a required field"}]}"#
            ),
            Err(ApiError::Rejected { .. })
        ));
    }
}
