//! `#[derive(AvroSchema)]` against two independent oracles.
//!
//! * **Schemas.** Each derived type below has a hand-written equivalent in
//!   `tests/data/project/derive/`, compiled by avro-build in `build.rs`. The derived
//!   `SCHEMA_JSON`, canonical form and fingerprints equal the generated type's, apache-avro parses
//!   the derived `SCHEMA_JSON`, and its canonical form of it equals its canonical form of the
//!   hand-written file.
//! * **Data.** Random datums of the derived schema (proptest, 1,000 per type, from
//!   `avro_tests::arb_value` on apache-avro's parse of `SCHEMA_JSON`) are encoded by
//!   apache-avro; the derived type decodes those bytes to the same datum (compared as apache-avro
//!   `Value`s, converted field by field with chrono / time / uuid / rust_decimal's own APIs) and
//!   encodes it back to exactly apache-avro's bytes (map entry order aside, which Avro leaves
//!   free). Types with Rust integers narrower than their Avro type go the other way: random Rust
//!   values, encoded by both.
//!
//! Together the types use every supported Rust type and every `#[avro(...)]` attribute.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use apache_avro::types::Value;
use apache_avro::Schema;
use avro_build::canonical::canonical_form;
use avro_build::ir::{NamedKind, SchemaSet};
use avro_build::validate::validate_json;
use avro_derive::AvroSchema;
use avro_runtime::apache::ToApacheValue;
use avro_runtime::chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc};
use avro_runtime::rust_decimal::Decimal as RustDecimal;
use avro_runtime::time::{Date as TimeDate, OffsetDateTime, PrimitiveDateTime, Time};
use avro_runtime::uuid::Uuid;
use avro_runtime::{
    AvroSchema, AvroType, Date, Decimal, Decode, Duration, Encode, ErrorKind, LocalTimestampMicros,
    LocalTimestampMillis, LocalTimestampNanos, Reader, TimeMicros, TimeMillis, TimestampMicros,
    TimestampMillis, TimestampNanos,
};
use avro_tests::{
    apache_decode, apache_encode, arb_string, arb_value, has_unordered_map, min_twos,
    parse_json_exact, repo_path,
};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

/// The types avro-build generated from the hand-written schemas (see `build.rs`); only some of
/// their items are used. (The generator boxes the recursive record inside a `Vec`, which clippy
/// flags in generated code it does not own.)
#[allow(dead_code, clippy::vec_box)]
mod generated {
    pub mod account {
        include!(concat!(env!("OUT_DIR"), "/derive_account.rs"));
    }
    pub mod timeline {
        include!(concat!(env!("OUT_DIR"), "/derive_timeline.rs"));
    }
    pub mod shape_holder {
        include!(concat!(env!("OUT_DIR"), "/derive_shape_holder.rs"));
    }
    pub mod tree {
        include!(concat!(env!("OUT_DIR"), "/derive_tree.rs"));
    }
    pub mod borrowed {
        include!(concat!(env!("OUT_DIR"), "/derive_borrowed.rs"));
    }
    pub mod envelope_address {
        include!(concat!(env!("OUT_DIR"), "/derive_envelope_address.rs"));
    }
    pub mod envelope_string {
        include!(concat!(env!("OUT_DIR"), "/derive_envelope_string.rs"));
    }
    pub mod narrow {
        include!(concat!(env!("OUT_DIR"), "/derive_narrow.rs"));
    }
}

/// A generated type used as a field type of derived types: its schema is referenced, not
/// written again by the derive.
use generated::account::com::example::derive::Address;

// ---------------------------------------------------------------------------------------------
// The derived types.
// ---------------------------------------------------------------------------------------------

/// A customer account.
#[derive(AvroSchema, Debug, Clone, PartialEq)]
#[avro(
    namespace = "com.example.derive",
    rename_all = "camelCase",
    aliases = ["Customer", "org.legacy.Account"]
)]
struct Account {
    account_id: i64,
    /// Shown in the UI.
    #[avro(rename = "name", alias = "displayName")]
    display_name: String,
    #[avro(default)]
    active: bool,
    score: f32,
    #[avro(default = "0.5")]
    balance: f64,
    #[avro(default = "null")]
    nickname: Option<String>,
    #[avro(default)]
    tags: Vec<String>,
    limits: HashMap<String, i64>,
    history: BTreeMap<String, Vec<i32>>,
    #[avro(default = "\"\\u00ff\\u0000\"")]
    avatar: Vec<u8>,
    checksum: [u8; 16],
    status: Status,
    user_id: UserId,
    digest: Md5,
    home: Address,
    #[avro(default = "[]")]
    previous_homes: Vec<Address>,
    #[avro(order = "descending", doc = "Higher is better.")]
    rank: i32,
    nothing: (),
    #[avro(skip, default)]
    cached_total: u64,
    parent: Option<Box<Account>>,
}

/// Lifecycle of an account.
#[derive(AvroSchema, Debug, Clone, Copy, PartialEq)]
#[avro(namespace = "com.example.derive", rename_all = "SCREAMING_SNAKE_CASE")]
enum Status {
    Active,
    #[avro(default)]
    OnHold,
    #[avro(rename = "GONE")]
    Closed,
}

/// A newtype: the schema of its field (`long`).
#[derive(AvroSchema, Debug, Clone, Copy, PartialEq)]
struct UserId(i64);

#[derive(AvroSchema, Debug, Clone, Copy, PartialEq)]
#[avro(fixed, namespace = "com.example.derive", doc = "An MD5 digest.")]
struct Md5([u8; 16]);

