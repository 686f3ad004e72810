//! The sign-in form: email and password, then the authenticator code when the account
//! asks for one. Used by the sign-in page and by the in-place dialog.

use leptos::prelude::*;

use crate::auth::{sign_in, Credentials, Session, SignInError};
use crate::components::{deferred, focus_when_shown};
use crate::config::Config;

/// Whether `code` looks like an authenticator code (spaces allowed, as people type them).
fn normalise_code(code: &str) -> Option<String> {
    let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    (digits.len() == 6 && digits.chars().all(|c| c.is_ascii_digit())).then_some(digits)
}

// The sign-in page and the dialog hand it its props; they share one split module.
crate::deferred!(sign_in, pub fn sign_in_form = |props| match deferred::args(props) {
    Some(props) => SignInForm(props).into_any(),
    None => ().into_any(),
});

/// The form. `id_prefix` keeps element ids unique; `persistent` is the storage choice
/// when `show_remember` is off. It signs in itself ([`sign_in`]), so that the code of
/// signing in travels with the form's part.
#[component]
pub fn SignInForm(
    id_prefix: &'static str,
    #[prop(into)] initial_email: String,
    show_remember: bool,
    persistent: bool,
    #[prop(into)] on_signed_in: Callback<Session>,
) -> impl IntoView {
    // Signing in again (the email already known): the password is what to type first.
    let prefilled = !initial_email.is_empty();
    if prefilled {
        // `autofocus` alone misses when the form arrives after its dialog opened (a
        // deferred part still downloading then).
        focus_when_shown(format!("{id_prefix}-password"));
    }
    let config = expect_context::<Config>();
    let email = RwSignal::new(initial_email);
    let password = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let remember = RwSignal::new(persistent);
    let needs_code = RwSignal::new(false);
    let field_error = RwSignal::new(None::<(&'static str, String)>);
    let form_error = RwSignal::new(None::<String>);
    let ids = move |name: &str| format!("{id_prefix}-{name}");

    // The answer changes what the form asks next (a code, the password again).
    let submit = Action::new_local(move |c: &Credentials| {
        let sent_code = c.totp.is_some();
        let (config, c) = (config.clone(), c.clone());
        async move {
            match sign_in(&config, &c).await {
                Ok(session) => {
                    password.set(String::new());
                    code.set(String::new());
                    on_signed_in.run(session);
                }
                Err(SignInError::TwoFactorRequired) if sent_code => {
                    code.set(String::new());
                    field_error.set(Some(("code", "That code was not accepted. Enter the current code from your authenticator app.".into())));
                }
                Err(SignInError::TwoFactorRequired) => {
                    form_error.set(None);
                    needs_code.set(true);
                    // The code step replaces the password: focus its only field.
                    focus_when_shown(ids("code"));
                }
                Err(SignInError::InvalidCredentials) => {
                    needs_code.set(false);
                    password.set(String::new());
                    form_error.set(Some(SignInError::InvalidCredentials.to_string()));
                }
                Err(other) => form_error.set(Some(other.to_string())),
            }
        }
    });

    let pending = submit.pending();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        form_error.set(None);
        field_error.set(None);
        let email_text = email.get_untracked().trim().to_owned();
        let totp = if needs_code.get_untracked() {
            match normalise_code(&code.get_untracked()) {
                Some(c) => Some(c),
                None => {
                    field_error.set(Some((
                        "code",
                        "Enter the 6-digit code from your authenticator app".into(),
                    )));
                    return;
                }
            }
        } else {
            None
        };
        if email_text.is_empty() {
            field_error.set(Some(("email", "Enter your email address".into())));
            return;
        }
        if password.get_untracked().is_empty() {
            field_error.set(Some(("password", "Enter your password".into())));
            return;
        }
        submit.dispatch(Credentials {
            email: email_text,
            password: password.get_untracked(),
            totp,
            persistent: remember.get_untracked(),
        });
    };

    let error_for = move |name: &'static str| {
        move || {
            field_error.with(|e| {
                e.as_ref()
                    .filter(|(n, _)| *n == name)
                    .map(|(_, m)| m.clone())
            })
        }
    };
    let invalid = move |name: &'static str| move || error_for(name)().is_some().then_some("true");
    let described = move |name: &'static str| {
        move || {
            error_for(name)()
                .is_some()
                .then(|| ids(&format!("{name}-error")))
        }
    };
    let message = move |name: &'static str| {
        move || {
            error_for(name)().map(|m| {
                view! {
                    <p class="field-error" id=ids(&format!("{name}-error"))>
                        <span class="visually-hidden">"Error: "</span>
                        {m}
                    </p>
                }
            })
        }
    };

    // The email and password inputs: the same field but for name, type and autocomplete.
    let credential = move |name: &'static str,
                           label: &'static str,
                           input_type: &'static str,
                           autocomplete: &'static str,
                           value: RwSignal<String>| {
        view! {
            <div class="field">
                <label for=ids(name)>{label}</label>
                {message(name)}
                <input
                    id=ids(name)
                    type=input_type
                    autocomplete=autocomplete
                    spellcheck="false"
                    autofocus=prefilled && name == "password"
                    aria-invalid=invalid(name)
                    aria-describedby=described(name)
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                />
            </div>
        }
    };

    view! {
        <form class="sign-in-form" method="post" on:submit=on_submit novalidate=true>
            <div role="alert" class="form-error">
                {move || form_error.get().map(|m| view! { <p>{m}</p> })}
            </div>
            <Show
                when=move || needs_code.get()
                fallback=move || {
                    view! {
                        {credential("email", "Email address", "email", "username", email)}
                        {credential("password", "Password", "password", "current-password", password)}
                        {show_remember.then(|| view! {
                            <div class="field checkbox">
                                <input
                                    id=ids("remember")
                                    type="checkbox"
                                    prop:checked=move || remember.get()
                                    on:change=move |ev| remember.set(event_target_checked(&ev))
                                />
                                <label for=ids("remember")>"Keep me signed in on this device"</label>
                            </div>
                        })}
                    }
                }
            >
                <div class="field">
                    <label for=ids("code")>"Authentication code"</label>
                    <p class="hint" id=ids("code-hint")>
                        "This account uses two-factor authentication. Enter the 6-digit code from your authenticator app."
                    </p>
                    {message("code")}
                    <input
                        id=ids("code")
                        type="text"
                        inputmode="numeric"
                        autocomplete="one-time-code"
                        maxlength="9"
                        class="code-input"
                        aria-invalid=invalid("code")
                        aria-describedby=move || {
                            let mut d = ids("code-hint");
                            if error_for("code")().is_some() {
                                d.push(' ');
                                d.push_str(&ids("code-error"));
                            }
                            d
                        }
                        prop:value=move || code.get()
                        on:input=move |ev| code.set(event_target_value(&ev))
                    />
                </div>
            </Show>
            <div class="actions">
                <button
                    type="submit"
                    class="primary"
                    aria-disabled=move || pending.get().then_some("true")
                    aria-busy=move || pending.get().then_some("true")
                >
                    {move || match (pending.get(), needs_code.get()) {
                        (true, _) => "Signing in…",
                        (false, true) => "Verify code",
                        (false, false) => "Sign in",
                    }}
                </button>
                {move || needs_code.get().then(|| view! {
                    <button
                        type="button"
                        class="secondary"
                        on:click=move |_| {
                            needs_code.set(false);
                            field_error.set(None);
                            code.set(String::new());
                        }
                    >
                        "Back"
                    </button>
                })}
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::normalise_code;

    #[test]
    fn codes_are_six_digits_with_spaces_allowed() {
        assert_eq!(normalise_code("123456"), Some("123456".into()));
        assert_eq!(normalise_code(" 123 456 "), Some("123456".into()));
        assert_eq!(normalise_code("12345"), None);
        assert_eq!(normalise_code("12345a"), None);
        assert_eq!(normalise_code("١٢٣٤٥٦"), None);
    }
}
