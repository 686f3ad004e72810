//! "Export CSV": every user the search matches, as a spreadsheet opens it — RFC 4180,
//! UTF-8 with a byte-order mark, a header row, ISO 8601 dates, roles by name, no secret,
//! and no cell a spreadsheet would run as a formula.

use crate::js;
use std::cell::RefCell;
use std::collections::BTreeMap;

use contract::datetime::parse_datetime;
use contract::json::Value;
use contract::{Language, ListEnvelope, UserRecord};
use leptos::prelude::*;
use wasm_bindgen::JsValue;

use super::load::Holders;
use super::pace::{collect, slot, CollectError, Pace};
use super::Search;
use crate::api::{Api, ApiError};

/// The columns: heading and how a user's cell is made.
const COLUMNS: [&str; 9] = [
    "Id",
    "Full name",
    "Email",
    "Language",
    "Active",
    "Administrator",
    "Last access",
    "Created",
    "User roles",
];

/// A cell as a spreadsheet reads it safely: text that starts like a formula gets a
/// leading `'` (OWASP's advice on CSV injection), and a cell holding a quote, comma or
/// line break is quoted with its quotes doubled (RFC 4180).
pub fn cell(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    if text.contains(['"', ',', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

fn flag(record: &UserRecord, name: &str) -> String {
    match record.get(name).and_then(Value::as_bool) {
        Some(true) => "Yes".to_owned(),
        Some(false) => "No".to_owned(),
        None => String::new(),
    }
}

/// A date-time in ISO 8601 UTC; text the app cannot read goes as it came.
fn date(record: &UserRecord, name: &str) -> String {
    match record.get_str(name) {
        Some(text) => parse_datetime(text)
            .map(|t| t.to_wire())
            .unwrap_or_else(|_| text.to_owned()),
        None => String::new(),
    }
}

/// The CSV of `users`; `roles` names the roles each user id holds (`None`: not known).
pub fn to_csv(users: &[UserRecord], roles: Option<&BTreeMap<u64, Vec<String>>>) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&COLUMNS.join(","));
    out.push_str("\r\n");
    for u in users {
        let id = u.id().map(|i| i.to_string()).unwrap_or_default();
        let language = u
            .get("Language")
            .and_then(Value::as_i64)
            .map(|n| Language::from_i64(n).label())
            .unwrap_or_default();
        let held = u
            .id()
            .and_then(|i| u64::try_from(i).ok())
            .and_then(|i| roles?.get(&i))
            .map(|names| names.join("; "))
            .unwrap_or_default();
        let cells = [
            id,
            u.get_str("FullName").unwrap_or("").to_owned(),
            u.get_str("Email").unwrap_or("").to_owned(),
            language,
            flag(u, "Active"),
            flag(u, "IsAdmin"),
            date(u, "LastAccess"),
            date(u, "CreatedOn"),
            held,
        ];
        let line: Vec<String> = cells.iter().map(|c| cell(c)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

/// Who holds which role, by name: every role read in pages (a role whose list row lacks
/// `Users` is read alone). `None` when this account may not read roles.
async fn role_names(
    api: &Api,
    pace: &RefCell<Pace>,
    go_on: impl Fn() -> bool,
) -> Result<Option<BTreeMap<u64, Vec<String>>>, CollectError> {
    let mut held: BTreeMap<u64, Vec<String>> = BTreeMap::new();
    let mut page = 1;
    loop {
        if !go_on() {
            return Err(CollectError::Cancelled);
        }
        slot(pace, false).await;
        let body = match api
            .get(&format!(
                "/security/userroles?page={page}&size=1000&orderBy=Name"
            ))
            .await
        {
            Ok(body) => body,
            Err(ApiError::Forbidden) => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        let list = ListEnvelope::<UserRecord>::from_json(&body).map_err(|_| ApiError::Malformed)?;
        for role in &list.records {
            let Some(id) = role.id() else { continue };
            // A row that does not list the role's users (as user rows lack their
            // roles) is read alone.
            let id = id as u64;
            let holders = match Holders::from_record(id, &role.to_json()) {
                Some(h) => Some(h),
                None => {
                    slot(pace, false).await;
                    if !go_on() {
                        return Err(CollectError::Cancelled);
                    }
                    super::load::holders(api, id).await?.ok()
                }
            };
            let Some(h) = holders else { continue };
            let name = contract::Related::from_json(&role.to_json())
                .map(|r| r.label())
                .unwrap_or_else(|_| format!("#{id}"));
            for user in h.ids {
                held.entry(user).or_default().push(name.clone());
            }
        }
        if list.records.is_empty() || page >= list.total_pages {
            return Ok(Some(held));
        }
        page += 1;
    }
}

/// Hands `csv` to the browser as a download named `name`: a `Blob`, its object URL, a
/// click on a link with `download`.
fn download(csv: &str, name: &str) -> Result<(), JsValue> {
    let array = js::global("Array")?;
    let of = js::method(&array, "of")?;
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"type".into(), &"text/csv;charset=utf-8".into())?;
    let parts = of.call1(&array, &JsValue::from_str(csv))?;
    let blob = js::construct("Blob", &of.call2(&array, &parts, &options)?)?;
    let url_class = js::global("URL")?;
    let url = js::method(&url_class, "createObjectURL")?.call1(&url_class, &blob)?;
    let a: JsValue = document().create_element("a")?.into();
    js_sys::Reflect::set(&a, &"href".into(), &url)?;
    js_sys::Reflect::set(&a, &"download".into(), &name.into())?;
    js::method(&a, "click")?.call1(&a, &JsValue::UNDEFINED)?;
    // Revoked once the download has surely taken its copy: at once, some browsers cancel it.
    wasm_bindgen_futures::spawn_local(async move {
        gloo_timers::future::TimeoutFuture::new(60_000).await;
        if let Ok(revoke) = js::method(&url_class, "revokeObjectURL") {
            let _ = revoke.call1(&url_class, &url);
        }
    });
    Ok(())
}

/// Today as `YYYY-MM-DD` (UTC), for the file's name.
fn today() -> String {
    let iso = js::construct0("Date")
        .and_then(|date| js::method(&date, "toISOString")?.call1(&date, &JsValue::UNDEFINED));
    iso.ok()
        .and_then(|v| v.as_string())
        .and_then(|s| s.get(..10).map(str::to_owned))
        .unwrap_or_default()
}

/// Where an export is.
#[derive(Clone, Debug, PartialEq)]
enum Progress {
    Idle,
    Reading(String),
    Done(String),
    Failed(String),
}

/// "Export CSV" of the search as it stands, with its progress and "Cancel export".
#[component]
pub fn ExportButton(search: Search) -> impl IntoView {
    let progress = RwSignal::new(Progress::Idle);
    // Bumped by every start and by Cancel: an export goes on while it holds its number.
    let generation = StoredValue::new(0u32);
    let api = StoredValue::new(Api::from_context());
    let start = move |_| {
        if matches!(progress.get_untracked(), Progress::Reading(_)) {
            return;
        }
        generation.update_value(|n| *n += 1);
        let mine = generation.get_value();
        progress.set(Progress::Reading("Reading the matching users…".to_owned()));
        let query = search.query.get_untracked();
        wasm_bindgen_futures::spawn_local(async move {
            let api = api.get_value();
            let go_on = move || generation.try_get_value() == Some(mine);
            let pace = RefCell::new(Pace::default());
            // A cancelled export says nothing more: Cancel said it.
            let said = move |read: u64, total: u64| {
                if !go_on() {
                    return;
                }
                progress.try_set(Progress::Reading(format!(
                    "Reading the matching users: {read} of {total}…"
                )));
            };
            let result = async {
                let users = collect(&api, &query, &pace, said, go_on).await?;
                if go_on() {
                    progress.try_set(Progress::Reading(
                        "Reading who holds which role…".to_owned(),
                    ));
                }
                let roles = role_names(&api, &pace, go_on).await?;
                Ok::<_, CollectError>((users, roles))
            }
            .await;
            // Cancelled: said at the press already, and nothing is downloaded.
            if !go_on() {
                return;
            }
            let next = match result {
                Ok((users, roles)) => {
                    let name = format!("users-{}.csv", today());
                    match download(&to_csv(&users, roles.as_ref()), &name) {
                        Ok(()) => Progress::Done(format!(
                            "Exported {} to {name}.{}",
                            super::bulk::users_word(users.len() as u64),
                            if roles.is_none() {
                                " The roles column is empty: this account may not read user roles."
                            } else {
                                ""
                            }
                        )),
                        Err(_) => Progress::Failed("The browser refused the download.".to_owned()),
                    }
                }
                Err(CollectError::Cancelled) => return,
                Err(e) => Progress::Failed(format!("The export failed. {e}")),
            };
            progress.try_set(next);
        });
    };
    let reading = move || matches!(progress.get(), Progress::Reading(_));
    view! {
        <div class="export">
            <button type="button" class="secondary" on:click=start disabled=reading>"Export CSV"</button>
            {move || reading().then(|| view! {
                <button type="button" class="secondary" on:click=move |_| {
                    generation.update_value(|n| *n += 1);
                    progress.set(Progress::Done("Export cancelled.".to_owned()));
                }>"Cancel export"</button>
            })}
            <p role="status">{move || match progress.get() {
                Progress::Idle => String::new(),
                Progress::Reading(s) | Progress::Done(s) | Progress::Failed(s) => s,
            }}</p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_as_rfc_4180_says() {
        assert_eq!(cell("Ada"), "Ada");
        assert_eq!(cell("Lovelace, Ada"), "\"Lovelace, Ada\"");
        assert_eq!(cell("The \"Countess\""), "\"The \"\"Countess\"\"\"");
        assert_eq!(cell("two\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn a_cell_that_starts_like_a_formula_is_neutralised() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        for start in ["+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert!(
                cell(start).trim_start_matches('"').starts_with('\''),
                "{start:?}"
            );
        }
        assert_eq!(cell("a=b"), "a=b");
    }

    #[test]
    fn the_file_has_a_bom_a_header_and_one_line_a_user_without_secrets() {
        // A literal record: it parses, or the test is wrong.
        let users = vec![UserRecord::from_json(
            r#"{"Id":7,"FullName":"Álvarez, Inés","Email":"ines@example.es","Language":2,"Active":true,"IsAdmin":false,
                "LastAccess":"2026-06-01T01:30:00+02:00","CreatedOn":"2020-01-02T03:04:05Z",
                "Password":"hash","PasswordSalt":"salt","AccessToken":"tok","TwoFactorSecret":"s"}"#,
        )
        .expect("user")];
        let roles = BTreeMap::from([(
            7,
            vec!["Events".to_owned(), "Front desk — Downtown".to_owned()],
        )]);
        let csv = to_csv(&users, Some(&roles));
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert!(lines[0].starts_with("\u{feff}Id,Full name,Email"));
        assert_eq!(
            lines[1],
            "7,\"Álvarez, Inés\",ines@example.es,Spanish,Yes,No,2026-05-31T23:30:00Z,2020-01-02T03:04:05Z,Events; Front desk — Downtown"
        );
        assert_eq!(lines[2], "", "the last line ends too");
        for secret in ["hash", "salt", "tok"] {
            assert!(!csv.contains(secret), "{secret}");
        }
        assert!(to_csv(&users, None)
            .lines()
            .nth(1)
            .is_some_and(|l| l.ends_with("03:04:05Z,")));
    }
}
