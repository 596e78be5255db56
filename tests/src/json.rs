//! Avro JSON encoding (as the oracle prints it) → apache-avro [`Value`].

use crate::names::{branch_name, NameTable};
use apache_avro::schema::{DecimalSchema, InnerDecimalSchema, Schema, UuidSchema};
use apache_avro::types::Value;
use apache_avro::{Decimal, Duration, Uuid};
use serde_json::Value as Json;
use std::collections::HashMap;

/// Converts one datum in the Avro JSON encoding into the apache-avro [`Value`] for `schema`.
///
/// The JSON is what the oracle (`../shared/oracle/avro_oracle.py`) prints and what the fixtures
/// in `tests/fixtures/` hold:
///
/// * a union value is `{"<branch>": value}`, the branch being the full name of a named type or
///   the type name otherwise (`"int"`, `"array"`, `"map"`, ...); `null` is plain `null`. The
///   branch index comes from the key, never from the shape of the value. An unqualified name of
///   a named branch is accepted when it is unique in the union;
/// * bytes and fixed are strings whose code points 0-255 are the byte values;
/// * logical types hold their underlying value (date = int days, timestamp = long,
///   decimal = two's-complement big-endian bytes or fixed, uuid = string or fixed(16),
///   duration = fixed(12) of three little-endian u32).
///
/// The result uses the variants apache-avro itself decodes for each (logical) schema, so that
/// apache-avro ([`apache_encode`](crate::apache_encode), `to_avro_datum`) writes exactly the
/// bytes the oracle wrote (except for the order of map entries: `Value::Map` is a `HashMap`),
/// and apache-avro's decoding of those bytes ([`apache_decode`](crate::apache_decode)) gives an
/// equal `Value`:
///
/// | schema | `Value` |
/// |---|---|
/// | enum | `Enum(index, symbol)` |
/// | fixed | `Fixed(size, bytes)` |
/// | union | `Union(index, value)` |
/// | record | `Record` with every field in schema order |
/// | decimal (bytes or fixed) | `Decimal` built from the exact bytes (length is kept) |
/// | big-decimal | `BigDecimal` |
/// | uuid (string) | `Uuid` if the text is the canonical lowercase hyphenated form, else `String` |
/// | uuid (fixed(16) or bytes) | `Uuid` |
/// | date, time-millis | `Date`, `TimeMillis` (i32) |
/// | time-micros, (local-)timestamp-* | `TimeMicros`, `TimestampMillis`, ... (i64) |
/// | duration | `Duration` |
///
/// A record field missing from the JSON takes its schema default (where union defaults are
/// unwrapped and belong to the first branch they match, spec 1.12). Extra JSON keys are an
/// error. Floats also accept the strings `"NaN"`, `"Infinity"` and `"-Infinity"`.
///
/// Named types must be defined in `schema`; use [`avro_json_to_value_with`] when they come
/// from other schemata.
///
/// ```
/// use apache_avro::{types::Value, Schema};
/// let schema = Schema::parse_str(r#"{"type": "record", "name": "R", "fields": [
///     {"name": "a", "type": ["null", "int", "long"]},
///     {"name": "b", "type": "bytes"}]}"#).unwrap();
/// let json = serde_json::json!({"a": {"long": 5}, "b": "\u{00ff}\u{0000}"});
/// let value = avro_tests::avro_json_to_value(&schema, &json).unwrap();
/// assert_eq!(value, Value::Record(vec![
///     ("a".into(), Value::Union(2, Box::new(Value::Long(5)))),
///     ("b".into(), Value::Bytes(vec![0xff, 0x00])),
/// ]));
/// assert_eq!(avro_tests::apache_encode(&schema, &[], &value).unwrap(), [4, 10, 4, 0xff, 0]);
/// ```
pub fn avro_json_to_value(schema: &Schema, json: &Json) -> Result<Value, String> {
    avro_json_to_value_with(schema, &[], json)
}

