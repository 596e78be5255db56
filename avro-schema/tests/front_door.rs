//! The schema front door (issue #10, parts 1 and 4): what real schema files contain is accepted
//! as Java's parser accepts it, and every mistake is reported with file, line, column and JSON
//! path, rendered like rustc, all of them in one run.
//!
//! The schemas in `tests/data/front-door/` have one trait each; `java-oracle.tsv` there is Java's
//! verdict on every one of them (`scripts/make-front-door-fixtures.sh`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use avro_schema::canonical::{canonical_form, full_json};
use avro_schema::fingerprint::rabin;
use avro_schema::ir::{NamedKind, SchemaSet};
use avro_schema::validate::{validate, validate_with, Options, SourceFile, Validated};
use avro_schema::Diagnostic;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/front-door")
        .join(name)
}

/// Reads a file of the data directory as the generator does (any encoding), with the
/// encoding warning.
fn read(name: &str) -> (SourceFile, Option<Diagnostic>) {
    let (mut source, warning) = SourceFile::read(&data(name)).unwrap();
    source.path = PathBuf::from(name);
    (source, warning)
}

fn text(name: &str, text: &str) -> SourceFile {
    SourceFile {
        path: PathBuf::from(name),
        text: text.to_string(),
    }
}

fn accepted(v: &Validated) -> &SchemaSet {
    v.set.as_ref().unwrap_or_else(|| {
        panic!(
            "expected success:\n{}",
            v.diagnostics
                .iter()
                .map(|d| format!("{d:#}\n"))
                .collect::<String>()
        )
    })
}

/// Java's verdict per file: `Ok((fingerprint, canonical form))` or `Err(message)`.
fn java_verdicts() -> BTreeMap<String, Result<(u64, String), String>> {
    std::fs::read_to_string(data("java-oracle.tsv"))
        .unwrap()
        .lines()
        .map(|line| {
            let mut cols = line.splitn(3, '\t');
            let file = cols.next().unwrap().to_string();
            let second = cols.next().unwrap();
            let third = cols.next().unwrap().to_string();
            let verdict = if second == "error" {
                Err(third)
            } else {
                Ok((u64::from_str_radix(second, 16).unwrap(), third))
            };
            (file, verdict)
        })
        .collect()
}

/// Files where this implementation and Java 1.8 disagree, and why (the oracle's README lists
/// what 1.8 does not know).
const JAVA_DIFFERENCES: &[(&str, &str)] = &[(
    "big-numbers.avsc",
    "Java 1.8's parser does not validate default values; these defaults do not fit their types",
)];

#[test]
fn verdicts_canonical_forms_and_fingerprints_agree_with_java() {
    let verdicts = java_verdicts();
    let on_disk: Vec<String> = std::fs::read_dir(data(""))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|f| f.ends_with(".avsc"))
        .collect();
    assert_eq!(
        on_disk.len(),
        verdicts.len(),
        "java-oracle.tsv covers every file"
    );
    for (file, java) in &verdicts {
        let (source, _) = read(file);
        let ours = validate(&[source]);
        if let Some((_, why)) = JAVA_DIFFERENCES.iter().find(|(f, _)| f == file) {
            assert!(java.is_ok() && ours.set.is_none(), "{file}: {why}");
            continue;
        }
        match (java, &ours.set) {
            (Ok((fingerprint, canonical)), Some(set)) => {
                let root = &set.roots[0].schema;
                assert_eq!(&canonical_form(set, root), canonical, "{file}");
                assert_eq!(rabin(canonical.as_bytes()), *fingerprint, "{file}");
            }
            (Err(_), None) => {}
            (java, _) => panic!(
                "{file}: Java says {java:?}, we say:\n{}",
                ours.diagnostics
                    .iter()
                    .map(|d| format!("{d:#}\n"))
                    .collect::<String>()
            ),
        }
    }
}

