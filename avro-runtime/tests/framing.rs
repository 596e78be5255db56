//! Message framing (feature `framing`): single-object encoding and the Confluent wire format
//! checked against hand-computed frames and apache-avro's single-object writer and reader, the
//! decoders' choice of decoder per writer, the in-memory registry, and bad input.
//!
//! The types here are written the way avro-build generates them: `Msg` (version 2) knows its
//! version 1 as an earlier writer; version 0 is only known at run time.

#![cfg(all(feature = "framing", feature = "resolve"))]

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use apache_avro::headers::HeaderBuilder;
use apache_avro::types::Value as AValue;
use apache_avro::{
    GenericSingleObjectReader, GenericSingleObjectWriter, Schema as ASchema,
    SpecificSingleObjectWriter,
};
use avro_runtime::framing::{
    confluent, full_name, record_name_strategy, single_object, topic_name_strategy,
    topic_record_name_strategy, CompatibilityMode, ConfluentDecoder, ConfluentEncoder, DecodePath,
    FingerprintLookup, InMemoryRegistry, SchemaLookup, SingleObjectDecoder,
};
use avro_runtime::resolve::ParsedSchema;
use avro_runtime::{encode as e, AvroSchema, Decode, Encode, Error, KnownWriters, Reader, Result};

// -------------------------------------------------------------------------------------------------
// Types shaped like generated code.

const MSG_V2: &str = r#"{"type":"record","name":"Msg","namespace":"test","fields":[{"name":"id","type":"long"},{"name":"name","type":"string"},{"name":"tags","type":{"type":"array","items":"string"},"default":[]}]}"#;
const MSG_V2_CANONICAL: &str = r#"{"name":"test.Msg","type":"record","fields":[{"name":"id","type":"long"},{"name":"name","type":"string"},{"name":"tags","type":{"type":"array","items":"string"}}]}"#;
const MSG_V2_FP: u64 = 0xe6ea_3bd1_da68_ba8a;

const MSG_V1: &str = r#"{"type":"record","name":"Msg","namespace":"test","fields":[{"name":"id","type":"long"},{"name":"name","type":"string"}]}"#;
const MSG_V1_CANONICAL: &str = r#"{"name":"test.Msg","type":"record","fields":[{"name":"id","type":"long"},{"name":"name","type":"string"}]}"#;
const MSG_V1_FP: u64 = 0xc80e_8441_c8ec_ea94;

/// Only known at run time: `id` is an int (promoted to long), `flag` is dropped, `tags` defaults.
const MSG_V0: &str = r#"{"type":"record","name":"Msg","namespace":"test","fields":[{"name":"id","type":"int"},{"name":"name","type":"string"},{"name":"flag","type":"boolean"}]}"#;
const MSG_V0_CANONICAL: &str = r#"{"name":"test.Msg","type":"record","fields":[{"name":"id","type":"int"},{"name":"name","type":"string"},{"name":"flag","type":"boolean"}]}"#;
const MSG_V0_FP: u64 = 0x4c28_6573_27ed_79c8;

/// Cannot be read as `Msg`: `id` is a string and `name` has no default.
const MSG_BAD: &str =
    r#"{"type":"record","name":"Msg","namespace":"test","fields":[{"name":"id","type":"string"}]}"#;
const MSG_BAD_FP: u64 = 0xf9ec_c035_1f2c_0cf2;

#[derive(Debug, Clone, PartialEq)]
struct Msg {
    id: i64,
    name: String,
    tags: Vec<String>,
}

impl AvroSchema for Msg {
    const SCHEMA_JSON: &'static str = MSG_V2;
    const CANONICAL_FORM: &'static str = MSG_V2_CANONICAL;
    const RABIN_FINGERPRINT: u64 = MSG_V2_FP;
    const MD5_FINGERPRINT: [u8; 16] = [0; 16];
    const SHA256_FINGERPRINT: [u8; 32] = [0; 32];
}

impl Encode for Msg {
    fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        e::long(out, self.id);
        e::string(out, &self.name);
        if !self.tags.is_empty() {
            e::long(out, self.tags.len() as i64);
            for t in &self.tags {
                e::string(out, t);
            }
        }
        e::long(out, 0);
        Ok(())
    }
}

fn read_tags(reader: &mut Reader<'_>) -> Result<Vec<String>> {
    let mut items = Vec::new();
    loop {
        let len = reader.read_block_len(1)?;
        if len == 0 {
            return Ok(items);
        }
        for _ in 0..len {
            items.push(reader.read_string()?);
        }
    }
}

impl<'a> Decode<'a> for Msg {
    fn decode(reader: &mut Reader<'a>) -> Result<Self> {
        Ok(Msg {
            id: reader.read_long().map_err(|e| e.in_field("id"))?,
            name: reader.read_string().map_err(|e| e.in_field("name"))?,
            tags: read_tags(reader).map_err(|e| e.in_field("tags"))?,
        })
    }
}

