//! The error type shared by encoding and decoding.

use std::borrow::Cow;
use std::fmt;

/// Result of every fallible operation of this crate.
pub type Result<T> = std::result::Result<T, Error>;

/// What went wrong while encoding or decoding, and where.
///
/// The error is boxed so that `Result<T>` stays small on the hot path. It carries the
/// [`ErrorKind`], the byte offset in the input when known, and the path of record fields (and
/// array indices, map keys and union branches) leading to the failing value, outermost first.
///
/// Errors about a value in the Avro JSON encoding (feature `json`) have no byte offset; their
/// path is shown as a JSON path from the document's root, `$.items[3].tags["k"]`.
#[derive(Clone, PartialEq, Eq)]
pub struct Error(Box<Inner>);

#[derive(Clone, PartialEq, Eq)]
struct Inner {
    kind: ErrorKind,
    offset: Option<usize>,
    /// Path segments, innermost first (they are pushed while the error propagates outwards).
    path: Vec<Segment>,
    /// Whether the failing value is in an Avro JSON document (shown as `at $.path`).
    in_json: bool,
}

#[derive(Clone, PartialEq, Eq)]
enum Segment {
    /// A field name: static in generated code, owned for schemas known only at run time.
    Field(Cow<'static, str>),
    Index(usize),
    /// A map key or a union branch name (a key of a JSON object that is not a record field).
    Key(Box<str>),
}

impl Error {
    /// Creates an error of `kind`, at byte `offset` of the input when known.
    #[cold]
    #[inline(never)]
    pub fn new(kind: ErrorKind, offset: Option<usize>) -> Error {
        Error(Box::new(Inner {
            kind,
            offset,
            path: Vec::new(),
            in_json: false,
        }))
    }

    /// Creates an [`ErrorKind::Custom`] error with a free-form message and no offset.
    #[cold]
    pub fn custom(msg: impl Into<String>) -> Error {
        Error::new(ErrorKind::Custom(msg.into()), None)
    }

    /// What went wrong.
    #[inline]
    pub fn kind(&self) -> &ErrorKind {
        &self.0.kind
    }

    /// Byte offset in the input where decoding failed, when known (never set for encoding errors).
    #[inline]
    pub fn offset(&self) -> Option<usize> {
        self.0.offset
    }

    /// The path of fields leading to the failing value, outermost first, e.g. `items[2].sku`
    /// (empty when the error is not inside a record). Map keys and union branches are shown as
    /// quoted keys: `prices["EUR"]`, `payload["com.example.Order"].id`.
    pub fn field_path(&self) -> String {
        let mut s = String::new();
        for seg in self.0.path.iter().rev() {
            match seg {
                Segment::Field(name) => {
                    if !s.is_empty() {
                        s.push('.');
                    }
                    s.push_str(name);
                }
                Segment::Index(i) => {
                    s.push('[');
                    s.push_str(&i.to_string());
                    s.push(']');
                }
                Segment::Key(key) => {
                    s.push('[');
                    push_json_string(&mut s, key);
                    s.push(']');
                }
            }
        }
        s
    }

    /// For an error about a value in the Avro JSON encoding (feature `json`), the JSON path of
    /// that value from the document's root: `$` for the root itself, `$.items[3].sku`,
    /// `$.prices["EUR"]`. `None` for errors about binary data.
    pub fn json_path(&self) -> Option<String> {
        if !self.0.in_json {
            return None;
        }
        let path = self.field_path();
        Some(match path.chars().next() {
            None => "$".to_owned(),
            Some('[') => format!("${path}"),
            Some(_) => format!("$.{path}"),
        })
    }

    /// Prepends a record field name to the path (generated code calls this on the error path,
    /// innermost field first: `.map_err(|e| e.in_field("sku"))`).
    #[cold]
    #[inline(never)]
    #[must_use]
    pub fn in_field(mut self, field: &'static str) -> Error {
        self.0.path.push(Segment::Field(Cow::Borrowed(field)));
        self
    }

