//! JSON with positions: the one parser of schema text.
//!
//! [`parse`] reads JSON as Java's Avro parser does (Jackson with comments allowed): `//` and
//! `/* */` comments outside strings, strict JSON otherwise. Every value keeps the byte range it
//! was written at ([`Span`]), so a diagnostic made from a JSON path can show the line and column
//! it points at; numbers keep their text, so nothing beyond `i64` or `f64` is lost or rounded
//! before the validator looks at it; duplicate keys are kept as Java keeps them (the first
//! position, the last value) and listed so they can be warned about.
//!
//! The parser is iterative and refuses nesting deeper than [`MAX_DEPTH`], so no input can
//! exhaust the stack here or in the recursive stages after it.

use std::collections::HashSet;
use std::fmt;

/// Deepest nesting of arrays and objects accepted (the top-level value is depth 1).
///
/// A record nested in a record takes three levels (`{` record, `[` fields, `{` field), so this
/// allows about 170 levels of nested records, or 500 of nested arrays. The stages after parsing
/// (validation, canonical form, resolution, code generation) recurse over the schema, and this
/// bound, with [`crate::validate::MAX_SCHEMA_DEPTH`], keeps them well inside a 2 MiB thread stack.
pub const MAX_DEPTH: usize = 512;

/// A byte range of the parsed text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// A JSON value and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Json {
    /// The value.
    pub kind: Kind,
    /// Where it was written (for values made in memory: an empty span at 0).
    pub span: Span,
}

/// The kinds of JSON values.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// A number, as written.
    Number(Number),
    /// A string (escapes decoded).
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object, members in document order.
    Object(Object),
}

/// A JSON number exactly as written (`-12`, `1.5e300`, `1e999`), so no precision is lost before
/// it is checked against the type it must fit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Number(Box<str>);

impl Number {
    /// The number's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether it is written as an integer (no fraction, no exponent), as Jackson decides
    /// between integral and floating-point numbers.
    pub fn is_integer(&self) -> bool {
        !self.0.contains(['.', 'e', 'E'])
    }

    /// The value as an `i64`, if written as an integer in that range.
    pub fn as_i64(&self) -> Option<i64> {
        if self.is_integer() {
            self.0.parse().ok()
        } else {
            None
        }
    }

    /// The value as a `u64`, if written as an integer in that range.
    pub fn as_u64(&self) -> Option<u64> {
        if self.is_integer() {
            self.0.parse().ok()
        } else {
            None
        }
    }

    /// The nearest `f64`; infinite when the magnitude is beyond `f64::MAX`.
    pub fn as_f64(&self) -> f64 {
        // The JSON number grammar is a subset of what `f64::from_str` accepts.
        self.0.parse().unwrap_or(f64::NAN)
    }

    /// A number from its text (which must follow the JSON grammar).
    fn from_text(text: &str) -> Number {
        Number(text.into())
    }
}

impl fmt::Display for Json {
    /// Compact JSON text, numbers as written.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.compact(usize::MAX))
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One `"key": value` of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The key (escapes decoded).
    pub key: String,
    /// Where the key was written, quotes included.
    pub key_span: Span,
    /// The value.
    pub value: Json,
}

/// A JSON object: members in document order, each key once.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Object {
    members: Vec<Member>,
}

impl Object {
    /// An object of these members (keys assumed distinct).
    pub fn from_members(members: Vec<Member>) -> Object {
        Object { members }
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&Json> {
        self.members.iter().find(|m| m.key == key).map(|m| &m.value)
    }

    /// The member of `key`.
    pub fn member(&self, key: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.key == key)
    }

    /// Whether `key` is present.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The members, in document order.
    pub fn members(&self) -> &[Member] {
        &self.members
    }

    /// The number of members.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Whether there are no members.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// The keys, in document order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.members.iter().map(|m| m.key.as_str())
    }
}

impl Json {
    /// A value without a position (made in memory, e.g. from a `serde_json::Value`).
    pub fn unplaced(kind: Kind) -> Json {
        Json {
            kind,
            span: Span::default(),
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::String(s) => Some(s),
            _ => None,
        }
    }