impl Msg {
    /// The decoder generated for the earlier writer v1 (no `tags`: default `[]`).
    fn decode_from_v1(reader: &mut Reader<'_>) -> Result<Self> {
        Ok(Msg {
            id: reader.read_long().map_err(|e| e.in_field("id"))?,
            name: reader.read_string().map_err(|e| e.in_field("name"))?,
            tags: Vec::new(),
        })
    }
}

impl KnownWriters for Msg {
    const WRITERS: &'static [(u64, &'static str)] = &[(MSG_V2_FP, MSG_V2), (MSG_V1_FP, MSG_V1)];

    fn decode_written_with(fingerprint: u64, reader: &mut Reader<'_>) -> Option<Result<Self>> {
        match fingerprint {
            MSG_V2_FP => Some(Msg::decode(reader)),
            MSG_V1_FP => Some(Msg::decode_from_v1(reader)),
            _ => None,
        }
    }
}

/// What a producer still on version 1 writes.
struct MsgV1 {
    id: i64,
    name: String,
}

impl AvroSchema for MsgV1 {
    const SCHEMA_JSON: &'static str = MSG_V1;
    const CANONICAL_FORM: &'static str = MSG_V1_CANONICAL;
    const RABIN_FINGERPRINT: u64 = MSG_V1_FP;
    const MD5_FINGERPRINT: [u8; 16] = [0; 16];
    const SHA256_FINGERPRINT: [u8; 32] = [0; 32];
}

impl Encode for MsgV1 {
    fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        e::long(out, self.id);
        e::string(out, &self.name);
        Ok(())
    }
}

/// What a producer on version 0 (unknown to `Msg` at compile time) writes.
struct MsgV0 {
    id: i32,
    name: String,
    flag: bool,
}

impl AvroSchema for MsgV0 {
    const SCHEMA_JSON: &'static str = MSG_V0;
    const CANONICAL_FORM: &'static str = MSG_V0_CANONICAL;
    const RABIN_FINGERPRINT: u64 = MSG_V0_FP;
    const MD5_FINGERPRINT: [u8; 16] = [0; 16];
    const SHA256_FINGERPRINT: [u8; 32] = [0; 32];
}

impl Encode for MsgV0 {
    fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        e::int(out, self.id);
        e::string(out, &self.name);
        e::boolean(out, self.flag);
        Ok(())
    }
}

/// A type whose encoding always fails after writing a byte.
struct Unencodable;

impl AvroSchema for Unencodable {
    const SCHEMA_JSON: &'static str = r#""long""#;
    const CANONICAL_FORM: &'static str = r#""long""#;
    const RABIN_FINGERPRINT: u64 = 1;
    const MD5_FINGERPRINT: [u8; 16] = [0; 16];
    const SHA256_FINGERPRINT: [u8; 32] = [0; 32];
}

impl Encode for Unencodable {
    fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        out.push(0x02);
        Err(Error::custom("cannot encode"))
    }
}

fn bill() -> Msg {
    Msg {
        id: 42,
        name: "Bill".into(),
        tags: vec!["a".into()],
    }
}

/// The datum of `bill()`, by hand: 42 zigzag → 0x54; "Bill"; one block of one "a"; end of array.
const BILL_DATUM: [u8; 10] = [0x54, 0x08, b'B', b'i', b'l', b'l', 0x02, 0x02, b'a', 0x00];

fn apache_schema(json: &str) -> ASchema {
    ASchema::parse_str(json).unwrap()
}

fn bill_value() -> AValue {
    AValue::Record(vec![
        ("id".into(), AValue::Long(42)),
        ("name".into(), AValue::String("Bill".into())),
        (
            "tags".into(),
            AValue::Array(vec![AValue::String("a".into())]),
        ),
    ])
}

#[test]
fn test_types_are_honest() {
    for (json, canonical, fp) in [
        (MSG_V2, MSG_V2_CANONICAL, MSG_V2_FP),
        (MSG_V1, MSG_V1_CANONICAL, MSG_V1_FP),
        (MSG_V0, MSG_V0_CANONICAL, MSG_V0_FP),
        (MSG_BAD, "", MSG_BAD_FP),
    ] {
        let parsed = ParsedSchema::parse(json, "schema").unwrap();
        assert_eq!(parsed.fingerprint(), fp, "{json}");
        if !canonical.is_empty() {
            assert_eq!(parsed.canonical_form(), canonical);
        }
        let apache = apache_schema(json).fingerprint::<apache_avro::rabin::Rabin>();
        assert_eq!(apache.bytes, fp.to_le_bytes(), "{json}");
    }
    assert_eq!(bill().to_avro_vec().unwrap(), BILL_DATUM);
}

// -------------------------------------------------------------------------------------------------
// Single-object encoding.

