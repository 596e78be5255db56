//! Run-time schema resolution (feature `resolve`): transcoding checked against apache-avro, a
//! hand-written type shaped like generated code, hand-built plans, and bad input.

#![cfg(feature = "resolve")]
#![allow(deprecated)] // apache-avro 0.22 deprecates from_avro_datum / to_avro_datum

use std::collections::HashMap;
use std::sync::Arc;

use apache_avro::types::Value as AValue;
use apache_avro::Schema as ASchema;
use avro_runtime::resolve::{ParsedSchema, ResolvedReader, ResolverCache, Transcoder};
use avro_runtime::{AvroSchema, Decode, Encode, ErrorKind, Reader, Result};
use avro_schema::ir::{NamedId, Primitive};
use avro_schema::resolve::{
    EnumResolution, FieldStep, RecordResolution, Resolution, Resolved, UnionBranch, Unreadable,
};
use serde_json::{json, Value as Json};

// A counting global allocator: the peak each decode allocates on its thread.

struct Counting;

thread_local! {
    static CURRENT: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    static PEAK: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

// SAFETY: forwards to the system allocator; the thread-local counters are const-initialised
// `Cell<usize>`s without destructors, so touching them never allocates.
unsafe impl std::alloc::GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        let _ = CURRENT.try_with(|c| {
            let now = c.get() + layout.size();
            c.set(now);
            let _ = PEAK.try_with(|p| p.set(p.get().max(now)));
        });
        // SAFETY: same contract as ours.
        unsafe { std::alloc::System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        let _ = CURRENT.try_with(|c| c.set(c.get().saturating_sub(layout.size())));
        // SAFETY: same contract as ours.
        unsafe { std::alloc::System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Peak bytes allocated on this thread while running `f`.
fn peak_allocation(f: impl FnOnce()) -> usize {
    let base = CURRENT.with(std::cell::Cell::get);
    PEAK.with(|p| p.set(base));
    f();
    PEAK.with(std::cell::Cell::get) - base
}

// -------------------------------------------------------------------------------------------------
// A type written the way avro-build generates it.

const USER_SCHEMA: &str = r#"{"type":"record","name":"User","namespace":"test","fields":[
  {"name":"id","type":"long"},
  {"name":"name","type":"string"},
  {"name":"email","type":["null","string"],"default":null},
  {"name":"score","type":"double"},
  {"name":"status","type":{"type":"enum","name":"Status","symbols":["ACTIVE","INACTIVE","UNKNOWN"],"default":"UNKNOWN"}},
  {"name":"tags","type":{"type":"array","items":"string"},"default":[]},
  {"name":"country","type":"string","default":"NL"},
  {"name":"age","type":"int","default":0},
  {"name":"active","type":"boolean","default":true},
  {"name":"created","type":"long","default":0}
]}"#;

const USER_CANONICAL: &str = r#"{"name":"test.User","type":"record","fields":[{"name":"id","type":"long"},{"name":"name","type":"string"},{"name":"email","type":["null","string"]},{"name":"score","type":"double"},{"name":"status","type":{"name":"test.Status","type":"enum","symbols":["ACTIVE","INACTIVE","UNKNOWN"]}},{"name":"tags","type":{"type":"array","items":"string"}},{"name":"country","type":"string"},{"name":"age","type":"int"},{"name":"active","type":"boolean"},{"name":"created","type":"long"}]}"#;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Status {
    Active,
    Inactive,
    Unknown,
}

impl<'a> Decode<'a> for Status {
    fn decode(reader: &mut Reader<'a>) -> Result<Self> {
        Ok(match reader.read_enum_index(3)? {
            0 => Self::Active,
            1 => Self::Inactive,
            _ => Self::Unknown,
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
struct User {
    id: i64,
    name: String,
    email: Option<String>,
    score: f64,
    status: Status,
    tags: Vec<String>,
    country: String,
    age: i32,
    active: bool,
    created: i64,
}

impl AvroSchema for User {
    const SCHEMA_JSON: &'static str = USER_SCHEMA;
    const CANONICAL_FORM: &'static str = USER_CANONICAL;
    const RABIN_FINGERPRINT: u64 = 0; // checked against avro-schema in `user_type_is_honest`
    const MD5_FINGERPRINT: [u8; 16] = [0; 16];
    const SHA256_FINGERPRINT: [u8; 32] = [0; 32];
}

impl<'a> Decode<'a> for User {
    fn decode(reader: &mut Reader<'a>) -> Result<Self> {
        Ok(Self {
            id: reader.read_long().map_err(|e| e.in_field("id"))?,
            name: reader.read_string().map_err(|e| e.in_field("name"))?,
            email: match reader
                .read_union_index(2)
                .map_err(|e| e.in_field("email"))?
            {
                0 => None,
                _ => Some(reader.read_string().map_err(|e| e.in_field("email"))?),
            },
            score: reader.read_double().map_err(|e| e.in_field("score"))?,
            status: Status::decode(reader).map_err(|e| e.in_field("status"))?,
            tags: {
                let mut items = Vec::new();
                loop {
                    let len = reader.read_block_len(1).map_err(|e| e.in_field("tags"))?;
                    if len == 0 {
                        break;
                    }
                    items.reserve(len);
                    for _ in 0..len {
                        items.push(reader.read_string().map_err(|e| e.in_field("tags"))?);
                    }
                }
                items
            },
            country: reader.read_string().map_err(|e| e.in_field("country"))?,
            age: reader.read_int().map_err(|e| e.in_field("age"))?,
            active: reader.read_boolean().map_err(|e| e.in_field("active"))?,
            created: reader.read_long().map_err(|e| e.in_field("created"))?,
        })
    }
}

impl Encode for User {
    fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        use avro_runtime::encode as e;
        e::long(out, self.id);
        e::string(out, &self.name);
        match &self.email {
            None => e::union_index(out, 0),
            Some(s) => {
                e::union_index(out, 1);
                e::string(out, s);
            }
        }
        e::double(out, self.score);
        e::enum_index(out, self.status as usize);
        if !self.tags.is_empty() {
            e::block_len(out, self.tags.len());
            for t in &self.tags {
                e::string(out, t);
            }
        }
        e::block_len(out, 0);
        e::string(out, &self.country);
        e::int(out, self.age);
        e::boolean(out, self.active);
        e::long(out, self.created);
        Ok(())
    }
}

/// An older writer: fields re-ordered (email moved last), `id` and `created` as int, `score` as
/// float, an extra map field, a symbol the reader lacks, no `country`.
const USER_V1: &str = r#"{"type":"record","name":"User","namespace":"test","fields":[
  {"name":"name","type":"string"},
  {"name":"id","type":"int"},
  {"name":"legacy","type":{"type":"map","values":"long"}},
  {"name":"score","type":"float"},
  {"name":"status","type":{"type":"enum","name":"Status","symbols":["ACTIVE","BANNED","INACTIVE"]}},
  {"name":"tags","type":{"type":"array","items":"string"}},
  {"name":"age","type":"int"},
  {"name":"active","type":"boolean"},
  {"name":"created","type":"int"},
  {"name":"email","type":["null","string"]}
]}"#;

/// A writer in the reader's field order, without `country`, with an extra trailing field.
const USER_V2: &str = r#"{"type":"record","name":"User","namespace":"test","fields":[
  {"name":"id","type":"long"},
  {"name":"name","type":"string"},
  {"name":"email","type":["null","string"]},
  {"name":"score","type":"double"},
  {"name":"status","type":{"type":"enum","name":"Status","symbols":["ACTIVE","INACTIVE","UNKNOWN"]}},
  {"name":"tags","type":{"type":"array","items":"string"}},
  {"name":"age","type":"int"},
  {"name":"active","type":"boolean"},
  {"name":"created","type":"long"},
  {"name":"note","type":"string"}
]}"#;

