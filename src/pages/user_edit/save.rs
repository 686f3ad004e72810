//! One save, end to end: validate, read the record as the server has it now, merge the
//! admin's edits onto it (conflicts stop here: nothing is written until the admin
//! decides), PUT, and take what was sent as the new baseline.
//!
//! The read starts as Save is pressed, not when it is released: the press of a mouse
//! button or a finger lasts about a round trip, so by the click the record is often
//! here and only the PUT is left to wait for. A save started with no press (Enter,
//! Ctrl+S) starts its read before anything else. A read started longer ago than
//! [`EARLY_READ_MS`] is not trusted to be "now" and is done again.

use contract::json::Value;
use contract::validate::LIST_TWINS;
use contract::{field, UserRecord};
use futures::channel::oneshot;
use futures::future::LocalBoxFuture;
use leptos::prelude::*;

use crate::api::{Api, ApiError};
use crate::auth::{now_ms, Auth};
use crate::components::deferred::NOT_DOWNLOADED;
use crate::components::error_summary::focus_summary;
use crate::form::FormState;

use super::conflicts::{focus_conflicts, show_conflicts, ConflictItem};
use super::fetch_user;

/// What the last save came to, as the save bar words it.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveOutcome {
    /// Written. `merged` names what others had changed meanwhile, when anything.
    Saved {
        /// "Updated meanwhile by …: Devices, User roles — your changes were saved on top."
        merged: Option<String>,
    },
    /// Nothing was changed, so nothing was sent.
    NothingToSave,
    /// The form has problems: the error summary is up.
    Invalid,
    /// Others changed the same fields: the conflict panel is up, nothing was written.
    Conflicts,
    /// The session ended: the save runs again once signed in.
    SigningIn,
    /// Not saved, and why.
    Failed(String),
}

/// After this long without an answer the page says it is still waiting.
const SLOW_AFTER_MS: u32 = 5_000;

/// How old a read started by pressing Save may be when the save uses it.
const EARLY_READ_MS: f64 = 1_000.0;

/// The record as the server has it, asked for when Save was pressed.
struct EarlyRead {
    started: f64,
    answer: oneshot::Receiver<Result<UserRecord, ApiError>>,
}

/// The save and what the page shows of it; `Copy`.
#[derive(Clone, Copy)]
pub struct Saver {
    /// Dispatch to save; its value is the last outcome, `pending` while saving.
    pub action: Action<(), SaveOutcome>,
    /// Seconds left before a throttled save tries again.
    pub wait: RwSignal<Option<u64>>,
    /// The server has been slow to answer this save.
    pub slow: RwSignal<bool>,
    /// Conflicts waiting for the admin's choice.
    pub conflicts: RwSignal<Vec<ConflictItem>>,
    skip_wait: StoredValue<bool>,
    early: StoredValue<Option<EarlyRead>>,
    api: StoredValue<Api>,
    form: FormState,
    user_id: u64,
}

impl Saver {
    /// The save of `form`, the record `user_id`.
    pub fn new(form: FormState, user_id: u64) -> Self {
        let api = StoredValue::new(Api::from_context());
        let wait = RwSignal::new(None);
        let slow = RwSignal::new(false);
        let conflicts = RwSignal::new(Vec::new());
        let skip_wait = StoredValue::new(false);
        let early = StoredValue::new(None);
        let resume = RwSignal::new(false);
        let attempt = StoredValue::new(0u64);
        let action = Action::new_local(move |(): &()| {
            attempt.update_value(|n| *n += 1);
            let mine = attempt.get_value();
            let ctx = Ctx {
                api: api.get_value(),
                form,
                user_id,
                wait,
                skip_wait,
                resume,
                conflicts,
                early,
            };
            slow.set(false);
            wasm_bindgen_futures::spawn_local(async move {
                gloo_timers::future::TimeoutFuture::new(SLOW_AFTER_MS).await;
                if attempt.try_get_value() == Some(mine) {
                    slow.try_set(true);
                }
            });
            async move {
                let outcome = match save_flow().await {
                    Ok(run) => run(ctx).await,
                    Err(_) => SaveOutcome::Failed(format!(
                        "{NOT_DOWNLOADED} Your changes are still here."
                    )),
                };
                attempt.try_update_value(|n| *n += 1);
                slow.try_set(false);
                outcome
            }
        });
        // Nothing is saved before something changes: the first change fetches the save's
        // part, so that a click on Save does not wait for it.
        let dirty = form.dirty();
        Effect::new(move |fetched: Option<bool>| {
            if fetched == Some(true) || !dirty.get() {
                return fetched == Some(true);
            }
            wasm_bindgen_futures::spawn_local(async {
                let _ = save_flow().await;
            });
            true
        });
        let saver = Self {
            action,
            wait,
            slow,
            conflicts,
            skip_wait,
            early,
            api,
            form,
            user_id,
        };
        expect_context::<Auth>().resume_after_sign_in(
            move || resume.get_untracked(),
            move || {
                resume.set(false);
                saver.save();
            },
        );
        saver
    }

