//! `/users/new`: the catalogue's form in a create mode (what a new person needs first,
//! the rest under "More fields"), and a create that never makes two users of one press.

use contract::catalogue::section_fields;
use contract::envelope::{created_id, ListEnvelope};
use contract::json::Value;
use contract::{field, FieldSpec, Kind, Section, UserRecord};
use leptos::prelude::*;

use crate::api::{Api, ApiError, MAX_THROTTLE_WAITS};
use crate::auth::Auth;
use crate::components::error_summary::{focus_summary, ErrorSummary};
use crate::components::fields::Field;
use crate::components::leave_guard::LeaveGuard;
use crate::components::throttle_note::ThrottleNote;
use crate::components::{count_seconds, set_title};
use crate::form::FormState;
use crate::pages::user_edit::draft_offer::{drop_draft, DraftOffer};
use crate::pages::user_edit::related;
use crate::search::encode_component;
use crate::shell::{Departure, Ended};

// A part of its own: the edit page never downloads it.
crate::deferred!(new_user, pub fn new_user_page = |_| view! { <NewUser/> }.into_any());

/// What a new person needs, shown first, in this order.
const FIRST: [&str; 10] = [
    "FullName",
    "Email",
    "Active",
    "IsAdmin",
    "UserRoles",
    "Businesses",
    "Language",
    "NewPassword",
    "ConfirmNewPassword",
    "MustResetPassword",
];

/// The draft's name: one new user at a time per tab.
const DRAFT: &str = "new";

/// The permission a create needs.
pub const CREATE: &str = "User-Create";

/// Whether a field makes sense for someone who does not exist yet: not what the platform
/// keeps about a person's use of it (dates, counters, call-back ids, system links), not
/// the removal of an avatar there is none of.
fn for_new_person(spec: &FieldSpec) -> bool {
    spec.editable()
        && spec.section != Section::System
        && !matches!(spec.kind, Kind::DateTime | Kind::Guid | Kind::Integer)
        && spec.name != "ClearAvatarFile"
}

/// What the form starts from, and (with the edits) what the POST sends: the server
/// defaults everything else, and nothing of another user's is ever copied. (The two
/// counters are required on a PUT: a new person's are nought.)
fn template() -> UserRecord {
    let mut record = UserRecord::default();
    for (name, value) in [
        ("FullName", Value::from("")),
        ("Email", Value::from("")),
        ("Language", Value::from(1_i64)),
        ("Active", Value::Bool(true)),
        ("IsAdmin", Value::Bool(false)),
        ("MustResetPassword", Value::Bool(true)),
        ("UserRoles", Value::Array(Vec::new())),
        ("Businesses", Value::Array(Vec::new())),
        ("InvalidLoginAttempts", Value::from(0_i64)),
        ("LastHelpVisited", Value::from(0_i64)),
    ] {
        record.set(name, value);
    }
    record
}

/// The user with `email` among a search's answer: `Some((id, name))`, else `None`. The
/// rows are checked, since a server may ignore the filter and answer every user.
pub fn holder_of(body: &str, email: &str) -> Result<Option<(u64, String)>, ApiError> {
    let list = ListEnvelope::<UserRecord>::from_json(body).map_err(|_| ApiError::Malformed)?;
    Ok(list.records.iter().find_map(|user| {
        let same = user
            .get_str("Email")
            .is_some_and(|e| e.trim().eq_ignore_ascii_case(email.trim()));
        let id = user.id().and_then(|n| u64::try_from(n).ok())?;
        same.then(|| (id, user.get_str("FullName").unwrap_or_default().to_owned()))
    }))
}

/// What the last press came to, when it did not open the new user's page.
#[derive(Clone, Debug, PartialEq)]
enum Said {
    /// Not created, and why.
    Problem(String),
    /// A user with the email exists: maybe the one an earlier press created (`lost`: its
    /// answer was lost, and nothing was sent again), maybe another.
    Exists { id: u64, name: String, lost: bool },
}

/// The create and what the page shows of it; `Copy`.
#[derive(Clone, Copy)]
struct Creator {
    form: FormState,
    busy: RwSignal<bool>,
    /// Seconds left before a throttled create tries again.
    wait: RwSignal<Option<u64>>,
    said: RwSignal<Option<Said>>,
    /// A POST went out whose answer never came: it may have created the user, so the
    /// next one looks for the email first.
    unanswered: StoredValue<bool>,
    api: StoredValue<Api>,
    auth: Auth,
    departure: Departure,
}

impl Creator {
    fn new(form: FormState) -> Self {
        Self {
            form,
            busy: RwSignal::new(false),
            wait: RwSignal::new(None),
            said: RwSignal::new(None),
            unanswered: StoredValue::new(false),
            api: StoredValue::new(Api::from_context()),
            auth: expect_context::<Auth>(),
            departure: Departure::from_context(),
        }
    }