fn aschema(json: &str) -> ASchema {
    ASchema::parse_str(json).expect("apache-avro parses the schema")
}

fn s(v: &str) -> AValue {
    AValue::String(v.to_string())
}

fn v1_value(i: i32, status: u32, email: Option<&str>) -> AValue {
    let symbols = ["ACTIVE", "BANNED", "INACTIVE"];
    AValue::Record(vec![
        ("name".into(), s(&format!("user-{i}"))),
        ("id".into(), AValue::Int(i)),
        (
            "legacy".into(),
            AValue::Map(HashMap::from([
                ("a".to_string(), AValue::Long(1)),
                ("bb".to_string(), AValue::Long(-1 << 40)),
            ])),
        ),
        ("score".into(), AValue::Float(i as f32 * 0.5)),
        (
            "status".into(),
            AValue::Enum(status, symbols[status as usize].to_string()),
        ),
        ("tags".into(), AValue::Array(vec![s("x"), s("yz")])),
        ("age".into(), AValue::Int(40 + i)),
        ("active".into(), AValue::Boolean(i % 2 == 0)),
        ("created".into(), AValue::Int(-i)),
        (
            "email".into(),
            match email {
                None => AValue::Union(0, Box::new(AValue::Null)),
                Some(e) => AValue::Union(1, Box::new(s(e))),
            },
        ),
    ])
}

fn v1_bytes(i: i32, status: u32, email: Option<&str>) -> Vec<u8> {
    apache_avro::to_avro_datum(&aschema(USER_V1), v1_value(i, status, email)).unwrap()
}

fn v2_value(u: &User) -> AValue {
    AValue::Record(vec![
        ("id".into(), AValue::Long(u.id)),
        ("name".into(), s(&u.name)),
        (
            "email".into(),
            match &u.email {
                None => AValue::Union(0, Box::new(AValue::Null)),
                Some(e) => AValue::Union(1, Box::new(s(e))),
            },
        ),
        ("score".into(), AValue::Double(u.score)),
        (
            "status".into(),
            AValue::Enum(u.status as u32, format!("{:?}", u.status).to_uppercase()),
        ),
        (
            "tags".into(),
            AValue::Array(u.tags.iter().map(|t| s(t)).collect()),
        ),
        ("age".into(), AValue::Int(u.age)),
        ("active".into(), AValue::Boolean(u.active)),
        ("created".into(), AValue::Long(u.created)),
        ("note".into(), s("a note that the reader skips")),
    ])
}

fn sample_user(i: i64) -> User {
    User {
        id: 1_000_000 + i,
        name: format!("user number {i}"),
        email: Some(format!("user{i}@example.com")),
        score: i as f64 * 1.25,
        status: Status::Inactive,
        tags: vec!["alpha".into(), "beta".into(), "gamma".into()],
        country: "DE".into(),
        age: 33,
        active: true,
        created: 1_700_000_000_000 + i,
    }
}

#[test]
fn user_type_is_honest() {
    let parsed = ParsedSchema::parse(USER_SCHEMA, "user.avsc").unwrap();
    assert_eq!(parsed.canonical_form(), USER_CANONICAL);
    // Our encoder agrees with apache-avro on the reader schema.
    let u = sample_user(3);
    let mut ours = Vec::new();
    u.encode(&mut ours).unwrap();
    let mut v = v2_value(&u);
    if let AValue::Record(fields) = &mut v {
        fields.pop();
        fields.insert(6, ("country".into(), s("DE")));
    }
    assert_eq!(
        ours,
        apache_avro::to_avro_datum(&aschema(USER_SCHEMA), v).unwrap()
    );
    assert_eq!(User::from_avro_slice(&ours).unwrap(), u);
}

#[test]
fn reads_reordered_promoted_skipped_defaulted() {
    let rr = ResolvedReader::<User>::new(USER_V1).unwrap();
    assert!(!rr.is_identity());
    assert_eq!(
        rr.writer_fingerprint(),
        ParsedSchema::parse(USER_V1, "w").unwrap().fingerprint()
    );
    for (i, status, email) in [(7, 0, Some("a@b.c")), (-3, 1, None), (100_000, 2, Some(""))] {
        let bytes = v1_bytes(i, status, email);
        let u = rr.decode(&bytes).unwrap();
        assert_eq!(
            u,
            User {
                id: i64::from(i),
                name: format!("user-{i}"),
                email: email.map(str::to_string),
                score: f64::from(i as f32 * 0.5),
                status: [Status::Active, Status::Unknown, Status::Inactive][status as usize],
                tags: vec!["x".into(), "yz".into()],
                country: "NL".into(),
                age: 40 + i,
                active: i % 2 == 0,
                created: -i64::from(i),
            }
        );
        // decode_from on a stream of three datums.
        let mut stream = bytes.clone();
        stream.extend_from_slice(&bytes);
        stream.extend_from_slice(&bytes);
        let mut r = Reader::new(&stream);
        let mut scratch = Vec::new();
        for _ in 0..3 {
            assert_eq!(rr.decode_from(&mut r, &mut scratch).unwrap(), u);
        }
        r.finish().unwrap();
        // Trailing bytes.
        let mut long = bytes.clone();
        long.push(0);
        let e = rr.decode(&long).unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::TrailingBytes(1));
        assert_eq!(e.offset(), Some(bytes.len()));
    }
}

#[test]
fn reads_in_order_writer_and_identity() {
    let u = sample_user(5);
    let bytes = apache_avro::to_avro_datum(&aschema(USER_V2), v2_value(&u)).unwrap();
    let rr = ResolvedReader::<User>::new(USER_V2).unwrap();
    assert!(!rr.is_identity());
    assert_eq!(
        rr.decode(&bytes).unwrap(),
        User {
            country: "NL".into(),
            ..u.clone()
        }
    );

    // The type's own schema, written differently (whitespace, docs): identity.
    let same = USER_SCHEMA.replace("\"fields\"", "\"doc\": \"same\", \"fields\"");
    let id = ResolvedReader::<User>::new(&same).unwrap();
    assert!(id.is_identity());
    assert_eq!(
        id.writer_fingerprint(),
        avro_schema::fingerprint::rabin(USER_CANONICAL.as_bytes())
    );
    let own = u.to_avro_vec().unwrap();
    assert_eq!(id.decode(&own).unwrap(), u);
    // The identity plan also transcodes, to the same bytes.
    let mut out = Vec::new();
    id.transcode(&own, &mut out).unwrap();
    assert_eq!(out, own);
    let mut r = Reader::new(&own);
    assert_eq!(id.decode_from(&mut r, &mut Vec::new()).unwrap(), u);
    assert!(r.is_empty());
}