/// [`avro_json_to_value`] for a schema that references named types defined in `schemata`
/// (as parsed by [`apache_avro::Schema::parse_str_with_list`]).
pub fn avro_json_to_value_with(
    schema: &Schema,
    schemata: &[&Schema],
    json: &Json,
) -> Result<Value, String> {
    let names = NameTable::new(schema, schemata)?;
    Converter { names: &names }.convert(schema, None, json, "$", false)
}

struct Converter<'a> {
    names: &'a NameTable,
}

fn describe(json: &Json) -> String {
    let mut s = json.to_string();
    if s.len() > 80 {
        let mut cut = 77;
        while !s.is_char_boundary(cut) {
            cut -= 1;
        }
        s.truncate(cut);
        s.push_str("...");
    }
    s
}

/// Bytes from a JSON string of code points 0-255.
fn latin1(json: &Json, path: &str) -> Result<Vec<u8>, String> {
    let s = json.as_str().ok_or_else(|| {
        format!(
            "{path}: expected a string of code points 0-255, got {}",
            describe(json)
        )
    })?;
    s.chars()
        .map(|c| {
            u8::try_from(u32::from(c)).map_err(|_| {
                format!(
                    "{path}: code point U+{:04X} above 255 in bytes",
                    u32::from(c)
                )
            })
        })
        .collect()
}

fn int(json: &Json, path: &str) -> Result<i32, String> {
    json.as_i64()
        .and_then(|v| i32::try_from(v).ok())
        .ok_or_else(|| format!("{path}: expected an int, got {}", describe(json)))
}

fn long(json: &Json, path: &str) -> Result<i64, String> {
    json.as_i64()
        .ok_or_else(|| format!("{path}: expected a long, got {}", describe(json)))
}

fn float(json: &Json, path: &str) -> Result<f64, String> {
    match json {
        Json::Number(n) => n.as_f64(),
        Json::String(s) if s == "NaN" => Some(f64::NAN),
        Json::String(s) if s == "Infinity" => Some(f64::INFINITY),
        Json::String(s) if s == "-Infinity" => Some(f64::NEG_INFINITY),
        _ => None,
    }
    .ok_or_else(|| format!("{path}: expected a number, got {}", describe(json)))
}

fn fixed_bytes(json: &Json, size: usize, path: &str) -> Result<Vec<u8>, String> {
    let b = latin1(json, path)?;
    if b.len() != size {
        return Err(format!("{path}: fixed needs {size} bytes, got {}", b.len()));
    }
    Ok(b)
}

/// The `bytes` encoding of `content` (zig-zag varint length + content).
fn bytes_datum(content: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(content.len() + 10);
    let mut z = ((content.len() as i64) << 1) as u64; // non-negative: zig-zag is n << 1
    loop {
        let b = (z & 0x7f) as u8;
        z >>= 7;
        if z == 0 {
            out.push(b);
            break;
        }
        out.push(b | 0x80);
    }
    out.extend_from_slice(content);
    out
}

