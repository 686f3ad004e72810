//! The one place a URL is parsed, by a WHATWG URL parser: the browser's own `URL` in the
//! wasm build (nothing added to the bundle), the `url` crate natively. Both follow the
//! same standard, so the tests run natively stand for both.

/// What the rules need to know of a parsed URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedUrl {
    /// The scheme, lower-case, without the colon (`https`, `javascript`, …).
    pub scheme: String,
    /// The host, empty when there is none.
    pub host: String,
}

/// Parses `text` as the WHATWG URL standard does (absolute URLs only); `None` when it
/// is not a URL.
pub fn parse(text: &str) -> Option<ParsedUrl> {
    imp::parse(text)
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use super::ParsedUrl;

    pub(super) fn parse(text: &str) -> Option<ParsedUrl> {
        let url = url::Url::parse(text).ok()?;
        Some(ParsedUrl {
            scheme: url.scheme().to_owned(),
            host: url.host_str().unwrap_or_default().to_owned(),
        })
    }
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use super::ParsedUrl;

    pub(super) fn parse(text: &str) -> Option<ParsedUrl> {
        let url = web_sys::Url::new(text).ok()?;
        let protocol = url.protocol();
        Some(ParsedUrl {
            scheme: protocol.strip_suffix(':').unwrap_or(&protocol).to_owned(),
            host: url.hostname(),
        })
    }
}
