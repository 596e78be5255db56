//! Logical types: which ones are valid on which schema. Invalid or unknown ones are ignored with a
//! warning (specification: "an implementation must ignore the logical type"), never an error.

use crate::json::{Json, Number, Object};

use crate::ir::{Logical, Primitive};

/// What a `logicalType` annotates.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Base {
    /// A primitive in object form.
    Prim(Primitive),
    /// A fixed of this size.
    Fixed(usize),
}

impl Base {
    fn describe(self) -> String {
        match self {
            Base::Prim(p) => format!("`{}`", p.name()),
            Base::Fixed(n) => format!("`fixed` of size {n}"),
        }
    }
}

/// The result of looking at a schema object's `logicalType`.
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    /// The valid logical type, if any.
    pub logical: Option<Logical>,
    /// Attributes that belong to the valid logical type (not kept in props).
    pub consumed: &'static [&'static str],
    /// Why a written `logicalType` is ignored.
    pub warning: Option<String>,
}

/// Largest decimal precision a fixed of `size` bytes holds, computed exactly as Java does:
/// `floor(log10(2) * (8 * size - 1))` (negative for size 0, so no precision fits).
fn max_fixed_precision(size: usize) -> f64 {
    (2f64.log10() * (8.0 * size as f64 - 1.0)).floor()
}

/// Validates the `logicalType` (if any) of an object-form primitive or a fixed.
pub(crate) fn check(map: &Object, base: Base) -> Outcome {
    let Some(lt) = map.get("logicalType") else {
        return Outcome::default();
    };
    let Some(name) = lt.as_str() else {
        return ignored(format!(
            "`logicalType` must be a string, found {lt}; it is ignored"
        ));
    };
    let simple = |logical: Logical, ok: bool, needs: &str| -> Outcome {
        if ok {
            Outcome {
                logical: Some(logical),
                consumed: &["logicalType"],
                warning: None,
            }
        } else {
            ignored(format!(
                "logical type `{name}` is not valid on {} (it needs {needs}); it is ignored and \
                 the schema is a plain {}",
                base.describe(),
                base.describe()
            ))
        }
    };
    let int = matches!(base, Base::Prim(Primitive::Int));
    let long = matches!(base, Base::Prim(Primitive::Long));
    match name {
        "decimal" => decimal(map, base),
        "uuid" => simple(
            Logical::Uuid,
            matches!(base, Base::Prim(Primitive::String) | Base::Fixed(16)),
            "`string` or a `fixed` of size 16",
        ),
        "date" => simple(Logical::Date, int, "`int`"),
        "time-millis" => simple(Logical::TimeMillis, int, "`int`"),
        "time-micros" => simple(Logical::TimeMicros, long, "`long`"),
        "timestamp-millis" => simple(Logical::TimestampMillis, long, "`long`"),
        "timestamp-micros" => simple(Logical::TimestampMicros, long, "`long`"),
        "timestamp-nanos" => simple(Logical::TimestampNanos, long, "`long`"),
        "local-timestamp-millis" => simple(Logical::LocalTimestampMillis, long, "`long`"),
        "local-timestamp-micros" => simple(Logical::LocalTimestampMicros, long, "`long`"),
        "local-timestamp-nanos" => simple(Logical::LocalTimestampNanos, long, "`long`"),
        "duration" => simple(
            Logical::Duration,
            matches!(base, Base::Fixed(12)),
            "a `fixed` of size 12",
        ),
        "big-decimal" => ignored(format!(
            "logical type `big-decimal` is not supported by this generator; it is ignored and \
             the schema is a plain {}",
            base.describe()
        )),
        _ => ignored(format!(
            "unknown logical type `{name}` is ignored; the schema is a plain {}",
            base.describe()
        )),
    }
}

/// A JSON number that is a non-negative integer within `u32`.
fn small(v: &Json) -> Option<u32> {
    v.as_number()
        .and_then(Number::as_u64)
        .and_then(|n| u32::try_from(n).ok())
}

