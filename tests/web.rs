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
    // Within the container: earlier tests' fields stay in the page, with the same ids.
    root.query_selector(&format!("[id='{id}']"))
        .ok()
        .flatten()
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
    assert_eq!(form.with_draft(|d| d.input("Email")), "not-an-email");

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
    assert_eq!(form.with_draft(|d| d.input("Businesses")), "3, 19, 7");

    // Without the page's lookups the list shows ids, and adds by id.
    button(&root, "Remove #3").click();
    next_tick().await;
    assert_eq!(form.with_draft(|d| d.input("Businesses")), "19, 7");
    assert_eq!(form.with_draft(|d| d.changed()), vec!["Businesses"]);

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

// ------------------------------------------------------------ the related-records picker

use contract::{Related, RelatedKind, RelatedPage, Wanted};
use futures::future::LocalBoxFuture;
use user_admin::components::combobox::SearchError;
use user_admin::components::id_list::{Known, Records, RecordsHandle};

fn related(id: u64, name: &str) -> Related {
    Related {
        id,
        name: name.to_owned(),
        business: None,
        inactive: false,
    }
}

/// The page's lookups, made up: 3 is named, 19's lookup failed, 24 is gone; a search
/// for "slow" answers late, any other text at once.
struct Fake;

impl Records for Fake {
    fn known(&self, _: RelatedKind, id: u64) -> Known {
        match id {
            3 => Known::Named("Archway Labs".to_owned()),
            19 => Known::Failed,
            24 => Known::Missing,
            _ => Known::Asking,
        }
    }
    fn look_up(&self, _: RelatedKind, _: Vec<u64>, _: bool) {}
    fn refused(&self, _: RelatedKind) -> bool {
        false
    }
    fn search(
        &self,
        _: RelatedKind,
        wanted: Wanted,
    ) -> LocalBoxFuture<'static, Result<RelatedPage, SearchError>> {
        let (delay, records) = match wanted {
            Wanted::Name(n) if n == "slow" => (600, vec![related(40, "Slow answer")]),
            _ => (
                0,
                vec![related(7, "Bakery Hub"), related(3, "Archway Labs")],
            ),
        };
        Box::pin(async move {
            gloo_timers::future::TimeoutFuture::new(delay).await;
            Ok(RelatedPage { records, more: 12 })
        })
    }
}

fn mount_picker() -> (Element, FormState) {
    let form = FormState::new(record());
    let root = mount(move || {
        provide_context(form);
        provide_context(RecordsHandle(std::sync::Arc::new(Fake)));
        view! { <Field spec=field("Businesses").expect("catalogued")/> }
    });
    (root, form)
}

fn press(input: &HtmlInputElement, key: &str) {
    let event = web_sys::KeyboardEvent::new("keydown").expect("event");
    // No KeyboardEventInit in this build's web-sys features: the key is set on the event.
    let descriptor = js_sys::Object::new();
    js_sys::Reflect::set(&descriptor, &"value".into(), &key.into()).expect("descriptor");
    js_sys::Object::define_property(&event, &"key".into(), &descriptor);
    input.dispatch_event(&event).expect("dispatched");
}

/// Past the picker's pause and the made-up answer.
async fn after_search() {
    gloo_timers::future::TimeoutFuture::new(400).await;
}

fn options(root: &Element) -> Vec<HtmlElement> {
    all(root, "[role=option]")
}

#[wasm_bindgen_test]
async fn the_held_records_show_by_name_sorted_with_missing_and_unknown_ids_as_ids() {
    let (root, form) = mount_picker();
    form.set("Businesses", "19, 24, 3".to_owned());
    next_tick().await;
    let names: Vec<String> = all::<HtmlButtonElement>(&root, "ul.ids button")
        .iter()
        .filter_map(|b| b.get_attribute("aria-label"))
        .collect();
    assert_eq!(
        names,
        [
            "Remove Archway Labs",
            "Remove #19",
            "Remove #24 (not found)"
        ]
    );
    assert!(
        button(&root, "Try again").is_connected(),
        "a failed lookup offers a retry"
    );
}

