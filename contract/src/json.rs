//! JSON values, read and written by this crate itself rather than by serde.
//!
//! The app only ever walks JSON it cannot type in advance (a record's unknown
//! properties, bodies in several documented shapes), so serde's generic machinery bought
//! it nothing but bundle size: serde and `serde_json` were 20.8 KiB of the module's
//! brotli bytes (BENCHMARKS.md). Two choices follow from the
//! round trip the API needs: an object keeps its keys in the order they came (a
//! repeated key keeps its first place and its last value, as `serde_json` with
//! `preserve_order` did), and a number keeps the text it came as, so an unknown
//! property such as `1.50` or `12345678901234567890` goes back exactly as it was sent.

use std::fmt::{self, Write as _};

/// Objects and arrays nested deeper than this are refused rather than risking the
/// stack on hostile input (`serde_json`'s limit too).
const MAX_DEPTH: usize = 128;

/// A JSON value.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Value {
    /// `null`.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as its JSON text.
    Number(Number),
    /// A string.
    String(String),
    /// A string that held an unpaired UTF-16 surrogate (`"\ud83d"`, a truncated emoji,
    /// as .NET can write): shown with U+FFFD in its place, written back exactly as it
    /// came, so a value nobody edited is never changed.
    Unpaired(Unpaired),
    /// An array.
    Array(Vec<Value>),
    /// An object.
    Object(Map),
}

/// A JSON number, kept as the text it was written as (always valid JSON number syntax).
/// Numbers compare by that text: `1.0` and `1` differ, as they did in `serde_json`
/// (a float and an integer), and so do `1.0` and `1.00`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Number(String);

impl Number {
    /// The number as an `i64`, when it is written as a whole number in range.
    pub fn as_i64(&self) -> Option<i64> {
        self.0.parse().ok()
    }

    /// The number as a `u64`, when it is written as a whole number in range.
    pub fn as_u64(&self) -> Option<u64> {
        self.0.parse().ok()
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A string with an unpaired surrogate (see [`Value::Unpaired`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unpaired {
    /// The text, U+FFFD for each unpaired surrogate.
    shown: String,
    /// The string's JSON text between its quotes, as it came.
    json: String,
}

/// A JSON object: its members in order, each key once.
#[derive(Clone, Debug, Default)]
pub struct Map(Vec<(String, Value)>);

impl Map {
    /// An empty object.
    pub fn new() -> Self {
        Self(Vec::new())
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Sets `key`: in its place when present (returning the old value), else last.
    pub fn insert(&mut self, key: String, value: Value) -> Option<Value> {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some((_, slot)) => Some(std::mem::replace(slot, value)),
            None => {
                self.0.push((key, value));
                None
            }
        }
    }

    /// Removes `key`; the members after it keep their order.
    pub fn shift_remove(&mut self, key: &str) -> Option<Value> {
        let at = self.0.iter().position(|(k, _)| k == key)?;
        Some(self.0.remove(at).1)
    }

    /// The members in order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// The keys in order.
    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }

    /// How many members.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Objects are equal when they hold the same members, in any order (as JSON means).
impl PartialEq for Map {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().all(|(k, v)| other.get(k) == Some(v))
    }
}

impl Extend<(String, Value)> for Map {
    fn extend<I: IntoIterator<Item = (String, Value)>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

impl FromIterator<(String, Value)> for Map {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(iter: I) -> Self {
        let mut map = Map::new();
        map.extend(iter);
        map
    }
}

impl IntoIterator for Map {
    type Item = (String, Value);
    type IntoIter = std::vec::IntoIter<(String, Value)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl Value {
    /// Reads JSON text: one value, surrounded by nothing but whitespace.
    pub fn parse(text: &str) -> Result<Value, JsonError> {
        let mut reader = Reader { text, at: 0 };
        let value = reader.value(0)?;
        reader.skip_space();
        if reader.at < text.len() {
            return Err(reader.error("unexpected text after the value"));
        }
        Ok(value)
    }

    /// The string, if this is one (with U+FFFD for an unpaired surrogate).
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            Value::Unpaired(u) => Some(&u.shown),
            _ => None,
        }
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The number as an `i64`, if this is a whole number in range.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(n) => n.as_i64(),
            _ => None,
        }
    }

    /// The number as a `u64`, if this is a whole number in range.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(n) => n.as_u64(),
            _ => None,
        }
    }

