//! Proptest strategies for random valid datums of any schema.

use crate::names::NameTable;
use apache_avro::schema::{DecimalSchema, InnerDecimalSchema, Schema};
use apache_avro::types::Value;
use apache_avro::{BigDecimal, Days, Decimal, Duration, Millis, Months, Uuid};
use proptest::collection::{hash_map, vec};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::strategy::{BoxedStrategy, Just, Union};
use std::str::FromStr;
use std::sync::Arc;

/// Nesting depth (references to named types, array items, map values) after which arrays and
/// maps are empty and unions take only their cheapest branches, so recursive schemas stay small.
pub const MAX_DEPTH: u32 = 5;

/// Most entries in a generated array or map.
pub const MAX_ITEMS: usize = 4;

/// First day of year 1 (0001-01-01) in days since the Unix epoch.
pub const MIN_DATE: i32 = -719_162;
/// Last day of year 9999 (9999-12-31) in days since the Unix epoch.
pub const MAX_DATE: i32 = 2_932_896;
/// 0001-01-01T00:00:00 in milliseconds since the Unix epoch.
pub const MIN_TIMESTAMP_MILLIS: i64 = -62_135_596_800_000;
/// 9999-12-31T23:59:59.999 in milliseconds since the Unix epoch.
pub const MAX_TIMESTAMP_MILLIS: i64 = 253_402_300_799_999;

/// A proptest strategy producing random **valid** datums of `schema`, as apache-avro
/// [`Value`]s in exactly the shapes apache-avro decodes (so apache-avro's decoding of its
/// encoding of `v` is `v`; see [`avro_json_to_value`](crate::avro_json_to_value) for the table of variants).
///
/// * records: every field, in schema order; enums: `Enum(index, symbol)`; fixed:
///   `Fixed(size, bytes)`; unions: `Union(index, value)`, every branch equally likely;
/// * arrays and maps: 0 to [`MAX_ITEMS`] entries (map keys distinct);
/// * recursion is bounded: past [`MAX_DEPTH`] levels arrays and maps are empty and unions take
///   their cheapest branches (for example `null`);
/// * int/long: every varint length (1-5 / 1-10 bytes) and both signs equally likely, plus edge
///   values (0, -1, 63, -64, `MIN`, `MAX`, ...);
/// * float/double: edge values (including -0.0, the extremes and the smallest subnormal),
///   small decimals and random bit patterns; never NaN or infinite (so values compare equal and
///   have an Avro JSON form);
/// * strings: empty, ASCII, non-ASCII up to U+10FFFF (4-byte UTF-8), controls, `"`, `\`,
///   U+2028; bytes: empty up to 200 bytes;
/// * logical types, always valid: decimals (`Decimal`, minimal two's-complement bytes) within
///   the precision and fitting the fixed size; `Uuid` of RFC 4122 version 4 (plus nil and max);
///   `Date` within years 1-9999; `TimeMillis`/`TimeMicros` within a day; timestamps
///   (`TimestampMillis`, ..., `LocalTimestampNanos`) within years 1-9999 (nanos: any i64);
///   `Duration` of any three u32; `BigDecimal` of an i64 unscaled value and scale 0-12.
///
/// Panics if the schema has no finite value (a record that requires itself) or references an
/// unknown name; use [`arb_value_with`] for names defined in other schemata.
///
/// ```
/// use proptest::strategy::{Strategy, ValueTree};
/// let schema = apache_avro::Schema::parse_str(r#"{"type": "record", "name": "List",
///     "fields": [{"name": "v", "type": "int"}, {"name": "next", "type": ["null", "List"]}]}"#).unwrap();
/// let mut runner = proptest::test_runner::TestRunner::deterministic();
/// let value = avro_tests::arb_value(&schema).new_tree(&mut runner).unwrap().current();
/// let bytes = avro_tests::apache_encode(&schema, &[], &value).unwrap();
/// assert_eq!(avro_tests::apache_decode(&schema, &[], &bytes).unwrap(), value);
/// ```
pub fn arb_value(schema: &Schema) -> BoxedStrategy<Value> {
    arb_value_with(schema, &[])
}

/// [`arb_value`] for a schema that references named types defined in `schemata` (as parsed
/// by [`apache_avro::Schema::parse_str_with_list`]).
pub fn arb_value_with(schema: &Schema, schemata: &[&Schema]) -> BoxedStrategy<Value> {
    let names = NameTable::new(schema, schemata).unwrap_or_else(|e| panic!("arb_value: {e}"));
    if names.min_height(schema, None).is_none() {
        panic!("arb_value: the schema has no finite value (a record requires itself)");
    }
    Gen {
        names: Arc::new(names),
    }
    .strategy(schema, None, 0)
}

