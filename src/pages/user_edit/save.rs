//! One save, end to end: validate, read the record as the server has it now, merge the
//! admin's edits onto it (conflicts stop here: nothing is written until the admin
//! decides), PUT, and take what was sent as the new baseline.
//!
//! What is sent is the form as it was when Save was pressed (a click, Enter, Ctrl+S):
//! a copy of the draft taken then is what every attempt of that save merges and sends,
//! through a throttle wait, a slow read and a new sign-in alike. What is typed meanwhile
//! stays an edit, for the next save. The form itself moves onto the server's record only
//! when the save ends (saved, or conflicts for the admin to decide), so what others
//! changed is named once, with everything they changed across the save's attempts.
//!
//! The read starts as Save is pressed, not when it is released: the press of a mouse
//! button or a finger lasts about a round trip, so by the click the record is often
//! here and only the PUT is left to wait for. A save started with no press (Enter,
//! Ctrl+S) starts its read before anything else. A read started longer ago than
//! [`EARLY_READ_MS`] is not trusted to be "now" and is done again.

use contract::json::Value;
use contract::validate::LIST_TWINS;
use contract::{field, Draft, Kind, Rebased, UserRecord};
use futures::channel::oneshot;
use futures::future::LocalBoxFuture;
use leptos::prelude::*;

use crate::api::{Api, ApiError, MAX_THROTTLE_WAITS};
use crate::auth::{now_ms, Auth};
use crate::components::error_summary::focus_summary;
use crate::form::FormState;

use super::conflicts::{focus_conflicts, show_conflicts, ConflictItem};
use super::fetch_user;
use super::related::LookupPause;

/// What the last save came to, as the save bar words it.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveOutcome {
    /// The server holds the changes: written, or held already (an earlier save's answer
    /// was lost); what the bar says, with what others changed meanwhile.
    Saved(String),
    /// Nothing was changed, so nothing was sent; what the bar says (with what others
    /// changed that the form took meanwhile: a conflict decided for theirs).
    NothingToSave(String),
    /// The form has problems: the error summary is up.
    Invalid,
    /// Others changed the same fields: the conflict panel is up, nothing was written.
    Conflicts,
    /// The session ended: the save runs again once signed in.
    SigningIn,
    /// The save's code could not be had: a new release is deployed (reload to go on),
    /// or the connection failed (save again).
    PartMissing,
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

/// What others changed, as the reads of this form's saves found it since a save last
/// said so: the fields' names and the last to change them.
#[derive(Default)]
struct Meanwhile {
    names: Vec<String>,
    by: Option<String>,
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
    /// The edits left after the last save: those typed while it was on its way.
    pub left_over: StoredValue<Vec<(&'static str, String)>>,
    skip_wait: StoredValue<Option<Skip>>,
    early: StoredValue<Option<EarlyRead>>,
    /// The form as Save was pressed: what the save on its way (or waiting for a new
    /// sign-in) sends; a draft of no record when none is.
    pressed_on: StoredValue<Draft>,
    /// Grows as each save starts and as it ends.
    runs: StoredValue<u64>,
    /// The next run takes up the interrupted save (`pressed_on`).
    resuming: StoredValue<bool>,
    api: StoredValue<Api>,
    form: FormState,
    user_id: u64,
}

/// How a throttle wait ends before its time.
#[derive(Clone, Copy, PartialEq)]
enum Skip {
    /// "Retry now".
    Retry,
    /// "Stop retrying".
    Stop,
}

impl Saver {
    /// The save of `form`, the record `user_id`; `pause` holds the names' lookups back
    /// while it is on its way.
    pub fn new(form: FormState, user_id: u64, pause: LookupPause) -> Self {
        let api = StoredValue::new(Api::from_context());
        let wait = RwSignal::new(None);
        let slow = RwSignal::new(false);
        let conflicts = RwSignal::new(Vec::new());
        let left_over = StoredValue::new(Vec::new());
        let skip_wait = StoredValue::new(None);
        let early = StoredValue::new(None);
        let pressed_on = StoredValue::new(Draft::default());
        let meanwhile = StoredValue::new(Meanwhile::default());
        let resume = RwSignal::new(false);
        let runs = StoredValue::new(0u64);
        let resuming = StoredValue::new(false);
        let action = Action::new_local(move |(): &()| {
            runs.update_value(|n| *n += 1);
            let handles = Handles {
                api,
                form,
                user_id,
                pressed_on,
                resuming,
                runs,
                slow,
                pause,
                wait,
                skip_wait,
                resume,
                conflicts,
                early,
                meanwhile,
                left_over,
            };
            async move {
                let outcome = match save_flow().await {
                    Ok(run) => run(handles).await,
                    Err(_) => SaveOutcome::PartMissing,
                };
                // Kept for the same save once signed in again; else done with.
                if !matches!(outcome, SaveOutcome::SigningIn) {
                    pressed_on.try_set_value(Draft::default());
                }
                runs.try_update_value(|n| *n += 1);
                outcome
            }
        });
        // Nothing is saved before something changes: the first change fetches the save's
        // part, so that a click on Save does not wait for it; after the frame that shows
        // the change, which is the keystroke's own work.
        let dirty = form.dirty();
        Effect::new(move |fetched: Option<bool>| {
            if fetched == Some(true) || !dirty.get() {
                return fetched == Some(true);
            }
            crate::components::after_next_frame(|| {
                wasm_bindgen_futures::spawn_local(async {
                    let _ = save_flow().await;
                    let _ = crate::components::error_summary::summary().await;
                });
            });
            true
        });
        let saver = Self {
            action,
            wait,
            slow,
            conflicts,
            left_over,
            skip_wait,
            early,
            pressed_on,
            runs,
            resuming,
            api,
            form,
            user_id,
        };
        expect_context::<Auth>().resume_after_sign_in(
            move || resume.get_untracked(),
            move || {
                resume.set(false);
                saver.start(true);
            },
        );
        saver
    }