    /// The items, if this is an array.
    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The members, if this is an object.
    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }

    /// The members, to change them, if this is an object.
    pub fn as_object_mut(&mut self) -> Option<&mut Map> {
        match self {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }

    /// Whether this is an object.
    pub fn is_object(&self) -> bool {
        matches!(self, Value::Object(_))
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// A member of an object (`None` for a missing key or a non-object).
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object().and_then(|map| map.get(key))
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Self {
        Value::Number(Number(n.to_string()))
    }
}

/// Non-finite numbers have no JSON form: they become `null`.
impl From<f64> for Value {
    fn from(n: f64) -> Self {
        if n.is_finite() {
            Value::Number(Number(n.to_string()))
        } else {
            Value::Null
        }
    }
}

impl From<u64> for Value {
    fn from(n: u64) -> Self {
        Value::Number(Number(n.to_string()))
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_owned())
    }
}

/// A member of an object, `null` when missing (as in `serde_json`).
impl std::ops::Index<&str> for Value {
    type Output = Value;
    fn index(&self, key: &str) -> &Value {
        self.get(key).unwrap_or(&Value::Null)
    }
}

impl PartialEq<&str> for Value {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == Some(*other)
    }
}

impl PartialEq<i64> for Value {
    fn eq(&self, other: &i64) -> bool {
        self.as_i64() == Some(*other)
    }
}

impl PartialEq<bool> for Value {
    fn eq(&self, other: &bool) -> bool {
        self.as_bool() == Some(*other)
    }
}

/// Compact JSON text, as a request body is sent.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::Bool(b) => f.write_str(if *b { "true" } else { "false" }),
            Value::Number(n) => f.write_str(&n.0),
            Value::String(s) => write_string(f, s),
            Value::Unpaired(u) => write!(f, "\"{}\"", u.json),
            Value::Array(items) => {
                f.write_char('[')?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_char(',')?;
                    }
                    item.fmt(f)?;
                }
                f.write_char(']')
            }
            Value::Object(map) => {
                f.write_char('{')?;
                for (i, (k, v)) in map.iter().enumerate() {
                    if i > 0 {
                        f.write_char(',')?;
                    }
                    write_string(f, k)?;
                    f.write_char(':')?;
                    v.fmt(f)?;
                }
                f.write_char('}')
            }
        }
    }
}

fn write_string(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    f.write_char('"')?;
    let mut from = 0;
    for (i, c) in s.char_indices() {
        let escape = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            '\u{8}' => "\\b",
            '\u{c}' => "\\f",
            c if c < ' ' => "",
            _ => continue,
        };
        f.write_str(&s[from..i])?;
        if escape.is_empty() {
            write!(f, "\\u{:04x}", c as u32)?;
        } else {
            f.write_str(escape)?;
        }
        from = i + c.len_utf8();
    }
    f.write_str(&s[from..])?;
    f.write_char('"')
}

/// Why text is not JSON: what was wrong and where (a character offset).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{what} at character {at}")]
pub struct JsonError {
    what: &'static str,
    at: usize,
}

struct Reader<'a> {
    text: &'a str,
    /// A byte offset into `text`, always at a character boundary.
    at: usize,
}

