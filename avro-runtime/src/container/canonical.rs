//! The Parsing Canonical Form and CRC-64-AVRO (Rabin) fingerprint of schema JSON found at run
//! time (a container file header), without any dependency: a small JSON parser and the
//! specification's transformations (PRIMITIVES, FULLNAMES, STRIP, ORDER, STRINGS, INTEGERS,
//! WHITESPACE).
//!
//! This only *normalises* a schema, it does not validate it: it fails only when the canonical
//! form cannot be computed (invalid JSON, a named type without a name, a reference to a type
//! that was not defined before, a `fixed` without an integer size). Full validation of run-time
//! schemas is the `resolve` feature's job.

use std::collections::HashSet;

use crate::{Error, Result};

/// Nesting limit of the JSON parser (schemas nest a few levels; hostile headers must not
/// overflow the stack).
const MAX_NESTING: usize = 256;

const PRIMITIVES: [&str; 8] = [
    "null", "boolean", "int", "long", "float", "double", "bytes", "string",
];

/// A parsed JSON value; objects keep their members in document order.
#[derive(Debug)]
enum Json {
    Null,
    Bool,
    /// The number's text as written.
    Number(String),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }
}

struct Parser<'a> {
    text: &'a [u8],
    pos: usize,
    depth: usize,
}

impl Parser<'_> {
    fn error(&self, what: &str) -> Error {
        Error::custom(format!(
            "invalid schema JSON at character {}: {what}",
            self.pos
        ))
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.text.get(self.pos) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> bool {
        if self.text.get(self.pos) == Some(&byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn literal(&mut self, word: &str, value: Json) -> Result<Json> {
        if self.text[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.error("unexpected character"))
        }
    }

    fn value(&mut self) -> Result<Json> {
        self.skip_ws();
        let Some(&b) = self.text.get(self.pos) else {
            return Err(self.error("unexpected end"));
        };
        match b {
            b'{' | b'[' => {
                self.depth += 1;
                if self.depth > MAX_NESTING {
                    return Err(self.error("nested too deeply"));
                }
                let v = if b == b'{' {
                    self.object()
                } else {
                    self.array()
                };
                self.depth -= 1;
                v
            }
            b'"' => self.string().map(Json::String),
            b't' => self.literal("true", Json::Bool),
            b'f' => self.literal("false", Json::Bool),
            b'n' => self.literal("null", Json::Null),
            b'-' | b'0'..=b'9' => self.number(),
            _ => Err(self.error("unexpected character")),
        }
    }

    fn object(&mut self) -> Result<Json> {
        self.pos += 1;
        let mut members = Vec::new();
        self.skip_ws();
        if self.eat(b'}') {
            return Ok(Json::Object(members));
        }
        loop {
            self.skip_ws();
            if self.text.get(self.pos) != Some(&b'"') {
                return Err(self.error("expected a member name"));
            }
            let key = self.string()?;
            self.skip_ws();
            if !self.eat(b':') {
                return Err(self.error("expected ':'"));
            }
            let value = self.value()?;
            members.push((key, value));
            self.skip_ws();
            if self.eat(b'}') {
                return Ok(Json::Object(members));
            }
            if !self.eat(b',') {
                return Err(self.error("expected ',' or '}'"));
            }
        }
    }

    fn array(&mut self) -> Result<Json> {
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.eat(b']') {
            return Ok(Json::Array(items));
        }
        loop {
            items.push(self.value()?);
            self.skip_ws();
            if self.eat(b']') {
                return Ok(Json::Array(items));
            }
            if !self.eat(b',') {
                return Err(self.error("expected ',' or ']'"));
            }
        }
    }

    fn number(&mut self) -> Result<Json> {
        let start = self.pos;
        self.eat(b'-');
        let digits = |p: &mut Self| {
            let s = p.pos;
            while let Some(b'0'..=b'9') = p.text.get(p.pos) {
                p.pos += 1;
            }
            p.pos > s
        };
        if !digits(self) {
            return Err(self.error("invalid number"));
        }
        if self.eat(b'.') && !digits(self) {
            return Err(self.error("invalid number"));
        }
        if self.eat(b'e') || self.eat(b'E') {
            if !self.eat(b'+') {
                self.eat(b'-');
            }
            if !digits(self) {
                return Err(self.error("invalid number"));
            }
        }
        // The slice holds only ASCII digits, signs, '.' and exponents.
        let text = String::from_utf8_lossy(&self.text[start..self.pos]).into_owned();
        Ok(Json::Number(text))
    }

    fn hex4(&mut self) -> Result<u32> {
        let digits = self
            .text
            .get(self.pos..self.pos + 4)
            .ok_or_else(|| self.error("truncated \\u escape"))?;
        let mut v = 0;
        for &d in digits {
            let n = (d as char)
                .to_digit(16)
                .ok_or_else(|| self.error("invalid \\u escape"))?;
            v = v * 16 + n;
        }
        self.pos += 4;
        Ok(v)
    }

    /// A string literal, escapes replaced by the characters they stand for (STRINGS).
    fn string(&mut self) -> Result<String> {
        self.pos += 1;
        let mut out = Vec::new();
        loop {
            let Some(&b) = self.text.get(self.pos) else {
                return Err(self.error("unterminated string"));
            };
            self.pos += 1;
            match b {
                b'"' => break,
                b'\\' => {
                    let Some(&e) = self.text.get(self.pos) else {
                        return Err(self.error("unterminated string"));
                    };
                    self.pos += 1;
                    let c = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = if (0xd800..0xdc00).contains(&hi)
                                && self.text[self.pos..].starts_with(b"\\u")
                            {
                                self.pos += 2;
                                let lo = self.hex4()?;
                                if !(0xdc00..0xe000).contains(&lo) {
                                    return Err(self.error("invalid surrogate pair"));
                                }
                                0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00)
                            } else {
                                hi
                            };
                            char::from_u32(code).ok_or_else(|| self.error("lone surrogate"))?
                        }
                        _ => return Err(self.error("invalid escape")),
                    };
                    let mut buf = [0; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                0..=0x1f => return Err(self.error("control character in string")),
                _ => out.push(b),
            }
        }
        // The input is a `&str`, and escapes produce valid UTF-8.
        String::from_utf8(out).map_err(|_| self.error("invalid UTF-8"))
    }
}