    /// Creates the user the form holds as it is now, unless a create is on its way
    /// (a double click, Enter while waiting): never two users of one press.
    fn create(self) {
        // (Refused to this session: the bar says why.)
        if self.busy.get_untracked() || untrack(|| self.auth.refused(CREATE)) {
            return;
        }
        let form = self.form;
        let body = form.with_draft(|d| d.put_body().ok());
        let Some(body) = body.filter(|_| !untrack(|| form.has_unfinished())) else {
            form.show_all();
            form.summary_open.set(true);
            focus_summary();
            return;
        };
        form.clear_server_errors();
        form.summary_open.set(false);
        self.said.set(None);
        self.busy.set(true);
        wasm_bindgen_futures::spawn_local(async move {
            if let Ended::Here(said) = self.run(&body).await {
                self.busy.try_set(false);
                self.said.try_set(said);
            }
        });
    }

    async fn run(self, body: &Value) -> Ended<Option<Said>> {
        let api = self.api.get_value();
        let email = body
            .get("Email")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let mut waits = 0;
        loop {
            if self.unanswered.get_value() {
                match find(&api, email).await {
                    Ok(Some((id, name))) => {
                        let lost = true;
                        return Ended::Here(Some(Said::Exists { id, name, lost }));
                    }
                    Ok(None) => self.unanswered.set_value(false),
                    Err(e) => return Ended::Here(Some(self.failed(e))),
                }
            }
            let answer = api.post_json("/sys/users", body).await;
            let id = match answer {
                Ok(answer) => match created_id(&answer) {
                    Some(id) => Ok(id),
                    // Created, the answer says, but not as whom: the email tells.
                    None => match find(&api, email).await {
                        Ok(Some((id, _))) => Ok(id),
                        _ => Err(ApiError::Malformed),
                    },
                },
                Err(e) => Err(e),
            };
            match id {
                Ok(id) => {
                    drop_draft(DRAFT);
                    self.departure
                        .go(&format!("/users/{id}"), "User created".to_owned());
                    return Ended::Left;
                }
                Err(ApiError::Rejected { fields, form }) => {
                    let email_refused = fields.iter().any(|(name, _)| *name == "Email");
                    self.form.set_server_errors(fields, form);
                    self.form.summary_open.set(true);
                    focus_summary();
                    // Whose email it is: another user's, or this press's own (a browser
                    // sends a POST again when its connection drops before the answer).
                    if email_refused {
                        if let Ok(Some((id, name))) = find(&api, email).await {
                            let lost = false;
                            return Ended::Here(Some(Said::Exists { id, name, lost }));
                        }
                    }
                    return Ended::Here(None);
                }
                Err(ApiError::Throttled(secs)) if waits < MAX_THROTTLE_WAITS => {
                    waits += 1;
                    if !count_seconds(secs, self.wait, || true).await {
                        // (The page is gone.)
                        return Ended::Left;
                    }
                }
                Err(e) => return Ended::Here(Some(self.failed(e))),
            }
        }
    }

    /// Why the create did not happen, as the page says it.
    fn failed(self, error: ApiError) -> Said {
        Said::Problem(match error {
            ApiError::Forbidden => {
                self.auth.refuse(CREATE);
                refused_text()
            }
            ApiError::SignedOut => "Your session has ended. Sign in again, then press Create user again: the form is kept.".to_owned(),
            ApiError::Throttled(_) => "The server is still too busy, after several tries. Nothing was created; press Create user again in a few minutes.".to_owned(),
            e @ (ApiError::Network | ApiError::Timeout | ApiError::Server(_) | ApiError::Malformed) => {
                // It may have been created: the next press looks for it before posting.
                self.unanswered.set_value(true);
                format!("{e} It cannot be told whether the user was created. Press Create user again: the email is looked up first, so the user is not created twice.")
            }
            e => format!("{e} Nothing was created; the form is kept."),
        })
    }
}

fn refused_text() -> String {
    format!(
        "{} Ask an administrator for it; the form is kept.",
        crate::auth::lacks(CREATE, "create users")
    )
}

/// The user the platform has with `email`, looked up by the list's filter.
async fn find(api: &Api, email: &str) -> Result<Option<(u64, String)>, ApiError> {
    let path = format!(
        "/sys/users?page=1&size=25&User_Email={}",
        encode_component(email.trim())
    );
    holder_of(&api.get(&path).await?, email)
}

