//! The Avro JSON encoding of generated types (`Config::avro_json`, runtime feature `json`)
//! against fastavro's, on every fixture datum (tests/fixtures/json, made by
//! scripts/make-json-fixtures.sh), plus reading errors with their messages, NaN and infinities,
//! and a round trip of random values.

use std::collections::BTreeSet;

use apache_avro::types::Value as ApacheValue;
use apache_avro::Schema;
use avro_runtime::json::{serde_json, FromAvroJson, ToAvroJson};
use avro_runtime::{Decode, Encode};
use avro_tests::generated::{self as g, files_without_root_type, root_codecs};
use avro_tests::{
    apache_encode, arb_value, avro_json_to_value_with, fixture_index, has_unordered_map,
    load_schema, parse_json_exact, repo_path, FixtureEntry,
};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use serde_json::{json, Value};

/// fastavro's Avro JSON of each datum of a fixture, one line per datum.
fn fastavro_json_lines(entry: &FixtureEntry) -> Vec<String> {
    let path = repo_path(&format!("tests/fixtures/json/{}.jsonl", entry.name));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.lines().map(str::to_owned).collect()
}

/// Whether some datum of the fixture's schema may re-encode its map entries in another order:
/// true when the datum, as apache-avro values, holds a map of several entries. `None` when
/// apache-avro cannot represent the schema's values (see `APACHE_VALUE_DIFFERS` in
/// tests/fixtures.rs); those schemas have no maps, and their bytes must match exactly.
fn unordered_maps(entry: &FixtureEntry, datum: &Value) -> Option<bool> {
    let (schema, schemata) = entry.load_schema().ok()?;
    let refs: Vec<&Schema> = schemata.iter().collect();
    let value = avro_json_to_value_with(&schema, &refs, datum).ok()?;
    Some(has_unordered_map(&value))
}

/// For every fixture datum and every generated type of its schema (all logical-type mappings):
/// the generated type decodes fastavro's bytes and writes exactly fastavro's Avro JSON; reading
/// fastavro's JSON and encoding it gives fastavro's bytes again.
///
/// Comparison is of `serde_json::Value`s, both parsed exactly (serde_json's `float_roundtrip`,
/// and `parse_json_exact` for fastavro's lines): a float is written by us as the `f64` it is (a
/// `float` widened exactly), by fastavro as Python's shortest `repr` of the same double, so the
/// parsed numbers are equal bit for bit whatever their spelling (`1e-05` / `1e-5`, `1e+16` /
/// `1e16`). Two normalisations only: object members compare as sets (serde_json's map
/// equality), which matters only for Avro maps whose entry order a `HashMap` does not keep;
/// and `-0.0 == 0.0` as numbers, so the sign of zero is checked by the byte comparison instead.
#[test]
fn json_equals_fastavros_and_reads_back_to_fastavros_bytes() {
    let codecs = root_codecs();
    let without_root_type = files_without_root_type();
    let mut checked = 0;
    let mut units = BTreeSet::new();
    for entry in fixture_index() {
        let rel = entry.schema.trim_start_matches("tests/data/");
        let matching: Vec<_> = codecs.iter().filter(|c| c.schema_file == rel).collect();
        if matching.is_empty() {
            // A schema whose top level is a primitive has no generated type to test.
            assert!(
                without_root_type.contains(&rel),
                "{}: no generated type decodes this fixture",
                entry.name
            );
            continue;
        }
        let lines = fastavro_json_lines(&entry);
        let datums = entry.datums();
        assert_eq!(
            lines.len(),
            datums.len(),
            "{}: one JSON line per datum",
            entry.name
        );
        for (i, ((bytes, datum), line)) in datums.iter().zip(&lines).enumerate() {
            let context = format!("{} datum {i}", entry.name);
            let fastavro = parse_json_exact(line)
                .unwrap_or_else(|e| panic!("{context}: fastavro's JSON: {e}: {line}"));
            let unordered = unordered_maps(&entry, datum);
            for codec in &matching {
                let context = format!("{context} ({})", codec.unit);
                let ours = (codec.to_json)(bytes)
                    .unwrap_or_else(|e| panic!("{context}: writing JSON failed: {e}"));
                let ours_value = parse_json_exact(&ours)
                    .unwrap_or_else(|e| panic!("{context}: our JSON does not parse: {e}: {ours}"));
                assert_eq!(ours_value, fastavro, "{context}: JSON of the decoded datum");

                let back = (codec.from_json)(line)
                    .unwrap_or_else(|e| panic!("{context}: reading fastavro's JSON failed: {e}"));
                if unordered == Some(true) {
                    assert_eq!(back.len(), bytes.len(), "{context}: re-encoded length");
                    let again = (codec.to_json)(&back).unwrap();
                    assert_eq!(
                        parse_json_exact(&again).unwrap(),
                        fastavro,
                        "{context}: JSON of the re-encoded datum"
                    );
                } else {
                    assert_eq!(
                        &back, bytes,
                        "{context}: bytes of fastavro's JSON read back"
                    );
                }
                units.insert(codec.unit);
            }
            checked += 1;
        }
    }
    // Every logical-type mapping was exercised.
    for unit in [
        "all_types",
        "all_types_chrono",
        "all_types_time",
        "apache_schemas_interop",
        "multiple_file",
    ] {
        assert!(units.contains(unit), "no fixture exercised {unit}");
    }
    assert!(checked >= 2300, "only {checked} fixture datums checked");
    eprintln!(
        "checked {checked} fixture datums over {} generated units",
        units.len()
    );
}