fn parse(text: &str) -> Result<Json> {
    let mut p = Parser {
        text: text.as_bytes(),
        pos: 0,
        depth: 0,
    };
    let v = p.value()?;
    p.skip_ws();
    if p.pos != p.text.len() {
        return Err(p.error("trailing characters"));
    }
    Ok(v)
}

/// Writes the canonical form while walking the schema in document order.
struct Canonical {
    out: String,
    /// Full names of the named types defined so far.
    defined: HashSet<String>,
}

fn bad(what: String) -> Error {
    Error::custom(format!(
        "cannot compute the canonical form of the schema: {what}"
    ))
}

impl Canonical {
    fn quoted(&mut self, s: &str) {
        self.out.push('"');
        for c in s.chars() {
            match c {
                '"' => self.out.push_str("\\\""),
                '\\' => self.out.push_str("\\\\"),
                c if (c as u32) < 0x20 => self.out.push_str(&format!("\\u{:04x}", c as u32)),
                c => self.out.push(c),
            }
        }
        self.out.push('"');
    }

    /// The full name a reference `name` stands for in namespace `ns` (enclosing namespace first,
    /// then the null namespace).
    fn reference(&self, name: &str, ns: &str) -> Result<String> {
        if name.contains('.') {
            if self.defined.contains(name) {
                return Ok(name.to_string());
            }
        } else {
            if !ns.is_empty() {
                let full = format!("{ns}.{name}");
                if self.defined.contains(&full) {
                    return Ok(full);
                }
            }
            if self.defined.contains(name) {
                return Ok(name.to_string());
            }
        }
        Err(bad(format!("unknown type {name:?}")))
    }