#[test]
fn transcoded_bytes_match_apache_resolution() {
    let t = Transcoder::new(USER_V1, USER_SCHEMA).unwrap();
    let (w, r) = (aschema(USER_V1), aschema(USER_SCHEMA));
    for (i, status, email) in [(1, 0, Some("e")), (2, 2, None)] {
        let bytes = v1_bytes(i, status, email);
        let mut out = Vec::new();
        t.transcode(&bytes, &mut out).unwrap();
        let ours = apache_avro::from_avro_datum(&r, &mut out.as_slice(), None).unwrap();
        let theirs = apache_avro::from_avro_datum(&w, &mut bytes.as_slice(), Some(&r)).unwrap();
        assert_eq!(ours, theirs);
    }
}

#[test]
fn structural_incompatibilities_are_all_listed() {
    // `id` as string, `score` as a record: both unreadable; `name` and `status` missing without
    // default.
    let w = r#"{"type":"record","name":"User","namespace":"test","fields":[
        {"name":"id","type":"string"},
        {"name":"score","type":{"type":"record","name":"S","fields":[]}}]}"#;
    let e = ResolvedReader::<User>::new(w).unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains("cannot be read as `test.User`"), "{msg}");
    assert!(msg.contains("4 incompatibilities"), "{msg}");
    for needle in ["fields[0].type", "fields[1].type", "`name`", "`status`"] {
        assert!(msg.contains(needle), "{needle} in {msg}");
    }
    // Invalid writer schemas: every diagnostic.
    let e = ResolvedReader::<User>::new(
        r#"{"type":"record","name":"1x","fields":[{"name":"a","type":"nope"}]}"#,
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("invalid writer schema, 2 errors"), "{e}");
    let e = ResolvedReader::<User>::new("{not json")
        .unwrap_err()
        .to_string();
    assert!(e.contains("not valid JSON"), "{e}");
}

#[test]
fn decode_errors_name_writer_offsets() {
    let rr = ResolvedReader::<User>::new(USER_V1).unwrap();
    // Invalid UTF-8 in `email`, the last writer field but the third reader field: the generated
    // decoder finds it in the transcoded bytes; the error names the writer offset.
    let mut bytes = v1_bytes(1, 0, Some("abc"));
    let n = bytes.len();
    bytes[n - 2] = 0xff;
    let e = rr.decode(&bytes).unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::InvalidUtf8);
    assert_eq!(e.offset(), Some(n - 2));
    assert_eq!(e.field_path(), "email");
    let mut r = Reader::new(&bytes);
    let e2 = rr.decode_from(&mut r, &mut Vec::new()).unwrap_err();
    assert_eq!(e2.offset(), Some(n - 2));
    // The same in the first writer field (`name`, second reader field).
    let mut bytes = v1_bytes(1, 0, Some("abc"));
    bytes[2] = 0xc3;
    bytes[3] = 0x28;
    let e = rr.decode(&bytes).unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::InvalidUtf8);
    assert_eq!(e.offset(), Some(2));
    assert_eq!(e.field_path(), "name");
    // Errors found while transcoding have writer offsets by construction: a bad boolean.
    let v1 = v1_bytes(1, 0, None);
    let at = v1.len() - 3; // active, created, email index
    let mut bad = v1.clone();
    bad[at] = 7;
    let e = rr.decode(&bad).unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::InvalidBoolean(7));
    assert_eq!(e.offset(), Some(at));
}

#[test]
fn every_invalid_string_byte_is_reported_at_its_writer_offset() {
    // Strings of the reader (name, tags, email) are checked by the generated decoder in the
    // transcoded, re-ordered bytes; each bad byte must be reported where the writer wrote it.
    // Keys of the skipped map are not looked at.
    let rr = ResolvedReader::<User>::new(USER_V1).unwrap();
    let good = v1_bytes(7, 0, Some("abc@de"));
    let find = |needle: &[u8]| {
        good.windows(needle.len())
            .position(|w| w == needle)
            .unwrap()
    };
    let mut checked = 0;
    for (needle, field) in [
        (&b"user-7"[..], "name"),
        (b"abc@de", "email"),
        (b"\x02x\x04yz", "tags"),
    ] {
        let at = find(needle);
        for i in at..at + needle.len() {
            if field == "tags" && (i == at || i == at + 2) {
                continue; // length bytes
            }
            let mut bad = good.clone();
            bad[i] = 0xff;
            let e = rr.decode(&bad).unwrap_err();
            assert_eq!(e.kind(), &ErrorKind::InvalidUtf8, "byte {i}");
            assert_eq!(e.offset(), Some(i), "byte {i} of {field}");
            assert_eq!(e.field_path(), field);
            checked += 1;
        }
    }
    assert_eq!(checked, 6 + 6 + 3);
    let mut bad = good.clone();
    let key = find(b"\x02a\x02");
    bad[key + 1] = 0xff;
    assert_eq!(rr.decode(&bad).unwrap(), rr.decode(&good).unwrap());
}

#[test]
fn unreadable_symbol_and_branch_fail_with_the_plans_message() {
    // Enum symbol C without a reader enum default.
    let w = r#"{"type":"enum","name":"E","symbols":["A","B","C"]}"#;
    let r = r#"{"type":"enum","name":"E","symbols":["A","B"]}"#;
    let t = Transcoder::new(w, r).unwrap();
    assert_eq!(t.warnings().len(), 1);
    let mut out = Vec::new();
    t.transcode(&[2], &mut out).unwrap();
    assert_eq!(out, [2]);
    let e = t.transcode(&[4], &mut Vec::new()).unwrap_err();
    assert_eq!(e.offset(), Some(0));
    assert_eq!(
        e.kind(),
        &ErrorKind::Custom(t.warnings()[0].message.clone())
    );
    // Writer union branch the reader has no match for.
    let w = r#"{"type":"array","items":["null","string","int"]}"#;
    let r = r#"{"type":"array","items":["null","string"]}"#;
    let t = Transcoder::new(w, r).unwrap();
    let datum = [0x06, 0x00, 0x02, 0x02, b'a', 0x04, 0x02, 0x00];
    let e = t.transcode(&datum, &mut Vec::new()).unwrap_err();
    assert_eq!(e.offset(), Some(5));
    assert!(matches!(e.kind(), ErrorKind::Custom(m) if m == &t.warnings()[0].message));
    t.transcode(&datum[..5], &mut Vec::new()).unwrap_err();
    let mut ok = vec![0x04, 0x00, 0x02, 0x02, b'a', 0x00];
    let mut out = Vec::new();
    t.transcode(&ok, &mut out).unwrap();
    assert_eq!(out, ok);
    ok[0] = 0x03; // block of -2 items with a byte size
    ok.insert(1, 0x08);
    out.clear();
    t.transcode(&ok, &mut out).unwrap();
    assert_eq!(out, [0x04, 0x00, 0x02, 0x02, b'a', 0x00]);
}

