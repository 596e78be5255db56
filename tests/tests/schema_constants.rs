//! The schema constants of every generated type (`SCHEMA_JSON`, `CANONICAL_FORM`,
//! `RABIN_FINGERPRINT`, `MD5_FINGERPRINT`, `SHA256_FINGERPRINT`) against independent
//! implementations:
//!
//! * the Python oracle (fastavro's Parsing Canonical Form and fingerprints), whose answers are
//!   committed in `tests/fixtures/canonical/schema-constants.jsonl` (made by
//!   `scripts/make-canonical-fixtures.sh`, see `tests/fixtures/README.md`). A file's top-level
//!   type is given to the oracle as the original schema file; every other type as its
//!   `SCHEMA_JSON` (a standalone schema: every named type it uses is defined inline). Where
//!   fastavro mis-resolves names (7 types that put a named type back into the null namespace),
//!   the expected canonical form is written by hand from the specification (listed, with the
//!   reason, in the README);
//! * apache-avro, which must parse every `SCHEMA_JSON`;
//! * our own validator, which must read `SCHEMA_JSON` back to the same canonical form;
//! * the original schema files: every definition in them keeps, in `SCHEMA_JSON`, all its
//!   `doc`, `aliases`, `default`, `order`, logical types and other attributes.
//!
//! The registry (`avro_tests::generated::schema_constants`) lists every named type that
//! `tests/build.rs` generated. A type without an oracle entry fails the test, so a new schema in
//! the corpus forces the fixture to be regenerated.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use avro_tests::generated::{root_codecs, schema_constants, SchemaConstants};
use avro_tests::{bytes_to_hex, fixture_index, parse_json_exact, read_schema_text, repo_path};
use serde_json::{Map, Value};

/// The oracle's answers, relative to the workspace root.
const FIXTURE: &str = "tests/fixtures/canonical/schema-constants.jsonl";

/// Types whose `SCHEMA_JSON` apache-avro 0.22 cannot parse, with the reason. (They are still
/// checked against the oracle and our validator.)
const APACHE_CANNOT_PARSE: &[(&str, &str, &str)] = &[
    (
        "apache_lang_java_compiler_test_resources_regression_error_field_in_record",
        "org.apache.avro.specific.test.RecordWithErrorField",
        "apache-avro knows `\"type\": \"error\"` only in protocols (\"Unknown primitive type\")",
    ),
    (
        "apache_lang_java_compiler_test_resources_regression_error_field_in_record",
        "org.apache.avro.specific.test.TestError",
        "apache-avro knows `\"type\": \"error\"` only in protocols (\"Unknown primitive type\")",
    ),
    (
        "project_invalid_tricky_valid_namespace_inheritance_and_reset",
        "com.example.Outer",
        "apache-avro resolves the reference `Global` (null namespace, used inside com.example) only as \
         com.example.Global, without Java's fallback to the null namespace",
    ),
];

/// One line of the oracle fixture.
#[derive(Debug)]
struct OracleEntry {
    /// What the oracle was given: a schema file (relative to the workspace root),
    /// `"SCHEMA_JSON"`, or `"hand-written"`.
    source: String,
    canonical: String,
    rabin: i64,
    md5: String,
    sha256: String,
}

fn oracle_entries() -> BTreeMap<(String, String), OracleEntry> {
    let path = repo_path(FIXTURE);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e}\nregenerate it with scripts/make-canonical-fixtures.sh",
            path.display()
        )
    });
    let mut out = BTreeMap::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.is_empty()) {
        let at = format!("{}:{}", FIXTURE, n + 1);
        let v = parse_json_exact(line).unwrap_or_else(|e| panic!("{at}: {e}"));
        let s = |k: &str| {
            v[k].as_str()
                .unwrap_or_else(|| panic!("{at}: no string {k:?}"))
                .to_owned()
        };
        let key = (s("unit"), s("avro_name"));
        let entry = OracleEntry {
            source: s("source"),
            canonical: s("canonical"),
            rabin: v["rabin"]
                .as_i64()
                .unwrap_or_else(|| panic!("{at}: no integer \"rabin\"")),
            md5: s("md5"),
            sha256: s("sha256"),
        };
        assert!(
            out.insert(key.clone(), entry).is_none(),
            "{at}: duplicate entry {key:?}"
        );
    }
    out
}

