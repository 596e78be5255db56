//! Hostile schemas (issue #15): validation, canonical form, resolution and compatibility stay
//! linear in the size of the schema, and no schema can exhaust the stack: nesting beyond the
//! documented depths is a clear error. Each input is generated here; the tests assert what
//! comes out, never how long it took (run times are in the report of the change).
//!
//! Test threads have 2 MiB stacks, so every case here also shows the limits hold there.

use std::path::PathBuf;

use avro_schema::canonical::{canonical_form, full_json};
use avro_schema::compat::can_read;
use avro_schema::ir::{Schema, SchemaSet};
use avro_schema::json::MAX_DEPTH;
use avro_schema::resolve::{resolve, Resolution, Side, UnionBranch};
use avro_schema::validate::{validate, SourceFile, Validated, MAX_SCHEMA_DEPTH};

fn run(text: String) -> Validated {
    validate(&[SourceFile {
        path: PathBuf::from("hostile.avsc"),
        text,
    }])
}

fn accepted(v: &Validated) -> &SchemaSet {
    v.set.as_ref().unwrap_or_else(|| {
        panic!(
            "expected success: {:?}",
            v.errors().take(3).collect::<Vec<_>>()
        )
    })
}

fn only_error(v: &Validated) -> String {
    let errors: Vec<_> = v.errors().collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    errors[0].to_string()
}

/// Everything after validation, on the root against itself: canonical form, full JSON (which
/// re-validates to the same canonical form), resolution and compatibility.
fn every_stage(set: &SchemaSet) -> Resolution {
    let root: &Schema = &set.roots[0].schema;
    let canonical = canonical_form(set, root);
    let full = full_json(set, root);
    if full.len() < 1_000_000 {
        let again = run(full);
        let again = accepted(&again);
        assert_eq!(canonical_form(again, &again.roots[0].schema), canonical);
    }
    let side = Side { set, schema: root };
    assert_eq!(can_read(side, side), Vec::new());
    resolve(side, side).expect("a schema reads itself").root
}

const N: usize = 100_000;

#[test]
fn an_enum_of_100000_symbols() {
    let symbols: Vec<String> = (0..N).map(|i| format!("\"S{i}\"")).collect();
    let v = run(format!(
        r#"{{"type": "enum", "name": "E", "symbols": [{}], "default": "S99999"}}"#,
        symbols.join(",")
    ));
    let set = accepted(&v);
    let Resolution::Enum(0) = every_stage(set) else {
        panic!("an enum resolution")
    };
    let side = Side {
        set,
        schema: &set.roots[0].schema,
    };
    let resolved = resolve(side, side).unwrap();
    assert!(resolved.enums[0]
        .symbols
        .iter()
        .enumerate()
        .all(|(i, s)| *s == Ok(i)));
    // A duplicate among them is found (and only it).
    let mut symbols = symbols;
    symbols[N - 1] = "\"S5\"".to_string();
    let v = run(format!(
        r#"{{"type": "enum", "name": "E", "symbols": [{}]}}"#,
        symbols.join(",")
    ));
    assert_eq!(
        only_error(&v),
        "hostile.avsc:1:888924: symbols[99999]: enum symbol `S5` appears twice in `E`"
    );
}

