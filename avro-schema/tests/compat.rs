//! Compatibility checker tests: every case of `tests/data/project/compat-cases.jsonl` (Apache
//! Avro's Java and Python compatibility tests) gives Java's verdict, and [`check`] applies each
//! registry mode to a three-version history.

use std::fs;
use std::path::{Path, PathBuf};

use avro_schema::compat::{can_read, check, CompatibilityError, CompatibilityMode, Version};
use avro_schema::ir::SchemaSet;
use avro_schema::parse::parse_json;
use avro_schema::resolve::Side;
use avro_schema::validate::validate_json;
use serde_json::Value;

fn data(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/data/project")
        .join(rel)
}

/// Parses and validates one schema document (text as a file would hold it).
fn set(label: &str, text: &str) -> SchemaSet {
    let file = Path::new(label);
    let json = parse_json(file, text).unwrap_or_else(|d| panic!("{label}: {d}"));
    let v = validate_json(file, &json);
    match v.set {
        Some(set) => set,
        None => panic!(
            "{label} does not validate: {:?}",
            v.diagnostics
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
        ),
    }
}

fn side(set: &SchemaSet) -> Side<'_> {
    Side {
        set,
        schema: &set.roots[0].schema,
    }
}

#[test]
fn compat_cases_give_javas_verdict() {
    let text = fs::read_to_string(data("compat-cases.jsonl")).unwrap();
    let mut failures = Vec::new();
    let mut count = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).unwrap();
        let id = &case["id"];
        let writer = set("writer.avsc", &case["writer"].to_string());
        let reader = set("reader.avsc", &case["reader"].to_string());
        let expected = case["compatible"].as_bool().unwrap();
        let found = can_read(side(&reader), side(&writer));
        if found.is_empty() != expected {
            failures.push(format!(
                "case {id} ({} → {}): expected {}, got {:?} (Java: {})",
                case["writer_name"],
                case["reader_name"],
                if expected {
                    "compatible"
                } else {
                    "incompatible"
                },
                found,
                case["detail"]
            ));
        }
        count += 1;
    }
    assert_eq!(count, 142);
    assert!(
        failures.is_empty(),
        "{} of {count} cases fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn zz_print() {
    let text = fs::read_to_string(data("compat-cases.jsonl")).unwrap();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).unwrap();
        if case["compatible"].as_bool().unwrap() {
            continue;
        }
        let writer = set("writer.avsc", &case["writer"].to_string());
        let reader = set("reader.avsc", &case["reader"].to_string());
        for i in can_read(side(&reader), side(&writer)) {
            eprintln!(
                "{} r={:?} w={:?} dd={} {}",
                case["id"], i.reader_path, i.writer_path, i.data_dependent, i.message
            );
        }
    }
}