    /// Prepends a record field name known only at run time (a schema read at run time, see
    /// `avro_runtime::dynamic`) to the path, like [`Error::in_field`].
    #[cold]
    #[inline(never)]
    #[must_use]
    pub fn in_field_named(mut self, field: &str) -> Error {
        self.0
            .path
            .push(Segment::Field(Cow::Owned(field.to_owned())));
        self
    }

    /// Prepends an array index to the path (shown as `name[index]`).
    #[cold]
    #[inline(never)]
    #[must_use]
    pub fn in_index(mut self, index: usize) -> Error {
        self.0.path.push(Segment::Index(index));
        self
    }

    /// Prepends a map key or a union branch name to the path (shown as `name["key"]`).
    #[cold]
    #[inline(never)]
    #[must_use]
    pub fn in_key(mut self, key: &str) -> Error {
        self.0.path.push(Segment::Key(key.into()));
        self
    }

    /// Marks the error as being about a value in an Avro JSON document: it is displayed with
    /// its [`Error::json_path`] instead of a field path.
    #[cold]
    #[must_use]
    #[cfg_attr(not(feature = "json"), allow(dead_code))]
    pub(crate) fn in_json(mut self) -> Error {
        self.0.in_json = true;
        self
    }

    /// Sets the byte offset at which the error happened (replacing any previous one).
    #[cold]
    #[must_use]
    pub fn at_offset(mut self, offset: usize) -> Error {
        self.0.offset = Some(offset);
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(path) = self.json_path() {
            write!(f, "at {path}: ")?;
            return fmt::Display::fmt(&self.0.kind, f);
        }
        let path = self.field_path();
        match (self.0.offset, path.is_empty()) {
            (Some(off), false) => write!(f, "at byte {off}, field {path}: ")?,
            (Some(off), true) => write!(f, "at byte {off}: ")?,
            (None, false) => write!(f, "field {path}: ")?,
            (None, true) => {}
        }
        fmt::Display::fmt(&self.0.kind, f)
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Error")
            .field("kind", &self.0.kind)
            .field("offset", &self.0.offset)
            .field("field_path", &self.field_path())
            .field("in_json", &self.0.in_json)
            .finish()
    }
}

impl std::error::Error for Error {}

/// Appends `text` as a JSON string literal (quotes, backslashes and control characters escaped).
fn push_json_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

impl From<ErrorKind> for Error {
    #[cold]
    fn from(kind: ErrorKind) -> Error {
        Error::new(kind, None)
    }
}

impl From<std::convert::Infallible> for Error {
    fn from(never: std::convert::Infallible) -> Error {
        match never {}
    }
}

/// The kinds of failure of encoding and decoding.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// The input ended while `needed` bytes were expected and only `remaining` were left.
    UnexpectedEof {
        /// Bytes the value needed (a lower bound for varints).
        needed: usize,
        /// Bytes that were left in the input.
        remaining: usize,
    },
    /// A varint is longer than allowed (5 bytes for `int`, 10 for `long`) or overflows 64 bits.
    VarintTooLong,
    /// A varint decoded as `int` does not fit in 32 bits.
    IntOutOfRange(i64),
    /// A boolean byte other than 0 or 1.
    InvalidBoolean(u8),
    /// A string is not valid UTF-8.
    InvalidUtf8,
    /// A negative length for `bytes`, `string` or an array/map block byte size.
    NegativeLength(i64),
    /// A declared length (or a block's minimum size) is larger than the input left.
    LengthExceedsInput {
        /// The declared length in bytes.
        declared: u64,
        /// Bytes that were left in the input.
        remaining: usize,
    },
    /// An array/map block declares more items that take no bytes than the reader still allows
    /// ([`Reader::set_max_zero_size_items`](crate::Reader::set_max_zero_size_items)).
    TooManyZeroSizeItems {
        /// The block's item count.
        declared: u64,
        /// How many such items the reader still allowed.
        left: u64,
    },
    /// A union branch index outside the union.
    UnionIndexOutOfRange {
        /// The index read.
        index: i64,
        /// Number of branches of the union.
        branches: usize,
    },
    /// An enum symbol index outside the enum.
    EnumIndexOutOfRange {
        /// The index read.
        index: i64,
        /// Number of symbols of the enum.
        symbols: usize,
    },
    /// Bytes left after a complete datum.
    TrailingBytes(usize),
    /// A decimal's scale differs from the schema's (or would need rounding to match it).
    DecimalScaleMismatch {
        /// Scale of the value.
        value: u32,
        /// Scale of the schema.
        schema: u32,
    },
    /// A decimal's unscaled value does not fit in a `fixed` of `size` bytes.
    DecimalOverflow {
        /// Size of the fixed type in bytes.
        size: usize,
    },
    /// A UUID string that is not a valid UUID (the text, possibly shortened).
    InvalidUuid(String),
    /// A value outside the range of the target type (date/time and decimal conversions).
    OutOfRange(String),
    /// Recursive records nested deeper than the reader allows (see `Reader::set_max_depth`).
    TooDeep {
        /// The limit in force.
        limit: u32,
    },
    /// Text given as Avro JSON is not JSON at all (the message is `serde_json`'s, with the line
    /// and column).
    InvalidJson(String),
    /// A JSON value does not match the schema in the Avro JSON encoding (feature `json`): a
    /// wrong JSON type, an unknown union branch, record field or enum symbol, a missing field,
    /// a character above U+00FF in bytes, a fixed of the wrong length. The message says what was
    /// expected and what was found.
    JsonMismatch(String),
    /// Any other failure, with a free-form message.
    Custom(String),
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::UnexpectedEof { needed, remaining } => write!(
                f,
                "unexpected end of input: needed {needed} bytes, {remaining} remaining"
            ),
            ErrorKind::VarintTooLong => {
                f.write_str("variable-length integer is too long or overflows")
            }
            ErrorKind::IntOutOfRange(v) => write!(f, "int value {v} does not fit in 32 bits"),
            ErrorKind::InvalidBoolean(b) => {
                write!(f, "invalid boolean byte 0x{b:02x} (expected 0 or 1)")
            }
            ErrorKind::InvalidUtf8 => f.write_str("string is not valid UTF-8"),
            ErrorKind::NegativeLength(n) => write!(f, "negative length {n}"),
            ErrorKind::LengthExceedsInput {
                declared,
                remaining,
            } => write!(
                f,
                "declared length of {declared} bytes exceeds the {remaining} bytes remaining"
            ),
            ErrorKind::TooManyZeroSizeItems { declared, left } => write!(
                f,
                "a block of {declared} items that take no bytes exceeds the {left} such items \
                 the reader still allows (Reader::set_max_zero_size_items)"
            ),
            ErrorKind::UnionIndexOutOfRange { index, branches } => write!(
                f,
                "union branch index {index} out of range for a union of {branches} branches"
            ),
            ErrorKind::EnumIndexOutOfRange { index, symbols } => write!(
                f,
                "enum symbol index {index} out of range for an enum of {symbols} symbols"
            ),
            ErrorKind::TrailingBytes(n) => write!(f, "{n} trailing bytes after the datum"),
            ErrorKind::DecimalScaleMismatch { value, schema } => write!(
                f,
                "decimal scale {value} does not match the schema scale {schema}"
            ),
            ErrorKind::DecimalOverflow { size } => {
                write!(f, "decimal value does not fit in a fixed of {size} bytes")
            }
            ErrorKind::InvalidUuid(s) => write!(f, "invalid UUID {s:?}"),
            ErrorKind::OutOfRange(msg) => write!(f, "value out of range: {msg}"),
            ErrorKind::TooDeep { limit } => write!(
                f,
                "recursive records nested more than {limit} levels deep (Reader::set_max_depth raises the limit)"
            ),
            ErrorKind::InvalidJson(msg) => write!(f, "invalid JSON: {msg}"),
            ErrorKind::JsonMismatch(msg) => f.write_str(msg),
            ErrorKind::Custom(msg) => f.write_str(msg),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn result_is_small() {
        assert_eq!(std::mem::size_of::<Error>(), std::mem::size_of::<usize>());
        assert_eq!(
            std::mem::size_of::<Result<()>>(),
            std::mem::size_of::<usize>()
        );
        assert!(std::mem::size_of::<Result<i64>>() <= 16);
    }

