//! The frame of every signed-in page: header with sign-out, the page, and the in-place
//! sign-in dialog that appears when the session ends under an open page.

use leptos::prelude::*;

use crate::components::zone_switch::ZoneSwitch;

use crate::auth::{Auth, Session};
use crate::components::deferred::{Deferred, LoadPart, Part};
use crate::components::leave_guard::LeaveGuard;
use crate::components::sign_in_form::{sign_in_form, SignInFormProps};
use crate::pages::{user_edit::UserEdit, user_new::new_user_page, users::users_page};
use crate::router::{sign_in_url, Page, Router};

/// Shows its children to a signed-in administrator; anyone else is sent to sign in and
/// brought back here afterwards. A session that ends while the page is open does not
/// navigate away: the dialog in [`Shell`] takes over.
#[component]
pub fn RequireSession(children: ChildrenFn) -> impl IntoView {
    let auth = expect_context::<Auth>();
    let router = expect_context::<Router>();
    // A memo, so a refreshed token (a new session value) does not rebuild the page.
    let allowed = Memo::new(move |_| auth.signed_in() || auth.reauth_needed());
    Effect::new(move || {
        if !allowed.get() {
            router.navigate(&sign_in_url(&router.here()), true);
        }
    });
    move || allowed.get().then(|| children())
}

/// Going to another page of the app, saying why there ("User created"), with nothing
/// unsaved to ask about; taken from context as a page is set up, so that the page's
/// tasks can use it after an `await` (where there is no context).
#[derive(Clone, Copy)]
pub struct Departure {
    guard: LeaveGuard,
    router: Router,
}

/// How a page's task ended: on another page (after [`Departure::go`]: nothing of the one
/// left may be touched, its reactive values are going), or on this one, with `T`.
pub enum Ended<T> {
    Left,
    Here(T),
}

impl Departure {
    /// The app's, from context.
    pub fn from_context() -> Self {
        Self {
            guard: expect_context::<LeaveGuard>(),
            router: expect_context::<Router>(),
        }
    }

    /// Goes to `to` (a path of this app), where `text` is said.
    pub fn go(&self, to: &str, text: String) {
        self.guard.release();
        self.router.navigate_saying(to, text);
    }
}

/// Header, page, and the in-place sign-in dialog.
#[component]
pub fn Shell() -> impl IntoView {
    let auth = expect_context::<Auth>();
    let guard = expect_context::<LeaveGuard>();
    let router = expect_context::<Router>();
    let page = router.page();
    let on_users = move || page.with(|p| *p == Page::Users).then_some("page");
    crate::auth::prefetch_refresh();
    view! {
        <a class="skip-link" href="#main">"Skip to main content"</a>
        <header class="app-header">
            <a href="/users" class="brand">"User Admin"</a>
            <nav aria-label="Main">
                <a href="/users" aria-current=on_users>"Users"</a>
            </nav>
            <div class="account">
                <span class="who">{move || auth.email().map(|e| format!("Signed in as {e}"))}</span>
                <ZoneSwitch/>
                <button
                    type="button"
                    class="secondary"
                    on:click=move |_| {
                        if guard.may_leave() {
                            auth.sign_out();
                        }
                    }
                >
                    "Sign out"
                </button>
            </div>
        </header>
        <Show when=move || auth.account_changed()>
            <Deferred load=account_changed show=|notice: Part| notice(Box::new(()))/>
        </Show>
        <p role="status" class="flash">{move || router.said()}</p>
        <main id="main" tabindex="-1">
            {move || match page.get() {
                Page::UserEdit(id) => view! { <UserEdit id/> }.into_any(),
                other => {
                    let load: LoadPart = if other == Page::UserNew { new_user_page } else { users_page };
                    view! { <Deferred load show=|page: Part| page(Box::new(()))/> }.into_any()
                }
            }}
        </main>
        <Show when=move || auth.reauth_needed()>
            // The dialog offers the account the page was opened with.
            <Deferred
                load=reauth_dialog
                show=move |dialog: Part| dialog(Box::new(auth.page_account().unwrap_or_default()))
            />
        </Show>
    }
}

// Shown when a session's refresh is refused: in the refresh's part, fetched early (see
// `auth::prefetch_refresh`), so the dialog can always say what it could not show.
crate::deferred!(refresh, fn reauth_dialog = |given| match crate::components::deferred::args::<String>(given) {
    Some(email) => view! { <ReauthDialog email/> }.into_any(),
    None => ().into_any(),
});

/// Asks to sign in again over the current page, which stays as it is underneath.
#[component]
fn ReauthDialog(email: String) -> impl IntoView {
    let auth = expect_context::<Auth>();
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    Effect::new(move || {
        if let Some(d) = dialog.get() {
            // Modal: focus moves in, the page behind is inert until signed in.
            let _ = d.show_modal();
        }
    });
    let persistent = auth.kept_signed_in();
    let form = move |render: Part| {
        render(Box::new(
            SignInFormProps::builder()
                .id_prefix("reauth")
                .initial_email(email.clone())
                .show_remember(false)
                .persistent(persistent)
                .on_signed_in(move |session: Session| auth.sign_in_again(session))
                .build(),
        ))
    };
    view! {
        <dialog
            node_ref=dialog
            class="reauth"
            aria-labelledby="reauth-title"
            on:cancel=move |ev: leptos::ev::Event| ev.prevent_default()
        >
            <h2 id="reauth-title">"Your session has ended"</h2>
            <p>"Sign in again to carry on. Nothing on this page has been lost."</p>
            <Deferred load=sign_in_form show=form/>
            <p class="dialog-footer">
                <button type="button" class="link" on:click=move |_| auth.sign_out()>
                    "Sign out instead (unsaved changes on this page are lost)"
                </button>
            </p>
        </dialog>
    }
}

// Seldom shown (another account signed in over an open page): a part of its own.
crate::deferred!(account, fn account_changed = |_| view! { <AccountChanged/> }.into_any());

/// Says that the dialog signed in another account than the page was opened with, and
/// holds back what the end of the session interrupted until the person carries on.
#[component]
fn AccountChanged() -> impl IntoView {
    let auth = expect_context::<Auth>();
    let now = untrack(|| auth.email()).unwrap_or_default();
    let before = auth.page_account().unwrap_or_default();
    view! {
        <div class="notice account-changed" role="alert">
            <p>
                {format!(
                    "You are now signed in as {now}, not as {before}, who opened this page. Nothing interrupted has been sent as {now}; your changes are still here."
                )}
            </p>
            <div class="actions">
                <button type="button" class="primary" on:click=move |_| auth.carry_on()>
                    {format!("Carry on as {now}")}
                </button>
            </div>
        </div>
    }
}
