//! Schema resolution analysis tests: the decoding cases of
//! `tests/data/project/resolution-cases.jsonl` (Apache Avro's Java tests), checked by walking each
//! datum (in Avro's JSON encoding) through the plan, plus unit tests of every rule.

use std::fs;
use std::path::{Path, PathBuf};

use avro_schema::ir::{DefaultValue, NamedKind, Primitive, Schema, SchemaSet};
use avro_schema::parse::parse_json;
use avro_schema::resolve::{
    resolve, EnumResolution, FieldStep, Incompatibility, Resolution, Resolved, Side, UnionBranch,
    Unreadable,
};
use avro_schema::validate::validate_json;
use serde_json::{json, Map, Value};

// ---------------------------------------------------------------------------------------------
// helpers

fn data(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/data/project")
        .join(rel)
}

/// Parses and validates one schema document.
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

fn analyse(writer: &str, reader: &str) -> Result<Resolved, Vec<Incompatibility>> {
    let (w, r) = (set("writer.avsc", writer), set("reader.avsc", reader));
    resolve(side(&w), side(&r))
}

/// The plan, which must exist.
fn plan(writer: &str, reader: &str) -> Resolved {
    analyse(writer, reader).unwrap_or_else(|e| panic!("expected a plan, got {e:#?}"))
}

/// The incompatibilities of a pair that must have no plan.
fn structural(writer: &str, reader: &str) -> Vec<Incompatibility> {
    match analyse(writer, reader) {
        Ok(p) => panic!("expected no plan, got {p:#?}"),
        Err(e) => e,
    }
}

fn same(p: Primitive) -> Resolution {
    Resolution::Same(p)
}

fn promote(writer: Primitive, reader: Primitive) -> Resolution {
    Resolution::Promote { writer, reader }
}

fn read(reader_field: usize, resolution: Resolution) -> FieldStep {
    FieldStep::Read {
        reader_field,
        resolution,
    }
}

fn branch(reader_branch: Option<usize>, resolution: Resolution) -> UnionBranch {
    UnionBranch::Read {
        reader_branch,
        resolution,
    }
}

fn unreadable(b: &UnionBranch) -> &str {
    match b {
        UnionBranch::Unreadable(Unreadable { message }) => message,
        other => panic!("expected an unreadable branch, got {other:?}"),
    }
}

