//! Asks before leaving a page with unsaved changes: an in-app link, Back/Forward, or
//! closing or reloading the tab.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::router::in_app_destination;

const QUESTION: &str = "You have unsaved changes. Leave this page and lose them?";

thread_local! {
    /// What the guarded page would lose, asked in-app. (A plain cell: one page is guarded
    /// at a time, and a reactive value here cost the edit page's module more.)
    static ASKED: std::cell::Cell<&'static str> = const { std::cell::Cell::new(QUESTION) };
}

/// The app-wide guard; a page with a form hands it its "unsaved" signal.
#[derive(Clone, Copy)]
pub struct LeaveGuard {
    /// The open page's unsaved state, while a page with a form is open.
    unsaved: StoredValue<Option<Signal<bool>>>,
    /// Leaving was agreed to: the same departure is not asked about twice.
    released: StoredValue<bool>,
    /// The address of the guarded page, to come back to when Back is declined.
    url: StoredValue<String>,
}

/// An address without its query: the page it names.
fn before_query(address: &str) -> Option<String> {
    address.split('?').next().map(str::to_owned)
}

fn current_url() -> String {
    window().location().href().unwrap_or_default()
}

impl LeaveGuard {
    /// Creates the guard and its window listeners; call once, in the app.
    pub fn install() -> Self {
        let guard = Self {
            unsaved: StoredValue::new(None),
            released: StoredValue::new(false),
            url: StoredValue::new(String::new()),
        };
        guard.listen();
        guard
    }

    /// Guards the calling page while `unsaved` holds, until that page is gone.
    pub fn watch(&self, unsaved: Signal<bool>) {
        self.watch_asking(unsaved, QUESTION);
    }

    /// [`LeaveGuard::watch`], asking `question` in-app (before a reload, the browser asks
    /// in its own words).
    pub fn watch_asking(&self, unsaved: Signal<bool>, question: &'static str) {
        ASKED.with(|asked| asked.set(question));
        self.unsaved.set_value(Some(unsaved));
        self.released.set_value(false);
        self.url.set_value(current_url());
        let guard = *self;
        on_cleanup(move || {
            guard.unsaved.try_set_value(None);
        });
    }

    /// Leaving is agreed to without asking (the page keeps its edits another way).
    pub fn release(&self) {
        self.released.set_value(true);
    }

    fn is_unsaved(&self) -> bool {
        !self.released.get_value()
            && self
                .unsaved
                .get_value()
                .is_some_and(|unsaved| unsaved.try_get_untracked().unwrap_or(false))
    }

    /// Whether the person agrees to leave (always, when nothing is unsaved). Agreeing
    /// drops the guard so the same departure is not asked about twice.
    pub fn may_leave(&self) -> bool {
        if !self.is_unsaved() {
            return true;
        }
        let leave = window()
            .confirm_with_message(ASKED.with(std::cell::Cell::get))
            .unwrap_or(true);
        if leave {
            self.released.set_value(true);
        }
        leave
    }

    fn listen(&self) {
        let guard = *self;
        // Links: asked before the router sees the click (capture runs first).
        // Another address of the same page (the users page's filters, its own link in the
        // header) is no departure: the page stays, and so does what it guards.
        let elsewhere = move |to: &str| before_query(to) != window().location().pathname().ok();
        listen_in_capture::<web_sys::MouseEvent>("click", move |ev| {
            if in_app_destination(&ev).is_some_and(|to| elsewhere(&to)) && !guard.may_leave() {
                ev.prevent_default();
                ev.stop_immediate_propagation();
            }
        });
        // Back/Forward cannot be cancelled: when declined, the router never hears of it
        // and the guarded address is put back.
        listen_in_capture::<web_sys::Event>("popstate", move |ev| {
            let left = guard.url.get_value();
            let same_page = before_query(&left) == before_query(&current_url());
            if same_page {
                guard.url.set_value(current_url());
            } else if !guard.may_leave() {
                ev.stop_immediate_propagation();
                let url = guard.url.get_value();
                if let Ok(history) = window().history() {
                    let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&url));
                }
            }
        });
        // Closing or reloading the tab: the browser asks in its own words.
        let unload = window_event_listener(leptos::ev::beforeunload, move |ev| {
            if guard.is_unsaved() {
                ev.prevent_default();
                ev.set_return_value("");
            }
        });
        on_cleanup(move || unload.remove());
    }
}

/// Listens to `event` on the window in the capture phase (before the router's own
/// listener), until the owner that called it is disposed.
fn listen_in_capture<E: JsCast + 'static>(event: &'static str, handler: impl Fn(E) + 'static) {
    let closure = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
        if let Ok(ev) = ev.dyn_into::<E>() {
            handler(ev);
        }
    });
    let capture = web_sys::AddEventListenerOptions::new();
    capture.set_capture(true);
    let _ = window().add_event_listener_with_callback_and_add_event_listener_options(
        event,
        closure.as_ref().unchecked_ref(),
        &capture,
    );
    // The closure is not Send; the cleanup that removes it runs on this same thread.
    let closure = send_wrapper::SendWrapper::new(closure);
    on_cleanup(move || {
        let closure = closure.take();
        let _ = window().remove_event_listener_with_callback_and_bool(
            event,
            closure.as_ref().unchecked_ref(),
            true,
        );
    });
}
