//! fastavro fixtures (tests/fixtures, made by scripts/make-fixtures.sh): every datum decodes with
//! the generated type of its schema to the value fastavro wrote (compared as apache-avro values,
//! field by field by name), and re-encodes to the same bytes.

use std::collections::BTreeSet;

use avro_tests::generated::root_codecs;
use avro_tests::{apache_decode, avro_json_to_value_with, fixture_index, has_unordered_map};

/// Schemas whose values apache-avro 0.22 cannot represent like we do: it cannot resolve the
/// first two (it registers `"namespace": ""` types nested in a namespace under that namespace),
/// rejects nested `"type": "error"`, keeps a decimal too large for its fixed (the specification
/// says to ignore such a logical type, as we do), and reads the non-standard `big-decimal` logical type that
/// this generator ignores (plain `bytes`, with a warning). Their fixtures are still decoded and
/// must re-encode to fastavro's exact bytes; only the value comparison through apache-avro is
/// impossible.
const APACHE_VALUE_DIFFERS: &[&str] = &[
    "apache__lang-java__avro-test-resources__TestRecordWithLogicalTypes.avsc",
    "project__invalid__tricky-valid-decimal-precision-too-big-for-fixed.avsc",
    "apache__lang-c__schema_tests__pass__namespace_null_enum",
    "apache__lang-c__schema_tests__pass__namespace_null_fixed",
    "apache__lang-java__compiler-test-resources__regression_error_field_in_record.avsc",
];

#[test]
fn fastavro_fixtures_decode_to_their_values_and_reencode_to_their_bytes() {
    let codecs = root_codecs();
    let mut datums = 0;
    let mut ordered_maps = 0;
    let mut units = BTreeSet::new();
    for entry in fixture_index() {
        let rel = entry.schema.trim_start_matches("tests/data/");
        let matching: Vec<_> = codecs.iter().filter(|c| c.schema_file == rel).collect();
        if matching.is_empty() {
            continue;
        }
        if APACHE_VALUE_DIFFERS.contains(&entry.name.as_str()) {
            for (bytes, _) in entry.datums() {
                for codec in &matching {
                    let decoded = (codec.decode_only_reencode)(&bytes)
                        .unwrap_or_else(|e| panic!("{}: decode failed: {e}", entry.name));
                    assert_eq!(decoded, bytes, "{}: re-encoded bytes", entry.name);
                }
                datums += 1;
            }
            continue;
        }
        let (schema, schemata) = entry.load_schema().unwrap();
        let refs: Vec<&apache_avro::Schema> = schemata.iter().collect();
        for (i, (bytes, datum)) in entry.datums().into_iter().enumerate() {
            let context = format!("{} datum {i}", entry.name);
            let expected = avro_json_to_value_with(&schema, &refs, &datum)
                .unwrap_or_else(|e| panic!("{context}: fixture JSON: {e}"));
            for codec in &matching {
                let decoded = (codec.decode)(&bytes)
                    .unwrap_or_else(|e| panic!("{context} ({}): decode failed: {e}", codec.unit));
                // The fastavro datum, and apache-avro's reading of the same bytes, must agree
                // with what the generated decoder produced.
                assert_eq!(
                    decoded.value, expected,
                    "{context} ({}): decoded value",
                    codec.unit
                );
                let apache_view = apache_decode(&schema, &refs, &bytes).unwrap();
                assert_eq!(
                    decoded.value, apache_view,
                    "{context} ({}): apache-avro's view",
                    codec.unit
                );
                // With `MapType::IndexMap` the writer's entry order is kept: the exact bytes.
                let keeps_order = codec.unit.ends_with("_index_map");
                if keeps_order && has_unordered_map(&apache_view) {
                    ordered_maps += 1;
                }
                if has_unordered_map(&apache_view) && !keeps_order {
                    assert_eq!(
                        decoded.reencoded.len(),
                        bytes.len(),
                        "{context}: re-encoded length"
                    );
                } else {
                    assert_eq!(
                        decoded.reencoded, bytes,
                        "{context} ({}): re-encoded bytes",
                        codec.unit
                    );
                }
                units.insert(codec.unit);
            }
            datums += 1;
        }
    }
    // The all-types and interop schemas, in every mapping, must have been exercised.
    for unit in [
        "all_types",
        "all_types_chrono",
        "all_types_time",
        "apache_schemas_interop",
    ] {
        assert!(units.contains(unit), "no fixture exercised {unit}");
    }
    assert!(datums >= 600, "only {datums} fixture datums checked");
    // Datums with maps of several entries, decoded and re-encoded byte for byte by IndexMap types.
    assert!(
        ordered_maps >= 100,
        "only {ordered_maps} datums with maps checked with IndexMap types"
    );
    eprintln!(
        "checked {datums} fixture datums over {} generated types ({ordered_maps} with maps re-encoded exactly by IndexMap types)",
        units.len()
    );
}
