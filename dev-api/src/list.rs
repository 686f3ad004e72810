//! The list queries every collection shares: paging, sorting, `<Entity>_<Property>`
//! filters (`null` for "no value"), `from_`/`to_` ranges (date-times as instants),
//! `id=[1,2,3]` (load several) and the contract's list envelope.

use std::cmp::Ordering;
use std::collections::BTreeSet;

use contract::datetime::parse_datetime;
use contract::envelope::ListEnvelope;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

/// Page size when `size` is not sent.
pub const DEFAULT_PAGE_SIZE: u64 = 25;
/// Largest page size; larger requests are capped to it.
pub const MAX_PAGE_SIZE: u64 = 1000;

/// How `dir` is read. The platform's two docs disagree (1/-1 in one, 0/1 in the other), so
/// a test can make the server read it the other way and see that the app copes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SortDirReading {
    /// `1` ascending; `0` and `-1` descending.
    #[default]
    Standard,
    /// `0` ascending; `1` and `-1` descending (-1 means descending in both readings).
    Inverted,
}

impl SortDirReading {
    /// From its flag spelling, `standard` or `inverted`.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "standard" => Some(Self::Standard),
            "inverted" => Some(Self::Inverted),
            _ => None,
        }
    }

    /// The `dir` value that means ascending, echoed when `dir` is not sent.
    fn ascending_dir(self) -> i64 {
        match self {
            Self::Standard => 1,
            Self::Inverted => 0,
        }
    }

    /// The `dir` value as sent and whether it means ascending.
    fn read(self, text: &str) -> Result<(i64, bool), String> {
        match text.trim() {
            "1" => Ok((1, self == Self::Standard)),
            "0" => Ok((0, self == Self::Inverted)),
            "-1" => Ok((-1, false)),
            other => Err(match self {
                Self::Standard => {
                    format!("dir must be 1 (ascending), or 0 or -1 (descending), got {other:?}.")
                }
                Self::Inverted => {
                    format!("dir must be 0 (ascending), or 1 or -1 (descending), got {other:?}.")
                }
            }),
        }
    }
}

/// What a list does with `id=[1,2,3]` ("load several"). The contract has it for users and
/// guesses it for the related records, with a fallback to one read per id where it is
/// refused: a test can make the server refuse it, or ignore it as a platform that does not
/// know it might (the unfiltered page comes back), and see that the app copes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IdFilter {
    /// Only the records with those ids.
    #[default]
    On,
    /// 400 `Unknown filter: id`.
    Refuse,
    /// As if `id` had not been sent.
    Ignore,
}

impl IdFilter {
    /// From its setting's spelling: `on`, `refuse` or `ignore`.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "on" => Some(Self::On),
            "refuse" => Some(Self::Refuse),
            "ignore" => Some(Self::Ignore),
            _ => None,
        }
    }
}

/// How list queries read what the platform's docs leave open (from the run-time settings).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Reading<'a> {
    /// How `dir` is read.
    pub dir: SortDirReading,
    /// What `id` does.
    pub id_filter: IdFilter,
    /// Query parameters to ignore as if not sent (any case): filters a platform does not
    /// know.
    pub ignored: &'a [String],
}

impl Reading<'_> {
    /// Whether the parameter `key` is to be ignored.
    fn ignores(&self, key: &str) -> bool {
        self.ignored
            .iter()
            .any(|name| name.eq_ignore_ascii_case(key))
    }
}

fn rank(v: Option<&Value>) -> u8 {
    match v {
        None | Some(Value::Null) => 0,
        Some(Value::Bool(_)) => 1,
        Some(Value::Number(_)) => 2,
        Some(Value::String(_)) => 3,
        Some(_) => 4,
    }
}

fn compare(a: Option<&Value>, b: Option<&Value>) -> Ordering {
    match (a, b) {
        (Some(Value::Bool(x)), Some(Value::Bool(y))) => x.cmp(y),
        (Some(Value::Number(x)), Some(Value::Number(y))) => {
            let (x, y) = (x.as_f64().unwrap_or(0.0), y.as_f64().unwrap_or(0.0));
            x.partial_cmp(&y).unwrap_or(Ordering::Equal)
        }
        (Some(Value::String(x)), Some(Value::String(y))) => x
            .to_lowercase()
            .cmp(&y.to_lowercase())
            .then_with(|| x.cmp(y)),
        _ => rank(a).cmp(&rank(b)),
    }
}

