//! A change to many users at once, as plain data: the action, what it does to one
//! user's record (the edit page's save with a one-field edit: the record read now, the
//! field set, the same PUT body), the report, and the report as kept in the tab.

pub mod confirm;
pub mod run;

use contract::json::{Map, Value};
use contract::{field, Draft, UserRecord};

/// What a bulk change does to each user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BulkAction {
    /// `Active` on.
    Activate,
    /// `Active` off.
    Deactivate,
    /// `MustResetPassword` on.
    RequireNewPassword,
    /// Adds the user role (id, name as shown).
    AddRole(u64, String),
    /// Removes the user role (id, name as shown).
    RemoveRole(u64, String),
}

/// What became of one user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Not reached yet.
    Waiting,
    /// Saved.
    Changed,
    /// Left as it was, and why.
    Skipped(String),
    /// Not saved: the reason, the server's where it gave one.
    Failed(String),
    /// The run was cancelled or stopped before this user.
    NotDone,
}

/// One user of a run: who, the field's value as the admin saw it listed (`None` when
/// the list did not show it), and what became of them.
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    /// The user's id.
    pub id: u64,
    /// The name shown in the report.
    pub name: String,
    /// The field's value when listed.
    pub seen: Option<Value>,
    /// What became of them.
    pub outcome: Outcome,
}

/// What to do with one user, from their record as read now.
#[derive(Debug, PartialEq)]
pub enum Step {
    /// Send this PUT body.
    Put(Value),
    /// Leave them: why.
    Skip(String),
    /// Cannot be saved: why.
    Fail(String),
}

fn yes_no(b: Option<bool>) -> &'static str {
    match b {
        Some(true) => "Yes",
        Some(false) => "No",
        None => "empty",
    }
}

impl BulkAction {
    /// The field it changes.
    pub fn field(&self) -> &'static str {
        match self {
            Self::Activate | Self::Deactivate => "Active",
            Self::RequireNewPassword => "MustResetPassword",
            Self::AddRole(..) | Self::RemoveRole(..) => "UserRoles",
        }
    }

    /// Its button and title: "Deactivate", "Add role Events".
    pub fn name(&self) -> String {
        match self {
            Self::Activate => "Activate".to_owned(),
            Self::Deactivate => "Deactivate".to_owned(),
            Self::RequireNewPassword => "Require a new password".to_owned(),
            Self::AddRole(_, role) => format!("Add the role {role}"),
            Self::RemoveRole(_, role) => format!("Remove the role {role}"),
        }
    }

    /// Exactly what will change, for the confirmation.
    pub fn what_changes(&self, users: u64) -> String {
        let who = users_word(users);
        match self {
            Self::Activate => format!("Active will be set to Yes for {who}."),
            Self::Deactivate => format!(
                "Active will be set to No for {who}: they can no longer sign in. Their data is kept."
            ),
            Self::RequireNewPassword => format!(
                "“Must reset password at next sign-in” will be set to Yes for {who}."
            ),
            Self::AddRole(_, role) => format!("The user role {role} will be added to {who}."),
            Self::RemoveRole(_, role) => format!("The user role {role} will be removed from {who}."),
        }
    }

    /// The flag a flag action sets.
    fn target_flag(&self) -> Option<bool> {
        match self {
            Self::Activate | Self::RequireNewPassword => Some(true),
            Self::Deactivate => Some(false),
            Self::AddRole(..) | Self::RemoveRole(..) => None,
        }
    }

    /// What to do with a user whose record reads `current` now and whose field read
    /// `seen` when listed: a field changed meanwhile is skipped (someone else decided),
    /// one already as wanted is skipped, else the record as read with the one field set.
    pub fn step(&self, current: UserRecord, seen: Option<&Value>) -> Step {
        let name = self.field();
        let label = field(name).map_or(name, |s| s.label);
        let now = current.get(name).cloned();
        let mut draft = Draft::new(current);
        if let Some(target) = self.target_flag() {
            let now = now.as_ref().and_then(Value::as_bool);
            if let Some(seen) = seen.and_then(Value::as_bool) {
                if now != Some(seen) {
                    return Step::Skip(format!(
                        "{label} was changed meanwhile (now {}): left as it is.",
                        yes_no(now)
                    ));
                }
            }
            if now == Some(target) {
                return Step::Skip(format!("{label} was already {}.", yes_no(now)));
            }
            draft.set_input(name, target.to_string());
        } else {
            let mut ids: Vec<u64> = now
                .as_ref()
                .and_then(Value::as_array)
                .map(|items| items.iter().filter_map(Value::as_u64).collect())
                .unwrap_or_default();
            match self {
                Self::AddRole(id, role) if ids.contains(id) => {
                    return Step::Skip(format!("Already holds {role}."))
                }
                Self::AddRole(id, _) => ids.push(*id),
                Self::RemoveRole(id, role) if !ids.contains(id) => {
                    return Step::Skip(format!("Does not hold {role}."))
                }
                Self::RemoveRole(id, _) => ids.retain(|i| i != id),
                _ => {}
            }
            let text: Vec<String> = ids.iter().map(u64::to_string).collect();
            draft.set_input(name, text.join(", "));
        }
        match draft.put_body() {
            Ok(body) => Step::Put(body),
            Err(errors) => Step::Fail(
                errors
                    .iter()
                    .map(|e| {
                        let label = field(&e.property).map_or(e.property.as_str(), |s| s.label);
                        format!("{label} {}", e.message)
                    })
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        }
    }

    fn to_kept(&self) -> Value {
        let (kind, role) = match self {
            Self::Activate => ("activate", None),
            Self::Deactivate => ("deactivate", None),
            Self::RequireNewPassword => ("require-new-password", None),
            Self::AddRole(id, name) => ("add-role", Some((id, name))),
            Self::RemoveRole(id, name) => ("remove-role", Some((id, name))),
        };
        let mut map = Map::new();
        map.insert("kind".into(), Value::from(kind));
        if let Some((id, name)) = role {
            map.insert("role".into(), Value::from(*id as i64));
            map.insert("roleName".into(), Value::from(name.as_str()));
        }
        Value::Object(map)
    }

    fn from_kept(value: &Value) -> Option<Self> {
        let role = || {
            Some((
                value.get("role")?.as_u64()?,
                value.get("roleName")?.as_str()?.to_owned(),
            ))
        };
        Some(match value.get("kind")?.as_str()? {
            "activate" => Self::Activate,
            "deactivate" => Self::Deactivate,
            "require-new-password" => Self::RequireNewPassword,
            "add-role" => role().map(|(id, n)| Self::AddRole(id, n))?,
            "remove-role" => role().map(|(id, n)| Self::RemoveRole(id, n))?,
            _ => return None,
        })
    }
}

