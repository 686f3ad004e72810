//! Component tests in a real headless Chromium (`wasm-bindgen-test`), queried as a person
//! would: by label text and by role.

#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use user_admin::components::sign_in_form::SignInForm;
use user_admin::config::Config;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlButtonElement, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// The input a `<label>` with exactly this text points at.
fn input_labelled(text: &str) -> HtmlInputElement {
    let labels = document().query_selector_all("label").expect("labels");
    for i in 0..labels.length() {
        let Some(label) = labels
            .item(i)
            .and_then(|n| n.dyn_into::<HtmlElement>().ok())
        else {
            continue;
        };
        if label.text_content().as_deref() == Some(text) {
            let id = label.get_attribute("for").expect("label has a for");
            return document()
                .get_element_by_id(&id)
                .expect("labelled element exists")
                .dyn_into()
                .expect("is an input");
        }
    }
    panic!("no label {text:?}");
}

/// The button with exactly this text.
fn button(text: &str) -> HtmlButtonElement {
    let buttons = document().query_selector_all("button").expect("buttons");
    (0..buttons.length())
        .filter_map(|i| {
            buttons
                .item(i)
                .and_then(|n| n.dyn_into::<HtmlButtonElement>().ok())
        })
        .find(|b| b.text_content().as_deref() == Some(text))
        .unwrap_or_else(|| panic!("no button {text:?}"))
}

async fn next_tick() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}

#[wasm_bindgen_test]
async fn sign_in_form_names_the_empty_field_and_links_its_message() {
    leptos::mount::mount_to_body(|| {
        provide_context(Config::default());
        view! {
            <SignInForm
                id_prefix="t"
                initial_email=""
                show_remember=true
                persistent=false
                on_signed_in=|_| {}
            />
        }
    });
    let email = input_labelled("Email address");
    assert_eq!(
        email.get_attribute("aria-invalid"),
        None,
        "not invalid before an attempt"
    );

    button("Sign in").click();
    next_tick().await;

    assert_eq!(email.get_attribute("aria-invalid").as_deref(), Some("true"));
    let described_by = email
        .get_attribute("aria-describedby")
        .expect("describedby set");
    let message = document()
        .get_element_by_id(&described_by)
        .expect("message element");
    assert_eq!(
        message.text_content().as_deref(),
        Some("Error: Enter your email address")
    );
    assert!(!input_labelled("Keep me signed in on this device").checked());
}
