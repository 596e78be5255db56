//! Const schema nodes (`AvroType::SCHEMA`) and the runtime's `const fn`s over them
//! (`avro_runtime::schema`), which `#[derive(AvroSchema)]` builds on.
//!
//! * Every generated type of the corpus (the registry of `tests/build.rs`): the canonical form
//!   and fingerprints computed at compile time from its node, through `impl_avro_schema!` and
//!   through the generic fallback `schema::Constants`, equal the generator's constants byte for
//!   byte; the node's full JSON reads back (avro-schema) to the same schema as the generator's
//!   `SCHEMA_JSON`, docs, defaults, aliases and attributes included; apache-avro parses it to the
//!   same canonical form. The same for every generated union enum.
//! * The digests against published test vectors and the md-5 / sha2 crates, Rabin against the
//!   specification's `schema-tests.txt`.
//! * Nodes composed by hand the way a derive composes them, with the exact JSON expected, and the
//!   schemas the writers refuse, with their messages.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;

use avro_build::canonical::canonical_form;
use avro_build::ir::{NamedKind, SchemaSet};
use avro_build::validate::validate_json;
use avro_runtime::schema::{
    self, Annotated, Attribute, Enum, Field, Fixed, Name, Record, Schema, MAX_NAMED_TYPES,
};
use avro_runtime::{AvroSchema, AvroType};
use avro_tests::generated::{schema_constants, union_nodes, AvroSchemaValues, NodeConstants};
use avro_tests::{parse_json_exact, repo_path};
use serde_json::Value;

// -------------------------------------------------------------------------------------------------
// Every generated type of the corpus.

/// Types whose node JSON apache-avro 0.22 cannot parse, with the reason (the generator's
/// `SCHEMA_JSON` has the same problem; see schema_constants.rs).
const APACHE_CANNOT_PARSE: &[(&str, &str, &str)] = &[(
    "project_invalid_tricky_valid_namespace_inheritance_and_reset",
    "com.example.Outer",
    "apache-avro resolves the reference `Global` (null namespace, used inside com.example) only as \
     com.example.Global, without Java's fallback to the null namespace",
)];

/// Compares one node's constants with the expected canonical form and fingerprints.
fn check_node(
    at: &str,
    node: &NodeConstants,
    canonical: &str,
    fingerprints: Option<(u64, [u8; 16], [u8; 32])>,
    problems: &mut Vec<String>,
) {
    let exact = &node.exact;
    if exact.canonical_form != canonical {
        problems.push(format!(
            "{at}: canonical form of the node\n  node:      {}\n  generator: {canonical}",
            exact.canonical_form
        ));
    }
    if let Some((rabin, md5, sha256)) = fingerprints {
        if (exact.rabin, exact.md5, exact.sha256) != (rabin, md5, sha256) {
            problems.push(format!(
                "{at}: fingerprints of the node differ from the generator's"
            ));
        }
    }
    // The generic fallback computes the same values in its fixed-size buffers.
    if node.generic != *exact {
        problems.push(format!(
            "{at}: schema::Constants differs from impl_avro_schema!\n  {:?}\n  {:?}",
            node.generic, exact
        ));
    }
    // The const fns at run time agree with their compile-time results.
    let runtime = AvroSchemaValues {
        schema_json: exact.schema_json,
        canonical_form: exact.canonical_form,
        rabin: schema::rabin(exact.canonical_form.as_bytes()),
        md5: schema::md5(exact.canonical_form.as_bytes()),
        sha256: schema::sha256(exact.canonical_form.as_bytes()),
    };
    if runtime != *exact
        || schema::json_len(node.schema) != exact.schema_json.len()
        || schema::canonical_len(node.schema) != exact.canonical_form.len()
    {
        problems.push(format!("{at}: the const fns give other values at run time"));
    }
}

