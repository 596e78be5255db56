//! Generated code grows linearly with the schema: an enum of n symbols, a union of n records,
//! a record of n fields. Sizes are token text lengths (no formatting, no timing), compared
//! between n and 2n: doubling the schema must not much more than double the code.

use std::path::PathBuf;

use avro_build::validate::SourceFile;
use avro_build::Config;

fn code_len(text: String) -> usize {
    let source = SourceFile {
        path: PathBuf::from("big.avsc"),
        text,
    };
    let mut config = Config::new();
    config.apache_avro_values(true).avro_json(true);
    let (tokens, _) = config.generate_tokens(&[source], &[]).unwrap();
    tokens.to_string().len()
}

fn enum_of(n: usize) -> String {
    let symbols: Vec<String> = (0..n).map(|i| format!("\"S{i}\"")).collect();
    format!(
        r#"{{"type": "record", "name": "Holder", "fields": [{{"name": "e", "type": {{"type": "enum", "name": "Big", "symbols": [{}]}}}}]}}"#,
        symbols.join(",")
    )
}

fn union_of(n: usize) -> String {
    let records: Vec<String> = (0..n)
        .map(|i| format!(r#"{{"type": "record", "name": "R{i}", "fields": [{{"name": "x", "type": "long"}}]}}"#))
        .collect();
    format!(
        r#"{{"type": "record", "name": "Holder", "fields": [{{"name": "u", "type": ["null", {}]}}, {{"name": "v", "type": {{"type": "array", "items": [{}]}}}}]}}"#,
        records.join(","),
        (0..n)
            .map(|i| format!("\"R{i}\""))
            .collect::<Vec<_>>()
            .join(",")
    )
}

fn record_of(n: usize) -> String {
    let fields: Vec<String> = (0..n)
        .map(|i| format!(r#"{{"name": "f{i}", "type": ["null", "string"], "default": null}}"#))
        .collect();
    format!(
        r#"{{"type": "record", "name": "Wide", "fields": [{}]}}"#,
        fields.join(",")
    )
}

/// The code for 2n is at most 2.2 times the code for n (linear, with some slack for numbers
/// that grow a digit).
fn assert_linear(what: &str, schema: fn(usize) -> String, n: usize) {
    let (small, large) = (code_len(schema(n)), code_len(schema(2 * n)));
    let ratio = large as f64 / small as f64;
    assert!(
        ratio < 2.2,
        "{what}: {small} bytes of code for {n}, {large} for {}: ratio {ratio:.2}",
        2 * n
    );
}

#[test]
fn an_enum_of_n_symbols_generates_linear_code() {
    assert_linear("enum", enum_of, 1000);
}

#[test]
fn a_union_of_n_records_generates_linear_code() {
    assert_linear("union", union_of, 200);
}

#[test]
fn a_record_of_n_fields_generates_linear_code() {
    assert_linear("record", record_of, 300);
}