    fn schema(&mut self, schema: &Json, ns: &str) -> Result<()> {
        match schema {
            Json::String(name) => {
                if PRIMITIVES.contains(&name.as_str()) {
                    self.quoted(name);
                } else {
                    let full = self.reference(name, ns)?;
                    self.quoted(&full);
                }
                Ok(())
            }
            Json::Array(branches) => {
                self.out.push('[');
                for (i, b) in branches.iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                    }
                    self.schema(b, ns)?;
                }
                self.out.push(']');
                Ok(())
            }
            Json::Object(_) => {
                let ty = schema
                    .get("type")
                    .ok_or_else(|| bad("an object without \"type\"".into()))?;
                let ty = match ty {
                    Json::String(t) => t.as_str(),
                    // Lenient: `{"type": {...}}` or `{"type": [...]}` is the nested schema.
                    other => return self.schema(other, ns),
                };
                match ty {
                    "record" | "error" | "enum" | "fixed" => self.named(schema, ty, ns),
                    "array" => {
                        let items = schema
                            .get("items")
                            .ok_or_else(|| bad("an array without \"items\"".into()))?;
                        self.out.push_str("{\"type\":\"array\",\"items\":");
                        self.schema(items, ns)?;
                        self.out.push('}');
                        Ok(())
                    }
                    "map" => {
                        let values = schema
                            .get("values")
                            .ok_or_else(|| bad("a map without \"values\"".into()))?;
                        self.out.push_str("{\"type\":\"map\",\"values\":");
                        self.schema(values, ns)?;
                        self.out.push('}');
                        Ok(())
                    }
                    // A primitive (logical types and other attributes are stripped), or
                    // `{"type": "Name"}` referring to a named type.
                    other => self.schema(&Json::String(other.to_string()), ns),
                }
            }
            _ => Err(bad(
                "a schema must be a string, an array or an object".into()
            )),
        }
    }

    fn named(&mut self, schema: &Json, ty: &str, ns: &str) -> Result<()> {
        let name = schema
            .get("name")
            .and_then(Json::as_str)
            .ok_or_else(|| bad(format!("a {ty} without a name")))?;
        let (full, own_ns) = match name.rfind('.') {
            Some(dot) => (name.to_string(), name[..dot].to_string()),
            None => {
                let own = match schema.get("namespace") {
                    Some(Json::String(n)) => n.clone(),
                    Some(Json::Null) => String::new(),
                    _ => ns.to_string(),
                };
                let full = if own.is_empty() {
                    name.to_string()
                } else {
                    format!("{own}.{name}")
                };
                (full, own)
            }
        };
        if !self.defined.insert(full.clone()) {
            // A second definition of the same name: written as a reference, as canonical form
            // writes every named type in full only once.
            self.quoted(&full);
            return Ok(());
        }
        self.out.push_str("{\"name\":");
        self.quoted(&full);
        match ty {
            "record" | "error" => {
                self.out.push_str(",\"type\":\"record\",\"fields\":[");
                let fields = match schema.get("fields") {
                    Some(Json::Array(fields)) => fields,
                    _ => return Err(bad(format!("record {full} without \"fields\""))),
                };
                for (i, field) in fields.iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                    }
                    let fname = field
                        .get("name")
                        .and_then(Json::as_str)
                        .ok_or_else(|| bad(format!("a field of {full} without a name")))?;
                    let ftype = field
                        .get("type")
                        .ok_or_else(|| bad(format!("field {full}.{fname} without a type")))?;
                    self.out.push_str("{\"name\":");
                    self.quoted(fname);
                    self.out.push_str(",\"type\":");
                    self.schema(ftype, &own_ns)?;
                    self.out.push('}');
                }
                self.out.push_str("]}");
            }
            "enum" => {
                self.out.push_str(",\"type\":\"enum\",\"symbols\":[");
                let symbols = match schema.get("symbols") {
                    Some(Json::Array(symbols)) => symbols,
                    _ => return Err(bad(format!("enum {full} without \"symbols\""))),
                };
                for (i, s) in symbols.iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                    }
                    let s = s
                        .as_str()
                        .ok_or_else(|| bad(format!("a symbol of {full} is not a string")))?;
                    self.quoted(s);
                }
                self.out.push_str("]}");
            }
            _ => {
                let size = match schema.get("size") {
                    Some(Json::Number(n)) => n.parse::<u64>().ok(),
                    _ => None,
                }
                .ok_or_else(|| bad(format!("fixed {full} without an integer size")))?;
                self.out.push_str(",\"type\":\"fixed\",\"size\":");
                self.out.push_str(&size.to_string());
                self.out.push('}');
            }
        }
        Ok(())
    }
}