#[test]
fn single_object_frame_is_the_hand_computed_one() {
    let frame = single_object::to_vec(&bill()).unwrap();
    let mut expected = vec![0xC3, 0x01, 0x8a, 0xba, 0x68, 0xda, 0xd1, 0x3b, 0xea, 0xe6];
    expected.extend_from_slice(&BILL_DATUM);
    assert_eq!(frame, expected);
    assert_eq!(single_object::fingerprint_of(&frame).unwrap(), MSG_V2_FP);
    assert_eq!(
        single_object::split(&frame).unwrap(),
        (MSG_V2_FP, &BILL_DATUM[..])
    );
    // Appends, after what is already there.
    let mut out = vec![0xAA];
    single_object::encode(&bill(), &mut out).unwrap();
    assert_eq!(out[0], 0xAA);
    assert_eq!(&out[1..], &frame[..]);
}

#[test]
fn single_object_frame_matches_apache_avro() {
    let schema = apache_schema(MSG_V2);
    let mut writer = GenericSingleObjectWriter::new_with_capacity(&schema, 64).unwrap();
    let mut apache = Vec::new();
    writer.write_value(bill_value(), &mut apache).unwrap();
    assert_eq!(single_object::to_vec(&bill()).unwrap(), apache);
    let mut specific = Vec::new();
    SpecificSingleObjectWriter::<ApacheMsg>::new()
        .unwrap()
        .write_value(ApacheMsg(bill_value()), &mut specific)
        .unwrap();
    assert_eq!(specific, apache);

    // And apache-avro reads ours.
    let ours = single_object::to_vec(&bill()).unwrap();
    let reader = GenericSingleObjectReader::builder()
        .schema(schema)
        .build()
        .unwrap();
    assert_eq!(reader.read_value(&mut &ours[..]).unwrap(), bill_value());
}

#[test]
fn single_object_decodes_own_and_known_writers_with_generated_code() {
    let own = single_object::to_vec(&bill()).unwrap();
    assert_eq!(single_object::decode::<Msg>(&own).unwrap(), bill());
    assert_eq!(
        single_object::decode_traced::<Msg>(&own).unwrap(),
        (bill(), DecodePath::Own)
    );
    let old = single_object::to_vec(&MsgV1 {
        id: 7,
        name: "old".into(),
    })
    .unwrap();
    assert_eq!(&old[..2], &[0xC3, 0x01]);
    assert_eq!(single_object::fingerprint_of(&old).unwrap(), MSG_V1_FP);
    assert_eq!(
        single_object::decode_traced::<Msg>(&old).unwrap(),
        (
            Msg {
                id: 7,
                name: "old".into(),
                tags: vec![]
            },
            DecodePath::KnownWriter
        )
    );
}

#[test]
fn single_object_unknown_fingerprint_is_a_clear_error() {
    let frame = single_object::to_vec(&MsgV0 {
        id: 1,
        name: "x".into(),
        flag: true,
    })
    .unwrap();
    let err = single_object::decode::<Msg>(&frame).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("unknown writer schema fingerprint 0x4c28657327ed79c8"),
        "{msg}"
    );
    assert!(msg.contains("`test.Msg`"), "{msg}");
    assert!(msg.contains("0xe6ea3bd1da68ba8a"), "{msg}");
    assert!(msg.contains("SingleObjectDecoder"), "{msg}");
}