/// The page for `/users/new`.
#[component]
fn NewUser() -> impl IntoView {
    set_title("New user");
    let form = FormState::new(template());
    provide_context(form);
    let (records, _) = related::records();
    provide_context(records);
    expect_context::<LeaveGuard>().watch(form.dirty().into());
    let creator = Creator::new(form);
    let more = RwSignal::new(false);
    // A problem under "More fields" opens them, so the summary's link reaches its field.
    let problems = form.problems();
    Effect::new(move || {
        let hidden = problems.with(|p| {
            p.iter()
                .any(|p| p.field.is_some_and(|f| !FIRST.contains(&f.name)))
        });
        if hidden {
            more.set(true);
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        creator.create();
    };
    let first = FIRST.iter().filter_map(|name| field(name));
    let rest = Section::ALL.into_iter().filter_map(|section| {
        let specs: Vec<_> = section_fields(section)
            .filter(|s| for_new_person(s) && !FIRST.contains(&s.name))
            .collect();
        (!specs.is_empty()).then(|| {
            let id = format!("new-{}", section.slug());
            let heading = id.clone();
            view! {
                <section class="form-section" aria-labelledby=heading>
                    <h2 id=id>{section.title()}</h2>
                    <div class="fields">{specs.into_iter().map(|spec| view! { <Field spec/> }).collect_view()}</div>
                </section>
            }
        })
    });
    view! {
        <div class="edit-page new-user">
            <p class="breadcrumb"><a href="/users">"Users"</a>" › New user"</p>
            <h1>"New user"</h1>
            <DraftOffer name=DRAFT conflicts=RwSignal::new(Vec::new())/>
            <ErrorSummary/>
            <form class="edit-form" method="post" novalidate=true on:submit=on_submit aria-label="New user">
                <section class="form-section" aria-labelledby="new-essentials">
                    <h2 id="new-essentials">"The new user"</h2>
                    <div class="fields">{first.map(|spec| view! { <Field spec/> }).collect_view()}</div>
                </section>
                <details class="more-fields" prop:open=more on:toggle=move |ev| {
                    more.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open());
                }>
                    <summary>"More fields"</summary>
                    {rest.collect_view()}
                </details>
                <CreateBar creator/>
            </form>
        </div>
    }
}

/// Under the form: Create, and what the last press came to.
#[component]
fn CreateBar(creator: Creator) -> impl IntoView {
    let auth = creator.auth;
    let busy = creator.busy;
    let refused = move || auth.refused(CREATE);
    let open_existing = move |id: u64| {
        drop_draft(DRAFT);
        creator.departure.go(&format!("/users/{id}"), String::new());
    };
    let said = move || {
        let text = match creator.said.get()? {
            Said::Problem(text) => text,
            Said::Exists { id, name, lost } => {
                let who = if name.trim().is_empty() {
                    format!("user {id}")
                } else {
                    name
                };
                let why = if lost {
                    " The earlier press may have created it before its answer was lost, so nothing was sent again."
                } else {
                    ""
                };
                return Some(view! {
                    <p>{format!("A user with this email already exists: {who}.{why}")}</p>
                    <button type="button" class="primary" on:click=move |_| open_existing(id)>{format!("Open {who}")}</button>
                }.into_any());
            }
        };
        Some(view! { <p>{text}</p> }.into_any())
    };
    view! {
        <div class="save-bar">
            <button
                type="submit"
                class="primary"
                aria-disabled=move || (busy.get() || refused()).then_some("true")
                aria-busy=move || busy.get().then_some("true")
                aria-describedby=move || refused().then_some("create-refused")
            >
                {move || if busy.get() { "Creating…" } else { "Create user" }}
            </button>
            {move || refused().then(|| view! {
                <p id="create-refused" class="unavailable">{refused_text()}</p>
            })}
            <ThrottleNote remaining=creator.wait what="Creating"/>
        </div>
        <div role="alert" class="save-problem">{said}</div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_holder_of_an_email_is_found_among_the_rows_whatever_the_filter_did() {
        let body = r#"{"Records":[{"Id":3,"FullName":"Ann","Email":"ann@example.com"},{"Id":7,"FullName":"Bob","Email":" BOB@example.com "}],"CurrentPage":1,"CurrentPageSize":25,"TotalItems":2,"TotalPages":1}"#;
        assert_eq!(
            holder_of(body, "bob@example.com"),
            Ok(Some((7, "Bob".to_owned())))
        );
        assert_eq!(holder_of(body, "carol@example.com"), Ok(None));
        assert_eq!(holder_of("<html>", "a@b.c"), Err(ApiError::Malformed));
    }

    #[test]
    fn a_new_person_is_not_asked_for_what_the_platform_keeps() {
        for name in [
            "LastAccess",
            "Id",
            "PasswordSalt",
            "ClearAvatarFile",
            "LastHelpVisited",
        ] {
            assert!(!field(name).is_some_and(for_new_person), "{name}");
        }
        for name in FIRST.iter().chain(&["OnNewEmail", "Devices"]) {
            assert!(field(name).is_some_and(for_new_person), "{name}");
        }
    }

    #[test]
    fn the_template_is_no_one_and_needs_a_name_and_an_email() {
        let draft = contract::Draft::new(template());
        assert_eq!(draft.baseline().id(), None);
        let errors: Vec<_> = draft.all_errors().into_iter().map(|e| e.property).collect();
        assert_eq!(errors, ["FullName", "Email"]);
    }
}