#[derive(Clone)]
struct Gen {
    names: Arc<NameTable>,
}

impl Gen {
    fn strategy(&self, schema: &Schema, ns: Option<&str>, depth: u32) -> BoxedStrategy<Value> {
        assert!(depth < 64, "arb_value: recursion does not terminate");
        let limit = depth >= MAX_DEPTH;
        match schema {
            Schema::Ref { name } => {
                let (target, target_ns) = self
                    .names
                    .resolve(name, ns)
                    .unwrap_or_else(|e| panic!("arb_value: {e}"));
                let target = target.clone();
                let this = self.clone();
                // Built lazily: recursive schemas would otherwise expand eagerly.
                Just(())
                    .prop_flat_map(move |()| {
                        this.strategy(&target, target_ns.as_deref(), depth + 1)
                    })
                    .boxed()
            }
            Schema::Union(u) => {
                let variants = u.variants();
                let heights: Vec<Option<u32>> = variants
                    .iter()
                    .map(|b| self.names.min_height(b, ns))
                    .collect();
                let cheapest = heights.iter().flatten().min().copied();
                let branches: Vec<BoxedStrategy<Value>> = variants
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| match heights[*i] {
                        None => false,
                        Some(h) => !limit || Some(h) == cheapest,
                    })
                    .map(|(i, b)| {
                        self.strategy(b, ns, depth)
                            .prop_map(move |v| Value::Union(i as u32, Box::new(v)))
                            .boxed()
                    })
                    .collect();
                assert!(
                    !branches.is_empty(),
                    "arb_value: union without a finite branch"
                );
                Union::new(branches).boxed()
            }
            Schema::Null => Just(Value::Null).boxed(),
            Schema::Boolean => any::<bool>().prop_map(Value::Boolean).boxed(),
            Schema::Int => arb_i32().prop_map(Value::Int).boxed(),
            Schema::Long => arb_i64().prop_map(Value::Long).boxed(),
            Schema::Float => arb_f32().prop_map(Value::Float).boxed(),
            Schema::Double => arb_f64().prop_map(Value::Double).boxed(),
            Schema::Bytes => arb_bytes().prop_map(Value::Bytes).boxed(),
            Schema::String => arb_string().prop_map(Value::String).boxed(),
            Schema::Fixed(f) => {
                let size = f.size;
                vec(any::<u8>(), size)
                    .prop_map(move |b| Value::Fixed(size, b))
                    .boxed()
            }
            Schema::Enum(e) => {
                let symbols = e.symbols.clone();
                assert!(!symbols.is_empty(), "arb_value: enum without symbols");
                (0..symbols.len())
                    .prop_map(move |i| Value::Enum(i as u32, symbols[i].clone()))
                    .boxed()
            }
            Schema::Array(a) => {
                if limit {
                    return Just(Value::Array(Vec::new())).boxed();
                }
                vec(self.strategy(&a.items, ns, depth + 1), 0..=MAX_ITEMS)
                    .prop_map(Value::Array)
                    .boxed()
            }
            Schema::Map(m) => {
                if limit {
                    return Just(Value::Map(Default::default())).boxed();
                }
                hash_map(
                    arb_string(),
                    self.strategy(&m.types, ns, depth + 1),
                    0..=MAX_ITEMS,
                )
                .prop_map(Value::Map)
                .boxed()
            }
            Schema::Record(r) => {
                let inner_ns = r.name.namespace().or(ns);
                let names: Vec<String> = r.fields.iter().map(|f| f.name.clone()).collect();
                let fields: Vec<BoxedStrategy<Value>> = r
                    .fields
                    .iter()
                    .map(|f| self.strategy(&f.schema, inner_ns, depth))
                    .collect();
                fields
                    .prop_map(move |values| {
                        Value::Record(names.iter().cloned().zip(values).collect())
                    })
                    .boxed()
            }
            Schema::Decimal(DecimalSchema {
                precision, inner, ..
            }) => {
                let size = match inner {
                    InnerDecimalSchema::Bytes => None,
                    InnerDecimalSchema::Fixed(f) => Some(f.size),
                };
                arb_unscaled(*precision, size)
                    .prop_map(|v| Value::Decimal(Decimal::from(min_twos(v))))
                    .boxed()
            }
            Schema::BigDecimal => (arb_i64(), 0i64..=12)
                .prop_map(|(unscaled, scale)| {
                    let d = BigDecimal::from_str(&format!("{unscaled}e-{scale}"))
                        .expect("valid big decimal text");
                    Value::BigDecimal(d)
                })
                .boxed(),
            Schema::Uuid(_) => arb_uuid().prop_map(Value::Uuid).boxed(),
            Schema::Date => Union::new_weighted(vec![
                (1, select(vec![0, -1, MIN_DATE, MAX_DATE]).boxed()),
                (4, (MIN_DATE..=MAX_DATE).boxed()),
            ])
            .prop_map(Value::Date)
            .boxed(),
            Schema::TimeMillis => Union::new_weighted(vec![
                (1, select(vec![0, 86_399_999]).boxed()),
                (4, (0..86_400_000i32).boxed()),
            ])
            .prop_map(Value::TimeMillis)
            .boxed(),
            Schema::TimeMicros => Union::new_weighted(vec![
                (1, select(vec![0, 86_399_999_999]).boxed()),
                (4, (0..86_400_000_000i64).boxed()),
            ])
            .prop_map(Value::TimeMicros)
            .boxed(),
            Schema::TimestampMillis => arb_timestamp(1).prop_map(Value::TimestampMillis).boxed(),
            Schema::TimestampMicros => arb_timestamp(1_000)
                .prop_map(Value::TimestampMicros)
                .boxed(),
            Schema::TimestampNanos => arb_i64().prop_map(Value::TimestampNanos).boxed(),
            Schema::LocalTimestampMillis => arb_timestamp(1)
                .prop_map(Value::LocalTimestampMillis)
                .boxed(),
            Schema::LocalTimestampMicros => arb_timestamp(1_000)
                .prop_map(Value::LocalTimestampMicros)
                .boxed(),
            Schema::LocalTimestampNanos => arb_i64().prop_map(Value::LocalTimestampNanos).boxed(),
            Schema::Duration(_) => (arb_u32(), arb_u32(), arb_u32())
                .prop_map(|(m, d, ms)| {
                    Value::Duration(Duration::new(Months::new(m), Days::new(d), Millis::new(ms)))
                })
                .boxed(),
        }
    }
}