/// A root codec's schema file, relative to the workspace root. `tests/build.rs` records files
/// under `tests/data` relative to it, and others (the bench schemas) as absolute paths.
fn repo_relative(schema_file: &str) -> String {
    let p = Path::new(schema_file);
    if !p.is_absolute() {
        return format!("tests/data/{schema_file}");
    }
    let root = repo_path("").canonicalize().unwrap();
    let file = p
        .canonicalize()
        .unwrap_or_else(|e| panic!("{schema_file}: {e}"));
    file.strip_prefix(&root)
        .unwrap_or_else(|_| panic!("{schema_file} is outside the workspace"))
        .to_str()
        .unwrap()
        .replace('\\', "/")
}

/// The full name defined by a named-type definition object, given the enclosing namespace.
fn defined_name(obj: &Map<String, Value>, enclosing: &str) -> Option<(String, String)> {
    let kind = obj.get("type")?.as_str()?;
    if !matches!(kind, "record" | "error" | "enum" | "fixed") {
        return None;
    }
    let name = obj.get("name")?.as_str()?;
    if let Some((ns, _)) = name.rsplit_once('.') {
        return Some((name.to_owned(), ns.to_owned()));
    }
    let ns = match obj.get("namespace") {
        Some(Value::String(ns)) => ns.clone(),
        Some(Value::Null) => String::new(),
        _ => enclosing.to_owned(),
    };
    let full = if ns.is_empty() {
        name.to_owned()
    } else {
        format!("{ns}.{name}")
    };
    Some((full, ns))
}

/// Each compiled file whose top level is a generated named type: (unit, full name, file
/// relative to the workspace root, the files defining named types it references, as listed in
/// `tests/fixtures/index.tsv`).
fn roots() -> Vec<(String, String, String, Vec<String>)> {
    let includes: BTreeMap<String, Vec<String>> = fixture_index()
        .into_iter()
        .map(|e| (e.schema, e.includes))
        .collect();
    let mut out = Vec::new();
    // Units compiled again with `MapType::IndexMap` have their originals' constants.
    for c in root_codecs()
        .iter()
        .filter(|c| !c.unit.ends_with("_index_map"))
    {
        let file = repo_relative(c.schema_file);
        let json: Value = serde_json::from_str(&read_schema_text(&file))
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        let Some((full, _)) = json.as_object().and_then(|o| defined_name(o, "")) else {
            continue;
        };
        let inc = includes.get(&file).cloned().unwrap_or_default();
        out.push((c.unit.to_owned(), full, file, inc));
    }
    out
}

/// Writes every registry type as one JSON line (`unit`, `avro_name`, `schema_json`, and for a
/// file's top-level type `file` and `includes`) to the file named by `AVRO_DUMP_SCHEMAS`.
/// `scripts/make-canonical-fixtures.sh` runs it and gives each line to the oracle.
#[test]
#[ignore = "dumps the registry for scripts/make-canonical-fixtures.sh"]
fn dump_schema_json() {
    let out = std::env::var_os("AVRO_DUMP_SCHEMAS").expect("set AVRO_DUMP_SCHEMAS=<output file>");
    let roots: BTreeMap<(String, String), (String, Vec<String>)> = roots()
        .into_iter()
        .map(|(unit, name, file, others)| ((unit, name), (file, others)))
        .collect();
    let mut text = String::new();
    for c in schema_constants() {
        let mut line = Map::new();
        line.insert("unit".into(), c.unit.into());
        line.insert("avro_name".into(), c.avro_name.into());
        if let Some((file, others)) = roots.get(&(c.unit.to_owned(), c.avro_name.to_owned())) {
            line.insert("file".into(), file.as_str().into());
            line.insert("includes".into(), others.clone().into());
        }
        line.insert("schema_json".into(), c.schema_json.into());
        text.push_str(&Value::Object(line).to_string());
        text.push('\n');
    }
    std::fs::write(PathBuf::from(out), text).unwrap();
}