// -------------------------------------------------------------------------------------------------
// The resolution cases of tests/data/project/resolution-cases.jsonl.

/// Avro JSON encoding of an apache-avro value read with `schema` (unions as `{"branch": v}`).
struct ToJson {
    names: HashMap<String, Json>,
}

impl ToJson {
    fn new(schema: &Json) -> Self {
        let mut t = ToJson {
            names: HashMap::new(),
        };
        t.collect(schema, None);
        t
    }

    fn full(name: &str, ns: Option<&str>) -> String {
        match ns {
            Some(ns) if !name.contains('.') && !ns.is_empty() => format!("{ns}.{name}"),
            _ => name.to_string(),
        }
    }

    fn ns_of(schema: &Json, outer: Option<&str>) -> Option<String> {
        let name = schema["name"].as_str().unwrap_or("");
        if let Some(i) = name.rfind('.') {
            return Some(name[..i].to_string());
        }
        match schema.get("namespace").and_then(Json::as_str) {
            Some(ns) => Some(ns.to_string()),
            None => outer.map(str::to_string),
        }
    }

    fn collect(&mut self, schema: &Json, ns: Option<&str>) {
        match schema {
            Json::Array(branches) => branches.iter().for_each(|b| self.collect(b, ns)),
            Json::Object(o) => match o["type"].as_str() {
                Some("record" | "error" | "enum" | "fixed") => {
                    let inner = Self::ns_of(schema, ns);
                    let name = Self::full(o["name"].as_str().unwrap(), inner.as_deref());
                    self.names.insert(name, schema.clone());
                    if let Some(fields) = o.get("fields").and_then(Json::as_array) {
                        for f in fields {
                            self.collect(&f["type"], inner.as_deref());
                        }
                    }
                }
                Some("array") => self.collect(&o["items"], ns),
                Some("map") => self.collect(&o["values"], ns),
                _ => {}
            },
            _ => {}
        }
    }

    fn resolve<'s>(&'s self, schema: &'s Json, ns: Option<&str>) -> (&'s Json, Option<String>) {
        if let Json::String(name) = schema {
            for candidate in [Self::full(name, ns), name.clone()] {
                if let Some(s) = self.names.get(&candidate) {
                    let inner = Self::ns_of(s, None);
                    return (s, inner);
                }
            }
        }
        let inner = if schema.get("name").is_some() {
            Self::ns_of(schema, ns)
        } else {
            ns.map(str::to_string)
        };
        (schema, inner)
    }

    fn branch_name(&self, schema: &Json, ns: Option<&str>) -> String {
        let (s, inner) = self.resolve(schema, ns);
        match s {
            Json::String(p) => p.clone(),
            Json::Object(o) => match o["type"].as_str().unwrap() {
                t @ ("record" | "error" | "enum" | "fixed") => {
                    let _ = t;
                    Self::full(o["name"].as_str().unwrap(), inner.as_deref())
                }
                t => t.to_string(),
            },
            _ => panic!("branch {s}"),
        }
    }

    fn value(&self, schema: &Json, ns: Option<&str>, v: &AValue) -> Json {
        let (schema, inner) = self.resolve(schema, ns);
        let ns = inner.as_deref();
        match (schema, v) {
            (Json::Array(branches), AValue::Union(i, v)) => {
                let b = &branches[*i as usize];
                if matches!(**v, AValue::Null) {
                    Json::Null
                } else {
                    json!({ self.branch_name(b, ns): self.value(b, ns, v) })
                }
            }
            (_, AValue::Null) => Json::Null,
            (_, AValue::Boolean(b)) => json!(b),
            (_, AValue::Int(i)) => json!(i),
            (_, AValue::Long(l)) => json!(l),
            (_, AValue::Float(f)) => json!(f64::from(*f)),
            (_, AValue::Double(d)) => json!(d),
            (_, AValue::String(s)) => json!(s),
            (_, AValue::Bytes(b)) | (_, AValue::Fixed(_, b)) => {
                json!(b.iter().map(|&c| char::from(c)).collect::<String>())
            }
            (_, AValue::Enum(_, s)) => json!(s),
            (Json::Object(o), AValue::Array(items)) => Json::Array(
                items
                    .iter()
                    .map(|i| self.value(&o["items"], ns, i))
                    .collect(),
            ),
            (Json::Object(o), AValue::Map(m)) => Json::Object(
                m.iter()
                    .map(|(k, v)| (k.clone(), self.value(&o["values"], ns, v)))
                    .collect(),
            ),
            (Json::Object(o), AValue::Record(fields)) => {
                let defs = o["fields"].as_array().unwrap();
                Json::Object(
                    fields
                        .iter()
                        .map(|(k, v)| {
                            let f = defs.iter().find(|f| f["name"] == k.as_str()).unwrap();
                            (k.clone(), self.value(&f["type"], ns, v))
                        })
                        .collect(),
                )
            }
            (s, v) => panic!("no JSON for {v:?} as {s}"),
        }
    }
}

fn unhex(h: &str) -> Vec<u8> {
    (0..h.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap())
        .collect()
}

fn cases() -> Vec<Json> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/data/project/resolution-cases.jsonl"
    );
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn resolution_cases() {
    let cases = cases();
    assert_eq!(cases.len(), 17);
    let (mut ok, mut errors) = (0, 0);
    for c in &cases {
        let id = &c["id"];
        let writer = serde_json::to_string(&c["writer"]).unwrap();
        let reader = serde_json::to_string(&c["reader"]).unwrap();
        let datum = unhex(c["datum_hex"].as_str().unwrap());
        let expected = &c["expected"];
        let result = Transcoder::new(&writer, &reader).and_then(|t| {
            let mut out = Vec::new();
            t.transcode(&datum, &mut out).map(|()| out)
        });
        if expected.as_str().is_some_and(|e| e.starts_with("ERROR")) {
            let e = result.expect_err(&format!("case {id} must fail"));
            eprintln!("case {id}: {e}");
            errors += 1;
            continue;
        }
        let out = result.unwrap_or_else(|e| panic!("case {id}: {e}"));
        let rs = aschema(&reader);
        let value = apache_avro::from_avro_datum(&rs, &mut out.as_slice(), None)
            .unwrap_or_else(|e| panic!("case {id}: apache-avro cannot read our bytes: {e}"));
        let got = ToJson::new(&c["reader"]).value(&c["reader"], None, &value);
        assert_eq!(&got, expected, "case {id}");
        ok += 1;
    }
    assert_eq!((ok, errors), (15, 2));
}

