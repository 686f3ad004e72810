//! The user edit page: load the whole record, edit any field, validate as the admin
//! types, PUT it all back, and show the server's verdict on the fields it names.

use contract::catalogue::section_fields;
use contract::envelope::is_not_found_body;
use contract::json::{Map, Value};
use contract::server_errors::{parse_put_response, PutOutcome};
use contract::validate::LIST_TWINS;
use contract::{Section, UserRecord};
use leptos::prelude::*;

use crate::api::{Api, ApiError};
use crate::auth::{Auth, DRAFT_KEY_PREFIX};
use crate::components::error_summary::{focus_field, ErrorSummary};
use crate::components::fields::Field;
use crate::components::leave_guard::LeaveGuard;
use crate::components::throttle_note::ThrottleNote;
use crate::components::{count_down, effect, set_title};
use crate::form::FormState;

/// The route's id, when it is one: a whole number above zero.
pub fn parse_user_id(text: &str) -> Option<u64> {
    text.parse::<u64>().ok().filter(|id| *id > 0)
}

#[derive(Clone, Debug, PartialEq)]
enum Load {
    Loading,
    Waiting,
    /// The session ended before the record came: it loads once signed in again.
    SigningIn,
    Missing,
    Failed(ApiError),
    Ready(UserRecord),
}

async fn fetch_user(api: &Api, id: u64) -> Result<Option<UserRecord>, ApiError> {
    let reply = api.get(&format!("/sys/users/{id}")).await?;
    match reply.status {
        404 => Ok(None),
        200 if is_not_found_body(&reply.body) => Ok(None),
        200 => UserRecord::from_json(&reply.body)
            .map(Some)
            .map_err(|_| ApiError::Malformed),
        other => Err(ApiError::Server(other)),
    }
}