/// `(reader_path, writer_path, message, data_dependent)` of each incompatibility.
fn summary(list: &[Incompatibility]) -> Vec<(&str, &str, &str, bool)> {
    list.iter()
        .map(|i| {
            (
                i.reader_path.as_str(),
                i.writer_path.as_str(),
                i.message.as_str(),
                i.data_dependent,
            )
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// A reader that follows a plan over a datum in Avro's JSON encoding (the decoder's job, on values
// instead of bytes): proves the plan explains each expected result.

struct Walk<'a> {
    plan: &'a Resolved,
    w: &'a SchemaSet,
    r: &'a SchemaSet,
}

/// The name a union branch has in the JSON encoding.
fn branch_name(set: &SchemaSet, schema: &Schema) -> String {
    match schema {
        Schema::Primitive { ty, .. } => ty.name().to_string(),
        Schema::Array { .. } => "array".into(),
        Schema::Map { .. } => "map".into(),
        Schema::Union(_) => panic!("nested union"),
        Schema::Named(id) => set.get(*id).name.full(),
    }
}

/// A reader union value in the JSON encoding.
fn wrap(set: &SchemaSet, union: &Schema, index: usize, value: Value) -> Value {
    let Schema::Union(branches) = union else {
        panic!("not a union")
    };
    match &branches[index] {
        Schema::Primitive {
            ty: Primitive::Null,
            ..
        } => Value::Null,
        b => json!({ branch_name(set, b): value }),
    }
}

/// A reader field default in the JSON encoding (union defaults are written unwrapped).
fn default_value(set: &SchemaSet, schema: &Schema, json: &Value, default: &DefaultValue) -> Value {
    match (schema, default) {
        (Schema::Union(_), DefaultValue::Union(i, _)) => wrap(set, schema, *i, json.clone()),
        _ => json.clone(),
    }
}

impl Walk<'_> {
    fn value(
        &self,
        res: &Resolution,
        ws: &Schema,
        rs: &Schema,
        datum: &Value,
    ) -> Result<Value, String> {
        Ok(match res {
            Resolution::Same(_) | Resolution::Fixed { .. } => datum.clone(),
            Resolution::Promote { reader, .. } => match (reader, datum) {
                (Primitive::Float, Value::Number(n)) => json!(n.as_f64().unwrap() as f32 as f64),
                (Primitive::Double, Value::Number(n)) => json!(n.as_f64().unwrap()),
                (Primitive::Long, Value::Number(n)) => json!(n.as_i64().unwrap()),
                _ => datum.clone(),
            },
            Resolution::Array(inner) => {
                let (Schema::Array { items: wi, .. }, Schema::Array { items: ri, .. }) = (ws, rs)
                else {
                    panic!("array plan for non-arrays")
                };
                let items = datum.as_array().unwrap().iter();
                Value::Array(
                    items
                        .map(|v| self.value(inner, wi, ri, v))
                        .collect::<Result<_, _>>()?,
                )
            }
            Resolution::Map(inner) => {
                let (Schema::Map { values: wv, .. }, Schema::Map { values: rv, .. }) = (ws, rs)
                else {
                    panic!("map plan for non-maps")
                };
                let mut out = Map::new();
                for (k, v) in datum.as_object().unwrap() {
                    out.insert(k.clone(), self.value(inner, wv, rv, v)?);
                }
                Value::Object(out)
            }
            Resolution::Enum(i) => {
                let e = &self.plan.enums[*i];
                let (
                    NamedKind::Enum { symbols: wsyms, .. },
                    NamedKind::Enum { symbols: rsyms, .. },
                ) = (&self.w.get(e.writer).kind, &self.r.get(e.reader).kind)
                else {
                    panic!("enum plan for non-enums")
                };
                let at = wsyms
                    .iter()
                    .position(|s| s == datum.as_str().unwrap())
                    .unwrap();
                match &e.symbols[at] {
                    Ok(j) => json!(rsyms[*j]),
                    Err(u) => return Err(u.message.clone()),
                }
            }
            Resolution::Record(i) => {
                let rec = &self.plan.records[*i];
                let (NamedKind::Record { fields: wf, .. }, NamedKind::Record { fields: rf, .. }) =
                    (&self.w.get(rec.writer).kind, &self.r.get(rec.reader).kind)
                else {
                    panic!("record plan for non-records")
                };
                let mut out = Map::new();
                for (step, f) in rec.steps.iter().zip(wf) {
                    if let FieldStep::Read {
                        reader_field,
                        resolution,
                    } = step
                    {
                        let g = &rf[*reader_field];
                        out.insert(
                            g.name.clone(),
                            self.value(resolution, &f.schema, &g.schema, &datum[&f.name])?,
                        );
                    }
                }
                for &d in &rec.defaulted {
                    let g = &rf[d];
                    let default = Resolved::default_of(self.r, rec, d)
                        .expect("defaulted fields have a default");
                    out.insert(
                        g.name.clone(),
                        default_value(self.r, &g.schema, g.default_json.as_ref().unwrap(), default),
                    );
                }
                Value::Object(out)
            }
            Resolution::WriterUnion(branches) => {
                let Schema::Union(wb) = ws else {
                    panic!("writer union plan for a non-union")
                };
                let (index, inner) = match datum {
                    Value::Null => (
                        wb.iter()
                            .position(|b| branch_name(self.w, b) == "null")
                            .unwrap(),
                        &Value::Null,
                    ),
                    Value::Object(o) if o.len() == 1 => {
                        let (name, v) = o.iter().next().unwrap();
                        (
                            wb.iter()
                                .position(|b| branch_name(self.w, b) == *name)
                                .unwrap(),
                            v,
                        )
                    }
                    other => panic!("not a union value: {other}"),
                };
                match &branches[index] {
                    UnionBranch::Unreadable(u) => return Err(u.message.clone()),
                    UnionBranch::Read {
                        reader_branch: None,
                        resolution,
                    } => self.value(resolution, &wb[index], rs, inner)?,
                    UnionBranch::Read {
                        reader_branch: Some(j),
                        resolution,
                    } => {
                        let Schema::Union(rb) = rs else {
                            panic!("reader branch of a non-union")
                        };
                        let v = self.value(resolution, &wb[index], &rb[*j], inner)?;
                        wrap(self.r, rs, *j, v)
                    }
                }
            }
            Resolution::ReaderBranch { branch, resolution } => {
                let Schema::Union(rb) = rs else {
                    panic!("reader branch of a non-union")
                };
                let v = self.value(resolution, ws, &rb[*branch], datum)?;
                wrap(self.r, rs, *branch, v)
            }
        })
    }
}

/// JSON equality with numbers compared by value (`1` equals `1.0`).
fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_json(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}

// ---------------------------------------------------------------------------------------------
// the Apache Avro decoding cases

#[test]
fn resolution_cases_explain_each_expected_result() {
    let text = fs::read_to_string(data("resolution-cases.jsonl")).unwrap();
    let mut failures = Vec::new();
    let mut count = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        count += 1;
        let case: Value = serde_json::from_str(line).unwrap();
        let id = &case["id"];
        let (w, r) = (
            set("writer.avsc", &case["writer"].to_string()),
            set("reader.avsc", &case["reader"].to_string()),
        );
        let expected = &case["expected"];
        let error_expected = expected.as_str().is_some_and(|s| s.starts_with("ERROR"));
        match (resolve(side(&w), side(&r)), error_expected) {
            (Err(e), true) => assert!(e.iter().any(|i| !i.data_dependent), "case {id}: {e:?}"),
            (Err(e), false) => failures.push(format!("case {id}: no plan: {e:?}")),
            (Ok(plan), _) => {
                let walk = Walk {
                    plan: &plan,
                    w: &w,
                    r: &r,
                };
                let got = walk.value(
                    &plan.root,
                    &w.roots[0].schema,
                    &r.roots[0].schema,
                    &case["datum"],
                );
                match (got, error_expected) {
                    (Ok(v), false) if same_json(&v, expected) => {}
                    (Err(msg), true) => {
                        // The datum hits an unreadable part, reported among the warnings.
                        assert!(plan.warnings.iter().any(|i| i.data_dependent), "case {id}");
                        assert!(!msg.is_empty());
                    }
                    (got, _) => {
                        failures.push(format!("case {id}: expected {expected}, got {got:?}"))
                    }
                }
            }
        }
    }
    assert_eq!(count, 17);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn resolution_cases_plan_shapes() {
    let cases: Vec<Value> = fs::read_to_string(data("resolution-cases.jsonl"))
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let plan_of = |id: usize| {
        let c = &cases[id - 1];
        assert_eq!(c["id"], id);
        plan(&c["writer"].to_string(), &c["reader"].to_string())
    };
    use Primitive::*;
    assert_eq!(plan_of(1).root, same(Int));
    assert_eq!(plan_of(2).root, promote(Int, Long));
    assert_eq!(plan_of(3).root, promote(Int, Float));
    assert_eq!(plan_of(4).root, promote(Int, Double));
    assert_eq!(plan_of(5).root, promote(Int, Float));

    // 6: every writer symbol is in the reader.
    let p = plan_of(6);
    assert_eq!(p.root, Resolution::Enum(0));
    assert_eq!(p.enums[0].symbols, vec![Ok(0), Ok(1)]);
    assert!(p.warnings.is_empty());
    // 7, 8: the missing symbol is unreadable (A and B themselves are fine).
    let p = plan_of(7);
    assert_eq!(p.enums[0].symbols[..2], [Ok(0), Ok(1)]);
    assert!(p.enums[0].symbols[2].is_err());
    assert_eq!(p.warnings.len(), 1);
    let p = plan_of(8);
    assert!(p.enums[0].symbols[0].is_err());
    assert_eq!(p.enums[0].symbols[1..], [Ok(0), Ok(1)]);
    // 9: the unknown symbol C goes to the reader's enum default A.
    let p = plan_of(9);
    assert_eq!(p.enums[0].symbols, vec![Ok(0), Ok(1), Ok(0)]);
    assert!(p.warnings.is_empty());

    // 10: writer union into a non-union: the int branch is unreadable, string is read.
    let p = plan_of(10);
    let Resolution::WriterUnion(b) = &p.root else {
        panic!("{:?}", p.root)
    };
    assert!(unreadable(&b[0]).contains("`int`"));
    assert_eq!(b[1], branch(None, same(String)));
    // 11: writer union into a union.
    let p = plan_of(11);
    let Resolution::WriterUnion(b) = &p.root else {
        panic!("{:?}", p.root)
    };
    assert!(matches!(b[0], UnionBranch::Unreadable(_)));
    assert_eq!(b[1], branch(Some(0), same(String)));

    // 12-14: enum default applies (field defaults play no part in symbol mapping).
    for id in [12, 13, 14] {
        let p = plan_of(id);
        assert_eq!(p.records[0].steps, vec![read(0, Resolution::Enum(0))]);
        assert_eq!(p.enums[0].symbols, vec![Ok(0), Ok(1), Ok(0)], "case {id}");
    }
    // 15: no enum default: C is unreadable even though the field has a default.
    let p = plan_of(15);
    assert_eq!(p.enums[0].symbols[..2], [Ok(0), Ok(1)]);
    assert_eq!(
        p.enums[0].symbols[2],
        Err(Unreadable {
            message: "writer enum symbol `C` is not in reader enum `Enum1`, which has no default"
                .into()
        })
    );
    // 16: structural: the reader's field1 has no default and the writer only has field2.
    let c = &cases[15];
    let e = structural(&c["writer"].to_string(), &c["reader"].to_string());
    assert_eq!(
        summary(&e),
        [(
            "fields[0]",
            "",
            "reader field `field1` (Enum) has no default and the writer has no such field",
            false
        )]
    );
    // 17: writer field `long` skipped, reader field `long_r2` defaulted, inside a union of a map
    // of a union.
    let p = plan_of(17);
    assert_eq!(p.records.len(), 2);
    let Resolution::Record(0) = p.root else {
        panic!()
    };
    let FieldStep::Read { resolution, .. } = &p.records[0].steps[0] else {
        panic!()
    };
    let Resolution::WriterUnion(b) = resolution else {
        panic!("{resolution:?}")
    };
    assert_eq!(b[0], branch(Some(0), same(Null)));
    let UnionBranch::Read {
        reader_branch: Some(1),
        resolution: Resolution::Map(values),
    } = &b[1]
    else {
        panic!("{b:?}")
    };
    assert_eq!(
        **values,
        Resolution::WriterUnion(vec![
            branch(Some(0), same(Null)),
            branch(Some(1), Resolution::Record(1))
        ])
    );
    let r7 = &p.records[1];
    assert_eq!(r7.steps[0], read(0, same(Float)));
    assert!(matches!(&r7.steps[1], FieldStep::Skip(Schema::Union(_))));
    assert_eq!(r7.defaulted, vec![1]);
}

// ---------------------------------------------------------------------------------------------
// rules

#[test]
fn primitives_and_promotions() {
    use Primitive::*;
    let all = [Null, Boolean, Int, Long, Float, Double, Bytes, String];
    let promotions = [
        (Int, Long),
        (Int, Float),
        (Int, Double),
        (Long, Float),
        (Long, Double),
        (Float, Double),
        (String, Bytes),
        (Bytes, String),
    ];
    for w in all {
        for r in all {
            let (ws, rs) = (format!("\"{}\"", w.name()), format!("\"{}\"", r.name()));
            if w == r {
                assert_eq!(plan(&ws, &rs).root, same(w));
            } else if promotions.contains(&(w, r)) {
                assert_eq!(plan(&ws, &rs).root, promote(w, r));
            } else {
                let e = structural(&ws, &rs);
                let msg = format!(
                    "writer type `{}` cannot be read as `{}`",
                    w.name(),
                    r.name()
                );
                assert_eq!(summary(&e), [("", "", msg.as_str(), false)]);
            }
        }
    }
}

#[test]
fn logical_types_are_ignored() {
    use Primitive::*;
    let date = r#"{"type": "int", "logicalType": "date"}"#;
    let ts_millis = r#"{"type": "long", "logicalType": "timestamp-millis"}"#;
    let ts_micros = r#"{"type": "long", "logicalType": "timestamp-micros"}"#;
    let uuid = r#"{"type": "string", "logicalType": "uuid"}"#;
    let decimal = r#"{"type": "bytes", "logicalType": "decimal", "precision": 4, "scale": 2}"#;
    assert_eq!(plan(date, "\"int\"").root, same(Int));
    assert_eq!(plan(date, ts_millis).root, promote(Int, Long));
    assert_eq!(plan(ts_millis, ts_micros).root, same(Long));
    assert_eq!(plan(uuid, decimal).root, promote(String, Bytes));
    let fixed_dec =
        r#"{"type": "fixed", "name": "D", "size": 8, "logicalType": "decimal", "precision": 10}"#;
    let fixed = r#"{"type": "fixed", "name": "D", "size": 8}"#;
    assert!(matches!(
        plan(fixed_dec, fixed).root,
        Resolution::Fixed { size: 8, .. }
    ));
}

#[test]
fn arrays_and_maps_recurse() {
    use Primitive::*;
    let p = plan(
        r#"{"type": "array", "items": "int"}"#,
        r#"{"type": "array", "items": "double"}"#,
    );
    assert_eq!(p.root, Resolution::Array(Box::new(promote(Int, Double))));
    let p = plan(
        r#"{"type": "map", "values": "bytes"}"#,
        r#"{"type": "map", "values": "string"}"#,
    );
    assert_eq!(p.root, Resolution::Map(Box::new(promote(Bytes, String))));
    let e = structural(
        r#"{"type": "map", "values": {"type": "array", "items": "long"}}"#,
        r#"{"type": "map", "values": {"type": "array", "items": "int"}}"#,
    );
    assert_eq!(
        summary(&e),
        [(
            "values.items",
            "values.items",
            "writer type `long` cannot be read as `int`",
            false
        )]
    );
}

#[test]
fn reordered_skipped_and_defaulted_fields() {
    use Primitive::*;
    let writer = r#"{"type": "record", "name": "R", "fields": [
        {"name": "a", "type": "int"},
        {"name": "gone", "type": {"type": "array", "items": "string"}},
        {"name": "b", "type": "string"},
        {"name": "c", "type": "float"}
    ]}"#;
    let reader = r#"{"type": "record", "name": "R", "fields": [
        {"name": "c", "type": "double"},
        {"name": "new", "type": "long", "default": 7},
        {"name": "b", "type": "bytes"},
        {"name": "a", "type": "int"}
    ]}"#;
    let p = plan(writer, reader);
    assert_eq!(p.root, Resolution::Record(0));
    let rec = &p.records[0];
    assert_eq!(rec.writer.0, 0);
    assert_eq!(rec.reader.0, 0);
    assert_eq!(
        rec.steps,
        vec![
            read(3, same(Int)),
            FieldStep::Skip(Schema::Array {
                items: Box::new(Schema::primitive(String)),
                props: Default::default()
            }),
            read(2, promote(String, Bytes)),
            read(0, promote(Float, Double)),
        ]
    );
    assert_eq!(rec.defaulted, vec![1]);
    let r = set("reader.avsc", reader);
    assert_eq!(
        Resolved::default_of(&r, rec, 1),
        Some(&DefaultValue::Long(7))
    );
    assert!(p.warnings.is_empty());
}

