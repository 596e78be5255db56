//! Field defaults: JSON literals checked against the field's schema where the macro knows it
//! (primitives and the recognised containers), and the JSON of a type's `Default` value.
//!
//! For a leaf type (a generated or derived type, a generic parameter) the macro cannot see the
//! schema, so its default is only checked to be JSON and written as given; apache-avro or the
//! Avro library reading the schema checks it.

use serde_json::Value;

use super::attr::LogicalKind;
use super::shape::{Kind, Shape};

/// What the default of a field of this shape should be, for messages.
fn expected(shape: &Shape) -> String {
    match &shape.kind {
        Kind::Null => "null".into(),
        Kind::Boolean => "true or false".into(),
        Kind::Int => "an integer between -2147483648 and 2147483647 (an Avro int)".into(),
        Kind::Long => "an integer (an Avro long)".into(),
        Kind::Float | Kind::Double => "a number".into(),
        Kind::Str(_) => "a JSON string".into(),
        Kind::Bytes(_) => "a JSON string of characters U+0000 to U+00FF, one per byte".into(),
        Kind::Fixed(_) | Kind::FixedBytes { .. } => {
            "a JSON string of characters U+0000 to U+00FF, one per byte of the fixed".into()
        }
        Kind::Option(_) => {
            "null (the first branch of the union `[\"null\", T]` an Option is written as)".into()
        }
        Kind::Boxed(inner) => expected(inner),
        Kind::Array(_) => "a JSON array".into(),
        Kind::Map { .. } => "a JSON object".into(),
        Kind::SelfRef | Kind::Leaf => "JSON".into(),
        Kind::Logical(kind) => match kind {
            LogicalKind::Date | LogicalKind::TimeMillis => {
                "an integer (the logical type's underlying int)".into()
            }
            LogicalKind::Uuid => "a JSON string".into(),
            LogicalKind::UuidFixed => "a JSON string of 16 characters U+0000 to U+00FF".into(),
            LogicalKind::Duration => "a JSON string of 12 characters U+0000 to U+00FF".into(),
            _ => "an integer (the logical type's underlying long)".into(),
        },
        Kind::Decimal { fixed: None, .. } => {
            "a JSON string of the unscaled value's bytes (characters U+0000 to U+00FF)".into()
        }
        Kind::Decimal { fixed: Some(n), .. } => {
            format!("a JSON string of {n} characters U+0000 to U+00FF (the unscaled value's bytes)")
        }
    }
}

/// A string of one char per byte, of `len` bytes when given.
fn is_byte_string(value: &Value, len: Option<usize>) -> bool {
    match value {
        Value::String(s) => {
            s.chars().all(|c| (c as u32) <= 0xff) && len.is_none_or(|n| s.chars().count() == n)
        }
        _ => false,
    }
}

fn is_int_in(value: &Value, min: i64, max: i64) -> bool {
    value.as_i64().is_some_and(|v| (min..=max).contains(&v))
}

/// The size of `[u8; N]` when `N` is an integer literal.
pub fn literal_size(expr: &syn::Expr) -> Option<usize> {
    match expr {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Int(i),
            ..
        }) => i.base10_parse().ok(),
        _ => None,
    }
}

/// Checks `value` against `shape`; the error says what the default should be.
pub fn check(shape: &Shape, value: &Value) -> Result<(), String> {
    let ok = match &shape.kind {
        Kind::Null => value.is_null(),
        Kind::Boolean => value.is_boolean(),
        Kind::Int => is_int_in(value, i32::MIN.into(), i32::MAX.into()),
        Kind::Long => value.is_i64(),
        Kind::Float | Kind::Double => value.is_number(),
        Kind::Str(_) => value.is_string(),
        Kind::Bytes(_) => is_byte_string(value, None),
        Kind::Fixed(n) => is_byte_string(value, literal_size(n)),
        Kind::FixedBytes { size, .. } => is_byte_string(value, Some(*size)),
        Kind::Option(_) => value.is_null(),
        Kind::Boxed(inner) => return check(inner, value),
        Kind::Array(items) => match value {
            Value::Array(values) => {
                for (i, v) in values.iter().enumerate() {
                    check(items, v).map_err(|e| format!("item {i}: {e}"))?;
                }
                true
            }
            _ => false,
        },
        Kind::Map { value: values, .. } => match value {
            Value::Object(entries) => {
                for (k, v) in entries {
                    check(values, v).map_err(|e| format!("entry {k:?}: {e}"))?;
                }
                true
            }
            _ => false,
        },
        Kind::SelfRef | Kind::Leaf => true,
        Kind::Logical(kind) => match kind {
            LogicalKind::Date | LogicalKind::TimeMillis => {
                is_int_in(value, i32::MIN.into(), i32::MAX.into())
            }
            LogicalKind::Uuid => value.is_string(),
            LogicalKind::UuidFixed => is_byte_string(value, Some(16)),
            LogicalKind::Duration => is_byte_string(value, Some(12)),
            _ => value.is_i64(),
        },
        Kind::Decimal { fixed, .. } => is_byte_string(value, *fixed),
    };
    if ok {
        Ok(())
    } else {
        Err(format!("expected {}, found `{value}`", expected(shape)))
    }
}

/// The JSON of the type's `Default` value, where the macro knows it: `0`, `""`, `[]`, `{}`,
/// `null`, `false`, and a string of zero bytes for a fixed of literal size.
pub fn type_default(shape: &Shape) -> Option<String> {
    Some(match &shape.kind {
        Kind::Null | Kind::Option(_) => "null".into(),
        Kind::Boolean => "false".into(),
        Kind::Int | Kind::Long => "0".into(),
        Kind::Float | Kind::Double => "0.0".into(),
        Kind::Str(_) | Kind::Bytes(_) => "\"\"".into(),
        Kind::Fixed(n) => zero_bytes(literal_size(n)?),
        Kind::Boxed(inner) => type_default(inner)?,
        Kind::Array(_) => "[]".into(),
        Kind::Map { .. } => "{}".into(),
        Kind::FixedBytes { .. }
        | Kind::SelfRef
        | Kind::Leaf
        | Kind::Logical(_)
        | Kind::Decimal { .. } => return None,
    })
}

fn zero_bytes(n: usize) -> String {
    serde_json::to_string(&"\u{0}".repeat(n)).expect("a string serialises")
}
