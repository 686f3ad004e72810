//! The session as app-wide state: sign-in, sign-out, refresh, other tabs.

pub mod session;

use std::cell::RefCell;
use std::rc::Rc;

use futures::future::{Either, FutureExt, LocalBoxFuture, Shared};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

pub use crate::api::token::SignInError;
use crate::api::{token, ApiError, Tokens};
use crate::config::Config;
pub use session::Session;
use session::SESSION_KEY;

const CHANNEL_NAME: &str = "user-admin.auth";
const SIGNED_OUT_MESSAGE: &str = "signed-out";

/// The session, provided as context to every page.
#[derive(Clone, Copy)]
pub struct Auth {
    session: RwSignal<Option<Session>>,
    /// True when the session ended under an open page (its refresh was refused): the
    /// page stays, and the in-place sign-in dialog asks to sign in again.
    reauth: RwSignal<bool>,
    /// The storage choice of the last session, so signing in again keeps it.
    persistent: RwSignal<bool>,
    /// Whose work the open page holds: the account signed in on the sign-in page. Signing
    /// in again in the dialog as someone else does not change it until the person says
    /// to carry on as the new account.
    owner: RwSignal<Option<String>>,
    /// See [`Auth::session_number`].
    number: StoredValue<u64>,
    /// The permissions the platform refused, by session: see [`Auth::refused`].
    /// (`"{session number} {permission}"`: a signal type the app has already.)
    refusals: RwSignal<Vec<String>>,
}

/// The channel to the other tabs, and its message handler, which lives as long as it.
type OtherTabs = (
    web_sys::BroadcastChannel,
    Closure<dyn Fn(web_sys::MessageEvent)>,
);

type RefreshFuture = Shared<LocalBoxFuture<'static, Result<(), ApiError>>>;

thread_local! {
    // One refresh at a time for the whole app: every request that finds the token
    // expired, or gets a 401, awaits this same future.
    static REFRESH_IN_FLIGHT: RefCell<Option<RefreshFuture>> = const { RefCell::new(None) };
    static CHANNEL: RefCell<Option<OtherTabs>> = const { RefCell::new(None) };
}

fn storage(persistent: bool) -> Option<web_sys::Storage> {
    let window = window();
    let store = if persistent {
        window.local_storage()
    } else {
        window.session_storage()
    };
    store.ok().flatten()
}

fn read_stored(persistent: bool) -> Option<Session> {
    let text = storage(persistent)?.get_item(SESSION_KEY).ok().flatten()?;
    let parsed = Session::parse_stored(&text).map(|mut s| {
        s.persistent = persistent;
        s
    });
    if parsed.is_none() {
        // Corrupt or foreign content: drop it so it cannot confuse a later read.
        if let Some(store) = storage(persistent) {
            let _ = store.remove_item(SESSION_KEY);
        }
    }
    parsed
}

/// What the sign-in form sends.
#[derive(Clone, PartialEq)]
pub struct Credentials {
    /// The account's email address.
    pub email: String,
    /// Its password.
    pub password: String,
    /// The authenticator code, when the account asked for one.
    pub totp: Option<String>,
    /// Keep the session in `localStorage` ("keep me signed in").
    pub persistent: bool,
}

/// Signs in with the configured API's password grant: the session to keep, or why not.
pub async fn sign_in(config: &Config, c: &Credentials) -> Result<Session, SignInError> {
    token::password_grant(config, &c.email, &c.password, c.totp.as_deref())
        .await
        .map(|token| Session::from_token(&token, &c.email, c.persistent, now_ms()))
}

/// Why an action is unavailable to an account the platform refused `permission`: "Your
/// account lacks the User-Delete permission, so it cannot delete users."
pub fn lacks(permission: &str, action: &str) -> String {
    format!("Your account lacks the {permission} permission, so it cannot {action}.")
}

/// The prefix of the edit page's kept drafts: personal data, gone at sign-out.
pub const DRAFT_KEY_PREFIX: &str = "user-admin.draft.";

fn clear_drafts() {
    let Some(store) = storage(false) else { return };
    let keys: Vec<String> = (0..store.length().unwrap_or(0))
        .filter_map(|i| store.key(i).ok().flatten())
        .filter(|k| k.starts_with(DRAFT_KEY_PREFIX))
        .collect();
    for key in keys {
        let _ = store.remove_item(&key);
    }
}

fn clear_stored() {
    for persistent in [false, true] {
        if let Some(store) = storage(persistent) {
            let _ = store.remove_item(SESSION_KEY);
        }
    }
}

/// Milliseconds since the epoch.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