#[test]
fn field_aliases() {
    use Primitive::*;
    let writer = r#"{"type": "record", "name": "R", "fields": [
        {"name": "f1", "type": "int"}, {"name": "f2", "type": "string"}, {"name": "x", "type": "long"}
    ]}"#;
    // `bar` reads f1 through its alias; `x` takes the writer's x by name even though `y` lists
    // it as an alias, so `y` takes its default.
    let reader = r#"{"type": "record", "name": "R", "fields": [
        {"name": "y", "type": "long", "aliases": ["x"], "default": 0},
        {"name": "bar", "type": "long", "aliases": ["nothing", "f1"]},
        {"name": "x", "type": "long"}
    ]}"#;
    let p = plan(writer, reader);
    assert_eq!(
        p.records[0].steps,
        vec![
            read(1, promote(Int, Long)),
            FieldStep::Skip(Schema::primitive(String)),
            read(2, same(Long)),
        ]
    );
    assert_eq!(p.records[0].defaulted, vec![0]);
    // Writer field aliases play no part.
    let e = structural(
        r#"{"type": "record", "name": "R", "fields": [{"name": "old", "type": "int", "aliases": ["new"]}]}"#,
        r#"{"type": "record", "name": "R", "fields": [{"name": "new", "type": "int"}]}"#,
    );
    assert_eq!(e.len(), 1);
    // The message names the aliases tried.
    let e = structural(
        r#"{"type": "record", "name": "R", "fields": []}"#,
        r#"{"type": "record", "name": "R", "fields": [{"name": "n", "type": "int", "aliases": ["m"]}]}"#,
    );
    assert_eq!(
        e[0].message,
        "reader field `n` (int) has no default and the writer has no such field (nor one named by its aliases `m`)"
    );
}

