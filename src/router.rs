//! The app's own router: four addresses over the History API. `leptos_router` brought
//! about 40 KB brotli to the bundle for matching, nesting and hooks this app never uses
//! (BENCHMARKS.md), and the size budget could not carry it.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// A page of the app, as its address names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Page {
    SignIn,
    Users,
    /// `/users/new`: a user to create.
    UserNew,
    /// `/users/{id}`, with the id as written: the page itself checks it.
    UserEdit(String),
    NotFound,
}

impl Page {
    /// The page at `path` (a `location.pathname`); `/` is the users page.
    pub fn of_path(path: &str) -> Self {
        let path = path.strip_suffix('/').unwrap_or(path);
        let mut segments = path.split('/').skip(1);
        match (segments.next(), segments.next(), segments.next()) {
            (None, ..) => Page::Users,
            (Some("sign-in"), None, _) => Page::SignIn,
            (Some("users"), None, _) => Page::Users,
            (Some("users"), Some("new"), None) => Page::UserNew,
            (Some("users"), Some(id), None) if !id.is_empty() => Page::UserEdit(id.to_owned()),
            _ => Page::NotFound,
        }
    }

    /// Whether the page is for a signed-in administrator, inside the app's frame.
    pub fn signed_in_only(&self) -> bool {
        matches!(self, Page::Users | Page::UserNew | Page::UserEdit(_))
    }
}

/// The current address, in context for every page.
#[derive(Clone, Copy)]
pub struct Router {
    path: RwSignal<String>,
    /// `location.search` without its `?`.
    query: RwSignal<String>,
    page: Memo<Page>,
    /// What brought the admin here ("User created"), said until they move on.
    said: RwSignal<String>,
}

impl Router {
    /// Reads the address and follows it through links, Back and Forward; call once.
    pub fn install() -> Self {
        let path = RwSignal::new(String::new());
        let router = Self {
            path,
            query: RwSignal::new(String::new()),
            page: Memo::new(move |_| path.with(|p| Page::of_path(p))),
            said: RwSignal::new(String::new()),
        };
        router.sync();
        router.listen();
        router
    }

    /// The page the address names.
    pub fn page(&self) -> Memo<Page> {
        self.page
    }

    /// A parameter of the address's query, decoded as the browser decodes it.
    pub fn query_param(&self, key: &str) -> Option<String> {
        self.query.with(|q| query_param(q, key))
    }

    /// The names of the address's query parameters, decoded, in order (tracked).
    pub fn query_keys(&self) -> Vec<String> {
        self.query.with(|q| {
            q.split('&')
                .filter_map(|pair| {
                    let key = percent_decoded(pair.split('=').next()?);
                    (!key.is_empty()).then_some(key)
                })
                .collect()
        })
    }

    /// Path and query of the current address, as a link back to it.
    pub fn here(&self) -> String {
        let path = self.path.get_untracked();
        let query = self.query.get_untracked();
        if query.is_empty() {
            path
        } else {
            format!("{path}?{query}")
        }
    }

    /// Goes to `to`, a path of this app, adding an entry to the history or replacing
    /// the current one. The page keeps its scroll position.
    pub fn navigate(&self, to: &str, replace: bool) {
        let moved = match window().history() {
            Ok(history) if replace => history.replace_state_with_url(&JsValue::NULL, "", Some(to)),
            Ok(history) => history.push_state_with_url(&JsValue::NULL, "", Some(to)),
            Err(e) => Err(e),
        };
        if moved.is_err() {
            // History refused (a sandboxed frame): a full load still gets there.
            let _ = window().location().set_href(to);
            return;
        }
        self.sync();
    }

    /// Goes to `to` (adding a history entry), where `text` is said.
    pub fn navigate_saying(&self, to: &str, text: String) {
        self.navigate(to, false);
        self.said.set(text);
    }

    /// What brought the admin to this address, if anything did (tracked).
    pub fn said(&self) -> String {
        self.said.get()
    }

    fn sync(&self) {
        let mut path = location_path();
        if path == "/" {
            // The address bar says where the person is: `/` shows as the users page.
            path = "/users".to_owned();
            replace_history(&format!("{path}{}", location_search()));
        }
        let query = location_search().trim_start_matches('?').to_owned();
        self.said
            .maybe_update(|s| replace_if_changed(s, String::new()));
        self.path.maybe_update(|p| replace_if_changed(p, path));
        self.query.maybe_update(|q| replace_if_changed(q, query));
    }

    fn listen(&self) {
        let router = *self;
        let pop = window_event_listener(leptos::ev::popstate, move |_| router.sync());
        // In-app links move without a page load; the leave guard has already had its say
        // in the capture phase, and a declined click arrives here prevented.
        let click = window_event_listener(leptos::ev::click, move |ev| {
            if let Some(to) = in_app_destination(&ev) {
                ev.prevent_default();
                router.navigate(&to, false);
                window().scroll_to_with_x_and_y(0.0, 0.0);
            }
        });
        on_cleanup(move || {
            pop.remove();
            click.remove();
        });
    }
}