/// Every logical type, through every Rust type that holds one.
#[derive(AvroSchema, Debug, Clone, PartialEq)]
#[avro(name = "Timeline", namespace = "com.example.derive")]
struct Temporal {
    day: Date,
    time_millis: TimeMillis,
    time_micros: TimeMicros,
    ts_millis: TimestampMillis,
    ts_micros: TimestampMicros,
    ts_nanos: TimestampNanos,
    local_millis: LocalTimestampMillis,
    local_micros: LocalTimestampMicros,
    local_nanos: LocalTimestampNanos,
    chrono_day: NaiveDate,
    chrono_time: NaiveTime,
    #[avro(logical = "time-millis")]
    chrono_time_ms: NaiveTime,
    chrono_ts: DateTime<Utc>,
    #[avro(logical = "timestamp-millis")]
    chrono_ts_ms: DateTime<Utc>,
    #[avro(logical = "timestamp-nanos")]
    chrono_ts_ns: DateTime<Utc>,
    chrono_local: NaiveDateTime,
    #[avro(logical = "local-timestamp-nanos")]
    chrono_local_ns: NaiveDateTime,
    time_day: TimeDate,
    time_of_day: Time,
    time_ts: OffsetDateTime,
    #[avro(logical = "timestamp-millis")]
    time_ts_ms: OffsetDateTime,
    time_local: PrimitiveDateTime,
    #[avro(logical = "local-timestamp-millis")]
    time_local_ms: PrimitiveDateTime,
    #[avro(logical = "date")]
    raw_day: i32,
    #[avro(logical = "time-micros")]
    raw_time: i64,
    #[avro(logical = "timestamp-millis", default = "null")]
    maybe_ts: Option<DateTime<Utc>>,
    #[avro(logical = "date", default = "[]")]
    days: Vec<NaiveDate>,
    id: Uuid,
    #[avro(logical = "uuid", fixed = 16)]
    id_fixed: Uuid,
    #[avro(logical = "uuid")]
    id_text: String,
    #[avro(logical = "uuid")]
    id_bytes: [u8; 16],
    #[avro(decimal(precision = 10, scale = 2))]
    price: Decimal,
    #[avro(decimal(precision = 18, scale = 4), fixed = 8)]
    fee: Decimal,
    #[avro(decimal(precision = 20, scale = 6))]
    rate: RustDecimal,
    #[avro(decimal(precision = 12, scale = 3), fixed = 6)]
    tax: RustDecimal,
    wait: Duration,
    #[avro(logical = "duration")]
    wait_raw: [u8; 12],
    #[avro(fixed = 4)]
    code: Vec<u8>,
}

/// A union: one branch per variant.
#[derive(AvroSchema, Debug, Clone, PartialEq)]
#[avro(namespace = "com.example.derive", rename_all = "lowercase")]
enum Shape {
    Empty,
    Radius(f64),
    Label(String),
    Located(Address),
    /// A rectangle.
    Rect {
        width: f64,
        #[avro(default = "1.0")]
        height: f64,
    },
    #[avro(rename = "Group", alias = "Bundle")]
    Composite {
        name: String,
        parts: Vec<Shape>,
        #[avro(skip, default)]
        cached: Option<i32>,
    },
    Tagged {
        tags: HashMap<String, Shape>,
        inner: Box<Shape>,
    },
    Numbers(Vec<i64>),
    Lookup(HashMap<String, String>),
    Flag(bool),
    Count(i32),
    Big(i64),
    Ratio(f32),
    Raw(Vec<u8>),
    Digest(Md5),
}

#[derive(AvroSchema, Debug, Clone, PartialEq)]
#[avro(namespace = "com.example.derive")]
struct ShapeHolder {
    shape: Shape,
    #[avro(default)]
    others: Vec<Shape>,
}

/// A recursive record: the type refers to itself through a Vec, an Option<Box<_>> and a map.
#[derive(AvroSchema, Debug, Clone, PartialEq)]
#[avro(name = "TreeNode", namespace = "com.example.derive.tree")]
struct Tree {
    value: i64,
    children: Vec<Tree>,
    #[avro(default = "null")]
    parent: Option<Box<Self>>,
    index: BTreeMap<String, Tree>,
}

/// Zero-copy decoding: strings and bytes borrowed from the input.
#[derive(AvroSchema, Debug, PartialEq)]
#[avro(namespace = "com.example.derive")]
struct Borrowed<'a> {
    name: &'a str,
    raw: &'a [u8],
    label: Cow<'a, str>,
    blob: Cow<'a, [u8]>,
    words: Vec<&'a str>,
    index: HashMap<&'a str, Cow<'a, str>>,
    #[avro(fixed = 8)]
    key: &'a [u8],
    #[avro(fixed = 4)]
    tag: Cow<'a, [u8]>,
    maybe: Option<&'a str>,
}

/// A generic record: the schema is built from the parameter's.
#[derive(AvroSchema, Debug, Clone, PartialEq)]
#[avro(namespace = "com.example.derive")]
struct Envelope<T> {
    id: i64,
    payload: T,
    history: Vec<T>,
    latest: Option<T>,
}

/// Rust integers narrower than their Avro type.
#[derive(AvroSchema, Debug, Clone, PartialEq)]
#[avro(namespace = "com.example.derive", rename_all = "PascalCase")]
struct Narrow {
    tiny: i8,
    small: i16,
    port: u16,
    count: u32,
    #[avro(default)]
    total: i64,
    level: Level,
    priority: Priority,
}

