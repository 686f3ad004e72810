//! Asks before leaving a page with unsaved changes: an in-app link, Back/Forward, or
//! closing or reloading the tab.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::router::in_app_destination;

const QUESTION: &str = "You have unsaved changes. Leave this page and lose them?";

/// The app-wide guard; a page with a form says whether it has unsaved changes.
#[derive(Clone, Copy)]
pub struct LeaveGuard {
    unsaved: RwSignal<bool>,
    /// The address of the guarded page, to come back to when Back is declined.
    url: StoredValue<String>,
}

fn current_url() -> String {
    window().location().href().unwrap_or_default()
}

impl LeaveGuard {
    /// Creates the guard and its window listeners; call once, in the app.
    pub fn install() -> Self {
        let guard = Self {
            unsaved: RwSignal::new(false),
            url: StoredValue::new(String::new()),
        };
        guard.listen();
        guard
    }

    /// The page's unsaved state, as it changes.
    pub fn set_unsaved(&self, unsaved: bool) {
        if unsaved && !self.unsaved.get_untracked() {
            self.url.set_value(current_url());
        }
        self.unsaved.set(unsaved);
    }

    /// Whether the person agrees to leave (always, when nothing is unsaved). Agreeing
    /// drops the guard so the same departure is not asked about twice.
    pub fn may_leave(&self) -> bool {
        if !self.unsaved.get_untracked() {
            return true;
        }
        let leave = window().confirm_with_message(QUESTION).unwrap_or(true);
        if leave {
            self.unsaved.set(false);
        }
        leave
    }

    fn listen(&self) {
        let guard = *self;
        let window = window();
        let capture = web_sys::AddEventListenerOptions::new();
        capture.set_capture(true);

        // Links: asked before the router sees the click (capture runs first).
        let on_click =
            Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |ev: web_sys::MouseEvent| {
                if in_app_destination(&ev).is_some() && !guard.may_leave() {
                    ev.prevent_default();
                    ev.stop_immediate_propagation();
                }
            });
        let _ = window.add_event_listener_with_callback_and_add_event_listener_options(
            "click",
            on_click.as_ref().unchecked_ref(),
            &capture,
        );
        on_click.forget();

        // Back/Forward cannot be cancelled: when declined, the router never hears of it
        // and the guarded address is put back.
        let on_pop = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
            if !guard.may_leave() {
                ev.stop_immediate_propagation();
                let url = guard.url.get_value();
                if let Ok(history) = leptos::prelude::window().history() {
                    let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&url));
                }
            }
        });
        let _ = window.add_event_listener_with_callback_and_add_event_listener_options(
            "popstate",
            on_pop.as_ref().unchecked_ref(),
            &capture,
        );
        on_pop.forget();

        // Closing or reloading the tab: the browser asks in its own words.
        let on_unload = Closure::<dyn Fn(web_sys::BeforeUnloadEvent)>::new(
            move |ev: web_sys::BeforeUnloadEvent| {
                if guard.unsaved.get_untracked() {
                    ev.prevent_default();
                    ev.set_return_value("");
                }
            },
        );
        let _ = window
            .add_event_listener_with_callback("beforeunload", on_unload.as_ref().unchecked_ref());
        on_unload.forget();
    }
}
