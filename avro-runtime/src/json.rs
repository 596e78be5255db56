//! The Avro JSON encoding (feature `json`): generated types written as and read from JSON, for
//! debugging dumps and test fixtures.
//!
//! Generated types built with `Config::avro_json(true)` implement [`ToAvroJson`] and
//! [`FromAvroJson`]. The encoding is the specification's ("JSON Encoding"), as Java's
//! `JsonEncoder` and fastavro's `json_writer` produce it:
//!
//! | Avro | JSON |
//! |---|---|
//! | null, boolean, string | `null`, `true`/`false`, a string |
//! | int, long | an integer |
//! | float, double | a number; NaN and the infinities as the strings `"NaN"`, `"Infinity"`, `"-Infinity"` |
//! | bytes, fixed | a string of code points U+0000 to U+00FF, one per byte |
//! | record | an object with every field, in schema order |
//! | enum | the symbol, a string |
//! | array, map | an array, an object |
//! | union | `null` for the null branch, else `{"<branch>": value}` |
//! | logical types | the JSON of the underlying type: a `timestamp-millis` is its `long`, a `decimal` its two's-complement bytes, a `uuid` its string or fixed |
//!
//! A union branch is named by its type: the primitive type name (`"long"` also for a
//! `timestamp-millis`), `"array"`, `"map"`, or the *full* name of a named type
//! (`"com.example.Address"`).
//!
//! Reading is strict, and every mismatch is an [`Error`] whose [`Error::json_path`] says where
//! (`at $.items[3].price: expected a double, found "12.5"`), never a panic:
//!
//! * a JSON value of the wrong type, a number out of the type's range (`int` is 32 bits, a
//!   fraction is no `int` or `long`), a `float` beyond ±3.4e38, a character above U+00FF in
//!   bytes, a fixed of another length, an unknown enum symbol, an unknown union branch (short
//!   names of named types included) and a record key that is not a field are errors;
//! * a record field missing from the object takes its schema default (as fastavro's reader and
//!   Avro's schema resolution do); a missing field without a default is an error. Writing
//!   always writes every field, so Java's `JsonDecoder`, which requires all fields, reads it.
//!
//! NaN and the infinities have no JSON number: they are written as the strings `"NaN"`,
//! `"Infinity"` and `"-Infinity"` (the text Java's `JsonEncoder` writes, as Jackson quotes
//! non-numeric numbers by default), and those strings are accepted where a `float` or `double`
//! is read. (Java's `JsonDecoder` does not read them back; fastavro writes the bare tokens `NaN`
//! and `Infinity`, which are not JSON and which no JSON parser here accepts.)
//!
//! ```
//! use avro_runtime::json::{self, serde_json::json, FromAvroJson, ToAvroJson, Value};
//!
//! // What the generated code does for a record `{"name": string, "nick": ["null", "string"]}`.
//! #[derive(Debug)]
//! struct User {
//!     name: String,
//!     nick: Option<String>,
//! }
//!
//! impl ToAvroJson for User {
//!     fn to_avro_json(&self) -> avro_runtime::Result<Value> {
//!         let mut record = json::Map::with_capacity(2);
//!         record.insert("name".to_owned(), json::string(&self.name));
//!         let nick = match &self.nick {
//!             None => Value::Null,
//!             Some(v) => json::branch("string", json::string(v)),
//!         };
//!         record.insert("nick".to_owned(), nick);
//!         Ok(Value::Object(record))
//!     }
//! }
//!
//! impl FromAvroJson for User {
//!     fn from_avro_json(value: &Value) -> avro_runtime::Result<Self> {
//!         let record = json::read_record(value, "User", &["name", "nick"])?;
//!         let name = record.required("name")?;
//!         let nick = record.required("nick")?;
//!         Ok(User {
//!             name: json::read_string(name).map_err(|e| e.in_field("name"))?,
//!             nick: match json::read_branch(nick, &["null", "string"])
//!                 .map_err(|e| e.in_field("nick"))?
//!             {
//!                 (0, _) => None,
//!                 (_, v) => Some(
//!                     json::read_string(v).map_err(|e| e.in_key("string").in_field("nick"))?,
//!                 ),
//!             },
//!         })
//!     }
//! }
//!
//! let user = User { name: "Ada".into(), nick: Some("ada".into()) };
//! assert_eq!(user.to_avro_json()?, json!({"name": "Ada", "nick": {"string": "ada"}}));
//! assert_eq!(user.to_avro_json_string()?, r#"{"name":"Ada","nick":{"string":"ada"}}"#);
//!
//! let back = User::from_avro_json_str(r#"{"name": "Ada", "nick": null}"#)?;
//! assert_eq!((back.name.as_str(), back.nick), ("Ada", None));
//!
//! let err = User::from_avro_json_str(r#"{"name": "Ada", "nick": {"int": 5}}"#).unwrap_err();
//! assert_eq!(
//!     err.to_string(),
//!     r#"at $.nick: unknown union branch "int"; the branches are null, "string""#
//! );
//! # Ok::<(), avro_runtime::Error>(())
//! ```

use std::fmt::Write as _;