impl Reader<'_> {
    fn error(&self, what: &'static str) -> JsonError {
        JsonError {
            what,
            at: self.text[..self.at].chars().count() + 1,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        let found = self.peek() == Some(byte);
        if found {
            self.at += 1;
        }
        found
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Value, JsonError> {
        if self.text[self.at..].starts_with(word) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.error("expected a value"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.error("nested too deeply"));
        }
        self.skip_space();
        match self.peek() {
            Some(b'n') => self.literal("null", Value::Null),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'"') => {
                let start = self.at + 1;
                let (text, unpaired) = self.string()?;
                Ok(if unpaired {
                    Value::Unpaired(Unpaired {
                        shown: text,
                        json: self.text[start..self.at - 1].to_owned(),
                    })
                } else {
                    Value::String(text)
                })
            }
            Some(b'[') => {
                let mut items = Vec::new();
                self.members(b']', |r| {
                    items.push(r.value(depth + 1)?);
                    Ok(())
                })?;
                Ok(Value::Array(items))
            }
            Some(b'{') => {
                let mut map = Map::new();
                self.members(b'}', |r| {
                    r.skip_space();
                    if r.peek() != Some(b'"') {
                        return Err(r.error("expected a property name"));
                    }
                    // (A key with an unpaired surrogate keeps U+FFFD in its place.)
                    let (key, _) = r.string()?;
                    r.skip_space();
                    if !r.eat(b':') {
                        return Err(r.error("expected `:`"));
                    }
                    map.insert(key, r.value(depth + 1)?);
                    Ok(())
                })?;
                Ok(Value::Object(map))
            }
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.error("expected a value")),
        }
    }

    /// The comma-separated members of an array or object up to `close`, the reader at
    /// the opening bracket.
    fn members(
        &mut self,
        close: u8,
        mut member: impl FnMut(&mut Self) -> Result<(), JsonError>,
    ) -> Result<(), JsonError> {
        self.at += 1;
        self.skip_space();
        if self.eat(close) {
            return Ok(());
        }
        loop {
            member(self)?;
            self.skip_space();
            if self.eat(close) {
                return Ok(());
            }
            if !self.eat(b',') {
                return Err(self.error(if close == b']' {
                    "expected `,` or `]`"
                } else {
                    "expected `,` or `}`"
                }));
            }
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.at;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
        self.at - start
    }

    fn number(&mut self) -> Result<Value, JsonError> {
        let start = self.at;
        self.eat(b'-');
        let whole = self.at;
        let n = self.digits();
        if n == 0 || (n > 1 && self.text.as_bytes()[whole] == b'0') {
            return Err(self.error("invalid number"));
        }
        if self.eat(b'.') && self.digits() == 0 {
            return Err(self.error("invalid number"));
        }
        if self.eat(b'e') || self.eat(b'E') {
            if !self.eat(b'+') {
                self.eat(b'-');
            }
            if self.digits() == 0 {
                return Err(self.error("invalid number"));
            }
        }
        Ok(Value::Number(Number(self.text[start..self.at].to_owned())))
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let code = self
            .text
            .get(self.at..self.at + 4)
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .ok_or_else(|| self.error("invalid \\u escape"))?;
        self.at += 4;
        Ok(code)
    }

    /// A string, the reader at its opening quote, and whether it held an unpaired
    /// surrogate (read as U+FFFD).
    fn string(&mut self) -> Result<(String, bool), JsonError> {
        self.at += 1;
        let mut out = String::new();
        let mut unpaired = false;
        loop {
            let rest = &self.text[self.at..];
            let Some(stop) = rest.find(|c: char| c == '"' || c == '\\' || c < ' ') else {
                self.at = self.text.len();
                return Err(self.error("unterminated string"));
            };
            out.push_str(&rest[..stop]);
            self.at += stop;
            match self.peek() {
                Some(b'"') => {
                    self.at += 1;
                    return Ok((out, unpaired));
                }
                Some(b'\\') => {
                    self.at += 1;
                    let escaped = match self.peek() {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.at += 1;
                            let c = self.unicode_escape()?;
                            unpaired |= c.is_none();
                            out.push(c.unwrap_or(char::REPLACEMENT_CHARACTER));
                            continue;
                        }
                        _ => return Err(self.error("invalid escape")),
                    };
                    self.at += 1;
                    out.push(escaped);
                }
                _ => return Err(self.error("control character in a string")),
            }
        }
    }

    /// The character of a `\u` escape (the reader after the `u`), joining a surrogate
    /// pair; `None` for a surrogate without its other half.
    fn unicode_escape(&mut self) -> Result<Option<char>, JsonError> {
        let first = self.hex4()?;
        if !(0xD800..=0xDBFF).contains(&first) {
            return Ok(char::from_u32(first));
        }
        // A high surrogate: its pair follows, or it stands alone (the next escape, if
        // any, is read on its own).
        let after = self.at;
        if !self.text[self.at..].starts_with("\\u") {
            return Ok(None);
        }
        self.at += 2;
        let second = self.hex4()?;
        if !(0xDC00..=0xDFFF).contains(&second) {
            self.at = after;
            return Ok(None);
        }
        Ok(char::from_u32(
            0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00),
        ))
    }
}

/// The development API and the tests speak serde; these convert at that border.
#[cfg(feature = "serde")]
mod with_serde {
    use super::{Map, Number, Value};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    impl From<serde_json::Value> for Value {
        fn from(value: serde_json::Value) -> Self {
            match value {
                serde_json::Value::Null => Value::Null,
                serde_json::Value::Bool(b) => Value::Bool(b),
                serde_json::Value::Number(n) => Value::Number(Number(n.to_string())),
                serde_json::Value::String(s) => Value::String(s),
                serde_json::Value::Array(items) => {
                    Value::Array(items.into_iter().map(Into::into).collect())
                }
                serde_json::Value::Object(map) => Value::Object(map.into()),
            }
        }
    }

    impl From<serde_json::Map<String, serde_json::Value>> for Map {
        fn from(map: serde_json::Map<String, serde_json::Value>) -> Self {
            map.into_iter().map(|(k, v)| (k, v.into())).collect()
        }
    }

    impl From<Value> for serde_json::Value {
        fn from(value: Value) -> Self {
            match value {
                Value::Null => serde_json::Value::Null,
                Value::Bool(b) => serde_json::Value::Bool(b),
                // Numbers beyond f64 become null: serde_json cannot hold them.
                Value::Number(n) => {
                    n.0.parse()
                        .map_or(serde_json::Value::Null, serde_json::Value::Number)
                }
                Value::String(s) => serde_json::Value::String(s),
                Value::Unpaired(u) => serde_json::Value::String(u.shown),
                Value::Array(items) => {
                    serde_json::Value::Array(items.into_iter().map(Into::into).collect())
                }
                Value::Object(map) => serde_json::Value::Object(map.into()),
            }
        }
    }