#[derive(AvroSchema, Debug, Clone, Copy, PartialEq)]
#[avro(namespace = "com.example.derive", rename_all = "snake_case")]
enum Level {
    JustInfo,
    Warning,
    HardError,
}

#[derive(AvroSchema, Debug, Clone, Copy, PartialEq)]
#[avro(namespace = "com.example.other", rename_all = "UPPERCASE")]
enum Priority {
    #[avro(default)]
    Low,
    High,
}

// ---------------------------------------------------------------------------------------------
// Schemas: derived == generated from the hand-written file == apache-avro's reading of it.
// ---------------------------------------------------------------------------------------------

/// apache-avro's parse of a hand-written schema file, with the files it references.
fn apache_parse_files(files: &[&str]) -> Schema {
    let texts: Vec<String> = files
        .iter()
        .map(|f| {
            std::fs::read_to_string(repo_path(&format!("tests/data/project/derive/{f}")))
                .unwrap_or_else(|e| panic!("{f}: {e}"))
        })
        .collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let mut schemas = Schema::parse_list(refs).unwrap_or_else(|e| panic!("{files:?}: {e}"));
    schemas.pop().unwrap()
}

/// A schema JSON read by avro-schema (the generator's front-end), without what depends on the
/// text's layout (source positions, whether a namespace was written or inherited), so two
/// spellings of one schema compare equal: names, docs, aliases, defaults, orders, logical types
/// and custom attributes all count.
fn read_back(json: &str) -> SchemaSet {
    let value = parse_json_exact(json).unwrap_or_else(|e| panic!("not JSON ({e}): {json}"));
    let mut set = validate_json(Path::new("derived"), &value)
        .into_result()
        .map(|(set, _warnings)| set)
        .unwrap_or_else(|e| panic!("avro-schema rejects {json}: {e}"));
    for named in &mut set.named {
        named.source.file = Default::default();
        named.source.json_path.clear();
        named.explicit_namespace = false;
        if let NamedKind::Record { fields, .. } = &mut named.kind {
            for field in fields {
                field.json_path.clear();
            }
        }
    }
    for root in &mut set.roots {
        root.file = Default::default();
    }
    set
}

/// The derived type `D` has the schema of the generated type `G` compiled from `files` (the
/// last one defines it):
///
/// * the same canonical form and fingerprints;
/// * the same full schema: both JSON texts read back by avro-schema to equal schemas (docs,
///   aliases, defaults, orders and logical types included; the texts themselves may spell
///   references differently);
/// * apache-avro parses the derived JSON to the schema it reads from the generated JSON, and
///   from the hand-written file when that stands alone (apache-avro keeps a type of another file
///   as a reference, so a file that uses one reads back differently from a self-contained JSON).
fn assert_same_schema<D: AvroSchema, G: AvroSchema>(files: &[&str]) {
    assert_eq!(
        D::CANONICAL_FORM,
        G::CANONICAL_FORM,
        "canonical form of {files:?}"
    );
    assert_eq!(D::RABIN_FINGERPRINT, G::RABIN_FINGERPRINT);
    assert_eq!(D::MD5_FINGERPRINT, G::MD5_FINGERPRINT);
    assert_eq!(D::SHA256_FINGERPRINT, G::SHA256_FINGERPRINT);
    let ours = read_back(D::SCHEMA_JSON);
    assert_eq!(
        canonical_form(&ours, &ours.roots[0].schema),
        D::CANONICAL_FORM,
        "avro-schema's canonical form of {}",
        D::SCHEMA_JSON
    );
    assert!(
        ours == read_back(G::SCHEMA_JSON),
        "different full schemas:\n  derived:   {}\n  generated: {}",
        D::SCHEMA_JSON,
        G::SCHEMA_JSON
    );
    let parsed = Schema::parse_str(D::SCHEMA_JSON)
        .unwrap_or_else(|e| panic!("apache-avro rejects {}: {e}", D::SCHEMA_JSON));
    let generated = Schema::parse_str(G::SCHEMA_JSON).unwrap();
    assert_eq!(parsed, generated, "apache-avro's reading of {files:?}");
    assert_eq!(parsed.canonical_form(), generated.canonical_form());
    if let [file] = files {
        let hand_written = apache_parse_files(&[file]);
        assert_eq!(parsed, hand_written, "apache-avro's reading of {file}");
        assert_eq!(parsed.canonical_form(), hand_written.canonical_form());
    }
}

#[test]
fn account_schema_equals_the_hand_written_one() {
    assert_same_schema::<Account, generated::account::com::example::derive::Account>(&[
        "address.avsc",
        "account.avsc",
    ]);
}

#[test]
fn timeline_schema_equals_the_hand_written_one() {
    assert_same_schema::<Temporal, generated::timeline::com::example::derive::Timeline>(&[
        "timeline.avsc",
    ]);
}

#[test]
fn union_schema_equals_the_hand_written_one() {
    assert_same_schema::<ShapeHolder, generated::shape_holder::com::example::derive::ShapeHolder>(
        &["address.avsc", "shape_holder.avsc"],
    );
    // The enum's own schema is the union, complete (every named type defined at first use).
    let holder = ShapeHolder::CANONICAL_FORM;
    let prefix = r#"{"name":"com.example.derive.ShapeHolder","type":"record","fields":[{"name":"shape","type":"#;
    assert!(holder.starts_with(prefix), "{holder}");
    assert!(holder[prefix.len()..].starts_with(Shape::CANONICAL_FORM));
    let parsed = Schema::parse_str(Shape::SCHEMA_JSON).unwrap();
    assert_eq!(parsed.canonical_form(), Shape::CANONICAL_FORM);
}

