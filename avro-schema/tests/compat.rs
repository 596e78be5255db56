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
fn every_incompatibility_of_a_pair_is_listed() {
    // Java's TestSchemaCompatibilityMultiple: Java reports 9 (the two missing enum symbols as
    // one); here each unreadable symbol is its own entry.
    let text = fs::read_to_string(data("compat-cases.jsonl")).unwrap();
    let case: Value = serde_json::from_str(text.lines().nth(141).unwrap()).unwrap();
    assert_eq!(case["id"], 142);
    let writer = set("writer.avsc", &case["writer"].to_string());
    let reader = set("reader.avsc", &case["reader"].to_string());
    let found: Vec<(String, String, bool)> = can_read(side(&reader), side(&writer))
        .into_iter()
        .map(|i| (i.reader_path, i.message, i.data_dependent))
        .collect();
    let sub = "fields[3].type.fields";
    let expected = [
        ("fields[0].type".to_string(), "writer enum symbol `B` is not in reader enum `check_enum_symbols_type`, which has no default", true),
        ("fields[0].type".to_string(), "writer enum symbol `D` is not in reader enum `check_enum_symbols_type`, which has no default", true),
        ("fields[1].type".to_string(), "writer type enum `check_enum_name_type_ERR` cannot be read as enum `check_enum_name_type`: the names differ and the reader has no alias `check_enum_name_type_ERR`", false),
        ("fields[2].type".to_string(), "writer type `long` cannot be read as `string`", false),
        (format!("{sub}[1]"), "reader field `extra_no_default_field` (long) has no default and the writer has no such field", false),
        (format!("{sub}[2].type"), "writer fixed `fixed_length_mismatch_type` has size 8, but reader fixed `fixed_length_mismatch_type` has size 4", false),
        (format!("{sub}[3].type"), "writer union branch 1 (`double`) matches no branch of the reader's union [`boolean`]", true),
        (format!("{sub}[3].type"), "writer union branch 2 (`string`) matches no branch of the reader's union [`boolean`]", true),
        (format!("{sub}[4].type"), "writer type `long` matches no branch of the reader's union [`boolean`]", false),
        // nsA.recordA and not_nsA.recordA match: unqualified names.
        (format!("{sub}[5].type.fields[1].type.items"), "writer type `boolean` cannot be read as `string`", false),
    ];
    let expected: Vec<(String, String, bool)> = expected
        .into_iter()
        .map(|(p, m, d)| (p, m.to_string(), d))
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn modes_parse_and_print_with_registry_spelling() {
    let names = [
        "BACKWARD",
        "BACKWARD_TRANSITIVE",
        "FORWARD",
        "FORWARD_TRANSITIVE",
        "FULL",
        "FULL_TRANSITIVE",
        "NONE",
    ];
    assert_eq!(CompatibilityMode::ALL.len(), names.len());
    for (mode, name) in CompatibilityMode::ALL.into_iter().zip(names) {
        assert_eq!(mode.to_string(), name);
        assert_eq!(name.parse::<CompatibilityMode>(), Ok(mode));
        assert_eq!(name.to_lowercase().parse::<CompatibilityMode>(), Ok(mode));
    }
    let err = "SIDEWAYS".parse::<CompatibilityMode>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown compatibility mode `SIDEWAYS` (expected one of: BACKWARD, BACKWARD_TRANSITIVE, \
         FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE, NONE)"
    );
}

