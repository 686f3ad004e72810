//! What `index.html`'s start-up script asked for while the wasm was still on its way:
//! `config.json` and, on an edit page with a usable stored session, the user record.
//! The app adopts those answers instead of asking again, so the first screen costs no
//! round trip after the app starts. Anything missing, odd or not matching falls back
//! to asking as usual.

use js_sys::{Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::http::{RawReply, Unanswered};

/// The global the start-up script fills (index.html).
const BOOT: &str = "__userAdminBoot";

fn member(of: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(of, &JsValue::from_str(key))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

fn boot() -> Option<JsValue> {
    member(&js_sys::global(), BOOT)
}

async fn settle(promise: JsValue) -> Option<JsValue> {
    let promise = promise.dyn_into::<Promise>().ok()?;
    JsFuture::from(promise).await.ok()
}

/// The text of `config.json` the script fetched: `Some(None)` when it asked and got
/// nothing usable, `None` when it never asked.
pub async fn config_text() -> Option<Option<String>> {
    let promise = member(&boot()?, "config")?;
    Some(settle(promise).await.and_then(|v| v.as_string()))
}

/// The script's answer to `GET url`, taken once: `None` when it asked for something
/// else or never. It was sent with the stored session's token, the one the app starts
/// with; had another tab replaced it meanwhile, the answer is a 401 and the app's usual
/// refresh takes over.
pub fn take_get(
    url: &str,
) -> Option<impl std::future::Future<Output = Result<RawReply, Unanswered>>> {
    let boot = boot()?;
    let record = member(&boot, "record")?;
    if member(&record, "url")?.as_string().as_deref() != Some(url) {
        return None;
    }
    // Used once: a later load (Try again, after a save) must reach the server.
    let _ = Reflect::delete_property(
        boot.unchecked_ref::<js_sys::Object>(),
        &JsValue::from_str("record"),
    );
    let answer = member(&record, "answer")?;
    Some(async move {
        let reply = settle(answer).await.ok_or(Unanswered::Network)?;
        let status = member(&reply, "status")
            .and_then(|s| s.as_f64())
            .filter(|s| (100.0..600.0).contains(s))
            .ok_or(Unanswered::Network)? as u16;
        Ok(RawReply {
            status,
            body: member(&reply, "body")
                .and_then(|b| b.as_string())
                .unwrap_or_default(),
            retry_after: member(&reply, "retryAfter").and_then(|r| r.as_string()),
        })
    })
}