fn same_account(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

impl Auth {
    /// The session found in storage, if any is readable.
    pub fn restore() -> Self {
        // This tab's own session first: a tab not kept signed in keeps its own account
        // even where another tab keeps one in `localStorage`.
        let found = read_stored(false).or_else(|| read_stored(true));
        crate::boot::claim_record(found.as_ref().map(|s| s.email.as_str()));
        Self {
            persistent: RwSignal::new(found.as_ref().is_some_and(|s| s.persistent)),
            owner: RwSignal::new(found.as_ref().map(|s| s.email.clone())),
            session: RwSignal::new(found),
            reauth: RwSignal::new(false),
            number: StoredValue::new(0),
            refusals: RwSignal::new(Vec::new()),
        }
    }

    /// The platform refused this session `permission` (e.g. `User-Delete`): the API has
    /// no way to ask which an account holds, so a refusal is how the app learns it.
    pub fn refuse(&self, permission: &'static str) {
        let refusal = format!("{} {permission}", self.session_number());
        if !self.refusals.with_untracked(|r| r.contains(&refusal)) {
            self.refusals.update(|r| r.push(refusal));
        }
    }

    /// Whether the platform refused this session `permission` (tracked); a later session
    /// (another account, maybe) is asked afresh.
    pub fn refused(&self, permission: &'static str) -> bool {
        let now = self.session_number_tracked();
        self.refusals
            .with(|r| r.contains(&format!("{now} {permission}")))
    }

    /// Which session the tab holds: a number that grows whenever a session ends or
    /// another account's begins, and stays through refreshes. What a page learns with one
    /// session's rights (names of related records) is kept under its number and shown
    /// under no later one (untracked).
    pub fn session_number(&self) -> u64 {
        self.number.get_value()
    }

    /// [`Auth::session_number`], read so that a change of session runs the reader again
    /// (tracked; a refresh does too).
    pub fn session_number_tracked(&self) -> u64 {
        self.signed_in();
        self.number.get_value()
    }

    /// Every change of the session goes through here, so none can skip
    /// [`Auth::session_number`]: only the same account carrying on keeps the number.
    fn hold(&self, next: Option<Session>) {
        let carries_on = self.session.with_untracked(|held| match (held, &next) {
            (Some(held), Some(next)) => same_account(&held.email, &next.email),
            _ => false,
        });
        if !carries_on {
            self.number.update_value(|n| *n += 1);
            // What the start-up script read was the ended session's.
            crate::boot::drop_record();
        }
        self.session.set(next);
    }

    /// Whether someone is signed in (tracked).
    pub fn signed_in(&self) -> bool {
        self.session.with(Option::is_some)
    }

    /// The signed-in person's email (tracked).
    pub fn email(&self) -> Option<String> {
        self.session.with(|s| s.as_ref().map(|s| s.email.clone()))
    }

    /// The account the open page was opened with, kept while its session has ended
    /// (untracked).
    pub fn page_account(&self) -> Option<String> {
        self.owner.get_untracked()
    }

    /// Whether the signed-in account is another than the one the open page was opened
    /// with: nothing interrupted is resumed until [`Auth::carry_on`] (tracked).
    pub fn account_changed(&self) -> bool {
        let owner = self.owner.get();
        self.session.with(|s| match (s, owner) {
            (Some(s), Some(owner)) => !same_account(&s.email, &owner),
            _ => false,
        })
    }

    /// The person chose to carry on with the open page as the account now signed in.
    pub fn carry_on(&self) {
        self.owner.set(
            self.session
                .with_untracked(|s| s.as_ref().map(|s| s.email.clone())),
        );
    }

    /// Runs `again` whenever someone signs in while `interrupted()` holds: how a page
    /// takes up the request that the end of the session cut short. Only as the account
    /// the page was opened with: after signing in as another, once the person chose to
    /// carry on as that one ([`Auth::account_changed`]). Call while building the page.
    pub fn resume_after_sign_in(
        &self,
        interrupted: impl Fn() -> bool + 'static,
        again: impl Fn() + 'static,
    ) {
        let auth = *self;
        Effect::new(move || {
            if auth.signed_in() && !auth.account_changed() && interrupted() {
                again();
            }
        });
    }

    /// Whether the in-place sign-in dialog should show (tracked).
    pub fn reauth_needed(&self) -> bool {
        self.reauth.get()
    }

    /// A session signed in on the sign-in page: the pages it opens are its own.
    pub fn sign_in(&self, session: Session) {
        self.owner.set(Some(session.email.clone()));
        self.keep(session);
        self.reauth.set(false);
    }

    /// A session signed in from the in-place dialog, over the open page. A sign-out
    /// meanwhile (here or in another tab) wins: the answer is dropped.
    pub fn sign_in_again(&self, session: Session) {
        if self.reauth.get_untracked() {
            self.keep(session);
            self.reauth.set(false);
        }
    }

    /// Keeps `session` in the storage its owner chose and holds it.
    fn keep(&self, session: Session) {
        // Overwrite in place: other tabs see one change, never a gap. A kept session
        // drops this tab's own copy; a session not kept leaves `localStorage` alone, as
        // other tabs may be using the session kept there.
        if session.persistent {
            if let Some(own) = storage(false) {
                let _ = own.remove_item(SESSION_KEY);
            }
        }
        if let Some(store) = storage(session.persistent) {
            let _ = store.set_item(SESSION_KEY, &session.to_stored());
        }
        self.persistent.set(session.persistent);
        self.hold(Some(session));
    }

    /// Whether the last session was kept in `localStorage` (untracked).
    pub fn kept_signed_in(&self) -> bool {
        self.persistent.get_untracked()
    }

    /// Forgets every token and draft, here and in the other open tabs. Works offline:
    /// nothing is sent to the server.
    pub fn sign_out(&self) {
        self.end_here();
        CHANNEL.with(|c| {
            if let Some((channel, _)) = c.borrow().as_ref() {
                let _ = channel.post_message(&JsValue::from_str(SIGNED_OUT_MESSAGE));
            }
        });
    }

    /// Everything a sign-out ends in this tab: tokens, drafts, the dialog and the page
    /// behind it.
    fn end_here(&self) {
        clear_stored();
        clear_drafts();
        self.hold(None);
        self.reauth.set(false);
        self.owner.set(None);
    }

    /// The session ended under an open page: forget it, keep the page, ask again.
    fn session_lost(&self) {
        // The dialog first, so the guarded page never sees "signed out and no dialog".
        self.reauth.set(true);
        let held = self.session.get_untracked();
        if let Some(held) = held {
            // Only our own copy: a storage holding another session (another tab's, or
            // another account's) is not ours to end.
            if read_stored(held.persistent).is_some_and(|s| s.refresh_token == held.refresh_token) {
                if let Some(store) = storage(held.persistent) {
                    let _ = store.remove_item(SESSION_KEY);
                }
            }
        }
        self.hold(None);
    }

    /// Follows sign-out and token rotation done in other tabs, until the owner that
    /// called it (the app) is disposed.
    pub fn listen_to_other_tabs(&self) {
        let auth = *self;
        if let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL_NAME) {
            let on_message =
                Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                    if ev.data().as_string().as_deref() == Some(SIGNED_OUT_MESSAGE) {
                        auth.end_here();
                    }
                });
            channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            // The handler lives as long as the channel: both go when the app does.
            CHANNEL.with(|c| *c.borrow_mut() = Some((channel, on_message)));
            on_cleanup(|| {
                CHANNEL.with(|c| {
                    if let Some((channel, _handler)) = c.borrow_mut().take() {
                        channel.set_onmessage(None);
                        channel.close();
                    }
                });
            });
        }
        let storage = window_event_listener(leptos::ev::storage, move |ev| {
            let ours = ev.key().is_none() || ev.key().as_deref() == Some(SESSION_KEY);
            if ours {
                auth.follow_stored();
            }
        });
        on_cleanup(move || storage.remove());
    }

    /// Another tab changed the kept session.
    fn follow_stored(&self) {
        let auth = *self;
        match read_stored(true) {
            // Another tab refreshed: its new tokens replace ours, whose refresh token is
            // now spent. Only our own kept session follows like that (or a signed-out
            // tab, not one waiting in the sign-in dialog): a tab never turns into another
            // account or storage choice under an open page.
            Some(session) => {
                let follow = auth.session.with_untracked(|ours| match ours {
                    Some(ours) => ours.persistent && same_account(&ours.email, &session.email),
                    None => !auth.reauth.get_untracked(),
                });
                if follow {
                    auth.owner.set(Some(session.email.clone()));
                    auth.hold(Some(session));
                }
            }
            // Gone: signed out in another tab (whose message ends this tab too), or its
            // refresh was refused, so ours is spent as well: ask again over the page.
            None => {
                if auth
                    .session
                    .with_untracked(|s| s.as_ref().is_some_and(|s| s.persistent))
                {
                    auth.session_lost();
                }
            }
        }
    }

    /// An access token good for the next request, refreshed first when it is about to
    /// expire.
    pub async fn access_token(&self, config: &Config) -> Result<String, ApiError> {
        let current = self.session.get_untracked().ok_or(ApiError::SignedOut)?;
        if !current.needs_refresh(now_ms()) {
            return Ok(current.access_token);
        }
        self.refresh(config).await?;
        self.current_token()
    }

    /// After a 401 sent with `stale`: refresh once (or reuse the refresh another request
    /// already made) and hand back the new token.
    pub async fn token_after_401(&self, config: &Config, stale: &str) -> Result<String, ApiError> {
        let current = self.current_token()?;
        if current != stale {
            return Ok(current);
        }
        self.refresh(config).await?;
        self.current_token()
    }

    fn current_token(&self) -> Result<String, ApiError> {
        self.session
            .with_untracked(|s| s.as_ref().map(|s| s.access_token.clone()))
            .ok_or(ApiError::SignedOut)
    }

    async fn refresh(&self, config: &Config) -> Result<(), ApiError> {
        let (auth, config) = (*self, config.clone());
        let flight = REFRESH_IN_FLIGHT.with(|slot| {
            slot.borrow_mut()
                .get_or_insert_with(|| {
                    async move {
                        // A part that cannot be had is a network failure: the session
                        // stays, and the next request tries again.
                        let outcome = match refresh_flow().await {
                            Ok(run) => run(auth, config).await,
                            Err(_) => Err(ApiError::Network),
                        };
                        REFRESH_IN_FLIGHT.with(|slot| slot.borrow_mut().take());
                        outcome
                    }
                    .boxed_local()
                    .shared()
                })
                .clone()
        });
        flight.await
    }
}