/// Every constant of every registry type equals the oracle's answer, and every oracle entry is
/// a registry type.
#[test]
fn constants_match_the_oracle() {
    let mut oracle = oracle_entries();
    let registry = schema_constants();
    assert!(!registry.is_empty());
    let mut problems = Vec::new();
    let mut by_source = BTreeMap::<&str, usize>::new();
    for c in &registry {
        let key = (c.unit.to_owned(), c.avro_name.to_owned());
        let Some(o) = oracle.remove(&key) else {
            problems.push(format!(
                "{}::{}: no oracle entry in {FIXTURE}; rerun scripts/make-canonical-fixtures.sh",
                c.unit, c.avro_name
            ));
            continue;
        };
        *by_source
            .entry(match o.source.as_str() {
                "SCHEMA_JSON" => "SCHEMA_JSON",
                "hand-written" => "hand-written",
                _ => "schema file",
            })
            .or_default() += 1;
        let at = format!("{}::{} (oracle read {})", c.unit, c.avro_name, o.source);
        if c.canonical_form != o.canonical {
            problems.push(format!(
                "{at}: CANONICAL_FORM\n  ours:   {}\n  oracle: {}",
                c.canonical_form, o.canonical
            ));
        }
        if c.rabin as i64 != o.rabin {
            problems.push(format!(
                "{at}: RABIN_FINGERPRINT {} (as i64), oracle {}",
                c.rabin as i64, o.rabin
            ));
        }
        if bytes_to_hex(&c.md5) != o.md5 {
            problems.push(format!(
                "{at}: MD5_FINGERPRINT {}, oracle {}",
                bytes_to_hex(&c.md5),
                o.md5
            ));
        }
        if bytes_to_hex(&c.sha256) != o.sha256 {
            problems.push(format!(
                "{at}: SHA256_FINGERPRINT {}, oracle {}",
                bytes_to_hex(&c.sha256),
                o.sha256
            ));
        }
    }
    for (unit, name) in oracle.keys() {
        problems.push(format!(
            "{unit}::{name}: in {FIXTURE} but not in the registry; rerun scripts/make-canonical-fixtures.sh"
        ));
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    eprintln!(
        "{} types checked against the oracle ({by_source:?})",
        registry.len()
    );
}

/// apache-avro parses every `SCHEMA_JSON` (it is standalone), except the listed ones.
#[test]
fn schema_json_parses_with_apache_avro() {
    let mut problems = Vec::new();
    let mut skipped = BTreeSet::new();
    for c in schema_constants() {
        let listed = APACHE_CANNOT_PARSE
            .iter()
            .any(|(unit, name, _)| *unit == c.unit && *name == c.avro_name);
        match apache_avro::Schema::parse_str(c.schema_json) {
            Ok(_) if listed => problems.push(format!(
                "{}::{}: apache-avro parses it now; remove it from APACHE_CANNOT_PARSE",
                c.unit, c.avro_name
            )),
            Ok(_) => {}
            Err(_) if listed => {
                skipped.insert((c.unit, c.avro_name));
            }
            Err(e) => problems.push(format!(
                "{}::{}: {e}\n  {}",
                c.unit, c.avro_name, c.schema_json
            )),
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert_eq!(skipped.len(), APACHE_CANNOT_PARSE.len(), "stale entries");
}

/// Our validator reads every `SCHEMA_JSON` back (no errors) to a schema whose canonical form is
/// `CANONICAL_FORM`.
#[test]
fn schema_json_reads_back_to_the_same_canonical_form() {
    let mut problems = Vec::new();
    for c in schema_constants() {
        let at = format!("{}::{}", c.unit, c.avro_name);
        let json: Value = serde_json::from_str(c.schema_json)
            .unwrap_or_else(|e| panic!("{at}: SCHEMA_JSON is not JSON: {e}"));
        let file = PathBuf::from(format!("{at}.SCHEMA_JSON"));
        match avro_build::validate::validate_json(&file, &json).into_result() {
            Ok((set, _warnings)) => {
                let root = &set.roots[0].schema;
                let canonical = avro_build::canonical::canonical_form(&set, root);
                if canonical != c.canonical_form {
                    problems.push(format!(
                        "{at}: canonical form of SCHEMA_JSON\n  {canonical}\n  CANONICAL_FORM:\n  {}",
                        c.canonical_form
                    ));
                }
            }
            Err(e) => problems.push(format!("{at}: SCHEMA_JSON is rejected: {e}")),
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

const PRIMITIVES: &[&str] = &[
    "null", "boolean", "int", "long", "float", "double", "bytes", "string",
];

/// Names a reference may stand for: resolved in the enclosing namespace, or (Java's fallback,
/// which this generator follows) in the null namespace.
fn candidates(name: &str, ns: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    if name.contains('.') || ns.is_empty() {
        out.insert(name.to_owned());
    } else {
        out.insert(format!("{ns}.{name}"));
        out.insert(name.to_owned());
    }
    out
}

/// JSON equality, numbers compared by value (`1` = `1.0`), objects regardless of key order.
fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            x == y || (x.as_f64().is_some() && x.as_f64() == y.as_f64())
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_value(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_value(v, w)))
        }
        _ => a == b,
    }
}

/// Compares an original schema (`orig`, in enclosing namespace `ns_o`) with the same schema in
/// SCHEMA_JSON (`ours`, in `ns_w`): every key and value of the original is there, names may be
/// written as full names, namespaces may be added, and a reference may be replaced by the inline
/// definition of the type it names.
struct Subset<'a> {
    problems: &'a mut Vec<String>,
    /// Attributes compared (to show the check is not vacuous).
    attributes: usize,
}

impl Subset<'_> {
    fn fail(&mut self, at: &str, msg: String) {
        self.problems.push(format!("{at}: {msg}"));
    }

    fn schema(&mut self, orig: &Value, ours: &Value, ns_o: &str, ns_w: &str, at: &str) {
        match orig {
            Value::String(s) if PRIMITIVES.contains(&s.as_str()) => {
                let same = match ours {
                    Value::String(t) => t == s,
                    Value::Object(o) => o.len() == 1 && o.get("type") == Some(orig),
                    _ => false,
                };
                if !same {
                    self.fail(at, format!("{orig} became {ours}"));
                }
            }
            Value::String(s) => {
                let want = candidates(s, ns_o);
                let got = match ours {
                    Value::String(t) => candidates(t, ns_w),
                    Value::Object(o) => defined_name(o, ns_w)
                        .map(|(full, _)| BTreeSet::from([full]))
                        .unwrap_or_default(),
                    _ => BTreeSet::new(),
                };
                if want.is_disjoint(&got) {
                    self.fail(at, format!("reference {orig} became {ours}"));
                }
            }
            Value::Array(branches) => match ours.as_array() {
                Some(ours) if ours.len() == branches.len() => {
                    for (i, (o, w)) in branches.iter().zip(ours).enumerate() {
                        self.schema(o, w, ns_o, ns_w, &format!("{at}[{i}]"));
                    }
                }
                _ => self.fail(at, format!("union {orig} became {ours}")),
            },
            Value::Object(o) => self.object(o, ours, ns_o, ns_w, at),
            _ => self.fail(at, format!("not a schema: {orig}")),
        }
    }

    fn object(
        &mut self,
        orig: &Map<String, Value>,
        ours: &Value,
        ns_o: &str,
        ns_w: &str,
        at: &str,
    ) {
        let named = defined_name(orig, ns_o);
        let w = match ours {
            Value::Object(w) => w,
            // A definition may be written as a reference when SCHEMA_JSON defined the type
            // earlier (that definition is checked against its own SCHEMA_JSON).
            Value::String(t)
                if named
                    .as_ref()
                    .is_some_and(|(full, _)| candidates(t, ns_w).contains(full)) =>
            {
                return
            }
            // `{"type": "int"}` may be written `"int"`.
            Value::String(_) if orig.len() == 1 && orig.contains_key("type") => {
                return self.schema(&orig["type"], ours, ns_o, ns_w, at)
            }
            _ => return self.fail(at, format!("{} became {ours}", Value::Object(orig.clone()))),
        };
        let (ns_o, ns_w) = match &named {
            Some((full_o, child_o)) => {
                let Some((full_w, child_w)) = defined_name(w, ns_w) else {
                    return self.fail(at, format!("definition of {full_o} became {ours}"));
                };
                if *full_o != full_w {
                    self.fail(at, format!("definition of {full_o} became {full_w}"));
                }
                (child_o.clone(), child_w)
            }
            None => (ns_o.to_owned(), ns_w.to_owned()),
        };
        for (key, value) in orig {
            let here = format!("{at}.{key}");
            if named.is_some() && (key == "name" || key == "namespace") {
                continue; // compared as the full name above
            }
            let Some(theirs) = w.get(key) else {
                self.fail(&here, format!("missing (original: {value})"));
                continue;
            };
            match key.as_str() {
                "type"
                    if value.as_str().is_some_and(|t| {
                        matches!(t, "record" | "error" | "enum" | "fixed" | "array" | "map")
                            || PRIMITIVES.contains(&t)
                    }) =>
                {
                    if value != theirs {
                        self.fail(&here, format!("{value} became {theirs}"));
                    }
                }
                "type" | "items" | "values" => self.schema(value, theirs, &ns_o, &ns_w, &here),
                "fields" if named.is_some() => self.fields(value, theirs, &ns_o, &ns_w, &here),
                "aliases" if named.is_some() => {
                    let full = |v: &Value, ns: &str| -> Option<BTreeSet<String>> {
                        v.as_array()?
                            .iter()
                            .map(|a| {
                                let a = a.as_str()?;
                                Some(if a.contains('.') || ns.is_empty() {
                                    a.to_owned()
                                } else {
                                    format!("{ns}.{a}")
                                })
                            })
                            .collect()
                    };
                    self.attributes += 1;
                    if full(value, &ns_o) != full(theirs, &ns_w) || full(value, &ns_o).is_none() {
                        self.fail(&here, format!("{value} became {theirs}"));
                    }
                }
                _ => {
                    self.attributes += 1;
                    if !same_value(value, theirs) {
                        self.fail(&here, format!("{value} became {theirs}"));
                    }
                }
            }
        }
    }

    fn fields(&mut self, orig: &Value, ours: &Value, ns_o: &str, ns_w: &str, at: &str) {
        let (Some(orig), Some(ours)) = (orig.as_array(), ours.as_array()) else {
            return self.fail(at, "fields are not arrays".into());
        };
        if orig.len() != ours.len() {
            return self.fail(at, format!("{} fields became {}", orig.len(), ours.len()));
        }
        for (i, (o, w)) in orig.iter().zip(ours).enumerate() {
            let here = format!("{at}[{i}]");
            let (Some(o), Some(w)) = (o.as_object(), w.as_object()) else {
                self.fail(&here, "a field is not an object".into());
                continue;
            };
            for (key, value) in o {
                let Some(theirs) = w.get(key) else {
                    self.fail(
                        &format!("{here}.{key}"),
                        format!("missing (original: {value})"),
                    );
                    continue;
                };
                if key == "type" {
                    self.schema(value, theirs, ns_o, ns_w, &format!("{here}.type"));
                } else {
                    self.attributes += 1;
                    if !same_value(value, theirs) {
                        self.fail(&format!("{here}.{key}"), format!("{value} became {theirs}"));
                    }
                }
            }
        }
    }
}