fn replace_if_changed(slot: &mut String, value: String) -> bool {
    let changed = *slot != value;
    if changed {
        *slot = value;
    }
    changed
}

fn location_path() -> String {
    window()
        .location()
        .pathname()
        .unwrap_or_else(|_| "/".to_owned())
}

fn location_search() -> String {
    window().location().search().unwrap_or_default()
}

fn replace_history(to: &str) {
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(to));
    }
}

/// A query component as `application/x-www-form-urlencoded` decodes it (`+` a space; a
/// `%` not followed by two hex digits stays as it is); one that decodes to invalid UTF-8
/// stays as written.
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
                continue;
            }
            (b'+', _) => out.push(b' '),
            (b, _) => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

fn query_param(query: &str, key: &str) -> Option<String> {
    web_sys::UrlSearchParams::new_with_str(query)
        .ok()
        .and_then(|params| params.get(key))
}

/// Where a plain click on a link of this app goes (path and query), if it is one the
/// router should take rather than the browser.
pub fn in_app_destination(ev: &web_sys::MouseEvent) -> Option<String> {
    if ev.default_prevented()
        || ev.button() != 0
        || ev.ctrl_key()
        || ev.meta_key()
        || ev.shift_key()
        || ev.alt_key()
    {
        return None;
    }
    let anchor = ev
        .target()?
        .dyn_into::<web_sys::Element>()
        .ok()?
        .closest("a[href]")
        .ok()??
        .dyn_into::<web_sys::HtmlAnchorElement>()
        .ok()?;
    let fragment_only = anchor
        .get_attribute("href")
        .is_some_and(|h| h.starts_with('#'));
    let in_app = !fragment_only
        && anchor.target().is_empty()
        && !anchor.has_attribute("download")
        && anchor.origin() == window().location().origin().ok()?;
    in_app.then(|| format!("{}{}", anchor.pathname(), anchor.search()))
}

/// Where to go after signing in: only a path of this app, never another origin.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.starts_with("/\\")
                && !path.starts_with("/sign-in")
                && !path.chars().any(char::is_control) =>
        {
            path.to_owned()
        }
        _ => "/users".to_owned(),
    }
}

/// The sign-in page's address that comes back to `path` afterwards.
pub fn sign_in_url(path: &str) -> String {
    let params = web_sys::UrlSearchParams::new().ok();
    match params {
        Some(p) => {
            p.append("next", path);
            format!("/sign-in?{}", String::from(p.to_string()))
        }
        None => "/sign-in".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::{percent_decoded, safe_next, Page};

    #[test]
    fn query_components_decode_as_forms_write_them() {
        assert_eq!(percent_decoded("created%5Ffrom"), "created_from");
        assert_eq!(percent_decoded("a+b%20c"), "a b c");
        assert_eq!(percent_decoded("%C3%A9t%C3%A9"), "été");
        assert_eq!(percent_decoded("100%"), "100%");
        assert_eq!(percent_decoded("%zz%4"), "%zz%4");
        assert_eq!(percent_decoded("%FF"), "%FF");
    }

    #[test]
    fn only_paths_of_this_app_are_followed() {
        assert_eq!(safe_next(Some("/users/12?tab=x")), "/users/12?tab=x");
        for bad in [
            "https://evil.example/",
            "//evil.example",
            "/\\evil",
            "javascript:alert(1)",
            "",
            "/sign-in?next=/x",
            "/a\nb",
        ] {
            assert_eq!(safe_next(Some(bad)), "/users", "{bad:?}");
        }
        assert_eq!(safe_next(None), "/users");
    }

    #[test]
    fn each_address_names_its_page() {
        for (path, page) in [
            ("/", Page::Users),
            ("", Page::Users),
            ("/users", Page::Users),
            ("/users/", Page::Users),
            ("/sign-in", Page::SignIn),
            ("/users/1001", Page::UserEdit("1001".into())),
            ("/users/new", Page::UserNew),
            ("/users/new/", Page::UserNew),
            ("/users/abc/", Page::UserEdit("abc".into())),
            ("/users/1/x", Page::NotFound),
            ("/users//", Page::NotFound),
            ("/nowhere", Page::NotFound),
            ("/sign-in/x", Page::NotFound),
        ] {
            assert_eq!(Page::of_path(path), page, "{path:?}");
        }
    }

    #[test]
    fn only_the_users_pages_need_a_session() {
        assert!(Page::Users.signed_in_only());
        assert!(Page::UserEdit("1".into()).signed_in_only());
        assert!(Page::UserNew.signed_in_only());
        assert!(!Page::SignIn.signed_in_only());
        assert!(!Page::NotFound.signed_in_only());
    }
}
