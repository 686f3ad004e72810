//! The users search as plain data: what the page's URL holds, and the API call it makes.
//! The URL is the source of truth, so a search is bookmarkable and Back/Forward work.

use std::cmp::Ordering;

use contract::json::Value;

pub mod filters;

use filters::{Filters, LeftOut};

/// Which property the search box filters on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SearchBy {
    /// `User_FullName` (contains).
    #[default]
    Name,
    /// `User_Email` (contains).
    Email,
}

/// A sortable column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SortField {
    /// Full name.
    #[default]
    FullName,
    /// Email address.
    Email,
    /// Language.
    Language,
    /// Active.
    Active,
    /// Administrator.
    IsAdmin,
    /// Last access.
    LastAccess,
}

impl SortField {
    /// Every column, in table order.
    pub const ALL: [SortField; 6] = [
        SortField::FullName,
        SortField::Email,
        SortField::Language,
        SortField::Active,
        SortField::IsAdmin,
        SortField::LastAccess,
    ];

    /// The API's property name, used in `orderBy` and in the page URL.
    pub fn property(self) -> &'static str {
        match self {
            SortField::FullName => "FullName",
            SortField::Email => "Email",
            SortField::Language => "Language",
            SortField::Active => "Active",
            SortField::IsAdmin => "IsAdmin",
            SortField::LastAccess => "LastAccess",
        }
    }

    /// The column heading.
    pub fn heading(self) -> &'static str {
        match self {
            SortField::FullName => "Name",
            SortField::Email => "Email",
            SortField::Language => "Language",
            SortField::Active => "Active",
            SortField::IsAdmin => "Admin",
            SortField::LastAccess => "Last access",
        }
    }

    fn from_property(text: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|f| f.property().eq_ignore_ascii_case(text))
    }
}

/// Sort direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum SortDir {
    /// A→Z, oldest first.
    #[default]
    Asc,
    /// Z→A, newest first.
    Desc,
}

impl SortDir {
    /// The other direction.
    pub fn flipped(self) -> Self {
        match self {
            SortDir::Asc => SortDir::Desc,
            SortDir::Desc => SortDir::Asc,
        }
    }

    /// The `aria-sort` value of a column sorted this way.
    pub fn aria(self) -> &'static str {
        match self {
            SortDir::Asc => "ascending",
            SortDir::Desc => "descending",
        }
    }
}

/// How the server reads `dir`: the platform's two docs disagree, and a server that reads
/// it the other way sorts every "ascending" descending. This is the only place that
/// knows the encodings; [`order_of`] tells from the rows which one a server speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum DirEncoding {
    /// `1` ascending, `-1` descending: one doc, and the development API's own reading.
    /// Tried first because `-1` is descending in both readings.
    #[default]
    PlusMinusOne,
    /// `0` ascending, `1` descending: the other doc.
    ZeroOne,
}

impl DirEncoding {
    /// What `dir` says for `dir` in this encoding.
    pub fn wire(self, dir: SortDir) -> &'static str {
        match (self, dir) {
            (DirEncoding::PlusMinusOne, SortDir::Asc) => "1",
            (DirEncoding::PlusMinusOne, SortDir::Desc) => "-1",
            (DirEncoding::ZeroOne, SortDir::Asc) => "0",
            (DirEncoding::ZeroOne, SortDir::Desc) => "1",
        }
    }

    /// The other encoding.
    pub fn other(self) -> Self {
        match self {
            DirEncoding::PlusMinusOne => DirEncoding::ZeroOne,
            DirEncoding::ZeroOne => DirEncoding::PlusMinusOne,
        }
    }

    /// How it is kept in storage.
    pub fn as_stored(self) -> &'static str {
        match self {
            DirEncoding::PlusMinusOne => "1/-1",
            DirEncoding::ZeroOne => "0/1",
        }
    }

    /// Reads what [`Self::as_stored`] wrote; anything else is `None`.
    pub fn from_stored(text: &str) -> Option<Self> {
        [DirEncoding::PlusMinusOne, DirEncoding::ZeroOne]
            .into_iter()
            .find(|e| e.as_stored() == text)
    }
}