#[test]
fn recursive_schema_equals_the_hand_written_one() {
    assert_same_schema::<Tree, generated::tree::com::example::derive::tree::TreeNode>(&[
        "tree.avsc",
    ]);
}

#[test]
fn borrowed_schema_equals_the_hand_written_one() {
    assert_same_schema::<Borrowed<'_>, generated::borrowed::com::example::derive::Borrowed>(&[
        "borrowed.avsc",
    ]);
}

#[test]
fn generic_schemas_follow_their_parameter() {
    assert_same_schema::<
        Envelope<Address>,
        generated::envelope_address::com::example::derive::Envelope,
    >(&["address.avsc", "envelope_address.avsc"]);
    assert_same_schema::<
        Envelope<String>,
        generated::envelope_string::com::example::derive::Envelope,
    >(&["envelope_string.avsc"]);
}

#[test]
fn narrow_schema_equals_the_hand_written_one() {
    assert_same_schema::<Narrow, generated::narrow::com::example::derive::Narrow>(&["narrow.avsc"]);
}

#[test]
fn newtypes_have_their_fields_schema_and_enums_their_own() {
    assert_eq!(UserId::SCHEMA_JSON, r#""long""#);
    assert_eq!(<UserId as AvroType>::SCHEMA, <i64 as AvroType>::SCHEMA);
    assert_eq!(
        Md5::SCHEMA_JSON,
        r#"{"type":"fixed","name":"Md5","namespace":"com.example.derive","doc":"An MD5 digest.","size":16}"#
    );
    assert_eq!(
        Status::SCHEMA_JSON,
        r#"{"type":"enum","name":"Status","namespace":"com.example.derive","doc":"Lifecycle of an account.","symbols":["ACTIVE","ON_HOLD","GONE"],"default":"ON_HOLD"}"#
    );
    assert_eq!(
        Priority::CANONICAL_FORM,
        r#"{"name":"com.example.other.Priority","type":"enum","symbols":["LOW","HIGH"]}"#
    );
}

// ---------------------------------------------------------------------------------------------
// Values: derived types as apache-avro `Value`s, converted independently of our codec.
// ---------------------------------------------------------------------------------------------

fn record(fields: Vec<(&str, Value)>) -> Value {
    Value::Record(
        fields
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}

fn union_of(index: u32, value: Value) -> Value {
    Value::Union(index, Box::new(value))
}

fn option(value: Option<Value>) -> Value {
    match value {
        None => union_of(0, Value::Null),
        Some(v) => union_of(1, v),
    }
}

fn map_of<'m, K: ToString + 'm, V: 'm>(
    entries: impl IntoIterator<Item = (&'m K, &'m V)>,
    f: impl Fn(&V) -> Value,
) -> Value {
    Value::Map(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_string(), f(v)))
            .collect(),
    )
}

fn array_of<T>(items: &[T], f: impl Fn(&T) -> Value) -> Value {
    Value::Array(items.iter().map(f).collect())
}

fn string(s: &str) -> Value {
    Value::String(s.to_string())
}

fn address(a: &Address) -> Value {
    a.to_apache_value().unwrap()
}

fn account_value(a: &Account) -> Value {
    record(vec![
        ("accountId", Value::Long(a.account_id)),
        ("name", string(&a.display_name)),
        ("active", Value::Boolean(a.active)),
        ("score", Value::Float(a.score)),
        ("balance", Value::Double(a.balance)),
        ("nickname", option(a.nickname.as_deref().map(string))),
        ("tags", array_of(&a.tags, |t| string(t))),
        ("limits", map_of(&a.limits, |v| Value::Long(*v))),
        (
            "history",
            map_of(&a.history, |v| array_of(v, |i| Value::Int(*i))),
        ),
        ("avatar", Value::Bytes(a.avatar.clone())),
        ("checksum", Value::Fixed(16, a.checksum.to_vec())),
        ("status", status_value(a.status)),
        ("userId", Value::Long(a.user_id.0)),
        ("digest", Value::Fixed(16, a.digest.0.to_vec())),
        ("home", address(&a.home)),
        ("previousHomes", array_of(&a.previous_homes, address)),
        ("rank", Value::Int(a.rank)),
        ("nothing", Value::Null),
        ("parent", option(a.parent.as_deref().map(account_value))),
    ])
}

fn status_value(s: Status) -> Value {
    match s {
        Status::Active => Value::Enum(0, "ACTIVE".into()),
        Status::OnHold => Value::Enum(1, "ON_HOLD".into()),
        Status::Closed => Value::Enum(2, "GONE".into()),
    }
}

fn epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()
}

fn chrono_days(d: &NaiveDate) -> i32 {
    (*d - epoch()).num_days() as i32
}

fn chrono_micros_of_day(t: &NaiveTime) -> i64 {
    i64::from(t.num_seconds_from_midnight()) * 1_000_000 + i64::from(t.nanosecond() / 1_000)
}

/// Julian day number of 1970-01-01.
const UNIX_EPOCH_JULIAN_DAY: i32 = 2_440_588;

fn time_nanos_of_day(t: &Time) -> i64 {
    let (h, m, s, n) = t.as_hms_nano();
    (i64::from(h) * 3600 + i64::from(m) * 60 + i64::from(s)) * 1_000_000_000 + i64::from(n)
}

/// `v` as the minimal two's-complement bytes of its unscaled value at `scale`.
fn rust_decimal_value(v: &RustDecimal, scale: u32) -> Value {
    let unscaled = v.mantissa() * 10i128.pow(scale - v.scale());
    Value::Decimal(apache_avro::Decimal::from(min_twos(unscaled)))
}