// -------------------------------------------------------------------------------------------------
// Hand-built plans: the compiler and interpreter alone, independent of the analysis.

fn parsed(json: &str) -> ParsedSchema {
    ParsedSchema::parse(json, "schema").unwrap()
}

fn transcode_with(w: &str, r: &str, plan: &Resolved, datum: &[u8]) -> Result<Vec<u8>> {
    let t = Transcoder::from_plan(&parsed(w), &parsed(r), plan)?;
    let mut out = Vec::new();
    t.transcode(datum, &mut out).map(|()| out)
}

fn plan(root: Resolution) -> Resolved {
    Resolved {
        root,
        records: Vec::new(),
        enums: Vec::new(),
        warnings: Vec::new(),
    }
}

#[test]
fn hand_built_promotions() {
    /// Writer and reader type names and primitives, writer bytes, reader bytes.
    type Case<'a> = (&'a str, &'a str, Primitive, Primitive, &'a [u8], Vec<u8>);
    let cases: &[Case] = &[
        (
            "int",
            "long",
            Primitive::Int,
            Primitive::Long,
            &[0x80, 0x01],
            vec![0x80, 0x01],
        ),
        (
            "int",
            "float",
            Primitive::Int,
            Primitive::Float,
            &[0x82, 0x80, 0x80, 0x10],
            16777216f32.to_le_bytes().to_vec(),
        ),
        (
            "int",
            "double",
            Primitive::Int,
            Primitive::Double,
            &[0x03],
            (-2f64).to_le_bytes().to_vec(),
        ),
        (
            "long",
            "float",
            Primitive::Long,
            Primitive::Float,
            &[0x04],
            2f32.to_le_bytes().to_vec(),
        ),
        (
            "long",
            "double",
            Primitive::Long,
            Primitive::Double,
            &[0x01],
            (-1f64).to_le_bytes().to_vec(),
        ),
        (
            "float",
            "double",
            Primitive::Float,
            Primitive::Double,
            &1.5f32.to_le_bytes(),
            1.5f64.to_le_bytes().to_vec(),
        ),
        (
            "string",
            "bytes",
            Primitive::String,
            Primitive::Bytes,
            &[0x02, b'a'],
            vec![0x02, b'a'],
        ),
        (
            "bytes",
            "string",
            Primitive::Bytes,
            Primitive::String,
            &[0x00],
            vec![0x00],
        ),
    ];
    for (w, r, wp, rp, datum, want) in cases {
        let p = plan(Resolution::Promote {
            writer: *wp,
            reader: *rp,
        });
        let w = format!("\"{w}\"");
        let r = format!("\"{r}\"");
        assert_eq!(
            &transcode_with(&w, &r, &p, datum).unwrap(),
            want,
            "{w} -> {r}"
        );
        // Truncated: an error.
        assert!(transcode_with(&w, &r, &p, &datum[..datum.len() - 1]).is_err());
    }
    // An int varint beyond 32 bits is not a valid int, even when read as long.
    let p = plan(Resolution::Promote {
        writer: Primitive::Int,
        reader: Primitive::Long,
    });
    let e = transcode_with("\"int\"", "\"long\"", &p, &[0x80, 0x80, 0x80, 0x80, 0x10]).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::IntOutOfRange(_)));
}

#[test]
fn hand_built_record_reorder_skip_default() {
    let w = r#"{"type":"record","name":"R","fields":[
        {"name":"b","type":"string"},
        {"name":"x","type":{"type":"array","items":{"type":"record","name":"P","fields":[{"name":"q","type":"long"},{"name":"z","type":["null","double"]}]}}},
        {"name":"a","type":"int"}]}"#;
    let r = r#"{"type":"record","name":"R","fields":[
        {"name":"a","type":"long"},
        {"name":"c","type":{"type":"array","items":"int"},"default":[1,2]},
        {"name":"b","type":"string"},
        {"name":"d","type":["null","string"],"default":null}]}"#;
    let ws = parsed(w);
    let x_schema = match &ws.set().named[0].kind {
        avro_schema::ir::NamedKind::Record { fields, .. } => fields[1].schema.clone(),
        _ => unreachable!(),
    };
    let p = Resolved {
        root: Resolution::Record(0),
        records: vec![RecordResolution {
            writer: NamedId(0),
            reader: NamedId(0),
            steps: vec![
                FieldStep::Read {
                    reader_field: 2,
                    resolution: Resolution::Same(Primitive::String),
                },
                FieldStep::Skip(x_schema),
                FieldStep::Read {
                    reader_field: 0,
                    resolution: Resolution::Promote {
                        writer: Primitive::Int,
                        reader: Primitive::Long,
                    },
                },
            ],
            defaulted: vec![1, 3],
        }],
        enums: Vec::new(),
        warnings: Vec::new(),
    };
    let wv = AValue::Record(vec![
        ("b".into(), s("hey")),
        (
            "x".into(),
            AValue::Array(vec![
                AValue::Record(vec![
                    ("q".into(), AValue::Long(5)),
                    ("z".into(), AValue::Union(1, Box::new(AValue::Double(2.0)))),
                ]),
                AValue::Record(vec![
                    ("q".into(), AValue::Long(-5)),
                    ("z".into(), AValue::Union(0, Box::new(AValue::Null))),
                ]),
            ]),
        ),
        ("a".into(), AValue::Int(-70)),
    ]);
    let datum = apache_avro::to_avro_datum(&aschema(w), wv).unwrap();
    let out = transcode_with(w, r, &p, &datum).unwrap();
    let want = AValue::Record(vec![
        ("a".into(), AValue::Long(-70)),
        (
            "c".into(),
            AValue::Array(vec![AValue::Int(1), AValue::Int(2)]),
        ),
        ("b".into(), s("hey")),
        ("d".into(), AValue::Union(0, Box::new(AValue::Null))),
    ]);
    assert_eq!(
        apache_avro::from_avro_datum(&aschema(r), &mut out.as_slice(), None).unwrap(),
        want
    );
    // Every truncation fails.
    for i in 0..datum.len() {
        assert!(transcode_with(w, r, &p, &datum[..i]).is_err(), "prefix {i}");
    }
    // A plan that leaves a reader field uncovered is refused, not run.
    let mut broken = p.clone();
    broken.records[0].defaulted = vec![1];
    let e = Transcoder::from_plan(&parsed(w), &parsed(r), &broken).unwrap_err();
    assert!(
        e.to_string().contains("inconsistent resolution plan"),
        "{e}"
    );
}