/// A column value as the server orders it: missing or null first, then booleans,
/// numbers and text (ASCII case aside); a type sorts before the next, as the development
/// API does. Other letters compare as written, the module holding no Unicode case
/// tables: [`order_of`] judges by a majority of steps, which a few names with accents do
/// not turn.
#[derive(PartialEq, PartialOrd)]
enum SortKey {
    Missing,
    Bool(bool),
    Number(f64),
    Text(String),
}

impl SortKey {
    fn of(value: Option<&Value>) -> Self {
        match value {
            Some(Value::Bool(b)) => SortKey::Bool(*b),
            Some(Value::Number(n)) => n
                .to_string()
                .parse()
                .map_or(SortKey::Missing, SortKey::Number),
            Some(v) => v
                .as_str()
                .map_or(SortKey::Missing, |s| SortKey::Text(s.to_ascii_lowercase())),
            None => SortKey::Missing,
        }
    }
}

/// The order a page of rows really is in by one column (its values top to bottom),
/// whatever the server was asked: `None` when the page cannot tell (fewer than two
/// distinct values, or no clear majority of steps one way). A few steps against the
/// grain do not change the verdict, as the server's collation is not ours (accents,
/// punctuation).
pub fn order_of<'a>(column: impl IntoIterator<Item = Option<&'a Value>>) -> Option<SortDir> {
    let keys: Vec<SortKey> = column.into_iter().map(SortKey::of).collect();
    let (mut up, mut down) = (0usize, 0usize);
    for pair in keys.windows(2) {
        match pair[0].partial_cmp(&pair[1]) {
            Some(Ordering::Less) => up += 1,
            Some(Ordering::Greater) => down += 1,
            _ => {}
        }
    }
    if up > 3 * down {
        Some(SortDir::Asc)
    } else if down > 3 * up {
        Some(SortDir::Desc)
    } else {
        None
    }
}

/// The page sizes offered.
pub const PAGE_SIZES: [u64; 4] = [10, 25, 50, 100];
/// The default page size, the API's own.
pub const DEFAULT_PAGE_SIZE: u64 = 25;
/// The API's maximum page size.
pub const MAX_PAGE_SIZE: u64 = 1000;

/// One search, as the page URL holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsersQuery {
    /// The text searched for (trimmed; empty = everyone).
    pub text: String,
    /// Which property it filters.
    pub by: SearchBy,
    /// The column sorted by.
    pub sort: SortField,
    /// The direction.
    pub dir: SortDir,
    /// 1-based page.
    pub page: u64,
    /// Rows per page.
    pub size: u64,
    /// The filters beside the search box.
    pub filters: Filters,
}

impl Default for UsersQuery {
    fn default() -> Self {
        Self {
            text: String::new(),
            by: SearchBy::Name,
            sort: SortField::FullName,
            dir: SortDir::Asc,
            page: 1,
            size: DEFAULT_PAGE_SIZE,
            filters: Filters::default(),
        }
    }
}

impl UsersQuery {
    /// Reads the page URL's parameters (`keys` are their names). Anything unreadable
    /// falls back to its default: a hand-edited or stale link still shows a page, never
    /// an error. The filters left out come back with why, to be said.
    pub fn from_params(
        get: impl Fn(&str) -> Option<String>,
        keys: &[String],
    ) -> (Self, Vec<LeftOut>) {
        let d = Self::default();
        let number = |key: &str| get(key).and_then(|v| v.trim().parse::<u64>().ok());
        let (filters, left_out) = Filters::from_params(&get, keys);
        let query = Self {
            text: get("q").map(|q| q.trim().to_owned()).unwrap_or_default(),
            by: match get("by").as_deref() {
                Some("email") => SearchBy::Email,
                _ => SearchBy::Name,
            },
            sort: get("sort")
                .and_then(|s| SortField::from_property(&s))
                .unwrap_or(d.sort),
            dir: match get("dir").as_deref() {
                Some("desc") => SortDir::Desc,
                _ => SortDir::Asc,
            },
            page: number("page").filter(|p| *p >= 1).unwrap_or(1),
            size: number("size")
                .filter(|s| (1..=MAX_PAGE_SIZE).contains(s))
                .unwrap_or(d.size),
            filters,
        };
        (query, left_out)
    }