/// A record `User` with the given fields (JSON of the field list).
fn user(fields: &str) -> String {
    format!(r#"{{"type": "record", "name": "User", "namespace": "app", "fields": [{fields}]}}"#)
}

/// Runs `check` on a history of `(label, schema)`, oldest first, and renders each error.
fn run(mode: CompatibilityMode, history: &[(&str, String)]) -> Vec<String> {
    let sets: Vec<SchemaSet> = history.iter().map(|(l, t)| set(l, t)).collect();
    let versions: Vec<Version<'_>> = history
        .iter()
        .zip(&sets)
        .map(|((label, _), s)| Version {
            label,
            side: side(s),
        })
        .collect();
    check(mode, &versions)
        .iter()
        .map(CompatibilityError::to_string)
        .collect()
}

const ID: &str = r#"{"name": "id", "type": "int"}"#;
const NAME: &str = r#"{"name": "name", "type": "string"}"#;
const NAME_DEFAULT: &str = r#"{"name": "name", "type": "string", "default": ""}"#;
const EMAIL: &str = r#"{"name": "email", "type": "string"}"#;
const EMAIL_DEFAULT: &str = r#"{"name": "email", "type": "string", "default": ""}"#;

/// v3 makes `email` required: it reads v2 (which has it), not v1; v1 and v2 read v3.
fn history_email() -> Vec<(&'static str, String)> {
    vec![
        ("v1.avsc", user(ID)),
        ("v2.avsc", user(&format!("{ID}, {EMAIL_DEFAULT}"))),
        ("v3.avsc", user(&format!("{ID}, {EMAIL}"))),
    ]
}

/// v3 drops `name`: v2 (with a default for it) reads v3, v1 (without) does not; v3 reads both.
fn history_name() -> Vec<(&'static str, String)> {
    vec![
        ("v1.avsc", user(&format!("{ID}, {NAME}"))),
        ("v2.avsc", user(&format!("{ID}, {NAME_DEFAULT}"))),
        ("v3.avsc", user(ID)),
    ]
}

/// v3 widens `id` to long and drops `name`: it reads everything, nothing older reads it.
fn history_widen() -> Vec<(&'static str, String)> {
    vec![
        ("v1.avsc", user(&format!("{ID}, {NAME}"))),
        ("v2.avsc", user(ID)),
        ("v3.avsc", user(r#"{"name": "id", "type": "long"}"#)),
    ]
}

const V3_READS_V1_EMAIL: &str =
    "v3.avsc cannot read data written with v1.avsc: fields[1] (writer's top level): \
     reader field `email` (string) has no default and the writer has no such field";
const V1_READS_V3_NAME: &str =
    "v1.avsc cannot read data written with v3.avsc: fields[1] (writer's top level): \
     reader field `name` (string) has no default and the writer has no such field";
const V2_READS_V3_ID: &str = "v2.avsc cannot read data written with v3.avsc: fields[0].type: \
     writer type `long` cannot be read as `int`";
const V1_READS_V3_ID: &str = "v1.avsc cannot read data written with v3.avsc: fields[0].type: \
     writer type `long` cannot be read as `int`";

#[test]
fn check_backward() {
    use CompatibilityMode::*;
    assert_eq!(run(Backward, &history_email()), Vec::<String>::new());
    assert_eq!(
        run(BackwardTransitive, &history_email()),
        [V3_READS_V1_EMAIL]
    );
    assert_eq!(run(Backward, &history_name()), Vec::<String>::new());
    assert_eq!(
        run(BackwardTransitive, &history_name()),
        Vec::<String>::new()
    );
    assert_eq!(
        run(BackwardTransitive, &history_widen()),
        Vec::<String>::new()
    );
}

#[test]
fn check_forward() {
    use CompatibilityMode::*;
    assert_eq!(run(Forward, &history_name()), Vec::<String>::new());
    assert_eq!(run(ForwardTransitive, &history_name()), [V1_READS_V3_NAME]);
    assert_eq!(run(Forward, &history_email()), Vec::<String>::new());
    assert_eq!(
        run(ForwardTransitive, &history_email()),
        Vec::<String>::new()
    );
    assert_eq!(run(Forward, &history_widen()), [V2_READS_V3_ID]);
    // Newest previous version first; every incompatibility of each pair.
    assert_eq!(
        run(ForwardTransitive, &history_widen()),
        [V2_READS_V3_ID, V1_READS_V3_ID, V1_READS_V3_NAME]
    );
}

#[test]
fn check_full() {
    use CompatibilityMode::*;
    let all_defaults = vec![
        ("v1.avsc", user(ID)),
        ("v2.avsc", user(&format!("{ID}, {EMAIL_DEFAULT}"))),
        (
            "v3.avsc",
            user(&format!("{ID}, {EMAIL_DEFAULT}, {NAME_DEFAULT}")),
        ),
    ];
    assert_eq!(run(Full, &all_defaults), Vec::<String>::new());
    assert_eq!(run(FullTransitive, &all_defaults), Vec::<String>::new());
    assert_eq!(run(Full, &history_email()), Vec::<String>::new());
    assert_eq!(run(FullTransitive, &history_email()), [V3_READS_V1_EMAIL]);
    assert_eq!(run(Full, &history_name()), Vec::<String>::new());
    assert_eq!(run(FullTransitive, &history_name()), [V1_READS_V3_NAME]);
    assert_eq!(run(Full, &history_widen()), [V2_READS_V3_ID]);
    assert_eq!(
        run(FullTransitive, &history_widen()),
        [V2_READS_V3_ID, V1_READS_V3_ID, V1_READS_V3_NAME]
    );
}

#[test]
fn check_none_and_short_histories() {
    use CompatibilityMode::*;
    for h in [history_email(), history_name(), history_widen()] {
        assert_eq!(run(None, &h), Vec::<String>::new());
    }
    for mode in CompatibilityMode::ALL {
        assert_eq!(run(mode, &[]), Vec::<String>::new());
        assert_eq!(run(mode, &history_widen()[2..]), Vec::<String>::new());
    }
}

#[test]
fn data_dependent_incompatibilities_fail_the_check() {
    use CompatibilityMode::*;
    // Adding an enum symbol without an enum default: the old reader fails on the new symbol.
    let color = |symbols: &str| {
        format!(
            r#"{{"type": "record", "name": "Paint", "fields": [{{"name": "c", "type":
                {{"type": "enum", "name": "Color", "symbols": [{symbols}]}}}}]}}"#
        )
    };
    let h = vec![
        ("v1.avsc", color(r#""RED""#)),
        ("v2.avsc", color(r#""RED", "GREEN""#)),
        ("v3.avsc", color(r#""RED", "GREEN", "PURPLE""#)),
    ];
    assert_eq!(run(BackwardTransitive, &h), Vec::<String>::new());
    assert_eq!(
        run(Forward, &h),
        [
            "v2.avsc cannot read data written with v3.avsc: fields[0].type: \
          writer enum symbol `PURPLE` is not in reader enum `Color`, which has no default"
        ]
    );
    assert_eq!(run(ForwardTransitive, &h).len(), 3);
}