// -------------------------------------------------------------------------------------------------
// Reading errors: what and where.

type AllTypes = g::all_types::org::example::oracle::AllTypes;
type AllTypesChrono = g::all_types_chrono::org::example::oracle::AllTypes;

/// A valid all-types datum in Avro JSON (the first fixture line), to be broken by each test.
fn all_types_json() -> Value {
    let entry = fixture_index()
        .into_iter()
        .find(|e| e.name == "project__all-types.avsc")
        .expect("the all-types fixture");
    parse_json_exact(&fastavro_json_lines(&entry)[0]).unwrap()
}

/// The message of reading `json` as `T`, which must fail.
fn error_of<T: FromAvroJson + std::fmt::Debug>(json: &Value) -> String {
    T::from_avro_json(json)
        .expect_err("reading must fail")
        .to_string()
}

#[test]
fn unknown_union_branch() {
    let mut json = all_types_json();
    json["f_union3"] = json!({"Point": {"x": 1.0, "y": 2.0}});
    assert_eq!(
        error_of::<AllTypes>(&json),
        r#"at $.f_union3: unknown union branch "Point"; the branches are "string", "long", "org.example.oracle.Point" (a named type is written with its full name, "org.example.oracle.Point")"#
    );
    json["f_union3"] = json!({"int": 5});
    assert_eq!(
        error_of::<AllTypes>(&json),
        r#"at $.f_union3: unknown union branch "int"; the branches are "string", "long", "org.example.oracle.Point""#
    );
    json["f_union3"] = Value::Null;
    assert_eq!(
        error_of::<AllTypes>(&json),
        r#"at $.f_union3: found null, but the union has no null branch; the branches are "string", "long", "org.example.oracle.Point""#
    );
    // A union value that is not wrapped in its branch.
    json["f_union3"] = json!("text");
    assert_eq!(
        error_of::<AllTypes>(&json),
        r#"at $.f_union3: expected a union value (null or {"<branch>": value}), found "text""#
    );
}

