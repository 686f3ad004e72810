//! Running a bulk change: a few users at a time, paced within the limits, through 409s and
//! a lost session, pausable and cancellable; then the report, which the tab keeps so a
//! reload mid-run still says what was done.

use std::cell::{Cell, RefCell};

use contract::UserRecord;
use leptos::prelude::*;

use super::{tally, users_word, BulkAction, Kept, Outcome, Step, Target};
use crate::api::{Api, ApiError};
use crate::auth::{lacks, Auth, DRAFT_KEY_PREFIX};
use crate::components::count_seconds;
use crate::components::throttle_note::ThrottleNote;
use crate::pages::users::pace::{about, collect, slot, CollectError, Pace};
use crate::search::UsersQuery;

/// Where the tab keeps the last run (a draft's prefix: gone at sign-out).
fn kept_key() -> String {
    format!("{DRAFT_KEY_PREFIX}bulk-run")
}

/// Users changed at once. One: the report fills in the order it lists, a pause or a
/// cancel holds at once, and a 409 holds the whole run. The limits would let 50 users go
/// together (BENCHMARKS.md, "The workbench"): a run is bound by its round trips, and
/// raising this is how to make it faster (each worker shares the pace).
const AT_ONCE: usize = 1;

/// Where a run is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunState {
    /// No run, no report.
    Idle,
    /// Reading which users a "select all matching" holds.
    Collecting,
    /// Changing users.
    Running,
    /// Held between two users.
    Paused,
    /// Cancel pressed: stops before the next user.
    Cancelling,
    /// Over: the report shows.
    Ended,
}

/// Whom a run changes.
pub enum Source {
    /// These users.
    Targets(Vec<Target>),
    /// Every user this search matches, read when the run starts: as many as the admin
    /// confirmed, or nothing is changed.
    Matching(UsersQuery, u64),
}

/// The page's run: shared by the selection bar that starts it and the progress and
/// report that show it.
#[derive(Clone, Copy)]
pub struct BulkRun {
    action: RwSignal<Option<BulkAction>>,
    targets: RwSignal<Vec<Target>>,
    state: RwSignal<RunState>,
    /// Ended by a reload rather than by itself.
    interrupted: RwSignal<bool>,
    /// Why it stopped early (a permission, a filter not applied), or what it waits for.
    said: RwSignal<Option<String>>,
    /// A 409's countdown.
    wait: RwSignal<Option<u64>>,
    /// When changing began, for the time left.
    began: StoredValue<f64>,
    /// Bumped when a run ends: the list reloads.
    pub finished: RwSignal<u32>,
}

impl BulkRun {
    /// The page's run, with the report the tab kept, if any.
    pub fn new() -> Self {
        let kept = window()
            .session_storage()
            .ok()
            .flatten()
            .and_then(|s| s.get_item(&kept_key()).ok().flatten())
            .and_then(|text| Kept::from_json(&text));
        let run = Self {
            action: RwSignal::new(kept.as_ref().map(|k| k.action.clone())),
            interrupted: RwSignal::new(kept.as_ref().is_some_and(|k| !k.ended)),
            targets: RwSignal::new(kept.map(|k| k.targets).unwrap_or_default()),
            state: RwSignal::new(RunState::Idle),
            said: RwSignal::new(None),
            wait: RwSignal::new(None),
            began: StoredValue::new(0.0),
            finished: RwSignal::new(0),
        };
        if run.action.with_untracked(Option::is_some) {
            run.state.set(RunState::Ended);
        }
        run
    }

    /// Whether a run is going (tracked): the leave guard asks, and no other starts.
    pub fn going(&self) -> bool {
        matches!(
            self.state.get(),
            RunState::Collecting | RunState::Running | RunState::Paused | RunState::Cancelling
        )
    }

    fn keep(&self, ended: bool) {
        let Some(action) = self.action.try_get_untracked().flatten() else {
            return;
        };
        let kept = Kept {
            action,
            ended,
            targets: self.targets.get_untracked(),
        };
        if let Ok(Some(store)) = window().session_storage() {
            // Not kept (full, private mode): only a reload's report is lost.
            let _ = store.set_item(&kept_key(), &kept.to_json());
        }
    }

    fn drop_kept(&self) {
        if let Ok(Some(store)) = window().session_storage() {
            let _ = store.remove_item(&kept_key());
        }
    }

    /// Whether the run should go on: not cancelled, and the page still there.
    fn goes_on(&self) -> bool {
        self.state
            .try_get_untracked()
            .is_some_and(|s| s != RunState::Cancelling)
    }

