//! Front-end tests: parse → validate → canonical form / full JSON / fingerprints, against the
//! vendored Apache Avro test data and this project's invalid/tricky schemas.

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use avro_schema::canonical::{canonical_form, full_json};
use avro_schema::fingerprint::{md5, rabin, sha256};
use avro_schema::ir::{
    DefaultValue, Logical, NamedId, NamedKind, NamedType, Primitive, Schema, SchemaSet, Source,
};
use avro_schema::parse::parse_json;
use avro_schema::validate::{validate, validate_json, SourceFile, Validated};
use avro_schema::Diagnostic;
use serde_json::json;

// ---------------------------------------------------------------------------------------------
// helpers

fn data(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/data")
        .join(rel)
}

fn source(path: &Path) -> SourceFile {
    SourceFile {
        path: path.to_path_buf(),
        text: fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    }
}

fn text(name: &str, text: &str) -> SourceFile {
    SourceFile {
        path: PathBuf::from(name),
        text: text.to_string(),
    }
}

fn show(diags: &[Diagnostic]) -> String {
    diags
        .iter()
        .map(|d| format!("  {:?} {d}\n", d.severity))
        .collect()
}

/// Validates and insists on success.
fn ok(files: &[SourceFile]) -> (SchemaSet, Vec<Diagnostic>) {
    let v = validate(files);
    match v.set {
        Some(set) => (set, v.diagnostics),
        None => panic!(
            "expected {:?} to validate:\n{}",
            files.iter().map(|f| &f.path).collect::<Vec<_>>(),
            show(&v.diagnostics)
        ),
    }
}

fn ok_text(schema: &str) -> (SchemaSet, Vec<Diagnostic>) {
    ok(&[text("test.avsc", schema)])
}

fn errors_of(v: &Validated) -> Vec<&Diagnostic> {
    v.errors().collect()
}

fn err_text(schema: &str) -> Validated {
    let v = validate(&[text("test.avsc", schema)]);
    assert!(v.set.is_none(), "expected errors for {schema}");
    assert!(v.errors().count() > 0);
    v
}

fn root(set: &SchemaSet) -> &Schema {
    &set.roots[0].schema
}

fn named<'a>(set: &'a SchemaSet, full: &str) -> &'a NamedType {
    set.get(set.find(full).unwrap_or_else(|| panic!("no type {full}")))
}

fn record_fields(n: &NamedType) -> &[avro_schema::ir::Field] {
    match &n.kind {
        NamedKind::Record { fields, .. } => fields,
        k => panic!("not a record: {k:?}"),
    }
}

/// The named types reachable from `schema`, renumbered in first-occurrence order, with source
/// locations cleared: what a standalone re-parse of `schema` must reproduce.
fn reachable(set: &SchemaSet, schema: &Schema) -> (Schema, Vec<NamedType>) {
    fn go(
        set: &SchemaSet,
        s: &Schema,
        map: &mut HashMap<usize, usize>,
        out: &mut Vec<Option<NamedType>>,
    ) -> Schema {
        match s {
            Schema::Primitive { .. } => s.clone(),
            Schema::Array { items, props } => Schema::Array {
                items: Box::new(go(set, items, map, out)),
                props: props.clone(),
            },
            Schema::Map { values, props } => Schema::Map {
                values: Box::new(go(set, values, map, out)),
                props: props.clone(),
            },
            Schema::Union(b) => Schema::Union(b.iter().map(|b| go(set, b, map, out)).collect()),
            Schema::Named(id) => {
                if let Some(&n) = map.get(&id.0) {
                    return Schema::Named(NamedId(n));
                }
                let n = out.len();
                map.insert(id.0, n);
                out.push(None);
                let mut t = set.get(*id).clone();
                t.source = Source {
                    file: PathBuf::new(),
                    json_path: String::new(),
                };
                if let NamedKind::Record { fields, .. } = &mut t.kind {
                    for f in fields {
                        f.json_path.clear();
                        f.schema = go(set, &f.schema, map, out);
                    }
                }
                out[n] = Some(t);
                Schema::Named(NamedId(n))
            }
        }
    }
    let mut map = HashMap::new();
    let mut out = Vec::new();
    let s = go(set, schema, &mut map, &mut out);
    (s, out.into_iter().map(Option::unwrap).collect())
}

/// apache-avro 0.22 deviates from the specification's canonical form: it keeps a field's
/// `order` (STRIP says drop it; schema-tests.txt case 026 pins that), a decimal's `precision` and
/// `scale`, and writes a primitive that had a logical type as `{"type":"long"}` (PRIMITIVES says
/// `"long"`). Apply the specification's rules to its output before comparing.
fn apache_canonical_fixed(canonical: &str) -> String {
    fn fix(v: serde_json::Value) -> serde_json::Value {
        use serde_json::Value;
        match v {
            Value::Array(a) => Value::Array(a.into_iter().map(fix).collect()),
            Value::Object(m) => {
                let m: serde_json::Map<String, Value> = m
                    .into_iter()
                    .filter(|(k, _)| {
                        !["order", "precision", "scale", "logicalType"].contains(&k.as_str())
                    })
                    .map(|(k, v)| (k, fix(v)))
                    .collect();
                if m.len() == 1 && m.contains_key("type") && m["type"].is_string() {
                    m["type"].clone()
                } else {
                    Value::Object(m)
                }
            }
            v => v,
        }
    }
    fix(serde_json::from_str(canonical).unwrap()).to_string()
}

/// Every root of `set`: full JSON re-validates (alone) to the same types, canonical form is
/// unchanged, apache-avro parses the full JSON and agrees on the canonical form.
fn check_round_trip(set: &SchemaSet, what: &str) {
    check_round_trip_oracle(set, what, true)
}

/// Like [`check_round_trip`]; `oracle: false` skips apache-avro, for schemas it cannot parse
/// (it does not fall back to the null namespace for short references).
fn check_round_trip_oracle(set: &SchemaSet, what: &str, oracle: bool) {
    for r in &set.roots {
        let full = full_json(set, &r.schema);
        let canonical = canonical_form(set, &r.schema);
        let json: serde_json::Value = serde_json::from_str(&full)
            .unwrap_or_else(|e| panic!("{what}: full JSON is not JSON ({e}): {full}"));
        let again = validate_json(Path::new("full.avsc"), &json);
        let again_set = again.set.unwrap_or_else(|| {
            panic!(
                "{what}: full JSON does not re-validate:\n{full}\n{}",
                show(&again.diagnostics)
            )
        });
        assert_eq!(
            reachable(&again_set, &again_set.roots[0].schema),
            reachable(set, &r.schema),
            "{what}: full JSON re-validates to a different set:\n{full}"
        );
        assert_eq!(
            canonical_form(&again_set, &again_set.roots[0].schema),
            canonical,
            "{what}: canonical form changed through full JSON"
        );
        assert_eq!(
            full_json(&again_set, &again_set.roots[0].schema),
            full,
            "{what}"
        );
        if !oracle {
            continue;
        }

        let theirs = apache_avro::Schema::parse_str(&full)
            .unwrap_or_else(|e| panic!("{what}: apache-avro rejects our full JSON ({e}):\n{full}"));
        assert_eq!(
            apache_canonical_fixed(&theirs.canonical_form()),
            canonical,
            "{what}: apache-avro's canonical form differs"
        );
    }
}