impl Tokens for Auth {
    fn current(&self, config: &Config) -> LocalBoxFuture<'static, Result<String, ApiError>> {
        let (auth, config) = (*self, config.clone());
        async move { auth.access_token(&config).await }.boxed_local()
    }

    fn after_401(
        &self,
        config: &Config,
        stale: String,
    ) -> LocalBoxFuture<'static, Result<String, ApiError>> {
        let (auth, config) = (*self, config.clone());
        async move { auth.token_after_401(&config, &stale).await }.boxed_local()
    }
}

// The refresh runs once an access token nears its end, minutes into a session: a part of
// its own, off the first download, fetched once the first page is shown
// ([`prefetch_refresh`]) so that a release deployed meanwhile cannot take it away.
crate::deferred!(refresh, fn refresh_flow -> fn(Auth, Config) -> LocalBoxFuture<'static, Result<(), ApiError>> = |a, c| Box::pin(async move { refresh_once(a, &c).await }));

/// Fetches the refresh's part a few seconds after the first page, off the path of its
/// first load (a token lasts minutes; the part must be here before a deploy can take it).
pub fn prefetch_refresh() {
    wasm_bindgen_futures::spawn_local(async {
        gloo_timers::future::TimeoutFuture::new(PREFETCH_REFRESH_AFTER_MS).await;
        let _ = refresh_flow().await;
    });
}

const PREFETCH_REFRESH_AFTER_MS: u32 = 3_000;

async fn refresh_once(auth: Auth, config: &Config) -> Result<(), ApiError> {
    let Some(held) = auth.session.get_untracked() else {
        return Err(ApiError::SignedOut);
    };
    if !held.persistent {
        return refresh_with(auth, config, held).await;
    }
    // Tabs sharing localStorage share one single-use refresh token: they take turns,
    // and a tab whose turn comes after another's refresh uses that tab's new tokens.
    let config = config.clone();
    let wait_ms = config.request_timeout_ms;
    with_browser_lock(REFRESH_LOCK, wait_ms, move || async move {
        match read_stored(true) {
            Some(stored) if stored.refresh_token != held.refresh_token => {
                auth.take_over(&held, stored)
            }
            _ => refresh_with(auth, &config, held).await,
        }
    })
    .await
}

impl Auth {
    /// Another tab refreshed `held` before us and stored `stored`: carry on with it if
    /// it is the same account; a tab never turns into another account, it asks.
    fn take_over(&self, held: &Session, stored: Session) -> Result<(), ApiError> {
        if let Some(ended) = self.moved_on_from(held) {
            return ended;
        }
        if same_account(&stored.email, &held.email) {
            self.hold(Some(stored));
            Ok(())
        } else {
            self.session_lost();
            Err(ApiError::SignedOut)
        }
    }

    /// `None` while this tab still holds `held`; otherwise what the requests waiting on
    /// its refresh get.
    fn moved_on_from(&self, held: &Session) -> Option<Result<(), ApiError>> {
        let ours = self
            .session
            .with_untracked(|s| s.as_ref().map(|s| s.refresh_token == held.refresh_token));
        match ours {
            // Signed out here.
            None => Some(Err(ApiError::SignedOut)),
            // Replaced by a newer session of this tab: the requests use that one.
            Some(false) => Some(Ok(())),
            Some(true) => None,
        }
    }

    /// As [`Auth::moved_on_from`], and `held` must still be the stored session too: one
    /// gone from storage was signed out in another tab (whose message is on its way).
    /// A sign-out wins over every refresh in flight: its answer must not bring the
    /// session back, here or, through storage, in any tab.
    fn superseded(&self, held: &Session) -> Option<Result<(), ApiError>> {
        self.moved_on_from(held).or_else(|| {
            let stored =
                read_stored(held.persistent).is_some_and(|s| s.refresh_token == held.refresh_token);
            (!stored).then(|| {
                self.session_lost();
                Err(ApiError::SignedOut)
            })
        })
    }
}

async fn refresh_with(auth: Auth, config: &Config, held: Session) -> Result<(), ApiError> {
    if let Some(ended) = auth.superseded(&held) {
        return ended;
    }
    let answer = token::refresh_grant(config, &held.refresh_token).await;
    if let Some(ended) = auth.superseded(&held) {
        return ended;
    }
    match answer {
        Ok(answer) => {
            auth.keep(held.refreshed(&answer, now_ms()));
            Ok(())
        }
        // Only a refused refresh token ends the session; a server or network failure
        // leaves it to try again.
        Err(token::SignInError::InvalidCredentials) => {
            auth.session_lost();
            Err(ApiError::SignedOut)
        }
        Err(token::SignInError::Network) => Err(ApiError::Network),
        Err(token::SignInError::Server(status)) => Err(ApiError::Server(status)),
        Err(_) => Err(ApiError::Malformed),
    }
}

const REFRESH_LOCK: &str = "user-admin.refresh";

/// Runs `work` holding the browser-wide Web Lock `name` (one holder across all tabs of
/// this origin). Where the browser has no Web Locks, refuses the request (at once or
/// later) or does not grant it within `wait_ms`, runs it without the lock: every request
/// of the tab waits on this work, so it must come to an end.
async fn with_browser_lock<F, Fut>(name: &str, wait_ms: u32, work: F) -> Result<(), ApiError>
where
    F: FnOnce() -> Fut + 'static,
    Fut: std::future::Future<Output = Result<(), ApiError>> + 'static,
{
    let navigator = window().navigator();
    let locks = js_sys::Reflect::get(&navigator, &JsValue::from_str("locks"))
        .ok()
        .filter(JsValue::is_object);
    let request = locks.as_ref().and_then(|l| {
        js_sys::Reflect::get(l, &JsValue::from_str("request"))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    });
    let (Some(locks), Some(request)) = (locks, request) else {
        return work().await;
    };
    // Shared with the callback, so the work can still run here if the lock never calls.
    let pending = Rc::new(RefCell::new(Some(work)));
    let (sender, receiver) = futures::channel::oneshot::channel();
    let in_lock = Rc::clone(&pending);
    // The lock is held until the promise this callback returns settles.
    let callback = Closure::once_into_js(move |_lock: JsValue| -> js_sys::Promise {
        wasm_bindgen_futures::future_to_promise(async move {
            let taken = in_lock.borrow_mut().take();
            if let Some(work) = taken {
                let _ = sender.send(work().await);
            }
            Ok(JsValue::UNDEFINED)
        })
    });
    let asked = request.call2(&locks, &JsValue::from_str(name), &callback);
    // The request's promise settles once the lock was held and released, or when the
    // browser refuses it, which may come long after the call.
    let settled = match asked
        .ok()
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok())
    {
        Some(promise) => wasm_bindgen_futures::JsFuture::from(promise)
            .map(drop)
            .boxed_local(),
        None => futures::future::ready(()).boxed_local(),
    };
    let given_up =
        futures::future::select(settled, gloo_timers::future::TimeoutFuture::new(wait_ms));
    let receiver = match futures::future::select(receiver, given_up).await {
        Either::Left((outcome, _)) => return outcome.unwrap_or(Err(ApiError::Network)),
        Either::Right((_, receiver)) => receiver,
    };
    let unrun = pending.borrow_mut().take();
    match unrun {
        Some(work) => work().await,
        // The lock was granted in time after all: the work runs there.
        None => receiver.await.unwrap_or(Err(ApiError::Network)),
    }
}