    /// Starts `action` on `source`.
    pub fn start(&self, action: BulkAction, source: Source) {
        let run = *self;
        let api = Api::from_context();
        let auth = expect_context::<Auth>();
        run.action.set(Some(action.clone()));
        run.interrupted.set(false);
        run.said.set(None);
        wasm_bindgen_futures::spawn_local(async move {
            let pace = RefCell::new(Pace::default());
            let targets = match source {
                Source::Targets(t) => t,
                Source::Matching(query, confirmed) => {
                    run.state.set(RunState::Collecting);
                    run.targets.set(Vec::new());
                    let progress = move |read: u64, total: u64| {
                        run.said.try_set(Some(format!(
                            "Reading the matching users: {read} of {total}…"
                        )));
                    };
                    let read = collect(&api, &query, &pace, progress, || run.goes_on()).await;
                    // Cancelled while the last page was on its way: nothing is changed.
                    let read = if run.goes_on() {
                        read
                    } else {
                        Err(CollectError::Cancelled)
                    };
                    let problem = match &read {
                        Ok(rows) if rows.len() as u64 == confirmed => None,
                        Ok(rows) => Some(format!(
                            "Nothing was changed: {} match now, not the {confirmed} you confirmed. Check the list and confirm again.",
                            rows.len()
                        )),
                        Err(CollectError::Cancelled) => {
                            run.state.try_set(RunState::Idle);
                            run.action.try_set(None);
                            return;
                        }
                        Err(e) => Some(format!(
                            "Nothing was changed: the matching users could not be read. {e}"
                        )),
                    };
                    if let Some(why) = problem {
                        run.drop_kept();
                        run.targets.try_set(Vec::new());
                        run.said.try_set(Some(why));
                        run.state.try_set(RunState::Ended);
                        return;
                    }
                    let rows = read.unwrap_or_default();
                    rows.iter()
                        .filter_map(|r| target_of(r, action.field()))
                        .collect()
                }
            };
            run.said.try_set(None);
            run.targets.try_set(targets);
            run.state.try_set(RunState::Running);
            run.began.try_set_value(crate::auth::now_ms());
            run.keep(false);
            let total = run.targets.try_with_untracked(Vec::len).unwrap_or(0);
            // The next user to take up, and why the run stopped early, shared by the
            // users changed at once.
            let next = Cell::new(0usize);
            let stop = RefCell::new(None::<String>);
            let worker = || async {
                loop {
                    while run.state.try_get_untracked() == Some(RunState::Paused) {
                        gloo_timers::future::TimeoutFuture::new(250).await;
                    }
                    if !run.goes_on() || stop.borrow().is_some() {
                        return;
                    }
                    // The next user still waiting (a retry leaves the others' outcomes).
                    let i = next.get();
                    if i >= total {
                        return;
                    }
                    next.set(i + 1);
                    let Some(target) = run.targets.try_with_untracked(|t| t[i].clone()) else {
                        return;
                    };
                    if target.outcome != Outcome::Waiting {
                        continue;
                    }
                    match one_user(run, &api, auth, &action, &target, &pace).await {
                        Ok(outcome) => {
                            run.targets.try_update(|t| t[i].outcome = outcome);
                            run.keep(false);
                        }
                        Err(why) => {
                            stop.replace(Some(why));
                            return;
                        }
                    }
                }
            };
            futures::future::join_all((0..AT_ONCE).map(|_| worker())).await;
            if let Some(why) = stop.take() {
                run.said.try_set(Some(why));
            }
            run.targets.try_update(|t| {
                for target in t.iter_mut().filter(|t| t.outcome == Outcome::Waiting) {
                    target.outcome = Outcome::NotDone;
                }
            });
            run.keep(true);
            run.state.try_set(RunState::Ended);
            run.finished.try_update(|n| *n += 1);
        });
    }

    /// Waits until the session is back after a lost one (the sign-in dialog is up).
    async fn signed_in_again(&self, auth: Auth) {
        self.said.try_set(Some(
            "Your session ended: sign in again and the change goes on.".to_owned(),
        ));
        // As the account the run began with: after signing in as another, once the admin
        // chose to carry on as that one (the shell asks).
        while self.goes_on()
            && (!auth.signed_in() || auth.reauth_needed() || auth.account_changed())
        {
            gloo_timers::future::TimeoutFuture::new(300).await;
        }
        self.said.try_set(None);
    }
}

/// The user of a list row, with the field's value as listed.
pub fn target_of(row: &UserRecord, field: &str) -> Option<Target> {
    let id = u64::try_from(row.id()?).ok()?;
    let name = row
        .get_str("FullName")
        .filter(|n| !n.trim().is_empty())
        .map_or_else(|| format!("User {id}"), str::to_owned);
    Some(Target {
        id,
        name,
        seen: row.get(field).cloned(),
        outcome: Outcome::Waiting,
    })
}