/// Any `i32`: edge values, or a uniformly chosen bit length (so every zig-zag varint length
/// from 1 to 5 bytes is equally likely) with a random sign.
pub fn arb_i32() -> BoxedStrategy<i32> {
    let edges = vec![
        0,
        1,
        -1,
        63,
        -64,
        64,
        -65,
        8191,
        -8192,
        8192,
        -8193,
        1 << 20,
        i32::MAX,
        i32::MIN,
    ];
    Union::new_weighted(vec![
        (1, select(edges).boxed()),
        (
            4,
            (0u32..=31, any::<u32>(), any::<bool>())
                .prop_map(|(bits, r, neg)| {
                    let m = if bits == 0 {
                        0
                    } else {
                        (r >> (32 - bits)) as i32
                    };
                    if neg {
                        -m - 1
                    } else {
                        m
                    }
                })
                .boxed(),
        ),
    ])
    .boxed()
}

/// Any `i64`: edge values, or a uniformly chosen bit length (so every zig-zag varint length
/// from 1 to 10 bytes is about equally likely) with a random sign.
pub fn arb_i64() -> BoxedStrategy<i64> {
    let edges = vec![
        0,
        1,
        -1,
        63,
        -64,
        64,
        -65,
        i64::from(i32::MAX),
        i64::from(i32::MIN),
        i64::from(i32::MAX) + 1,
        i64::from(i32::MIN) - 1,
        1 << 53,
        i64::MAX,
        i64::MIN,
    ];
    Union::new_weighted(vec![
        (1, select(edges).boxed()),
        (
            4,
            (0u32..=63, any::<u64>(), any::<bool>())
                .prop_map(|(bits, r, neg)| {
                    let m = if bits == 0 {
                        0
                    } else {
                        (r >> (64 - bits)) as i64
                    };
                    if neg {
                        -m - 1
                    } else {
                        m
                    }
                })
                .boxed(),
        ),
    ])
    .boxed()
}

fn arb_u32() -> BoxedStrategy<u32> {
    Union::new_weighted(vec![
        (1, select(vec![0, 1, u32::MAX]).boxed()),
        (2, (0u32..1000).boxed()),
        (2, any::<u32>().boxed()),
    ])
    .boxed()
}