    /// The page URL's query string (with `?`, or empty), defaults left out.
    pub fn to_url_query(&self) -> String {
        let d = Self::default();
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if !self.text.is_empty() {
            pairs.push(("q", self.text.clone()));
        }
        if self.by == SearchBy::Email {
            pairs.push(("by", "email".into()));
        }
        pairs.extend(self.filters.url_pairs());
        if self.sort != d.sort {
            pairs.push(("sort", self.sort.property().into()));
        }
        if self.dir == SortDir::Desc {
            pairs.push(("dir", "desc".into()));
        }
        if self.page != 1 {
            pairs.push(("page", self.page.to_string()));
        }
        if self.size != d.size {
            pairs.push(("size", self.size.to_string()));
        }
        if pairs.is_empty() {
            String::new()
        } else {
            format!("?{}", encode_pairs(&pairs))
        }
    }

    /// The API path of this search, relative to the API base, with `dir` as `encoding`
    /// writes it; `holders` are the ids the role filter allows (read from the role).
    pub fn to_api_path(&self, encoding: DirEncoding, holders: Option<&[u64]>) -> String {
        let mut pairs: Vec<(&str, String)> = vec![
            ("page", self.page.to_string()),
            ("size", self.size.to_string()),
            ("orderBy", self.sort.property().into()),
            ("dir", encoding.wire(self.dir).into()),
        ];
        if !self.text.is_empty() {
            let filter = match self.by {
                SearchBy::Name => "User_FullName",
                SearchBy::Email => "User_Email",
            };
            pairs.push((filter, self.text.clone()));
        }
        pairs.extend(self.filters.api_pairs());
        if let Some(ids) = holders {
            let ids: Vec<String> = ids.iter().map(u64::to_string).collect();
            pairs.push(("id", format!("[{}]", ids.join(","))));
        }
        format!("/sys/users?{}", encode_pairs(&pairs))
    }

    /// The same search sorted by `field`: a new column starts ascending, the current
    /// one flips. Either way back to page 1.
    pub fn sorted_by(&self, field: SortField) -> Self {
        let dir = if self.sort == field {
            self.dir.flipped()
        } else {
            SortDir::Asc
        };
        Self {
            sort: field,
            dir,
            page: 1,
            ..self.clone()
        }
    }

    /// The same search on another page.
    pub fn on_page(&self, page: u64) -> Self {
        Self {
            page: page.max(1),
            ..self.clone()
        }
    }

    /// The same search with new text (and filter), from page 1.
    pub fn searching(&self, text: &str, by: SearchBy) -> Self {
        Self {
            text: text.trim().to_owned(),
            by,
            page: 1,
            ..self.clone()
        }
    }

    /// The same search with `text` typed into the search box, from page 1. Text that
    /// takes on an `@` is an email address being typed, and searches by email from then
    /// on; an administrator who then chooses "Name" keeps that choice while typing on.
    pub fn typed(&self, text: &str) -> Self {
        let by = if text.contains('@') && !self.text.contains('@') {
            SearchBy::Email
        } else {
            self.by
        };
        self.searching(text, by)
    }

    /// The same search with other filters, from page 1.
    pub fn filtered(&self, filters: Filters) -> Self {
        Self {
            filters,
            page: 1,
            ..self.clone()
        }
    }

    /// What a selection is made of: the same users whatever the page, order or size.
    pub fn scope(&self) -> (String, SearchBy, Filters) {
        (self.text.clone(), self.by, self.filters.clone())
    }

    /// The same search with another page size, from page 1.
    pub fn with_size(&self, size: u64) -> Self {
        Self {
            size: size.clamp(1, MAX_PAGE_SIZE),
            page: 1,
            ..self.clone()
        }
    }
}

/// `application/x-www-form-urlencoded`-safe percent-encoding of one component.
pub fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