fn temporal_value(t: &Temporal) -> Value {
    record(vec![
        ("day", Value::Date(t.day.0)),
        ("time_millis", Value::TimeMillis(t.time_millis.0)),
        ("time_micros", Value::TimeMicros(t.time_micros.0)),
        ("ts_millis", Value::TimestampMillis(t.ts_millis.0)),
        ("ts_micros", Value::TimestampMicros(t.ts_micros.0)),
        ("ts_nanos", Value::TimestampNanos(t.ts_nanos.0)),
        (
            "local_millis",
            Value::LocalTimestampMillis(t.local_millis.0),
        ),
        (
            "local_micros",
            Value::LocalTimestampMicros(t.local_micros.0),
        ),
        ("local_nanos", Value::LocalTimestampNanos(t.local_nanos.0)),
        ("chrono_day", Value::Date(chrono_days(&t.chrono_day))),
        (
            "chrono_time",
            Value::TimeMicros(chrono_micros_of_day(&t.chrono_time)),
        ),
        (
            "chrono_time_ms",
            Value::TimeMillis((chrono_micros_of_day(&t.chrono_time_ms) / 1_000) as i32),
        ),
        (
            "chrono_ts",
            Value::TimestampMicros(t.chrono_ts.timestamp_micros()),
        ),
        (
            "chrono_ts_ms",
            Value::TimestampMillis(t.chrono_ts_ms.timestamp_millis()),
        ),
        (
            "chrono_ts_ns",
            Value::TimestampNanos(t.chrono_ts_ns.timestamp_nanos_opt().unwrap()),
        ),
        (
            "chrono_local",
            Value::LocalTimestampMicros(t.chrono_local.and_utc().timestamp_micros()),
        ),
        (
            "chrono_local_ns",
            Value::LocalTimestampNanos(t.chrono_local_ns.and_utc().timestamp_nanos_opt().unwrap()),
        ),
        (
            "time_day",
            Value::Date(t.time_day.to_julian_day() - UNIX_EPOCH_JULIAN_DAY),
        ),
        (
            "time_of_day",
            Value::TimeMicros(time_nanos_of_day(&t.time_of_day) / 1_000),
        ),
        (
            "time_ts",
            Value::TimestampMicros((t.time_ts.unix_timestamp_nanos() / 1_000) as i64),
        ),
        (
            "time_ts_ms",
            Value::TimestampMillis((t.time_ts_ms.unix_timestamp_nanos() / 1_000_000) as i64),
        ),
        (
            "time_local",
            Value::LocalTimestampMicros(
                (t.time_local.assume_utc().unix_timestamp_nanos() / 1_000) as i64,
            ),
        ),
        (
            "time_local_ms",
            Value::LocalTimestampMillis(
                (t.time_local_ms.assume_utc().unix_timestamp_nanos() / 1_000_000) as i64,
            ),
        ),
        ("raw_day", Value::Date(t.raw_day)),
        ("raw_time", Value::TimeMicros(t.raw_time)),
        (
            "maybe_ts",
            option(
                t.maybe_ts
                    .map(|v| Value::TimestampMillis(v.timestamp_millis())),
            ),
        ),
        ("days", array_of(&t.days, |d| Value::Date(chrono_days(d)))),
        ("id", Value::Uuid(t.id)),
        ("id_fixed", Value::Uuid(t.id_fixed)),
        ("id_text", Value::Uuid(Uuid::parse_str(&t.id_text).unwrap())),
        ("id_bytes", Value::Uuid(Uuid::from_bytes(t.id_bytes))),
        (
            "price",
            Value::Decimal(apache_avro::Decimal::from(t.price.unscaled_bytes())),
        ),
        (
            "fee",
            Value::Decimal(apache_avro::Decimal::from(t.fee.unscaled_bytes())),
        ),
        ("rate", rust_decimal_value(&t.rate, 6)),
        ("tax", rust_decimal_value(&t.tax, 3)),
        (
            "wait",
            Value::Duration(apache_avro::Duration::new(
                apache_avro::Months::new(t.wait.months),
                apache_avro::Days::new(t.wait.days),
                apache_avro::Millis::new(t.wait.millis),
            )),
        ),
        (
            "wait_raw",
            Value::Duration(apache_avro::Duration::from(t.wait_raw)),
        ),
        ("code", Value::Fixed(4, t.code.clone())),
    ])
}

fn shape_value(s: &Shape) -> Value {
    let (index, value) = match s {
        Shape::Empty => (0, Value::Null),
        Shape::Radius(r) => (1, Value::Double(*r)),
        Shape::Label(l) => (2, string(l)),
        Shape::Located(a) => (3, address(a)),
        Shape::Rect { width, height } => (
            4,
            record(vec![
                ("width", Value::Double(*width)),
                ("height", Value::Double(*height)),
            ]),
        ),
        Shape::Composite { name, parts, .. } => (
            5,
            record(vec![
                ("name", string(name)),
                ("parts", array_of(parts, shape_value)),
            ]),
        ),
        Shape::Tagged { tags, inner } => (
            6,
            record(vec![
                ("tags", map_of(tags, shape_value)),
                ("inner", shape_value(inner)),
            ]),
        ),
        Shape::Numbers(n) => (7, array_of(n, |v| Value::Long(*v))),
        Shape::Lookup(m) => (8, map_of(m, |v| string(v))),
        Shape::Flag(b) => (9, Value::Boolean(*b)),
        Shape::Count(c) => (10, Value::Int(*c)),
        Shape::Big(b) => (11, Value::Long(*b)),
        Shape::Ratio(r) => (12, Value::Float(*r)),
        Shape::Raw(b) => (13, Value::Bytes(b.clone())),
        Shape::Digest(m) => (14, Value::Fixed(16, m.0.to_vec())),
    };
    union_of(index, value)
}