#[test]
fn single_object_bad_headers_are_clear_errors() {
    let err = |bytes: &[u8]| single_object::decode::<Msg>(bytes).unwrap_err().to_string();
    assert!(err(&[]).contains("truncated single-object message: 0 bytes"));
    assert!(err(&[0xC3]).contains("truncated single-object message: 1 byte,"));
    assert!(err(&[0xC3, 0x01, 1, 2, 3]).contains("5 bytes, the header alone needs 10"));
    let msg = err(&[0xC3, 0x02, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert!(
        msg.contains("not an Avro single-object message: it starts with c3 02"),
        "{msg}"
    );
    let confluent_frame = confluent::to_vec(7, &bill()).unwrap();
    let msg = err(&confluent_frame);
    assert!(msg.contains("starts with 00 00"), "{msg}");
    assert!(msg.contains("Confluent wire format"), "{msg}");
    assert!(err(&[0x01]).contains("starts with 01,"));
    assert_eq!(
        single_object::fingerprint_of(&[0xC3, 0x01]).unwrap_err(),
        single_object::decode::<Msg>(&[0xC3, 0x01]).unwrap_err()
    );
}

#[test]
fn single_object_truncated_and_extended_frames_fail_without_panicking() {
    let frame = single_object::to_vec(&bill()).unwrap();
    for len in 0..frame.len() {
        let err = single_object::decode::<Msg>(&frame[..len]).unwrap_err();
        if len >= single_object::HEADER_LEN {
            // Datum errors carry offsets counted from the frame start.
            let off = err.offset().unwrap_or_else(|| panic!("{len}: {err}"));
            assert!(off <= len, "{len}: {err}");
            assert!(off >= single_object::HEADER_LEN, "{len}: {err}");
        }
    }
    let mut long = frame.clone();
    long.push(0);
    let err = single_object::decode::<Msg>(&long).unwrap_err();
    assert!(err.to_string().contains("1 trailing bytes"), "{err}");
    assert_eq!(err.offset(), Some(frame.len()));
}

#[test]
fn single_object_datum_errors_count_offsets_from_the_frame_start() {
    let mut frame = single_object::to_vec(&bill()).unwrap();
    frame[11] = 0x09; // "Bill" now declares 4.5 bytes... an odd zigzag: -5, a negative length
    let err = single_object::decode::<Msg>(&frame).unwrap_err();
    assert_eq!(err.offset(), Some(11), "{err}");
    assert_eq!(err.field_path(), "name");
}

#[test]
fn single_object_encode_error_leaves_the_output_as_it_was() {
    let mut out = vec![1, 2, 3];
    assert!(single_object::encode(&Unencodable, &mut out).is_err());
    assert_eq!(out, [1, 2, 3]);
    assert!(confluent::encode(5, &Unencodable, &mut out).is_err());
    assert_eq!(out, [1, 2, 3]);
}

/// A fingerprint lookup counting its calls.
#[derive(Default)]
struct CountingLookup {
    schemas: HashMap<u64, String>,
    calls: AtomicUsize,
}

impl FingerprintLookup for CountingLookup {
    fn schema_by_fingerprint(&self, fingerprint: u64) -> Result<Option<Arc<str>>> {
        self.calls.fetch_add(1, Ordering::Relaxed);
        self.schemas.schema_by_fingerprint(fingerprint)
    }
}

#[test]
fn single_object_decoder_resolves_writers_found_by_fingerprint_once() {
    let lookup = CountingLookup {
        schemas: [(MSG_V0_FP, MSG_V0.to_string())].into(),
        ..Default::default()
    };
    let decoder = SingleObjectDecoder::<Msg, _>::new(lookup);
    let v0 = single_object::to_vec(&MsgV0 {
        id: -3,
        name: "zero".into(),
        flag: true,
    })
    .unwrap();
    let expected = Msg {
        id: -3,
        name: "zero".into(),
        tags: vec![],
    };
    for _ in 0..3 {
        assert_eq!(
            decoder.decode_traced(&v0).unwrap(),
            (expected.clone(), DecodePath::Resolved)
        );
    }
    assert_eq!(decoder.lookup().calls.load(Ordering::Relaxed), 1);
    // Known writers never reach the lookup.
    let own = single_object::to_vec(&bill()).unwrap();
    assert_eq!(
        decoder.decode_traced(&own).unwrap(),
        (bill(), DecodePath::Own)
    );
    assert_eq!(decoder.prepare(MSG_V1_FP).unwrap(), DecodePath::KnownWriter);
    assert_eq!(decoder.prepare(MSG_V0_FP).unwrap(), DecodePath::Resolved);
    assert_eq!(decoder.lookup().calls.load(Ordering::Relaxed), 1);
    // The one-off function.
    assert_eq!(
        single_object::decode_with::<Msg, _>(&v0, &decoder.lookup().schemas).unwrap(),
        expected
    );

    // Errors in a resolved datum: offsets from the frame start.
    let err = decoder.decode(&v0[..v0.len() - 1]).unwrap_err();
    assert_eq!(err.offset(), Some(v0.len() - 1), "{err}");
}

#[test]
fn single_object_decoder_errors() {
    let registry = InMemoryRegistry::new();
    registry.register("bad", MSG_BAD).unwrap();
    let decoder = SingleObjectDecoder::<Msg, _>::new(&registry);

    // Not in the lookup.
    let v0 = single_object::to_vec(&MsgV0 {
        id: 1,
        name: "n".into(),
        flag: false,
    })
    .unwrap();
    let msg = decoder.decode(&v0).unwrap_err().to_string();
    assert!(
        msg.contains("unknown writer schema fingerprint 0x4c28657327ed79c8"),
        "{msg}"
    );
    assert!(
        msg.contains("the schema lookup does not know it either"),
        "{msg}"
    );

    // Found, but incompatible: every message fails with the resolution's message.
    let mut bad = Vec::new();
    single_object::write_header(MSG_BAD_FP, &mut bad);
    e::string(&mut bad, "x");
    let msg = decoder.decode(&bad).unwrap_err().to_string();
    assert!(
        msg.starts_with("writer schema fingerprint 0xf9ecc0351f2c0cf2: the writer schema cannot be read as `test.Msg`"),
        "{msg}"
    );
    assert_eq!(decoder.decode(&bad).unwrap_err().to_string(), msg);

    // A lookup that answers with the wrong schema.
    let liar: HashMap<u64, &'static str> = [(MSG_V0_FP, MSG_BAD)].into();
    let msg = single_object::decode_with::<Msg, _>(&v0, &liar)
        .unwrap_err()
        .to_string();
    assert!(
        msg.contains("the schema found for it has the fingerprint 0xf9ecc0351f2c0cf2, not 0x4c28657327ed79c8"),
        "{msg}"
    );

    // A failing lookup: its error, and it is asked again next time.
    struct Down;
    impl FingerprintLookup for Down {
        fn schema_by_fingerprint(&self, _: u64) -> Result<Option<Arc<str>>> {
            Err(Error::custom("registry unreachable"))
        }
    }
    let down = SingleObjectDecoder::<Msg, _>::new(Down);
    assert_eq!(
        down.decode(&v0).unwrap_err().to_string(),
        "registry unreachable"
    );
    // Known writers still decode.
    assert_eq!(
        down.decode(&single_object::to_vec(&bill()).unwrap())
            .unwrap(),
        bill()
    );
}

// -------------------------------------------------------------------------------------------------
// Confluent wire format.

/// apache-avro writes the Confluent header through its `HeaderBuilder` extension point.
struct ConfluentHeader(u32);

impl HeaderBuilder for ConfluentHeader {
    fn build_header(&self) -> Vec<u8> {
        let mut h = vec![0];
        h.extend_from_slice(&self.0.to_be_bytes());
        h
    }
}

/// `Msg` as apache-avro's specific writer wants it: a type with a schema that converts to a
/// `Value`.
struct ApacheMsg(AValue);

impl apache_avro::AvroSchema for ApacheMsg {
    fn get_schema() -> ASchema {
        apache_schema(MSG_V2)
    }
}

impl From<ApacheMsg> for AValue {
    fn from(m: ApacheMsg) -> AValue {
        m.0
    }
}

#[test]
fn confluent_frame_is_the_hand_computed_one_and_matches_apache_avro() {
    let frame = confluent::to_vec(0x0102_0304, &bill()).unwrap();
    let mut expected = vec![0x00, 0x01, 0x02, 0x03, 0x04];
    expected.extend_from_slice(&BILL_DATUM);
    assert_eq!(frame, expected);
    assert_eq!(confluent::schema_id_of(&frame).unwrap(), 0x0102_0304);
    assert_eq!(
        confluent::split(&frame).unwrap(),
        (0x0102_0304, &BILL_DATUM[..])
    );
    let encoder = ConfluentEncoder::<Msg>::new(0x0102_0304);
    assert_eq!(encoder.to_vec(&bill()).unwrap(), frame);
    assert_eq!(encoder.schema_id(), 0x0102_0304);

    // apache-avro's generic writer insists on a header of 10 to 20 bytes; its specific writer
    // takes any header.
    for id in [0, 1, 7, 0x0102_0304, u32::MAX] {
        let schema = apache_schema(MSG_V2);
        let writer =
            SpecificSingleObjectWriter::<ApacheMsg>::new_with_header_builder(&ConfluentHeader(id))
                .unwrap();
        let mut apache = Vec::new();
        writer
            .write_value(ApacheMsg(bill_value()), &mut apache)
            .unwrap();
        let mut ours = Vec::new();
        ConfluentEncoder::<Msg>::new(id)
            .encode(&bill(), &mut ours)
            .unwrap();
        assert_eq!(ours, apache, "id {id}");
        let reader = GenericSingleObjectReader::builder()
            .schema(schema)
            .header(ConfluentHeader(id).build_header())
            .build()
            .unwrap();
        assert_eq!(reader.read_value(&mut &ours[..]).unwrap(), bill_value());
    }
}

#[test]
fn confluent_bad_headers_are_clear_errors() {
    let registry = InMemoryRegistry::new();
    let decoder = ConfluentDecoder::<Msg, _>::new(&registry);
    let err = |bytes: &[u8]| decoder.decode(bytes).unwrap_err().to_string();
    assert!(err(&[]).starts_with("empty message: a Confluent-framed message needs a 5-byte header"));
    assert!(err(&[0]).contains("truncated Confluent-framed message: 1 byte,"));
    assert!(err(&[0, 0, 0, 1]).contains("4 bytes, the header alone needs 5"));
    let msg = err(&[0x01, 0, 0, 0, 1, 0x54]);
    assert!(
        msg.contains("not a Confluent-framed message: it starts with 01, not the magic byte 00"),
        "{msg}"
    );
    let so = single_object::to_vec(&bill()).unwrap();
    let msg = err(&so);
    assert!(msg.contains("it starts with c3"), "{msg}");
    assert!(msg.contains("single-object"), "{msg}");
    assert_eq!(
        confluent::schema_id_of(&[0, 0]).unwrap_err().to_string(),
        err(&[0, 0])
    );
}

#[test]
fn confluent_unknown_schema_id_is_a_clear_error_and_asked_again() {
    let registry = InMemoryRegistry::new();
    let decoder = ConfluentDecoder::<Msg, _>::new(&registry);
    let frame = confluent::to_vec(1, &bill()).unwrap();
    let msg = decoder.decode(&frame).unwrap_err().to_string();
    assert_eq!(
        msg,
        "unknown schema id 1: the schema registry has no schema with this id (reading as `test.Msg`)"
    );
    // Registered later: now found.
    assert_eq!(registry.register("msgs-value", MSG_V2).unwrap(), 1);
    assert_eq!(decoder.decode(&frame).unwrap(), bill());
}

/// A schema lookup counting its calls.
struct CountingIds<'r> {
    registry: &'r InMemoryRegistry,
    calls: AtomicUsize,
}

impl SchemaLookup for CountingIds<'_> {
    fn schema_by_id(&self, id: u32) -> Result<Option<Arc<str>>> {
        self.calls.fetch_add(1, Ordering::Relaxed);
        self.registry.schema_by_id(id)
    }
}