#[test]
fn a_union_of_100000_branches() {
    let branches: Vec<String> = (0..N)
        .map(|i| format!(r#"{{"type": "fixed", "name": "F{i}", "size": 1}}"#))
        .collect();
    let v = run(format!("[{}]", branches.join(",")));
    let set = accepted(&v);
    let Resolution::WriterUnion(read) = every_stage(set) else {
        panic!("a union resolution")
    };
    assert_eq!(read.len(), N);
    assert!(read.iter().enumerate().all(|(i, b)| matches!(
        b,
        UnionBranch::Read { reader_branch: Some(j), .. } if *j == i
    )));
    // Two branches of one name: found.
    let mut branches = branches;
    branches[N - 1] = r#""F7""#.to_string();
    let v = run(format!("[{}]", branches.join(",")));
    assert!(
        only_error(&v).ends_with("[99999]: union contains named type `F7` twice; remove one"),
        "{}",
        only_error(&v)
    );
}

#[test]
fn a_record_of_100000_fields() {
    let fields: Vec<String> = (0..N)
        .map(|i| format!(r#"{{"name": "f{i}", "type": "int", "default": {i}}}"#))
        .collect();
    let v = run(format!(
        r#"{{"type": "record", "name": "R", "fields": [{}]}}"#,
        fields.join(",")
    ));
    let set = accepted(&v);
    let Resolution::Record(0) = every_stage(set) else {
        panic!("a record resolution")
    };
}

#[test]
fn nesting_up_to_the_json_limit_works_in_every_stage() {
    // Arrays nested as deep as the parser allows.
    let depth = MAX_DEPTH;
    let text = format!(
        "{}\"int\"{}",
        r#"{"type": "array", "items": "#.repeat(depth),
        "}".repeat(depth)
    );
    let v = run(text);
    every_stage(accepted(&v));
    // Records nested as deep as the parser allows (three JSON levels each).
    let records = MAX_DEPTH / 3;
    let mut text = String::from("\"int\"");
    for i in (0..records).rev() {
        text = format!(
            r#"{{"type": "record", "name": "R{i}", "fields": [{{"name": "f", "type": {text}, "default": {}}}]}}"#,
            if i + 1 == records {
                "0".to_string()
            } else {
                "{}".to_string()
            }
        );
    }
    let v = run(text);
    every_stage(accepted(&v));
}

#[test]
fn nesting_beyond_the_json_limit_is_an_error_not_an_overflow() {
    for depth in [MAX_DEPTH + 1, N] {
        let text = format!("{}\"int\"{}", "[".repeat(depth), "]".repeat(depth));
        assert_eq!(
            only_error(&run(text)),
            format!(
                "hostile.avsc:1:{}: not valid JSON: JSON nested deeper than {MAX_DEPTH} levels \
                 (the limit that keeps every stage of schema processing within its stack)",
                MAX_DEPTH + 1
            )
        );
    }
    // 10 MB of opening brackets and keys.
    let text = r#"{"a": ["#.repeat(1_000_000);
    assert!(only_error(&run(text)).contains("nested deeper than"));
}

/// A union of `n` records, each holding the one before it: every record is at the top level of
/// the file, but the last nests `n` deep.
fn chain(n: usize) -> String {
    let records: Vec<String> = (0..n)
        .map(|i| {
            let field = if i == 0 {
                r#""int""#.to_string()
            } else {
                format!(r#""C{}""#, i - 1)
            };
            format!(r#"{{"type": "record", "name": "C{i}", "fields": [{{"name": "f", "type": {field}}}]}}"#)
        })
        .collect();
    format!("[{}]", records.join(","))
}

#[test]
fn nesting_through_named_types_is_bounded_too() {
    // Just inside the limit: every stage copes (the union adds a level).
    let v = run(chain(MAX_SCHEMA_DEPTH - 1));
    every_stage(accepted(&v));
    let error = only_error(&run(chain(MAX_SCHEMA_DEPTH)));
    assert!(
        error.starts_with(&format!(
            "hostile.avsc:1:1: the schema nests up to {} levels deep",
            MAX_SCHEMA_DEPTH + 1
        )),
        "{error}"
    );
    // Beyond: one error, at the first type that nests too deep.
    for n in [MAX_SCHEMA_DEPTH + 1, 20_000] {
        let error = only_error(&run(chain(n)));
        let first = MAX_SCHEMA_DEPTH;
        assert!(
            error.contains(&format!(
                "[{first}]: `C{first}` nests up to {} levels deep (counting through the named \
                 types it contains, each where it is first used), more than the \
                 {MAX_SCHEMA_DEPTH} levels this implementation supports",
                MAX_SCHEMA_DEPTH + 1
            )),
            "{error}"
        );
    }
}

#[test]
fn mutual_recursion_is_bounded_by_the_types_involved() {
    // 300 records, each referring to the next and the last to the first: one recursive group.
    let n = 300;
    let records: Vec<String> = (0..n)
        .map(|i| {
            let next = if i + 1 == n { 0 } else { i + 1 };
            let field = if i + 1 == n {
                format!(r#"["null", "M{next}"]"#)
            } else {
                format!(r#"["null", {{"type": "record", "name": "M{next}", "fields": FIELDS}}]"#)
            };
            field
        })
        .collect();
    // Written inline, each inside the one before.
    let mut text = records[n - 1].clone();
    for i in (0..n - 1).rev() {
        text = records[i].replace(
            "FIELDS",
            &format!(r#"[{{"name": "next", "type": {text}}}]"#),
        );
    }
    let text = format!(
        r#"{{"type": "record", "name": "M0", "fields": [{{"name": "next", "type": {text}}}]}}"#
    );
    // 300 records nest 900+ JSON levels: beyond the parser's limit.
    assert!(only_error(&run(text)).contains("nested deeper than"));
    // The same group with the records side by side in a union: within the limits.
    let records: Vec<String> = (0..n)
        .map(|i| {
            let next = (i + 1) % n;
            format!(r#"{{"type": "record", "name": "M{i}", "fields": [{{"name": "next", "type": ["null", {{"type": "array", "items": "M{next}"}}]}}]}}"#)
        })
        .collect();
    // Each refers to the next, defined later: split the definitions across files instead.
    let files: Vec<SourceFile> = records
        .iter()
        .enumerate()
        .map(|(i, r)| SourceFile {
            path: PathBuf::from(format!("m{i}.avsc")),
            text: r.clone(),
        })
        .collect();
    let v = validate(&files);
    let error = v.errors().next().map(|e| e.to_string()).unwrap_or_default();
    // Each record weighs 3 levels (field, union, array): 900 in all, beyond the limit.
    assert!(
        error.contains("m0.avsc") && error.contains("nests up to 900 levels"),
        "{error}"
    );
    // A third of them is fine.
    let v = validate(&files[..100]);
    assert!(v
        .errors()
        .all(|e| e.message.starts_with("unknown type `M100`")));
}

#[test]
fn long_namespaces_are_only_strings_to_the_front_end() {
    for n in [5_000, 50_000] {
        let ns: Vec<String> = (0..n).map(|i| format!("n{i}")).collect();
        let v = run(format!(
            r#"{{"type": "record", "name": "R", "namespace": "{}", "fields": [{{"name": "s", "type": {{"type": "enum", "name": "S", "symbols": ["A"]}}}}]}}"#,
            ns.join(".")
        ));
        let set = accepted(&v);
        every_stage(set);
        assert_eq!(
            set.named[1]
                .name
                .namespace
                .as_deref()
                .map(|s| s.split('.').count()),
            Some(n)
        );
    }
}