#[test]
fn named_types_match_by_unqualified_name_or_reader_alias() {
    let rec = |name: &str, extra: &str| {
        format!(
            r#"{{"type": "record", "name": "{name}", {extra} "fields": [{{"name": "a", "type": "int"}}]}}"#
        )
    };
    // Same unqualified name, different namespaces (as Java and the 1.12 specification do).
    assert!(matches!(
        plan(&rec("ns1.User", ""), &rec("ns2.User", "")).root,
        Resolution::Record(0)
    ));
    assert!(matches!(
        plan(&rec("ns.User", ""), &rec("User", "")).root,
        Resolution::Record(0)
    ));
    // A reader alias naming the writer's full name.
    let p = plan(
        &rec("old.Person", ""),
        &rec("new.User", r#""aliases": ["old.Person"],"#),
    );
    assert!(matches!(p.root, Resolution::Record(0)));
    // A relative alias takes the reader's namespace: `new.Person` is not `old.Person`.
    let e = structural(
        &rec("old.Person", ""),
        &rec("new.User", r#""aliases": ["Person"],"#),
    );
    assert_eq!(
        summary(&e),
        [(
            "",
            "",
            "writer type record `old.Person` cannot be read as record `new.User`: the names differ and the reader has no alias `old.Person`",
            false
        )]
    );
    // Enums and fixed too.
    let p = plan(
        r#"{"type": "enum", "name": "a.Old", "symbols": ["X", "Y"]}"#,
        r#"{"type": "enum", "name": "b.New", "aliases": ["a.Old"], "symbols": ["Y", "X"]}"#,
    );
    assert_eq!(p.enums[0].symbols, vec![Ok(1), Ok(0)]);
    let p = plan(
        r#"{"type": "fixed", "name": "a.Old", "size": 4}"#,
        r#"{"type": "fixed", "name": "b.New", "aliases": ["a.Old"], "size": 4}"#,
    );
    let Resolution::Fixed {
        writer,
        reader,
        size: 4,
    } = p.root
    else {
        panic!("{:?}", p.root)
    };
    assert_eq!((writer.0, reader.0), (0, 0));
    let e = structural(
        r#"{"type": "fixed", "name": "F", "size": 4}"#,
        r#"{"type": "fixed", "name": "F", "size": 16}"#,
    );
    assert_eq!(
        e[0].message,
        "writer fixed `F` has size 4, but reader fixed `F` has size 16"
    );
    // Different kinds never match, whatever the names.
    let e = structural(
        r#"{"type": "enum", "name": "F", "symbols": ["A"]}"#,
        r#"{"type": "fixed", "name": "F", "size": 1}"#,
    );
    assert_eq!(
        e[0].message,
        "writer type enum `F` cannot be read as fixed `F`"
    );
}

#[test]
fn enum_default_and_unknown_symbols() {
    let p = plan(
        r#"{"type": "enum", "name": "Color", "symbols": ["RED", "GREEN", "PURPLE", "BLUE"]}"#,
        r#"{"type": "enum", "name": "Color", "symbols": ["UNKNOWN", "BLUE", "RED", "GREEN"], "default": "UNKNOWN"}"#,
    );
    assert_eq!(
        p.enums,
        vec![EnumResolution {
            writer: p.enums[0].writer,
            reader: p.enums[0].reader,
            symbols: vec![Ok(2), Ok(3), Ok(0), Ok(1)]
        }]
    );
    assert!(p.warnings.is_empty());
    // Without a default: data-dependent, a plan with the symbol unreadable.
    let p = plan(
        r#"{"type": "record", "name": "R", "fields": [{"name": "c", "type":
            {"type": "enum", "name": "Color", "symbols": ["RED", "PURPLE"]}}]}"#,
        r#"{"type": "record", "name": "R", "fields": [{"name": "c", "type":
            {"type": "enum", "name": "Color", "symbols": ["RED"]}}]}"#,
    );
    let msg = "writer enum symbol `PURPLE` is not in reader enum `Color`, which has no default";
    assert_eq!(
        p.enums[0].symbols,
        vec![
            Ok(0),
            Err(Unreadable {
                message: msg.into()
            })
        ]
    );
    assert_eq!(
        summary(&p.warnings),
        [("fields[0].type", "fields[0].type", msg, true)]
    );
}