/// For single-file compilations the whole set must come back, not only the reachable part.
fn check_single_file_round_trip(set: &SchemaSet, what: &str) {
    assert_eq!(set.roots.len(), 1);
    let full = full_json(set, root(set));
    let again = validate_json(
        Path::new("full.avsc"),
        &serde_json::from_str(&full).unwrap(),
    );
    let again = again.set.expect("re-validates");
    let (s1, n1) = reachable(set, root(set));
    assert_eq!(n1.len(), set.named.len(), "{what}: unreachable named types");
    let (s2, n2) = reachable(&again, root(&again));
    assert_eq!((s1, n1), (s2, n2), "{what}");
}

fn files_under(dir: &Path, exts: &[&str]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| exts.contains(&e))
            {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

// ---------------------------------------------------------------------------------------------
// project invalid/ and tricky schemas (README.md there lists each file and its expected error)

/// Each must-reject file: every expected error as (JSON path, key words of the message).
/// An expected error: its JSON path and key words of its message.
type Expected = (&'static str, &'static [&'static str]);

const MUST_REJECT: &[(&str, &[Expected])] = &[
    (
        "duplicate-field-names.avsc",
        &[(
            "fields[1].name",
            &["duplicate field name `a`", "record `Dup`"],
        )],
    ),
    (
        "default-wrong-type.avsc",
        &[(
            "fields[0].default",
            &["default", "\"ten\"", "does not match type `int`"],
        )],
    ),
    (
        "default-null-for-non-nullable.avsc",
        &[(
            "fields[0].default",
            &["default `null` for a `string` field"],
        )],
    ),
    (
        "union-two-nulls.avsc",
        &[("fields[0].type[2]", &["union contains `null` twice"])],
    ),
    (
        "union-duplicate-primitive.avsc",
        &[("[2]", &["union contains `string` twice"])],
    ),
    (
        "union-two-arrays.avsc",
        &[("[2]", &["union contains two `array` schemas"])],
    ),
    (
        "union-in-union.avsc",
        &[("fields[0].type[1]", &["union directly contains a union"])],
    ),
    (
        "union-duplicate-named.avsc",
        &[("[2]", &["union contains named type `A` twice"])],
    ),
    (
        "fixed-negative-size.avsc",
        &[("size", &["fixed size -1 must be a non-negative integer"])],
    ),
    (
        "fixed-size-not-integer.avsc",
        &[("size", &["fixed size `\"16\"` is a string, not an integer"])],
    ),
    (
        "fixed-without-size.avsc",
        &[("", &["fixed `NoSize` has no `size`"])],
    ),
    (
        "name-invalid-chars.avsc",
        &[(
            "name",
            &["name `my-record` does not match `[A-Za-z_][A-Za-z0-9_]*`"],
        )],
    ),
    (
        "name-starts-with-digit.avsc",
        &[(
            "name",
            &["name `1Record` does not match `[A-Za-z_][A-Za-z0-9_]*`"],
        )],
    ),
    (
        "field-name-invalid-chars.avsc",
        &[(
            "fields[0].name",
            &["field name `first name` does not match `[A-Za-z_][A-Za-z0-9_]*`"],
        )],
    ),
    (
        "namespace-empty-component.avsc",
        &[(
            "namespace",
            &["namespace `com..example` has an empty component"],
        )],
    ),
    (
        "name-is-primitive.avsc",
        &[(
            "name",
            &[
                "named type may not be called `int`",
                "primitive type names cannot be redefined",
            ],
        )],
    ),
    (
        "undefined-reference.avsc",
        &[("fields[0].type", &["unknown type `com.example.Missing`"])],
    ),
    (
        "forward-reference.avsc",
        &[(
            "fields[0].type",
            &["`Later` is used before it is defined", "document order"],
        )],
    ),
    (
        "redefined-name.avsc",
        &[("fields[1].type", &["named type `Color` defined twice"])],
    ),
    (
        "enum-default-not-in-symbols.avsc",
        &[(
            "default",
            &["enum default `CLUBS` is not one of the symbols"],
        )],
    ),
    (
        "enum-duplicate-symbols.avsc",
        &[("symbols[2]", &["enum symbol `A` appears twice"])],
    ),
    (
        "enum-symbol-invalid.avsc",
        &[
            (
                "symbols[1]",
                &["enum symbol `1B` does not match `[A-Za-z_][A-Za-z0-9_]*`"],
            ),
            (
                "symbols[2]",
                &["enum symbol `C-D` does not match `[A-Za-z_][A-Za-z0-9_]*`"],
            ),
        ],
    ),
    (
        "enum-symbols-not-array.avsc",
        &[("symbols", &["`symbols` must be a JSON array of strings"])],
    ),
    (
        "record-without-name.avsc",
        &[("", &["record has no `name`"])],
    ),
    (
        "record-fields-missing.avsc",
        &[("", &["record `NoFields` has no `fields` array"])],
    ),
    (
        "field-without-type.avsc",
        &[("fields[0]", &["field `a` has no `type`"])],
    ),
    (
        "array-without-items.avsc",
        &[("", &["array has no `items`"])],
    ),
    ("map-without-values.avsc", &[("", &["map has no `values`"])]),
    (
        "unknown-type.avsc",
        &[("fields[0].type", &["unknown type `integer`"])],
    ),
    (
        "not-json.avsc",
        &[("", &["not valid JSON", "trailing comma"])],
    ),
    ("empty-file.avsc", &[("", &["empty file, no schema"])]),
];

const TRICKY: &[&str] = &[
    "tricky-union-default-not-first-branch.avsc",
    "tricky-valid-decimal-precision-too-big-for-fixed.avsc",
    "tricky-valid-decimal-scale-gt-precision.avsc",
    "tricky-valid-unknown-logical-type.avsc",
    "tricky-valid-logical-on-wrong-type.avsc",
    "tricky-valid-recursive-via-union.avsc",
    "tricky-valid-same-short-name-different-namespaces.avsc",
    "tricky-valid-namespace-inheritance-and-reset.avsc",
    "tricky-valid-primitive-with-extra-attributes.avsc",
    "tricky-valid-fixed-size-zero.avsc",
];

fn invalid(name: &str) -> PathBuf {
    data(&format!("project/invalid/{name}"))
}

#[test]
fn readme_lists_exactly_the_files_tested() {
    let readme = fs::read_to_string(invalid("README.md")).unwrap();
    let listed: BTreeSet<String> = readme
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .map(str::to_string)
        .collect();
    let tested: BTreeSet<String> = MUST_REJECT
        .iter()
        .map(|(f, _)| f.to_string())
        .chain(TRICKY.iter().map(|f| f.to_string()))
        .collect();
    assert_eq!(listed, tested);
    let on_disk: BTreeSet<String> = files_under(&invalid(""), &["avsc"])
        .iter()
        .map(|p| p.file_name().unwrap().to_str().unwrap().to_string())
        .collect();
    assert_eq!(on_disk, tested);
}

#[test]
fn every_must_reject_file_gives_its_error() {
    let mut failures = String::new();
    for (file, expected) in MUST_REJECT {
        let path = invalid(file);
        let v = validate(&[source(&path)]);
        if v.set.is_some() {
            failures.push_str(&format!("{file}: accepted\n"));
            continue;
        }
        let errors = errors_of(&v);
        for (at, words) in *expected {
            let found = errors.iter().any(|e| {
                e.json_path == *at && e.file == path && words.iter().all(|w| e.message.contains(w))
            });
            if !found {
                failures.push_str(&format!(
                    "{file}: no error at `{at}` with {words:?}; got:\n{}",
                    show(&v.diagnostics)
                ));
            }
        }
        // Display names the file and the path.
        let shown = errors[0].to_string();
        assert!(shown.starts_with(&path.display().to_string()), "{shown}");
    }
    assert!(failures.is_empty(), "{failures}");
}

#[test]
fn every_tricky_file_is_accepted_and_round_trips() {
    for file in TRICKY {
        let (set, _) = ok(&[source(&invalid(file))]);
        check_single_file_round_trip(&set, file);
        // apache-avro rejects some of these (invalid logical types), so no oracle here.
        let full = full_json(&set, root(&set));
        assert_eq!(
            canonical_form(
                &validate_json(Path::new("x"), &serde_json::from_str(&full).unwrap())
                    .set
                    .unwrap(),
                &set.roots[0].schema
            ),
            canonical_form(&set, root(&set))
        );
    }
}

fn warnings_containing(diags: &[Diagnostic], words: &[&str]) -> usize {
    diags
        .iter()
        .filter(|d| !d.is_error() && words.iter().all(|w| d.message.contains(w)))
        .count()
}

#[test]
fn tricky_union_default_uses_the_first_matching_branch_with_a_warning() {
    let (set, diags) = ok(&[source(&invalid(
        "tricky-union-default-not-first-branch.avsc",
    ))]);
    let f = &record_fields(named(&set, "BadUnionDefault"))[0];
    assert_eq!(
        f.default,
        Some(DefaultValue::Union(
            1,
            Box::new(DefaultValue::String("text".into()))
        ))
    );
    assert_eq!(
        warnings_containing(
            &diags,
            &["older readers (spec ≤ 1.11) require the first branch"]
        ),
        1,
        "{}",
        show(&diags)
    );
    assert_eq!(diags[0].json_path, "fields[0].default");
}

#[test]
fn tricky_invalid_logical_types_are_ignored_with_a_warning() {
    let (set, diags) = ok(&[source(&invalid(
        "tricky-valid-decimal-precision-too-big-for-fixed.avsc",
    ))]);
    let n = named(&set, "Small");
    assert_eq!(
        n.kind,
        NamedKind::Fixed {
            size: 2,
            logical: None
        }
    );
    assert_eq!(n.props.get("logicalType"), Some(&json!("decimal")));
    assert_eq!(n.props.get("precision"), Some(&json!(10)));
    assert_eq!(
        warnings_containing(&diags, &["decimal", "ignored", "at most 4 digits"]),
        1
    );

    for (file, ty, lt, words) in [
        (
            "tricky-valid-decimal-scale-gt-precision.avsc",
            Primitive::Bytes,
            "decimal",
            &["scale 5 is greater than precision 2"][..],
        ),
        (
            "tricky-valid-unknown-logical-type.avsc",
            Primitive::Long,
            "my-custom-type",
            &["unknown logical type `my-custom-type`"][..],
        ),
        (
            "tricky-valid-logical-on-wrong-type.avsc",
            Primitive::String,
            "date",
            &["`date`", "needs `int`"][..],
        ),
    ] {
        let (set, diags) = ok(&[source(&invalid(file))]);
        match root(&set) {
            Schema::Primitive {
                ty: t,
                logical,
                props,
            } => {
                assert_eq!(*t, ty, "{file}");
                assert_eq!(*logical, None, "{file}");
                assert_eq!(props.get("logicalType"), Some(&json!(lt)), "{file}");
            }
            s => panic!("{file}: {s:?}"),
        }
        assert_eq!(
            warnings_containing(&diags, words),
            1,
            "{file}: {}",
            show(&diags)
        );
        assert!(diags.iter().all(|d| !d.is_error()));
    }
}

#[test]
fn tricky_recursion_namespaces_props_and_empty_fixed() {
    let (set, _) = ok(&[source(&invalid("tricky-valid-recursive-via-union.avsc"))]);
    let tree = set.find("Tree").unwrap();
    let fields = record_fields(set.get(tree));
    assert_eq!(
        fields[0].schema,
        Schema::Array {
            items: Box::new(Schema::Named(tree)),
            props: Default::default()
        }
    );
    assert_eq!(
        fields[1].default,
        Some(DefaultValue::Union(0, Box::new(DefaultValue::Null)))
    );

    let (set, _) = ok(&[source(&invalid(
        "tricky-valid-same-short-name-different-namespaces.avsc",
    ))]);
    let a = set.find("a.Thing").unwrap();
    let b = set.find("b.Thing").unwrap();
    assert_ne!(a, b);
    let fields = record_fields(set.get(a));
    assert_eq!(fields[0].schema, Schema::Named(b));
    assert_eq!(fields[2].schema, Schema::Named(b));

    let (set, diags) = ok(&[source(&invalid(
        "tricky-valid-namespace-inheritance-and-reset.avsc",
    ))]);
    assert!(diags.is_empty(), "{}", show(&diags));
    let names: Vec<String> = set.named.iter().map(|n| n.name.full()).collect();
    assert_eq!(names, ["com.example.Outer", "com.example.Inner", "Global"]);
    let inner = set.find("com.example.Inner").unwrap();
    let global = set.find("Global").unwrap();
    let fields = record_fields(named(&set, "com.example.Outer"));
    assert_eq!(fields[1].schema, Schema::Named(inner));
    assert_eq!(fields[2].schema, Schema::Named(inner));
    assert_eq!(fields[4].schema, Schema::Named(global));
    assert!(set.get(global).explicit_namespace);
    assert_eq!(set.get(global).name.namespace, None);

    let (set, diags) = ok(&[source(&invalid(
        "tricky-valid-primitive-with-extra-attributes.avsc",
    ))]);
    assert!(diags.is_empty());
    let n = named(&set, "Props");
    assert_eq!(n.props.get("custom-record-prop"), Some(&json!({"a": 1})));
    let f = &record_fields(n)[0];
    assert_eq!(f.props.get("custom-field-prop"), Some(&json!([1, 2])));
    match &f.schema {
        Schema::Primitive {
            ty: Primitive::String,
            props,
            ..
        } => {
            assert_eq!(props.get("avro.java.string"), Some(&json!("String")))
        }
        s => panic!("{s:?}"),
    }
    assert_eq!(
        canonical_form(&set, root(&set)),
        r#"{"name":"Props","type":"record","fields":[{"name":"s","type":"string"}]}"#
    );

    let (set, _) = ok(&[source(&invalid("tricky-valid-fixed-size-zero.avsc"))]);
    assert_eq!(
        named(&set, "Empty").kind,
        NamedKind::Fixed {
            size: 0,
            logical: None
        }
    );
}

// ---------------------------------------------------------------------------------------------
// Apache Avro share/test/data/schema-tests.txt: canonical forms and Rabin fingerprints

struct Case {
    number: usize,
    input: String,
    canonical: Option<String>,
    fingerprint: Option<i64>,
}

/// The file's format: `<<TAG value` on one line, or `<<TAG` followed by lines up to a line that
/// is just `TAG`. A case starts at `INPUT`; other lines (comments `//`, `#`, blank) are ignored.
fn schema_test_cases() -> Vec<Case> {
    let text = fs::read_to_string(data("apache/data/schema-tests.txt")).unwrap();
    let mut lines = text.lines();
    let mut cases: Vec<Case> = Vec::new();
    while let Some(line) = lines.next() {
        let Some(rest) = line.strip_prefix("<<") else {
            continue;
        };
        let (tag, value) = match rest.split_once(' ') {
            Some((tag, value)) if !value.trim().is_empty() => (tag, value.to_string()),
            _ => {
                let tag = rest.trim();
                let mut value = Vec::new();
                for l in lines.by_ref() {
                    if l == tag {
                        break;
                    }
                    value.push(l);
                }
                (tag, value.join("\n"))
            }
        };
        match tag {
            "INPUT" => cases.push(Case {
                number: cases.len(),
                input: value,
                canonical: None,
                fingerprint: None,
            }),
            "canonical" => cases.last_mut().unwrap().canonical = Some(value),
            "fingerprint" => {
                cases.last_mut().unwrap().fingerprint = Some(value.trim().parse().unwrap())
            }
            other => panic!("unknown tag {other}"),
        }
    }
    cases
}

#[test]
fn apache_schema_tests_canonical_forms_and_fingerprints() {
    let cases = schema_test_cases();
    assert_eq!(cases.len(), 34, "cases 000 to 033");
    let mut fingerprints = 0;
    for case in &cases {
        let (set, _) = ok(&[text(
            &format!("schema-tests.txt#{:03}", case.number),
            &case.input,
        )]);
        let canonical = canonical_form(&set, root(&set));
        let expected = case
            .canonical
            .as_ref()
            .expect("every case has a canonical form");
        assert_eq!(&canonical, expected, "case {:03}", case.number);
        if let Some(fp) = case.fingerprint {
            assert_eq!(
                rabin(canonical.as_bytes()) as i64,
                fp,
                "case {:03}",
                case.number
            );
            fingerprints += 1;
        }
        check_round_trip(&set, &format!("case {:03}", case.number));
    }
    assert!(fingerprints >= 20);
}

#[test]
fn fingerprints_agree_with_apache_avro() {
    use apache_avro::rabin::Rabin;
    for case in schema_test_cases() {
        if case.input.contains("\"order\"") {
            continue; // apache-avro's canonical form keeps `order` (see `apache_canonical_fixed`)
        }
        let (set, _) = ok(&[text("t", &case.input)]);
        let canonical = canonical_form(&set, root(&set));
        let theirs = apache_avro::Schema::parse_str(&case.input).unwrap();
        let fp = theirs.fingerprint::<Rabin>();
        assert_eq!(
            fp.bytes,
            rabin(canonical.as_bytes()).to_le_bytes(),
            "case {}",
            case.number
        );
    }
    // MD5 / SHA-256 of a canonical form: known digests of `"int"`.
    assert_eq!(md5(b"\"int\"")[..4], [0xef, 0x52, 0x4e, 0xa1]);
    assert_eq!(sha256(b"\"int\"")[..4], [0x3f, 0x2b, 0x87, 0xa9]);
}

// ---------------------------------------------------------------------------------------------
// Apache Avro C schema_tests: pass/ must validate, fail/ must not

#[test]
fn lang_c_pass_and_fail() {
    let pass = files_under(&data("apache/lang-c/schema_tests/pass"), &["", "avsc"]);
    let pass: Vec<PathBuf> = fs::read_dir(data("apache/lang-c/schema_tests/pass"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .chain(pass)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    assert_eq!(pass.len(), 28);
    for p in &pass {
        let (set, _) = ok(&[source(p)]);
        check_round_trip(&set, &p.display().to_string());
        check_single_file_round_trip(&set, &p.display().to_string());
    }
    let fail: Vec<PathBuf> = fs::read_dir(data("apache/lang-c/schema_tests/fail"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(fail.len(), 12);
    for p in &fail {
        let v = validate(&[source(p)]);
        assert!(v.set.is_none(), "{} must be rejected", p.display());
        assert!(v.errors().count() > 0);
    }
}

// ---------------------------------------------------------------------------------------------
// Real-world schemas: Apache share/test/schemas, lang/java test resources, lang/js, this
// project's all-types.avsc

fn corpus() -> Vec<PathBuf> {
    let mut files = files_under(&data("apache/schemas"), &["avsc"]);
    files.extend(
        files_under(&data("apache/lang-java"), &["avsc", "json"])
            .into_iter()
            .filter(|p| !p.to_string_lossy().contains("multipleFile")),
    );
    files.extend(files_under(&data("apache/lang-js"), &["avsc"]));
    files.extend(files_under(&data("apache/data/schemas"), &["json"]));
    files.push(data("apache/data/messageV1/test_schema.avsc"));
    files.push(data("project/all-types.avsc"));
    files
}

#[test]
fn corpus_validates_and_round_trips() {
    let files = corpus();
    assert_eq!(files.len(), 39);
    let mut oracle_skipped = Vec::new();
    for p in &files {
        let src = source(p);
        let (set, diags) = ok(std::slice::from_ref(&src));
        assert!(
            diags.iter().all(|d| !d.is_error()),
            "{}: {}",
            p.display(),
            show(&diags)
        );
        // apache-avro is the oracle where it can parse the original itself (it does not know
        // `"type": "error"`, for one).
        let theirs = apache_avro::Schema::parse_str(&src.text);
        check_round_trip_oracle(&set, &p.display().to_string(), theirs.is_ok());
        check_single_file_round_trip(&set, &p.display().to_string());
        match theirs {
            Ok(theirs) => {
                let full = full_json(&set, root(&set));
                let again = apache_avro::Schema::parse_str(&full).unwrap();
                assert_eq!(
                    again.canonical_form(),
                    theirs.canonical_form(),
                    "{}",
                    p.display()
                );
            }
            Err(_) => oracle_skipped.push(p.file_name().unwrap().to_string_lossy().to_string()),
        }
    }
    assert_eq!(oracle_skipped, ["regression_error_field_in_record.avsc"]);
}

#[test]
fn corpus_warnings_are_the_expected_ones() {
    // Java's test resources use logical types we do not know (custom ones, big-decimal).
    let mut warned = BTreeSet::new();
    for p in corpus() {
        let (_, diags) = ok(&[source(&p)]);
        for d in diags {
            assert!(
                d.message.contains("unknown logical type") || d.message.contains("logical type"),
                "unexpected warning {d}"
            );
            warned.insert(p.file_name().unwrap().to_string_lossy().to_string());
        }
    }
    assert_eq!(
        warned,
        BTreeSet::from([
            "TestRecordWithLogicalTypes.avsc".to_string(),
            "custom_conversion.avsc".to_string(),
            "custom_conversion_logical_types_enum.avsc".to_string(),
        ])
    );
}

#[test]
fn all_types_has_every_logical_type_and_default() {
    let (set, diags) = ok(&[source(&data("project/all-types.avsc"))]);
    assert!(diags.is_empty(), "{}", show(&diags));
    let rec = named(&set, "org.example.oracle.AllTypes");
    let field = |name: &str| {
        record_fields(rec)
            .iter()
            .find(|f| f.name == name)
            .unwrap_or_else(|| panic!("{name}"))
    };
    let logical = |name: &str| match &field(name).schema {
        Schema::Primitive { logical, .. } => *logical,
        Schema::Named(id) => match set.get(*id).kind {
            NamedKind::Fixed { logical, .. } => logical,
            _ => None,
        },
        _ => None,
    };
    assert_eq!(
        logical("f_decimal_bytes"),
        Some(Logical::Decimal {
            precision: 10,
            scale: 2
        })
    );
    assert_eq!(
        logical("f_decimal_fixed"),
        Some(Logical::Decimal {
            precision: 18,
            scale: 4
        })
    );
    assert_eq!(logical("f_uuid"), Some(Logical::Uuid));
    assert_eq!(logical("f_uuid_fixed"), Some(Logical::Uuid));
    assert_eq!(logical("f_date"), Some(Logical::Date));
    assert_eq!(logical("f_time_millis"), Some(Logical::TimeMillis));
    assert_eq!(logical("f_time_micros"), Some(Logical::TimeMicros));
    assert_eq!(logical("f_timestamp_nanos"), Some(Logical::TimestampNanos));
    assert_eq!(
        logical("f_local_timestamp_micros"),
        Some(Logical::LocalTimestampMicros)
    );
    assert_eq!(logical("f_duration"), Some(Logical::Duration));

    // Cross-namespace references: Inner is in org.example.other and refers back to Suit.
    let inner = named(&set, "org.example.other.Inner");
    assert_eq!(
        record_fields(inner)[2].schema,
        Schema::Named(set.find("org.example.oracle.Suit").unwrap())
    );
    // Point is defined inside a union in org.example.oracle and referenced by short name.
    assert!(set.find("org.example.oracle.Point").is_some());

    assert_eq!(field("f_int_default").default, Some(DefaultValue::Int(42)));
    assert_eq!(
        field("f_bytes_default").default,
        Some(DefaultValue::Bytes(vec![0xff, 0, b'a', b'b']))
    );
    assert_eq!(
        field("f_array_default").default,
        Some(DefaultValue::Array(vec![
            DefaultValue::Int(1),
            DefaultValue::Int(2),
            DefaultValue::Int(3)
        ]))
    );
    assert_eq!(
        field("f_map_default").default,
        Some(DefaultValue::Map(vec![]))
    );
    assert_eq!(
        field("f_record_default").default,
        Some(DefaultValue::Record(vec![
            DefaultValue::Double(1.5),
            DefaultValue::Double(-2.0)
        ]))
    );
    assert_eq!(
        field("f_string_or_null").default,
        Some(DefaultValue::Union(
            0,
            Box::new(DefaultValue::String("none".into()))
        ))
    );
    assert_eq!(field("f_opt_string").default_json, Some(json!(null)));
    assert_eq!(field("f_int").default, None);
}

// ---------------------------------------------------------------------------------------------
// several files in one compilation

fn permutations<T: Clone>(items: &[T]) -> Vec<Vec<T>> {
    if items.len() <= 1 {
        return vec![items.to_vec()];
    }
    let mut out = Vec::new();
    for i in 0..items.len() {
        let mut rest = items.to_vec();
        let first = rest.remove(i);
        for mut p in permutations(&rest) {
            p.insert(0, first.clone());
            out.push(p);
        }
    }
    out
}

#[test]
fn java_multiple_files_in_any_order() {
    let dir = data("apache/lang-java/avro-test-resources/multipleFile");
    let files: Vec<SourceFile> = [
        "ApplicationEvent.avsc",
        "DocumentInfo.avsc",
        "MyResponse.avsc",
    ]
    .iter()
    .map(|f| source(&dir.join(f)))
    .collect();
    let mut canonical_by_order = Vec::new();
    for order in permutations(&files) {
        let (set, diags) = ok(&order);
        assert!(diags.is_empty(), "{}", show(&diags));
        assert_eq!(
            set.named.len(),
            3,
            "MyResponse (inline and in its own file) is one type"
        );
        assert_eq!(set.roots.len(), 3);
        check_round_trip(&set, "multipleFile");
        let event = set
            .roots
            .iter()
            .find(|r| r.file.ends_with("ApplicationEvent.avsc"))
            .unwrap();
        canonical_by_order.push(canonical_form(&set, &event.schema));
    }
    assert_eq!(canonical_by_order.len(), 6);
    assert!(canonical_by_order.windows(2).all(|w| w[0] == w[1]));
    assert!(canonical_by_order[0].contains(r#"{"name":"model.DocumentInfo","type":"record""#));
}

#[test]
fn references_across_files_resolve_in_any_order() {
    let a = text(
        "a.avsc",
        r#"{"type": "record", "name": "A", "namespace": "x", "fields": [{"name": "b", "type": "y.B"}]}"#,
    );
    let b = text(
        "b.avsc",
        r#"{"type": "record", "name": "y.B", "fields": [{"name": "e", "type": "E"}, {"name": "a", "type": ["null", "x.A"], "default": null}]}"#,
    );
    let e = text(
        "e.avsc",
        r#"{"type": "enum", "name": "y.E", "symbols": ["P", "Q"], "default": "Q"}"#,
    );
    for order in permutations(&[a, b, e]) {
        let (set, _) = ok(&order);
        let names: BTreeSet<String> = set.named.iter().map(|n| n.name.full()).collect();
        assert_eq!(
            names,
            BTreeSet::from(["x.A".into(), "y.B".into(), "y.E".into()])
        );
        // Definition order follows the files.
        assert_eq!(set.named[0].source.file, order[0].path);
        check_round_trip(&set, "cross-file");
    }
}

#[test]
fn cross_file_redefinitions() {
    let one = text(
        "one.avsc",
        r#"{"type": "enum", "name": "E", "symbols": ["A"]}"#,
    );
    let same = text(
        "same.avsc",
        r#"{"type": "enum", "name": "E", "symbols": ["A"], "doc": "docs may differ"}"#,
    );
    let other = text(
        "other.avsc",
        r#"{"type": "enum", "name": "E", "symbols": ["A", "B"]}"#,
    );
    let (set, _) = ok(&[one.clone(), same]);
    assert_eq!(set.named.len(), 1);
    assert_eq!(set.roots[1].schema, Schema::Named(NamedId(0)));
    let v = validate(&[one, other]);
    let errors = errors_of(&v);
    assert_eq!(errors.len(), 1, "{}", show(&v.diagnostics));
    assert_eq!(errors[0].file, Path::new("other.avsc"));
    assert!(errors[0].message.contains("named type `E` defined twice"));
}

// ---------------------------------------------------------------------------------------------
// parsing, error reporting, paths

#[test]
fn comments_are_accepted() {
    let schema = r#"
    // A user. "quotes" in comments are fine.
    {
      /* the type */ "type": "record", "name": "User",
      "doc": "http://example.com/*not a comment*/ // nor this",
      "fields": [
        {"name": "id", "type": "long"}, // trailing comment
        /* {"name": "gone", "type": "int"}, */
        {"name": "name", "type": "string"}
      ]
    }
    /* end */"#;
    let (set, _) = ok_text(schema);
    let n = named(&set, "User");
    assert_eq!(
        n.doc.as_deref(),
        Some("http://example.com/*not a comment*/ // nor this")
    );
    assert_eq!(record_fields(n).len(), 2);
    let v = parse_json(Path::new("c.avsc"), "// only\n[\"int\" /* x */, \"null\"]").unwrap();
    assert_eq!(v, json!(["int", "null"]));
}

#[test]
fn all_errors_are_reported_with_paths() {
    let schema = r#"{"type": "record", "name": "R", "fields": [
        {"name": "a", "type": "int"},
        {"name": "b", "type": "Adress"},
        {"name": "c", "type": ["null", "string", "null"]},
        {"name": "d", "type": {"type": "record", "name": "Address", "fields": [
            {"name": "zip", "type": "int", "default": "12345"},
            {"name": "kind", "type": {"type": "enum", "name": "K", "symbols": ["X", "X"]}}
        ]}},
        {"name": "a", "type": "long", "default": 1.5},
        {"name": "f", "type": {"type": "fixed", "name": "F", "size": -1}}
    ]}"#;
    let v = err_text(schema);
    let got: Vec<(String, String)> = v
        .errors()
        .map(|e| (e.json_path.clone(), e.message.clone()))
        .collect();
    let expect = [
        ("fields[1].type", "unknown type `Adress`"),
        ("fields[2].type[2]", "union contains `null` twice"),
        (
            "fields[3].type.fields[0].default",
            "default `\"12345\"` does not match type `int`",
        ),
        (
            "fields[3].type.fields[1].type.symbols[1]",
            "enum symbol `X` appears twice",
        ),
        ("fields[4].name", "duplicate field name `a` in record `R`"),
        (
            "fields[4].default",
            "default `1.5` does not match type `long`",
        ),
        (
            "fields[5].type.size",
            "fixed size -1 must be a non-negative integer",
        ),
    ];
    assert_eq!(got.len(), expect.len(), "{got:#?}");
    for ((path, msg), (want_path, want)) in got.iter().zip(expect) {
        assert_eq!(path, want_path, "{got:#?}");
        assert!(msg.contains(want), "{msg} should contain {want}");
    }
    // The suggestion for the typo.
    assert!(got[0].1.contains("did you mean `Address`?"), "{}", got[0].1);
    // Display: `file: path: message`.
    let first = v.errors().next().unwrap().to_string();
    assert!(
        first.starts_with("test.avsc:3:31: fields[1].type: unknown type `Adress`"),
        "{first}"
    );
    // Errors in several files are all reported, in file order.
    let v = validate(&[
        text("x.avsc", r#"{"type": "array"}"#),
        text("y.avsc", r#"{"type": "map"}"#),
        text("z.avsc", "{,}"),
    ]);
    let files: Vec<&Path> = v.errors().map(|e| e.file.as_path()).collect();
    assert_eq!(
        files,
        [
            Path::new("x.avsc"),
            Path::new("y.avsc"),
            Path::new("z.avsc")
        ]
    );
}

#[test]
fn forward_references_within_a_file() {
    // Referring to an enclosing definition (recursion) is fine; to a later one is not.
    ok_text(
        r#"{"type": "record", "name": "Node", "fields": [{"name": "next", "type": ["null", "Node"]}]}"#,
    );
    let v = err_text(r#"["Later", {"type": "fixed", "name": "Later", "size": 1}]"#);
    let e = errors_of(&v);
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].json_path, "[0]");
    assert_eq!(
        e[0].message.split(';').next().unwrap(),
        "`Later` is used before it is defined"
    );
    // ... unless another file defines it.
    let a = r#"{"type": "record", "name": "R", "fields": [{"name": "a", "type": "Later"},
        {"name": "b", "type": {"type": "fixed", "name": "Later", "size": 1}}]}"#;
    err_text(a);
    for order in permutations(&[
        text("a.avsc", a),
        text("b.avsc", r#"{"type": "fixed", "name": "Later", "size": 1}"#),
    ]) {
        ok(&order);
    }
}

#[test]
fn top_level_forms() {
    let (set, _) = ok_text(r#""string""#);
    assert_eq!(root(&set), &Schema::primitive(Primitive::String));
    let (set, _) = ok_text("[]");
    assert_eq!(root(&set), &Schema::Union(vec![]));
    let (set, diags) = ok(&[
        text("a.avsc", r#"{"type": "fixed", "name": "a.F", "size": 4}"#),
        text("b.avsc", r#"{"type": "a.F"}"#),
    ]);
    assert_eq!(set.roots[1].schema, Schema::Named(NamedId(0)));
    assert_eq!(diags.len(), 1);
    assert!(!diags[0].is_error());
    assert!(diags[0]
        .message
        .contains("write it as just the name string \"a.F\""));
    err_text("42");
    err_text(r#"{"name": "x"}"#);
    err_text(r#"{"type": {"type": "int"}}"#);
}

#[test]
fn names_and_namespaces() {
    let (set, _) = ok_text(
        r#"{"type": "record", "name": "R", "namespace": "a.b", "aliases": ["Old", "c.Older"], "fields": [
            {"name": "x", "type": {"type": "enum", "name": "E", "symbols": ["S"]}},
            {"name": "y", "type": {"type": "enum", "name": "n.E", "symbols": ["S"]}},
            {"name": "z", "type": ["a.b.E", "n.E"], "aliases": ["zz"]},
            {"name": "w", "type": "E"}
        ]}"#,
    );
    let r = named(&set, "a.b.R");
    let aliases: Vec<String> = r.aliases.iter().map(|a| a.full()).collect();
    assert_eq!(aliases, ["a.b.Old", "c.Older"]);
    assert!(set.find("a.b.E").is_some() && set.find("n.E").is_some());
    let v = err_text(
        r#"{"type": "record", "name": "R", "fields": [{"name": "z", "type": ["E", {"type": "enum", "name": "E", "symbols": ["S"]}]}]}"#,
    );
    assert!(errors_of(&v)[0]
        .message
        .contains("used before it is defined"));
    err_text(r#"{"type": "enum", "name": "a..E", "symbols": []}"#);
    err_text(r#"{"type": "enum", "name": "string", "namespace": "x", "symbols": []}"#);
    err_text(r#"{"type": "enum", "name": "E", "aliases": ["bad-alias"], "symbols": []}"#);
}

#[test]
fn defaults_by_type() {
    let good = [
        (r#""int""#, json!(-2147483648), DefaultValue::Int(i32::MIN)),
        (
            r#""long""#,
            json!(9007199254740993_i64),
            DefaultValue::Long(9007199254740993),
        ),
        (r#""float""#, json!(1), DefaultValue::Float(1.0)),
        (
            r#""double""#,
            json!("Infinity"),
            DefaultValue::Double(f64::INFINITY),
        ),
        (
            r#""double""#,
            json!("-Infinity"),
            DefaultValue::Double(f64::NEG_INFINITY),
        ),
        (
            r#""bytes""#,
            json!("\u{00e9}A"),
            DefaultValue::Bytes(vec![0xe9, 0x41]),
        ),
        (r#""string""#, json!("☃"), DefaultValue::String("☃".into())),
        (r#""boolean""#, json!(false), DefaultValue::Boolean(false)),
        (
            r#"{"type": "fixed", "name": "F2", "size": 2}"#,
            json!("\u{0000}\u{00ff}"),
            DefaultValue::Fixed(vec![0, 255]),
        ),
        (
            r#"{"type": "enum", "name": "E", "symbols": ["A", "B"]}"#,
            json!("B"),
            DefaultValue::Enum(1),
        ),
        (
            r#"{"type": "map", "values": ["int", "string"]}"#,
            json!({"k": "v"}),
            DefaultValue::Map(vec![(
                "k".into(),
                DefaultValue::Union(1, Box::new(DefaultValue::String("v".into()))),
            )]),
        ),
        (
            r#"["null", {"type": "record", "name": "P", "fields": [{"name": "x", "type": "int", "default": 7}, {"name": "y", "type": "int"}]}]"#,
            json!({"y": 1}),
            DefaultValue::Union(
                1,
                Box::new(DefaultValue::Record(vec![
                    DefaultValue::Int(7),
                    DefaultValue::Int(1),
                ])),
            ),
        ),
    ];
    for (ty, default, want) in good {
        let schema = format!(
            r#"{{"type": "record", "name": "R", "fields": [{{"name": "f", "type": {ty}, "default": {default}}}]}}"#
        );
        let (set, _) = ok_text(&schema);
        assert_eq!(
            record_fields(named(&set, "R"))[0].default,
            Some(want),
            "{schema}"
        );
        check_round_trip(&set, &schema);
    }
    let (set, _) = ok_text(
        r#"{"type": "record", "name": "R", "fields": [{"name": "f", "type": "float", "default": "NaN"}]}"#,
    );
    assert!(
        matches!(record_fields(named(&set, "R"))[0].default, Some(DefaultValue::Float(x)) if x.is_nan())
    );

    let bad = [
        (r#""int""#, json!(2147483648_i64), "out of range"),
        (r#""int""#, json!(1.0), "not an integer"),
        (r#""long""#, json!("1"), "does not match type `long`"),
        (r#""float""#, json!("nan"), "does not match type `float`"),
        (r#""bytes""#, json!("\u{0100}"), "code points 0-255"),
        (
            r#""boolean""#,
            json!(null),
            "default `null` for a `boolean` field",
        ),
        (
            r#"{"type": "fixed", "name": "F2", "size": 2}"#,
            json!("abc"),
            "3 bytes, the size is 2",
        ),
        (
            r#"{"type": "enum", "name": "E", "symbols": ["A"]}"#,
            json!("Z"),
            "not one of its symbols",
        ),
        (
            r#"{"type": "array", "items": "int"}"#,
            json!([1, "2"]),
            "at `[1]`",
        ),
        (
            r#"{"type": "record", "name": "P", "fields": [{"name": "x", "type": "int"}]}"#,
            json!({}),
            "missing field `x` of record `P`, which has no default",
        ),
        (
            r#"["int", "string"]"#,
            json!(null),
            "default `null` for a `[int, string]` field",
        ),
        (
            r#"["int", "string"]"#,
            json!(true),
            "no branch of the union accepts it",
        ),
    ];
    for (ty, default, want) in bad {
        let schema = format!(
            r#"{{"type": "record", "name": "R", "fields": [{{"name": "f", "type": {ty}, "default": {default}}}]}}"#
        );
        let v = err_text(&schema);
        let e = errors_of(&v);
        assert_eq!(e.len(), 1, "{schema}: {}", show(&v.diagnostics));
        assert_eq!(e[0].json_path, "fields[0].default");
        assert!(
            e[0].message.contains(want),
            "{schema}: {} should contain {want}",
            e[0].message
        );
    }
}

#[test]
fn field_attributes_and_warnings() {
    let (set, diags) = ok_text(
        r#"{"type": "record", "name": "R", "fields": [
            {"name": "t", "type": "long", "logicalType": "timestamp-millis", "order": "descending", "doc": "d"},
            {"name": "u", "type": {"type": "array", "items": "int", "logicalType": "x"}}
        ]}"#,
    );
    let f = &record_fields(named(&set, "R"))[0];
    assert_eq!(f.order, Some(avro_schema::ir::Order::Descending));
    assert_eq!(f.props.get("logicalType"), Some(&json!("timestamp-millis")));
    assert_eq!(f.schema, Schema::primitive(Primitive::Long));
    assert_eq!(diags.len(), 2, "{}", show(&diags));
    assert_eq!(diags[0].json_path, "fields[0].logicalType");
    assert!(diags[0].message.contains(
        r#"logicalType on field `t` is ignored; put it inside the type: {"type": {"type": "long", "logicalType": "timestamp-millis"}}"#
    ), "{}", diags[0].message);
    assert_eq!(diags[1].json_path, "fields[1].type.logicalType");
    let v = err_text(
        r#"{"type": "record", "name": "R", "fields": [{"name": "t", "type": "int", "order": "up"}]}"#,
    );
    assert_eq!(errors_of(&v)[0].json_path, "fields[0].order");
}

#[test]
fn full_json_keeps_everything_and_canonical_strips_it() {
    let schema = r#"{"type": "record", "name": "R", "namespace": "n", "doc": "a record",
        "aliases": ["Q", "o.P"], "x-prop": {"k": [1]},
        "fields": [
            {"name": "f", "type": {"type": "bytes", "logicalType": "decimal", "precision": 5, "x": 1},
             "default": "\u00ff", "order": "ignore", "aliases": ["g"], "doc": "field", "fp": true},
            {"name": "e", "type": {"type": "enum", "name": "E", "namespace": "", "symbols": ["A", "B"], "default": "B", "doc": "e"}},
            {"name": "m", "type": {"type": "map", "values": "E", "mp": 1}},
            {"name": "r", "type": ["null", "R"]}
        ]}"#;
    let (set, _) = ok_text(schema);
    let full = full_json(&set, root(&set));
    assert_eq!(
        full,
        concat!(
            r#"{"type":"record","name":"R","namespace":"n","doc":"a record","aliases":["Q","o.P"],"fields":["#,
            r#"{"name":"f","type":{"type":"bytes","logicalType":"decimal","precision":5,"scale":0,"x":1},"doc":"field","default":"ÿ","order":"ignore","aliases":["g"],"fp":true},"#,
            r#"{"name":"e","type":{"type":"enum","name":"E","namespace":"","doc":"e","symbols":["A","B"],"default":"B"}},"#,
            r#"{"name":"m","type":{"type":"map","values":"E","mp":1}},"#,
            r#"{"name":"r","type":["null","n.R"]}],"x-prop":{"k":[1]}}"#
        )
    );
    assert_eq!(
        canonical_form(&set, root(&set)),
        r#"{"name":"n.R","type":"record","fields":[{"name":"f","type":"bytes"},{"name":"e","type":{"name":"E","type":"enum","symbols":["A","B"]}},{"name":"m","type":{"type":"map","values":"E"}},{"name":"r","type":["null","n.R"]}]}"#
    );
    // apache-avro cannot resolve the short reference `E` (null namespace) inside `n`.
    check_round_trip_oracle(&set, "full", false);
    check_single_file_round_trip(&set, "full");
}

#[test]
fn full_json_is_standalone_across_files_and_namespaces() {
    // `Inner` inherits namespace `a` in file 1; file 2 (namespace `b`) uses it first: the full
    // JSON of file 2 must define it inline with its own namespace.
    let (set, _) = ok(&[
        text(
            "1.avsc",
            r#"{"type": "record", "name": "Outer", "namespace": "a", "fields": [{"name": "i", "type": {"type": "record", "name": "Inner", "fields": []}}]}"#,
        ),
        text(
            "2.avsc",
            r#"{"type": "record", "name": "User", "namespace": "b", "fields": [{"name": "i", "type": "a.Inner"}, {"name": "j", "type": "a.Inner"}]}"#,
        ),
    ]);
    let full = full_json(&set, &set.roots[1].schema);
    assert_eq!(
        full,
        r#"{"type":"record","name":"User","namespace":"b","fields":[{"name":"i","type":{"type":"record","name":"a.Inner","fields":[]}},{"name":"j","type":"a.Inner"}]}"#
    );
    check_round_trip(&set, "standalone");
}

#[test]
fn paths_name_the_exact_position() {
    let cases = [
        (
            r#"{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"},
                {"name": "b", "type": "int"}, {"name": "c", "type": "int"}, {"name": "d", "type": "Nope"}]}"#,
            "fields[3].type",
        ),
        (
            r#"{"type": "record", "name": "R", "fields": [{"name": "u", "type": ["null", "int",
                {"type": "enum", "name": "E", "symbols": ["A", "b-c"]}]}]}"#,
            "fields[0].type[2].symbols[1]",
        ),
        (
            r#"{"type": "array", "items": {"type": "map", "values": "Nope"}}"#,
            "items.values",
        ),
        (r#"["int", {"type": "fixed", "name": "F"}]"#, "[1]"),
        (
            r#"{"type": "record", "name": "R", "fields": [{"name": "f", "type": "int", "aliases": ["ok", 3]}]}"#,
            "fields[0].aliases[1]",
        ),
    ];
    for (schema, path) in cases {
        let v = err_text(schema);
        let e = errors_of(&v);
        assert_eq!(e.len(), 1, "{schema}: {}", show(&v.diagnostics));
        assert_eq!(e[0].json_path, path, "{schema}");
        assert_eq!(e[0].to_string().split(": ").nth(1), Some(path));
    }
}

#[test]
fn into_result_separates_errors_from_warnings() {
    let (set, warnings) = validate(&[text("w.avsc", r#"{"type": "int", "logicalType": "nope"}"#)])
        .into_result()
        .unwrap();
    assert_eq!(set.roots.len(), 1);
    assert_eq!(warnings.len(), 1);
    let errs = validate(&[
        text("a.avsc", r#"{"type": "map"}"#),
        text("b.avsc", r#"{"type": "int", "logicalType": "nope"}"#),
        text("c.avsc", ""),
    ])
    .into_result()
    .unwrap_err();
    assert_eq!(errs.errors.len(), 2);
    assert_eq!(errs.warnings.len(), 1);
    let shown = errs.to_string();
    assert_eq!(
        shown,
        "2 errors in Avro schemas (and 1 warning):

error: map has no `values`
 --> a.avsc:1:1
  |
1 | {\"type\": \"map\"}
  | ^^^^^^^^^^^^^^^

error: empty file, no schema
 --> c.avsc

warning: unknown logical type `nope` is ignored; the schema is a plain `int`
 --> b.avsc:1:32
  |
1 | {\"type\": \"int\", \"logicalType\": \"nope\"}
  |                                ^^^^^^ logicalType
"
    );
    // `unwrap()` in a build script shows the same text.
    assert_eq!(format!("{errs:?}"), shown);
}
