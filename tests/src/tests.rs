//! Checks of the support module against both oracles: every fixture datum, converted with
//! `avro_json_to_value`, must encode with apache-avro to the fastavro bytes (and decode from
//! them); random `arb_value` datums must round-trip through apache-avro.

use crate::*;
use apache_avro::types::Value;
use apache_avro::Schema;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use std::collections::BTreeMap;

/// Fixtures where apache-avro 0.22 disagrees with fastavro / the specification, as
/// `(fixture, kind)`. The test fails if the list goes stale in either direction.
const KNOWN_DISAGREEMENTS: &[(&str, &str)] = &[
    // `{"type": "enum"/"fixed", "namespace": "", "name": "Z"}` nested in namespace `x`, then
    // referenced as `Z` from the null namespace. apache-avro parses the schema but registers
    // the type as `x.Z` (an empty namespace is treated as "inherit"), so name resolution
    // fails: "Unresolved schema reference: Z". fastavro and Java put it in the null namespace.
    (
        "apache__lang-c__schema_tests__pass__namespace_null_enum",
        "apache-avro cannot resolve the schema's names",
    ),
    (
        "apache__lang-c__schema_tests__pass__namespace_null_fixed",
        "apache-avro cannot resolve the schema's names",
    ),
    // A nested `{"type": "error", ...}` (allowed by Java's schema parser, an error is a record)
    // is rejected: "Unknown primitive type: org.apache.avro.specific.test.error".
    (
        "apache__lang-java__compiler-test-resources__regression_error_field_in_record.avsc",
        "apache-avro rejects the schema",
    ),
];

#[derive(Debug, Default)]
struct Outcome {
    /// datums whose bytes matched exactly
    exact: usize,
    /// datums that differ only by the order of map entries (`Value::Map` is a `HashMap`)
    map_order: usize,
    /// kind -> (count, first message)
    problems: BTreeMap<&'static str, (usize, String)>,
}

impl Outcome {
    fn problem(&mut self, kind: &'static str, msg: String) {
        let e = self.problems.entry(kind).or_insert((0, msg));
        e.0 += 1;
    }
}

fn has_multi_entry_map(v: &Value) -> bool {
    match v {
        Value::Map(m) => m.len() > 1 || m.values().any(has_multi_entry_map),
        Value::Array(items) => items.iter().any(has_multi_entry_map),
        Value::Record(fields) => fields.iter().any(|(_, v)| has_multi_entry_map(v)),
        Value::Union(_, v) => has_multi_entry_map(v),
        _ => false,
    }
}

fn check_fixture(entry: &FixtureEntry) -> Outcome {
    let mut out = Outcome::default();
    let (schema, includes) = match entry.load_schema() {
        Ok(s) => s,
        Err(e) => {
            out.problem("apache-avro rejects the schema", e);
            return out;
        }
    };
    let deps: Vec<&Schema> = includes.iter().collect();
    if let Err(e) = apache_encode(&schema, &deps, &Value::Null) {
        if e.contains("name resolution") {
            out.problem("apache-avro cannot resolve the schema's names", e);
            return out;
        }
    }
    for (n, (bytes, datum)) in entry.datums().into_iter().enumerate() {
        let at = format!("{}:{}", entry.name, n + 1);
        let value = match avro_json_to_value_with(&schema, &deps, &datum) {
            Ok(v) => v,
            Err(e) => {
                out.problem("JSON does not convert", format!("{at}: {e}"));
                continue;
            }
        };
        match apache_decode(&schema, &deps, &bytes) {
            Ok(decoded) if decoded == value => {}
            Ok(decoded) => out.problem(
                "apache-avro decodes the fixture bytes to another value",
                format!("{at}: decoded {decoded:?}, expected {value:?}"),
            ),
            Err(e) => out.problem(
                "apache-avro cannot decode the fixture bytes",
                format!("{at}: {e}"),
            ),
        }
        match apache_encode(&schema, &deps, &value) {
            Ok(ours) if ours == bytes => out.exact += 1,
            Ok(ours) => {
                let same_value = apache_decode(&schema, &deps, &ours).is_ok_and(|v| v == value);
                if has_multi_entry_map(&value) && ours.len() == bytes.len() && same_value {
                    out.map_order += 1;
                } else {
                    out.problem(
                        "apache-avro encodes other bytes",
                        format!(
                            "{at}: apache-avro {} vs fastavro {}",
                            bytes_to_hex(&ours),
                            bytes_to_hex(&bytes)
                        ),
                    );
                }
            }
            Err(e) => out.problem("apache-avro cannot encode the value", format!("{at}: {e}")),
        }
    }
    out
}