#[test]
fn confluent_decoder_picks_generated_or_resolved_decoders_per_id_once() {
    let registry = InMemoryRegistry::new();
    let subject = topic_name_strategy("msgs", false);
    let v0 = registry.register(&subject, MSG_V0).unwrap();
    let v1 = registry.register(&subject, MSG_V1).unwrap();
    let v2 = ConfluentEncoder::<Msg>::register(&registry, &subject).unwrap();
    // The same schema with other whitespace: a different text, so a different id, but the same
    // canonical form (generated decoder).
    let v2_pretty = registry
        .register("other", &MSG_V2.replace(",", ", "))
        .unwrap();
    // The own schema under another subject: same id.
    assert_eq!(registry.register("again", MSG_V2).unwrap(), v2.schema_id());
    assert_eq!((v0, v1, v2.schema_id(), v2_pretty), (1, 2, 3, 4));

    let lookup = CountingIds {
        registry: &registry,
        calls: AtomicUsize::new(0),
    };
    let decoder = ConfluentDecoder::<Msg, _>::new(lookup);
    let mut stream = Vec::new();
    for i in 0..3 {
        stream.push(
            confluent::to_vec(
                v0,
                &MsgV0 {
                    id: i,
                    name: format!("v0-{i}"),
                    flag: i % 2 == 0,
                },
            )
            .unwrap(),
        );
        stream.push(
            confluent::to_vec(
                v1,
                &MsgV1 {
                    id: i.into(),
                    name: format!("v1-{i}"),
                },
            )
            .unwrap(),
        );
        stream.push(v2.to_vec(&bill()).unwrap());
        stream.push(confluent::to_vec(v2_pretty, &bill()).unwrap());
    }
    let mut paths = Vec::new();
    for frame in &stream {
        let (value, path) = decoder.decode_traced(frame).unwrap();
        paths.push(path);
        match confluent::schema_id_of(frame).unwrap() {
            1 => assert!(value.name.starts_with("v0-") && value.tags.is_empty()),
            2 => assert!(value.name.starts_with("v1-") && value.tags.is_empty()),
            _ => assert_eq!(value, bill()),
        }
    }
    use DecodePath::*;
    assert_eq!(paths[..4], [Resolved, KnownWriter, Own, Own]);
    assert_eq!(decoder.lookup().calls.load(Ordering::Relaxed), 4);
    assert_eq!(decoder.schema_ids_seen(), 4);
    assert_eq!(decoder.prepare(v1).unwrap(), KnownWriter);
    assert_eq!(decoder.lookup().calls.load(Ordering::Relaxed), 4);

    // Truncated datums, at every length past the header: errors with frame offsets.
    for frame in &stream[..4] {
        for len in confluent::HEADER_LEN..frame.len() {
            let err = decoder.decode(&frame[..len]).unwrap_err();
            let off = err.offset().unwrap_or_else(|| panic!("{len}: {err}"));
            assert!((confluent::HEADER_LEN..=len).contains(&off), "{len}: {err}");
        }
    }
}