/// Every named definition in a schema document: (full name, the definition, enclosing
/// namespace), in document order.
fn definitions<'a>(
    schema: &'a Value,
    ns: &str,
    out: &mut Vec<(String, &'a Map<String, Value>, String)>,
) {
    match schema {
        Value::Array(branches) => {
            for b in branches {
                definitions(b, ns, out);
            }
        }
        Value::Object(o) => {
            let mut inner = ns.to_owned();
            if let Some((full, child)) = defined_name(o, ns) {
                out.push((full, o, ns.to_owned()));
                inner = child;
            }
            for key in ["type", "items", "values"] {
                if let Some(v) = o.get(key).filter(|v| v.is_object() || v.is_array()) {
                    definitions(v, &inner, out);
                }
            }
            for f in o
                .get("fields")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if let Some(t) = f.get("type") {
                    definitions(t, &inner, out);
                }
            }
        }
        _ => {}
    }
}

/// SCHEMA_JSON keeps everything of the original definition: for every file whose top level is a
/// generated type, every named definition in the file (the top-level one and the nested ones) is
/// compared with that type's SCHEMA_JSON: `doc`, `aliases`, `default`, `order`, `logicalType`
/// and every other attribute, recursively, are there with the same values.
#[test]
fn schema_json_keeps_every_attribute_of_the_original() {
    let registry: BTreeMap<(&str, &str), SchemaConstants> = schema_constants()
        .into_iter()
        .map(|c| ((c.unit, c.avro_name), c))
        .collect();
    let mut problems = Vec::new();
    let mut check = Subset {
        problems: &mut problems,
        attributes: 0,
    };
    let (mut files, mut types) = (0, BTreeSet::new());
    for (unit, _, file, _) in roots() {
        files += 1;
        let orig: Value = serde_json::from_str(&read_schema_text(&file)).unwrap();
        let mut defs = Vec::new();
        definitions(&orig, "", &mut defs);
        for (full, def, enclosing) in defs {
            let at = format!("{unit}::{full} ({file})");
            let Some(c) = registry.get(&(unit.as_str(), full.as_str())) else {
                // A fixed with a logical type (decimal, uuid, duration) is a runtime type, not a
                // generated one (its attributes are checked in the enclosing definition).
                if !(def["type"] == "fixed" && def.contains_key("logicalType")) {
                    check.fail(&at, "defined in the file but not in the registry".into());
                }
                continue;
            };
            let ours: Value = serde_json::from_str(c.schema_json).unwrap();
            check.object(def, &ours, &enclosing, "", &at);
            types.insert((unit.clone(), full));
        }
    }
    let attributes = check.attributes;
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(attributes > 100, "only {attributes} attributes compared");
    eprintln!(
        "{files} files, {} definitions, {attributes} attributes compared",
        types.len()
    );
}