fn holder_value(h: &ShapeHolder) -> Value {
    record(vec![
        ("shape", shape_value(&h.shape)),
        ("others", array_of(&h.others, shape_value)),
    ])
}

fn tree_value(t: &Tree) -> Value {
    record(vec![
        ("value", Value::Long(t.value)),
        ("children", array_of(&t.children, tree_value)),
        ("parent", option(t.parent.as_deref().map(tree_value))),
        ("index", map_of(&t.index, tree_value)),
    ])
}

fn borrowed_value(b: &Borrowed<'_>) -> Value {
    record(vec![
        ("name", string(b.name)),
        ("raw", Value::Bytes(b.raw.to_vec())),
        ("label", string(&b.label)),
        ("blob", Value::Bytes(b.blob.to_vec())),
        ("words", array_of(&b.words, |w| string(w))),
        ("index", map_of(&b.index, |v| string(v))),
        ("key", Value::Fixed(8, b.key.to_vec())),
        ("tag", Value::Fixed(4, b.tag.to_vec())),
        ("maybe", option(b.maybe.map(string))),
    ])
}

fn envelope_value(e: &Envelope<Address>) -> Value {
    record(vec![
        ("id", Value::Long(e.id)),
        ("payload", address(&e.payload)),
        ("history", array_of(&e.history, address)),
        ("latest", option(e.latest.as_ref().map(address))),
    ])
}

fn narrow_value(n: &Narrow) -> Value {
    let level = match n.level {
        Level::JustInfo => Value::Enum(0, "just_info".into()),
        Level::Warning => Value::Enum(1, "warning".into()),
        Level::HardError => Value::Enum(2, "hard_error".into()),
    };
    let priority = match n.priority {
        Priority::Low => Value::Enum(0, "LOW".into()),
        Priority::High => Value::Enum(1, "HIGH".into()),
    };
    record(vec![
        ("Tiny", Value::Int(n.tiny.into())),
        ("Small", Value::Int(n.small.into())),
        ("Port", Value::Int(n.port.into())),
        ("Count", Value::Long(n.count.into())),
        ("Total", Value::Long(n.total)),
        ("Level", level),
        ("Priority", priority),
    ])
}

// ---------------------------------------------------------------------------------------------
// Data: apache-avro's bytes decode to the datum; our bytes are apache-avro's.
// ---------------------------------------------------------------------------------------------

fn fail(e: impl std::fmt::Display) -> TestCaseError {
    TestCaseError::fail(e.to_string())
}

/// Our bytes against apache-avro's, for the datum `view` (apache-avro's decoding of them).
fn same_bytes(
    schema: &Schema,
    ours: &[u8],
    apache: &[u8],
    view: &Value,
) -> Result<(), TestCaseError> {
    if has_unordered_map(view) {
        prop_assert_eq!(ours.len(), apache.len());
        prop_assert_eq!(&apache_decode(schema, &[], ours).map_err(fail)?, view);
    } else {
        prop_assert_eq!(ours, apache);
    }
    Ok(())
}

/// apache-avro encodes `datum`; `T` decodes the bytes to the same datum and encodes it back to
/// the same bytes.
fn check<T>(schema: &Schema, datum: &Value, value_of: fn(&T) -> Value) -> Result<(), TestCaseError>
where
    T: for<'a> Decode<'a> + Encode,
{
    let apache_bytes = apache_encode(schema, &[], datum).map_err(fail)?;
    let view = apache_decode(schema, &[], &apache_bytes).map_err(fail)?;
    let ours = T::from_avro_slice(&apache_bytes).map_err(fail)?;
    prop_assert_eq!(value_of(&ours), view.clone());
    let our_bytes = ours.to_avro_vec().map_err(fail)?;
    same_bytes(schema, &our_bytes, &apache_bytes, &view)?;
    // Appending after existing content writes the same bytes.
    let mut appended = vec![0xa5];
    ours.encode(&mut appended).map_err(fail)?;
    prop_assert_eq!(&appended[1..], &our_bytes[..]);
    Ok(())
}

