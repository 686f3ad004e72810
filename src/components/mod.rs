//! Pieces shared by the pages.

pub mod combobox;
pub mod deferred;
pub mod error_summary;
pub mod fields;
pub mod id_list;
pub mod leave_guard;
pub mod sign_in_form;
pub mod throttle_note;
pub mod twice;
pub mod zone_switch;

use leptos::prelude::*;

/// Moves the keyboard focus to the element with `id`, and hands the element back.
pub fn focus_by_id(id: &str) -> Option<web_sys::Element> {
    use wasm_bindgen::JsCast;
    let element = document().get_element_by_id(id)?;
    if let Some(el) = element.dyn_ref::<web_sys::HtmlElement>() {
        let _ = el.focus();
    }
    Some(element)
}

/// Moves the keyboard focus to the element with `id` once it is on the page (a panel or
/// summary that a signal just opened renders after this call), and scrolls it into view.
pub fn focus_when_shown(id: impl AsRef<str> + 'static) {
    request_animation_frame(move || {
        if let Some(element) = focus_by_id(id.as_ref()) {
            element.scroll_into_view();
        }
    });
}

/// Runs `work` once the next frame is drawn: what a person need not see at once
/// (fetching code, keeping a draft) stays out of the frame that shows what they did.
pub fn after_next_frame(work: impl FnOnce() + 'static) {
    request_animation_frame(move || set_timeout(work, std::time::Duration::ZERO));
}

/// Sets the document title for the page that calls it.
pub fn set_title(title: &str) {
    document().set_title(&format!("{title} — User Admin"));
}

/// A server date-time as a person reads it, in the administrator's zone with its offset
/// then ("2026-07-01 10:00 UTC+2"); text that does not parse is shown as it came.
pub fn format_datetime(text: &str) -> String {
    crate::clock::track();
    match contract::datetime::read_wire(text) {
        Ok(t) => {
            let (w, offset) = contract::datetime::shown_wall(&t);
            format!(
                "{:04}-{:02}-{:02} {:02}:{:02} {}",
                w.year,
                w.month,
                w.day,
                w.hour,
                w.minute,
                contract::datetime::offset_label(offset)
            )
        }
        Err(_) => text.to_owned(),
    }
}

/// Counts `secs` down in `remaining` (one step a second), then runs `done` — unless the
/// page that asked is gone or `still_current` says the wait was overtaken (a newer
/// search, another save), in which case it stops without a word.
pub fn count_down(
    secs: u64,
    remaining: RwSignal<Option<u64>>,
    still_current: impl Fn() -> bool + 'static,
    done: impl FnOnce() + 'static,
) {
    wasm_bindgen_futures::spawn_local(async move {
        if count_seconds(secs, remaining, still_current).await {
            done();
        }
    });
}

/// Counts `secs` down in `remaining` (one step a second): `true` at the end, `false` as
/// soon as the page that asked is gone or `still_current` says the wait was overtaken.
pub async fn count_seconds(
    secs: u64,
    remaining: RwSignal<Option<u64>>,
    still_current: impl Fn() -> bool,
) -> bool {
    for left in (1..=secs).rev() {
        if !still_current() || remaining.try_set(Some(left)).is_some() {
            return false;
        }
        gloo_timers::future::TimeoutFuture::new(1_000).await;
    }
    still_current() && remaining.try_set(None).is_none()
}