pub use serde_json;
pub use serde_json::{Map, Value};

use crate::__private::{
    decimal_encoding, from_decimal_encoding, from_logical_encoding, logical_encoding,
};
use crate::avro_type::{DecimalValue, Logical};
use crate::encode;
use crate::error::{Error, ErrorKind, Result};
use crate::Reader;

/// Writes a value in the Avro JSON encoding.
pub trait ToAvroJson {
    /// The value as Avro JSON.
    ///
    /// Fails only for values the schema cannot represent, as [`Encode`](crate::Encode) does (a
    /// decimal whose scale differs from the schema's, a date outside the range of the Avro type);
    /// the error's [`Error::json_path`] is where the value would have been written.
    fn to_avro_json(&self) -> Result<Value>;

    /// The value as compact Avro JSON text (no whitespace; record fields in schema order).
    fn to_avro_json_string(&self) -> Result<String> {
        Ok(self.to_avro_json()?.to_string())
    }
}

/// Reads a value from the Avro JSON encoding.
pub trait FromAvroJson: Sized {
    /// Reads `value`, which must match the schema exactly (see the [module docs](self) for the
    /// rules); errors have the [`Error::json_path`] of the offending value within `value`.
    fn from_avro_json(value: &Value) -> Result<Self>;

    /// Parses `text` as one JSON value and reads it like [`FromAvroJson::from_avro_json`]. Text
    /// that is not JSON is an [`ErrorKind::InvalidJson`] error (serde_json's parser also limits
    /// nesting to 128 levels, which bounds the recursion of reading).
    fn from_avro_json_str(text: &str) -> Result<Self> {
        let value: Value = serde_json::from_str(text)
            .map_err(|e| Error::from(ErrorKind::InvalidJson(e.to_string())))?;
        Self::from_avro_json(&value)
    }
}

/// Recursive generated types hold `Box<T>`; the JSON is the inner value's.
impl<T: ToAvroJson + ?Sized> ToAvroJson for Box<T> {
    fn to_avro_json(&self) -> Result<Value> {
        (**self).to_avro_json()
    }
}

impl<T: FromAvroJson> FromAvroJson for Box<T> {
    fn from_avro_json(value: &Value) -> Result<Self> {
        T::from_avro_json(value).map(Box::new)
    }
}

// -------------------------------------------------------------------------------------------------
// Errors

/// A [`ErrorKind::JsonMismatch`] error about the value being read (the caller adds the path).
#[cold]
#[inline(never)]
fn mismatch(message: String) -> Error {
    Error::from(ErrorKind::JsonMismatch(message)).in_json()
}

/// `expected {what}, found {value}`.
#[cold]
#[inline(never)]
fn expected(what: &str, found: &Value) -> Error {
    mismatch(format!("expected {what}, found {}", describe(found)))
}

/// Strings longer than this are cut in messages.
const MAX_SHOWN_CHARS: usize = 40;

/// A short description of a JSON value for messages: scalars as written (long strings cut, the
/// closing quote replaced by `…`), arrays and objects by their size.
fn describe(value: &Value) -> String {
    match value {
        Value::String(s) if s.chars().nth(MAX_SHOWN_CHARS).is_some() => {
            let start: String = s.chars().take(MAX_SHOWN_CHARS).collect();
            let mut quoted = Value::String(start).to_string();
            quoted.pop();
            quoted.push('…');
            quoted
        }
        Value::Array(items) => format!("an array of {} items", items.len()),
        Value::Object(members) => format!("an object with {} keys", members.len()),
        scalar => scalar.to_string(),
    }
}

/// `"a", "b", "c"` (`null` unquoted), at most ten names (an enum may have thousands of
/// symbols); `none` for an empty list.
fn quoted_list<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    const MAX_NAMES: usize = 10;
    let mut out = String::new();
    for (i, name) in names.into_iter().enumerate() {
        if i == MAX_NAMES {
            out.push_str(", …");
            break;
        }
        if i > 0 {
            out.push_str(", ");
        }
        if name == "null" {
            out.push_str("null");
        } else {
            let _ = write!(out, "{}", Value::String(name.to_owned()));
        }
    }
    if out.is_empty() {
        out.push_str("none");
    }
    out
}

// -------------------------------------------------------------------------------------------------
// Writing

/// `boolean` as `true` or `false`.
#[inline]
pub fn boolean(value: bool) -> Value {
    Value::Bool(value)
}

/// `int` as a JSON integer.
#[inline]
pub fn int(value: i32) -> Value {
    Value::from(value)
}

/// `long` as a JSON integer.
#[inline]
pub fn long(value: i64) -> Value {
    Value::from(value)
}

/// `float` as a JSON number: the exact value, widened to `f64` (so `0.1f32` is written
/// `0.10000000149011612`, as Java's and fastavro's encoders write it); NaN and the infinities
/// as the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
#[inline]
pub fn float(value: f32) -> Value {
    double(f64::from(value))
}