/// The stored spelling of a property name given in any case, if some record has it.
fn property_name(records: &[&Map<String, Value>], wanted: &str) -> Option<String> {
    records
        .iter()
        .find_map(|r| r.keys().find(|k| k.eq_ignore_ascii_case(wanted)).cloned())
}

fn is_scalar_property(records: &[&Map<String, Value>], name: &str) -> bool {
    !records
        .iter()
        .any(|r| matches!(r.get(name), Some(Value::Array(_) | Value::Object(_))))
}

enum Filter {
    Contains(String, String),
    /// `<Entity>_<P>=null`: the property is null or absent.
    Null(String),
    From(String, String),
    To(String, String),
    Ids(BTreeSet<i64>),
}

/// Whether a filter's value asks for records without a value: the text `null`, any case.
fn is_null_text(value: &str) -> bool {
    value.trim().eq_ignore_ascii_case("null")
}

fn matches_text(value: Option<&Value>, wanted: &str) -> bool {
    match value {
        Some(Value::String(s)) => s.to_lowercase().contains(&wanted.to_lowercase()),
        Some(Value::Number(n)) => wanted.trim().parse::<f64>().ok() == n.as_f64(),
        Some(Value::Bool(b)) => wanted.trim().eq_ignore_ascii_case(&b.to_string()),
        _ => false,
    }
}

/// A date-time text as an instant that orders as time does: Unix seconds, then the
/// fraction's digits (without trailing zeros, so they order as the fractions do). Read by
/// the contract's parser: RFC 3339, leniently (an offset is converted, no zone is UTC).
fn instant(text: &str) -> Option<(i64, String)> {
    let t = parse_datetime(text).ok()?;
    Some((t.unix_seconds(), t.fraction))
}

/// How `value` compares to a range's `limit`: numbers as numbers; texts as instants when
/// both are date-times (`2025-03-30T01:30:00+02:00` is before `2025-03-30T00:00:00Z`),
/// else as texts; no value (null, absent, anything else) is in no range.
fn bound(value: Option<&Value>, limit: &str) -> Option<Ordering> {
    match value {
        Some(Value::Number(n)) => {
            let limit = limit.trim().parse::<f64>().ok()?;
            n.as_f64()?.partial_cmp(&limit)
        }
        Some(Value::String(s)) => Some(match (instant(s), instant(limit)) {
            (Some(value), Some(limit)) => value.cmp(&limit),
            _ => s.as_str().cmp(limit),
        }),
        _ => None,
    }
}

impl Filter {
    fn keeps(&self, record: &Map<String, Value>) -> bool {
        match self {
            Filter::Contains(p, v) => matches_text(record.get(p), v),
            Filter::Null(p) => matches!(record.get(p), None | Some(Value::Null)),
            Filter::From(p, v) => bound(record.get(p), v).is_some_and(|o| o != Ordering::Less),
            Filter::To(p, v) => bound(record.get(p), v).is_some_and(|o| o != Ordering::Greater),
            Filter::Ids(ids) => record
                .get("Id")
                .and_then(Value::as_i64)
                .is_some_and(|id| ids.contains(&id)),
        }
    }
}

fn parse_positive(name: &str, value: &str) -> Result<u64, String> {
    match value.trim().parse::<u64>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!(
            "{name} must be a whole number of 1 or more, got {value:?}."
        )),
    }
}

/// The ids of an `id` parameter: comma-separated in square brackets (`[1,2,3]`, spaces
/// allowed, `[]` none), or one bare id (`5`).
fn parse_ids(value: &str) -> Result<BTreeSet<i64>, String> {
    let text = value.trim();
    let items: Vec<&str> = match text.strip_prefix('[').map(|t| t.strip_suffix(']')) {
        Some(Some(inner)) if inner.trim().is_empty() => return Ok(BTreeSet::new()),
        Some(Some(inner)) => inner.split(',').collect(),
        Some(None) => return Err(brackets_expected(value)),
        None if text.ends_with(']') || text.contains(',') => return Err(brackets_expected(value)),
        None => vec![text],
    };
    items
        .into_iter()
        .map(|item| {
            item.trim()
                .parse::<i64>()
                .map_err(|_| format!("id: {:?} in {value:?} is not a whole number.", item.trim()))
        })
        .collect()
}