#[test]
fn hand_built_unions_and_enums() {
    // Writer ["int", "string", "boolean"] read as ["null", "string", "long"]: int -> long branch 2,
    // string -> branch 1, boolean unreadable.
    let w = r#"["int","string","boolean"]"#;
    let r = r#"["null","string","long"]"#;
    let p = plan(Resolution::WriterUnion(vec![
        UnionBranch::Read {
            reader_branch: Some(2),
            resolution: Resolution::Promote {
                writer: Primitive::Int,
                reader: Primitive::Long,
            },
        },
        UnionBranch::Read {
            reader_branch: Some(1),
            resolution: Resolution::Same(Primitive::String),
        },
        UnionBranch::Unreadable(Unreadable {
            message: "no boolean here".into(),
        }),
    ]));
    assert_eq!(
        transcode_with(w, r, &p, &[0x00, 0x7f]).unwrap(),
        [0x04, 0x7f]
    );
    assert_eq!(
        transcode_with(w, r, &p, &[0x02, 0x02, b'z']).unwrap(),
        [0x02, 0x02, b'z']
    );
    let e = transcode_with(w, r, &p, &[0x04, 0x01]).unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::Custom("no boolean here".into()));
    assert_eq!(e.offset(), Some(0));
    let e = transcode_with(w, r, &p, &[0x06]).unwrap_err();
    assert!(matches!(
        e.kind(),
        ErrorKind::UnionIndexOutOfRange {
            index: 3,
            branches: 3
        }
    ));
    // Non-union writer into a reader union.
    let p = plan(Resolution::ReaderBranch {
        branch: 1,
        resolution: Box::new(Resolution::Same(Primitive::String)),
    });
    assert_eq!(
        transcode_with("\"string\"", r, &p, &[0x00]).unwrap(),
        [0x02, 0x00]
    );
    // Enum remapping.
    let w = r#"{"type":"enum","name":"E","symbols":["A","B","C","D"]}"#;
    let r = r#"{"type":"enum","name":"E","symbols":["D","C","B","Z"],"default":"Z"}"#;
    let p = Resolved {
        root: Resolution::Enum(0),
        records: Vec::new(),
        enums: vec![EnumResolution {
            writer: NamedId(0),
            reader: NamedId(0),
            symbols: vec![Ok(3), Ok(2), Ok(1), Ok(0)],
        }],
        warnings: Vec::new(),
    };
    for (wi, ri) in [(0u8, 3u8), (1, 2), (2, 1), (3, 0)] {
        assert_eq!(transcode_with(w, r, &p, &[wi * 2]).unwrap(), [ri * 2]);
    }
    assert!(transcode_with(w, r, &p, &[8]).is_err());
}

// -------------------------------------------------------------------------------------------------
// Bad input.

#[test]
fn truncation_at_every_offset_errors() {
    let rr = ResolvedReader::<User>::new(USER_V1).unwrap();
    let v2 = ResolvedReader::<User>::new(USER_V2).unwrap();
    let bytes = v1_bytes(123_456, 1, Some("someone@example.com"));
    let b2 = apache_avro::to_avro_datum(&aschema(USER_V2), v2_value(&sample_user(9))).unwrap();
    for i in 0..bytes.len() {
        let e = rr.decode(&bytes[..i]).unwrap_err();
        assert!(e.offset().is_some_and(|o| o <= i), "prefix {i}: {e}");
        let mut r = Reader::new(&bytes[..i]);
        assert!(rr.decode_from(&mut r, &mut Vec::new()).is_err());
    }
    for i in 0..b2.len() {
        assert!(v2.decode(&b2[..i]).is_err(), "prefix {i}");
    }
}

#[test]
fn huge_lengths_fail_before_allocating() {
    let huge_long = [0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01];
    // A string of i64::MAX bytes.
    let rr = ResolvedReader::<User>::new(USER_V1).unwrap();
    let mut e = None;
    let peak = peak_allocation(|| e = rr.decode(&huge_long).err());
    assert!(peak < 4096, "{peak} bytes allocated");
    let e = e.unwrap();
    assert!(
        matches!(e.kind(), ErrorKind::LengthExceedsInput { .. }),
        "{e}"
    );
    // A map block of i64::MAX entries in a skipped field.
    let mut d = vec![0x02, b'n', 0x02];
    d.extend_from_slice(&huge_long);
    let e = rr.decode(&d).unwrap_err();
    assert!(
        matches!(e.kind(), ErrorKind::UnexpectedEof { .. }),
        "entries are skipped one by one until the input ends: {e}"
    );
    // Arrays of items that take no writer bytes.
    let t = Transcoder::new(
        r#"{"type":"array","items":"null"}"#,
        r#"{"type":"array","items":"null"}"#,
    )
    .unwrap();
    let mut d = huge_long.to_vec();
    d.push(0);
    let mut out = Vec::new();
    t.transcode(&d, &mut out).unwrap();
    assert_eq!(
        out, d,
        "null items cost nothing either side: the count is copied"
    );
    let t = Transcoder::new(
        r#"{"type":"array","items":"null"}"#,
        r#"{"type":"array","items":["null","int"]}"#,
    )
    .unwrap();
    let mut e = None;
    let peak = peak_allocation(|| e = t.transcode(&d, &mut Vec::new()).err());
    assert!(peak < 4096, "{peak} bytes allocated");
    let e = e.unwrap();
    assert!(
        matches!(e.kind(), ErrorKind::LengthExceedsInput { .. }),
        "{e}"
    );
    // ... but a reasonable count works, one union index per item.
    let mut out = Vec::new();
    t.transcode(&[0xd0, 0x0f, 0x00], &mut out).unwrap();
    assert_eq!(out.len(), 2 + 1000 + 1);
    // Skipped arrays of fixed-size items.
    let t = Transcoder::new(
        r#"{"type":"record","name":"R","fields":[{"name":"x","type":{"type":"array","items":"double"}}]}"#,
        r#"{"type":"record","name":"R","fields":[]}"#,
    )
    .unwrap();
    assert!(t.transcode(&d, &mut Vec::new()).is_err());
    t.transcode(&[0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0x00], &mut Vec::new())
        .unwrap();
}

