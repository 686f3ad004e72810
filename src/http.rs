//! The transport under every request of the app: one request under a time limit, its
//! whole answer read. It knows nothing of the API, the session or the pages, so the
//! config loader, the token calls and the API client all sit on top of it.

use gloo_net::http::RequestBuilder;

/// Why a request got no answer at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unanswered {
    /// Offline, DNS, refused, dropped.
    Network,
    /// No whole answer within the time limit.
    Timeout,
}

/// A whole answer: its status, the one header the app reads, and the body text.
#[derive(Clone, Debug, PartialEq)]
pub struct RawReply {
    /// The HTTP status.
    pub status: u16,
    /// The body as text.
    pub body: String,
    /// `Retry-After`, when sent.
    pub retry_after: Option<String>,
}

/// A time limit for one request, answer body included: when it passes, the request is
/// aborted and its failure reads as [`Unanswered::Timeout`].
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

    fn failure(&self) -> Unanswered {
        let expired = self
            .controller
            .as_ref()
            .is_some_and(|c| c.signal().aborted());
        if expired {
            Unanswered::Timeout
        } else {
            Unanswered::Network
        }
    }
}

/// Sends a request under a deadline of `limit_ms` and reads the whole answer.
pub async fn send_timed(
    builder: RequestBuilder,
    body: Option<String>,
    limit_ms: u32,
) -> Result<RawReply, Unanswered> {
    let deadline = Deadline::start(limit_ms);
    let builder = deadline.attach(builder);
    let request = match body {
        Some(text) => builder.body(text),
        None => builder.build(),
    }
    .map_err(|_| Unanswered::Network)?;
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