/// `double` as a JSON number; NaN and the infinities as the strings `"NaN"`, `"Infinity"`,
/// `"-Infinity"` (JSON has no number for them).
pub fn double(value: f64) -> Value {
    match serde_json::Number::from_f64(value) {
        Some(number) => Value::Number(number),
        None if value.is_nan() => Value::String("NaN".to_owned()),
        None if value > 0.0 => Value::String("Infinity".to_owned()),
        None => Value::String("-Infinity".to_owned()),
    }
}

/// `string` as a JSON string.
#[inline]
pub fn string(value: &str) -> Value {
    Value::String(value.to_owned())
}

/// `bytes` or `fixed` as a JSON string holding one code point per byte, U+0000 to U+00FF.
pub fn bytes(value: &[u8]) -> Value {
    Value::String(value.iter().copied().map(char::from).collect())
}

/// The value of union branch `branch` (not the null branch, which is plain `null`):
/// `{"<branch>": value}`.
pub fn branch(branch: &str, value: Value) -> Value {
    let mut object = Map::with_capacity(1);
    object.insert(branch.to_owned(), value);
    Value::Object(object)
}

// -------------------------------------------------------------------------------------------------
// Reading

/// Reads `null`.
pub fn read_null(value: &Value) -> Result<()> {
    match value {
        Value::Null => Ok(()),
        other => Err(expected("null", other)),
    }
}

/// Reads a `boolean`: `true` or `false`.
pub fn read_boolean(value: &Value) -> Result<bool> {
    value.as_bool().ok_or_else(|| expected("a boolean", value))
}

/// Reads an `int`: a JSON integer from -2^31 to 2^31-1 (`1.0` is not an integer).
pub fn read_int(value: &Value) -> Result<i32> {
    match value {
        Value::Number(n) => match n.as_i64() {
            Some(v) => {
                i32::try_from(v).map_err(|_| Error::from(ErrorKind::IntOutOfRange(v)).in_json())
            }
            None if n.is_u64() => Err(mismatch(format!("int value {n} does not fit in 32 bits"))),
            None => Err(expected("an int", value)),
        },
        other => Err(expected("an int", other)),
    }
}

/// Reads a `long`: a JSON integer from -2^63 to 2^63-1 (`1.0` is not an integer).
pub fn read_long(value: &Value) -> Result<i64> {
    match value {
        Value::Number(n) => match n.as_i64() {
            Some(v) => Ok(v),
            None if n.is_u64() => Err(mismatch(format!("long value {n} does not fit in 64 bits"))),
            None => Err(expected("a long", value)),
        },
        other => Err(expected("a long", other)),
    }
}

const FLOAT_FORMS: &str = r#"(a number, "NaN", "Infinity" or "-Infinity")"#;

/// A JSON number as `f64`, or one of the strings written for NaN and the infinities.
fn read_f64(value: &Value, what: &str) -> Result<f64> {
    match value {
        Value::Number(n) => n
            .as_f64()
            .ok_or_else(|| expected(&format!("{what} {FLOAT_FORMS}"), value)),
        Value::String(s) => match s.as_str() {
            "NaN" => Ok(f64::NAN),
            "Infinity" => Ok(f64::INFINITY),
            "-Infinity" => Ok(f64::NEG_INFINITY),
            _ => Err(expected(&format!("{what} {FLOAT_FORMS}"), value)),
        },
        other => Err(expected(&format!("{what} {FLOAT_FORMS}"), other)),
    }
}

/// Reads a `float`: a JSON number, rounded to the nearest `f32` (exact for what [`float`]
/// writes), or `"NaN"`, `"Infinity"`, `"-Infinity"`. A finite number beyond the range of `f32`
/// is an error, not an infinity.
pub fn read_float(value: &Value) -> Result<f32> {
    let wide = read_f64(value, "a float")?;
    let narrow = wide as f32;
    if narrow.is_infinite() && wide.is_finite() {
        return Err(mismatch(format!(
            "float value {} is beyond the range of a 32-bit float",
            describe(value)
        )));
    }
    Ok(narrow)
}

/// Reads a `double`: a JSON number, or `"NaN"`, `"Infinity"`, `"-Infinity"`.
pub fn read_double(value: &Value) -> Result<f64> {
    read_f64(value, "a double")
}

/// Reads a `string`.
pub fn read_string(value: &Value) -> Result<String> {
    read_str(value).map(str::to_owned)
}

/// Reads a `string`, borrowed from the JSON value.
pub fn read_str(value: &Value) -> Result<&str> {
    match value {
        Value::String(s) => Ok(s),
        other => Err(expected("a string", other)),
    }
}

/// The bytes of a string of code points U+0000 to U+00FF.
fn code_points_to_bytes(text: &str, what: &str) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len());
    for (index, c) in text.chars().enumerate() {
        let byte = u8::try_from(c).map_err(|_| {
            mismatch(format!(
                "{what} must be a string of code points U+0000 to U+00FF, found U+{:04X} {c:?} at character {index}",
                u32::from(c)
            ))
        })?;
        out.push(byte);
    }
    Ok(out)
}