    /// The object, if this is one.
    pub fn as_object(&self) -> Option<&Object> {
        match &self.kind {
            Kind::Object(o) => Some(o),
            _ => None,
        }
    }

    /// The number, if this is one.
    pub fn as_number(&self) -> Option<&Number> {
        match &self.kind {
            Kind::Number(n) => Some(n),
            _ => None,
        }
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self.kind, Kind::Null)
    }

    /// The value for a `serde_json::Value` (no positions).
    pub fn from_serde(value: &serde_json::Value) -> Json {
        use serde_json::Value;
        let kind = match value {
            Value::Null => Kind::Null,
            Value::Bool(b) => Kind::Bool(*b),
            Value::Number(n) => Kind::Number(Number::from_text(&n.to_string())),
            Value::String(s) => Kind::String(s.clone()),
            Value::Array(items) => Kind::Array(items.iter().map(Json::from_serde).collect()),
            Value::Object(map) => Kind::Object(Object {
                members: map
                    .iter()
                    .map(|(k, v)| Member {
                        key: k.clone(),
                        key_span: Span::default(),
                        value: Json::from_serde(v),
                    })
                    .collect(),
            }),
        };
        Json::unplaced(kind)
    }

    /// The value as a `serde_json::Value`, or the first number `serde_json` cannot hold (beyond
    /// `f64`), with its JSON path relative to this value.
    ///
    /// Integers beyond 64 bits become the nearest `f64`, as `serde_json` itself reads them.
    pub fn to_serde(&self) -> Result<serde_json::Value, (String, Number)> {
        use serde_json::Value;
        Ok(match &self.kind {
            Kind::Null => Value::Null,
            Kind::Bool(b) => Value::Bool(*b),
            Kind::Number(n) => Value::Number(number_to_serde(n).ok_or((String::new(), n.clone()))?),
            Kind::String(s) => Value::String(s.clone()),
            Kind::Array(items) => Value::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| {
                        item.to_serde()
                            .map_err(|(p, n)| (format!("[{i}]{}", dot(&p)), n))
                    })
                    .collect::<Result<_, _>>()?,
            ),
            Kind::Object(o) => Value::Object(
                o.members
                    .iter()
                    .map(|m| {
                        m.value
                            .to_serde()
                            .map(|v| (m.key.clone(), v))
                            .map_err(|(p, n)| {
                                (
                                    format!(
                                        "{}{}",
                                        crate::diagnostics::path::key("", &m.key),
                                        dot(&p)
                                    ),
                                    n,
                                )
                            })
                    })
                    .collect::<Result<_, _>>()?,
            ),
        })
    }

    /// The value at `json_path` (as [`crate::diagnostics::path`] writes paths) below this one,
    /// and, when the path ends in a key, that key's member.
    pub fn find(&self, json_path: &str) -> Option<(&Json, Option<&Member>)> {
        let mut at = self;
        let mut member = None;
        for segment in crate::diagnostics::path::segments(json_path)? {
            member = None;
            at = match (&at.kind, segment) {
                (Kind::Object(o), crate::diagnostics::path::Segment::Key(k)) => {
                    let m = o.member(&k)?;
                    member = Some(m);
                    &m.value
                }
                (Kind::Array(items), crate::diagnostics::path::Segment::Index(i)) => {
                    items.get(i)?
                }
                _ => return None,
            };
        }
        Some((at, member))
    }

    /// Compact JSON text of the value, cut after about `limit` characters (ending in `...`).
    pub fn compact(&self, limit: usize) -> String {
        let mut out = String::new();
        self.write_compact(&mut out, limit);
        if out.chars().count() > limit {
            let cut: String = out.chars().take(limit.saturating_sub(3)).collect();
            out = format!("{cut}...");
        }
        out
    }

    fn write_compact(&self, out: &mut String, limit: usize) {
        if out.len() > limit {
            return;
        }
        match &self.kind {
            Kind::Null => out.push_str("null"),
            Kind::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Kind::Number(n) => out.push_str(n.as_str()),
            Kind::String(s) => out.push_str(&serde_json::to_string(s).expect("strings serialize")),
            Kind::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write_compact(out, limit);
                    if out.len() > limit {
                        return;
                    }
                }
                out.push(']');
            }
            Kind::Object(o) => {
                out.push('{');
                for (i, m) in o.members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&serde_json::to_string(&m.key).expect("strings serialize"));
                    out.push(':');
                    m.value.write_compact(out, limit);
                    if out.len() > limit {
                        return;
                    }
                }
                out.push('}');
            }
        }
    }

    /// The JSON path of the innermost value that contains byte `offset`.
    pub fn path_at(&self, offset: usize) -> String {
        let mut path = String::new();
        let mut at = self;
        loop {
            let next = match &at.kind {
                Kind::Array(items) => items.iter().enumerate().find_map(|(i, item)| {
                    contains(item.span, offset)
                        .then(|| (crate::diagnostics::path::index(&path, i), item))
                }),
                Kind::Object(o) => o.members.iter().find_map(|m| {
                    (contains(m.value.span, offset) || contains(m.key_span, offset))
                        .then(|| (crate::diagnostics::path::key(&path, &m.key), &m.value))
                }),
                _ => None,
            };
            match next {
                Some((p, value)) => {
                    path = p;
                    at = value;
                }
                None => return path,
            }
        }
    }
}