#[test]
fn deep_recursion_is_an_error_not_a_crash() {
    let w = r#"{"type":"record","name":"Node","fields":[{"name":"v","type":"int"},{"name":"next","type":["null","Node"]}]}"#;
    let r = r#"{"type":"record","name":"Node","fields":[{"name":"next","type":["null","Node"]},{"name":"v","type":"long"},{"name":"w","type":"int","default":7}]}"#;
    let t = Transcoder::new(w, r).unwrap();
    let list = |n: usize| {
        let mut d = Vec::new();
        for i in 0..n {
            d.push(2 * (i % 60) as u8);
            d.push(if i + 1 < n { 2 } else { 0 });
        }
        d
    };
    // Within the reader's nesting limit (the default, as for generated decoders): the same
    // value as apache-avro's own resolution (which needs a large stack for deep values).
    let d = list(20);
    let mut out = Vec::new();
    t.transcode(&d, &mut out).unwrap();
    let theirs =
        apache_avro::from_avro_datum(&aschema(w), &mut d.as_slice(), Some(&aschema(r))).unwrap();
    let ours = apache_avro::from_avro_datum(&aschema(r), &mut out.as_slice(), None).unwrap();
    assert_eq!(ours, theirs);
    // Beyond it: an error at the writer offset where the limit was hit, not a stack overflow.
    let limit = avro_runtime::DEFAULT_MAX_DEPTH as usize;
    t.transcode(&list(limit), &mut Vec::new()).unwrap();
    let e = t.transcode(&list(100_000), &mut Vec::new()).unwrap_err();
    assert_eq!(
        e.kind(),
        &ErrorKind::TooDeep {
            limit: avro_runtime::DEFAULT_MAX_DEPTH
        }
    );
    assert_eq!(e.offset(), Some(2 * limit));
    // The limit of the caller's reader applies.
    let deep = list(300);
    let mut r = Reader::new(&deep);
    assert!(t.transcode_from(&mut r, &mut Vec::new()).is_err());
    let mut r = Reader::new(&deep);
    r.set_max_depth(400);
    t.transcode_from(&mut r, &mut Vec::new()).unwrap();
    assert!(r.is_empty());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]

    #[test]
    fn mutated_input_never_panics(
        seed in 0i32..1000,
        edits in proptest::collection::vec((0usize..200, proptest::prelude::any::<u8>()), 1..4),
    ) {
        let rr = ResolvedReader::<User>::new(USER_V1).unwrap();
        let mut bytes = v1_bytes(seed, (seed % 3) as u32, Some("m@x"));
        for (i, b) in edits {
            let n = bytes.len();
            bytes[i % n] = b;
        }
        // Never a panic, and never an allocation far beyond the input (the values and the
        // scratch buffer are a constant factor of it).
        let peak = peak_allocation(|| {
            let _ = rr.decode(&bytes);
            let _ = rr.transcoder().transcode(&bytes, &mut Vec::new());
        });
        proptest::prop_assert!(peak <= 64 * 1024 + 256 * bytes.len(), "{peak} bytes allocated");
    }
}

// -------------------------------------------------------------------------------------------------
// Random datums of a rich writer/reader pair: our transcoding read by apache-avro equals
// apache-avro's own resolution.

const RICH_W: &str = r#"{"type":"record","name":"Rich","namespace":"p","fields":[
  {"name":"f_int","type":"int"},
  {"name":"f_str","type":"string"},
  {"name":"nested","type":{"type":"record","name":"Inner","fields":[
     {"name":"a","type":"long"},
     {"name":"b","type":["null","string"]},
     {"name":"c","type":"float"}]}},
  {"name":"items","type":{"type":"array","items":"Inner"}},
  {"name":"tags","type":{"type":"map","values":["int","string"]}},
  {"name":"color","type":{"type":"enum","name":"Color","symbols":["RED","GREEN","BLUE","BLACK"]}},
  {"name":"fx","type":{"type":"fixed","name":"Hash","size":4}},
  {"name":"opt","type":["null","double"]},
  {"name":"plain","type":"int"},
  {"name":"gone","type":{"type":"array","items":{"type":"map","values":"string"}}}
]}"#;

const RICH_R: &str = r#"{"type":"record","name":"Rich","namespace":"p","fields":[
  {"name":"color","type":{"type":"enum","name":"Color","symbols":["BLUE","GREEN","RED","OTHER"],"default":"OTHER"}},
  {"name":"nested","type":{"type":"record","name":"Inner","fields":[
     {"name":"c","type":"double"},
     {"name":"a","type":"long"},
     {"name":"d","type":"int","default":5}]}},
  {"name":"f_int","type":"long"},
  {"name":"added","type":{"type":"array","items":"string"},"default":["x","y"]},
  {"name":"f_str","type":"bytes"},
  {"name":"items","type":{"type":"array","items":"Inner"}},
  {"name":"tags","type":{"type":"map","values":["null","string","long"]}},
  {"name":"fx","type":{"type":"fixed","name":"Hash","size":4}},
  {"name":"opt","type":["double","null"]},
  {"name":"plain","type":["null","long"]}
]}"#;

mod rich {
    use super::*;
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        "[a-zé]{0,12}"
    }

    fn inner() -> impl Strategy<Value = AValue> {
        (any::<i64>(), proptest::option::of(text()), any::<f32>()).prop_map(|(a, b, c)| {
            AValue::Record(vec![
                ("a".into(), AValue::Long(a)),
                (
                    "b".into(),
                    match b {
                        None => AValue::Union(0, Box::new(AValue::Null)),
                        Some(s) => AValue::Union(1, Box::new(AValue::String(s))),
                    },
                ),
                ("c".into(), AValue::Float(c)),
            ])
        })
    }

    prop_compose! {
        pub fn value()(
            f_int in any::<i32>(),
            f_str in text(),
            nested in inner(),
            items in proptest::collection::vec(inner(), 0..4),
            tags in proptest::collection::hash_map(text(), prop_oneof![
                any::<i32>().prop_map(|i| AValue::Union(0, Box::new(AValue::Int(i)))),
                text().prop_map(|s| AValue::Union(1, Box::new(AValue::String(s)))),
            ], 0..4),
            color in 0u32..4,
            fx in any::<[u8; 4]>(),
            opt in proptest::option::of(any::<f64>()),
            plain in any::<i32>(),
            gone in proptest::collection::vec(
                proptest::collection::hash_map(text(), text().prop_map(AValue::String), 0..3), 0..3),
        ) -> AValue {
            AValue::Record(vec![
                ("f_int".into(), AValue::Int(f_int)),
                ("f_str".into(), AValue::String(f_str)),
                ("nested".into(), nested),
                ("items".into(), AValue::Array(items)),
                ("tags".into(), AValue::Map(tags)),
                ("color".into(), AValue::Enum(color, ["RED", "GREEN", "BLUE", "BLACK"][color as usize].into())),
                ("fx".into(), AValue::Fixed(4, fx.to_vec())),
                ("opt".into(), match opt {
                    None => AValue::Union(0, Box::new(AValue::Null)),
                    Some(d) => AValue::Union(1, Box::new(AValue::Double(d))),
                }),
                ("plain".into(), AValue::Int(plain)),
                ("gone".into(), AValue::Array(gone.into_iter().map(AValue::Map).collect())),
            ])
        }
    }
}

