//! Component tests in a real headless Chromium (`wasm-bindgen-test`), queried as a person
//! would: by label text and by role. Each test mounts into its own container and looks
//! only inside it.

#![cfg(target_arch = "wasm32")]

use contract::{field, UserRecord};
use leptos::prelude::*;
use user_admin::components::fields::Field;
use user_admin::components::sign_in_form::SignInForm;
use user_admin::config::Config;
use user_admin::form::FormState;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlButtonElement, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh container in the page, with `view` mounted in it.
fn mount<V: IntoView + 'static>(view: impl FnOnce() -> V + 'static) -> Element {
    let root = document().create_element("div").expect("div");
    document()
        .body()
        .expect("body")
        .append_child(&root)
        .expect("appended");
    let handle = leptos::mount::mount_to(root.clone().unchecked_into(), view);
    // The container lives for the rest of the page; tests never share one.
    handle.forget();
    root
}

fn all<T: JsCast>(root: &Element, selector: &str) -> Vec<T> {
    let nodes = root.query_selector_all(selector).expect("selector");
    (0..nodes.length())
        .filter_map(|i| nodes.item(i).and_then(|n| n.dyn_into::<T>().ok()))
        .collect()
}

/// The input a `<label>` with exactly this text points at.
fn input_labelled(root: &Element, text: &str) -> HtmlInputElement {
    let label = all::<HtmlElement>(root, "label")
        .into_iter()
        .find(|l| l.text_content().as_deref() == Some(text))
        .unwrap_or_else(|| panic!("no label {text:?}"));
    let id = label.get_attribute("for").expect("label has a for");
    document()
        .get_element_by_id(&id)
        .expect("labelled element exists")
        .dyn_into()
        .expect("is an input")
}

/// The button whose accessible name (aria-label, else text) is exactly `name`.
fn button(root: &Element, name: &str) -> HtmlButtonElement {
    all::<HtmlButtonElement>(root, "button")
        .into_iter()
        .find(|b| {
            b.get_attribute("aria-label")
                .or_else(|| b.text_content())
                .as_deref()
                == Some(name)
        })
        .unwrap_or_else(|| panic!("no button {name:?}"))
}

fn fire(target: &web_sys::EventTarget, kind: &str) {
    let event = web_sys::Event::new(kind).expect("event");
    target.dispatch_event(&event).expect("dispatched");
}

fn type_into(input: &HtmlInputElement, text: &str) {
    input.set_value(text);
    fire(input, "input");
}

fn message_of(input: &HtmlInputElement) -> Option<String> {
    let id = input.get_attribute("aria-describedby")?;
    document().get_element_by_id(&id)?.text_content()
}

async fn next_tick() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}

#[wasm_bindgen_test]
async fn sign_in_form_names_the_empty_field_and_links_its_message() {
    let root = mount(|| {
        provide_context(Config::default());
        view! {
            <SignInForm
                id_prefix="t"
                initial_email=""
                show_remember=true
                persistent=false
                submit=user_admin::auth::sign_in_action()
                on_signed_in=|_| {}
            />
        }
    });
    let email = input_labelled(&root, "Email address");
    assert_eq!(
        email.get_attribute("aria-invalid"),
        None,
        "not invalid before an attempt"
    );

    button(&root, "Sign in").click();
    next_tick().await;

    assert_eq!(email.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        message_of(&email).as_deref(),
        Some("Error: Enter your email address")
    );
    assert!(!input_labelled(&root, "Keep me signed in on this device").checked());
}

const SALT: &str = "SALT-7f3a9c";

fn record() -> UserRecord {
    UserRecord::from_json(&format!(
        r#"{{"Id":5,"FullName":"Ada","Email":"ada@example.com","Language":1,"PasswordSalt":"{SALT}",
            "LastHelpVisited":0,"InvalidLoginAttempts":0,"Businesses":[3,19]}}"#
    ))
    .expect("test record")
}

/// Mounts the named fields over one form, and hands back the container and the form.
fn mount_fields(names: &'static [&'static str]) -> (Element, FormState) {
    let form = FormState::new(record());
    let root = mount(move || {
        provide_context(form);
        names
            .iter()
            .map(|n| view! { <Field spec=field(n).expect("catalogued")/> })
            .collect_view()
    });
    (root, form)
}

#[wasm_bindgen_test]
async fn a_text_field_shows_its_error_only_after_blur_and_links_it() {
    let (root, form) = mount_fields(&["Email"]);
    let email = input_labelled(&root, "Email address");
    next_tick().await;
    assert_eq!(email.value(), "ada@example.com");

    type_into(&email, "not-an-email");
    next_tick().await;
    assert_eq!(
        email.get_attribute("aria-invalid"),
        None,
        "not while typing"
    );
    assert_eq!(
        form.with_draft(|d| d.input("Email")),
        "not-an-email"
    );

    fire(&email, "blur");
    next_tick().await;
    assert_eq!(email.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        message_of(&email).as_deref(),
        Some("Error: Email address is not a valid email address")
    );

    type_into(&email, "grace@example.com");
    next_tick().await;
    assert_eq!(
        email.get_attribute("aria-invalid"),
        None,
        "live once shown, and now fixed"
    );
}

#[wasm_bindgen_test]
async fn a_required_text_field_says_so_when_emptied() {
    let (root, _form) = mount_fields(&["FullName"]);
    let name = input_labelled(&root, "Full name");
    type_into(&name, "");
    fire(&name, "blur");
    next_tick().await;
    assert_eq!(
        message_of(&name).as_deref(),
        Some("Error: Full name is a required field")
    );
}

#[wasm_bindgen_test]
async fn an_id_list_adds_and_removes_ids() {
    let (root, form) = mount_fields(&["Businesses"]);
    let add = input_labelled(&root, "Add to businesses");
    type_into(&add, "7");
    button(&root, "Add").click();
    next_tick().await;
    assert_eq!(
        form.with_draft(|d| d.input("Businesses")),
        "3, 19, 7"
    );

    button(&root, "Remove 3 from Businesses").click();
    next_tick().await;
    assert_eq!(
        form.with_draft(|d| d.input("Businesses")),
        "19, 7"
    );
    assert_eq!(
        form.with_draft(|d| d.changed()),
        vec!["Businesses"]
    );

    type_into(&add, "x1");
    button(&root, "Add").click();
    next_tick().await;
    assert_eq!(add.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        message_of(&add).as_deref(),
        Some("Error: Enter an id: a whole number, 0 or more")
    );
}

#[wasm_bindgen_test]
async fn a_checkbox_edits_its_flag() {
    let (root, form) = mount_fields(&["OnNewEmail"]);
    let checkbox = input_labelled(&root, "New email");
    assert!(!checkbox.checked());
    checkbox.click();
    next_tick().await;
    assert_eq!(form.with_draft(|d| d.input("OnNewEmail")), "true");
    assert!(form.with_draft(|d| d.is_dirty()));
}

#[wasm_bindgen_test]
async fn a_secret_is_never_in_the_page() {
    let (root, _form) = mount_fields(&["PasswordSalt"]);
    next_tick().await;
    let html = root.outer_html();
    assert!(html.contains("Set (hidden"), "{html}");
    assert!(!html.contains(SALT), "the secret leaked: {html}");
    assert!(
        all::<HtmlInputElement>(&root, "input").is_empty(),
        "no input for a secret"
    );
}