/// Finite `f32`s: edge values (0.0, -0.0, extremes, smallest normal and subnormal), small
/// decimals, and random bit patterns over all exponents. Never NaN or infinite.
pub fn arb_f32() -> BoxedStrategy<f32> {
    let edges = vec![
        0.0,
        -0.0,
        1.0,
        -1.5,
        0.1,
        f32::MAX,
        f32::MIN,
        f32::MIN_POSITIVE,
        f32::from_bits(1),
        -f32::from_bits(1),
        16_777_216.0,
    ];
    Union::new_weighted(vec![
        (1, select(edges).boxed()),
        (1, (-1000.0f32..1000.0).boxed()),
        (
            2,
            any::<u32>()
                .prop_map(|bits| {
                    let x = f32::from_bits(bits);
                    // all-ones exponent (NaN/inf): clear one exponent bit
                    if x.is_finite() {
                        x
                    } else {
                        f32::from_bits(bits & !0x0040_0000 & !0x0080_0000)
                    }
                })
                .boxed(),
        ),
    ])
    .boxed()
}

/// Finite `f64`s, like [`arb_f32`].
pub fn arb_f64() -> BoxedStrategy<f64> {
    let edges = vec![
        0.0,
        -0.0,
        1.0,
        -1.5,
        0.1,
        f64::MAX,
        f64::MIN,
        f64::MIN_POSITIVE,
        f64::from_bits(1),
        -f64::from_bits(1),
        9_007_199_254_740_993.0,
    ];
    Union::new_weighted(vec![
        (1, select(edges).boxed()),
        (1, (-1000.0f64..1000.0).boxed()),
        (
            2,
            any::<u64>()
                .prop_map(|bits| {
                    let x = f64::from_bits(bits);
                    if x.is_finite() {
                        x
                    } else {
                        f64::from_bits(bits & !(1u64 << 52))
                    }
                })
                .boxed(),
        ),
    ])
    .boxed()
}

fn arb_char() -> BoxedStrategy<char> {
    let special = vec![
        'é',
        'ü',
        'ß',
        'ñ',
        'ø',
        'α',
        'ж',
        'א',
        'ا',
        '中',
        '日',
        '한',
        '😀',
        '🚀',
        '𝄞',
        '𐍈',
        '\0',
        '\u{1}',
        '\n',
        '\r',
        '\t',
        '"',
        '\\',
        '/',
        '\u{7f}',
        '\u{85}',
        '\u{a0}',
        '\u{2028}',
        '\u{2029}',
        '\u{feff}',
        '\u{fffd}',
        '\u{10ffff}',
    ];
    Union::new_weighted(vec![
        (6, proptest::char::range(' ', '~').boxed()),
        (2, select(special).boxed()),
        (2, any::<char>().boxed()),
    ])
    .boxed()
}

/// Strings: empty, short (ASCII and non-ASCII mixed), sometimes up to 100 characters.
pub fn arb_string() -> BoxedStrategy<String> {
    Union::new_weighted(vec![
        (1, Just(String::new()).boxed()),
        (
            8,
            vec(arb_char(), 0..=12)
                .prop_map(|v| v.into_iter().collect())
                .boxed(),
        ),
        (
            1,
            vec(arb_char(), 13..=100)
                .prop_map(|v| v.into_iter().collect())
                .boxed(),
        ),
    ])
    .boxed()
}

/// Bytes: empty, short, sometimes up to 200 bytes.
pub fn arb_bytes() -> BoxedStrategy<Vec<u8>> {
    Union::new_weighted(vec![
        (1, Just(Vec::new()).boxed()),
        (8, vec(any::<u8>(), 0..=16).boxed()),
        (1, vec(any::<u8>(), 17..=200).boxed()),
    ])
    .boxed()
}

/// Version-4 UUIDs, plus the nil and max UUIDs.
fn arb_uuid() -> BoxedStrategy<Uuid> {
    Union::new_weighted(vec![
        (
            1,
            select(vec![Uuid::nil(), Uuid::from_bytes([0xff; 16])]).boxed(),
        ),
        (
            9,
            any::<[u8; 16]>()
                .prop_map(|mut b| {
                    b[6] = (b[6] & 0x0f) | 0x40; // version 4
                    b[8] = (b[8] & 0x3f) | 0x80; // RFC 4122 variant
                    Uuid::from_bytes(b)
                })
                .boxed(),
        ),
    ])
    .boxed()
}