fn brackets_expected(value: &str) -> String {
    format!("id must be ids in square brackets, like [1,2,3], or one id; got {value:?}.")
}

/// The `id` parameter's filter as `rule` says: `Ok(None)` when there is none to apply.
fn id_filter(rule: IdFilter, value: &str) -> Result<Option<Filter>, String> {
    match rule {
        IdFilter::Refuse => Err("Unknown filter: id".to_owned()),
        IdFilter::Ignore => Ok(None),
        // Empty is no filter, as for every other filter; `[]` is a filter matching nothing.
        IdFilter::On if value.trim().is_empty() => Ok(None),
        IdFilter::On => parse_ids(value).map(|ids| Some(Filter::Ids(ids))),
    }
}

/// Answers a list query over `records` of `entity` (`User`, `Business`…): `page`, `size`,
/// `orderBy`, `dir` (read as `reading.dir` says), `<entity>_<P>` (text contains,
/// case-insensitive; numbers and booleans equal; `null`, any case, for null or absent),
/// `from_<entity>_<P>`/`to_<entity>_<P>` (inclusive; date-times as instants),
/// `id=[1,2,3]` (as `reading.id_filter` says); parameters `reading.ignored` names are
/// skipped. Filters combine; sorting and paging apply to what they keep. Each record of
/// the page is turned into JSON by `shape`. The error is the 400's message.
pub fn search(
    records: Vec<&Map<String, Value>>,
    entity: &str,
    query: &str,
    reading: Reading<'_>,
    shape: impl Fn(&Map<String, Value>) -> Value,
) -> Result<ListEnvelope<Value>, String> {
    let params: Vec<(String, String)> = serde_urlencoded::from_str(query)
        .map_err(|e| format!("The query string could not be read: {e}."))?;
    let contains = format!("{entity}_");
    let from = format!("from_{entity}_");
    let to = format!("to_{entity}_");
    let mut page = 1;
    let mut size = DEFAULT_PAGE_SIZE;
    let mut order = "Id".to_owned();
    let mut dir = reading.dir.ascending_dir();
    let mut ascending = true;
    let mut filters = Vec::new();
    for (key, value) in &params {
        if reading.ignores(key) {
            continue;
        }
        match key.as_str() {
            "page" => page = parse_positive("page", value)?,
            "size" => size = parse_positive("size", value)?.min(MAX_PAGE_SIZE),
            "orderBy" | "orderby" => {
                if value.trim().is_empty() {
                    continue;
                }
                let name = property_name(&records, value.trim()).ok_or_else(|| {
                    format!("orderBy: there is no property {value:?} to sort by.")
                })?;
                if !is_scalar_property(&records, &name) {
                    return Err(format!(
                        "orderBy: {name} is a list or object and cannot be sorted by."
                    ));
                }
                order = name;
            }
            "dir" => (dir, ascending) = reading.dir.read(value)?,
            "id" => filters.extend(id_filter(reading.id_filter, value)?),
            _ => {
                let (make, prop): (fn(String, String) -> Filter, &str) =
                    if let Some(p) = key.strip_prefix(&from) {
                        (Filter::From, p)
                    } else if let Some(p) = key.strip_prefix(&to) {
                        (Filter::To, p)
                    } else if let Some(p) = key.strip_prefix(&contains) {
                        if is_null_text(value) {
                            (|name, _| Filter::Null(name), p)
                        } else {
                            (Filter::Contains, p)
                        }
                    } else {
                        continue; // Unknown parameters (cache busters…) are ignored.
                    };
                if value.trim().is_empty() {
                    continue;
                }
                let name = property_name(&records, prop)
                    .ok_or_else(|| format!("{key}: there is no property {prop:?} to filter on."))?;
                filters.push(make(name, value.trim().to_owned()));
            }
        }
    }

    let mut found: Vec<&Map<String, Value>> = records
        .into_iter()
        .filter(|r| filters.iter().all(|f| f.keeps(r)))
        .collect();
    found.sort_by(|a, b| {
        let o = compare(a.get(&order), b.get(&order));
        let o = if ascending { o } else { o.reverse() };
        o.then_with(|| compare(a.get("Id"), b.get("Id")))
    });

    let total = found.len() as u64;
    let total_pages = total.div_ceil(size);
    let skip = (page - 1).saturating_mul(size);
    let page_records: Vec<Value> = found
        .into_iter()
        .skip(usize::try_from(skip).unwrap_or(usize::MAX))
        .take(size as usize)
        .map(shape)
        .collect();
    let (first, last) = if page_records.is_empty() {
        (0, 0)
    } else {
        (skip + 1, skip + page_records.len() as u64)
    };
    Ok(ListEnvelope {
        records: page_records,
        current_page: page,
        current_page_size: size,
        current_order_field: Some(order),
        current_sort_direction: Some(json!(dir).into()),
        first_item: first,
        last_item: last,
        total_items: total,
        total_pages,
        has_next_page: page < total_pages,
        has_previous_page: page > 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dir_readings() {
        use SortDirReading::*;
        assert_eq!(Standard.read("1"), Ok((1, true)));
        assert_eq!(Standard.read("0"), Ok((0, false)));
        assert_eq!(Standard.read(" -1 "), Ok((-1, false)));
        assert_eq!(Inverted.read("0"), Ok((0, true)));
        assert_eq!(Inverted.read("1"), Ok((1, false)));
        assert_eq!(Inverted.read("-1"), Ok((-1, false)));
        assert!(Standard.read("asc").is_err());
        assert!(Inverted.read("2").is_err());
        assert_eq!(SortDirReading::parse("Inverted"), Some(Inverted));
        assert_eq!(SortDirReading::parse("up"), None);
    }

    #[test]
    fn date_time_bounds_compare_instants_else_texts() {
        let at = |value: &str, limit: &str| bound(Some(&json!(value)), limit);
        use Ordering::*;
        assert_eq!(
            at("2025-03-30T01:30:00+02:00", "2025-03-29T23:30:00Z"),
            Some(Equal)
        );
        assert_eq!(
            at("2025-03-30T01:30:00+02:00", "2025-03-30T00:00:00Z"),
            Some(Less)
        );
        assert_eq!(
            at("2024-02-29T08:15:30.5Z", "2024-02-29T08:15:30.123Z"),
            Some(Greater)
        );
        assert_eq!(
            at("2024-02-29T08:15:30.12Z", "2024-02-29T08:15:30.1200Z"),
            Some(Equal)
        );
        assert_eq!(
            at("2025-12-27T20:23:08.3040601", "2025-12-27T20:23:08Z"),
            Some(Greater)
        );
        // Not both date-times: texts, as ever.
        assert_eq!(at("2025-03-30T01:30:00+02:00", "2025-03-30"), Some(Greater));
        assert_eq!(at("b", "a"), Some(Greater));
        assert_eq!(bound(Some(&Value::Null), "2025-01-01T00:00:00Z"), None);
        assert_eq!(bound(None, "2025-01-01T00:00:00Z"), None);
    }

    #[test]
    fn id_lists() {
        let ids = |v: &str| parse_ids(v).map(|s| s.into_iter().collect::<Vec<_>>());
        assert_eq!(ids("[1,2,3]"), Ok(vec![1, 2, 3]));
        assert_eq!(ids(" [ 3 , 1, 3 ] "), Ok(vec![1, 3]));
        assert_eq!(ids("[]"), Ok(vec![]));
        assert_eq!(ids("[ ]"), Ok(vec![]));
        assert_eq!(ids("5"), Ok(vec![5]));
        assert_eq!(ids(" 5 "), Ok(vec![5]));
        for bad in [
            "abc", "[1,x]", "[1,2", "1,2]", "1,2", "[1,,2]", "[1,]", "[[1]]", "[", "]",
        ] {
            assert!(ids(bad).is_err(), "{bad}");
        }
        assert!(ids("[1,2").unwrap_err().contains("square brackets"));
        assert!(ids("[1,x]").unwrap_err().contains("\"x\""));
        assert_eq!(IdFilter::parse(" Refuse"), Some(IdFilter::Refuse));
        assert_eq!(IdFilter::parse("off"), None);
    }
}
