//! The field components, one per kind, written once and rendered from the catalogue.

use contract::json::Value;
use contract::validate::check_https_url;
use contract::{FieldSpec, Kind, Language};
use leptos::prelude::*;

use contract::datetime::twice_in_shown;

use crate::components::deferred::{Deferred, Part};
use crate::components::format_datetime;
use crate::components::id_list::IdListField;
use crate::components::twice::twice_choice;
use crate::form::FormState;

/// The id of a field's input (what its label and the error summary point at).
pub fn input_id(spec: &FieldSpec) -> String {
    match spec.kind {
        // A list's focusable input is its "add" box.
        Kind::IdList => format!("f-{}-add", spec.name),
        _ => format!("f-{}", spec.name),
    }
}

pub(super) fn error_id(spec: &FieldSpec) -> String {
    format!("f-{}-error", spec.name)
}

fn hint_id(spec: &FieldSpec) -> String {
    format!("f-{}-hint", spec.name)
}

/// One field's reads of the form, each a memo: a keystroke changes the whole draft, and
/// without these every field would re-render on every keystroke in any other field.
#[derive(Clone, Copy)]
pub(super) struct FieldReads {
    /// The input text.
    pub(super) value: Memo<String>,
    /// The messages it shows.
    pub(super) messages: Memo<Vec<String>>,
}

impl FieldReads {
    pub(super) fn new(form: FormState, name: &'static str) -> Self {
        Self {
            value: Memo::new(move |_| {
                track_zone(name);
                form.input(name)
            }),
            messages: Memo::new(move |_| {
                track_zone(name);
                form.messages(name)
            }),
        }
    }

    pub(super) fn has_error(self) -> bool {
        self.messages.with(|m| !m.is_empty())
    }