/// Reads `bytes`: a string of code points U+0000 to U+00FF, one per byte.
pub fn read_bytes(value: &Value) -> Result<Vec<u8>> {
    match value {
        Value::String(s) => code_points_to_bytes(s, "bytes"),
        other => Err(expected(
            "bytes (a string of code points U+0000 to U+00FF)",
            other,
        )),
    }
}

/// Reads a `fixed` of `size` bytes as a vector (for sizes known only at run time).
pub fn read_fixed_vec(value: &Value, size: usize) -> Result<Vec<u8>> {
    let what =
        || format!("a fixed of {size} bytes (a string of {size} code points U+0000 to U+00FF)");
    let Value::String(s) = value else {
        return Err(expected(&what(), value));
    };
    let bytes = code_points_to_bytes(s, "a fixed")?;
    if bytes.len() != size {
        let plural = if bytes.len() == 1 { "" } else { "s" };
        return Err(mismatch(format!(
            "expected a fixed of {size} bytes, found a string of {} character{plural}",
            bytes.len()
        )));
    }
    Ok(bytes)
}

/// Reads a `fixed` of `N` bytes: a string of exactly `N` code points U+0000 to U+00FF.
pub fn read_fixed<const N: usize>(value: &Value) -> Result<[u8; N]> {
    let bytes = read_fixed_vec(value, N)?;
    let mut out = [0; N];
    out.copy_from_slice(&bytes);
    Ok(out)
}

/// Reads the symbol of enum `enum_name` (its full name, for messages): the index of the symbol
/// in `symbols`.
pub fn read_enum(value: &Value, enum_name: &str, symbols: &[&str]) -> Result<usize> {
    read_enum_in(value, enum_name, symbols)
}

/// [`read_enum`] over symbols of any string type (the run-time codec's).
pub(crate) fn read_enum_in<S: AsRef<str>>(
    value: &Value,
    enum_name: &str,
    symbols: &[S],
) -> Result<usize> {
    let Value::String(symbol) = value else {
        return Err(expected(&format!("a symbol of enum {enum_name}"), value));
    };
    symbols
        .iter()
        .position(|s| s.as_ref() == symbol)
        .ok_or_else(|| {
            mismatch(format!(
                "unknown symbol {} of enum {enum_name}; the symbols are {}",
                describe(value),
                quoted_list(symbols.iter().map(AsRef::as_ref))
            ))
        })
}

/// Reads an `array`: its items, to be read one by one (with `Error::in_index` on errors).
pub fn read_array(value: &Value) -> Result<&Vec<Value>> {
    value.as_array().ok_or_else(|| expected("an array", value))
}

/// Reads a `map`: a JSON object, whose values are read one by one (with `Error::in_key` on
/// errors).
pub fn read_map(value: &Value) -> Result<&Map<String, Value>> {
    value
        .as_object()
        .ok_or_else(|| expected("a map (an object)", value))
}

/// Reads a union value: which of `branches` (the branch names in union order, `"null"` for the
/// null branch) it holds, and the branch's value. `null` is the null branch, if the union has
/// one; any other value must be an object with one key, a branch name (the full name for a
/// named type).
pub fn read_branch<'a>(value: &'a Value, branches: &[&str]) -> Result<(usize, &'a Value)> {
    read_branch_in(value, branches)
}

/// [`read_branch`] over branch names of any string type (the run-time codec's).
pub(crate) fn read_branch_in<'a, S: AsRef<str>>(
    value: &'a Value,
    branches: &[S],
) -> Result<(usize, &'a Value)> {
    let names = || branches.iter().map(AsRef::as_ref);
    let unknown = |name: &str| {
        let mut message = format!(
            "unknown union branch {}; the branches are {}",
            Value::String(name.to_owned()),
            quoted_list(names())
        );
        // A named type written with its short name: say what the specification wants.
        let suffix = format!(".{name}");
        if let Some(full) = names().find(|b| b.ends_with(&suffix)) {
            let _ = write!(
                message,
                " (a named type is written with its full name, {})",
                Value::String(full.to_owned())
            );
        }
        mismatch(message)
    };
    match value {
        Value::Null => match names().position(|b| b == "null") {
            Some(index) => Ok((index, value)),
            None => Err(mismatch(format!(
                "found null, but the union has no null branch; the branches are {}",
                quoted_list(names())
            ))),
        },
        Value::Object(members) if members.len() == 1 => {
            let (name, inner) = members.iter().next().expect("an object with one member");
            match names().position(|b| b == name) {
                // `{"null": null}` is not how the null branch is written.
                Some(index) if name != "null" => Ok((index, inner)),
                _ => Err(unknown(name)),
            }
        }
        other => Err(expected(
            r#"a union value (null or {"<branch>": value})"#,
            other,
        )),
    }
}

/// The members of a JSON object read as an Avro record, from [`read_record`].
#[derive(Debug, Clone, Copy)]
pub struct RecordFields<'a> {
    members: &'a Map<String, Value>,
    record: &'a str,
}