#[test]
fn writer_union_into_reader_union() {
    use Primitive::*;
    let p = plan(
        r#"["null", "int", "string", "boolean"]"#,
        r#"["string", "null", "double"]"#,
    );
    let Resolution::WriterUnion(b) = &p.root else {
        panic!("{:?}", p.root)
    };
    assert_eq!(b[0], branch(Some(1), same(Null)));
    assert_eq!(b[1], branch(Some(2), promote(Int, Double)));
    assert_eq!(b[2], branch(Some(0), same(String)));
    assert_eq!(
        unreadable(&b[3]),
        "writer union branch 3 (`boolean`) matches no branch of the reader's union [`string`, `null`, `double`]"
    );
    assert_eq!(summary(&p.warnings), [("", "[3]", unreadable(&b[3]), true)]);
    // The specification's rule, literally: the FIRST reader branch that matches, even when a
    // later one is the same type.
    let p = plan(r#"["null", "int"]"#, r#"["null", "long", "int"]"#);
    let Resolution::WriterUnion(b) = &p.root else {
        panic!()
    };
    assert_eq!(b[1], branch(Some(1), promote(Int, Long)));
}

#[test]
fn writer_union_into_non_union() {
    use Primitive::*;
    let p = plan(r#"["int", "long", "float"]"#, r#""float""#);
    assert_eq!(
        p.root,
        Resolution::WriterUnion(vec![
            branch(None, promote(Int, Float)),
            branch(None, promote(Long, Float)),
            branch(None, same(Float)),
        ])
    );
    let p = plan(r#"["null", "int"]"#, r#""int""#);
    let Resolution::WriterUnion(b) = &p.root else {
        panic!()
    };
    assert_eq!(
        unreadable(&b[0]),
        "writer union branch 0 (`null`) cannot be read as `int`"
    );
    assert_eq!(b[1], branch(None, same(Int)));
    assert!(p.warnings[0].data_dependent);
}

#[test]
fn non_union_into_reader_union() {
    use Primitive::*;
    let p = plan(r#""int""#, r#"["null", "string", "long", "int"]"#);
    assert_eq!(
        p.root,
        Resolution::ReaderBranch {
            branch: 2,
            resolution: Box::new(promote(Int, Long))
        }
    );
    // Records match by name, then resolve in depth against that branch.
    let p = plan(
        r#"{"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}]}"#,
        r#"["null", {"type": "record", "name": "Other", "fields": []},
            {"type": "record", "name": "R", "fields": [{"name": "a", "type": "long"}]}]"#,
    );
    assert_eq!(
        p.root,
        Resolution::ReaderBranch {
            branch: 2,
            resolution: Box::new(Resolution::Record(0))
        }
    );
    assert_eq!(p.records[0].steps, vec![read(0, promote(Int, Long))]);
    assert_eq!(p.records[0].reader.0, 1);
    // No branch matches: structural.
    let e = structural(r#""boolean""#, r#"["null", "int"]"#);
    assert_eq!(
        summary(&e),
        [(
            "",
            "",
            "writer type `boolean` matches no branch of the reader's union [`null`, `int`]",
            false
        )]
    );
}

#[test]
fn failure_inside_a_writer_union_branch_is_data_dependent() {
    use Primitive::*;
    // The record branch cannot be read (a required reader field), but nulls can.
    let p = plan(
        r#"{"type": "record", "name": "T", "fields": [{"name": "u", "type": ["null",
            {"type": "record", "name": "A", "fields": [{"name": "x", "type": "int"}]}]}]}"#,
        r#"{"type": "record", "name": "T", "fields": [{"name": "u", "type": ["null",
            {"type": "record", "name": "A", "fields": [{"name": "x", "type": "int"}, {"name": "y", "type": "int"}]}]}]}"#,
    );
    assert_eq!(
        p.records.len(),
        1,
        "only reachable readable records are in the plan"
    );
    let FieldStep::Read { resolution, .. } = &p.records[0].steps[0] else {
        panic!()
    };
    let Resolution::WriterUnion(b) = resolution else {
        panic!()
    };
    assert_eq!(b[0], branch(Some(0), same(Null)));
    assert_eq!(
        unreadable(&b[1]),
        "writer union branch 1 cannot be read: fields[0].type[1].fields[1]: reader field `y` (int) has no default and the writer has no such field"
    );
    assert_eq!(
        summary(&p.warnings),
        [(
            "fields[0].type[1].fields[1]",
            "fields[0].type[1]",
            "reader field `y` (int) has no default and the writer has no such field",
            true
        )]
    );
}