/// Timestamps in years 1-9999 in units of `1 / (1000 * per_milli)` seconds.
fn arb_timestamp(per_milli: i64) -> BoxedStrategy<i64> {
    let lo = MIN_TIMESTAMP_MILLIS * per_milli;
    let hi = MAX_TIMESTAMP_MILLIS * per_milli + (per_milli - 1);
    Union::new_weighted(vec![
        (1, select(vec![0, -1, 1, lo, hi]).boxed()),
        (1, (0..=4_102_444_800_000 * per_milli).boxed()), // 1970-2100
        (3, (lo..=hi).boxed()),
    ])
    .boxed()
}

/// Unscaled decimal values within `precision` digits (at most 38) and, for a fixed of `size`
/// bytes, within its two's-complement range. The number of digits is uniform.
fn arb_unscaled(precision: usize, size: Option<usize>) -> BoxedStrategy<i128> {
    let digits = precision.min(38) as u32;
    let by_precision = 10i128.pow(digits) - 1;
    let max = match size {
        Some(0) => 0,
        Some(s) if s < 16 => by_precision.min((1i128 << (8 * s - 1)) - 1),
        _ => by_precision,
    };
    Union::new_weighted(vec![
        (
            1,
            select(vec![0, 1.min(max), -(1.min(max)), max, -max]).boxed(),
        ),
        (
            4,
            (0..=digits, any::<u128>(), any::<bool>())
                .prop_map(move |(k, r, neg)| {
                    let v = (r % 10u128.pow(k)) as i128 % (max + 1);
                    if neg {
                        -v
                    } else {
                        v
                    }
                })
                .boxed(),
        ),
    ])
    .boxed()
}