#[test]
fn confluent_incompatible_writer_fails_every_message_fetching_once() {
    let registry = InMemoryRegistry::new();
    let id = registry.register("msgs-value", MSG_BAD).unwrap();
    let lookup = CountingIds {
        registry: &registry,
        calls: AtomicUsize::new(0),
    };
    let decoder = ConfluentDecoder::<Msg, _>::new(lookup);
    let mut frame = Vec::new();
    confluent::write_header(id, &mut frame);
    e::string(&mut frame, "x");
    let first = decoder.decode(&frame).unwrap_err().to_string();
    assert!(
        first.starts_with("schema id 1: the writer schema cannot be read as `test.Msg`"),
        "{first}"
    );
    assert!(first.contains("id"), "{first}");
    assert_eq!(decoder.decode(&frame).unwrap_err().to_string(), first);
    assert!(decoder.prepare(id).is_err());
    assert_eq!(decoder.lookup().calls.load(Ordering::Relaxed), 1);
}

#[test]
fn decoders_are_shared_between_threads() {
    fn is_sync<T: Send + Sync>(_: &T) {}
    let registry = InMemoryRegistry::new();
    let id = registry.register("msgs-value", MSG_V0).unwrap();
    let decoder = ConfluentDecoder::<Msg, _>::new(&registry);
    is_sync(&decoder);
    is_sync(&SingleObjectDecoder::<Msg, _>::new(&registry));
    let frame = confluent::to_vec(
        id,
        &MsgV0 {
            id: 5,
            name: "t".into(),
            flag: true,
        },
    )
    .unwrap();
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| {
                for _ in 0..100 {
                    assert_eq!(decoder.decode(&frame).unwrap().id, 5);
                }
            });
        }
    });
    assert_eq!(decoder.schema_ids_seen(), 1);
}