/// Changes one user: read, the one field set, PUT. `Err` stops the run (a permission
/// this account lacks: every other user would fail the same way).
async fn one_user(
    run: BulkRun,
    api: &Api,
    auth: Auth,
    action: &BulkAction,
    target: &Target,
    pace: &RefCell<Pace>,
) -> Result<Outcome, String> {
    let id = target.id;
    loop {
        if !run.goes_on() {
            return Ok(Outcome::NotDone);
        }
        slot(pace, false).await;
        let record = match api.get(&format!("/sys/users/{id}")).await {
            Ok(body) => match UserRecord::from_json(&body) {
                Ok(r) if r.id() == i64::try_from(id).ok() => r,
                Ok(_) => return Ok(Outcome::Failed(ApiError::WrongRecord.to_string())),
                Err(_) => return Ok(Outcome::Failed(ApiError::Malformed.to_string())),
            },
            Err(ApiError::NotFound) => {
                return Ok(Outcome::Skipped(
                    "No longer exists: deleted meanwhile.".to_owned(),
                ))
            }
            Err(ApiError::Forbidden) => return Err(lacks("User-Read", "read users")),
            Err(e) => match waited(run, auth, e).await {
                Some(failed) => return Ok(failed),
                None => continue,
            },
        };
        let mine = auth.email().zip(record.get_str("Email").map(str::to_owned));
        if *action == BulkAction::Deactivate
            && mine.is_some_and(|(a, b)| a.eq_ignore_ascii_case(&b))
        {
            return Ok(Outcome::Skipped(
                "Your own account: deactivated, it would end this session mid-run. Deactivate it from its own page.".to_owned(),
            ));
        }
        let body = match action.step(record, target.seen.as_ref()) {
            Step::Put(body) => body,
            Step::Skip(why) => return Ok(Outcome::Skipped(why)),
            Step::Fail(why) => return Ok(Outcome::Failed(why)),
        };
        slot(pace, true).await;
        // Cancelled, or the page left, while this user was read: nothing is written.
        if !run.goes_on() {
            return Ok(Outcome::NotDone);
        }
        match api.put_json("/sys/users", &body).await {
            Ok(_) => return Ok(Outcome::Changed),
            Err(ApiError::Rejected { fields, form }) => {
                let mut said: Vec<String> = fields
                    .iter()
                    .flat_map(|(name, messages)| {
                        let label = contract::field(name).map_or(*name, |s| s.label);
                        messages.iter().map(move |m| format!("{label}: {m}"))
                    })
                    .collect();
                said.extend(form);
                return Ok(Outcome::Failed(said.join(" ")));
            }
            Err(ApiError::Forbidden) => {
                auth.refuse("User-Edit");
                return Err(lacks("User-Edit", "change users"));
            }
            // After a wait the record is read again: it may have changed meanwhile.
            Err(e) => {
                if let Some(failed) = waited(run, auth, e).await {
                    return Ok(failed);
                }
            }
        }
    }
}

/// After a failed call: `None` once a 409's wait or a new sign-in is over (try again),
/// else the user's failure.
async fn waited(run: BulkRun, auth: Auth, e: ApiError) -> Option<Outcome> {
    match e {
        ApiError::Throttled(secs) => {
            count_seconds(secs, run.wait, move || run.goes_on()).await;
            // Cancelled mid-wait, the count would stay on screen.
            run.wait.try_set(None);
            None
        }
        ApiError::SignedOut => {
            run.signed_in_again(auth).await;
            None
        }
        e => Some(Outcome::Failed(e.to_string())),
    }
}