#[test]
fn bytes_above_u00ff() {
    let mut json = all_types_json();
    json["f_bytes"] = json!("ab\u{100}");
    assert_eq!(
        error_of::<AllTypes>(&json),
        "at $.f_bytes: bytes must be a string of code points U+0000 to U+00FF, found U+0100 'Ā' at character 2"
    );
    let mut json = all_types_json();
    json["f_bytes_or_string"] = json!({"bytes": "€"});
    assert_eq!(
        error_of::<AllTypes>(&json),
        r#"at $.f_bytes_or_string["bytes"]: bytes must be a string of code points U+0000 to U+00FF, found U+20AC '€' at character 0"#
    );
}

#[test]
fn fixed_of_the_wrong_length() {
    let mut json = all_types_json();
    json["f_fixed"] = json!("abc");
    assert_eq!(
        error_of::<AllTypes>(&json),
        "at $.f_fixed: expected a fixed of 16 bytes, found a string of 3 characters"
    );
    // The same for logical types on fixed, in every mapping.
    let mut json = all_types_json();
    json["f_duration"] = json!("\u{0}".repeat(13));
    assert_eq!(
        error_of::<AllTypes>(&json),
        "at $.f_duration: expected a fixed of 12 bytes, found a string of 13 characters"
    );
    let mut json = all_types_json();
    json["f_uuid_fixed"] = json!("");
    assert_eq!(
        error_of::<AllTypesChrono>(&json),
        "at $.f_uuid_fixed: expected a fixed of 16 bytes, found a string of 0 characters"
    );
}

#[test]
fn numbers_out_of_range() {
    let mut json = all_types_json();
    json["f_int"] = json!(2_147_483_648u64);
    assert_eq!(
        error_of::<AllTypes>(&json),
        "at $.f_int: int value 2147483648 does not fit in 32 bits"
    );
    let mut json = all_types_json();
    json["f_array_of_records"] = json!([
        {"a": 1, "b": "x", "suit": "HEARTS"},
        {"a": -3_000_000_000i64, "b": "y", "suit": "CLUBS"}
    ]);
    assert_eq!(
        error_of::<AllTypes>(&json),
        "at $.f_array_of_records[1].a: int value -3000000000 does not fit in 32 bits"
    );
    let mut json = all_types_json();
    json["f_long"] = json!(1.5);
    assert_eq!(
        error_of::<AllTypes>(&json),
        "at $.f_long: expected a long, found 1.5"
    );
    let mut json = all_types_json();
    json["f_float"] = json!(1e39);
    assert_eq!(
        error_of::<AllTypes>(&json),
        "at $.f_float: float value 1e+39 is beyond the range of a 32-bit float"
    );
    // A date chrono cannot hold: the conversion's error, at the field.
    let mut json = all_types_json();
    json["f_date"] = json!(i32::MAX);
    assert_eq!(
        error_of::<AllTypesChrono>(&json),
        "at $.f_date: value out of range: date 2147483647 days from 1970-01-01 is outside the range of chrono::NaiveDate"
    );
}

#[test]
fn missing_fields_take_their_defaults_or_fail() {
    let mut json = all_types_json();
    let record = json.as_object_mut().unwrap();
    record.remove("f_int");
    assert_eq!(
        error_of::<AllTypes>(&json),
        r#"at $: missing field "f_int" of record org.example.oracle.AllTypes, which has no default"#
    );

    let mut json = all_types_json();
    let record = json.as_object_mut().unwrap();
    for field in [
        "f_opt_string",
        "f_string_or_null",
        "f_int_default",
        "f_bytes_default",
        "f_array_default",
        "f_map_default",
        "f_record_default",
    ] {
        assert!(record.remove(field).is_some(), "{field}");
    }
    json["f_record"].as_object_mut().unwrap().remove("b");
    let value = AllTypes::from_avro_json(&json).unwrap();
    assert_eq!(value.f_opt_string, None);
    assert_eq!(value.f_string_or_null.as_deref(), Some("none"));
    assert_eq!(value.f_int_default, 42);
    assert_eq!(value.f_bytes_default, [0xff, 0, b'a', b'b']);
    assert_eq!(value.f_array_default, [1, 2, 3]);
    assert!(value.f_map_default.is_empty());
    assert_eq!(
        (value.f_record_default.x, value.f_record_default.y),
        (1.5, -2.0)
    );
    assert_eq!(value.f_record.b, "x");
    // Written back, every field is there.
    let written = value.to_avro_json().unwrap();
    assert_eq!(written["f_int_default"], json!(42));
    assert_eq!(written["f_record"]["b"], json!("x"));
    assert_eq!(written["f_string_or_null"], json!({"string": "none"}));

    let mut json = all_types_json();
    json["f_array_of_records"] = json!([{"a": 1, "b": "x"}]);
    assert_eq!(
        error_of::<AllTypes>(&json),
        r#"at $.f_array_of_records[0]: missing field "suit" of record org.example.other.Inner, which has no default"#
    );
}