#[test]
fn node_constants_equal_the_generators_constants() {
    let registry = schema_constants();
    let unions = union_nodes();
    assert!(registry.len() >= 100, "{} generated types", registry.len());
    assert!(unions.len() >= 10, "{} union enums", unions.len());
    let mut problems = Vec::new();
    for c in &registry {
        let at = format!("{}::{}", c.unit, c.avro_name);
        let fingerprints = Some((c.rabin, c.md5, c.sha256));
        check_node(&at, &c.node, c.canonical_form, fingerprints, &mut problems);
    }
    for u in &unions {
        let at = format!("{}::{}", u.unit, u.rust_path);
        let fingerprints = Some((
            avro_build::fingerprint::rabin(u.canonical_form.as_bytes()),
            avro_build::fingerprint::md5(u.canonical_form.as_bytes()),
            avro_build::fingerprint::sha256(u.canonical_form.as_bytes()),
        ));
        check_node(&at, &u.node, u.canonical_form, fingerprints, &mut problems);
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    eprintln!(
        "{} named types and {} union enums checked",
        registry.len(),
        unions.len()
    );
}

/// `set` without what the JSON text decides but the schema does not: where each definition was
/// written (JSON paths), whether its namespace was an attribute or part of a dotted name, and
/// `"error"` (a node knows records only; both have the canonical form of a record).
fn without_layout(mut set: SchemaSet) -> SchemaSet {
    for named in &mut set.named {
        named.source.file = Default::default();
        named.source.json_path.clear();
        named.explicit_namespace = false;
        if let NamedKind::Record {
            fields, is_error, ..
        } = &mut named.kind
        {
            *is_error = false;
            for field in fields {
                field.json_path.clear();
            }
        }
    }
    for root in &mut set.roots {
        root.file = Default::default();
    }
    set
}

fn read_back(at: &str, what: &str, json: &str) -> Result<SchemaSet, String> {
    let value = parse_json_exact(json).map_err(|e| format!("{at}: {what} is not JSON: {e}"))?;
    validate_json(Path::new(at), &value)
        .into_result()
        .map(|(set, _warnings)| set)
        .map_err(|e| format!("{at}: {what} is rejected: {e}\n  {json}"))
}

/// Our writer's output is what serde_json writes for the same value: compact, members in
/// order, the same string escapes.
fn is_serde_json_text(json: &str) -> bool {
    parse_json_exact(json)
        .and_then(|value| serde_json::to_string(&value).map_err(|e| e.to_string()))
        .is_ok_and(|text| text == json)
}

#[test]
fn node_json_reads_back_to_the_generators_schema() {
    let mut problems = Vec::new();
    let mut definitions = 0;
    for c in schema_constants() {
        let at = format!("{}::{}", c.unit, c.avro_name);
        let json = c.node.exact.schema_json;
        let (ours, theirs) = match (
            read_back(&at, "node JSON", json),
            read_back(&at, "SCHEMA_JSON", c.schema_json),
        ) {
            (Ok(ours), Ok(theirs)) => (ours, theirs),
            (Err(e), _) | (_, Err(e)) => {
                problems.push(e);
                continue;
            }
        };
        let canonical = canonical_form(&ours, &ours.roots[0].schema);
        if canonical != c.canonical_form {
            problems.push(format!(
                "{at}: node JSON reads back to another canonical form\n  {canonical}\n  {}",
                c.canonical_form
            ));
        }
        definitions += ours.named.len();
        let (ours, theirs) = (without_layout(ours), without_layout(theirs));
        if ours != theirs {
            problems.push(format!(
                "{at}: node JSON and SCHEMA_JSON read back to different schemas\n  node:        {json}\n  SCHEMA_JSON: {}",
                c.schema_json
            ));
        }
        for text in [json, c.node.exact.canonical_form] {
            if !is_serde_json_text(text) {
                problems.push(format!("{at}: not as serde_json writes it: {text}"));
            }
        }
    }
    for u in union_nodes() {
        let at = format!("{}::{}", u.unit, u.rust_path);
        match read_back(&at, "node JSON", u.node.exact.schema_json) {
            Ok(set) => {
                let canonical = canonical_form(&set, &set.roots[0].schema);
                if canonical != u.canonical_form {
                    problems.push(format!(
                        "{at}: node JSON reads back to another canonical form\n  {canonical}\n  {}",
                        u.canonical_form
                    ));
                }
            }
            Err(e) => problems.push(e),
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(definitions >= 200, "{definitions} definitions compared");
}

/// apache-avro 0.22 deviates from the specification's canonical form: it keeps a field's
/// `order`, a decimal's `precision` and `scale`, and writes a primitive that had a logical type
/// as `{"type":"long"}`. The specification's rules applied to its output (as in avro-schema's
/// tests).
fn apache_canonical_fixed(canonical: &str) -> String {
    fn fix(v: Value) -> Value {
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

#[test]
fn node_json_parses_with_apache_avro_to_the_same_canonical_form() {
    let mut problems = Vec::new();
    let mut refused = 0;
    let mut texts: Vec<(String, &str, &str, bool)> = schema_constants()
        .iter()
        .map(|c| {
            let listed = APACHE_CANNOT_PARSE
                .iter()
                .any(|(unit, name, _)| *unit == c.unit && *name == c.avro_name);
            let at = format!("{}::{}", c.unit, c.avro_name);
            (at, c.node.exact.schema_json, c.canonical_form, listed)
        })
        .collect();
    texts.extend(union_nodes().iter().map(|u| {
        let at = format!("{}::{}", u.unit, u.rust_path);
        (at, u.node.exact.schema_json, u.canonical_form, false)
    }));
    for (at, json, canonical, listed) in &texts {
        match apache_avro::Schema::parse_str(json) {
            Ok(_) if *listed => problems.push(format!(
                "{at}: apache-avro parses it now; remove it from APACHE_CANNOT_PARSE"
            )),
            Ok(parsed) => {
                let theirs = apache_canonical_fixed(&parsed.canonical_form());
                if theirs != *canonical {
                    problems.push(format!(
                        "{at}: apache-avro's canonical form (spec rules applied)\n  {theirs}\n  {canonical}"
                    ));
                }
            }
            Err(_) if *listed => refused += 1,
            Err(e) => problems.push(format!("{at}: apache-avro: {e}\n  {json}")),
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert_eq!(
        refused,
        APACHE_CANNOT_PARSE.len(),
        "stale APACHE_CANNOT_PARSE entries"
    );
}

// -------------------------------------------------------------------------------------------------
// Digests.

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

const MD5_EMPTY: [u8; 16] = schema::md5(b"");
const MD5_ABC: [u8; 16] = schema::md5(b"abc");
const SHA256_EMPTY: [u8; 32] = schema::sha256(b"");
const SHA256_ABC: [u8; 32] = schema::sha256(b"abc");
/// 56 bytes: the length needs a second padding block.
const SHA256_TWO_BLOCKS: [u8; 32] =
    schema::sha256(b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq");
const MD5_QUICK_FOX: [u8; 16] = schema::md5(b"The quick brown fox jumps over the lazy dog");
const RABIN_EMPTY: u64 = schema::rabin(b"");

/// Published vectors (RFC 1321, FIPS 180-2 examples), computed by `const` items.
#[test]
fn digests_of_published_test_vectors() {
    assert_eq!(hex(&MD5_EMPTY), "d41d8cd98f00b204e9800998ecf8427e");
    assert_eq!(hex(&MD5_ABC), "900150983cd24fb0d6963f7d28e17f72");
    assert_eq!(hex(&MD5_QUICK_FOX), "9e107d9d372bb6826bd81d3542a419d6");
    assert_eq!(
        hex(&SHA256_EMPTY),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    assert_eq!(
        hex(&SHA256_ABC),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    assert_eq!(
        hex(&SHA256_TWO_BLOCKS),
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
    );
    // The specification's EMPTY constant is the fingerprint of no bytes.
    assert_eq!(RABIN_EMPTY, 0xc15d_213a_a4d7_a795);
    // One million times "a" (the long-message vector of both standards).
    let million = vec![b'a'; 1_000_000];
    assert_eq!(
        hex(&schema::md5(&million)),
        "7707d6ae4e027c70eea2a935c2296f21"
    );
    assert_eq!(
        hex(&schema::sha256(&million)),
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
    );
}

/// Every length from 0 to 300 bytes (every padding case: one or two final blocks, the length
/// at every offset) against the md-5, sha2 and table-driven Rabin implementations the
/// generator uses.
#[test]
fn digests_agree_with_the_generators_at_every_length() {
    let bytes: Vec<u8> = (0..300u32).map(|i| (i * 7 + 3) as u8).collect();
    for len in 0..=bytes.len() {
        let input = &bytes[..len];
        assert_eq!(
            schema::md5(input),
            avro_build::fingerprint::md5(input),
            "md5, {len} bytes"
        );
        assert_eq!(
            schema::sha256(input),
            avro_build::fingerprint::sha256(input),
            "sha256, {len} bytes"
        );
        assert_eq!(
            schema::rabin(input),
            avro_build::fingerprint::rabin(input),
            "rabin, {len} bytes"
        );
    }
}

/// The `<<canonical` / `<<fingerprint` pairs of Apache Avro's share/test/data/schema-tests.txt.
#[test]
fn rabin_of_the_specification_cases() {
    let text = std::fs::read_to_string(repo_path("tests/data/apache/data/schema-tests.txt"))
        .expect("schema-tests.txt is vendored");
    let mut canonical: Option<String> = None;
    let mut checked = 0;
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if let Some(rest) = line.strip_prefix("<<canonical") {
            canonical = Some(if rest.trim().is_empty() {
                // Multi-line value, up to a line that is just the tag.
                lines
                    .by_ref()
                    .take_while(|l| *l != "canonical")
                    .collect::<Vec<_>>()
                    .join("\n")
            } else {
                rest.trim_start().to_string()
            });
        } else if let Some(rest) = line.strip_prefix("<<fingerprint ") {
            let expected: i64 = rest.trim().parse().expect("a fingerprint is an i64");
            let canonical = canonical
                .take()
                .expect("a fingerprint follows its canonical form");
            assert_eq!(
                schema::rabin(canonical.as_bytes()) as i64,
                expected,
                "{canonical}"
            );
            checked += 1;
        } else if line.starts_with("<<INPUT") {
            canonical = None;
        }
    }
    assert!(checked >= 20, "{checked} fingerprints checked");
}

// -------------------------------------------------------------------------------------------------
// Nodes composed by hand, as a derive composes them.

/// `geo.Point`, a type of its own, as a derived struct's field type would give it.
struct Point;
impl AvroType for Point {
    const SCHEMA: &'static Schema = &Schema::Record(&Record {
        name: Name::new("Point", Some("geo")),
        fields: &[
            Field::new("x", &Schema::Double),
            Field::new("y", &Schema::Double),
        ],
        attributes: &[],
    });
}

/// Two fields of the same named type: the first defines it, the second names it.
struct Segment;
impl AvroType for Segment {
    const SCHEMA: &'static Schema = &Schema::Record(&Record {
        name: Name::new("Segment", Some("com.example")),
        fields: &[
            Field::new("from", Point::SCHEMA),
            Field::new("to", Point::SCHEMA),
        ],
        attributes: &[],
    });
}
avro_runtime::impl_avro_schema!(Segment);

/// A null-namespace enum inside a namespaced record, and a same-namespace enum.
struct Event;
impl AvroType for Event {
    const SCHEMA: &'static Schema = &Schema::Record(&Record {
        name: Name {
            name: "Event",
            namespace: Some("com.example"),
            aliases: &["com.example.OldEvent"],
            doc: Some("An \"event\"\nwith a doc."),
        },
        fields: &[
            Field::new(
                "kind",
                &Schema::Enum(&Enum {
                    name: Name::new("Kind", None),
                    symbols: &["A", "B"],
                    default: Some("A"),
                    attributes: &[],
                }),
            ),
            Field {
                name: "level",
                schema: &Schema::Enum(&Enum {
                    name: Name::new("Level", Some("com.example")),
                    symbols: &["LOW", "HIGH"],
                    default: None,
                    attributes: &[],
                }),
                doc: Some("How bad."),
                default: Some("\"LOW\""),
                aliases: &["severity"],
                order: Some("descending"),
                attributes: &[Attribute {
                    key: "x-custom",
                    json: "{\"a\":[1,2]}",
                }],
            },
            Field::new(
                "at",
                &Schema::Annotated(&Annotated {
                    base: &Schema::Long,
                    attributes: &[Attribute {
                        key: "logicalType",
                        json: "\"timestamp-millis\"",
                    }],
                }),
            ),
        ],
        attributes: &[],
    });
}
avro_runtime::impl_avro_schema!(Event);

/// A recursive record: the use inside its own definition is a `Ref`.
struct LinkedList;
impl AvroType for LinkedList {
    const SCHEMA: &'static Schema = &Schema::Record(&Record {
        name: Name::new("LinkedList", Some("list")),
        fields: &[
            Field::new("value", &Schema::Long),
            Field::new(
                "next",
                &Schema::Union(&[&Schema::Null, &Schema::Ref("list.LinkedList")]),
            ),
        ],
        attributes: &[],
    });
}
avro_runtime::impl_avro_schema!(LinkedList);

/// A generic wrapper, with the fallback constants (never built: only its constants are used).
struct Batch<T>(#[allow(dead_code)] Vec<T>);
impl<T: AvroType> AvroType for Batch<T> {
    const SCHEMA: &'static Schema = &Schema::Array(T::SCHEMA);
}
impl<T: AvroType> AvroSchema for Batch<T> {
    const SCHEMA_JSON: &'static str = schema::Constants::<Self>::SCHEMA_JSON;
    const CANONICAL_FORM: &'static str = schema::Constants::<Self>::CANONICAL_FORM;
    const RABIN_FINGERPRINT: u64 = schema::Constants::<Self>::RABIN_FINGERPRINT;
    const MD5_FINGERPRINT: [u8; 16] = schema::Constants::<Self>::MD5_FINGERPRINT;
    const SHA256_FINGERPRINT: [u8; 32] = schema::Constants::<Self>::SHA256_FINGERPRINT;
}

/// Parses `json` with apache-avro and returns its canonical form (specification rules applied).
fn apache_canonical(json: &str) -> String {
    let parsed = apache_avro::Schema::parse_str(json)
        .unwrap_or_else(|e| panic!("apache-avro cannot parse {json}: {e}"));
    apache_canonical_fixed(&parsed.canonical_form())
}

#[test]
fn two_fields_of_one_named_type() {
    assert_eq!(
        Segment::SCHEMA_JSON,
        r#"{"type":"record","name":"Segment","namespace":"com.example","fields":[{"name":"from","type":{"type":"record","name":"Point","namespace":"geo","fields":[{"name":"x","type":"double"},{"name":"y","type":"double"}]}},{"name":"to","type":"geo.Point"}]}"#
    );
    assert_eq!(
        Segment::CANONICAL_FORM,
        r#"{"name":"com.example.Segment","type":"record","fields":[{"name":"from","type":{"name":"geo.Point","type":"record","fields":[{"name":"x","type":"double"},{"name":"y","type":"double"}]}},{"name":"to","type":"geo.Point"}]}"#
    );
    assert_eq!(
        apache_canonical(Segment::SCHEMA_JSON),
        Segment::CANONICAL_FORM
    );
}

#[test]
fn a_null_namespace_type_inside_a_namespace() {
    assert_eq!(
        Event::SCHEMA_JSON,
        r#"{"type":"record","name":"Event","namespace":"com.example","doc":"An \"event\"\nwith a doc.","aliases":["com.example.OldEvent"],"fields":[{"name":"kind","type":{"type":"enum","name":"Kind","namespace":"","symbols":["A","B"],"default":"A"}},{"name":"level","type":{"type":"enum","name":"Level","symbols":["LOW","HIGH"]},"doc":"How bad.","default":"LOW","order":"descending","aliases":["severity"],"x-custom":{"a":[1,2]}},{"name":"at","type":{"type":"long","logicalType":"timestamp-millis"}}]}"#
    );
    assert_eq!(
        Event::CANONICAL_FORM,
        r#"{"name":"com.example.Event","type":"record","fields":[{"name":"kind","type":{"name":"Kind","type":"enum","symbols":["A","B"]}},{"name":"level","type":{"name":"com.example.Level","type":"enum","symbols":["LOW","HIGH"]}},{"name":"at","type":"long"}]}"#
    );
    // apache-avro puts `Kind` in the null namespace, as written.
    assert_eq!(apache_canonical(Event::SCHEMA_JSON), Event::CANONICAL_FORM);
    let set = read_back("Event", "node JSON", Event::SCHEMA_JSON).unwrap();
    let names: Vec<String> = set.named.iter().map(|n| n.name.full()).collect();
    assert_eq!(names, ["com.example.Event", "Kind", "com.example.Level"]);
}

#[test]
fn a_recursive_record_through_ref() {
    assert_eq!(
        LinkedList::SCHEMA_JSON,
        r#"{"type":"record","name":"LinkedList","namespace":"list","fields":[{"name":"value","type":"long"},{"name":"next","type":["null","LinkedList"]}]}"#
    );
    assert_eq!(
        LinkedList::CANONICAL_FORM,
        r#"{"name":"list.LinkedList","type":"record","fields":[{"name":"value","type":"long"},{"name":"next","type":["null","list.LinkedList"]}]}"#
    );
    assert_eq!(
        apache_canonical(LinkedList::SCHEMA_JSON),
        LinkedList::CANONICAL_FORM
    );
    assert_eq!(
        LinkedList::RABIN_FINGERPRINT,
        avro_build::fingerprint::rabin(LinkedList::CANONICAL_FORM.as_bytes())
    );
}

#[test]
fn a_generic_type_through_the_fallback_constants() {
    assert_eq!(
        Batch::<Point>::SCHEMA_JSON,
        r#"{"type":"array","items":{"type":"record","name":"Point","namespace":"geo","fields":[{"name":"x","type":"double"},{"name":"y","type":"double"}]}}"#
    );
    assert_eq!(
        Batch::<Batch<LinkedList>>::CANONICAL_FORM,
        r#"{"type":"array","items":{"type":"array","items":{"name":"list.LinkedList","type":"record","fields":[{"name":"value","type":"long"},{"name":"next","type":["null","list.LinkedList"]}]}}}"#
    );
    assert_eq!(
        Batch::<Segment>::SHA256_FINGERPRINT,
        avro_build::fingerprint::sha256(Batch::<Segment>::CANONICAL_FORM.as_bytes())
    );
}

/// A generated record used twice by a hand-written one, and a generated record that uses it
/// too: the generated nodes compose, each named type defined once.
#[test]
fn generated_types_inside_a_hand_written_record() {
    use avro_tests::generated::all_types::org::example::oracle::{
        AllTypes, Point as GeneratedPoint,
    };
    struct Pair;
    impl AvroType for Pair {
        const SCHEMA: &'static Schema = &Schema::Record(&Record {
            name: Name::new("Pair", Some("other")),
            fields: &[
                Field::new("first", GeneratedPoint::SCHEMA),
                Field::new("second", GeneratedPoint::SCHEMA),
                Field::new("all", AllTypes::SCHEMA),
            ],
            attributes: &[],
        });
    }
    avro_runtime::impl_avro_schema!(Pair);
    // AllTypes defines Point once, which `first` has defined already: there it is a name.
    let point = GeneratedPoint::CANONICAL_FORM;
    assert_eq!(AllTypes::CANONICAL_FORM.matches(point).count(), 1);
    let all = AllTypes::CANONICAL_FORM.replace(point, r#""org.example.oracle.Point""#);
    assert_eq!(
        Pair::CANONICAL_FORM,
        format!(
            r#"{{"name":"other.Pair","type":"record","fields":[{{"name":"first","type":{point}}},{{"name":"second","type":"org.example.oracle.Point"}},{{"name":"all","type":{all}}}]}}"#
        )
    );
    assert_eq!(apache_canonical(Pair::SCHEMA_JSON), Pair::CANONICAL_FORM);
    let set = read_back("Pair", "node JSON", Pair::SCHEMA_JSON).unwrap();
    assert_eq!(
        canonical_form(&set, &set.roots[0].schema),
        Pair::CANONICAL_FORM
    );
}

#[test]
fn annotations_go_into_the_annotated_object() {
    const UUID_FIXED: Schema = Schema::Annotated(&Annotated {
        base: &Schema::Annotated(&Annotated {
            base: &Schema::Fixed(&Fixed {
                name: Name::new("Id", Some("ids")),
                size: 16,
                attributes: &[Attribute {
                    key: "owner",
                    json: "\"me\"",
                }],
            }),
            attributes: &[Attribute {
                key: "logicalType",
                json: "\"uuid\"",
            }],
        }),
        attributes: &[Attribute {
            key: "outer",
            json: "true",
        }],
    });
    const TWICE: Schema = Schema::Union(&[&UUID_FIXED, &Schema::Array(&UUID_FIXED)]);
    const LEN: usize = schema::json_len(&TWICE);
    const JSON: [u8; LEN] = schema::json::<LEN>(&TWICE);
    // Inner attributes first; the second use is a name, which has no attributes.
    assert_eq!(
        schema::as_str(&JSON),
        r#"[{"type":"fixed","name":"Id","namespace":"ids","size":16,"owner":"me","logicalType":"uuid","outer":true},{"type":"array","items":"ids.Id"}]"#
    );
    const CANONICAL_LEN: usize = schema::canonical_len(&TWICE);
    const CANONICAL: [u8; CANONICAL_LEN] = schema::canonical::<CANONICAL_LEN>(&TWICE);
    assert_eq!(
        schema::as_str(&CANONICAL),
        r#"[{"name":"ids.Id","type":"fixed","size":16},{"type":"array","items":"ids.Id"}]"#
    );
}

#[test]
fn strings_are_escaped_as_serde_json_escapes_them() {
    const DOC: &str =
        "quote \" backslash \\ controls \u{0}\u{1}\u{8}\u{9}\u{a}\u{b}\u{c}\u{d}\u{1f} \
                       del \u{7f} é 😀 </script>";
    struct Escapes;
    impl AvroType for Escapes {
        const SCHEMA: &'static Schema = &Schema::Enum(&Enum {
            name: Name {
                name: "E",
                namespace: None,
                aliases: &[],
                doc: Some(DOC),
            },
            symbols: &["A"],
            default: None,
            attributes: &[],
        });
    }
    avro_runtime::impl_avro_schema!(Escapes);
    let expected = format!(
        r#"{{"type":"enum","name":"E","doc":{},"symbols":["A"]}}"#,
        serde_json::to_string(DOC).unwrap()
    );
    assert_eq!(Escapes::SCHEMA_JSON, expected);
    assert!(is_serde_json_text(Escapes::SCHEMA_JSON));
}