// -------------------------------------------------------------------------------------------------
// The in-memory registry.

#[test]
fn registry_subjects_versions_and_ids() {
    let r = InMemoryRegistry::new();
    assert!(r.is_empty());
    assert_eq!(r.register("a-value", MSG_V1).unwrap(), 1);
    assert_eq!(r.register("a-value", MSG_V2).unwrap(), 2);
    // Again: same id, no new version (surrounding whitespace ignored).
    assert_eq!(r.register("a-value", &format!("  {MSG_V1}\n")).unwrap(), 1);
    assert_eq!(r.versions("a-value"), [1, 2]);
    // Another subject shares ids.
    assert_eq!(r.register("b-value", MSG_V2).unwrap(), 2);
    assert_eq!(r.versions("b-value"), [1]);
    assert_eq!(r.len(), 2);
    assert_eq!(r.subjects(), ["a-value", "b-value"]);

    let latest = r.latest("a-value").unwrap();
    assert_eq!((latest.id, latest.version, &*latest.schema), (2, 2, MSG_V2));
    assert_eq!(latest.subject, "a-value");
    assert_eq!(r.version("a-value", 1).unwrap().id, 1);
    assert!(r.version("a-value", 3).is_none());
    assert!(r.version("a-value", 0).is_none());
    assert!(r.latest("nope").is_none());
    assert!(r.versions("nope").is_empty());
    assert_eq!(r.lookup("b-value", MSG_V2).unwrap().version, 1);
    assert!(r.lookup("b-value", MSG_V1).is_none());

    assert_eq!(r.schema(1).as_deref(), Some(MSG_V1));
    assert!(r.schema(0).is_none() && r.schema(3).is_none());
    assert_eq!(r.schema_by_id(2).unwrap().as_deref(), Some(MSG_V2));
    assert_eq!(
        r.schema_with_fingerprint(MSG_V1_FP).as_deref(),
        Some(MSG_V1)
    );
    assert_eq!(
        FingerprintLookup::schema_by_fingerprint(&r, MSG_V0_FP).unwrap(),
        None
    );

    // Invalid schemas are refused.
    let msg = r
        .register(
            "a-value",
            r#"{"type":"record","name":"X","fields":[{"name":"a","type":"Nope"}]}"#,
        )
        .unwrap_err()
        .to_string();
    assert!(
        msg.starts_with("subject `a-value`: invalid schema"),
        "{msg}"
    );
    assert!(msg.contains("Nope"), "{msg}");
}

#[test]
fn registry_enforces_compatibility_modes() {
    let r = InMemoryRegistry::new();
    // BACKWARD by default, as in the Confluent registry.
    assert_eq!(r.default_compatibility(), CompatibilityMode::Backward);
    assert_eq!(r.compatibility("s"), CompatibilityMode::Backward);
    assert_eq!(r.subject_compatibility("s"), None);
    r.register("s", MSG_V1).unwrap();
    // Adding a field with a default is backward compatible.
    r.register("s", MSG_V2).unwrap();
    // A required field changing type is not.
    let msg = r.register("s", MSG_BAD).unwrap_err().to_string();
    assert!(
        msg.starts_with("subject `s` (BACKWARD): the new schema is incompatible"),
        "{msg}"
    );
    assert!(
        msg.contains("the new schema cannot read data written with version 2"),
        "{msg}"
    );
    assert_eq!(r.versions("s"), [1, 2]);
    assert!(!r.test_compatibility("s", MSG_BAD).unwrap().is_empty());

    // FORWARD: the old schema must read the new one's data; v1 cannot default `tags`... it
    // ignores it, but a v0 reader cannot read v2 data (`flag` has no default).
    r.set_compatibility("f", CompatibilityMode::Forward);
    r.register("f", MSG_V0).unwrap();
    let msg = r.register("f", MSG_V2).unwrap_err().to_string();
    assert!(
        msg.contains("version 1 cannot read data written with the new schema"),
        "{msg}"
    );
    r.set_compatibility("f", CompatibilityMode::None);
    assert_eq!(r.subject_compatibility("f"), Some(CompatibilityMode::None));
    r.register("f", MSG_V2).unwrap();
    assert_eq!(r.versions("f"), [1, 2]);

    // A default of NONE lets any change through subjects without their own mode.
    r.set_default_compatibility(CompatibilityMode::None);
    assert_eq!(r.compatibility("s"), CompatibilityMode::None);
    r.register("s", MSG_BAD).unwrap();
    assert_eq!(r.versions("s"), [1, 2, 3]);
}