    #[test]
    fn display_with_offset_and_path() {
        let e = Error::new(ErrorKind::InvalidUtf8, Some(17))
            .in_field("sku")
            .in_field("items");
        assert_eq!(e.field_path(), "items.sku");
        assert_eq!(
            e.to_string(),
            "at byte 17, field items.sku: string is not valid UTF-8"
        );
        assert_eq!(e.offset(), Some(17));
        assert_eq!(e.kind(), &ErrorKind::InvalidUtf8);
    }

    #[test]
    fn display_variants() {
        let e = Error::new(ErrorKind::TrailingBytes(3), Some(5));
        assert_eq!(e.to_string(), "at byte 5: 3 trailing bytes after the datum");
        let e = Error::custom("boom").in_field("a");
        assert_eq!(e.to_string(), "field a: boom");
        assert_eq!(Error::custom("boom").to_string(), "boom");
        let e = Error::custom("x")
            .in_field("sku")
            .in_index(3)
            .in_field("items")
            .in_field("order");
        assert_eq!(e.field_path(), "order.items[3].sku");
        let e = Error::custom("x").in_index(0);
        assert_eq!(e.field_path(), "[0]");
        assert!(format!("{e:?}").contains("Custom"));
        assert_eq!(e.json_path(), None);
    }

    #[test]
    fn json_paths() {
        let mismatch = || Error::from(ErrorKind::JsonMismatch("expected an int".into())).in_json();
        assert_eq!(mismatch().json_path().as_deref(), Some("$"));
        assert_eq!(mismatch().to_string(), "at $: expected an int");
        let e = mismatch()
            .in_key("say \"hi\"\n")
            .in_field("prices")
            .in_key("com.example.Order")
            .in_index(2)
            .in_field("orders");
        assert_eq!(
            e.field_path(),
            r#"orders[2]["com.example.Order"].prices["say \"hi\"\n"]"#
        );
        assert_eq!(
            e.to_string(),
            r#"at $.orders[2]["com.example.Order"].prices["say \"hi\"\n"]: expected an int"#
        );
        let e = mismatch().in_field("a").in_index(1);
        assert_eq!(e.json_path().as_deref(), Some("$[1].a"));
        // A JSON error has no byte offset; the field path is kept for code that reads it.
        assert_eq!(e.offset(), None);
        assert_eq!(e.field_path(), "[1].a");
        let e = mismatch().in_key("\u{1}");
        assert_eq!(e.json_path().as_deref(), Some(r#"$["\u0001"]"#));
    }

    #[test]
    fn every_kind_displays() {
        let kinds = [
            ErrorKind::UnexpectedEof {
                needed: 4,
                remaining: 1,
            },
            ErrorKind::VarintTooLong,
            ErrorKind::IntOutOfRange(1 << 40),
            ErrorKind::InvalidBoolean(2),
            ErrorKind::InvalidUtf8,
            ErrorKind::NegativeLength(-1),
            ErrorKind::LengthExceedsInput {
                declared: 10,
                remaining: 2,
            },
            ErrorKind::TooManyZeroSizeItems {
                declared: 1 << 40,
                left: 16,
            },
            ErrorKind::UnionIndexOutOfRange {
                index: 3,
                branches: 2,
            },
            ErrorKind::EnumIndexOutOfRange {
                index: -1,
                symbols: 2,
            },
            ErrorKind::TrailingBytes(1),
            ErrorKind::DecimalScaleMismatch {
                value: 1,
                schema: 2,
            },
            ErrorKind::DecimalOverflow { size: 4 },
            ErrorKind::InvalidUuid("nope".into()),
            ErrorKind::OutOfRange("date".into()),
            ErrorKind::TooDeep { limit: 3 },
            ErrorKind::InvalidJson("EOF while parsing a value at line 1 column 0".into()),
            ErrorKind::JsonMismatch("expected an int, found \"x\"".into()),
            ErrorKind::Custom("custom".into()),
        ];
        for k in kinds {
            let s = k.to_string();
            assert!(!s.is_empty());
            let e: Error = k.clone().into();
            assert_eq!(e.to_string(), s);
        }
    }
}