    impl From<Map> for serde_json::Map<String, serde_json::Value> {
        fn from(map: Map) -> Self {
            map.into_iter().map(|(k, v)| (k, v.into())).collect()
        }
    }

    /// Serde through each type's `serde_json` counterpart.
    macro_rules! via_serde_json {
        ($($ours:ty => $theirs:ty),*) => {$(
            impl Serialize for $ours {
                fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    <$theirs>::from(self.clone()).serialize(serializer)
                }
            }

            impl<'de> Deserialize<'de> for $ours {
                fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    <$theirs>::deserialize(deserializer).map(Into::into)
                }
            }
        )*};
    }

    via_serde_json!(Value => serde_json::Value, Map => serde_json::Map<String, serde_json::Value>);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_key_order_survive_a_round_trip() {
        let text = r#"{"b":1.50,"a":[12345678901234567890,-0,1e-7,true,null],"c":"x"}"#;
        assert_eq!(
            Value::parse(text).map(|v| v.to_string()).as_deref(),
            Ok(text)
        );
    }

    #[test]
    fn a_repeated_key_keeps_its_first_place_and_last_value() {
        let v = Value::parse(r#"{"a":1,"b":2,"a":3}"#).unwrap_or_default();
        assert_eq!(v.to_string(), r#"{"a":3,"b":2}"#);
    }

    #[test]
    fn escapes_are_read_and_written() {
        let v = Value::parse(r#""q\"b\\s\/n\n\u00e9\ud83d\ude00\u0001""#).unwrap_or_default();
        assert_eq!(v.as_str(), Some("q\"b\\s/n\né😀\u{1}"));
        assert_eq!(v.to_string(), "\"q\\\"b\\\\s/n\\né😀\\u0001\"");
    }

    #[test]
    fn an_unpaired_surrogate_reads_as_fffd_and_goes_back_as_it_came() {
        for (text, shown) in [
            (r#""Ada \ud83d""#, "Ada \u{fffd}"),
            (r#""\udc00x""#, "\u{fffd}x"),
            (r#""\ud83d\u0041""#, "\u{fffd}A"),
            (r#""\ud83d\ud83d\ude00""#, "\u{fffd}😀"),
            (r#""\uDBFF""#, "\u{fffd}"),
        ] {
            let value = Value::parse(text);
            assert_eq!(
                value.as_ref().ok().and_then(Value::as_str),
                Some(shown),
                "{text}"
            );
            assert_eq!(value.map(|v| v.to_string()).as_deref(), Ok(text));
        }
        let record = Value::parse(r#"{"FullName":"Ada \ud83d","Devices":"ok"}"#);
        assert_eq!(
            record.map(|v| v.to_string()).as_deref(),
            Ok(r#"{"FullName":"Ada \ud83d","Devices":"ok"}"#)
        );
    }

    #[test]
    fn malformed_text_is_an_error_never_a_panic() {
        for text in [
            "",
            " ",
            "{",
            "[1,]",
            "{\"a\"}",
            "{\"a\":1,}",
            "01",
            "1.",
            "-",
            "1e",
            "\"\\u12\"",
            "\"a",
            "\"\t\"",
            "tru",
            "nul",
            "1 2",
            "{1:2}",
            "\"é",
        ] {
            assert!(Value::parse(text).is_err(), "{text:?}");
        }
        let deep = "[".repeat(MAX_DEPTH + 2);
        assert!(Value::parse(&deep).is_err());
    }

    #[test]
    fn errors_say_where() {
        assert_eq!(
            Value::parse("[1, x]").map_err(|e| e.to_string()),
            Err("expected a value at character 5".to_owned())
        );
    }

    #[test]
    fn objects_compare_as_sets_of_members() {
        let a = Value::parse(r#"{"a":1,"b":[2]}"#).unwrap_or_default();
        let b = Value::parse(r#"{"b":[2],"a":1}"#).unwrap_or_default();
        assert_eq!(a, b);
        assert_ne!(a, Value::parse(r#"{"a":1}"#).unwrap_or_default());
    }

    #[test]
    fn removing_a_member_keeps_the_others_in_order() {
        let mut map = Map::new();
        for k in ["a", "b", "c"] {
            map.insert(k.to_owned(), Value::Null);
        }
        assert_eq!(map.shift_remove("a"), Some(Value::Null));
        assert_eq!(
            map.keys().map(String::as_str).collect::<Vec<_>>(),
            ["b", "c"]
        );
    }
}
