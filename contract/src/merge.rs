//! Conflict-safe saving (issue 15): what a [`crate::Draft`] finds when it is rebased onto
//! the record as the server holds it now, and the parts of that three-way merge that need
//! no draft.
//!
//! Base is the record as loaded, mine the administrator's edits, theirs the record now.
//! Property by property: what only one side changed takes that side; what both changed to
//! the same meaning is no conflict; what both changed differently is a conflict. Values
//! compare by meaning, as the form does (`05` is `5`, an instant written two ways is one
//! instant), so the server writing a value another way is not a change.
//!
//! The id lists merge as sets, id by id, by the same rule. An id one side added and the
//! other removed would be a conflict, but with one common base it cannot happen: an id in
//! the base can only be kept or removed by either side, an id not in it only added, so
//! where both sides moved they moved the same way and a list never conflicts.

use crate::catalogue::field;
use crate::draft::{display_text, equivalent, parse_input};
use crate::json::{Map, Value};

/// What rebasing a draft found (see [`crate::Draft::rebase`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rebased {
    /// The top-level JSON names whose value differs between the old baseline and theirs
    /// (by meaning for the form's fields, lists as sets; `UpdatedOn` and `UpdatedBy` left
    /// out), in theirs' key order, then the ones theirs no longer has. Unknown properties
    /// and secrets are included: only their names, never their values.
    pub changed_by_them: Vec<String>,
    /// The fields both sides changed to different values, in the order they were edited.
    pub conflicts: Vec<Conflict>,
    /// The fields both sides changed to the same meaning: theirs already holds the edit
    /// (another admin made the same change, or an earlier save of this one was applied
    /// though its answer was lost). They are in `changed_by_them` too.
    pub agreed: Vec<&'static str>,
}

/// A field both the administrator and someone else changed, to different values. Mine is
/// the draft's input text of that field ([`crate::Draft::input`]); "use theirs" is
/// [`crate::Draft::revert`], "keep mine" is leaving the edit as it is.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    /// The catalogue name of the field.
    pub name: &'static str,
    /// The property whose change on the server makes the edit a conflict: the field
    /// itself, or for the avatar's actions (a new URL, clearing it) the current file's
    /// name, [`AVATAR_FILE`], which those actions replace.
    pub property: &'static str,
    /// The property's value on the server now (`None`: absent).
    pub theirs: Option<Value>,
    /// Its value when the edit was made (`None`: absent).
    pub base: Option<Value>,
}

/// The read-only name of the current avatar file: replacing or clearing the avatar
/// overwrites whatever file it names, so a change to it on the server is a conflict with
/// either action.
pub const AVATAR_FILE: &str = "AvatarFileName";

/// Properties every save rewrites: their changing says nothing about what changed.
const BOOKKEEPING: [&str; 2] = ["UpdatedOn", "UpdatedBy"];

/// The names of [`Rebased::changed_by_them`].
pub(crate) fn changed_by_them(base: &Map, theirs: &Map) -> Vec<String> {
    let gone = base.keys().filter(|k| theirs.get(k).is_none());
    theirs
        .keys()
        .chain(gone)
        .filter(|k| !BOOKKEEPING.contains(&k.as_str()) && differs(k, base.get(k), theirs.get(k)))
        .cloned()
        .collect()
}

/// Whether a property's value differs between two versions of a record: by meaning for a
/// field the form edits, by JSON for anything else (a value the form cannot read, a
/// secret, an unknown property).
pub(crate) fn differs(name: &str, a: Option<&Value>, b: Option<&Value>) -> bool {
    let spec = field(name).filter(|s| s.editable());
    let meaning = |v| spec.and_then(|s| parse_input(s, &display_text(s, v)).ok());
    match (spec, meaning(a), meaning(b)) {
        (Some(spec), Some(a), Some(b)) => !equivalent(spec, &a, &b),
        _ => a != b,
    }
}

/// The three-way merge of an id list as a set: each id as mine has it where I changed it,
/// else as theirs has it. In theirs' order, then the ids I added that theirs lacks, in
/// my order.
pub(crate) fn merge_ids(base: &[i64], mine: &[i64], theirs: &[i64]) -> Vec<i64> {
    let added = mine
        .iter()
        .filter(|n| !base.contains(n) && !theirs.contains(n));
    theirs
        .iter()
        .filter(|n| mine.contains(n) || !base.contains(n))
        .chain(added)
        .copied()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_merge_as_sets_in_a_stable_order() {
        // I removed 1 and added 7; they removed 4 and added 5.
        assert_eq!(merge_ids(&[1, 4, 9], &[9, 4, 7], &[5, 9, 1]), [5, 9, 7]);
        // Both added 7, both removed 1.
        assert_eq!(merge_ids(&[1], &[7], &[7]), [7]);
        assert_eq!(merge_ids(&[], &[], &[3, 2]), [3, 2]);
    }

    #[test]
    fn values_differ_by_meaning_for_fields_and_by_json_otherwise() {
        let n = |t: &str| Value::parse(t).unwrap_or_default();
        assert!(!differs(
            "Businesses",
            Some(&n("[1,4]")),
            Some(&n("[4,1,1]"))
        ));
        assert!(differs("Businesses", Some(&n("[1,4]")), Some(&n("[4]"))));
        assert!(!differs("Active", None, Some(&n("false"))));
        assert!(differs("Password", Some(&n("\"a\"")), Some(&n("\"b\""))));
        assert!(differs("Unknown", Some(&n("1.50")), Some(&n("1.5"))));
        assert!(!differs("Unknown", None, None));
    }
}