#[test]
fn unknown_fields_are_errors() {
    let mut json = all_types_json();
    json["f_record"]["c"] = json!(1);
    assert_eq!(
        error_of::<AllTypes>(&json),
        r#"at $.f_record: unknown field "c" in record org.example.other.Inner; its fields are "a", "b", "suit""#
    );
}

#[test]
fn wrong_json_types() {
    let mut json = all_types_json();
    json["f_string"] = json!(5);
    assert_eq!(
        error_of::<AllTypes>(&json),
        "at $.f_string: expected a string, found 5"
    );
    let mut json = all_types_json();
    json["f_enum"] = json!("JOKER");
    assert_eq!(
        error_of::<AllTypes>(&json),
        r#"at $.f_enum: unknown symbol "JOKER" of enum org.example.oracle.Suit; the symbols are "SPADES", "HEARTS", "DIAMONDS", "CLUBS""#
    );
    let mut json = all_types_json();
    json["f_map"] = json!([1, 2]);
    assert_eq!(
        error_of::<AllTypes>(&json),
        "at $.f_map: expected a map (an object), found an array of 2 items"
    );
    let mut json = all_types_json();
    json["f_nested_collections"] = json!([{"m": [1, 2, "3"]}]);
    assert_eq!(
        error_of::<AllTypes>(&json),
        r#"at $.f_nested_collections[0]["m"][2]: expected an int, found "3""#
    );
    let mut json = all_types_json();
    json["f_map_of_unions"] = json!({"ok": null, "say \"hi\"": {"int": 1}});
    assert_eq!(
        error_of::<AllTypes>(&json),
        r#"at $.f_map_of_unions["say \"hi\""]: unknown union branch "int"; the branches are null, "org.example.oracle.MD5", "org.example.oracle.Suit""#
    );
    let mut json = all_types_json();
    json["f_list"] = json!({"value": 1, "next": {"org.example.oracle.LinkedList": {"value": 2, "next": {"org.example.oracle.LinkedList": {"value": true}}}}});
    assert_eq!(
        error_of::<AllTypes>(&json),
        r#"at $.f_list.next["org.example.oracle.LinkedList"].next["org.example.oracle.LinkedList"].value: expected an int, found true"#
    );
    let mut json = all_types_json();
    json["f_uuid"] = json!("not a uuid");
    assert_eq!(
        error_of::<AllTypesChrono>(&json),
        r#"at $.f_uuid: invalid UUID "not a uuid""#
    );
    assert_eq!(
        error_of::<AllTypes>(&json!([])),
        "at $: expected an object for record org.example.oracle.AllTypes, found an array of 0 items"
    );
    assert_eq!(
        AllTypes::from_avro_json_str("{\"f_null\": nul}")
            .unwrap_err()
            .to_string(),
        "invalid JSON: expected ident at line 1 column 15"
    );
}