#[test]
fn every_fixture_encodes_to_the_oracle_bytes_with_apache_avro() {
    let index = fixture_index();
    let mut found: Vec<(String, &'static str)> = Vec::new();
    let mut report = String::new();
    let (mut exact, mut map_order) = (0, 0);
    for entry in &index {
        let o = check_fixture(entry);
        exact += o.exact;
        map_order += o.map_order;
        for (kind, (count, msg)) in &o.problems {
            report.push_str(&format!("\n{} [{kind}] x{count}: {msg}", entry.name));
            found.push((entry.name.clone(), kind));
        }
    }
    eprintln!(
        "{} fixtures: {exact} datums byte-identical, {map_order} identical up to map entry order{}",
        index.len(),
        if report.is_empty() {
            String::new()
        } else {
            format!("; apache-avro disagreements:{report}")
        }
    );
    let known: Vec<(String, &str)> = KNOWN_DISAGREEMENTS
        .iter()
        .map(|(f, k)| (f.to_string(), *k))
        .collect();
    let new: Vec<_> = found.iter().filter(|f| !known.contains(f)).collect();
    let gone: Vec<_> = known.iter().filter(|k| !found.contains(k)).collect();
    assert!(
        new.is_empty(),
        "new disagreements (fix, or explain in KNOWN_DISAGREEMENTS): {new:?}{report}"
    );
    assert!(
        gone.is_empty(),
        "KNOWN_DISAGREEMENTS lists fixed problems, remove them: {gone:?}"
    );
    let expected: usize = index
        .iter()
        .filter(|e| !KNOWN_DISAGREEMENTS.iter().any(|(f, _)| *f == e.name))
        .map(|e| e.datums)
        .sum();
    assert_eq!(
        exact + map_order,
        expected,
        "every datum of the other fixtures must match"
    );
    assert!(
        exact > expected / 2,
        "only {exact} datums matched byte for byte"
    );
}

fn round_trip(schema: &Schema, deps: &[&Schema], cases: u32) -> Result<(), String> {
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&arb_value_with(schema, deps), |value| {
            let bytes = apache_encode(schema, deps, &value).map_err(TestCaseError::fail)?;
            let back = apache_decode(schema, deps, &bytes).map_err(TestCaseError::fail)?;
            proptest::prop_assert_eq!(back, value);
            Ok(())
        })
        .map_err(|e| e.to_string())
}

#[test]
fn arb_all_types_round_trips_through_apache_avro() {
    let (schema, _) = load_schema("tests/data/project/all-types.avsc", &[]).unwrap();
    round_trip(&schema, &[], 200).unwrap();
}

#[test]
fn arb_interop_round_trips_through_apache_avro() {
    let (schema, _) = load_schema("tests/data/apache/schemas/interop.avsc", &[]).unwrap();
    round_trip(&schema, &[], 200).unwrap();
}

#[test]
fn arb_every_fixture_schema_round_trips_through_apache_avro() {
    let mut failures = Vec::new();
    for entry in fixture_index() {
        let Ok((schema, includes)) = entry.load_schema() else {
            continue; // reported by the fixture test
        };
        let deps: Vec<&Schema> = includes.iter().collect();
        if apache_encode(&schema, &deps, &Value::Null).is_err_and(|e| e.contains("name resolution"))
        {
            continue; // apache-avro cannot resolve the names: reported by the fixture test
        }
        if let Err(e) = round_trip(&schema, &deps, 25) {
            failures.push(format!("{}: {e}", entry.name));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn arb_values_convert_back_from_avro_json_shapes() {
    // The all-types fixtures contain every value shape; a random value of the same schema
    // must use the same variants (checked structurally, variant by variant).
    fn shape(v: &Value, out: &mut Vec<String>, path: String) {
        match v {
            Value::Record(f) => f
                .iter()
                .for_each(|(n, v)| shape(v, out, format!("{path}.{n}"))),
            Value::Union(i, v) => shape(v, out, format!("{path}<{i}>")),
            Value::Array(items) => items
                .iter()
                .for_each(|v| shape(v, out, format!("{path}[]"))),
            Value::Map(m) => m
                .values()
                .for_each(|v| shape(v, out, format!("{path}{{}}"))),
            other => {
                let kind = format!("{other:?}");
                let kind = kind.split('(').next().unwrap_or("").to_owned();
                out.push(format!("{path}: {kind}"));
            }
        }
    }
    let (schema, _) = load_schema("tests/data/project/all-types.avsc", &[]).unwrap();
    let mut from_fixtures = std::collections::BTreeSet::new();
    for (_, datum) in fixtures("project__all-types.avsc") {
        let mut v = Vec::new();
        shape(
            &avro_json_to_value(&schema, &datum).unwrap(),
            &mut v,
            String::new(),
        );
        from_fixtures.extend(v);
    }
    let mut from_arb = std::collections::BTreeSet::new();
    let mut runner = TestRunner::deterministic();
    let strategy = arb_value(&schema);
    for _ in 0..300 {
        use proptest::strategy::{Strategy, ValueTree};
        let mut v = Vec::new();
        shape(
            &strategy.new_tree(&mut runner).unwrap().current(),
            &mut v,
            String::new(),
        );
        from_arb.extend(v);
    }
    let only_fixtures: Vec<_> = from_fixtures.difference(&from_arb).collect();
    let only_arb: Vec<_> = from_arb.difference(&from_fixtures).collect();
    // Recursive paths differ in reach (the oracle stops earlier); skip paths through a
    // recursive type, i.e. with a field name twice.
    let shallow = |p: &&String| {
        let names: Vec<&str> = p
            .split(['.', ':'])
            .map(|s| s.split(['<', '[', '{']).next().unwrap_or(""))
            .filter(|s| !s.is_empty())
            .collect();
        let mut unique = names.clone();
        unique.sort();
        unique.dedup();
        unique.len() == names.len()
    };
    let only_fixtures: Vec<_> = only_fixtures.into_iter().filter(shallow).collect();
    let only_arb: Vec<_> = only_arb.into_iter().filter(shallow).collect();
    assert!(
        only_fixtures.is_empty() && only_arb.is_empty(),
        "shapes only in fixtures: {only_fixtures:?}\nshapes only in arb_value: {only_arb:?}"
    );
}