/// The Parsing Canonical Form (Avro specification) of the schema JSON `json`.
///
/// ```
/// use avro_runtime::container::canonical_form;
/// let form = canonical_form(r#"{"type": "record", "name": "R", "namespace": "a",
///     "doc": "dropped", "fields": [{"name": "x", "type": {"type": "int"}}]}"#)?;
/// assert_eq!(form, r#"{"name":"a.R","type":"record","fields":[{"name":"x","type":"int"}]}"#);
/// # Ok::<(), avro_runtime::Error>(())
/// ```
pub fn canonical_form(json: &str) -> Result<String> {
    let value = parse(json)?;
    let mut c = Canonical {
        out: String::with_capacity(json.len()),
        defined: HashSet::new(),
    };
    c.schema(&value, "")?;
    Ok(c.out)
}

/// The CRC-64-AVRO (Rabin) fingerprint of `bytes`: the one implementation, in
/// [`crate::schema::rabin`] (a `const fn`, so hand-written [`AvroSchema`](crate::AvroSchema)
/// implementations can compute their constant).
///
/// ```
/// use avro_runtime::container::rabin_fingerprint;
/// assert_eq!(rabin_fingerprint(br#""int""#) as i64, 8247732601305521295);
/// ```
pub use crate::schema::rabin as rabin_fingerprint;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        let cases = [
            (r#""null""#, r#""null""#),
            (
                r#" { "type" : "int" , "logicalType": "date" } "#,
                r#""int""#,
            ),
            (r#"[ "int" , {"type":"boolean"} ]"#, r#"["int","boolean"]"#),
            (
                r#"{"fields":[], "type":"record", "name":"a.b.foo", "namespace":"x.y"}"#,
                r#"{"name":"a.b.foo","type":"record","fields":[]}"#,
            ),
            (
                r#"{"name":"foo","type":"fixed","size":15, "doc": "\u00e9"}"#,
                r#"{"name":"foo","type":"fixed","size":15}"#,
            ),
            (
                r#"{"type":"record","name":"R","namespace":"n","fields":[
                    {"name":"e","type":{"type":"enum","name":"E","symbols":["A","B\u0043"]}},
                    {"name":"e2","type":"E"},
                    {"name":"o","type":{"type":"record","name":"O","namespace":"","fields":[
                        {"name":"x","type":["null","n.E","O"]}]}},
                    {"name":"m","type":{"type":"map","values":{"type":"array","items":"long"}}}]}"#,
                r#"{"name":"n.R","type":"record","fields":[{"name":"e","type":{"name":"n.E","type":"enum","symbols":["A","BC"]}},{"name":"e2","type":"n.E"},{"name":"o","type":{"name":"O","type":"record","fields":[{"name":"x","type":["null","n.E","O"]}]}},{"name":"m","type":{"type":"map","values":{"type":"array","items":"long"}}}]}"#,
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(canonical_form(input).unwrap(), expected, "{input}");
        }
    }

    #[test]
    fn failures_are_errors() {
        for input in [
            "",
            "{",
            r#"{"type":"record"}"#,
            r#""Unknown""#,
            r#"{"type":"fixed","name":"f","size":1.5}"#,
            r#"["int""#,
            r#""\ud800""#,
            r#""a" x"#,
            &"[".repeat(10_000),
        ] {
            assert!(canonical_form(input).is_err(), "{input}");
        }
    }

    #[test]
    fn fingerprints() {
        assert_eq!(rabin_fingerprint(br#""null""#) as i64, 7195948357588979594);
        assert_eq!(
            rabin_fingerprint(br#"{"name":"foo","type":"fixed","size":15}"#) as i64,
            1756455273707447556
        );
    }
}