/// The page for `/users/{id}`, given the id as the address writes it.
#[component]
pub fn UserEdit(id: String) -> impl IntoView {
    set_title("Edit user");
    let id = parse_user_id(&id);
    let api = StoredValue::new(Api::from_context());
    let load = RwSignal::new(Load::Loading);
    let retry = RwSignal::new(0u32);
    let wait = RwSignal::new(None::<u64>);

    effect(move || {
        retry.track();
        let Some(id) = id else {
            load.set(Load::Missing);
            return;
        };
        load.set(Load::Loading);
        let api = api.get_value();
        wasm_bindgen_futures::spawn_local(async move {
            let outcome = fetch_user(&api, id).await;
            if load.is_disposed() {
                return;
            }
            match outcome {
                Ok(Some(record)) => load.set(Load::Ready(record)),
                Ok(None) => load.set(Load::Missing),
                Err(ApiError::Throttled(secs)) => {
                    load.set(Load::Waiting);
                    count_down(secs, wait, || true, move || retry.update(|n| *n += 1));
                }
                Err(ApiError::SignedOut) => load.set(Load::SigningIn),
                Err(e) => load.set(Load::Failed(e)),
            }
        });
    });
    expect_context::<Auth>().resume_after_sign_in(
        move || load.get_untracked() == Load::SigningIn,
        move || retry.update(|n| *n += 1),
    );

    move || {
        match load.get() {
        Load::Loading | Load::SigningIn => view! { <p role="status" class="summary">"Loading the user…"</p> }.into_any(),
        Load::Waiting => view! { <ThrottleNote remaining=wait what="Loading"/> }.into_any(),
        Load::Missing => {
            set_title("User not found");
            view! {
                <h1>"User not found"</h1>
                <p>"This user no longer exists, or the address is wrong. "<a href="/users">"Find a user"</a>"."</p>
            }
            .into_any()
        }
        Load::Failed(e) => view! {
            <h1>"Edit user"</h1>
            <div role="alert" class="problem">
                <p>{format!("The user could not be loaded. {e}")}</p>
                <button type="button" class="secondary" on:click=move |_| retry.update(|n| *n += 1)>"Try again"</button>
            </div>
        }
        .into_any(),
        Load::Ready(record) => {
            let id = id.unwrap_or_default();
            view! { <EditForm id record/> }.into_any()
        }
    }
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Save {
    Idle,
    Saving,
    Saved,
    /// Saved, but the fresh copy did not come back.
    SavedNotReloaded,
    Waiting,
    Failed(String),
}

fn draft_key(id: u64) -> String {
    format!("{DRAFT_KEY_PREFIX}{id}")
}

fn session_storage() -> Option<web_sys::Storage> {
    window().session_storage().ok().flatten()
}

fn read_saved_draft(key: &str) -> Option<Map> {
    let text = session_storage()?.get_item(key).ok().flatten()?;
    match Value::parse(&text) {
        Ok(Value::Object(edits)) if !edits.is_empty() => Some(edits),
        _ => None,
    }
}

/// After a save whose fresh copy did not come back, the body sent stands in for the
/// record: without what only applies once (a new password or avatar, list additions
/// and removals), so the next save does not do it again.
fn without_one_off_actions(mut sent: UserRecord) -> UserRecord {
    sent.set("NewPassword", Value::Null);
    sent.set("NewAvatarUrl", Value::Null);
    sent.set("ClearAvatarFile", Value::Bool(false));
    for (_, added, removed) in LIST_TWINS {
        sent.remove(added);
        sent.remove(removed);
    }
    sent
}

/// The form over a loaded record; `user_id` is the route's.
#[component]
fn EditForm(#[prop(name = "id")] user_id: u64, record: UserRecord) -> impl IntoView {
    let form = FormState::new(record);
    // The heading follows the saved name, not the one being typed; a memo, so typing
    // does not rewrite it.
    let title = Memo::new(move |_| {
        form.draft.with(|d| {
            d.baseline()
                .get_str("FullName")
                .filter(|n| !n.trim().is_empty())
                .map(str::to_owned)
                .unwrap_or_else(|| format!("user {user_id}"))
        })
    });
    provide_context(form);
    let api = StoredValue::new(Api::from_context());
    let auth = expect_context::<Auth>();
    let guard = expect_context::<LeaveGuard>();
    let save_state = RwSignal::new(Save::Idle);
    let wait = RwSignal::new(None::<u64>);
    let summary_focus = RwSignal::new(0u32);
    let retry_after_sign_in = RwSignal::new(false);
    let dirty = Memo::new(move |_| form.draft.with(|d| d.is_dirty()) || form.has_pending_adds());

    // Page title: the record's name, with "Error: " while the summary is up.
    effect(move || {
        let errors = form.summary_open.get() && !form.problems().is_empty();
        set_title(&format!(
            "{}Edit {}",
            if errors { "Error: " } else { "" },
            title.get()
        ));
    });

    // Nothing typed is lost: the edits (never passwords or secrets) are kept for this tab.
    let key = draft_key(user_id);
    let offer = RwSignal::new(read_saved_draft(&key));
    {
        let key = key.clone();
        effect(move || {
            // While the earlier draft is on offer it is kept too, under today's typing.
            let mut edits = offer.get().unwrap_or_default();
            edits.extend(form.draft.with(|d| d.saveable_edits()));
            if let Some(store) = session_storage() {
                let _ = if edits.is_empty() {
                    store.remove_item(&key)
                } else {
                    store.set_item(&key, &Value::Object(edits).to_string())
                };
            }
        });
    }
    effect(move || guard.set_unsaved(dirty.get()));
    on_cleanup(move || guard.set_unsaved(false));

    let fail = move |message: String| {
        save_state.set(Save::Failed(message));
    };
    let show_summary = move || {
        form.summary_open.set(true);
        summary_focus.update(|n| *n += 1);
    };

    // A save that has to wait (throttled) runs itself again later; a closure cannot
    // name itself, so it reaches itself through this slot.
    let save_later = StoredValue::new(None::<Callback<()>>);
    // Each save gets a number, so a throttled one's countdown stops when the
    // administrator saves again by hand.
    let attempt = StoredValue::new(0u64);
    let save = move || {
        if save_state.get_untracked() == Save::Saving {
            return;
        }
        attempt.update_value(|n| *n += 1);
        let this_attempt = attempt.get_value();
        wait.set(None);
        form.show_all();
        let body = match form.draft.with_untracked(|d| d.put_body()) {
            Ok(body) if !untrack(|| form.has_pending_adds()) => body,
            _ => {
                save_state.set(Save::Idle);
                show_summary();
                return;
            }
        };
        // The server's last word stands until it speaks again.
        form.server.set(Vec::new());
        form.form_level.set(Vec::new());
        form.summary_open.set(false);
        let sent_edits = form.draft.with_untracked(|d| d.edits().to_vec());
        save_state.set(Save::Saving);
        let api = api.get_value();
        wasm_bindgen_futures::spawn_local(async move {
            let sent = api.put_json("/sys/users", &body).await;
            if save_state.is_disposed() {
                return;
            }
            let reply = match sent {
                Ok(reply) => reply,
                Err(ApiError::SignedOut) => {
                    // The in-place dialog is up; the same save runs once signed in.
                    retry_after_sign_in.set(true);
                    save_state.set(Save::Failed("Your session has ended. Sign in again; your changes are kept and will be saved.".into()));
                    return;
                }
                Err(ApiError::Forbidden) => {
                    fail("Your account lacks the User-Edit role, so it cannot save changes to users. Your changes are still here.".into());
                    return;
                }
                Err(ApiError::Throttled(secs)) => {
                    save_state.set(Save::Waiting);
                    count_down(
                        secs,
                        wait,
                        move || attempt.try_get_value() == Some(this_attempt),
                        move || {
                            save_state.set(Save::Idle);
                            if let Some(again) = save_later.get_value() {
                                again.run(());
                            }
                        },
                    );
                    return;
                }
                Err(e) => {
                    fail(format!("{e} Your changes are still here."));
                    return;
                }
            };
            match parse_put_response(reply.status, &reply.body) {
                PutOutcome::Saved { .. } => {
                    let reloaded = fetch_user(&api, user_id).await;
                    if save_state.is_disposed() {
                        return;
                    }
                    offer.set(None);
                    match reloaded {
                        Ok(Some(record)) => {
                            form.saved(record, &sent_edits);
                            save_state.set(Save::Saved);
                        }
                        // Saved, but the fresh copy did not come: what was sent is the
                        // best knowledge of what the server has.
                        _ => {
                            let fallback = UserRecord::from_value(body)
                                .map(without_one_off_actions)
                                .unwrap_or_else(|_| form.draft.with_untracked(|d| d.baseline().clone()));
                            form.saved(fallback, &sent_edits);
                            save_state.set(Save::SavedNotReloaded);
                        }
                    }
                }
                PutOutcome::Invalid { fields, form: form_level } => {
                    form.server.set(fields);
                    form.form_level.set(form_level);
                    save_state.set(Save::Idle);
                    show_summary();
                }
                PutOutcome::NotFound => fail("This user no longer exists, so the changes cannot be saved.".into()),
                PutOutcome::Forbidden | PutOutcome::Unauthorized => {
                    fail("Your account lacks the User-Edit role, so it cannot save changes to users. Your changes are still here.".into())
                }
                PutOutcome::Unreadable => fail(format!("{} It cannot be told whether the changes were saved; they are still here. Save again, or reload the user to check.", ApiError::Malformed)),
                PutOutcome::Throttled => fail("Too many requests to the server. Wait a moment, then save again.".into()),
                PutOutcome::ServerError { message } | PutOutcome::Unexpected { message, .. } => {
                    fail(format!("The changes were not saved: {message} Your changes are still here."))
                }
            }
        });
    };
    save_later.set_value(Some(Callback::new(move |()| save())));

    auth.resume_after_sign_in(
        move || retry_after_sign_in.get_untracked(),
        move || {
            retry_after_sign_in.set(false);
            save_state.set(Save::Idle);
            save();
        },
    );

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save();
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if (ev.ctrl_key() || ev.meta_key()) && ev.key().eq_ignore_ascii_case("s") {
            ev.prevent_default();
            save();
        }
    };
    let saving = move || save_state.get() == Save::Saving;

    view! {
        <div class="edit-page" on:keydown=on_keydown>
            <p class="breadcrumb"><a href="/users">"Users"</a>" › Edit"</p>
            <h1>{move || format!("Edit {}", title.get())}</h1>
            <Show when=move || offer.with(Option::is_some)>
                <div class="notice draft-offer" role="region" aria-label="Unsaved changes from before">
                    <p>"You have unsaved changes to this user from before (passwords are never kept)."</p>
                    <div class="actions">
                        <button type="button" class="primary" on:click=move |_| {
                            if let Some(edits) = offer.get_untracked() {
                                form.draft.update(|d| d.restore_edits(edits));
                            }
                            offer.set(None);
                        }>"Restore them"</button>
                        <button type="button" class="secondary" on:click=move |_| offer.set(None)>"Discard them"</button>
                    </div>
                </div>
            </Show>
            <ErrorSummary focus=summary_focus/>
            <nav class="sections" aria-label="Sections of the form">
                <ul>
                    {Section::ALL
                        .into_iter()
                        .map(|s| {
                            let id = format!("section-{}", s.slug());
                            view! {
                                <li>
                                    <a href=format!("#{id}") on:click=move |ev| {
                                        ev.prevent_default();
                                        focus_field(&id);
                                    }>{s.title()}</a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
            <form class="edit-form" novalidate=true on:submit=on_submit aria-label="Edit user">
                {Section::ALL
                    .into_iter()
                    .map(|s| {
                        view! {
                            <section class="form-section" aria-labelledby=format!("section-{}", s.slug())>
                                <h2 id=format!("section-{}", s.slug()) tabindex="-1">{s.title()}</h2>
                                <div class=format!("fields fields-{}", s.slug())>
                                    {section_fields(s).map(|spec| view! { <Field spec/> }).collect_view()}
                                </div>
                            </section>
                        }
                    })
                    .collect_view()}
                <div class="save-bar">
                    <button
                        type="submit"
                        class="primary"
                        aria-disabled=move || saving().then_some("true")
                        aria-busy=move || saving().then_some("true")
                    >
                        {move || if saving() { "Saving…" } else { "Save changes" }}
                    </button>
                    <span class="dirty-note">
                        {move || dirty.get().then_some("You have unsaved changes")}
                    </span>
                    <p role="status" class="save-status">
                        {move || match save_state.get() {
                            Save::Saving => "Saving…".to_owned(),
                            Save::Saved if !dirty.get() => "Saved".to_owned(),
                            Save::SavedNotReloaded => "Saved. The updated record could not be reloaded: reload the page before editing further.".to_owned(),
                            _ => String::new(),
                        }}
                    </p>
                    <ThrottleNote remaining=wait what="Saving"/>
                </div>
                <div role="alert" class="save-problem">
                    {move || match save_state.get() {
                        Save::Failed(m) => Some(view! { <p>{m}</p> }),
                        _ => None,
                    }}
                </div>
            </form>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::parse_user_id;

    #[test]
    fn route_ids_are_positive_whole_numbers() {
        assert_eq!(parse_user_id("42"), Some(42));
        for bad in ["0", "-1", "abc", "", "4.2", " 4", "99999999999999999999999"] {
            assert_eq!(parse_user_id(bad), None, "{bad:?}");
        }
    }
}