impl Converter<'_> {
    fn convert(
        &self,
        schema: &Schema,
        ns: Option<&str>,
        json: &Json,
        path: &str,
        default: bool,
    ) -> Result<Value, String> {
        let err = |what: &str| format!("{path}: expected {what}, got {}", describe(json));
        Ok(match schema {
            Schema::Ref { name } => {
                let (target, target_ns) = self.names.resolve(name, ns)?;
                return self.convert(target, target_ns.as_deref(), json, path, default);
            }
            Schema::Union(u) => {
                let variants = u.variants();
                if default {
                    // Defaults are not wrapped: the first branch the value matches (spec 1.12).
                    for (i, b) in variants.iter().enumerate() {
                        if let Ok(v) = self.convert(b, ns, json, path, true) {
                            return Ok(Value::Union(i as u32, Box::new(v)));
                        }
                    }
                    return Err(err("a default matching a branch of the union"));
                }
                if json.is_null() {
                    let i = variants
                        .iter()
                        .position(|b| self.is_null(b, ns))
                        .ok_or_else(|| {
                            format!("{path}: null given but the union has no null branch")
                        })?;
                    return Ok(Value::Union(i as u32, Box::new(Value::Null)));
                }
                let obj = json
                    .as_object()
                    .filter(|o| o.len() == 1)
                    .ok_or_else(|| err("null or a one-key object {branch: value} for a union"))?;
                let (key, inner) = obj.iter().next().expect("one key");
                let names: Vec<String> = variants.iter().map(|b| branch_name(b, ns)).collect();
                let i = match names.iter().position(|n| n == key) {
                    Some(i) => i,
                    None => {
                        let hits: Vec<usize> = names
                            .iter()
                            .enumerate()
                            .filter(|(_, n)| n.rsplit('.').next() == Some(key.as_str()))
                            .map(|(i, _)| i)
                            .collect();
                        match hits[..] {
                            [i] => i,
                            _ => {
                                return Err(format!(
                                    "{path}: no union branch named {key:?}; branches are {names:?}"
                                ))
                            }
                        }
                    }
                };
                let inner_path = format!("{path}<{}>", names[i]);
                let v = self.convert(&variants[i], ns, inner, &inner_path, false)?;
                Value::Union(i as u32, Box::new(v))
            }
            Schema::Null => {
                if !json.is_null() {
                    return Err(err("null"));
                }
                Value::Null
            }
            Schema::Boolean => Value::Boolean(json.as_bool().ok_or_else(|| err("a boolean"))?),
            Schema::Int => Value::Int(int(json, path)?),
            Schema::Long => Value::Long(long(json, path)?),
            Schema::Float => Value::Float(float(json, path)? as f32),
            Schema::Double => Value::Double(float(json, path)?),
            Schema::Bytes => Value::Bytes(latin1(json, path)?),
            Schema::String => {
                Value::String(json.as_str().ok_or_else(|| err("a string"))?.to_owned())
            }
            Schema::Fixed(f) => Value::Fixed(f.size, fixed_bytes(json, f.size, path)?),
            Schema::Enum(e) => {
                let s = json.as_str().ok_or_else(|| err("an enum symbol"))?;
                let i = e.symbols.iter().position(|x| x == s).ok_or_else(|| {
                    format!("{path}: {s:?} is not a symbol of {}", e.name.fullname(ns))
                })?;
                Value::Enum(i as u32, s.to_owned())
            }
            Schema::Array(a) => {
                let items = json.as_array().ok_or_else(|| err("an array"))?;
                Value::Array(
                    items
                        .iter()
                        .enumerate()
                        .map(|(i, x)| {
                            self.convert(&a.items, ns, x, &format!("{path}[{i}]"), default)
                        })
                        .collect::<Result<_, _>>()?,
                )
            }
            Schema::Map(m) => {
                let obj = json.as_object().ok_or_else(|| err("an object (map)"))?;
                let mut out = HashMap::with_capacity(obj.len());
                for (k, x) in obj {
                    let v = self.convert(&m.types, ns, x, &format!("{path}.{k}"), default)?;
                    out.insert(k.clone(), v);
                }
                Value::Map(out)
            }
            Schema::Record(r) => {
                let inner_ns = r.name.namespace().or(ns);
                let obj = json.as_object().ok_or_else(|| err("an object (record)"))?;
                let mut fields = Vec::with_capacity(r.fields.len());
                for f in &r.fields {
                    let fpath = format!("{path}.{}", f.name);
                    let v = match (obj.get(&f.name), &f.default) {
                        (Some(x), _) => self.convert(&f.schema, inner_ns, x, &fpath, default)?,
                        (None, Some(d)) => self.convert(&f.schema, inner_ns, d, &fpath, true)?,
                        (None, None) => {
                            return Err(format!("{path}: missing field {:?} (no default)", f.name))
                        }
                    };
                    fields.push((f.name.clone(), v));
                }
                if let Some(extra) = obj.keys().find(|k| !r.lookup.contains_key(*k)) {
                    return Err(format!(
                        "{path}: unknown field {extra:?} in {}",
                        r.name.fullname(ns)
                    ));
                }
                Value::Record(fields)
            }
            Schema::Decimal(DecimalSchema { inner, .. }) => {
                let b = match inner {
                    InnerDecimalSchema::Bytes => latin1(json, path)?,
                    InnerDecimalSchema::Fixed(f) => fixed_bytes(json, f.size, path)?,
                };
                // `Decimal::from` keeps the byte length, so the encoder writes these exact bytes.
                Value::Decimal(Decimal::from(b))
            }
            Schema::BigDecimal => {
                let b = latin1(json, path)?;
                let datum = bytes_datum(&b);
                let v = crate::apache_decode(&Schema::BigDecimal, &[], &datum)
                    .map_err(|e| format!("{path}: invalid big-decimal bytes: {e}"))?;
                // apache-avro ignores bytes after the scale; such a value would not round-trip
                if crate::apache_encode(&Schema::BigDecimal, &[], &v).ok() != Some(datum) {
                    return Err(format!("{path}: not a canonical big-decimal encoding"));
                }
                v
            }
            Schema::Uuid(UuidSchema::String) => {
                let s = json.as_str().ok_or_else(|| err("a uuid string"))?;
                match Uuid::parse_str(s) {
                    // apache-avro writes `Uuid` in the canonical form; keep other spellings as text.
                    Ok(u) if u.to_string() == s => Value::Uuid(u),
                    _ => Value::String(s.to_owned()),
                }
            }
            Schema::Uuid(UuidSchema::Bytes) => {
                let b = latin1(json, path)?;
                match Uuid::from_slice(&b) {
                    Ok(u) => Value::Uuid(u),
                    Err(_) => {
                        return Err(format!("{path}: uuid bytes need 16 bytes, got {}", b.len()))
                    }
                }
            }
            Schema::Uuid(UuidSchema::Fixed(f)) => {
                let b = fixed_bytes(json, f.size, path)?;
                Value::Uuid(Uuid::from_slice(&b).map_err(|e| format!("{path}: {e}"))?)
            }
            Schema::Date => Value::Date(int(json, path)?),
            Schema::TimeMillis => Value::TimeMillis(int(json, path)?),
            Schema::TimeMicros => Value::TimeMicros(long(json, path)?),
            Schema::TimestampMillis => Value::TimestampMillis(long(json, path)?),
            Schema::TimestampMicros => Value::TimestampMicros(long(json, path)?),
            Schema::TimestampNanos => Value::TimestampNanos(long(json, path)?),
            Schema::LocalTimestampMillis => Value::LocalTimestampMillis(long(json, path)?),
            Schema::LocalTimestampMicros => Value::LocalTimestampMicros(long(json, path)?),
            Schema::LocalTimestampNanos => Value::LocalTimestampNanos(long(json, path)?),
            Schema::Duration(f) => {
                let b = fixed_bytes(json, f.size, path)?;
                let arr: [u8; 12] = b
                    .try_into()
                    .map_err(|_| format!("{path}: duration needs 12 bytes"))?;
                Value::Duration(Duration::from(arr))
            }
        })
    }

    fn is_null(&self, schema: &Schema, ns: Option<&str>) -> bool {
        match schema {
            Schema::Null => true,
            Schema::Ref { name } => self
                .names
                .resolve(name, ns)
                .map(|(s, n)| self.is_null(s, n.as_deref()))
                .unwrap_or(false),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn conv(schema: &str, json: Json) -> Result<Value, String> {
        let schema = Schema::parse_str(schema).unwrap();
        avro_json_to_value(&schema, &json)
    }

    fn encode(schema: &str, json: Json) -> Vec<u8> {
        let schema = Schema::parse_str(schema).unwrap();
        let v = avro_json_to_value(&schema, &json).unwrap();
        crate::apache_encode(&schema, &[], &v).unwrap()
    }

    #[test]
    fn primitives() {
        assert_eq!(conv(r#""null""#, json!(null)), Ok(Value::Null));
        assert_eq!(conv(r#""boolean""#, json!(true)), Ok(Value::Boolean(true)));
        assert_eq!(
            conv(r#""int""#, json!(-2147483648i64)),
            Ok(Value::Int(i32::MIN))
        );
        assert!(conv(r#""int""#, json!(2147483648i64)).is_err());
        assert_eq!(
            conv(r#""long""#, json!(i64::MIN)),
            Ok(Value::Long(i64::MIN))
        );
        assert_eq!(conv(r#""float""#, json!(0.1)), Ok(Value::Float(0.1f32)));
        assert_eq!(conv(r#""double""#, json!(-0.0)), Ok(Value::Double(-0.0)));
        assert_eq!(conv(r#""double""#, json!(5)), Ok(Value::Double(5.0)));
        assert!(matches!(conv(r#""double""#, json!("NaN")), Ok(Value::Double(x)) if x.is_nan()));
        assert_eq!(
            conv(r#""bytes""#, json!("\u{0}\u{ff}a")),
            Ok(Value::Bytes(vec![0, 255, 97]))
        );
        assert!(conv(r#""bytes""#, json!("\u{100}")).is_err());
        assert_eq!(
            conv(r#""string""#, json!("日本")),
            Ok(Value::String("日本".into()))
        );
    }

    #[test]
    fn named_types() {
        let e = r#"{"type": "enum", "name": "E", "symbols": ["A", "B"]}"#;
        assert_eq!(conv(e, json!("B")), Ok(Value::Enum(1, "B".into())));
        assert!(conv(e, json!("C")).is_err());
        let f = r#"{"type": "fixed", "name": "F", "size": 2}"#;
        assert_eq!(
            conv(f, json!("\u{1}\u{2}")),
            Ok(Value::Fixed(2, vec![1, 2]))
        );
        assert!(conv(f, json!("\u{1}")).is_err());
        let f0 = r#"{"type": "fixed", "name": "F", "size": 0}"#;
        assert_eq!(encode(f0, json!("")), Vec::<u8>::new());
    }

    #[test]
    fn unions_take_the_branch_from_the_key() {
        let s = r#"["null", "int", "long", "float", "double", "bytes", "string",
                   {"type": "record", "name": "ns.R", "fields": []},
                   {"type": "enum", "name": "E", "namespace": "ns", "symbols": ["X"]},
                   {"type": "array", "items": "int"}, {"type": "map", "values": "int"}]"#;
        assert_eq!(
            conv(s, json!(null)),
            Ok(Value::Union(0, Box::new(Value::Null)))
        );
        assert_eq!(
            conv(s, json!({"long": 1})),
            Ok(Value::Union(2, Box::new(Value::Long(1))))
        );
        assert_eq!(
            conv(s, json!({"int": 1})),
            Ok(Value::Union(1, Box::new(Value::Int(1))))
        );
        assert_eq!(
            conv(s, json!({"double": 1})),
            Ok(Value::Union(4, Box::new(Value::Double(1.0))))
        );
        assert_eq!(
            conv(s, json!({"bytes": "a"})),
            Ok(Value::Union(5, Box::new(Value::Bytes(vec![97]))))
        );
        assert_eq!(
            conv(s, json!({"ns.R": {}})),
            Ok(Value::Union(7, Box::new(Value::Record(vec![]))))
        );
        assert_eq!(
            conv(s, json!({"R": {}})),
            Ok(Value::Union(7, Box::new(Value::Record(vec![]))))
        );
        assert_eq!(
            conv(s, json!({"ns.E": "X"})),
            Ok(Value::Union(8, Box::new(Value::Enum(0, "X".into()))))
        );
        assert_eq!(
            conv(s, json!({"array": []})),
            Ok(Value::Union(9, Box::new(Value::Array(vec![]))))
        );
        assert_eq!(
            conv(s, json!({"map": {}})),
            Ok(Value::Union(10, Box::new(Value::Map(HashMap::new()))))
        );
        assert!(conv(s, json!({"boolean": true})).is_err());
        assert!(conv(s, json!(1)).is_err());
        assert!(conv(r#"["int", "string"]"#, json!(null)).is_err());
        assert_eq!(
            encode(r#"["null", "int", "long"]"#, json!({"long": -1})),
            [4, 1]
        );
        assert_eq!(encode(r#"["string", "null"]"#, json!(null)), [2]);
    }

    #[test]
    fn records_defaults_and_namespaces() {
        let s = r#"{"type": "record", "name": "R", "namespace": "a.b", "fields": [
            {"name": "x", "type": "int"},
            {"name": "u", "type": ["null", "string"], "default": null},
            {"name": "v", "type": ["string", "null"], "default": "d"},
            {"name": "w", "type": {"type": "record", "name": "In", "fields": [
                {"name": "o", "type": ["null", "In"], "default": null}]}},
            {"name": "z", "type": ["null", "In"]}]}"#;
        let v = conv(
            s,
            json!({"x": 1, "w": {"o": {"a.b.In": {"o": null}}}, "z": {"In": {}}}),
        )
        .unwrap();
        let inner_null = Value::Record(vec![("o".into(), Value::Union(0, Box::new(Value::Null)))]);
        assert_eq!(
            v,
            Value::Record(vec![
                ("x".into(), Value::Int(1)),
                ("u".into(), Value::Union(0, Box::new(Value::Null))),
                (
                    "v".into(),
                    Value::Union(0, Box::new(Value::String("d".into())))
                ),
                (
                    "w".into(),
                    Value::Record(vec![(
                        "o".into(),
                        Value::Union(1, Box::new(inner_null.clone()))
                    )])
                ),
                ("z".into(), Value::Union(1, Box::new(inner_null))),
            ])
        );
        assert!(conv(s, json!({"w": {}}))
            .unwrap_err()
            .contains("missing field \"x\""));
        assert!(conv(s, json!({"x": 1, "w": {}, "z": null, "q": 1}))
            .unwrap_err()
            .contains("unknown field"));
    }

    #[test]
    fn logical_types() {
        let dec = r#"{"type": "bytes", "logicalType": "decimal", "precision": 5, "scale": 2}"#;
        assert_eq!(encode(dec, json!("\u{ff}\u{85}")), [4, 0xff, 0x85]);
        assert_eq!(
            encode(dec, json!("\u{0}\u{1}")),
            [4, 0, 1],
            "non-minimal bytes are kept"
        );
        let decf = r#"{"type": "fixed", "name": "D", "size": 3, "logicalType": "decimal", "precision": 5}"#;
        assert!(matches!(
            conv(decf, json!("\u{ff}\u{ff}\u{85}")),
            Ok(Value::Decimal(_))
        ));
        assert_eq!(
            encode(decf, json!("\u{ff}\u{ff}\u{85}")),
            [0xff, 0xff, 0x85]
        );
        let uuid = r#"{"type": "string", "logicalType": "uuid"}"#;
        let text = "f81d4fae-7dec-11d0-a765-00a0c91e6bf6";
        assert_eq!(
            conv(uuid, json!(text)),
            Ok(Value::Uuid(Uuid::parse_str(text).unwrap()))
        );
        let upper = "F81D4FAE-7DEC-11D0-A765-00A0C91E6BF6";
        assert_eq!(conv(uuid, json!(upper)), Ok(Value::String(upper.into())));
        let mut expected = vec![72];
        expected.extend_from_slice(upper.as_bytes());
        assert_eq!(encode(uuid, json!(upper)), expected);
        let uuidf = r#"{"type": "fixed", "name": "U", "size": 16, "logicalType": "uuid"}"#;
        let raw: String = (0u8..16).map(char::from).collect();
        assert_eq!(encode(uuidf, json!(raw)), (0u8..16).collect::<Vec<_>>());
        let date = r#"{"type": "int", "logicalType": "date"}"#;
        assert_eq!(conv(date, json!(-1)), Ok(Value::Date(-1)));
        let tm = r#"{"type": "int", "logicalType": "time-millis"}"#;
        assert_eq!(conv(tm, json!(5)), Ok(Value::TimeMillis(5)));
        for (lt, make) in [
            ("time-micros", Value::TimeMicros as fn(i64) -> Value),
            ("timestamp-millis", Value::TimestampMillis),
            ("timestamp-micros", Value::TimestampMicros),
            ("timestamp-nanos", Value::TimestampNanos),
            ("local-timestamp-millis", Value::LocalTimestampMillis),
            ("local-timestamp-micros", Value::LocalTimestampMicros),
            ("local-timestamp-nanos", Value::LocalTimestampNanos),
        ] {
            let s = format!(r#"{{"type": "long", "logicalType": "{lt}"}}"#);
            assert_eq!(conv(&s, json!(-7)), Ok(make(-7)), "{lt}");
            assert_eq!(encode(&s, json!(-7)), [13], "{lt}");
        }
        let dur = r#"{"type": "fixed", "name": "Dur", "size": 12, "logicalType": "duration"}"#;
        let raw: String = [1u8, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0]
            .iter()
            .map(|&b| char::from(b))
            .collect();
        match conv(dur, json!(raw)).unwrap() {
            Value::Duration(d) => {
                assert_eq!(u32::from(d.months()), 1);
                assert_eq!(u32::from(d.days()), 2);
                assert_eq!(u32::from(d.millis()), 3);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            encode(dur, json!(raw)),
            [1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0]
        );
    }

    #[test]
    fn big_decimal() {
        let s = r#"{"type": "bytes", "logicalType": "big-decimal"}"#;
        // content of the outer bytes: bytes(unscaled = 0x04d2 = 1234) + long(scale = 2)
        let content: String = [4u8, 0x04, 0xd2, 4]
            .iter()
            .map(|&b| char::from(b))
            .collect();
        let v = conv(s, json!(content)).unwrap();
        match &v {
            Value::BigDecimal(d) => assert_eq!(d.to_string(), "12.34"),
            other => panic!("{other:?}"),
        }
        assert_eq!(encode(s, json!(content)), [8, 4, 0x04, 0xd2, 4]);
    }

    #[test]
    fn external_named_types() {
        let dep = r#"{"type": "enum", "name": "E", "namespace": "m", "symbols": ["A", "B"]}"#;
        let main = r#"{"type": "record", "name": "R", "namespace": "m", "fields": [
            {"name": "e", "type": "E"}, {"name": "u", "type": ["null", "m.E"]}]}"#;
        let (schema, deps) = Schema::parse_str_with_list(main, [dep]).unwrap();
        let deps: Vec<&Schema> = deps.iter().collect();
        let v =
            avro_json_to_value_with(&schema, &deps, &json!({"e": "B", "u": {"m.E": "A"}})).unwrap();
        assert_eq!(
            v,
            Value::Record(vec![
                ("e".into(), Value::Enum(1, "B".into())),
                (
                    "u".into(),
                    Value::Union(1, Box::new(Value::Enum(0, "A".into())))
                ),
            ])
        );
        let bytes = crate::apache_encode(&schema, &deps, &v).unwrap();
        assert_eq!(bytes, [2, 2, 0]);
    }
}