impl<'a> RecordFields<'a> {
    /// The value of a field without a default; an error if it is missing.
    pub fn required(&self, field: &str) -> Result<&'a Value> {
        self.members.get(field).ok_or_else(|| {
            mismatch(format!(
                "missing field {} of record {}, which has no default",
                Value::String(field.to_owned()),
                self.record
            ))
        })
    }

    /// The value of a field with a default, `None` when the object does not have it (the
    /// field then takes its default).
    pub fn optional(&self, field: &str) -> Option<&'a Value> {
        self.members.get(field)
    }
}

/// Reads a record: an object whose keys are all fields of record `record` (its full name, for
/// messages), whose field names are `fields`. The field values are then taken with
/// [`RecordFields::required`] and [`RecordFields::optional`].
pub fn read_record<'a>(
    value: &'a Value,
    record: &'a str,
    fields: &[&str],
) -> Result<RecordFields<'a>> {
    read_record_in(value, record, fields)
}

/// [`read_record`] over field names of any string type (the run-time codec's).
pub(crate) fn read_record_in<'a, S: AsRef<str>>(
    value: &'a Value,
    record: &'a str,
    fields: &[S],
) -> Result<RecordFields<'a>> {
    let Value::Object(members) = value else {
        return Err(expected(&format!("an object for record {record}"), value));
    };
    if let Some(key) = members
        .keys()
        .find(|k| !fields.iter().any(|f| f.as_ref() == k.as_str()))
    {
        return Err(mismatch(format!(
            "unknown field {} in record {record}; its fields are {}",
            Value::String(key.clone()),
            quoted_list(fields.iter().map(AsRef::as_ref))
        )));
    }
    Ok(RecordFields { members, record })
}

// -------------------------------------------------------------------------------------------------
// Logical types, whatever Rust type holds them

/// A logical type `K` on `int`, held by any Rust type `T` that implements
/// [`Logical<K>`](crate::avro_type::Logical), as its `int`: through the type's binary codec, so
/// values the Avro type cannot hold fail here as they do in binary encoding.
pub fn logical_int<K, T: Logical<K>>(value: &T) -> Result<Value> {
    let bytes = logical_encoding(value).map_err(Error::in_json)?;
    Ok(int(Reader::new(&bytes).read_int()?))
}

/// A logical type `K` on `long` as its `long` (see [`logical_int`]).
pub fn logical_long<K, T: Logical<K>>(value: &T) -> Result<Value> {
    let bytes = logical_encoding(value).map_err(Error::in_json)?;
    Ok(long(Reader::new(&bytes).read_long()?))
}

/// A logical type `K` on `string` as its string (see [`logical_int`]).
pub fn logical_string<K, T: Logical<K>>(value: &T) -> Result<Value> {
    let bytes = logical_encoding(value).map_err(Error::in_json)?;
    Ok(string(Reader::new(&bytes).read_str()?))
}

/// A logical type `K` on `fixed` as its bytes (see [`logical_int`]).
pub fn logical_fixed<K, T: Logical<K>>(value: &T) -> Result<Value> {
    let bytes = logical_encoding(value).map_err(Error::in_json)?;
    Ok(self::bytes(&bytes))
}

/// Reads a logical type `K` on `int` as `T`, through its binary codec: values `T` cannot hold
/// are errors, as in binary decoding.
pub fn read_logical_int<K, T: Logical<K>>(value: &Value) -> Result<T> {
    let mut bytes = Vec::new();
    encode::int(&mut bytes, read_int(value)?);
    from_logical_encoding(&bytes).map_err(Error::in_json)
}

/// Reads a logical type `K` on `long` as `T` (see [`read_logical_int`]).
pub fn read_logical_long<K, T: Logical<K>>(value: &Value) -> Result<T> {
    let mut bytes = Vec::new();
    encode::long(&mut bytes, read_long(value)?);
    from_logical_encoding(&bytes).map_err(Error::in_json)
}

/// Reads a logical type `K` on `string` as `T` (see [`read_logical_int`]).
pub fn read_logical_string<K, T: Logical<K>>(value: &Value) -> Result<T> {
    let Value::String(text) = value else {
        return Err(expected("a string", value));
    };
    let mut bytes = Vec::new();
    encode::string(&mut bytes, text);
    from_logical_encoding(&bytes).map_err(Error::in_json)
}

/// Reads a logical type `K` on a `fixed` of `size` bytes as `T` (see [`read_logical_int`]).
pub fn read_logical_fixed<K, T: Logical<K>>(value: &Value, size: usize) -> Result<T> {
    from_logical_encoding(&read_fixed_vec(value, size)?).map_err(Error::in_json)
}

/// A `decimal` of `scale` held by any [`DecimalValue`] as its two's-complement unscaled bytes,
/// on a `fixed` of `fixed` bytes or else on `bytes` (errors where binary encoding fails: a
/// scale other than the schema's, a value too large for the fixed).
pub fn decimal<T: DecimalValue>(value: &T, scale: u32, fixed: Option<usize>) -> Result<Value> {
    let encoded = decimal_encoding(value, scale, fixed).map_err(Error::in_json)?;
    if fixed.is_some() {
        return Ok(bytes(&encoded));
    }
    Ok(bytes(Reader::new(&encoded).read_bytes()?))
}