    /// `aria-invalid`.
    fn invalid(self) -> impl Fn() -> Option<&'static str> {
        move || self.has_error().then_some("true")
    }

    /// What `aria-describedby` lists: the hint, then the errors when there are any.
    fn described_by(self, spec: &'static FieldSpec, hint: bool) -> impl Fn() -> Option<String> {
        move || {
            let mut ids = Vec::new();
            if hint {
                ids.push(hint_id(spec));
            }
            if self.has_error() {
                ids.push(error_id(spec));
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    }
}

/// A date-time's text and messages depend on the zone shown: they are read again when it
/// changes.
fn track_zone(name: &str) {
    if contract::field(name).is_some_and(|spec| spec.kind == Kind::DateTime) {
        crate::clock::track();
    }
}

/// A field's messages, each with a visually hidden "Error:" for screen readers.
#[component]
pub(super) fn Messages(spec: &'static FieldSpec, messages: Memo<Vec<String>>) -> impl IntoView {
    move || {
        let messages = messages.get();
        (!messages.is_empty()).then(|| {
            view! {
                <p class="field-error" id=error_id(spec)>
                    {messages
                        .into_iter()
                        .map(|m| view! { <span class="message"><span class="visually-hidden">"Error: "</span>{m}</span> })
                        .collect_view()}
                </p>
            }
        })
    }
}

fn hint(
    spec: &'static FieldSpec,
    text: impl Fn() -> String + Send + Sync + 'static,
) -> impl IntoView {
    (!text().is_empty()).then(|| view! { <p class="hint" id=hint_id(spec)>{text}</p> })
}

/// Any field, by its kind.
#[component]
pub fn Field(spec: &'static FieldSpec) -> impl IntoView {
    match spec.kind {
        Kind::Bool => view! { <BoolField spec/> }.into_any(),
        Kind::Language => view! { <LanguageField spec/> }.into_any(),
        Kind::IdList => view! { <IdListField spec/> }.into_any(),
        Kind::Secret => view! { <SecretField spec/> }.into_any(),
        Kind::ReadOnly => view! { <ReadOnlyField spec/> }.into_any(),
        _ => view! { <TextField spec/> }.into_any(),
    }
}

fn label_text(spec: &FieldSpec) -> String {
    if spec.required {
        spec.label.to_owned()
    } else {
        format!("{} (optional)", spec.label)
    }
}

/// Text, email, password, number, date-time, GUID and URL fields: one input each, with
/// the kind deciding its type, keyboard and autocomplete.
#[component]
fn TextField(spec: &'static FieldSpec) -> impl IntoView {
    let form = expect_context::<FormState>();
    let name = spec.name;
    // The browser's date-time control takes only values it can read: a server value it
    // cannot stays a text box, shown as it came, so nothing is hidden.
    let datetime_control = spec.kind == Kind::DateTime
        && form.with_draft(|d| {
            let text = d.input(name);
            text.is_empty() || contract::datetime::parse_datetime(&text).is_ok()
        });
    let (input_type, inputmode, autocomplete) = match spec.kind {
        Kind::Email => ("email", None, "off"),
        Kind::NewPassword | Kind::ConfirmPassword => ("password", None, "new-password"),
        Kind::AvatarUrl => ("url", None, "off"),
        Kind::Integer | Kind::OptionalId => ("text", Some("numeric"), "off"),
        Kind::DateTime if datetime_control => ("datetime-local", None, "off"),
        _ => ("text", None, "off"),
    };
    let help = move || {
        let extra = match spec.kind {
            Kind::DateTime => format!("In {}. Leave empty for none.", crate::clock::shown_name()),
            _ => String::new(),
        };
        [spec.help, &extra]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let has_hint = !help().is_empty();
    let reads = FieldReads::new(form, name);
    let preview = (spec.kind == Kind::AvatarUrl).then(|| AvatarPreview::new(reads.value));
    view! {
        <div class="field" class:has-error=move || reads.has_error()>
            <label for=input_id(spec)>{label_text(spec)}</label>
            {hint(spec, help)}
            <Messages spec messages=reads.messages/>
            <input
                id=input_id(spec)
                type=input_type
                step=datetime_control.then_some("1")
                inputmode=inputmode
                autocomplete=autocomplete
                spellcheck="false"
                aria-invalid=reads.invalid()
                aria-describedby=reads.described_by(spec, has_hint)
                prop:value=move || {
                    let text = reads.value.get();
                    if datetime_control {
                        // A typed instant's text stays the same in another zone; what
                        // the control shows does not.
                        crate::clock::track();
                        contract::datetime::control_text(&text)
                    } else {
                        text
                    }
                }
                on:input=move |ev| {
                    // A date-time the control cannot read yet has no value: the field
                    // says so, and the value it had stays until it can.
                    let unreadable = datetime_control
                        && event_target::<web_sys::HtmlInputElement>(&ev).validity().bad_input();
                    if datetime_control {
                        form.set_unfinished(name, if unreadable { "?".into() } else { String::new() });
                    }
                    if !unreadable {
                        form.set(name, event_target_value(&ev));
                    }
                    if let Some(p) = preview {
                        p.after_pause();
                    }
                }
                on:blur=move |_| {
                    form.validate_on_blur(name);
                    if let Some(p) = preview {
                        p.now();
                    }
                }
            />
            {preview.map(AvatarPreview::view)}
            {(spec.kind == Kind::DateTime).then(|| {
                let twice = Memo::new(move |_| twice_in_shown(&reads.value.get()).is_some());
                move || twice.get().then(|| view! {
                    <Deferred load=twice_choice show=move |part: Part| part(Box::new(name))/>
                })
            })}
        </div>
    }
}

/// Whether the address's host is a name or address the standard accepts. Chromium's
/// `URL` is lenient where the standard refuses: it takes `https://img example/a.png`,
/// escaping the space into the host (`img%20example`), and the preview would ask DNS for
/// that. A host the standard accepts never holds a `%` once parsed.
fn host_resolvable(url: &str) -> bool {
    contract::weburl::parse(url).is_some_and(|u| !u.host.contains('%'))
}

/// The new avatar's preview: loaded only once typing pauses or the field is left, and
/// only for an address the rules accept as a whole https URL — never for every partial
/// address typed on the way, each of which would be a request to some host.
#[derive(Clone, Copy)]
struct AvatarPreview {
    typed: Memo<String>,
    shown: RwSignal<Option<String>>,
    typing: StoredValue<u32>,
}

/// Typing must pause this long before the preview loads.
const PREVIEW_PAUSE_MS: u32 = 800;

impl AvatarPreview {
    fn new(typed: Memo<String>) -> Self {
        let preview = Self {
            typed,
            shown: RwSignal::new(None),
            typing: StoredValue::new(0),
        };
        preview.now();
        preview
    }

    fn now(self) {
        self.typing.update_value(|n| *n += 1);
        let url = self.typed.get_untracked().trim().to_owned();
        let accepted = (!url.is_empty() && check_https_url(&url).is_ok() && host_resolvable(&url))
            .then_some(url);
        if accepted != self.shown.get_untracked() {
            self.shown.set(accepted);
        }
    }

    fn after_pause(self) {
        self.typing.update_value(|n| *n += 1);
        let mine = self.typing.get_value();
        wasm_bindgen_futures::spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(PREVIEW_PAUSE_MS).await;
            if self.typing.try_get_value() == Some(mine) {
                self.now();
            }
        });
    }

    fn view(self) -> impl IntoView {
        move || {
            self.shown.get().map(|url| {
                view! {
                    <img
                        class="avatar-preview"
                        src=url
                        referrerpolicy="no-referrer"
                        alt="Preview of the new avatar"
                        width="96"
                        height="96"
                    />
                }
            })
        }
    }
}