/// NaN != NaN: compare floats by bits.
fn same(a: &AValue, b: &AValue) -> bool {
    match (a, b) {
        (AValue::Float(x), AValue::Float(y)) => x.to_bits() == y.to_bits(),
        (AValue::Double(x), AValue::Double(y)) => x.to_bits() == y.to_bits(),
        (AValue::Union(i, x), AValue::Union(j, y)) => i == j && same(x, y),
        (AValue::Array(x), AValue::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (AValue::Map(x), AValue::Map(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        (AValue::Record(x), AValue::Record(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|((k, v), (l, w))| k == l && same(v, w))
        }
        _ => a == b,
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    #[test]
    fn random_datums_match_apache_resolution(v in rich::value()) {
        let (ws, rs) = (aschema(RICH_W), aschema(RICH_R));
        let t = Transcoder::new(RICH_W, RICH_R).unwrap();
        let bytes = apache_avro::to_avro_datum(&ws, v).unwrap();
        let mut out = Vec::new();
        t.transcode(&bytes, &mut out).unwrap();
        let ours = apache_avro::from_avro_datum(&rs, &mut out.as_slice(), None).unwrap();
        let theirs = apache_avro::from_avro_datum(&ws, &mut bytes.as_slice(), Some(&rs)).unwrap();
        proptest::prop_assert!(same(&ours, &theirs), "ours {ours:?}\ntheirs {theirs:?}");
        // Streams: two datums back to back.
        let mut two = bytes.clone();
        two.extend_from_slice(&bytes);
        let mut r = Reader::new(&two);
        let mut out2 = Vec::new();
        t.transcode_from(&mut r, &mut out2).unwrap();
        t.transcode_from(&mut r, &mut out2).unwrap();
        proptest::prop_assert!(r.is_empty());
        proptest::prop_assert_eq!(&out2[..out.len()], &out[..]);
        proptest::prop_assert_eq!(&out2[out.len()..], &out[..]);
    }
}

// -------------------------------------------------------------------------------------------------
// The cache.

#[test]
fn cache_compiles_each_writer_once() {
    fn send_sync<X: Send + Sync>() {}
    send_sync::<ResolverCache<User>>();
    send_sync::<ResolvedReader<User>>();
    send_sync::<Transcoder>();
    let cache = Arc::new(ResolverCache::<User>::new());
    assert!(cache.is_empty());
    let a = cache.get_or_insert(USER_V1).unwrap();
    let b = cache.get_or_insert(USER_V1).unwrap();
    assert!(Arc::ptr_eq(&a, &b));
    // Same canonical form, other text: same reader.
    let other_text = USER_V1.replace("\n", " ");
    let c = cache.get_or_insert(&other_text).unwrap();
    assert!(Arc::ptr_eq(&a, &c));
    assert_eq!(cache.len(), 1);
    let fp = a.writer_fingerprint();
    assert!(Arc::ptr_eq(&cache.get(fp).unwrap(), &a));
    assert!(cache.get(fp ^ 1).is_none());
    assert!(cache.get_or_insert("\"int\"").is_err());
    assert_eq!(cache.len(), 1);
    // From many threads at once.
    let handles: Vec<_> = (0..8)
        .map(|i| {
            let cache = Arc::clone(&cache);
            std::thread::spawn(move || {
                let w = if i % 2 == 0 { USER_V1 } else { USER_V2 };
                let rr = cache.get_or_insert(w).unwrap();
                if i % 2 == 0 {
                    rr.decode(&v1_bytes(i, 0, None)).unwrap().id
                } else {
                    let u = sample_user(i64::from(i));
                    let b = apache_avro::to_avro_datum(&aschema(USER_V2), v2_value(&u)).unwrap();
                    rr.decode(&b).unwrap().id
                }
            })
        })
        .collect();
    for (i, h) in handles.into_iter().enumerate() {
        let id = h.join().unwrap();
        assert_eq!(
            id,
            if i % 2 == 0 {
                i as i64
            } else {
                1_000_000 + i as i64
            }
        );
    }
    assert_eq!(cache.len(), 2);
}

// -------------------------------------------------------------------------------------------------
// A quick speed figure (not a benchmark suite; `cargo test --release -- --ignored --nocapture`).

#[test]
#[ignore = "timing; run in release with --ignored --nocapture"]
fn speed_figure() {
    use std::hint::black_box;
    use std::time::Instant;
    let n = 200_000;
    let u = sample_user(42);
    let own = u.to_avro_vec().unwrap();
    let v2 = apache_avro::to_avro_datum(&aschema(USER_V2), v2_value(&u)).unwrap();
    let v1 = v1_bytes(42, 2, Some("user42@example.com"));
    let r2 = ResolvedReader::<User>::new(USER_V2).unwrap();
    let r1 = ResolvedReader::<User>::new(USER_V1).unwrap();
    // The best of several rounds: the least disturbed by other processes.
    let time = |name: &str, f: &dyn Fn() -> User| {
        for _ in 0..n / 10 {
            black_box(f());
        }
        let mut best = f64::MAX;
        for _ in 0..7 {
            let t = Instant::now();
            for _ in 0..n / 7 {
                black_box(f());
            }
            best = best.min(t.elapsed().as_nanos() as f64 / (n / 7) as f64);
        }
        eprintln!("{name:<48} {best:>8.1} ns/datum");
        best
    };
    // Direct decodes of the same datums in the reader's encoding, for a fair comparison.
    let mut own2 = Vec::new();
    r2.transcode(&v2, &mut own2).unwrap();
    let mut own1 = Vec::new();
    r1.transcode(&v1, &mut own1).unwrap();
    let direct = time("direct User::decode (same schema)", &|| {
        User::from_avro_slice(black_box(&own)).unwrap()
    });
    let direct2 = time("direct User::decode of the in-order datum", &|| {
        User::from_avro_slice(black_box(&own2)).unwrap()
    });
    let in_order = time("resolved, in-order writer (+1 skip, +1 default)", &|| {
        r2.decode(black_box(&v2)).unwrap()
    });
    let direct1 = time("direct User::decode of the re-ordered datum", &|| {
        User::from_avro_slice(black_box(&own1)).unwrap()
    });
    let reorder = time("resolved, re-ordered writer (promotions, skip)", &|| {
        r1.decode(black_box(&v1)).unwrap()
    });
    let id = ResolvedReader::<User>::new(USER_SCHEMA).unwrap();
    let identity = time("resolved, same schema (identity)", &|| {
        id.decode(black_box(&own)).unwrap()
    });
    let mut out = Vec::with_capacity(256);
    let mut tr = f64::MAX;
    for _ in 0..7 {
        let t = Instant::now();
        for _ in 0..n / 7 {
            out.clear();
            r2.transcode(black_box(&v2), &mut out).unwrap();
        }
        tr = tr.min(t.elapsed().as_nanos() as f64 / (n / 7) as f64);
    }
    eprintln!(
        "{:<48} {tr:>8.1} ns/datum",
        "transcode only, in-order writer"
    );
    let mut tr1 = f64::MAX;
    for _ in 0..7 {
        let t = Instant::now();
        for _ in 0..n / 7 {
            out.clear();
            r1.transcode(black_box(&v1), &mut out).unwrap();
        }
        tr1 = tr1.min(t.elapsed().as_nanos() as f64 / (n / 7) as f64);
    }
    eprintln!(
        "{:<48} {tr1:>8.1} ns/datum",
        "transcode only, re-ordered writer"
    );
    eprintln!(
        "speed relative to direct decode: in-order {:.2}x, re-ordered {:.2}x, identity {:.2}x",
        direct2 / in_order,
        direct1 / reorder,
        direct / identity
    );
}