fn encode_pairs(pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn parse(pairs: &[(&str, &str)]) -> UsersQuery {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let keys: Vec<String> = map.keys().cloned().collect();
        UsersQuery::from_params(|k| map.get(k).cloned(), &keys).0
    }

    #[test]
    fn an_empty_url_is_the_default_search() {
        assert_eq!(parse(&[]), UsersQuery::default());
        assert_eq!(UsersQuery::default().to_url_query(), "");
        assert_eq!(
            UsersQuery::default().to_api_path(DirEncoding::default(), None),
            "/sys/users?page=1&size=25&orderBy=FullName&dir=1"
        );
    }

    #[test]
    fn url_round_trips() {
        let q = UsersQuery {
            text: "Ada Lovelace & co".into(),
            by: SearchBy::Email,
            sort: SortField::LastAccess,
            dir: SortDir::Desc,
            page: 3,
            size: 50,
            filters: Filters {
                active: Some(false),
                ..Filters::default()
            },
        };
        let url = q.to_url_query();
        assert_eq!(
            url,
            "?q=Ada%20Lovelace%20%26%20co&by=email&active=no&sort=LastAccess&dir=desc&page=3&size=50"
        );
        let decoded: Vec<(String, String)> = url
            .trim_start_matches('?')
            .split('&')
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
                (k.to_owned(), percent_decode(v))
            })
            .collect();
        let keys: Vec<String> = decoded.iter().map(|(k, _)| k.clone()).collect();
        let (back, left_out) = UsersQuery::from_params(
            |k| {
                decoded
                    .iter()
                    .find(|(key, _)| key == k)
                    .map(|(_, v)| v.clone())
            },
            &keys,
        );
        assert_eq!(back, q);
        assert!(left_out.is_empty());
    }

    fn percent_decode(text: &str) -> String {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' && i + 2 < bytes.len() {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("00");
                out.push(u8::from_str_radix(hex, 16).unwrap_or(0));
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap_or_default()
    }

    #[test]
    fn api_path_carries_the_filter_sort_and_paging() {
        let q = parse(&[
            ("q", " ada "),
            ("sort", "email"),
            ("dir", "desc"),
            ("page", "2"),
        ]);
        assert_eq!(
            q.to_api_path(DirEncoding::PlusMinusOne, None),
            "/sys/users?page=2&size=25&orderBy=Email&dir=-1&User_FullName=ada"
        );
        let q = parse(&[("q", "@example.org"), ("by", "email")]);
        assert!(q
            .to_api_path(DirEncoding::PlusMinusOne, None)
            .ends_with("&User_Email=%40example.org"));
    }

    #[test]
    fn unreadable_parameters_fall_back_to_defaults() {
        let q = parse(&[
            ("page", "0"),
            ("size", "100000"),
            ("sort", "Password"),
            ("dir", "sideways"),
            ("by", "phone"),
        ]);
        assert_eq!(q, UsersQuery::default());
        assert_eq!(
            parse(&[("page", "-3"), ("size", "abc")]),
            UsersQuery::default()
        );
    }

    #[test]
    fn sorting_a_new_column_starts_ascending_and_the_same_one_flips() {
        let q = UsersQuery::default().on_page(4);
        let by_email = q.sorted_by(SortField::Email);
        assert_eq!(
            (by_email.sort, by_email.dir, by_email.page),
            (SortField::Email, SortDir::Asc, 1)
        );
        let flipped = by_email.sorted_by(SortField::Email);
        assert_eq!(flipped.dir, SortDir::Desc);
    }

    #[test]
    fn new_text_or_size_goes_back_to_page_one() {
        let q = UsersQuery::default().on_page(5);
        assert_eq!(q.searching("x", SearchBy::Name).page, 1);
        assert_eq!(q.with_size(50).page, 1);
        assert_eq!(q.with_size(0).size, 1);
    }

    #[test]
    fn encoding_leaves_only_unreserved_bytes() {
        assert_eq!(
            encode_component("a b/ü?&=+#"),
            "a%20b%2F%C3%BC%3F%26%3D%2B%23"
        );
    }

    #[test]
    fn the_two_encodings_write_dir_as_their_docs_say() {
        let q = UsersQuery::default();
        let desc = q.sorted_by(SortField::FullName);
        let dir = |q: &UsersQuery, e: DirEncoding| {
            let path = q.to_api_path(e, None);
            path.split('&')
                .find_map(|kv| kv.strip_prefix("dir="))
                .map(str::to_owned)
        };
        assert_eq!(dir(&q, DirEncoding::PlusMinusOne).as_deref(), Some("1"));
        assert_eq!(dir(&desc, DirEncoding::PlusMinusOne).as_deref(), Some("-1"));
        assert_eq!(dir(&q, DirEncoding::ZeroOne).as_deref(), Some("0"));
        assert_eq!(dir(&desc, DirEncoding::ZeroOne).as_deref(), Some("1"));
        for e in [DirEncoding::PlusMinusOne, DirEncoding::ZeroOne] {
            assert_eq!(DirEncoding::from_stored(e.as_stored()), Some(e));
            assert_eq!(e.other().other(), e);
            assert_ne!(e.other(), e);
        }
        assert_eq!(DirEncoding::from_stored("ascending"), None);
    }

    fn column(values: &[&str]) -> Vec<Value> {
        values
            .iter()
            .map(|v| Value::parse(v).unwrap_or_default())
            .collect()
    }

    fn order(values: &[&str]) -> Option<SortDir> {
        order_of(column(values).iter().map(Some))
    }

    #[test]
    fn the_rows_tell_which_way_they_are_sorted() {
        assert_eq!(
            order(&[r#""Aaron""#, r#""ada""#, r#""Zoë""#]),
            Some(SortDir::Asc)
        );
        assert_eq!(
            order(&[r#""Zoë""#, r#""ada""#, r#""Aaron""#]),
            Some(SortDir::Desc)
        );
        assert_eq!(
            order(&[
                r#""Aaron""#,
                r#""ada""#,
                r#""Émile""#,
                r#""Fay""#,
                r#""gus""#,
                r#""Zoë""#
            ]),
            Some(SortDir::Asc),
            "a name with an accent, out of place in code-point order, does not turn the verdict"
        );
        assert_eq!(order(&["1", "2", "2", "10"]), Some(SortDir::Asc));
        assert_eq!(order(&["true", "false"]), Some(SortDir::Desc));
        // Never signed in (null) sorts first; dates as the server writes them.
        assert_eq!(
            order(&[
                "null",
                r#""2019-05-13T23:30:00Z""#,
                r#""2024-02-29T08:15:00Z""#
            ]),
            Some(SortDir::Asc)
        );
        let missing = column(&[r#""b""#]);
        assert_eq!(
            order_of([None, missing.first()]),
            Some(SortDir::Asc),
            "a record without the property counts as null"
        );
    }

    #[test]
    fn a_page_that_cannot_tell_says_nothing() {
        assert_eq!(order(&[]), None);
        assert_eq!(order(&[r#""only""#]), None);
        assert_eq!(order(&["true", "true", "true"]), None);
        assert_eq!(
            order(&["1", "3", "2", "4"]),
            None,
            "up, down, up: no clear order"
        );
    }

    #[test]
    fn a_few_steps_of_another_collation_do_not_change_the_verdict() {
        // "Émile" sorts among the E for the server, after "z" for a byte comparison.
        let names = [
            r#""adam""#,
            r#""bea""#,
            r#""Émile""#,
            r#""eva""#,
            r#""ines""#,
            r#""olga""#,
            r#""zoë""#,
        ];
        assert_eq!(order(&names), Some(SortDir::Asc));
        let reversed: Vec<&str> = names.iter().rev().copied().collect();
        assert_eq!(order(&reversed), Some(SortDir::Desc));
    }

    #[test]
    fn an_at_sign_searches_by_email_until_the_administrator_chooses_otherwise() {
        let q = UsersQuery::default().on_page(3);
        let email = q.typed("ada@example.com");
        assert_eq!(
            (email.text.as_str(), email.by, email.page),
            ("ada@example.com", SearchBy::Email, 1)
        );
        assert_eq!(q.typed("  ada ").by, SearchBy::Name);
        // The administrator switches back to names: typing on keeps that choice.
        let by_name = email.searching("ada@example.com", SearchBy::Name);
        assert_eq!(by_name.typed("ada@example.co").by, SearchBy::Name);
        // A search by email stays one, with or without an `@`.
        let chosen = q.searching("example.org", SearchBy::Email);
        assert_eq!(chosen.typed("example.or").by, SearchBy::Email);
    }
}