    /// Save, unless a save is already on its way (never two at once: writes are
    /// rate-limited, and the second would race the first). Its read starts first, while
    /// the save shows every field's problems, unless a press started it already.
    pub fn save(&self) {
        if !self.action.pending().get_untracked() {
            self.pressed();
            self.action.dispatch(());
        }
    }

    /// Save is being pressed: the record is read now, for the save its release starts.
    pub fn pressed(&self) {
        // Only for a save that will read: one with changes, no undecided conflict and no
        // problems, and no read of its own started within the time a save trusts one.
        let form = self.form;
        if self.action.pending().get_untracked()
            || !form.dirty().get_untracked()
            || self
                .conflicts
                .with_untracked(|c| c.iter().any(|c| c.choice.is_none()))
            || self.early.with_value(|e| {
                e.as_ref()
                    .is_some_and(|e| now_ms() - e.started <= EARLY_READ_MS)
            })
            || !ready_to_send(form)
        {
            return;
        }
        let (tell, answer) = oneshot::channel();
        let (api, user_id) = (self.api.get_value(), self.user_id);
        wasm_bindgen_futures::spawn_local(async move {
            let _ = tell.send(fetch_user(&api, user_id).await);
        });
        self.early.set_value(Some(EarlyRead {
            started: now_ms(),
            answer,
        }));
    }

    /// Whether a save is on its way (tracked).
    pub fn saving(&self) -> bool {
        self.action.pending().get()
    }

    /// A throttled save tries again now rather than at the end of its wait.
    pub fn retry_now(&self) {
        self.skip_wait.set_value(true);
    }
}

struct Ctx {
    api: Api,
    form: FormState,
    user_id: u64,
    wait: RwSignal<Option<u64>>,
    skip_wait: StoredValue<bool>,
    resume: RwSignal<bool>,
    conflicts: RwSignal<Vec<ConflictItem>>,
    early: StoredValue<Option<EarlyRead>>,
}

/// Whether the form holds a body the PUT can send: no problems, nothing half-typed.
fn ready_to_send(form: FormState) -> bool {
    form.with_draft(|d| d.put_body().is_ok()) && !untrack(|| form.has_unfinished())
}

/// The record as the server has it now: the answer to the read Save's press started,
/// when recent (a failure too: it is this save's), else a new read.
async fn read_theirs(ctx: &Ctx) -> Result<UserRecord, ApiError> {
    let early = ctx.early.try_update_value(Option::take).flatten();
    if let Some(early) = early.filter(|e| now_ms() - e.started <= EARLY_READ_MS) {
        if let Ok(answer) = early.answer.await {
            return answer;
        }
    }
    fetch_user(&ctx.api, ctx.user_id).await
}