fn contains(span: Span, offset: usize) -> bool {
    span.start <= offset && offset < span.end
}

/// `.p` for a key path, the path itself for an index path or nothing.
fn dot(p: &str) -> String {
    if p.is_empty() || p.starts_with('[') {
        p.to_string()
    } else {
        format!(".{p}")
    }
}

/// The `serde_json::Number` for a JSON number: an integer when it is one within 64 bits, else
/// the nearest finite `f64`; `None` beyond `f64`.
fn number_to_serde(n: &Number) -> Option<serde_json::Number> {
    if let Some(i) = n.as_i64() {
        return Some(i.into());
    }
    if let Some(u) = n.as_u64() {
        return Some(u.into());
    }
    serde_json::Number::from_f64(n.as_f64())
}

/// A parsed document.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// The top-level value.
    pub root: Json,
    /// Keys written twice in one object (each later occurrence; the object keeps the first
    /// position and the last value, as Jackson and `serde_json` do).
    pub duplicate_keys: Vec<DuplicateKey>,
}

/// A key written again in the same object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    /// The key.
    pub key: String,
    /// Where it was written again.
    pub span: Span,
}

/// Why text is not JSON, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// Where the problem is.
    pub span: Span,
    /// What is wrong.
    pub message: String,
}

/// Parses one JSON document (comments allowed) from `text`.
pub fn parse(text: &str) -> Result<Document, SyntaxError> {
    Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        duplicates: Vec::new(),
    }
    .document()
}

/// A container being read.
enum Open {
    Array {
        start: usize,
        items: Vec<Json>,
    },
    Object {
        start: usize,
        members: Vec<Member>,
        /// Keys seen, once the object is large enough for linear search to be slow.
        index: Option<HashSet<String>>,
        /// The key whose value is being read.
        key: Option<(String, Span)>,
    },
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    duplicates: Vec<DuplicateKey>,
}