    /// Save the form as it is now, unless a save is already on its way (never two at
    /// once: writes are rate-limited, and the second would race the first). Its read
    /// starts first, while the save shows every field's problems, unless a press started
    /// it already.
    pub fn save(&self) {
        self.start(false);
    }

    /// Starts a save, unless one is on its way: of the form as it is now, or (`resumed`)
    /// the one a new sign-in interrupted, as it was pressed.
    fn start(&self, resumed: bool) {
        if self.action.pending().get_untracked() {
            return;
        }
        let resumed = resumed && self.pressed_on.with_value(|d| d.baseline().id().is_some());
        if !resumed {
            self.pressed();
            let now = self.form.with_draft(Draft::clone);
            self.pressed_on.set_value(now);
        }
        self.resuming.set_value(resumed);
        self.action.dispatch(());
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

    /// Changes as each save starts and as it ends (untracked; `None` once the page is
    /// gone): a read started before that must not be merged after it.
    pub fn generation(&self) -> Option<u64> {
        self.runs.try_get_value()
    }

    /// A throttled save tries again now rather than at the end of its wait.
    pub fn retry_now(&self) {
        self.skip_wait.set_value(Some(Skip::Retry));
    }

    /// A throttled save stops waiting: nothing is sent, the edits stay.
    pub fn stop_retrying(&self) {
        self.skip_wait.set_value(Some(Skip::Stop));
    }
}

/// What a save's run works with, handed to its part.
#[derive(Clone, Copy)]
struct Handles {
    api: StoredValue<Api>,
    form: FormState,
    user_id: u64,
    pressed_on: StoredValue<Draft>,
    resuming: StoredValue<bool>,
    runs: StoredValue<u64>,
    slow: RwSignal<bool>,
    pause: LookupPause,
    wait: RwSignal<Option<u64>>,
    skip_wait: StoredValue<Option<Skip>>,
    resume: RwSignal<bool>,
    conflicts: RwSignal<Vec<ConflictItem>>,
    early: StoredValue<Option<EarlyRead>>,
    meanwhile: StoredValue<Meanwhile>,
    left_over: StoredValue<Vec<(&'static str, String)>>,
}

/// One run of a save: its handles (reached through `Deref`), and what it sends.
struct Ctx {
    handles: Handles,
    api: Api,
    /// The form as Save was pressed.
    pressed: Draft,
    /// This run takes up a save a new sign-in interrupted.
    resumed: bool,
}

impl std::ops::Deref for Ctx {
    type Target = Handles;
    fn deref(&self) -> &Handles {
        &self.handles
    }
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
crate::deferred!(save, fn save_flow -> fn(Handles) -> LocalBoxFuture<'static, SaveOutcome> = |h| Box::pin(run(h)));

/// A run of the save: says it is slow when it is, holds the names' lookups back, and
/// sends what was pressed.
async fn run(h: Handles) -> SaveOutcome {
    let mine = h.runs.get_value();
    h.slow.set(false);
    h.pause.0.set(true);
    wasm_bindgen_futures::spawn_local(async move {
        gloo_timers::future::TimeoutFuture::new(SLOW_AFTER_MS).await;
        if h.runs.try_get_value() == Some(mine) {
            h.slow.try_set(true);
        }
    });
    let ctx = Ctx {
        handles: h,
        api: h.api.get_value(),
        pressed: h.pressed_on.get_value(),
        resumed: h.resuming.try_update_value(std::mem::take).unwrap_or(false),
    };
    let outcome = save(&ctx).await;
    h.slow.try_set(false);
    h.pause.0.try_set(false);
    outcome
}

async fn save(ctx: &Ctx) -> SaveOutcome {
    if let Some(outcome) = check(ctx) {
        return outcome;
    }
    let mut waits = 0;
    loop {
        match attempt(ctx).await {
            Ok(outcome) => return outcome,
            Err(ApiError::Throttled(secs)) if waits < MAX_THROTTLE_WAITS => {
                waits += 1;
                match wait_out(ctx, secs).await {
                    Some(Skip::Retry) | None => {}
                    Some(Skip::Stop) => return SaveOutcome::Failed(STOPPED.to_owned()),
                }
            }
            Err(ApiError::Throttled(_)) => return SaveOutcome::Failed(GAVE_UP.to_owned()),
            Err(e) => return failure(ctx, e),
        }
    }
}

const STOPPED: &str = "Saving stopped: nothing was sent. Your changes are still here; press Save to try again. The server takes a limited number of changes a minute, so wait a minute or two if it was busy.";
const GAVE_UP: &str = "The server is still too busy to save, after several tries. Your changes are still here; press Save to try again in a few minutes.";

/// What stops a save before it reads: nothing changed, problems to fix, conflicts to
/// decide.
fn check(ctx: &Ctx) -> Option<SaveOutcome> {
    let form = ctx.form;
    // A save resumed after a new sign-in sends what was pressed, checked then: the form
    // may hold newer, unfinished typing (an "add" box not added) that is not this save's.
    let unfinished = !ctx.resumed && untrack(|| form.has_unfinished());
    if !ctx.pressed.is_dirty() && !unfinished {
        let note = ctx.meanwhile.try_update_value(take_note).flatten();
        return Some(SaveOutcome::NothingToSave(said(
            "There are no changes to save.",
            note,
            ".",
        )));
    }
    if unfinished || ctx.pressed.put_body().is_err() {
        form.show_all();
        form.summary_open.set(true);
        focus_summary();
        return Some(SaveOutcome::Invalid);
    }
    form.show_all();
    if ctx
        .conflicts
        .with_untracked(|c| c.iter().any(|c| c.choice.is_none()))
    {
        focus_conflicts();
        return Some(SaveOutcome::Conflicts);
    }
    None
}

/// Counts the wait down: how it ended early, if it did (`None`: its time is up). A page
/// gone meanwhile stops it.
async fn wait_out(ctx: &Ctx, secs: u64) -> Option<Skip> {
    ctx.skip_wait.set_value(None);
    // Quarter-second steps, so "Retry now" and "Stop retrying" are felt at once.
    let mut skipped = None;
    for step in (1..=secs * 4).rev() {
        if ctx.wait.try_set(Some(step.div_ceil(4))).is_some() {
            return Some(Skip::Stop);
        }
        skipped = ctx.skip_wait.try_get_value().flatten();
        if skipped.is_some() {
            break;
        }
        gloo_timers::future::TimeoutFuture::new(250).await;
    }
    ctx.wait.try_set(None);
    skipped
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
        ApiError::NotFound => {
            let copy = changes_as_text(&ctx.pressed);
            let copy = if copy.is_empty() { copy } else { format!(", to copy: {copy}") };
            SaveOutcome::Failed(format!(
                "This user no longer exists (deleted meanwhile), so nothing was saved and no new user was made. Your changes are still here{copy}."
            ))
        }
        e => SaveOutcome::Failed(format!("{e} Your changes are still here.")),
    }
}

/// The edits as a person reads them ("Full name: “Ann”; …"), passwords left out: they
/// are never shown in clear.
fn changes_as_text(draft: &Draft) -> String {
    let lines: Vec<String> = draft
        .edits()
        .iter()
        .filter_map(|(name, text)| field(name).map(|spec| (spec, text)))
        .filter(|(spec, _)| !matches!(spec.kind, Kind::NewPassword | Kind::ConfirmPassword))
        .map(|(spec, text)| match (spec.kind, text.as_str()) {
            (Kind::Bool, "true") => format!("{}: on", spec.label),
            (Kind::Bool, _) => format!("{}: off", spec.label),
            _ => format!("{}: “{text}”", spec.label),
        })
        .collect();
    lines.join("; ")
}

/// Adds what one read found others had changed (less what they changed exactly as the
/// admin did) to what the save has found so far.
fn note_meanwhile(meanwhile: &mut Meanwhile, rebased: &Rebased, by: Option<String>) {
    let changed = rebased
        .changed_by_them
        .iter()
        .filter(|name| !rebased.agreed.contains(&name.as_str()));
    for name in changed {
        if !meanwhile.names.contains(name) {
            meanwhile.names.push(name.clone());
        }
    }
    if by.is_some() {
        meanwhile.by = by;
    }
}

/// The note of what others changed, once: the form now shows it all.
fn take_note(meanwhile: &mut Meanwhile) -> Option<String> {
    let Meanwhile { names, by } = std::mem::take(meanwhile);
    merge_note(&names, by.as_deref())
}

async fn attempt(ctx: &Ctx) -> Result<SaveOutcome, ApiError> {
    let form = ctx.form;
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
    let mut sending = ctx.pressed.clone();
    let rebased = sending.rebase(theirs);
    // (Theirs, as the rebase made it the baseline.)
    let theirs = || sending.baseline().clone();
    ctx.meanwhile
        .update_value(|m| note_meanwhile(m, &rebased, updated_by.clone()));
    if !rebased.conflicts.is_empty() {
        // Nothing is written: the form moves onto theirs, for the admin to choose.
        form.update_draft(|d| d.rebase(theirs()));
        show_conflicts(
            form,
            ctx.conflicts,
            &rebased.conflicts,
            updated_by,
            updated_on,
        );
        return Ok(SaveOutcome::Conflicts);
    }
    ctx.conflicts.set(Vec::new());
    if !sending.is_dirty() {
        // Every change is there already (a save applied whose answer was lost): a write
        // now would only spend the rate limit, and could undo a change since the read.
        let note = ctx.meanwhile.try_update_value(take_note).flatten();
        return Ok(saved(
            ctx,
            theirs(),
            said("Already saved — the server has these changes.", note, "."),
        ));
    }
    let body = match sending.put_body() {
        Ok(body) => body,
        // What others changed made the edits invalid (a name now taken, say): the form
        // moves onto theirs to show why.
        Err(_) => {
            form.update_draft(|d| d.rebase(theirs()));
            form.show_all();
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
    let note = ctx.meanwhile.try_update_value(take_note).flatten();
    let said = match note {
        Some(note) => format!("Saved. {note} — your changes were saved on top."),
        None => "Saved".to_owned(),
    };
    Ok(saved(ctx, baseline, said))
}

/// `first`, then the note of what others changed, when any, and `end`.
fn said(first: &str, note: Option<String>, end: &str) -> String {
    match note {
        Some(note) => format!("{first} {note}{end}"),
        None => first.to_owned(),
    }
}

/// The server holds `record` now, with the pressed edits: the form's new baseline, and
/// what was typed since stays an edit. What the bar says of it: `said`, and whether
/// anything typed meanwhile is still to save.
fn saved(ctx: &Ctx, record: UserRecord, said: String) -> SaveOutcome {
    ctx.form.saved(record, ctx.pressed.edits());
    let left = ctx.form.with_draft(|d| d.edits().to_vec());
    let typed = !left.is_empty();
    ctx.left_over.set_value(left);
    SaveOutcome::Saved(if typed {
        let stop = if said.ends_with('.') { "" } else { "." };
        format!("{said}{stop} What you typed while it was saving is not saved yet.")
    } else {
        said
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
        Some(v) => v.as_str().is_none_or(|s| !s.is_empty()),
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

/// "Updated meanwhile by Ben: Devices, User roles"
fn merge_note(changed: &[String], by: Option<&str>) -> Option<String> {
    if changed.is_empty() {
        return None;
    }
    let names: Vec<&str> = changed
        .iter()
        .map(|name| field(name).map_or(name.as_str(), |spec| spec.label))
        .collect();
    let by = by.map(|b| format!(" by {b}")).unwrap_or_default();
    Some(format!("Updated meanwhile{by}: {}", names.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fixture's JSON; a fixture that does not parse fails the test, never passes it.
    fn json(text: &str) -> Value {
        match Value::parse(text) {
            Ok(value) => value,
            Err(e) => panic!("fixture {text}: {e}"),
        }
    }

    const STAMPED: &str =
        r#"{"WasSuccessful":true,"UpdatedOn":"2026-01-02T03:04:05Z","UpdatedBy":"a@b.c"}"#;

    #[test]
    fn a_save_whose_effects_only_the_server_knows_asks_for_a_fresh_copy() {
        for sent in [
            r#"{"Id":7,"NewPassword":"Secret#1"}"#,
            r#"{"Id":7,"NewAvatarUrl":"https://x.example/a.png"}"#,
            r#"{"Id":7,"ClearAvatarFile":true}"#,
        ] {
            assert!(new_baseline(json(sent), STAMPED).is_none(), "{sent}");
        }
        // Without those, the same answer is enough.
        assert!(new_baseline(json(r#"{"Id":7,"NewPassword":null}"#), STAMPED).is_some());
    }

    #[test]
    fn the_new_baseline_is_what_was_sent_with_the_answers_stamp() {
        let sent = json(
            r#"{"Id":7,"FullName":"Ada","NewPassword":null,"AddedUserRoles":[3],"RemovedUserRoles":[],"UserRoles":[1,3],"UpdatedOn":"old"}"#,
        );
        let record = new_baseline(sent, STAMPED).map(|r| r.to_json());
        assert_eq!(
            record.as_deref(),
            Some(
                r#"{"Id":7,"FullName":"Ada","NewPassword":null,"UserRoles":[1,3],"UpdatedOn":"2026-01-02T03:04:05Z","NewAvatarUrl":null,"ClearAvatarFile":false,"UpdatedBy":"a@b.c"}"#
            )
        );
    }

    #[test]
    fn an_answer_without_its_stamp_asks_for_a_fresh_copy() {
        assert!(new_baseline(json(r#"{"Id":7}"#), r#"{"WasSuccessful":true}"#).is_none());
        assert!(new_baseline(json(r#"{"Id":7}"#), STAMPED).is_some());
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
            Some("Updated meanwhile by ben@example.com: Devices, User roles, Mystery")
        );
        assert_eq!(merge_note(&[], Some("x")), None);
    }

    #[test]
    fn the_note_gathers_every_attempt_and_leaves_out_what_they_changed_as_the_admin_did() {
        let mut meanwhile = Meanwhile::default();
        let first = Rebased {
            changed_by_them: vec!["Devices".into(), "FullName".into()],
            agreed: vec!["FullName"],
            ..Rebased::default()
        };
        note_meanwhile(&mut meanwhile, &first, Some("ben@example.com".into()));
        let second = Rebased {
            changed_by_them: vec!["Devices".into(), "UserRoles".into()],
            ..Rebased::default()
        };
        note_meanwhile(&mut meanwhile, &second, None);
        assert_eq!(
            take_note(&mut meanwhile).as_deref(),
            Some("Updated meanwhile by ben@example.com: Devices, User roles")
        );
        assert_eq!(take_note(&mut meanwhile), None, "said once");
    }
}