// -------------------------------------------------------------------------------------------------
// Schemas the writers refuse. In a `const` these panics are compile errors with the same
// message (tests/ui/fail/schema_node_*.rs pins one); here the `const fn`s run at run time.

fn leak<T>(value: T) -> &'static T {
    Box::leak(Box::new(value))
}

/// The panic message of writing `schema`'s JSON.
fn refusal(schema: &'static Schema) -> String {
    let payload = catch_unwind(AssertUnwindSafe(|| schema::json_len(schema)))
        .expect_err("the writer accepts the schema");
    match payload.downcast::<String>() {
        Ok(message) => *message,
        Err(payload) => payload
            .downcast::<&str>()
            .map(|m| m.to_string())
            .unwrap_or_default(),
    }
}

#[test]
fn a_ref_before_its_definition_is_refused() {
    const EARLY: Schema = Schema::Union(&[&Schema::Ref("geo.Point"), Point::SCHEMA]);
    let message = refusal(&EARLY);
    assert!(
        message.contains(r#"`Ref("geo.Point")` comes before any definition of that type"#),
        "{message}"
    );
    // After the definition, the same Ref is the name. (Fields, not a union, hold both: a union
    // may not hold one type twice.)
    const LATE: Schema = Schema::Record(&Record {
        name: Name::new("Pair", None),
        fields: &[
            Field::new("a", Point::SCHEMA),
            Field::new("b", &Schema::Ref("geo.Point")),
        ],
        attributes: &[],
    });
    assert_eq!(schema::canonical_len(&LATE), Point::CANONICAL_LEN_IN_PAIR);
}

impl Point {
    /// The canonical form of the record `Pair` of fields `a: Point` and `b: "geo.Point"` is
    /// Point's, the record's text and the name.
    const CANONICAL_LEN_IN_PAIR: usize = schema::canonical_len(Point::SCHEMA)
        + r#"{"name":"Pair","type":"record","fields":[{"name":"a","type":},{"name":"b","type":"geo.Point"}]}"#.len();
}

#[test]
fn two_different_definitions_of_one_name_are_refused() {
    const OTHER_POINT: Schema = Schema::Record(&Record {
        name: Name::new("Point", Some("geo")),
        fields: &[Field::new("x", &Schema::Double)],
        attributes: &[],
    });
    let message = refusal(leak(Schema::Union(&[Point::SCHEMA, &OTHER_POINT])));
    assert!(
        message.contains("two different Avro schemas are named `geo.Point`"),
        "{message}"
    );
    // An identical definition in another constant (another static) is the same type.
    const SAME_POINT: Schema = Schema::Record(&Record {
        name: Name::new("Point", Some("geo")),
        fields: &[
            Field::new("x", &Schema::Double),
            Field::new("y", &Schema::Double),
        ],
        attributes: &[],
    });
    const BOTH: Schema = Schema::Record(&Record {
        name: Name::new("Pair", None),
        fields: &[Field::new("a", Point::SCHEMA), Field::new("b", &SAME_POINT)],
        attributes: &[],
    });
    assert_eq!(
        schema::json_len(&BOTH),
        r#"{"type":"record","name":"Pair","fields":[{"name":"a","type":},{"name":"b","type":"geo.Point"}]}"#.len()
            + schema::json_len(Point::SCHEMA)
    );
}

#[test]
fn a_null_namespace_reference_that_a_namespace_would_capture_is_refused() {
    const GLOBAL_KIND: Schema = Schema::Enum(&Enum {
        name: Name::new("Kind", None),
        symbols: &["A"],
        default: None,
        attributes: &[],
    });
    const LOCAL_KIND: Schema = Schema::Enum(&Enum {
        name: Name::new("Kind", Some("com.example")),
        symbols: &["B"],
        default: None,
        attributes: &[],
    });
    // `Kind` written inside com.example would mean com.example.Kind, which exists.
    const CAPTURED: Schema = Schema::Record(&Record {
        name: Name::new("Holder", Some("com.example")),
        fields: &[
            Field::new("global", &GLOBAL_KIND),
            Field::new("local", &LOCAL_KIND),
            Field::new("global_again", &GLOBAL_KIND),
        ],
        attributes: &[],
    });
    let message = refusal(&CAPTURED);
    assert!(
        message.contains(
            "the type `Kind` in the null namespace is referenced inside namespace `com.example`"
        ),
        "{message}"
    );
    // Without com.example.Kind the short name resolves (by the fallback to the null namespace).
    const FALLBACK: Schema = Schema::Record(&Record {
        name: Name::new("Holder", Some("com.example")),
        fields: &[
            Field::new("global", &GLOBAL_KIND),
            Field::new("global_again", &GLOBAL_KIND),
        ],
        attributes: &[],
    });
    const LEN: usize = schema::json_len(&FALLBACK);
    const JSON: [u8; LEN] = schema::json::<LEN>(&FALLBACK);
    let json = schema::as_str(&JSON);
    assert!(
        json.ends_with(r#"{"name":"global_again","type":"Kind"}]}"#),
        "{json}"
    );
    let set = read_back("Holder", "node JSON", json).unwrap();
    let names: Vec<String> = set.named.iter().map(|n| n.name.full()).collect();
    assert_eq!(names, ["com.example.Holder", "Kind"]);
}

#[test]
fn a_union_inside_a_union_is_refused() {
    const INNER: Schema = Schema::Union(&[&Schema::String, &Schema::Long]);
    const NESTED: Schema = Schema::Union(&[&Schema::Null, &INNER]);
    let message = refusal(&NESTED);
    assert!(
        message.contains("a union is a branch of another union"),
        "{message}"
    );
    let payload = catch_unwind(|| schema::canonical_len(&NESTED)).expect_err("refused");
    assert!(payload.is::<String>());
}

#[test]
fn a_union_holding_a_type_twice_is_refused() {
    // `Option<()>`: `["null", "null"]`.
    const NULLS: Schema = Schema::Union(&[&Schema::Null, <() as AvroType>::SCHEMA]);
    let message = refusal(&NULLS);
    assert!(
        message.contains("a union holds the type `null` twice"),
        "{message}"
    );
    let payload = catch_unwind(|| schema::canonical_len(&NULLS)).expect_err("refused");
    assert!(payload.is::<String>());
    // A logical type counts as its underlying type.
    const LONGS: Schema = Schema::Union(&[
        &Schema::Long,
        <avro_runtime::TimestampMillis as AvroType>::SCHEMA,
    ]);
    assert!(refusal(&LONGS).contains("the type `long` twice"));
    // Two variants over `[u8; 4]`: the second is written as a reference to the first.
    const FIXED: Schema =
        Schema::Union(&[<[u8; 4] as AvroType>::SCHEMA, <[u8; 4] as AvroType>::SCHEMA]);
    let message = refusal(&FIXED);
    assert!(
        message.contains("the named type `avro_runtime.fixed_4` twice"),
        "{message}"
    );
    // Distinct named types, and a fixed next to bytes, are fine.
    const DISTINCT: Schema = Schema::Union(&[
        &Schema::Null,
        <[u8; 4] as AvroType>::SCHEMA,
        <[u8; 8] as AvroType>::SCHEMA,
        &Schema::Bytes,
    ]);
    assert!(catch_unwind(|| schema::json_len(&DISTINCT)).is_ok());
}

#[test]
fn more_named_types_than_the_table_holds_are_refused() {
    let enums: Vec<&'static Schema> = (0..=MAX_NAMED_TYPES)
        .map(|i| {
            let name: &'static str = Box::leak(format!("E{i}").into_boxed_str());
            leak(Schema::Enum(leak(Enum {
                name: Name {
                    name,
                    namespace: None,
                    aliases: &[],
                    doc: None,
                },
                symbols: &["A"],
                default: None,
                attributes: &[],
            })))
        })
        .collect();
    let message = refusal(leak(Schema::Union(enums.clone().leak())));
    assert!(message.contains("MAX_NAMED_TYPES (1024)"), "{message}");
    // One fewer fits.
    let fits = leak(Schema::Union(enums[..MAX_NAMED_TYPES].to_vec().leak()));
    assert!(schema::canonical_len(fits) > 0);
}

#[test]
fn a_wrong_length_is_refused() {
    let payload = catch_unwind(|| schema::json::<3>(Point::SCHEMA)).expect_err("a wrong length");
    let message = payload.downcast::<&str>().map(|m| *m).ok();
    assert_eq!(
        message,
        Some("json::<N>(schema): N must be json_len(schema)")
    );
}

/// A text longer than the one-walk buffer of `impl_avro_schema!` (16 KiB): written a second
/// time into its exact array; the generic fallback uses its 64 KiB buffer.
#[test]
fn a_schema_longer_than_the_one_walk_buffer() {
    static DOC_BYTES: [u8; 20_000] = [b'x'; 20_000];
    const DOC: &str = schema::as_str(&DOC_BYTES);
    struct Big;
    impl AvroType for Big {
        const SCHEMA: &'static Schema = &Schema::Enum(&Enum {
            name: Name::new("Big", None),
            symbols: &["A"],
            default: None,
            attributes: &[Attribute {
                key: "note",
                json: "\"this attribute's value is longer than thirty-two bytes\"",
            }],
        });
    }
    avro_runtime::impl_avro_schema!(Big);
    struct Documented;
    impl AvroType for Documented {
        const SCHEMA: &'static Schema = &Schema::Record(&Record {
            name: Name {
                name: "Documented",
                namespace: None,
                aliases: &[],
                doc: Some(DOC),
            },
            fields: &[Field::new("big", Big::SCHEMA)],
            attributes: &[],
        });
    }
    avro_runtime::impl_avro_schema!(Documented);
    let expected = format!(
        r#"{{"type":"record","name":"Documented","doc":"{DOC}","fields":[{{"name":"big","type":{}}}]}}"#,
        Big::SCHEMA_JSON
    );
    assert_eq!(Documented::SCHEMA_JSON, expected);
    assert_eq!(schema::Constants::<Documented>::SCHEMA_JSON, expected);
    assert_eq!(
        Big::SCHEMA_JSON,
        r#"{"type":"enum","name":"Big","symbols":["A"],"note":"this attribute's value is longer than thirty-two bytes"}"#
    );
}

/// A refusal message longer than the 512 bytes the message buffer holds is cut, before a
/// multi-byte character rather than inside it.
#[test]
fn a_long_refusal_message_is_cut_at_a_character_boundary() {
    // 'é' is two bytes. The message starts with the 21 bytes `schema node `Ref("n.x`, so the
    // é at bytes 511-512 straddles the end of the buffer: the message ends before it.
    let name: &'static str = Box::leak(format!("n.x{}", "é".repeat(400)).into_boxed_str());
    let message = refusal(leak(Schema::Ref(name)));
    assert!(message.starts_with("schema node `Ref(\"n.xéé"), "{message}");
    assert_eq!(message.len(), 511);
    assert!(message.ends_with('é'));
}