#[test]
fn doc_null_means_no_doc() {
    let (source, _) = read("doc-null.avsc");
    let v = validate(&[source]);
    let set = accepted(&v);
    assert!(v.diagnostics.is_empty(), "{:?}", v.diagnostics);
    for t in &set.named {
        assert_eq!(t.doc, None, "{}", t.name.full());
    }
    let NamedKind::Record { fields, .. } = &set.named[0].kind else {
        panic!()
    };
    assert_eq!(fields[0].doc, None);
    assert_eq!(fields[2].doc.as_deref(), Some("Documented."));
    let full = full_json(set, &set.roots[0].schema);
    assert!(
        !full.contains("null,") && !full.contains("\"doc\":null"),
        "{full}"
    );
    // Any other non-string doc is still an error.
    let v = validate(&[text(
        "d.avsc",
        r#"{"type": "fixed", "name": "F", "size": 1, "doc": 3}"#,
    )]);
    assert_eq!(
        v.errors().next().unwrap().message,
        "`doc` must be a string, found 3"
    );
}

#[test]
fn leading_dots_mean_the_null_namespace() {
    let (source, _) = read("leading-dot.avsc");
    let v = validate(&[source]);
    let set = accepted(&v);
    let names: Vec<String> = set.named.iter().map(|t| t.name.full()).collect();
    assert_eq!(names, ["Envelope", "Header"]);
    let aliases: Vec<String> = set.named[0].aliases.iter().map(|a| a.full()).collect();
    assert_eq!(aliases, ["OldEnvelope", "legacy.Envelope"]);

    let (source, _) = read("leading-dot-in-namespace.avsc");
    let v = validate(&[source]);
    let set = accepted(&v);
    let names: Vec<String> = set.named.iter().map(|t| t.name.full()).collect();
    assert_eq!(names, ["com.shop.Order", "Customer", "com.shop.Line"]);
    assert_eq!(set.named[0].aliases[0].full(), "Purchase");
    // The full JSON says the same with a leading dot where the enclosing namespace would
    // otherwise apply, and re-reads to the same names.
    let full = full_json(set, &set.roots[0].schema);
    assert!(full.contains(r#""aliases":[".Purchase"]"#), "{full}");
    let again = validate(&[text("again.avsc", &full)]);
    let again = accepted(&again);
    assert_eq!(
        again
            .named
            .iter()
            .map(|t| t.name.full())
            .collect::<Vec<_>>(),
        names
    );
    assert_eq!(again.named[0].aliases, set.named[0].aliases);

    // A reference `.Name` looks only in the null namespace.
    let v = validate(&[text(
        "r.avsc",
        r#"{"type": "record", "name": "A", "namespace": "x", "fields": [
            {"name": "b", "type": {"type": "fixed", "name": "B", "size": 1}},
            {"name": "c", "type": ".B"}]}"#,
    )]);
    let e: Vec<&Diagnostic> = v.errors().collect();
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].json_path, "fields[1].type");
    assert!(
        e[0].message.starts_with("unknown type `.B`"),
        "{}",
        e[0].message
    );
    // Empty components elsewhere stay errors.
    for bad in [r#""a..B""#, r#""a.B.""#, r#"".a.""#] {
        let v = validate(&[text(
            "n.avsc",
            &format!(r#"{{"type": "fixed", "name": {bad}, "size": 1}}"#),
        )]);
        assert!(v.set.is_none(), "{bad}");
    }
}