/// "1 user", "12 users".
pub fn users_word(n: u64) -> String {
    if n == 1 {
        "1 user".to_owned()
    } else {
        format!("{n} users")
    }
}

/// A run as kept in the tab (`sessionStorage`) after every user, so a reload mid-run
/// shows what was done: the action, whether the run had ended, each user with what
/// became of them. No secret: ids, names and the one field's value.
#[derive(Clone, Debug, PartialEq)]
pub struct Kept {
    /// The action.
    pub action: BulkAction,
    /// Whether the run had ended (else a reload cut it short).
    pub ended: bool,
    /// Who, and what became of them.
    pub targets: Vec<Target>,
}

impl Kept {
    /// As stored.
    pub fn to_json(&self) -> String {
        let targets = self
            .targets
            .iter()
            .map(|t| {
                let (state, why) = match &t.outcome {
                    Outcome::Waiting => ("waiting", ""),
                    Outcome::Changed => ("changed", ""),
                    Outcome::Skipped(w) => ("skipped", w.as_str()),
                    Outcome::Failed(w) => ("failed", w.as_str()),
                    Outcome::NotDone => ("not-done", ""),
                };
                let mut m = Map::new();
                m.insert("id".into(), Value::from(t.id as i64));
                m.insert("name".into(), Value::from(t.name.as_str()));
                m.insert("seen".into(), t.seen.clone().unwrap_or(Value::Null));
                m.insert("state".into(), Value::from(state));
                m.insert("why".into(), Value::from(why));
                Value::Object(m)
            })
            .collect();
        let mut m = Map::new();
        m.insert("action".into(), self.action.to_kept());
        m.insert("ended".into(), Value::Bool(self.ended));
        m.insert("targets".into(), Value::Array(targets));
        Value::Object(m).to_string()
    }