#[test]
fn writing_fails_where_binary_encoding_fails() {
    let entry = fixture_index()
        .into_iter()
        .find(|e| e.name == "project__all-types.avsc")
        .unwrap();
    let (bytes, _) = entry.datums().remove(0);
    let mut value = AllTypes::from_avro_slice(&bytes).unwrap();
    value.f_decimal_bytes = avro_runtime::Decimal::from_i128(1, 3);
    let binary = value.to_avro_vec().unwrap_err();
    let json = value.to_avro_json().unwrap_err();
    assert_eq!(binary.kind(), json.kind());
    assert_eq!(
        json.to_string(),
        "at $.f_decimal_bytes: decimal scale 3 does not match the schema scale 2"
    );
}

// -------------------------------------------------------------------------------------------------
// Shapes that no fixture has.

mod edge {
    avro_derive::include_schema!("data/project/json-edge-shapes.avsc", avro_json = true);
}

// A record with a field of an uninhabited type has no values: its generated code (the binary
// codec's as well as the JSON one) matches on the empty type and leaves the code after that
// match unreachable, which rustc points out.
#[allow(unreachable_code)]
mod uninhabited {
    avro_derive::include_schema!("data/project/json-uninhabited.avsc", avro_json = true);
}

use edge::org::example::json::EdgeShapes;
use uninhabited::org::example::json::Uninhabited;

#[test]
fn null_collections_single_branch_unions_and_empty_types() {
    let text = r#"{"nulls":[null,null],"null_map":{"k":null},"only_null":null,"single":{"string":"s"},"empty":{},"one":"ONLY","zero":"","nested":[{"a":null,"b":{"org.example.json.Empty":{}},"c":{"org.example.json.One":"ONLY"}}],"null_last":null}"#;
    let value = EdgeShapes::from_avro_json_str(text).unwrap();
    assert_eq!(value.nulls.len(), 2);
    assert_eq!(value.single, "s");
    assert_eq!(value.null_last, None);
    assert_eq!(value.nested[0].len(), 3);
    assert_eq!(
        parse_json_exact(&value.to_avro_json_string().unwrap()).unwrap(),
        parse_json_exact(text).unwrap()
    );
    // Written as JSON and read back: the same value.
    let back = EdgeShapes::from_avro_json(&value.to_avro_json().unwrap()).unwrap();
    assert_eq!(back, value);

    let mut json = parse_json_exact(text).unwrap();
    json["nulls"] = json!([null, 0]);
    assert_eq!(
        error_of::<EdgeShapes>(&json),
        "at $.nulls[1]: expected null, found 0"
    );
    let mut json = parse_json_exact(text).unwrap();
    json["only_null"] = json!({"null": null});
    assert_eq!(
        error_of::<EdgeShapes>(&json),
        r#"at $.only_null: unknown union branch "null"; the branches are null"#
    );
    let mut json = parse_json_exact(text).unwrap();
    json["single"] = json!("s");
    assert_eq!(
        error_of::<EdgeShapes>(&json),
        r#"at $.single: expected a union value (null or {"<branch>": value}), found "s""#
    );
    let mut json = parse_json_exact(text).unwrap();
    json["zero"] = json!("\u{0}");
    assert_eq!(
        error_of::<EdgeShapes>(&json),
        "at $.zero: expected a fixed of 0 bytes, found a string of 1 character"
    );
    let mut json = parse_json_exact(text).unwrap();
    json["empty"] = json!({"x": 1});
    assert_eq!(
        error_of::<EdgeShapes>(&json),
        r#"at $.empty: unknown field "x" in record org.example.json.Empty; its fields are none"#
    );
}

#[test]
fn types_without_values_cannot_be_read() {
    assert_eq!(
        error_of::<Uninhabited>(&json!({"never": null, "no_symbol": "A"})),
        "at $.never: found null, but the union has no null branch; the branches are none"
    );
    assert_eq!(
        error_of::<Uninhabited>(&json!({"never": {"int": 1}, "no_symbol": "A"})),
        r#"at $.never: unknown union branch "int"; the branches are none"#
    );
}

// -------------------------------------------------------------------------------------------------
// NaN and infinities: JSON strings, read back.