/// The progress of the run and, once over, its report.
#[component]
pub fn RunPanel(run: BulkRun) -> impl IntoView {
    let state = run.state;
    // During a run, "left" is who is still waiting (a retry's report keeps the others).
    let counts = move || {
        run.targets.with(|t| {
            let (changed, skipped, failed, _) = tally(t);
            let left = t.iter().filter(|t| t.outcome == Outcome::Waiting).count();
            (t.len(), (changed, skipped, failed, left))
        })
    };
    let progress_text = move || {
        let (total, (changed, skipped, failed, left)) = counts();
        let finished = total - left;
        let mut text = format!(
            "{finished} of {total} finished: {changed} changed, {skipped} skipped, {failed} failed, {left} left"
        );
        if state.get() == RunState::Running && finished > 0 && left > 0 {
            let elapsed = crate::auth::now_ms() - run.began.get_value();
            let per_user = elapsed / finished as f64;
            let mut pace = Pace::default();
            let by_pace = pace.held_back_secs(left, 0.0);
            let secs = ((per_user * left as f64) / 1000.0).ceil() as u64;
            text.push_str(&format!(" · {} left", about(secs.max(by_pace))));
        }
        if state.get() == RunState::Paused {
            text = format!("Paused. {text}");
        }
        text
    };
    let title = move || {
        let action = run.action.get().map(|a| a.name()).unwrap_or_default();
        format!(
            "{action}: {}",
            users_word(run.targets.with(Vec::len) as u64)
        )
    };
    // The panel's parts change with the run's stage only, so Pause and Resume stay one
    // button (the focus stays on it) and the progress is not drawn anew.
    let stage = Memo::new(move |_| match state.get() {
        RunState::Idle => 0,
        RunState::Collecting => 1,
        RunState::Running | RunState::Paused | RunState::Cancelling => 2,
        RunState::Ended => 3,
    });
    let cancelling = move || state.get() == RunState::Cancelling;
    let pause = move |_| {
        state.update(|st| {
            *st = match *st {
                RunState::Paused => RunState::Running,
                RunState::Running => RunState::Paused,
                other => other,
            }
        })
    };
    move || {
        let s = stage.get();
        (s > 0).then(|| {
            view! {
                <section class="bulk-run" aria-labelledby="bulk-run-title">
                    <h2 id="bulk-run-title">{title}</h2>
                    {(s == 2).then(|| view! {
                        <progress
                            aria-labelledby="bulk-run-title"
                            max=move || counts().0.max(1).to_string()
                            value=move || { let (total, t) = counts(); (total - t.3).to_string() }
                        ></progress>
                        <p role="status">{progress_text}</p>
                    })}
                    <ThrottleNote remaining=run.wait what="Going on"/>
                    <p role="status" class="notice">{move || run.said.get()}</p>
                    {(s == 1 || s == 2).then(|| view! {
                        <div class="actions">
                            {(s == 2).then(|| view! {
                                <button type="button" class="secondary" disabled=cancelling on:click=pause>
                                    {move || if state.get() == RunState::Paused { "Resume" } else { "Pause" }}
                                </button>
                            })}
                            <button type="button" class="secondary" disabled=cancelling on:click=move |_| state.set(RunState::Cancelling)>
                                "Cancel the change"
                            </button>
                        </div>
                    })}
                    {(s == 3).then(|| view! { <Report run/> })}
                </section>
            }
        })
    }
}

/// What became of each user, with "Retry failed", "Continue" after a reload, "Dismiss".
#[component]
fn Report(run: BulkRun) -> impl IntoView {
    let targets = run.targets.get_untracked();
    let (changed, skipped, failed, left) = tally(&targets);
    let action = run.action.get_untracked();
    let verdict = if run.interrupted.get_untracked() {
        "Interrupted, as the page was left or reloaded"
    } else if left > 0 {
        "Stopped before the end"
    } else {
        "Finished"
    };
    // No users: the run stopped before any (its note says why).
    let summary = (!targets.is_empty()).then(|| {
        format!(
            "{verdict}: {changed} changed, {skipped} skipped, {failed} failed, {left} not done."
        )
    });
    let again = move |pick: fn(&Outcome) -> bool| {
        let Some(action) = action.clone() else { return };
        // The same report, those picked waiting again: the others keep their outcomes.
        let retry: Vec<Target> = run
            .targets
            .get_untracked()
            .into_iter()
            .map(|t| {
                if pick(&t.outcome) {
                    Target {
                        outcome: Outcome::Waiting,
                        ..t
                    }
                } else {
                    t
                }
            })
            .collect();
        run.start(action, Source::Targets(retry));
    };
    let retry = again.clone();
    let rows = targets
        .into_iter()
        .map(|t| {
            let (class, text) = match &t.outcome {
                Outcome::Changed => ("changed", "Changed".to_owned()),
                Outcome::Skipped(why) => ("skipped", format!("Skipped: {why}")),
                Outcome::Failed(why) => ("failed", format!("Failed: {why}")),
                Outcome::Waiting | Outcome::NotDone => ("not-done", "Not done".to_owned()),
            };
            view! {
                <tr class=class>
                    <th scope="row"><a href=format!("/users/{}", t.id)>{t.name}</a></th>
                    <td>{text}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p role="status" class="summary">{summary}</p>
        <div class="actions">
            {(failed > 0).then(|| view! {
                <button type="button" class="primary" on:click=move |_| retry(|o| matches!(o, Outcome::Failed(_)))>"Retry failed"</button>
            })}
            {(left > 0).then(|| view! {
                <button type="button" class="primary" on:click=move |_| again(|o| matches!(o, Outcome::Waiting | Outcome::NotDone))>
                    {format!("Continue with the {} left", users_word(left as u64))}
                </button>
            })}
            <button type="button" class="secondary" on:click=move |_| {
                run.drop_kept();
                run.action.set(None);
                run.targets.set(Vec::new());
                run.state.set(RunState::Idle);
            }>"Dismiss report"</button>
        </div>
        <table class="users report">
            <caption class="visually-hidden">"What became of each user"</caption>
            <thead><tr><th scope="col">"User"</th><th scope="col">"Outcome"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