// The save from its read on: a part of its own, fetched at the first change.
crate::deferred!(save, fn save_flow -> fn(Ctx) -> LocalBoxFuture<'static, SaveOutcome> = |ctx| Box::pin(run(ctx)));

async fn run(ctx: Ctx) -> SaveOutcome {
    loop {
        match attempt(&ctx).await {
            Ok(outcome) => return outcome,
            Err(ApiError::Throttled(secs)) => {
                if !wait_out(&ctx, secs).await {
                    return SaveOutcome::Failed(String::new());
                }
            }
            Err(e) => return failure(&ctx, e),
        }
    }
}

/// Counts the wait down; `false` when the page went away meanwhile.
async fn wait_out(ctx: &Ctx, secs: u64) -> bool {
    ctx.skip_wait.set_value(false);
    // Quarter-second steps, so "Retry now" is felt at once.
    for step in (1..=secs * 4).rev() {
        if ctx.wait.try_set(Some(step.div_ceil(4))).is_some() {
            return false;
        }
        if ctx.skip_wait.try_get_value() != Some(false) {
            break;
        }
        gloo_timers::future::TimeoutFuture::new(250).await;
    }
    ctx.wait.try_set(None).is_none()
}

fn failure(ctx: &Ctx, error: ApiError) -> SaveOutcome {
    match error {
        ApiError::SignedOut => {
            // The in-place dialog is up; the same save runs once signed in.
            ctx.resume.try_set(true);
            SaveOutcome::SigningIn
        }
        ApiError::Forbidden => SaveOutcome::Failed(
            "Your account lacks the User-Edit role, so it cannot save changes to users. Your changes are still here.".into(),
        ),
        ApiError::NotFound => SaveOutcome::Failed(
            "This user no longer exists, so the changes cannot be saved. Your changes are still here.".into(),
        ),
        e => SaveOutcome::Failed(format!("{e} Your changes are still here.")),
    }
}

async fn attempt(ctx: &Ctx) -> Result<SaveOutcome, ApiError> {
    let form = ctx.form;
    if !untrack(|| form.dirty().get()) {
        return Ok(SaveOutcome::NothingToSave);
    }
    form.show_all();
    if !ready_to_send(form) {
        form.summary_open.set(true);
        focus_summary();
        return Ok(SaveOutcome::Invalid);
    }
    if ctx
        .conflicts
        .with_untracked(|c| c.iter().any(|c| c.choice.is_none()))
    {
        focus_conflicts();
        return Ok(SaveOutcome::Conflicts);
    }
    // The server's last word stands until it speaks again.
    form.clear_server_errors();
    form.summary_open.set(false);

    // Know before writing: the record as it is now, and what changed since the baseline.
    let theirs = read_theirs(ctx).await?;
    if form.summary_open.is_disposed() {
        return Ok(SaveOutcome::Failed(String::new()));
    }
    let updated_by = theirs.get_str("UpdatedBy").map(str::to_owned);
    let updated_on = theirs.get_str("UpdatedOn").map(str::to_owned);
    let Some(rebased) = form.update_draft(|d| d.rebase(theirs)) else {
        return Ok(SaveOutcome::Failed(String::new()));
    };
    if show_conflicts(
        form,
        ctx.conflicts,
        &rebased.conflicts,
        updated_by.clone(),
        updated_on,
    ) {
        return Ok(SaveOutcome::Conflicts);
    }
    ctx.conflicts.set(Vec::new());
    let (body, sent) = match form.with_draft(|d| (d.put_body(), d.edits().to_vec())) {
        (Ok(body), sent) => (body, sent),
        // What others changed made the edits invalid (a name now taken, say).
        (Err(_), _) => {
            form.summary_open.set(true);
            focus_summary();
            return Ok(SaveOutcome::Invalid);
        }
    };
    let answer = match ctx.api.put_json("/sys/users", &body).await {
        Ok(answer) => answer,
        Err(ApiError::Rejected { fields, form: form_level }) => {
            form.set_server_errors(fields, form_level);
            form.summary_open.set(true);
            focus_summary();
            return Ok(SaveOutcome::Invalid);
        }
        Err(ApiError::Malformed) => {
            return Ok(SaveOutcome::Failed(format!(
                "{} It cannot be told whether the changes were saved; they are still here. Save again, or reload the user to check.",
                ApiError::Malformed
            )))
        }
        Err(e) => return Err(e),
    };
    let baseline = match new_baseline(body, &answer) {
        Some(record) => record,
        // The answer does not say when or by whom: the record is read again.
        None => fetch_user(&ctx.api, ctx.user_id).await?,
    };
    form.saved(baseline, &sent);
    Ok(SaveOutcome::Saved {
        merged: merge_note(&rebased.changed_by_them, updated_by.as_deref()),
    })
}

/// What the server holds after a save: what was sent, without what applies only once (a
/// new password or avatar, list additions and removals, so the next save does not do it
/// again), with `UpdatedOn`/`UpdatedBy` of the answer. `None` when that cannot be known:
/// the answer lacks them, or the save did something whose result only the server knows
/// (a new password's hash and salt, the new avatar's file name).
fn new_baseline(sent: Value, answer: &str) -> Option<UserRecord> {
    let acted = |name: &str| match sent.get(name) {
        None | Some(Value::Null) | Some(Value::Bool(false)) => false,
        Some(Value::String(s)) => !s.is_empty(),
        Some(_) => true,
    };
    if ["NewPassword", "NewAvatarUrl", "ClearAvatarFile"]
        .into_iter()
        .any(acted)
    {
        return None;
    }
    let answer = Value::parse(answer).ok()?;
    let stamp = |name: &str| answer.get(name).filter(|v| !v.is_null()).cloned();
    let (on, by) = (stamp("UpdatedOn")?, stamp("UpdatedBy")?);
    let mut record = UserRecord::from_value(sent).ok()?;
    record.set("NewPassword", Value::Null);
    record.set("NewAvatarUrl", Value::Null);
    record.set("ClearAvatarFile", Value::Bool(false));
    for (_, added, removed) in LIST_TWINS {
        record.remove(added);
        record.remove(removed);
    }
    record.set("UpdatedOn", on);
    record.set("UpdatedBy", by);
    Some(record)
}

/// "Updated meanwhile by Ben: Devices, User roles — your changes were saved on top."
fn merge_note(changed: &[String], by: Option<&str>) -> Option<String> {
    if changed.is_empty() {
        return None;
    }
    let names: Vec<&str> = changed
        .iter()
        .map(|name| field(name).map_or(name.as_str(), |spec| spec.label))
        .collect();
    let by = by.map(|b| format!(" by {b}")).unwrap_or_default();
    Some(format!(
        "Updated meanwhile{by}: {} — your changes were saved on top.",
        names.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_save_whose_effects_only_the_server_knows_asks_for_a_fresh_copy() {
        let answer =
            r#"{"WasSuccessful":true,"UpdatedOn":"2026-01-02T03:04:05Z","UpdatedBy":"a@b.c"}"#;
        for sent in [
            r#"{"Id":7,"NewPassword":"Secret#1"}"#,
            r#"{"Id":7,"NewAvatarUrl":"https://x.example/a.png"}"#,
            r#"{"Id":7,"ClearAvatarFile":true}"#,
        ] {
            let record = Value::parse(sent)
                .ok()
                .and_then(|s| new_baseline(s, answer));
            assert!(record.is_none(), "{sent}");
        }
    }

    #[test]
    fn the_new_baseline_is_what_was_sent_with_the_answers_stamp() {
        let sent = Value::parse(
            r#"{"Id":7,"FullName":"Ada","NewPassword":null,"AddedUserRoles":[3],"RemovedUserRoles":[],"UserRoles":[1,3],"UpdatedOn":"old"}"#,
        );
        let answer =
            r#"{"WasSuccessful":true,"UpdatedOn":"2026-01-02T03:04:05Z","UpdatedBy":"a@b.c"}"#;
        let record = sent.ok().and_then(|s| new_baseline(s, answer));
        let record = record.map(|r| r.to_json());
        assert_eq!(
            record.as_deref(),
            Some(
                r#"{"Id":7,"FullName":"Ada","NewPassword":null,"UserRoles":[1,3],"UpdatedOn":"2026-01-02T03:04:05Z","NewAvatarUrl":null,"ClearAvatarFile":false,"UpdatedBy":"a@b.c"}"#
            )
        );
    }

    #[test]
    fn an_answer_without_its_stamp_asks_for_a_fresh_copy() {
        let sent = Value::parse(r#"{"Id":7}"#);
        assert!(sent
            .ok()
            .and_then(|s| new_baseline(s, r#"{"WasSuccessful":true}"#))
            .is_none());
    }

    #[test]
    fn the_merge_note_names_fields_by_label() {
        let changed = vec![
            "Devices".to_owned(),
            "UserRoles".to_owned(),
            "Mystery".to_owned(),
        ];
        assert_eq!(
            merge_note(&changed, Some("ben@example.com")).as_deref(),
            Some("Updated meanwhile by ben@example.com: Devices, User roles, Mystery — your changes were saved on top.")
        );
        assert_eq!(merge_note(&[], Some("x")), None);
    }
}