// -------------------------------------------------------------------------------------------------
// Subject names.

#[test]
fn subject_name_strategies() {
    assert_eq!(topic_name_strategy("orders", false), "orders-value");
    assert_eq!(topic_name_strategy("orders", true), "orders-key");
    assert_eq!(full_name::<Msg>(), Some("test.Msg"));
    assert_eq!(record_name_strategy::<Msg>().unwrap(), "test.Msg");
    assert_eq!(
        topic_record_name_strategy::<Msg>("orders").unwrap(),
        "orders-test.Msg"
    );
    assert_eq!(full_name::<Unencodable>(), None);
    let msg = record_name_strategy::<Unencodable>()
        .unwrap_err()
        .to_string();
    assert!(msg.contains("is not a named type (\"long\")"), "{msg}");
    assert!(topic_record_name_strategy::<Unencodable>("t").is_err());
}

#[test]
fn maps_are_lookups() {
    let by_id: HashMap<u32, String> = [(3, MSG_V1.to_string())].into();
    let decoder = ConfluentDecoder::<Msg, _>::new(by_id);
    let frame = confluent::to_vec(
        3,
        &MsgV1 {
            id: 1,
            name: "m".into(),
        },
    )
    .unwrap();
    assert_eq!(
        decoder.decode_traced(&frame).unwrap().1,
        DecodePath::KnownWriter
    );
    let boxed: Box<dyn SchemaLookup> = Box::new(std::collections::BTreeMap::from([(
        3u32,
        Arc::<str>::from(MSG_V1),
    )]));
    let decoder = ConfluentDecoder::<Msg, _>::new(boxed);
    assert_eq!(decoder.decode(&frame).unwrap().name, "m");
}

// -------------------------------------------------------------------------------------------------
// Arbitrary input: an error or a value, never a panic.

mod arbitrary_input {
    use super::*;
    use proptest::prelude::*;

    fn decoders() -> (
        SingleObjectDecoder<Msg, Arc<InMemoryRegistry>>,
        ConfluentDecoder<Msg, Arc<InMemoryRegistry>>,
    ) {
        let registry = Arc::new(InMemoryRegistry::new());
        // Writers no compatibility level allows together, to exercise every decode path.
        registry.set_compatibility("msgs-value", CompatibilityMode::None);
        for json in [MSG_V0, MSG_V1, MSG_V2, MSG_BAD] {
            registry.register("msgs-value", json).unwrap();
        }
        (
            SingleObjectDecoder::new(Arc::clone(&registry)),
            ConfluentDecoder::new(registry),
        )
    }

    /// Valid frames of every writer, to mutate.
    fn frames() -> Vec<Vec<u8>> {
        let v0 = MsgV0 {
            id: -9,
            name: "zero".into(),
            flag: true,
        };
        let v1 = MsgV1 {
            id: 1 << 40,
            name: "one".into(),
        };
        let mut out = vec![
            single_object::to_vec(&v0).unwrap(),
            single_object::to_vec(&v1).unwrap(),
            single_object::to_vec(&bill()).unwrap(),
        ];
        for (id, datum) in [
            (1, v0.to_avro_vec().unwrap()),
            (2, v1.to_avro_vec().unwrap()),
            (3, bill().to_avro_vec().unwrap()),
        ] {
            let mut f = Vec::new();
            confluent::write_header(id, &mut f);
            f.extend_from_slice(&datum);
            out.push(f);
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn mutated_frames_never_panic(
            which in 0usize..6,
            edits in proptest::collection::vec((any::<usize>(), any::<u8>()), 0..4),
            cut in any::<usize>(),
        ) {
            let (so, cf) = decoders();
            let mut frame = frames()[which].clone();
            for (at, byte) in edits {
                let at = at % frame.len();
                frame[at] = byte;
            }
            frame.truncate(cut % (frame.len() + 1));
            let _ = single_object::decode::<Msg>(&frame);
            let _ = so.decode(&frame);
            let _ = cf.decode(&frame);
            let _ = single_object::fingerprint_of(&frame);
            let _ = confluent::schema_id_of(&frame);
        }

        #[test]
        fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..40)) {
            let (so, cf) = decoders();
            prop_assert!(single_object::decode::<Msg>(&bytes).is_err() || bytes.starts_with(&single_object::MAGIC));
            let _ = so.decode(&bytes);
            let _ = cf.decode(&bytes);
        }
    }
}