/// Reads a `decimal` of `scale` (on a `fixed` of `fixed` bytes, else on `bytes`) as `T`; values
/// `T` cannot hold are errors, as in binary decoding.
pub fn read_decimal<T: DecimalValue>(value: &Value, scale: u32, fixed: Option<usize>) -> Result<T> {
    let encoded = match fixed {
        Some(size) => read_fixed_vec(value, size)?,
        None => {
            let mut out = Vec::new();
            encode::bytes(&mut out, &read_bytes(value)?);
            out
        }
    };
    from_decimal_encoding(&encoded, scale, fixed).map_err(Error::in_json)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn message(result: Result<impl std::fmt::Debug>) -> String {
        result.unwrap_err().to_string()
    }

    #[test]
    fn numbers() {
        assert_eq!(int(-5), json!(-5));
        assert_eq!(read_int(&json!(-2147483648)).unwrap(), i32::MIN);
        assert_eq!(read_int(&json!(2147483647)).unwrap(), i32::MAX);
        assert_eq!(
            message(read_int(&json!(2147483648u64))),
            "at $: int value 2147483648 does not fit in 32 bits"
        );
        assert_eq!(
            message(read_int(&json!(-2147483649i64))),
            "at $: int value -2147483649 does not fit in 32 bits"
        );
        assert_eq!(
            message(read_int(&json!(u64::MAX))),
            "at $: int value 18446744073709551615 does not fit in 32 bits"
        );
        assert_eq!(
            message(read_int(&json!(1.0))),
            "at $: expected an int, found 1.0"
        );
        assert_eq!(
            message(read_int(&json!("1"))),
            r#"at $: expected an int, found "1""#
        );
        assert_eq!(read_long(&json!(i64::MIN)).unwrap(), i64::MIN);
        assert_eq!(
            message(read_long(&json!(9223372036854775808u64))),
            "at $: long value 9223372036854775808 does not fit in 64 bits"
        );
        assert_eq!(
            message(read_long(&json!(2.5))),
            "at $: expected a long, found 2.5"
        );
        assert_eq!(
            message(read_long(&json!(null))),
            "at $: expected a long, found null"
        );
    }

    #[test]
    fn floats_and_their_special_values() {
        assert_eq!(float(0.1), json!(0.10000000149011612));
        assert_eq!(read_float(&float(0.1)).unwrap(), 0.1f32);
        assert_eq!(read_float(&json!(0.1)).unwrap(), 0.1f32);
        assert_eq!(read_float(&json!(3)).unwrap(), 3.0);
        assert_eq!(double(-0.0), json!(-0.0));
        assert!(read_double(&json!(-0.0)).unwrap().is_sign_negative());
        for (v, text) in [
            (f64::NAN, "NaN"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
        ] {
            assert_eq!(double(v), json!(text));
            assert_eq!(float(v as f32), json!(text));
            let back = read_double(&json!(text)).unwrap();
            assert!(back == v || (back.is_nan() && v.is_nan()));
            let back = read_float(&json!(text)).unwrap();
            assert!(f64::from(back) == v || (back.is_nan() && v.is_nan()));
        }
        assert_eq!(
            message(read_float(&json!(1e300))),
            "at $: float value 1e+300 is beyond the range of a 32-bit float"
        );
        assert_eq!(
            message(read_double(&json!("nan"))),
            r#"at $: expected a double (a number, "NaN", "Infinity" or "-Infinity"), found "nan""#
        );
        assert_eq!(
            message(read_float(&json!(true))),
            r#"at $: expected a float (a number, "NaN", "Infinity" or "-Infinity"), found true"#
        );
    }

    #[test]
    fn bytes_and_fixed_are_code_points() {
        let all: Vec<u8> = (0..=255).collect();
        let text = bytes(&all);
        assert_eq!(text.as_str().unwrap().chars().count(), 256);
        assert_eq!(read_bytes(&text).unwrap(), all);
        assert_eq!(bytes(&[0xff, 0, b'a']), json!("\u{ff}\u{0}a"));
        assert_eq!(
            message(read_bytes(&json!("ab\u{100}"))),
            "at $: bytes must be a string of code points U+0000 to U+00FF, found U+0100 'Ā' at character 2"
        );
        assert_eq!(
            message(read_bytes(&json!([1, 2]))),
            "at $: expected bytes (a string of code points U+0000 to U+00FF), found an array of 2 items"
        );
        assert_eq!(read_fixed::<2>(&json!("\u{1}\u{ff}")).unwrap(), [1, 0xff]);
        assert_eq!(
            message(read_fixed::<4>(&json!("abc"))),
            "at $: expected a fixed of 4 bytes, found a string of 3 characters"
        );
        assert_eq!(
            message(read_fixed::<1>(&json!("€"))),
            "at $: a fixed must be a string of code points U+0000 to U+00FF, found U+20AC '€' at character 0"
        );
        assert_eq!(read_fixed::<0>(&json!("")).unwrap(), [0u8; 0]);
    }

    #[test]
    fn unions() {
        let branches = ["null", "string", "com.example.Address"];
        assert_eq!(read_branch(&json!(null), &branches).unwrap().0, 0);
        let v = json!({"string": "x"});
        assert_eq!(read_branch(&v, &branches).unwrap(), (1, &json!("x")));
        assert_eq!(
            message(read_branch(&json!({"int": 1}), &branches)),
            r#"at $: unknown union branch "int"; the branches are null, "string", "com.example.Address""#
        );
        assert_eq!(
            message(read_branch(&json!({"Address": {}}), &branches)),
            r#"at $: unknown union branch "Address"; the branches are null, "string", "com.example.Address" (a named type is written with its full name, "com.example.Address")"#
        );
        assert_eq!(
            message(read_branch(&json!({"null": null}), &branches)),
            r#"at $: unknown union branch "null"; the branches are null, "string", "com.example.Address""#
        );
        assert_eq!(
            message(read_branch(&json!("x"), &branches)),
            r#"at $: expected a union value (null or {"<branch>": value}), found "x""#
        );
        assert_eq!(
            message(read_branch(
                &json!({"string": "x", "null": null}),
                &branches
            )),
            r#"at $: expected a union value (null or {"<branch>": value}), found an object with 2 keys"#
        );
        assert_eq!(
            message(read_branch(&json!(null), &["int", "long"])),
            r#"at $: found null, but the union has no null branch; the branches are "int", "long""#
        );
        assert_eq!(branch("long", long(5)), json!({"long": 5}));
    }

    #[test]
    fn records_and_enums() {
        let v = json!({"a": 1, "b": 2});
        let record = read_record(&v, "R", &["a", "b", "c"]).unwrap();
        assert_eq!(record.required("a").unwrap(), &json!(1));
        assert_eq!(record.optional("c"), None);
        assert_eq!(
            message(record.required("c")),
            r#"at $: missing field "c" of record R, which has no default"#
        );
        assert_eq!(
            message(read_record(&v, "ns.R", &["a"])),
            r#"at $: unknown field "b" in record ns.R; its fields are "a""#
        );
        assert_eq!(
            message(read_record(&v, "E", &[])),
            r#"at $: unknown field "a" in record E; its fields are none"#
        );
        assert_eq!(
            message(read_record(&json!([]), "R", &[])),
            "at $: expected an object for record R, found an array of 0 items"
        );
        assert_eq!(read_enum(&json!("B"), "E", &["A", "B"]).unwrap(), 1);
        assert_eq!(
            message(read_enum(&json!("C"), "ns.E", &["A", "B"])),
            r#"at $: unknown symbol "C" of enum ns.E; the symbols are "A", "B""#
        );
        let many: Vec<String> = (0..20).map(|i| format!("S{i}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        assert_eq!(
            message(read_enum(&json!(3), "E", &many)),
            "at $: expected a symbol of enum E, found 3"
        );
        assert!(message(read_enum(&json!("x"), "E", &many)).ends_with(r#""S8", "S9", …"#));
        assert_eq!(
            message(read_enum(&json!("x"), "Empty", &[])),
            r#"at $: unknown symbol "x" of enum Empty; the symbols are none"#
        );
        assert_eq!(
            message(read_branch(&json!({"x": 1}), &[])),
            r#"at $: unknown union branch "x"; the branches are none"#
        );
    }

    #[test]
    fn long_strings_are_cut_in_messages() {
        let long_text = "x".repeat(100);
        assert_eq!(
            message(read_int(&json!(long_text))),
            format!("at $: expected an int, found \"{}…", "x".repeat(40))
        );
    }

    #[test]
    fn decimals() {
        use crate::Decimal;
        let d = Decimal::from_i128(-1, 2);
        assert_eq!(decimal(&d, 2, None).unwrap(), json!("\u{ff}"));
        assert_eq!(
            decimal(&d, 2, Some(3)).unwrap(),
            json!("\u{ff}\u{ff}\u{ff}")
        );
        assert_eq!(
            read_decimal::<Decimal>(&json!("\u{ff}\u{ff}"), 2, Some(2)).unwrap(),
            Decimal::from_unscaled_bytes(vec![0xff, 0xff], 2)
        );
        assert_eq!(
            read_decimal::<Decimal>(&json!("\u{ff}"), 2, None).unwrap(),
            d
        );
        assert_eq!(
            message(decimal(&d, 3, None)),
            "at $: decimal scale 2 does not match the schema scale 3"
        );
        let big = Decimal::from_i128(1 << 20, 0);
        assert_eq!(
            message(decimal(&big, 0, Some(2))),
            "at $: decimal value does not fit in a fixed of 2 bytes"
        );
        assert_eq!(
            message(read_decimal::<Decimal>(&json!("\u{ff}"), 2, Some(2))),
            "at $: expected a fixed of 2 bytes, found a string of 1 character"
        );
    }

    #[test]
    fn logical_types_through_their_codec() {
        use crate::avro_type::kind;
        use crate::{Duration, TimestampMillis};
        assert_eq!(
            logical_long::<kind::TimestampMillis, _>(&TimestampMillis(-5)).unwrap(),
            json!(-5)
        );
        assert_eq!(
            read_logical_long::<kind::TimestampMillis, TimestampMillis>(&json!(7)).unwrap(),
            TimestampMillis(7)
        );
        assert_eq!(
            message(read_logical_long::<kind::TimestampMillis, i64>(&json!("7"))),
            r#"at $: expected a long, found "7""#
        );
        let d = Duration::new(1, 2, 3);
        let written = logical_fixed::<kind::Duration, _>(&d).unwrap();
        assert_eq!(written, bytes(&d.to_bytes()));
        assert_eq!(
            read_logical_fixed::<kind::Duration, Duration>(&written, 12).unwrap(),
            d
        );
        let text = "550e8400-e29b-41d4-a716-446655440000".to_string();
        assert_eq!(logical_string::<kind::Uuid, _>(&text).unwrap(), json!(text));
        assert_eq!(
            message(read_logical_string::<kind::Uuid, String>(&json!(7))),
            "at $: expected a string, found 7"
        );
    }

    #[cfg(feature = "chrono")]
    #[test]
    fn chrono_date_times() {
        use crate::avro_type::kind;
        use ::chrono::{DateTime, NaiveDate, Utc};
        let day = NaiveDate::from_ymd_opt(1970, 1, 2).unwrap();
        assert_eq!(logical_int::<kind::Date, _>(&day).unwrap(), json!(1));
        assert_eq!(
            read_logical_int::<kind::Date, NaiveDate>(&json!(1)).unwrap(),
            day
        );
        assert_eq!(
            message(read_logical_int::<kind::Date, NaiveDate>(&json!(i32::MAX))),
            "at $: value out of range: date 2147483647 days from 1970-01-01 is outside the range of chrono::NaiveDate"
        );
        assert_eq!(
            message(read_logical_int::<kind::Date, NaiveDate>(&json!(
                "1970-01-02"
            ))),
            r#"at $: expected an int, found "1970-01-02""#
        );
        let instant = DateTime::<Utc>::from_timestamp_nanos(-5);
        assert_eq!(
            logical_long::<kind::TimestampNanos, _>(&instant).unwrap(),
            json!(-5)
        );
        assert!(message(logical_long::<kind::TimestampNanos, _>(
            &DateTime::<Utc>::MAX_UTC
        ))
        .starts_with("at $: value out of range: "));
    }

    #[cfg(feature = "rust_decimal")]
    #[test]
    fn rust_decimals() {
        use ::rust_decimal::Decimal as RustDecimal;
        let d = RustDecimal::new(15, 1); // 1.5, unscaled 150 at scale 2
        assert_eq!(decimal(&d, 2, None).unwrap(), json!("\u{0}\u{96}"));
        assert_eq!(
            decimal(&d, 2, Some(4)).unwrap(),
            json!("\u{0}\u{0}\u{0}\u{96}")
        );
        assert_eq!(
            read_decimal::<RustDecimal>(&json!("\u{0}\u{96}"), 2, None).unwrap(),
            d
        );
        assert_eq!(
            read_decimal::<RustDecimal>(&json!("\u{96}"), 2, Some(1)).unwrap(),
            -RustDecimal::new(106, 2)
        );
        assert_eq!(
            message(decimal(&RustDecimal::new(155, 2), 1, None)),
            "at $: decimal scale 2 does not match the schema scale 1"
        );
        assert_eq!(
            message(read_decimal::<RustDecimal>(&json!("\u{1}"), 29, None)),
            "at $: value out of range: decimal scale 29 exceeds rust_decimal's maximum of 28"
        );
    }

    #[cfg(feature = "uuid")]
    #[test]
    fn uuids() {
        use crate::avro_type::kind;
        use ::uuid::Uuid;
        let text = "550e8400-e29b-41d4-a716-446655440000";
        let id = Uuid::parse_str(text).unwrap();
        assert_eq!(logical_string::<kind::Uuid, _>(&id).unwrap(), json!(text));
        assert_eq!(
            read_logical_string::<kind::Uuid, Uuid>(&json!(text.to_uppercase())).unwrap(),
            id
        );
        let fixed = logical_fixed::<kind::UuidFixed, _>(&id).unwrap();
        assert_eq!(
            read_logical_fixed::<kind::UuidFixed, Uuid>(&fixed, 16).unwrap(),
            id
        );
        assert_eq!(
            message(read_logical_string::<kind::Uuid, Uuid>(&json!(
                "not-a-uuid"
            ))),
            r#"at $: invalid UUID "not-a-uuid""#
        );
    }

    #[test]
    fn text_that_is_not_json() {
        #[derive(Debug)]
        struct Nothing;
        impl FromAvroJson for Nothing {
            fn from_avro_json(value: &Value) -> Result<Self> {
                read_null(value).map(|()| Nothing)
            }
        }
        let e = Nothing::from_avro_json_str("{").unwrap_err();
        assert_eq!(e.json_path(), None);
        assert_eq!(
            e.to_string(),
            "invalid JSON: EOF while parsing an object at line 1 column 1"
        );
        assert!(Nothing::from_avro_json_str(" null ").is_ok());
        assert_eq!(
            message(Nothing::from_avro_json_str("0")),
            "at $: expected null, found 0"
        );
    }
}