#[test]
fn utf16_and_utf32_files_are_read_with_a_warning() {
    let (plain, warning) = read("encoding-utf8.avsc");
    assert!(warning.is_none());
    let expected = canonical_form(
        accepted(&validate(std::slice::from_ref(&plain))),
        &accepted(&validate(std::slice::from_ref(&plain))).roots[0].schema,
    );
    for (file, encoding) in [
        ("encoding-utf8-bom.avsc", None),
        (
            "encoding-utf16le.avsc",
            Some("UTF-16LE (without a byte-order mark)"),
        ),
        (
            "encoding-utf16be.avsc",
            Some("UTF-16BE (without a byte-order mark)"),
        ),
        (
            "encoding-utf16le-bom.avsc",
            Some("UTF-16LE (with a byte-order mark)"),
        ),
        (
            "encoding-utf16be-bom.avsc",
            Some("UTF-16BE (with a byte-order mark)"),
        ),
        (
            "encoding-utf32le.avsc",
            Some("UTF-32LE (without a byte-order mark)"),
        ),
        (
            "encoding-utf32be-bom.avsc",
            Some("UTF-32BE (with a byte-order mark)"),
        ),
    ] {
        let (source, warning) = read(file);
        assert_eq!(source.text, plain.text, "{file}");
        match (encoding, warning) {
            (None, None) => {}
            (Some(name), Some(w)) => {
                assert!(!w.is_error());
                assert!(
                    w.message.starts_with(&format!("the file is {name}")),
                    "{}",
                    w.message
                );
            }
            (e, w) => panic!("{file}: expected {e:?}, got {w:?}"),
        }
        let v = validate(&[source]);
        let set = accepted(&v);
        assert_eq!(
            canonical_form(set, &set.roots[0].schema),
            expected,
            "{file}"
        );
        let NamedKind::Record { fields, .. } = &set.named[0].kind else {
            panic!()
        };
        assert_eq!(fields[0].default_json, Some(serde_json::json!("été")));
        assert_eq!(set.named[0].doc.as_deref(), Some("Café, 日本, 😀"));
    }
}

#[test]
fn every_bad_default_is_reported_at_its_path_with_lossless_numbers() {
    let (source, _) = read("big-numbers.avsc");
    let v = validate(&[source]);
    let errors: Vec<(String, usize, String)> = v
        .errors()
        .map(|d| {
            (
                d.json_path.clone(),
                d.location.as_ref().unwrap().line,
                d.message.clone(),
            )
        })
        .collect();
    let expect = [
        ("fields[0].default", 6, "default `1.234e+567` does not match type `double` (out of range"),
        ("fields[1].default", 7, "default `5e9` does not match type `int` (not an integer"),
        (
            "fields[2].default",
            8,
            "default `123456789012345678901234567890` does not match type `long` (out of range: a `long` is a signed 64-bit integer",
        ),
        ("fields[3].default", 9, "default `1e39` does not match type `float` (out of range"),
        (
            "fields[7].default",
            13,
            "default `2147483648` does not match type `int` (out of range: an `int` is a signed 32-bit integer, -2147483648 to 2147483647)",
        ),
    ];
    assert_eq!(errors.len(), expect.len(), "{errors:#?}");
    for ((path, line, message), (want_path, want_line, want)) in errors.iter().zip(expect) {
        assert_eq!((path.as_str(), *line), (want_path, want_line));
        assert!(message.starts_with(want), "{message}");
    }
}

#[test]
fn all_phases_report_in_one_run_with_warnings_beside_errors() {
    let (source, _) = read("all-phases.avsc");
    let errors = validate(&[source]).into_result().unwrap_err();
    let got: Vec<(&str, &str)> = errors
        .errors
        .iter()
        .map(|d| (d.json_path.as_str(), d.message.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "fields[0].type",
                "unknown type `Int` (looked for `com.logistics.Int` and `Int`); did you mean `int`? (type names are case-sensitive)"
            ),
            (
                "fields[1].default",
                "default `2.5` does not match type `int` (not an integer: an `int` default is written without fraction or exponent)"
            ),
            (
                "fields[2].type",
                "unknown type `Carier` (looked for `com.logistics.Carier` and `Carier`)"
            ),
            (
                "fields[3].default",
                "default `\"URGENT\"` does not match type `com.logistics.Priority` (not one of its symbols)"
            ),
        ]
    );
    assert_eq!(errors.warnings.len(), 1);
    assert_eq!(
        errors.warnings[0].message,
        r#"logicalType on field `sent` is ignored; put it inside the type: {"type": ["null", {"type": "long", "logicalType": "timestamp-millis"}]}"#
    );
}