#[test]
fn nan_and_infinities_are_strings() {
    let entry = fixture_index()
        .into_iter()
        .find(|e| e.name == "project__all-types.avsc")
        .unwrap();
    let (bytes, _) = entry.datums().remove(0);
    let mut value = AllTypes::from_avro_slice(&bytes).unwrap();
    value.f_float = f32::NAN;
    value.f_double = f64::NEG_INFINITY;
    value.f_num_union =
        g::all_types::org::example::oracle::UnionIntLongFloatDouble::Float(f32::INFINITY);
    value.f_record_default.x = f64::NAN;
    let json = value.to_avro_json().unwrap();
    assert_eq!(json["f_float"], json!("NaN"));
    assert_eq!(json["f_double"], json!("-Infinity"));
    assert_eq!(json["f_num_union"], json!({"float": "Infinity"}));
    assert_eq!(json["f_record_default"]["x"], json!("NaN"));
    let text = value.to_avro_json_string().unwrap();
    assert!(text.contains(r#""f_float":"NaN""#), "{text}");

    let back = AllTypes::from_avro_json_str(&text).unwrap();
    assert!(back.f_float.is_nan());
    assert_eq!(back.f_double, f64::NEG_INFINITY);
    assert!(back.f_record_default.x.is_nan());
    // "NaN" reads as the canonical quiet NaN, the one written here.
    assert_eq!(back.f_float.to_bits(), f32::NAN.to_bits());
    assert_eq!(back.f_record_default.x.to_bits(), f64::NAN.to_bits());
    assert_eq!(back.to_avro_json().unwrap(), json);

    let mut json = json;
    json["f_double"] = json!("-inf");
    assert_eq!(
        error_of::<AllTypes>(&json),
        r#"at $.f_double: expected a double (a number, "NaN", "Infinity" or "-Infinity"), found "-inf""#
    );
}

// -------------------------------------------------------------------------------------------------
// Random values: the JSON reads back to the same value and the same bytes.

fn round_trip<T>(schema: &Schema, datum: ApacheValue) -> Result<(), TestCaseError>
where
    T: for<'a> Decode<'a> + Encode + ToAvroJson + FromAvroJson + PartialEq + std::fmt::Debug,
{
    let fail = |e: avro_runtime::Error| TestCaseError::fail(e.to_string());
    let bytes = apache_encode(schema, &[], &datum).map_err(TestCaseError::fail)?;
    let value = T::from_avro_slice(&bytes).map_err(fail)?;
    let text = value.to_avro_json_string().map_err(fail)?;
    let back = T::from_avro_json_str(&text).map_err(fail)?;
    prop_assert_eq!(&back, &value);
    let back_bytes = back.to_avro_vec().map_err(fail)?;
    if has_unordered_map(&datum) {
        prop_assert_eq!(back_bytes.len(), bytes.len());
    } else {
        prop_assert_eq!(back_bytes, bytes);
    }
    Ok(())
}

fn all_types_schema() -> Schema {
    load_schema("tests/data/project/all-types.avsc", &[])
        .unwrap()
        .0
}

fn interop_schema() -> Schema {
    load_schema("tests/data/apache/schemas/interop.avsc", &[])
        .unwrap()
        .0
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_all_types_round_trip(datum in arb_value(&all_types_schema())) {
        round_trip::<AllTypes>(&all_types_schema(), datum)?;
    }

    #[test]
    fn random_all_types_chrono_round_trip(datum in arb_value(&all_types_schema())) {
        round_trip::<AllTypesChrono>(&all_types_schema(), datum)?;
    }

    #[test]
    fn random_all_types_time_round_trip(datum in arb_value(&all_types_schema())) {
        round_trip::<g::all_types_time::org::example::oracle::AllTypes>(&all_types_schema(), datum)?;
    }

    #[test]
    fn random_interop_round_trip(datum in arb_value(&interop_schema())) {
        round_trip::<g::apache_schemas_interop::org::apache::avro::Interop>(&interop_schema(), datum)?;
    }
}