fn ignored(warning: String) -> Outcome {
    Outcome {
        logical: None,
        consumed: &[],
        warning: Some(warning),
    }
}

fn decimal(map: &Object, base: Base) -> Outcome {
    let fail = |why: String| {
        ignored(format!(
            "logical type `decimal` is ignored ({why}); the schema is a plain {}",
            base.describe()
        ))
    };
    if !matches!(base, Base::Prim(Primitive::Bytes) | Base::Fixed(_)) {
        return fail(format!(
            "it needs `bytes` or `fixed`, not {}",
            base.describe()
        ));
    }
    let precision = match map.get("precision") {
        None => return fail("`precision` is missing".into()),
        Some(p) => match small(p) {
            Some(p) if p > 0 => p,
            _ => return fail(format!("precision {p} is not an integer > 0")),
        },
    };
    let scale = match map.get("scale") {
        None => 0,
        Some(s) => match small(s) {
            Some(s) => s,
            None => return fail(format!("scale {s} is not an integer >= 0")),
        },
    };
    if scale > precision {
        return fail(format!(
            "scale {scale} is greater than precision {precision}"
        ));
    }
    if let Base::Fixed(size) = base {
        let max = max_fixed_precision(size);
        if f64::from(precision) > max {
            return fail(format!(
                "precision {precision} does not fit in a fixed of size {size}, which holds at \
                 most {} digits",
                max.max(0.0)
            ));
        }
    }
    Outcome {
        logical: Some(Logical::Decimal { precision, scale }),
        consumed: &["logicalType", "precision", "scale"],
        warning: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn run(v: Value, base: Base) -> Outcome {
        check(Json::from_serde(&v).as_object().unwrap(), base)
    }

    #[test]
    fn fixed_precision_limits_match_java() {
        assert_eq!(max_fixed_precision(1), 2.0);
        assert_eq!(max_fixed_precision(2), 4.0);
        assert_eq!(max_fixed_precision(8), 18.0);
        assert_eq!(max_fixed_precision(16), 38.0);
        assert!(max_fixed_precision(0) < 1.0);
    }

    #[test]
    fn decimal_rules() {
        let bytes = Base::Prim(Primitive::Bytes);
        let ok = run(json!({"logicalType": "decimal", "precision": 4}), bytes);
        assert_eq!(
            ok.logical,
            Some(Logical::Decimal {
                precision: 4,
                scale: 0
            })
        );
        for bad in [
            json!({"logicalType": "decimal"}),
            json!({"logicalType": "decimal", "precision": 0}),
            json!({"logicalType": "decimal", "precision": 4.5}),
            json!({"logicalType": "decimal", "precision": 2, "scale": 5}),
            json!({"logicalType": "decimal", "precision": 2, "scale": -1}),
        ] {
            let o = run(bad.clone(), bytes);
            assert!(o.logical.is_none() && o.warning.is_some(), "{bad}");
        }
        let o = run(
            json!({"logicalType": "decimal", "precision": 5}),
            Base::Fixed(2),
        );
        assert!(o.warning.unwrap().contains("at most 4 digits"));
        let o = run(
            json!({"logicalType": "decimal", "precision": 1}),
            Base::Fixed(0),
        );
        assert!(o.logical.is_none());
    }

    #[test]
    fn base_types() {
        let o = run(
            json!({"logicalType": "date"}),
            Base::Prim(Primitive::String),
        );
        assert!(o.logical.is_none());
        assert!(o.warning.unwrap().contains("needs `int`"));
        let o = run(json!({"logicalType": "uuid"}), Base::Fixed(16));
        assert_eq!(o.logical, Some(Logical::Uuid));
        let o = run(json!({"logicalType": "duration"}), Base::Fixed(12));
        assert_eq!(o.logical, Some(Logical::Duration));
        let o = run(json!({"logicalType": "x-y"}), Base::Prim(Primitive::Long));
        assert!(o.warning.unwrap().contains("unknown logical type `x-y`"));
    }
}