/// The rendered text of three realistic mistakes, as a build script's `.unwrap()` prints them.
#[test]
fn realistic_mistakes_render_like_rustc() {
    let render = |files: &[SourceFile]| format!("{:?}", validate(files).into_result().unwrap_err());
    // A misspelt type name.
    let shown = render(&[text(
        "schemas/user.avsc",
        r#"{
  "type": "record",
  "name": "User",
  "namespace": "com.example",
  "fields": [
    {"name": "id", "type": "long"},
    {"name": "home", "type": {"type": "record", "name": "Address", "fields": [
      {"name": "street", "type": "string"}
    ]}},
    {"name": "work", "type": ["null", "Adress"], "default": null}
  ]
}
"#,
    )]);
    assert_eq!(
        shown,
        r#"1 error in Avro schemas:

error: unknown type `Adress` (looked for `com.example.Adress` and `Adress`); did you mean `com.example.Address`?
  --> schemas/user.avsc:10:39
   |
10 |     {"name": "work", "type": ["null", "Adress"], "default": null}
   |                                       ^^^^^^^^ fields[2].type[1]
"#
    );
    // A trailing comma.
    let shown = render(&[text(
        "schemas/event.avsc",
        "{\n  \"type\": \"record\",\n  \"name\": \"Event\",\n  \"fields\": [\n    {\"name\": \"at\", \"type\": \"long\"},\n  ]\n}\n",
    )]);
    assert_eq!(
        shown,
        r#"1 error in Avro schemas:

error: not valid JSON: trailing comma before `]` (JSON allows no comma after the last item)
 --> schemas/event.avsc:5:35
  |
5 |     {"name": "at", "type": "long"},
  |                                   ^
"#
    );
    // A default of the wrong type, and a logical type on the field instead of its type.
    let shown = render(&[text(
        "schemas/order.avsc",
        r#"{"type": "record", "name": "Order", "fields": [
  {"name": "total", "type": "double", "default": "0.0"},
  {"name": "placed", "type": "long", "logicalType": "timestamp-millis"}
]}"#,
    )]);
    assert_eq!(
        shown,
        r#"1 error in Avro schemas (and 1 warning):

error: default `"0.0"` does not match type `double`
 --> schemas/order.avsc:2:50
  |
2 |   {"name": "total", "type": "double", "default": "0.0"},
  |                                                  ^^^^^ fields[0].default

warning: logicalType on field `placed` is ignored; put it inside the type: {"type": {"type": "long", "logicalType": "timestamp-millis"}}
 --> schemas/order.avsc:3:53
  |
3 |   {"name": "placed", "type": "long", "logicalType": "timestamp-millis"}
  |                                                     ^^^^^^^^^^^^^^^^^^ fields[1].logicalType
"#
    );
}