#[test]
fn recursive_records_give_finite_plans() {
    use Primitive::*;
    let writer = r#"{"type": "record", "name": "List", "fields": [
        {"name": "head", "type": "int"},
        {"name": "tail", "type": ["null", "List"]}
    ]}"#;
    let reader = r#"{"type": "record", "name": "List", "fields": [
        {"name": "head", "type": "long"},
        {"name": "tail", "type": ["null", "List"]},
        {"name": "size", "type": "int", "default": 0}
    ]}"#;
    let p = plan(writer, reader);
    assert_eq!(p.records.len(), 1);
    assert_eq!(
        p.records[0].steps,
        vec![
            read(0, promote(Int, Long)),
            read(
                1,
                Resolution::WriterUnion(vec![
                    branch(Some(0), same(Null)),
                    branch(Some(1), Resolution::Record(0))
                ])
            ),
        ]
    );
    assert_eq!(p.records[0].defaulted, vec![2]);

    // Mutual recursion through an array.
    let tree = |leaf: &str| {
        format!(
            r#"{{"type": "record", "name": "Node", "fields": [
                {{"name": "value", "type": "{leaf}"}},
                {{"name": "children", "type": {{"type": "array", "items": {{"type": "record", "name": "Edge",
                    "fields": [{{"name": "to", "type": "Node"}}]}}}}}}
            ]}}"#
        )
    };
    let p = plan(&tree("int"), &tree("double"));
    assert_eq!(p.records.len(), 2);
    assert_eq!(
        p.records[0].steps[1],
        read(1, Resolution::Array(Box::new(Resolution::Record(1))))
    );
    assert_eq!(p.records[1].steps, vec![read(0, Resolution::Record(0))]);

    // A failure inside a cycle makes the whole cycle unreadable, wherever it is reached from.
    let cycle = |x: &str| {
        format!(
            r#"{{"type": "record", "name": "T", "fields": [
                {{"name": "u", "type": ["null", {{"type": "record", "name": "A", "fields": [
                    {{"name": "b", "type": {{"type": "record", "name": "B", "fields": [{{"name": "a", "type": "A"}}]}}}},
                    {{"name": "x", "type": "{x}"}}]}}]}},
                {{"name": "v", "type": ["null", "B"]}}
            ]}}"#
        )
    };
    let p = plan(&cycle("long"), &cycle("int"));
    let [FieldStep::Read { resolution: u, .. }, FieldStep::Read { resolution: v, .. }] =
        &p.records[0].steps[..]
    else {
        panic!()
    };
    for r in [u, v] {
        let Resolution::WriterUnion(b) = r else {
            panic!("{r:?}")
        };
        assert!(unreadable(&b[1]).contains("writer type `long` cannot be read as `int`"));
    }
    assert_eq!(p.records.len(), 1);
    assert_eq!(
        summary(&p.warnings),
        [(
            "fields[0].type[1].fields[1].type",
            "fields[0].type[1].fields[1].type",
            "writer type `long` cannot be read as `int`",
            true
        )]
    );
    // Reached outside a union, the same failure is structural.
    let e = structural(
        r#"{"type": "record", "name": "A", "fields": [{"name": "me", "type": ["null", "A"]}, {"name": "x", "type": "long"}]}"#,
        r#"{"type": "record", "name": "A", "fields": [{"name": "me", "type": ["null", "A"]}, {"name": "x", "type": "int"}]}"#,
    );
    assert_eq!(
        summary(&e),
        [(
            "fields[1].type",
            "fields[1].type",
            "writer type `long` cannot be read as `int`",
            false
        )]
    );
}