/// apache-avro's parse of the derived type's own `SCHEMA_JSON`.
fn schema_of<T: AvroSchema>() -> Schema {
    Schema::parse_str(T::SCHEMA_JSON).expect("apache-avro parses the derived schema")
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn account_round_trips_with_apache_avro(datum in arb_value(&schema_of::<Account>())) {
        check::<Account>(&schema_of::<Account>(), &datum, account_value)?;
    }

    #[test]
    fn every_logical_type_round_trips_with_apache_avro(datum in arb_value(&schema_of::<Temporal>())) {
        check::<Temporal>(&schema_of::<Temporal>(), &datum, temporal_value)?;
    }

    #[test]
    fn unions_round_trip_with_apache_avro(datum in arb_value(&schema_of::<ShapeHolder>())) {
        check::<ShapeHolder>(&schema_of::<ShapeHolder>(), &datum, holder_value)?;
    }

    #[test]
    fn recursive_records_round_trip_with_apache_avro(datum in arb_value(&schema_of::<Tree>())) {
        check::<Tree>(&schema_of::<Tree>(), &datum, tree_value)?;
    }

    #[test]
    fn generic_records_round_trip_with_apache_avro(
        datum in arb_value(&schema_of::<Envelope<Address>>())
    ) {
        check::<Envelope<Address>>(&schema_of::<Envelope<Address>>(), &datum, envelope_value)?;
    }

    #[test]
    fn borrowed_fields_decode_in_place(datum in arb_value(&schema_of::<Borrowed<'_>>())) {
        let schema = schema_of::<Borrowed<'_>>();
        let apache_bytes = apache_encode(&schema, &[], &datum).map_err(fail)?;
        let view = apache_decode(&schema, &[], &apache_bytes).map_err(fail)?;
        let ours = Borrowed::from_avro_slice(&apache_bytes).map_err(fail)?;
        prop_assert_eq!(borrowed_value(&ours), view.clone());
        // Every string and byte field points into the input: nothing was copied.
        let input = apache_bytes.as_ptr_range();
        let inside = |p: *const u8, len: usize| len == 0 || input.contains(&p);
        prop_assert!(inside(ours.name.as_ptr(), ours.name.len()));
        prop_assert!(inside(ours.raw.as_ptr(), ours.raw.len()));
        prop_assert!(matches!(ours.label, Cow::Borrowed(_)) && matches!(ours.blob, Cow::Borrowed(_)));
        prop_assert!(matches!(ours.tag, Cow::Borrowed(_)));
        prop_assert!(inside(ours.key.as_ptr(), 8));
        prop_assert!(ours.words.iter().all(|w| inside(w.as_ptr(), w.len())));
        let our_bytes = ours.to_avro_vec().map_err(fail)?;
        same_bytes(&schema, &our_bytes, &apache_bytes, &view)?;
    }

    #[test]
    fn narrow_integers_write_apache_avros_bytes(
        tiny in any::<i8>(),
        small in any::<i16>(),
        port in any::<u16>(),
        count in any::<u32>(),
        total in any::<i64>(),
        level in prop::sample::select(vec![Level::JustInfo, Level::Warning, Level::HardError]),
        priority in prop::sample::select(vec![Priority::Low, Priority::High]),
    ) {
        let value = Narrow { tiny, small, port, count, total, level, priority };
        let schema = schema_of::<Narrow>();
        let apache_bytes = apache_encode(&schema, &[], &narrow_value(&value)).map_err(fail)?;
        prop_assert_eq!(value.to_avro_vec().map_err(fail)?, apache_bytes.clone());
        prop_assert_eq!(Narrow::from_avro_slice(&apache_bytes).map_err(fail)?, value);
    }

    #[test]
    fn strings_of_a_generic_parameter_round_trip(
        id in any::<i64>(),
        payload in arb_string(),
        history in prop::collection::vec(arb_string(), 0..4),
        latest in prop::option::of(arb_string()),
    ) {
        let value = Envelope { id, payload, history, latest };
        let schema = schema_of::<Envelope<String>>();
        let datum = record(vec![
            ("id", Value::Long(value.id)),
            ("payload", string(&value.payload)),
            ("history", array_of(&value.history, |s| string(s))),
            ("latest", option(value.latest.as_deref().map(string))),
        ]);
        let apache_bytes = apache_encode(&schema, &[], &datum).map_err(fail)?;
        prop_assert_eq!(value.to_avro_vec().map_err(fail)?, apache_bytes.clone());
        prop_assert_eq!(Envelope::<String>::from_avro_slice(&apache_bytes).map_err(fail)?, value);
    }
}

// ---------------------------------------------------------------------------------------------
// Decoding edge cases.
// ---------------------------------------------------------------------------------------------

#[test]
fn skipped_fields_decode_to_their_default() {
    let holder = ShapeHolder {
        shape: Shape::Composite {
            name: "g".into(),
            parts: vec![Shape::Count(3)],
            cached: Some(9),
        },
        others: Vec::new(),
    };
    let bytes = holder.to_avro_vec().unwrap();
    let back = ShapeHolder::from_avro_slice(&bytes).unwrap();
    let Shape::Composite { cached, parts, .. } = back.shape else {
        panic!("wrong branch")
    };
    assert_eq!((cached, parts), (None, vec![Shape::Count(3)]));
}

#[test]
fn narrow_integers_out_of_range_are_errors_naming_the_field() {
    let schema = schema_of::<Narrow>();
    let mut value = narrow_value(&Narrow {
        tiny: 0,
        small: 0,
        port: 0,
        count: 0,
        total: 0,
        level: Level::JustInfo,
        priority: Priority::Low,
    });
    let Value::Record(fields) = &mut value else {
        unreachable!()
    };
    fields[2].1 = Value::Int(70_000);
    let bytes = apache_encode(&schema, &[], &value).unwrap();
    let err = Narrow::from_avro_slice(&bytes).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::OutOfRange(_)), "{err}");
    assert_eq!(err.field_path(), "Port");
    assert_eq!(err.offset(), Some(2));
}

#[test]
fn recursion_depth_is_bounded() {
    let mut tree = Tree {
        value: 0,
        children: Vec::new(),
        parent: None,
        index: BTreeMap::new(),
    };
    for value in 1..=200 {
        tree = Tree {
            value,
            children: Vec::new(),
            parent: Some(Box::new(tree)),
            index: BTreeMap::new(),
        };
    }
    let bytes = tree.to_avro_vec().unwrap();
    let err = Tree::from_avro_slice(&bytes).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::TooDeep { limit: 128 }),
        "{err}"
    );
    let mut reader = Reader::new(&bytes);
    reader.set_max_depth(300);
    assert_eq!(Tree::decode(&mut reader).unwrap(), tree);
    reader.finish().unwrap();

    let mut shape = Shape::Empty;
    for _ in 0..200 {
        shape = Shape::Tagged {
            tags: HashMap::new(),
            inner: Box::new(shape),
        };
    }
    let bytes = shape.to_avro_vec().unwrap();
    let err = Shape::from_avro_slice(&bytes).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::TooDeep { .. }), "{err}");
}

