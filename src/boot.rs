//! What `index.html`'s start-up script asked for while the wasm was still on its way:
//! `config.json` and, on an edit page with a usable stored session, the user record
//! (at `config.json`'s `apiBase`). The app adopts those answers instead of asking again,
//! so the first screen costs no round trip after the app starts. The record belongs to
//! the session that asked for it: only that session, while it lives, adopts it (see
//! [`claim_record`], [`drop_record`]). Anything missing, odd or not matching falls back
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

/// Where the start-up script keeps the API base `config.json` gave the last time, so its
/// next read of the record need not wait for `config.json` (an address, no secret).
const API_BASE_KEY: &str = "user-admin.api-base";

/// Keeps `base` for the next start-up script (see [`API_BASE_KEY`]). A base it guessed
/// wrong (`config.json` changed since) only costs its answer: the app asks again.
pub fn remember_api_base(base: &str) {
    let store = web_sys::window().and_then(|w| w.local_storage().ok().flatten());
    if let Some(store) = store {
        if store.get_item(API_BASE_KEY).ok().flatten().as_deref() != Some(base) {
            let _ = store.set_item(API_BASE_KEY, base);
        }
    }
}

/// The app starts with the session of `email` restored from storage: the record the
/// script asked for is kept only if that account asked for it. (A sign-out in another
/// tab before the app started leaves it none; another tab's sign-in, another account.)
pub fn claim_record(email: Option<&str>) {
    let Some(record) = boot().and_then(|b| member(&b, "record")) else {
        return;
    };
    let asked_by = member(&record, "email").and_then(|e| e.as_string());
    if email.is_none() || asked_by.as_deref() != email {
        drop_record();
    }
}

/// The session the script's record belongs to has ended or given way to another: no
/// one may adopt that record now.
pub fn drop_record() {
    if let Some(boot) = boot() {
        let _ = Reflect::delete_property(
            boot.unchecked_ref::<js_sys::Object>(),
            &JsValue::from_str("record"),
        );
    }
}

/// The script's answer to `GET url`, taken once: `None` when it asked nothing, and a
/// failure, so that the app asks itself, when it asked another address (another
/// `apiBase`, another user). It was sent with the token of the session the app started
/// with ([`claim_record`]); had another tab refreshed it meanwhile, the answer is a 401
/// and the app's usual refresh takes over.
pub fn take_get(
    url: &str,
) -> Option<impl std::future::Future<Output = Result<RawReply, Unanswered>>> {
    let record = member(&boot()?, "record")?;
    // The path is known at once; the base only once config.json came.
    let path = member(&record, "path")?.as_string()?;
    if !url.ends_with(&path) {
        return None;
    }
    // Used once: a later load (Try again, after a save) must reach the server.
    drop_record();
    let answer = member(&record, "answer")?;
    let url = url.to_owned();
    Some(async move {
        let reply = settle(answer).await.ok_or(Unanswered::Network)?;
        if member(&reply, "url").and_then(|u| u.as_string()) != Some(url) {
            return Err(Unanswered::Network);
        }
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