/// Minimal big-endian two's-complement bytes of `v` (one byte for 0), as the oracle writes
/// `bytes` decimals.
pub fn min_twos(v: i128) -> Vec<u8> {
    let b = v.to_be_bytes();
    let mut start = 0;
    while start < 15
        && ((b[start] == 0x00 && b[start + 1] & 0x80 == 0)
            || (b[start] == 0xff && b[start + 1] & 0x80 != 0))
    {
        start += 1;
    }
    b[start..].to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    fn sample<T: std::fmt::Debug>(s: &BoxedStrategy<T>, n: usize) -> Vec<T> {
        let mut runner = TestRunner::deterministic();
        (0..n)
            .map(|_| s.new_tree(&mut runner).unwrap().current())
            .collect()
    }

    fn varint_len(mut z: u64) -> usize {
        let mut n = 1;
        while z >= 0x80 {
            z >>= 7;
            n += 1;
        }
        n
    }

    #[test]
    fn ints_cover_every_varint_length_and_sign() {
        let ints = sample(&arb_i32(), 3000);
        let mut lens: Vec<usize> = ints
            .iter()
            .map(|&v| varint_len(((v << 1) ^ (v >> 31)) as u32 as u64))
            .collect();
        lens.sort();
        lens.dedup();
        assert_eq!(lens, [1, 2, 3, 4, 5]);
        assert!(ints.iter().any(|&v| v < 0) && ints.iter().any(|&v| v > 0));
        assert!(ints.contains(&i32::MIN) && ints.contains(&i32::MAX) && ints.contains(&0));

        let longs = sample(&arb_i64(), 5000);
        let mut lens: Vec<usize> = longs
            .iter()
            .map(|&v| varint_len(((v << 1) ^ (v >> 63)) as u64))
            .collect();
        lens.sort();
        lens.dedup();
        assert_eq!(lens, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        assert!(longs.contains(&i64::MIN) && longs.contains(&i64::MAX));
    }

    #[test]
    fn floats_are_finite_and_include_negative_zero() {
        let fs = sample(&arb_f32(), 3000);
        assert!(fs.iter().all(|x| x.is_finite()));
        assert!(fs.iter().any(|x| *x == 0.0 && x.is_sign_negative()));
        assert!(fs.iter().any(|x| x.abs() > 1e30));
        let ds = sample(&arb_f64(), 3000);
        assert!(ds.iter().all(|x| x.is_finite()));
        assert!(ds.iter().any(|x| *x == 0.0 && x.is_sign_negative()));
        assert!(ds.iter().any(|x| x.abs() > 1e300));
    }

    #[test]
    fn strings_include_empty_and_non_ascii() {
        let ss = sample(&arb_string(), 1000);
        assert!(ss.iter().any(String::is_empty));
        assert!(ss.iter().any(|s| s.chars().any(|c| c as u32 > 0xffff)));
        assert!(ss
            .iter()
            .any(|s| s.chars().any(|c| (0x80..0x800).contains(&(c as u32)))));
        assert!(ss.iter().any(|s| s.len() > 40));
        let bs = sample(&arb_bytes(), 1000);
        assert!(bs.iter().any(Vec::is_empty) && bs.iter().any(|b| b.len() > 100));
    }

    #[test]
    fn min_twos_is_minimal() {
        assert_eq!(min_twos(0), [0]);
        assert_eq!(min_twos(127), [0x7f]);
        assert_eq!(min_twos(128), [0x00, 0x80]);
        assert_eq!(min_twos(-128), [0x80]);
        assert_eq!(min_twos(-129), [0xff, 0x7f]);
        assert_eq!(min_twos(-1), [0xff]);
        assert_eq!(min_twos(i128::MIN).len(), 16);
    }

    #[test]
    fn decimals_stay_within_precision_and_size() {
        for (precision, size) in [
            (1, None),
            (5, Some(2)),
            (10, Some(2)),
            (18, Some(8)),
            (38, None),
            (60, Some(32)),
        ] {
            let max_digits = precision.min(38);
            for v in sample(&arb_unscaled(precision, size), 500) {
                assert!(
                    v.unsigned_abs().to_string().len() <= max_digits,
                    "{v} p={precision}"
                );
                if let Some(s) = size {
                    assert!(min_twos(v).len() <= s, "{v} does not fit fixed({s})");
                }
            }
        }
    }

    #[test]
    fn logical_values_are_valid() {
        let schema = Schema::parse_str(
            r#"{"type": "record", "name": "L", "fields": [
            {"name": "d", "type": {"type": "int", "logicalType": "date"}},
            {"name": "tm", "type": {"type": "int", "logicalType": "time-millis"}},
            {"name": "tu", "type": {"type": "long", "logicalType": "time-micros"}},
            {"name": "ts", "type": {"type": "long", "logicalType": "timestamp-micros"}},
            {"name": "u", "type": {"type": "string", "logicalType": "uuid"}},
            {"name": "dec", "type": {"type": "bytes", "logicalType": "decimal", "precision": 4, "scale": 2}}]}"#,
        )
        .unwrap();
        for v in sample(&arb_value(&schema), 500) {
            let Value::Record(fields) = v else { panic!() };
            for (name, v) in fields {
                match v {
                    Value::Date(d) => assert!((MIN_DATE..=MAX_DATE).contains(&d)),
                    Value::TimeMillis(t) => assert!((0..86_400_000).contains(&t)),
                    Value::TimeMicros(t) => assert!((0..86_400_000_000).contains(&t)),
                    Value::TimestampMicros(t) => assert!((MIN_TIMESTAMP_MILLIS * 1000
                        ..=MAX_TIMESTAMP_MILLIS * 1000 + 999)
                        .contains(&t)),
                    Value::Uuid(u) => {
                        assert!(u.get_version_num() == 4 || u.is_nil() || u.is_max(), "{u}")
                    }
                    Value::Decimal(d) => {
                        let bytes: Vec<u8> = (&d).try_into().unwrap();
                        assert!(bytes.len() <= 2, "{bytes:?}"); // |v| <= 9999 fits 2 bytes
                    }
                    other => panic!("{name}: {other:?}"),
                }
            }
        }
    }

    #[test]
    fn unions_use_every_branch_and_recursion_terminates() {
        let schema = Schema::parse_str(
            r#"{"type": "record", "name": "T", "fields": [
            {"name": "u", "type": ["null", "int", "string", {"type": "array", "items": "T"}, "T"]}]}"#,
        )
        .unwrap();
        let mut seen = [false; 5];
        for v in sample(&arb_value(&schema), 400) {
            let Value::Record(f) = v else { panic!() };
            let Value::Union(i, _) = &f[0].1 else {
                panic!()
            };
            seen[*i as usize] = true;
        }
        assert_eq!(seen, [true; 5]);
    }

    #[test]
    #[should_panic(expected = "no finite value")]
    fn required_self_reference_is_rejected() {
        let schema = Schema::parse_str(
            r#"{"type": "record", "name": "R", "fields": [{"name": "r", "type": "R"}]}"#,
        )
        .unwrap();
        let _ = arb_value(&schema);
    }
}