/// The attribute check itself: it accepts full names, added namespaces and inlined references,
/// and notices a lost or changed attribute anywhere.
#[test]
fn attribute_check_notices_losses() {
    let orig: Value = serde_json::from_str(
        r#"{"type": "record", "name": "R", "namespace": "a", "doc": "d", "aliases": ["Old"],
            "fields": [
              {"name": "x", "type": {"type": "enum", "name": "E", "symbols": ["A"], "default": "A"},
               "default": "A", "order": "descending", "custom": {"k": [1]}},
              {"name": "y", "type": ["null", "E", "b.F"], "default": null},
              {"name": "z", "type": {"type": "long", "logicalType": "timestamp-millis"}, "default": 1.0}
            ]}"#,
    )
    .unwrap();
    let ok = r#"{"type": "record", "name": "a.R", "doc": "d", "aliases": ["a.Old"],
        "fields": [
          {"name": "x", "type": {"type": "enum", "name": "E", "namespace": "a", "symbols": ["A"], "default": "A"},
           "default": "A", "order": "descending", "custom": {"k": [1]}, "extra": true},
          {"name": "y", "type": ["null", "a.E", {"type": "fixed", "name": "F", "namespace": "b", "size": 1}], "default": null},
          {"name": "z", "type": {"type": "long", "logicalType": "timestamp-millis"}, "default": 1}
        ]}"#;
    let check = |ours: &str| {
        let mut problems = Vec::new();
        let mut s = Subset {
            problems: &mut problems,
            attributes: 0,
        };
        s.object(
            orig.as_object().unwrap(),
            &serde_json::from_str(ours).unwrap(),
            "",
            "",
            "R",
        );
        problems
    };
    assert_eq!(check(ok), Vec::<String>::new());
    for (from, to) in [
        (r#""doc": "d", "#, ""),
        (r#""aliases": ["a.Old"]"#, r#""aliases": ["Old2"]"#),
        (r#""order": "descending", "#, ""),
        (r#""custom": {"k": [1]}"#, r#""custom": {"k": [2]}"#),
        (r#""symbols": ["A"], "default": "A""#, r#""symbols": ["A"]"#),
        (r#""a.E""#, r#""b.E""#),
        (r#""namespace": "b", "size": 1"#, r#""size": 1"#),
        (
            r#""logicalType": "timestamp-millis""#,
            r#""logicalType": "timestamp-micros""#,
        ),
        (r#""default": 1}"#, r#""default": 2}"#),
        (r#""name": "a.R""#, r#""name": "R""#),
    ] {
        let ours = ok.replacen(from, to, 1);
        assert_ne!(ours, ok, "{from}");
        assert!(!check(&ours).is_empty(), "not noticed: {from} -> {to}");
    }
}