#[test]
fn encoding_values_a_fixed_cannot_hold_is_an_error() {
    let b = Borrowed {
        name: "",
        raw: b"",
        label: Cow::Borrowed(""),
        blob: Cow::Borrowed(b""),
        words: Vec::new(),
        index: HashMap::new(),
        key: b"too short",
        tag: Cow::Borrowed(b"abcd"),
        maybe: None,
    };
    let err = b.to_avro_vec().unwrap_err();
    assert_eq!(
        err.to_string(),
        "a fixed of 8 bytes cannot hold a value of 9 bytes"
    );
}

#[test]
fn truncated_input_is_an_error_at_every_length() {
    let account = Account {
        account_id: 7,
        display_name: "Ada".into(),
        active: true,
        score: 1.5,
        balance: -2.25,
        nickname: Some("a".into()),
        tags: vec!["x".into(), "y".into()],
        limits: HashMap::from([("daily".to_string(), 100)]),
        history: BTreeMap::from([("2024".to_string(), vec![1, 2, 3])]),
        avatar: vec![1, 2, 3],
        checksum: [9; 16],
        status: Status::Closed,
        user_id: UserId(42),
        digest: Md5([1; 16]),
        home: Address {
            street: "Main St".into(),
            zip: None,
        },
        previous_homes: Vec::new(),
        rank: -3,
        nothing: (),
        cached_total: 0,
        parent: None,
    };
    let bytes = account.to_avro_vec().unwrap();
    assert_eq!(Account::from_avro_slice(&bytes).unwrap(), account);
    for len in 0..bytes.len() {
        assert!(Account::from_avro_slice(&bytes[..len]).is_err(), "{len}");
    }
}

/// A map of a large value type.
#[derive(AvroSchema, Debug, PartialEq)]
struct Blobs {
    blobs: HashMap<String, Option<[u8; 4096]>>,
}

#[test]
fn map_blocks_do_not_reserve_far_beyond_the_input() {
    // 10,000 entries of two bytes each (key "", value None): one entry, and the count checked
    // at one byte per entry; reserving the whole count took ~60 MB for 20 KB of input.
    let entries = 10_000;
    let mut bytes = Vec::new();
    avro_runtime::encode::long(&mut bytes, entries);
    for _ in 0..entries {
        bytes.extend([0, 0]);
    }
    bytes.push(0);
    let decoded = Blobs::from_avro_slice(&bytes).unwrap();
    assert_eq!(decoded.blobs.len(), 1);
    assert!(
        decoded.blobs.capacity() < 64,
        "capacity {}",
        decoded.blobs.capacity()
    );
}

/// Maps in the writer's order (`IndexMap`, runtime feature `indexmap`).
#[derive(AvroSchema, Debug, PartialEq)]
struct Ordered {
    counts: avro_runtime::indexmap::IndexMap<String, i32>,
    nested: Vec<avro_runtime::indexmap::IndexMap<String, Option<String>>>,
}

#[test]
fn index_maps_keep_the_writers_entry_order() {
    assert_eq!(
        Ordered::CANONICAL_FORM,
        r#"{"name":"Ordered","type":"record","fields":[{"name":"counts","type":{"type":"map","values":"int"}},{"name":"nested","type":{"type":"array","items":{"type":"map","values":["null","string"]}}}]}"#
    );
    // Entries written in an order no sorted or hashed map would keep: z, a, m.
    let mut bytes = Vec::new();
    let write_string = |bytes: &mut Vec<u8>, s: &str| {
        avro_runtime::encode::string(bytes, s);
    };
    avro_runtime::encode::long(&mut bytes, 3);
    for (key, value) in [("z", 1), ("a", 2), ("m", 3)] {
        write_string(&mut bytes, key);
        avro_runtime::encode::int(&mut bytes, value);
    }
    bytes.push(0);
    avro_runtime::encode::long(&mut bytes, 1);
    avro_runtime::encode::long(&mut bytes, 2);
    write_string(&mut bytes, "y");
    bytes.push(2);
    write_string(&mut bytes, "v");
    write_string(&mut bytes, "b");
    bytes.push(0);
    bytes.push(0);
    bytes.push(0);
    let decoded = Ordered::from_avro_slice(&bytes).unwrap();
    let keys: Vec<&str> = decoded.counts.keys().map(String::as_str).collect();
    assert_eq!(keys, ["z", "a", "m"]);
    assert_eq!(decoded.nested[0].get("y"), Some(&Some("v".to_string())));
    assert_eq!(decoded.to_avro_vec().unwrap(), bytes);
    // apache-avro reads the same datum.
    let schema = Schema::parse_str(Ordered::SCHEMA_JSON).unwrap();
    let value = avro_tests::apache_decode(&schema, &[], &bytes).unwrap();
    let Value::Record(fields) = value else {
        panic!("a record")
    };
    assert_eq!(
        fields[0].1,
        Value::Map(HashMap::from([
            ("z".to_string(), Value::Int(1)),
            ("a".to_string(), Value::Int(2)),
            ("m".to_string(), Value::Int(3)),
        ]))
    );
}