/// A checkbox.
#[component]
fn BoolField(spec: &'static FieldSpec) -> impl IntoView {
    let form = expect_context::<FormState>();
    let name = spec.name;
    let has_hint = !spec.help.is_empty();
    let reads = FieldReads::new(form, name);
    view! {
        <div class="field checkbox" class:has-error=move || reads.has_error()>
            <input
                id=input_id(spec)
                type="checkbox"
                aria-invalid=reads.invalid()
                aria-describedby=reads.described_by(spec, has_hint)
                prop:checked=move || reads.value.with(|v| v == "true")
                on:change=move |ev| {
                    form.set(name, event_target_checked(&ev).to_string());
                    form.validate_on_blur(name);
                }
            />
            <div>
                <label for=input_id(spec)>{spec.label}</label>
                {hint(spec, || spec.help.to_owned())}
                <Messages spec messages=reads.messages/>
            </div>
        </div>
    }
}

/// The `eLanguage` select; an integer the app does not know stays selectable as is.
#[component]
fn LanguageField(spec: &'static FieldSpec) -> impl IntoView {
    let form = expect_context::<FormState>();
    let name = spec.name;
    // The baseline changes with a save or a merge: the choices follow it.
    let baseline = Memo::new(move |_| {
        form.with_field(name, |d| {
            d.baseline()
                .get(name)
                .and_then(|v| v.as_i64())
                .map(Language::from_i64)
        })
    });
    let choices = move || {
        let mut choices: Vec<Language> = Language::KNOWN.to_vec();
        if let Some(other @ Language::Other(_)) = baseline.get() {
            choices.push(other);
        }
        choices
    };
    let reads = FieldReads::new(form, name);
    view! {
        <div class="field" class:has-error=move || reads.has_error()>
            <label for=input_id(spec)>{label_text(spec)}</label>
            <Messages spec messages=reads.messages/>
            <select
                id=input_id(spec)
                aria-invalid=reads.invalid()
                aria-describedby=reads.described_by(spec, false)
                on:change=move |ev| {
                    form.set(name, event_target_value(&ev));
                    form.validate_on_blur(name);
                }
            >
                {move || baseline.get().is_none().then(|| view! { <option value="" prop:selected=move || reads.value.with(String::is_empty)>"Choose a language"</option> })}
                {move || choices()
                    .into_iter()
                    .map(|lang| {
                        let value = lang.to_i64().to_string();
                        let current = value.clone();
                        view! {
                            <option value=value prop:selected=move || reads.value.with(|v| *v == current)>
                                {lang.label()}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

/// A secret: whether it is set, never its value.
#[component]
fn SecretField(spec: &'static FieldSpec) -> impl IntoView {
    let form = expect_context::<FormState>();
    let state = move || {
        let set = form.with_field(spec.name, |d| {
            d.baseline()
                .get(spec.name)
                .is_some_and(|v| !v.is_null() && v.as_str() != Some(""))
        });
        if set {
            "Set (hidden; kept as it is)"
        } else {
            "Not set"
        }
    };
    view! {
        <dl class="read-only">
            <dt>{spec.label}</dt>
            <dd>{state}</dd>
        </dl>
    }
}

/// A fact the platform keeps, shown, never edited.
#[component]
fn ReadOnlyField(spec: &'static FieldSpec) -> impl IntoView {
    let form = expect_context::<FormState>();
    let text = move || {
        form.with_field(spec.name, |d| {
            let value = d.baseline().get(spec.name).unwrap_or(&Value::Null);
            match value.as_str() {
                _ if value.is_null() => "—".to_owned(),
                Some("") => "—".to_owned(),
                Some(s) if spec.name.ends_with("On") => format_datetime(s),
                Some(s) => s.to_owned(),
                None => value.to_string(),
            }
        })
    };
    view! {
        <dl class="read-only">
            <dt>{spec.label}</dt>
            <dd>{text}</dd>
        </dl>
    }
}