impl Parser<'_> {
    fn error<T>(
        &self,
        start: usize,
        end: usize,
        message: impl Into<String>,
    ) -> Result<T, SyntaxError> {
        Err(SyntaxError {
            span: Span { start, end },
            message: message.into(),
        })
    }

    fn document(mut self) -> Result<Document, SyntaxError> {
        // A byte-order mark left in the text (`decode` removes it) is not content.
        if self.text.starts_with('\u{feff}') {
            self.pos = '\u{feff}'.len_utf8();
        }
        self.skip_space()?;
        if self.pos == self.bytes.len() {
            return self.error(0, 0, "empty file, no schema");
        }
        let root = self.value()?;
        self.skip_space()?;
        if self.pos < self.bytes.len() {
            let end = self.token_end(self.pos);
            return self.error(
                self.pos,
                end,
                format!(
                    "unexpected `{}` after the end of the JSON value (a schema file holds one \
                     JSON value; several schemas go in a union `[...]` or in files of their own)",
                    &self.text[self.pos..end]
                ),
            );
        }
        Ok(Document {
            root,
            duplicate_keys: self.duplicates,
        })
    }

    /// Skips whitespace and comments.
    fn skip_space(&mut self) -> Result<(), SyntaxError> {
        loop {
            match self.bytes.get(self.pos) {
                Some(b' ' | b'\t' | b'\n' | b'\r') => self.pos += 1,
                Some(b'/') => match self.bytes.get(self.pos + 1) {
                    Some(b'/') => {
                        while !matches!(self.bytes.get(self.pos), None | Some(b'\n' | b'\r')) {
                            self.pos += 1;
                        }
                    }
                    Some(b'*') => {
                        let start = self.pos;
                        match self.text[self.pos + 2..].find("*/") {
                            Some(i) => self.pos += 2 + i + 2,
                            None => return self.error(start, start + 2, "unterminated /* comment"),
                        }
                    }
                    _ => {
                        return self.error(
                            self.pos,
                            self.pos + 1,
                            "expected a JSON value, found `/` (comments start with // or /*)",
                        )
                    }
                },
                _ => return Ok(()),
            }
        }
    }

    /// The end of the word-like token starting at `start` (for messages).
    fn token_end(&self, start: usize) -> usize {
        let rest = &self.text[start..];
        let len = rest
            .char_indices()
            .find(|&(i, c)| i > 0 && !(c.is_alphanumeric() || c == '_' || c == '.' || c == '-'))
            .map_or(rest.len(), |(i, _)| i);
        start + len.max(rest.chars().next().map_or(0, char::len_utf8))
    }

    /// One complete value (iteratively: containers are kept on an explicit stack).
    fn value(&mut self) -> Result<Json, SyntaxError> {
        let mut stack: Vec<Open> = Vec::new();
        loop {
            // Read the start of a value: a scalar, or open a container.
            self.skip_space()?;
            let start = self.pos;
            let mut done = match self.bytes.get(self.pos) {
                Some(b'[') | Some(b'{') => {
                    if stack.len() + 1 > MAX_DEPTH {
                        return self.error(
                            start,
                            start + 1,
                            format!(
                                "JSON nested deeper than {MAX_DEPTH} levels (the limit that keeps \
                                 every stage of schema processing within its stack)"
                            ),
                        );
                    }
                    let is_array = self.bytes[self.pos] == b'[';
                    self.pos += 1;
                    self.skip_space()?;
                    let close = if is_array { b']' } else { b'}' };
                    if self.bytes.get(self.pos) == Some(&close) {
                        self.pos += 1;
                        Some(Json {
                            kind: if is_array {
                                Kind::Array(Vec::new())
                            } else {
                                Kind::Object(Object::default())
                            },
                            span: Span {
                                start,
                                end: self.pos,
                            },
                        })
                    } else if is_array {
                        stack.push(Open::Array {
                            start,
                            items: Vec::new(),
                        });
                        None
                    } else {
                        let key = self.key()?;
                        stack.push(Open::Object {
                            start,
                            members: Vec::new(),
                            index: None,
                            key: Some(key),
                        });
                        None
                    }
                }
                _ => Some(self.scalar()?),
            };
            // Attach finished values to their containers, closing containers as they end.
            while let Some(value) = done.take() {
                let Some(top) = stack.last_mut() else {
                    return Ok(value);
                };
                self.skip_space()?;
                let next = self.bytes.get(self.pos).copied();
                match top {
                    Open::Array { start, items } => {
                        items.push(value);
                        match next {
                            Some(b',') => {
                                self.pos += 1;
                                self.no_trailing_comma(b']')?;
                            }
                            Some(b']') => {
                                self.pos += 1;
                                let span = Span {
                                    start: *start,
                                    end: self.pos,
                                };
                                let Some(Open::Array { items, .. }) = stack.pop() else {
                                    unreachable!("the top is this array")
                                };
                                done = Some(Json {
                                    kind: Kind::Array(items),
                                    span,
                                });
                            }
                            _ => return self.expected_after(*start, "array item", "`,` or `]`"),
                        }
                    }
                    Open::Object {
                        start,
                        members,
                        index,
                        key,
                    } => {
                        let (k, key_span) = key.take().expect("an object value follows its key");
                        add_member(members, index, &mut self.duplicates, k, key_span, value);
                        match next {
                            Some(b',') => {
                                self.pos += 1;
                                self.no_trailing_comma(b'}')?;
                                *key = Some(self.key()?);
                            }
                            Some(b'}') => {
                                self.pos += 1;
                                let span = Span {
                                    start: *start,
                                    end: self.pos,
                                };
                                let Some(Open::Object { members, .. }) = stack.pop() else {
                                    unreachable!("the top is this object")
                                };
                                done = Some(Json {
                                    kind: Kind::Object(Object { members }),
                                    span,
                                });
                            }
                            _ => return self.expected_after(*start, "object member", "`,` or `}`"),
                        }
                    }
                }
            }
        }
    }

    /// After a comma: the next item must not be the closing bracket.
    fn no_trailing_comma(&mut self, close: u8) -> Result<(), SyntaxError> {
        let comma = self.pos - 1;
        self.skip_space()?;
        if self.bytes.get(self.pos) == Some(&close) {
            return self.error(
                comma,
                comma + 1,
                format!(
                    "trailing comma before `{}` (JSON allows no comma after the last item)",
                    close as char
                ),
            );
        }
        Ok(())
    }

    fn expected_after<T>(&self, open: usize, what: &str, expected: &str) -> Result<T, SyntaxError> {
        let (line, column) = line_column(self.text, open);
        match self.bytes.get(self.pos) {
            None => self.error(
                self.pos,
                self.pos,
                format!(
                    "the file ends inside the {} opened at line {line}, column {column}",
                    if expected.contains(']') {
                        "array"
                    } else {
                        "object"
                    }
                ),
            ),
            Some(_) => {
                let end = self.token_end(self.pos);
                self.error(
                    self.pos,
                    end,
                    format!(
                        "expected {expected} after an {what}, found `{}`",
                        &self.text[self.pos..end]
                    ),
                )
            }
        }
    }

    /// An object key and the `:` after it.
    fn key(&mut self) -> Result<(String, Span), SyntaxError> {
        self.skip_space()?;
        let start = self.pos;
        match self.bytes.get(self.pos) {
            Some(b'"') => {}
            Some(b'\'') => {
                return self.error(
                    start,
                    start + 1,
                    "object keys are written in double quotes (`\"key\"`), not single quotes",
                )
            }
            None => return self.error(start, start, "the file ends where an object key should be"),
            Some(_) => {
                let end = self.token_end(start);
                return self.error(
                    start,
                    end,
                    format!(
                        "expected an object key in double quotes, found `{}`",
                        &self.text[start..end]
                    ),
                );
            }
        }
        let key = self.string()?;
        let span = Span {
            start,
            end: self.pos,
        };
        self.skip_space()?;
        if self.bytes.get(self.pos) != Some(&b':') {
            return self.error(
                span.start,
                span.end,
                format!(
                    "expected `:` after the key {}",
                    &self.text[span.start..span.end]
                ),
            );
        }
        self.pos += 1;
        Ok((key, span))
    }

    /// null, true, false, a number or a string.
    fn scalar(&mut self) -> Result<Json, SyntaxError> {
        let start = self.pos;
        let kind = match self.bytes.get(self.pos) {
            None => return self.error(start, start, "the file ends where a JSON value should be"),
            Some(b'"') => Kind::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => Kind::Number(self.number()?),
            Some(_) => {
                let end = self.token_end(start);
                let word = &self.text[start..end];
                let kind = match word {
                    "null" => Kind::Null,
                    "true" => Kind::Bool(true),
                    "false" => Kind::Bool(false),
                    "NaN" | "Infinity" | "-Infinity" => {
                        return self.error(
                            start,
                            end,
                            format!(
                                "`{word}` is not JSON; Avro writes it as the string \"{word}\""
                            ),
                        )
                    }
                    _ if word.starts_with('\'') => {
                        return self.error(
                            start,
                            start + 1,
                            "strings are written in double quotes, not single quotes",
                        )
                    }
                    _ => {
                        return self.error(
                            start,
                            end,
                            format!("expected a JSON value, found `{word}`"),
                        )
                    }
                };
                self.pos = end;
                kind
            }
        };
        Ok(Json {
            kind,
            span: Span {
                start,
                end: self.pos,
            },
        })
    }

    fn number(&mut self) -> Result<Number, SyntaxError> {
        let start = self.pos;
        let b = self.bytes;
        let mut i = self.pos;
        if b.get(i) == Some(&b'-') {
            i += 1;
        }
        let digits = |i: &mut usize| {
            let from = *i;
            while b.get(*i).is_some_and(u8::is_ascii_digit) {
                *i += 1;
            }
            *i - from
        };
        let int_start = i;
        let int_digits = digits(&mut i);
        let mut ok = int_digits > 0 && !(int_digits > 1 && b[int_start] == b'0');
        if ok && b.get(i) == Some(&b'.') {
            i += 1;
            ok = digits(&mut i) > 0;
        }
        if ok && matches!(b.get(i), Some(b'e' | b'E')) {
            i += 1;
            if matches!(b.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            ok = digits(&mut i) > 0;
        }
        let end = self.token_end(start).max(i);
        if !ok || end > i {
            return self.error(
                start,
                end,
                format!("`{}` is not a JSON number", &self.text[start..end]),
            );
        }
        self.pos = i;
        Ok(Number::from_text(&self.text[start..i]))
    }

    /// A string starting at the current `"`; leaves the position after the closing quote.
    fn string(&mut self) -> Result<String, SyntaxError> {
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        loop {
            let run_start = self.pos;
            while let Some(&c) = self.bytes.get(self.pos) {
                if c == b'"' || c == b'\\' || c < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            out.push_str(&self.text[run_start..self.pos]);
            match self.bytes.get(self.pos) {
                None => return self.error(start, start + 1, "unterminated string"),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => self.escape(&mut out)?,
                Some(&c) => {
                    let shown = match c {
                        b'\n' => "\\n",
                        b'\r' => "\\r",
                        b'\t' => "\\t",
                        _ => "\\u00XX",
                    };
                    return self.error(
                        self.pos,
                        self.pos + 1,
                        format!(
                            "control character U+{c:04X} inside a string must be escaped \
                             (write `{shown}`){}",
                            if c == b'\n' {
                                "; is a closing quote missing?"
                            } else {
                                ""
                            }
                        ),
                    );
                }
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), SyntaxError> {
        let at = self.pos;
        let Some(&c) = self.bytes.get(self.pos + 1) else {
            return self.error(at, at + 1, "unterminated string");
        };
        self.pos += 2;
        out.push(match c {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let first = self.hex4(at)?;
                let code = if (0xD800..0xDC00).contains(&first) {
                    if self.bytes.get(self.pos) == Some(&b'\\')
                        && self.bytes.get(self.pos + 1) == Some(&b'u')
                    {
                        self.pos += 2;
                        let second = self.hex4(self.pos - 2)?;
                        if !(0xDC00..0xE000).contains(&second) {
                            return self.error(
                                at,
                                self.pos,
                                "`\\u` escape: a high surrogate must be followed by a low one",
                            );
                        }
                        0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                    } else {
                        return self.error(
                            at,
                            self.pos,
                            "`\\u` escape: lone high surrogate (not a character)",
                        );
                    }
                } else if (0xDC00..0xE000).contains(&first) {
                    return self.error(
                        at,
                        self.pos,
                        "`\\u` escape: lone low surrogate (not a character)",
                    );
                } else {
                    first
                };
                char::from_u32(code).expect("surrogates are excluded above")
            }
            _ => {
                let end = at + 1 + self.text[at + 1..].chars().next().map_or(0, char::len_utf8);
                return self.error(
                    at,
                    end,
                    format!("invalid escape `{}` in a string", &self.text[at..end]),
                );
            }
        });
        Ok(())
    }

    /// Four hex digits at the current position (the escape started at `at`).
    fn hex4(&mut self, at: usize) -> Result<u32, SyntaxError> {
        let digits = self.bytes.get(self.pos..self.pos + 4);
        match digits
            .and_then(|d| std::str::from_utf8(d).ok())
            .and_then(|d| {
                u32::from_str_radix(d, 16)
                    .ok()
                    .filter(|_| d.bytes().all(|b| b.is_ascii_hexdigit()))
            }) {
            Some(v) => {
                self.pos += 4;
                Ok(v)
            }
            None => self.error(
                at,
                (self.pos + 4).min(self.text.len()),
                "`\\u` needs four hex digits",
            ),
        }
    }
}

/// Adds a member, keeping the first position and the last value of a repeated key.
fn add_member(
    members: &mut Vec<Member>,
    index: &mut Option<HashSet<String>>,
    duplicates: &mut Vec<DuplicateKey>,
    key: String,
    key_span: Span,
    value: Json,
) {
    const INDEX_FROM: usize = 16;
    let seen = match index {
        Some(set) => set.contains(&key),
        None => members.iter().any(|m| m.key == key),
    };
    if seen {
        duplicates.push(DuplicateKey {
            key: key.clone(),
            span: key_span,
        });
        let m = members
            .iter_mut()
            .find(|m| m.key == key)
            .expect("a seen key has a member");
        m.value = value;
        return;
    }
    if let Some(set) = index {
        set.insert(key.clone());
    } else if members.len() + 1 >= INDEX_FROM {
        let mut set: HashSet<String> = members.iter().map(|m| m.key.clone()).collect();
        set.insert(key.clone());
        *index = Some(set);
    }
    members.push(Member {
        key,
        key_span,
        value,
    });
}

/// 1-based line and column (in characters) of byte `offset` of `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    (line, before[line_start..].chars().count() + 1)
}

/// The largest char boundary of `text` at or before `i`.
pub(crate) fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> Json {
        parse(text).unwrap_or_else(|e| panic!("{text}: {e:?}")).root
    }

    fn err(text: &str) -> SyntaxError {
        parse(text).expect_err(text)
    }

    #[test]
    fn values_and_spans() {
        let j = ok(r#" {"a": [1, -2.5e3, true, null], "b": "x\u00e9\ud83d\ude00\n"} "#);
        assert_eq!(j.span, Span { start: 1, end: 61 });
        let o = j.as_object().unwrap();
        assert_eq!(o.keys().collect::<Vec<_>>(), ["a", "b"]);
        let Kind::Array(items) = &o.get("a").unwrap().kind else {
            panic!()
        };
        assert_eq!(items[1].as_number().unwrap().as_str(), "-2.5e3");
        assert_eq!(items[1].span, Span { start: 11, end: 17 });
        assert_eq!(o.get("b").unwrap().as_str(), Some("xé😀\n"));
        assert_eq!(o.member("b").unwrap().key_span, Span { start: 32, end: 35 });
    }

    #[test]
    fn numbers_keep_their_text() {
        let j = ok("[1.234e+567, 123456789012345678901234567890, 5e9, -0, 0.5]");
        let Kind::Array(items) = &j.kind else {
            panic!()
        };
        let n: Vec<&Number> = items.iter().map(|i| i.as_number().unwrap()).collect();
        assert_eq!(n[0].as_str(), "1.234e+567");
        assert!(n[0].as_f64().is_infinite());
        assert_eq!(n[1].as_i64(), None);
        assert!(n[1].is_integer());
        assert_eq!(n[2].as_i64(), None);
        assert!(!n[2].is_integer());
        assert_eq!(n[3].as_i64(), Some(0));
        assert_eq!(n[4].as_f64(), 0.5);
        for bad in ["01", "1.", ".5", "-", "1e", "1e+", "+1", "0x10", "1.5.2"] {
            let e = err(&format!("[{bad}]"));
            assert!(
                e.message.contains("not a JSON number") || e.message.contains("expected"),
                "{bad}: {e:?}"
            );
        }
    }

    #[test]
    fn comments_are_whitespace() {
        let j = ok("// a\n{\"t\": /* b */ 1, // c\n \"u\": \"/* not */ // a comment\"} /* end */");
        let o = j.as_object().unwrap();
        assert_eq!(o.get("u").unwrap().as_str(), Some("/* not */ // a comment"));
        assert_eq!(err("{} /* open").message, "unterminated /* comment");
    }

    #[test]
    fn duplicate_keys_keep_first_position_last_value() {
        let d = parse(r#"{"a": 1, "b": 2, "a": 3}"#).unwrap();
        let o = d.root.as_object().unwrap();
        assert_eq!(o.keys().collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(o.get("a").unwrap().as_number().unwrap().as_str(), "3");
        assert_eq!(
            d.duplicate_keys,
            [DuplicateKey {
                key: "a".into(),
                span: Span { start: 17, end: 20 }
            }]
        );
        // Large objects use an index; same behaviour.
        let keys: Vec<String> = (0..40).map(|i| format!("\"k{i}\": {i}")).collect();
        let d = parse(&format!("{{{}, \"k7\": 0}}", keys.join(", "))).unwrap();
        assert_eq!(d.duplicate_keys.len(), 1);
        assert_eq!(d.root.as_object().unwrap().len(), 40);
    }

    #[test]
    fn syntax_errors_say_what_and_where() {
        let cases = [
            ("{\"a\": 1,}", "trailing comma before `}`", 7),
            ("[1, 2,]", "trailing comma before `]`", 5),
            ("{\"a\" 1}", "expected `:` after the key \"a\"", 1),
            (
                "{a: 1}",
                "expected an object key in double quotes, found `a`",
                1,
            ),
            ("{'a': 1}", "double quotes", 1),
            (
                "[1 2]",
                "expected `,` or `]` after an array item, found `2`",
                3,
            ),
            (
                "{\"a\": 1",
                "the file ends inside the object opened at line 1, column 1",
                7,
            ),
            ("\"abc", "unterminated string", 0),
            ("\"a\nb\"", "control character U+000A", 2),
            ("\"\\q\"", "invalid escape `\\q`", 1),
            ("\"\\ud800\"", "lone high surrogate", 1),
            ("[NaN]", "`NaN` is not JSON", 1),
            ("nul", "expected a JSON value, found `nul`", 0),
            ("{} {}", "after the end of the JSON value", 3),
            ("", "empty file, no schema", 0),
            ("  // only\n", "empty file, no schema", 0),
        ];
        for (text, want, at) in cases {
            let e = err(text);
            assert!(e.message.contains(want), "{text:?}: {e:?}");
            assert_eq!(e.span.start, at, "{text:?}: {e:?}");
        }
    }

    #[test]
    fn nesting_is_bounded_without_recursion() {
        let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert!(parse(&deep(MAX_DEPTH)).is_ok());
        let e = err(&deep(MAX_DEPTH + 1));
        assert!(e.message.contains("nested deeper than 512"), "{e:?}");
        assert_eq!(e.span.start, MAX_DEPTH);
        // Far beyond the limit: an error, not a stack overflow.
        assert!(parse(&"[{\"a\":".repeat(100_000)).is_err());
    }

    #[test]
    fn paths_find_values_and_back() {
        let text = r#"{"fields": [{"name": "a", "type": {"type": "map", "values": "x"}}], "odd.key": {"k y": 1}}"#;
        let j = ok(text);
        let (v, m) = j.find("fields[0].type.values").unwrap();
        assert_eq!(v.as_str(), Some("x"));
        assert_eq!(m.unwrap().key, "values");
        assert_eq!(j.path_at(v.span.start), "fields[0].type.values");
        let (v, _) = j.find(r#"["odd.key"]["k y"]"#).unwrap();
        assert_eq!(j.path_at(v.span.start), r#"["odd.key"]["k y"]"#);
        assert!(j.find("fields[3]").is_none());
        assert_eq!(j.find("").unwrap().0.span, j.span);
    }

    #[test]
    fn serde_conversion() {
        let j = ok(
            r#"{"a": [1, 2.5, 18446744073709551615, 123456789012345678901234567890], "b": {"c": 1e999}}"#,
        );
        let (path, n) = j.to_serde().unwrap_err();
        assert_eq!(path, "b.c");
        assert_eq!(n.as_str(), "1e999");
        let j = ok(r#"{"a": [1, 2.5, 18446744073709551615]}"#);
        assert_eq!(
            j.to_serde().unwrap(),
            serde_json::json!({"a": [1, 2.5, 18446744073709551615u64]})
        );
        assert_eq!(
            Json::from_serde(&j.to_serde().unwrap()).to_serde(),
            j.to_serde()
        );
    }

    #[test]
    fn line_columns_count_characters() {
        let text = "{\n  \"é\": x}";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 4), (2, 3));
        assert_eq!(line_column(text, 9), (2, 7));
    }
}