#[test]
fn every_incompatibility_is_collected_with_paths() {
    let writer = r#"{"type": "record", "name": "User", "fields": [
        {"name": "id", "type": "long"},
        {"name": "tags", "type": {"type": "map", "values": ["string", "int"]}},
        {"name": "color", "type": {"type": "enum", "name": "Color", "symbols": ["RED", "PURPLE"]}},
        {"name": "home", "type": {"type": "record", "name": "Address", "fields": [{"name": "zip", "type": "string"}]}},
        {"name": "work", "type": "Address"}
    ]}"#;
    let reader = r#"{"type": "record", "name": "User", "fields": [
        {"name": "email", "type": "string"},
        {"name": "id", "type": "int"},
        {"name": "work", "type": {"type": "record", "name": "Address", "fields": [{"name": "zip", "type": "int"}]}},
        {"name": "color", "type": {"type": "enum", "name": "Color", "symbols": ["RED"]}},
        {"name": "tags", "type": {"type": "map", "values": "string"}}
    ]}"#;
    let e = structural(writer, reader);
    assert_eq!(
        summary(&e),
        [
            (
                "fields[0]",
                "",
                "reader field `email` (string) has no default and the writer has no such field",
                false
            ),
            (
                "fields[1].type",
                "fields[0].type",
                "writer type `long` cannot be read as `int`",
                false
            ),
            // The named type referenced by name keeps the path of the reference site.
            (
                "fields[2].type.fields[0].type",
                "fields[4].type.fields[0].type",
                "writer type `string` cannot be read as `int`",
                false
            ),
            (
                "fields[3].type",
                "fields[2].type",
                "writer enum symbol `PURPLE` is not in reader enum `Color`, which has no default",
                true
            ),
            (
                "fields[4].type.values",
                "fields[1].type.values[1]",
                "writer union branch 1 (`int`) cannot be read as `string`",
                true
            ),
        ]
    );
}