#[test]
fn hints_say_what_to_do() {
    let messages = |schema: &str| -> Vec<String> {
        validate(&[text("h.avsc", schema)])
            .diagnostics
            .into_iter()
            .map(|d| d.message)
            .collect()
    };
    let m = messages(r#"{"type": "array", "items": "String"}"#);
    assert!(
        m[0].ends_with("did you mean `string`? (type names are case-sensitive)"),
        "{m:?}"
    );
    let m = messages(r#"{"type": "array", "items": "bool"}"#);
    assert!(
        m[0].ends_with("did you mean `boolean`? (type names are case-sensitive)"),
        "{m:?}"
    );
    let m = messages(r#"{"type": "array", "items": "timestamp-millis"}"#);
    assert!(
        m[0].ends_with(r#"`timestamp-millis` is a logical type, written on the type it annotates: {"type": "long", "logicalType": "timestamp-millis"}"#),
        "{m:?}"
    );
    let m = messages(
        r#"["null", {"type": "array", "items": "int"}, {"type": "array", "items": "string"}]"#,
    );
    assert_eq!(
        m[0],
        r#"union contains two `array` schemas; a union has at most one array: use one array whose items are a union, e.g. {"type": "array", "items": ["A", "B"]}"#
    );
    // The logicalType hint shows the field's own type, in its place.
    let m = messages(
        r#"{"type": "record", "name": "R", "fields": [
            {"name": "a", "type": "int", "logicalType": "date"},
            {"name": "b", "type": {"type": "fixed", "name": "F", "size": 16}, "logicalType": "uuid"},
            {"name": "c", "type": "F", "logicalType": "uuid"},
            {"name": "d", "type": ["null", "bytes"], "logicalType": "decimal", "precision": 4, "scale": 2}]}"#,
    );
    assert_eq!(
        m,
        [
            r#"logicalType on field `a` is ignored; put it inside the type: {"type": {"type": "int", "logicalType": "date"}}"#,
            r#"logicalType on field `b` is ignored; put it inside the type: {"type": {"type": "fixed", "name": "F", "size": 16, "logicalType": "uuid"}}"#,
            "logicalType on field `c` is ignored; put it inside the definition of `F` (a reference by name cannot carry attributes)",
            r#"logicalType on field `d` is ignored; put it inside the type: {"type": ["null", {"type": "bytes", "logicalType": "decimal", "precision": 4, "scale": 2}]}"#,
        ]
    );
    // An unknown name defined in a file that was not given: the caller says where.
    let find = |names: &[String]| -> Option<PathBuf> {
        names
            .iter()
            .any(|n| n == "shop.Address")
            .then(|| PathBuf::from("schemas/address.avsc"))
    };
    let v = validate_with(
        &[text(
            "schemas/user.avsc",
            r#"{"type": "record", "name": "User", "namespace": "shop", "fields": [{"name": "a", "type": "Address"}]}"#,
        )],
        Options {
            find_definition: Some(&find),
        },
    );
    assert_eq!(
        v.errors().next().unwrap().message,
        "unknown type `Address` (looked for `shop.Address` and `Address`); it is defined in schemas/address.avsc, which was not given to the compiler (add that file, or its directory, to the inputs)"
    );
}

#[test]
fn duplicate_keys_warn_where_they_are() {
    let v = validate(&[text(
        "dup.avsc",
        "{\"type\": \"record\", \"name\": \"R\", \"fields\": [\n  {\"name\": \"a\", \"type\": \"int\", \"type\": \"long\"}\n]}",
    )]);
    let set = accepted(&v);
    let NamedKind::Record { fields, .. } = &set.named[0].kind else {
        panic!()
    };
    assert_eq!(
        fields[0].schema,
        avro_schema::ir::Schema::primitive(avro_schema::ir::Primitive::Long)
    );
    let w = &v.diagnostics[0];
    assert!(!w.is_error());
    assert_eq!(w.json_path, "fields[0].type");
    assert_eq!(w.to_string(), "dup.avsc:2:32: fields[0].type: this key is written twice in one object; the last value is used (as Java's parser does)");
}

#[test]
fn numbers_in_attributes_are_kept_or_reported() {
    let v = validate(&[text(
        "p.avsc",
        r#"{"type": "fixed", "name": "F", "size": 1, "x-big": 123456789012345678901234567890, "x-inf": [1, 1e999]}"#,
    )]);
    let d: Vec<String> = v.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        d,
        [
            "p.avsc:1:52: x-big: the integer 123456789012345678901234567890 does not fit in 64 bits; the schema keeps it as the nearest 64-bit float, 1.2345678901234568e29",
            "p.avsc:1:97: x-inf[1]: the number 1e999 is beyond the range of a 64-bit float, so this attribute cannot be kept in the schema",
        ]
    );
}