    /// From storage; `None` for anything unreadable (then it is dropped).
    pub fn from_json(text: &str) -> Option<Self> {
        let v = Value::parse(text).ok()?;
        let targets = v
            .get("targets")?
            .as_array()?
            .iter()
            .map(|t| {
                let why = t
                    .get("why")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned();
                Some(Target {
                    id: t.get("id")?.as_u64()?,
                    name: t.get("name")?.as_str()?.to_owned(),
                    seen: t.get("seen").filter(|s| !s.is_null()).cloned(),
                    outcome: match t.get("state")?.as_str()? {
                        "waiting" => Outcome::Waiting,
                        "changed" => Outcome::Changed,
                        "skipped" => Outcome::Skipped(why),
                        "failed" => Outcome::Failed(why),
                        "not-done" => Outcome::NotDone,
                        _ => return None,
                    },
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Self {
            action: BulkAction::from_kept(v.get("action")?)?,
            ended: v.get("ended")?.as_bool()?,
            targets,
        })
    }
}

/// How many users of `targets` have each outcome: (changed, skipped, failed, left).
pub fn tally(targets: &[Target]) -> (usize, usize, usize, usize) {
    let count = |f: fn(&Outcome) -> bool| targets.iter().filter(|t| f(&t.outcome)).count();
    (
        count(|o| *o == Outcome::Changed),
        count(|o| matches!(o, Outcome::Skipped(_))),
        count(|o| matches!(o, Outcome::Failed(_))),
        count(|o| matches!(o, Outcome::Waiting | Outcome::NotDone)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    // The tests' own literal records: they parse, or the test is wrong.
    fn user(json: &str) -> UserRecord {
        UserRecord::from_json(json).expect("test record")
    }

    fn id_list(ids: &[i64]) -> Value {
        Value::Array(ids.iter().map(|id| Value::from(*id)).collect())
    }

    const ADA: &str = r#"{"Id":7,"FullName":"Ada","Email":"ada@example.com","Language":1,"PasswordSalt":"s","LastHelpVisited":0,"InvalidLoginAttempts":0,"Active":true,"UserRoles":[1,3],"Mystery":{"kept":true}}"#;

    fn body(step: Step) -> Value {
        match step {
            Step::Put(body) => body,
            other => panic!("expected a PUT, got {other:?}"),
        }
    }

    #[test]
    fn a_flag_is_set_on_the_record_as_read_now_and_nothing_else_changes() {
        let sent = body(BulkAction::Deactivate.step(user(ADA), Some(&Value::Bool(true))));
        assert_eq!(sent.get("Active"), Some(&Value::Bool(false)));
        let mut expected = user(ADA);
        expected.set("Active", Value::Bool(false));
        assert_eq!(
            sent,
            expected.to_value(),
            "every other property as read, unknown ones too"
        );
    }

    #[test]
    fn a_field_changed_meanwhile_is_skipped_and_one_already_so_too() {
        let inactive = ADA.replace(r#""Active":true"#, r#""Active":false"#);
        let listed_active = Value::Bool(true);
        match BulkAction::Deactivate.step(user(&inactive), Some(&listed_active)) {
            Step::Skip(why) => assert!(why.contains("changed meanwhile (now No)"), "{why}"),
            other => panic!("{other:?}"),
        }
        match BulkAction::Deactivate.step(user(&inactive), Some(&Value::Bool(false))) {
            Step::Skip(why) => assert!(why.contains("already No"), "{why}"),
            other => panic!("{other:?}"),
        }
        // Not listed (a list without the column): no meanwhile to tell, the rule is the value.
        assert!(matches!(
            BulkAction::Activate.step(user(&inactive), None),
            Step::Put(_)
        ));
    }

    #[test]
    fn roles_are_added_and_removed_with_the_list_twins() {
        let add = BulkAction::AddRole(19, "Events".into());
        let sent = body(add.step(user(ADA), None));
        assert_eq!(sent.get("UserRoles"), Some(&id_list(&[1, 3, 19])));
        assert_eq!(sent.get("AddedUserRoles"), Some(&id_list(&[19])));
        let remove = BulkAction::RemoveRole(1, "Admins".into());
        let sent = body(remove.step(user(ADA), None));
        assert_eq!(sent.get("UserRoles"), Some(&id_list(&[3])));
        assert_eq!(sent.get("RemovedUserRoles"), Some(&id_list(&[1])));
        assert!(matches!(
            BulkAction::AddRole(3, "Desk".into()).step(user(ADA), None),
            Step::Skip(_)
        ));
        assert!(matches!(
            BulkAction::RemoveRole(19, "Events".into()).step(user(ADA), None),
            Step::Skip(_)
        ));
    }

    #[test]
    fn a_record_the_server_would_refuse_fails_with_the_field_named() {
        let nameless = ADA.replace(r#""FullName":"Ada","#, "");
        match BulkAction::Deactivate.step(user(&nameless), None) {
            Step::Fail(why) => assert!(why.starts_with("Full name"), "{why}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_kept_report_round_trips_and_junk_is_dropped() {
        let kept = Kept {
            action: BulkAction::RemoveRole(19, "Events — Downtown".into()),
            ended: false,
            targets: vec![
                Target {
                    id: 7,
                    name: "Ada".into(),
                    seen: None,
                    outcome: Outcome::Failed("Email: taken".into()),
                },
                Target {
                    id: 8,
                    name: "Bo \"B\"".into(),
                    seen: Some(Value::Bool(true)),
                    outcome: Outcome::Waiting,
                },
            ],
        };
        assert_eq!(Kept::from_json(&kept.to_json()), Some(kept.clone()));
        assert_eq!(tally(&kept.targets), (0, 0, 1, 1));
        for junk in [
            "",
            "[]",
            r#"{"action":{"kind":"explode"},"ended":true,"targets":[]}"#,
        ] {
            assert_eq!(Kept::from_json(junk), None, "{junk}");
        }
    }

    #[test]
    fn the_confirmation_says_what_changes_for_how_many() {
        assert_eq!(
            BulkAction::Activate.what_changes(1),
            "Active will be set to Yes for 1 user."
        );
        assert!(BulkAction::AddRole(19, "Events".into())
            .what_changes(12)
            .contains("Events will be added to 12 users"));
    }
}