#[wasm_bindgen_test]
async fn the_combobox_opens_moves_and_picks_with_the_keyboard() {
    let (root, form) = mount_picker();
    let input = input_labelled(&root, "Add to businesses");
    assert_eq!(input.get_attribute("role").as_deref(), Some("combobox"));
    assert_eq!(
        input.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    let listbox = input.get_attribute("aria-controls").expect("aria-controls");
    let popup = root
        .query_selector(&format!("[id='{listbox}']"))
        .ok()
        .flatten()
        .expect("the listbox exists");
    assert_eq!(popup.get_attribute("role").as_deref(), Some("listbox"));

    type_into(&input, "a");
    after_search().await;
    assert_eq!(
        input.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    let found = options(&root);
    assert_eq!(found.len(), 2);
    assert_eq!(
        input.get_attribute("aria-activedescendant"),
        None,
        "nothing chosen yet"
    );
    let status = all::<HtmlElement>(&root, "[role=status]");
    assert_eq!(
        status[0].text_content().as_deref(),
        Some("2 matches shown, 12 more — keep typing.")
    );
    // The held one (3) is marked.
    assert_eq!(
        found[1].get_attribute("aria-disabled").as_deref(),
        Some("true")
    );

    press(&input, "ArrowDown");
    next_tick().await;
    assert_eq!(
        input.get_attribute("aria-activedescendant"),
        Some(found[0].id())
    );
    assert_eq!(
        found[0].get_attribute("aria-selected").as_deref(),
        Some("true")
    );
    press(&input, "ArrowDown");
    press(&input, "ArrowDown");
    next_tick().await;
    assert_eq!(
        input.get_attribute("aria-activedescendant"),
        Some(found[0].id()),
        "Down from the last wraps to the first"
    );
    press(&input, "ArrowUp");
    next_tick().await;
    assert_eq!(
        input.get_attribute("aria-activedescendant"),
        Some(found[1].id())
    );
    // Enter on the held one adds nothing.
    press(&input, "Enter");
    next_tick().await;
    assert_eq!(form.with_draft(|d| d.input("Businesses")), "3, 19");

    press(&input, "Escape");
    next_tick().await;
    assert_eq!(
        input.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    assert_eq!(input.get_attribute("aria-activedescendant"), None);
    assert_eq!(input.value(), "a", "the first Escape only closes");

    press(&input, "ArrowDown");
    next_tick().await;
    assert_eq!(
        input.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    press(&input, "Enter");
    next_tick().await;
    assert_eq!(form.with_draft(|d| d.input("Businesses")), "3, 19, 7");
    assert_eq!(
        input.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    assert_eq!(input.value(), "");
}

#[wasm_bindgen_test]
async fn an_answer_to_older_text_is_never_shown() {
    let (root, _form) = mount_picker();
    let input = input_labelled(&root, "Add to businesses");
    type_into(&input, "slow");
    // Its search is on its way (past the pause), and will answer last.
    after_search().await;
    type_into(&input, "bak");
    after_search().await;
    gloo_timers::future::TimeoutFuture::new(600).await;
    let shown: Vec<String> = options(&root)
        .iter()
        .filter_map(|o| o.text_content())
        .collect();
    assert_eq!(shown.len(), 2, "{shown:?}");
    assert!(shown[0].starts_with("Bakery Hub"), "{shown:?}");
}

#[wasm_bindgen_test]
async fn a_server_error_naming_a_held_id_names_its_record() {
    let (root, form) = mount_picker();
    form.set_server_errors(
        vec![(
            "Businesses",
            vec!["contains an id that does not exist (id 3)".to_owned()],
        )],
        Vec::new(),
    );
    next_tick().await;
    let input = input_labelled(&root, "Add to businesses");
    assert_eq!(
        message_of(&input).as_deref(),
        Some("Error: Businesses contains an id that does not exist (id 3, Archway Labs)")
    );
}
