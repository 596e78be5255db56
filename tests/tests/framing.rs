//! Framing with generated types (runtime features `framing` and `resolve`):
//!
//! * Apache's vendored single-object message (`data/messageV1`) decodes with our decoder.
//! * Random values (proptest) framed by us are byte-for-byte the frames apache-avro's
//!   single-object writers produce (single-object, and Confluent through a custom
//!   `HeaderBuilder`), apache-avro's single-object reader reads ours, and we read apache-avro's.
//! * A Kafka-style stream of three schema versions through the in-memory registry: each consumer
//!   takes the expected decoder per writer, and the values equal apache-avro's resolution of the
//!   same bytes.

use std::marker::PhantomData;

use apache_avro::headers::{HeaderBuilder, RabinFingerprintHeader};
use apache_avro::rabin::Rabin;
use apache_avro::types::Value;
use apache_avro::{
    GenericSingleObjectReader, GenericSingleObjectWriter, Schema, SpecificSingleObjectWriter,
};
use avro_runtime::apache::ToApacheValue;
use avro_runtime::framing::{
    confluent, single_object, topic_name_strategy, ConfluentDecoder, ConfluentEncoder, DecodePath,
    InMemoryRegistry, SingleObjectDecoder,
};
use avro_runtime::{AvroSchema, Encode, KnownWriters, TimestampMillis};
use avro_tests::generated as g;
use avro_tests::{
    apache_decode, apache_encode, arb_value, has_unordered_map, load_schema, repo_path,
};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

/// `org.apache.avro.TestMessage` from Apache's `share/test/data/messageV1`.
mod message_v1 {
    avro_derive::include_schema!("data/apache/data/messageV1/test_schema.avsc");
}

use message_v1::org::apache::avro::TestMessage;

#[test]
fn apache_message_v1_decodes_with_the_single_object_decoder() {
    let path = repo_path("tests/data/apache/data/messageV1/test_message.bin");
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(TestMessage::RABIN_FINGERPRINT, 0x3df5_42a2_f8e1_2da9);
    assert_eq!(
        single_object::fingerprint_of(&bytes).unwrap(),
        TestMessage::RABIN_FINGERPRINT
    );
    let (message, path) = single_object::decode_traced::<TestMessage>(&bytes).unwrap();
    assert_eq!(path, DecodePath::Own);
    assert_eq!(
        message,
        TestMessage {
            id: 42,
            name: "Bill".into(),
            tags: vec!["dog_lover".into(), "cat_hater".into()],
        }
    );
    // And back to the same bytes.
    assert_eq!(single_object::to_vec(&message).unwrap(), bytes);

    // Every truncation is an error, never a panic.
    for len in 0..bytes.len() {
        assert!(single_object::decode::<TestMessage>(&bytes[..len]).is_err());
    }
    // Another type does not know this writer.
    let err = single_object::decode::<g::bench_event_a::bench::Event>(&bytes).unwrap_err();
    assert!(
        err.to_string()
            .contains("unknown writer schema fingerprint 0x3df542a2f8e12da9"),
        "{err}"
    );
}

#[test]
fn apache_message_v1_matches_apache_avro_single_object_writer_and_reader() {
    let (schema, _) =
        load_schema("tests/data/apache/data/messageV1/test_schema.avsc", &[]).unwrap();
    let bytes = std::fs::read(repo_path(
        "tests/data/apache/data/messageV1/test_message.bin",
    ))
    .unwrap();
    let reader = GenericSingleObjectReader::builder()
        .schema(schema.clone())
        .build()
        .unwrap();
    let value = reader.read_value(&mut &bytes[..]).unwrap();
    let mut writer = GenericSingleObjectWriter::new_with_capacity(&schema, 64).unwrap();
    let mut apache = Vec::new();
    writer.write_value(value, &mut apache).unwrap();
    assert_eq!(apache, bytes);
}

// -------------------------------------------------------------------------------------------------
// Random values, byte for byte against apache-avro's single-object writers.

/// A schema file for apache-avro's `AvroSchema` (its writer takes the schema from the type).
trait SchemaFile {
    const PATH: &'static str;
}

/// A value of the schema `F`, as apache-avro's `SpecificSingleObjectWriter` wants it.
struct Apache<F>(Value, PhantomData<F>);

impl<F: SchemaFile> apache_avro::AvroSchema for Apache<F> {
    fn get_schema() -> Schema {
        load_schema(F::PATH, &[]).unwrap().0
    }
}

impl<F> From<Apache<F>> for Value {
    fn from(a: Apache<F>) -> Value {
        a.0
    }
}

/// The Confluent header, written by apache-avro's writer through its extension point.
struct ConfluentHeader(u32);

impl HeaderBuilder for ConfluentHeader {
    fn build_header(&self) -> Vec<u8> {
        let mut h = vec![0];
        h.extend_from_slice(&self.0.to_be_bytes());
        h
    }
}

/// A header given as bytes.
struct FixedHeader(Vec<u8>);

impl HeaderBuilder for FixedHeader {
    fn build_header(&self) -> Vec<u8> {
        self.0.clone()
    }
}

/// apache-avro 0.22's canonical form made to follow the specification: decimal `precision` and
/// `scale` removed, then `{"type":"long"}` reduced to `"long"` for every primitive type.
fn primitive_type_objects_reduced(canonical: &str) -> String {
    let mut s = canonical.to_string();
    for key in [r#","precision":"#, r#","scale":"#] {
        while let Some(start) = s.find(key) {
            let digits = s[start + key.len()..]
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(0);
            s.replace_range(start..start + key.len() + digits, "");
        }
    }
    for p in [
        "null", "boolean", "int", "long", "float", "double", "bytes", "string",
    ] {
        s = s.replace(&format!(r#"{{"type":"{p}"}}"#), &format!(r#""{p}""#));
    }
    s
}

#[test]
fn apache_avro_canonical_form_keeps_logical_type_attributes() {
    // Pinned so that the workaround above is revisited when apache-avro changes.
    let schema = Schema::parse_str(
        r#"{"type":"record","name":"E","fields":[{"name":"ts","type":{"type":"long","logicalType":"timestamp-millis"}}]}"#,
    )
    .unwrap();
    assert_eq!(
        schema.canonical_form(),
        r#"{"name":"E","type":"record","fields":[{"name":"ts","type":{"type":"long"}}]}"#
    );
    let schema =
        Schema::parse_str(r#"{"type":"bytes","logicalType":"decimal","precision":10,"scale":2}"#)
            .unwrap();
    assert_eq!(
        schema.canonical_form(),
        r#"{"type":"bytes","precision":10,"scale":2}"#
    );
    assert_eq!(
        primitive_type_objects_reduced(&schema.canonical_form()),
        r#""bytes""#
    );
    assert_eq!(
        g::bench_event_a::bench::Event::CANONICAL_FORM,
        primitive_type_objects_reduced(
            &load_schema("schemas/bench/event_a.avsc", &[])
                .unwrap()
                .0
                .canonical_form()
        )
    );
}

fn fail(e: impl std::fmt::Display) -> TestCaseError {
    TestCaseError::fail(e.to_string())
}

/// Frames `datum` (a random value of `F`'s schema) with apache-avro and with the generated `T`,
/// both ways, and compares.
fn check_frames<T, F>(datum: Value, schema_id: u32) -> Result<(), TestCaseError>
where
    T: KnownWriters + Encode + ToApacheValue + std::fmt::Debug,
    F: SchemaFile,
{
    let schema = load_schema(F::PATH, &[]).map_err(fail)?.0;
    let datum_bytes = apache_encode(&schema, &[], &datum).map_err(fail)?;
    let view = apache_decode(&schema, &[], &datum_bytes).map_err(fail)?;
    let ours = T::from_avro_slice(&datum_bytes).map_err(fail)?;

    // apache-avro 0.22's canonical form keeps `{"type":"long"}` for a primitive that had a
    // logicalType, and a decimal's precision and scale (the specification strips both and reduces
    // `{"type":"long"}` to `"long"`, as Java, fastavro and we do), so its fingerprint differs for
    // schemas with logical types. Where it does, that must be the only
    // difference, and apache-avro's writers get the specification's fingerprint as their header.
    let apache_fp = schema.fingerprint::<Rabin>();
    let header = if apache_fp.bytes == T::RABIN_FINGERPRINT.to_le_bytes() {
        RabinFingerprintHeader::from_schema(&schema).build_header()
    } else {
        prop_assert_eq!(
            primitive_type_objects_reduced(&schema.canonical_form()),
            T::CANONICAL_FORM
        );
        let mut h = vec![0xC3, 0x01];
        h.extend_from_slice(&T::RABIN_FINGERPRINT.to_le_bytes());
        h
    };

    // apache-avro's single-object frames, generic and specific writer, and Confluent.
    let mut generic = Vec::new();
    GenericSingleObjectWriter::new_with_capacity_and_header_builder(
        &schema,
        256,
        &FixedHeader(header.clone()),
    )
    .map_err(fail)?
    .write_value(view.clone(), &mut generic)
    .map_err(fail)?;
    let mut specific = Vec::new();
    SpecificSingleObjectWriter::<Apache<F>>::new_with_header_builder(&FixedHeader(header.clone()))
        .map_err(fail)?
        .write_value(Apache(view.clone(), PhantomData), &mut specific)
        .map_err(fail)?;
    prop_assert_eq!(&generic, &specific);
    let mut apache_confluent = Vec::new();
    SpecificSingleObjectWriter::<Apache<F>>::new_with_header_builder(&ConfluentHeader(schema_id))
        .map_err(fail)?
        .write_value(Apache(view.clone(), PhantomData), &mut apache_confluent)
        .map_err(fail)?;

    let our_single = single_object::to_vec(&ours).map_err(fail)?;
    let our_confluent = ConfluentEncoder::<T>::new(schema_id)
        .to_vec(&ours)
        .map_err(fail)?;
    if has_unordered_map(&view) {
        // Map entries may come in another order: same header, same length.
        prop_assert_eq!(&our_single[..10], &generic[..10]);
        prop_assert_eq!(our_single.len(), generic.len());
        prop_assert_eq!(&our_confluent[..5], &apache_confluent[..5]);
        prop_assert_eq!(our_confluent.len(), apache_confluent.len());
    } else {
        prop_assert_eq!(&our_single, &generic);
        prop_assert_eq!(&our_confluent, &apache_confluent);
    }

    // apache-avro reads our frames; we read apache-avro's.
    let reader = GenericSingleObjectReader::builder()
        .schema(schema.clone())
        .header(header)
        .build()
        .map_err(fail)?;
    prop_assert_eq!(
        reader.read_value(&mut &our_single[..]).map_err(fail)?,
        view.clone()
    );
    let reader = GenericSingleObjectReader::builder()
        .schema(schema)
        .header(ConfluentHeader(schema_id).build_header())
        .build()
        .map_err(fail)?;
    prop_assert_eq!(
        reader.read_value(&mut &our_confluent[..]).map_err(fail)?,
        view.clone()
    );
    let back = single_object::decode::<T>(&generic).map_err(fail)?;
    prop_assert_eq!(back.to_apache_value().map_err(fail)?, view.clone());
    let (id, datum) = confluent::split(&apache_confluent).map_err(fail)?;
    prop_assert_eq!(id, schema_id);
    prop_assert_eq!(datum.len(), datum_bytes.len());
    Ok(())
}

struct AllTypes;
impl SchemaFile for AllTypes {
    const PATH: &'static str = "tests/data/project/all-types.avsc";
}
struct Interop;
impl SchemaFile for Interop {
    const PATH: &'static str = "tests/data/apache/schemas/interop.avsc";
}
struct EventA;
impl SchemaFile for EventA {
    const PATH: &'static str = "schemas/bench/event_a.avsc";
}
struct WideC;
impl SchemaFile for WideC {
    const PATH: &'static str = "schemas/bench/wide_c.avsc";
}

fn schema_of<F: SchemaFile>() -> Schema {
    load_schema(F::PATH, &[]).unwrap().0
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn all_types_frames_match_apache_avro(datum in arb_value(&schema_of::<AllTypes>()), id in any::<u32>()) {
        check_frames::<g::all_types::org::example::oracle::AllTypes, AllTypes>(datum, id)?;
    }

    #[test]
    fn interop_frames_match_apache_avro(datum in arb_value(&schema_of::<Interop>()), id in any::<u32>()) {
        check_frames::<g::apache_schemas_interop::org::apache::avro::Interop, Interop>(datum, id)?;
    }

    #[test]
    fn bench_event_frames_match_apache_avro(datum in arb_value(&schema_of::<EventA>()), id in any::<u32>()) {
        check_frames::<g::bench_event_a::bench::Event, EventA>(datum, id)?;
    }

    #[test]
    fn bench_wide_frames_match_apache_avro(datum in arb_value(&schema_of::<WideC>()), id in any::<u32>()) {
        check_frames::<g::bench_wide_c::bench::Wide, WideC>(datum, id)?;
    }
}

// -------------------------------------------------------------------------------------------------
// Three schema versions through a registry.

mod user_v1 {
    avro_derive::include_schema!("../schemas/user_event/v1.avsc");
}
mod user_v2 {
    avro_derive::include_schema!("../schemas/user_event/v2.avsc");
}
/// v3, generated knowing v1 and v2.
mod user_v3 {
    avro_derive::include_schema!(
        versions = [
            "../schemas/user_event/v1.avsc",
            "../schemas/user_event/v2.avsc",
            "../schemas/user_event/v3.avsc"
        ]
    );
}
/// v3 alone: reads v1 and v2 only by run-time resolution.
mod user_v3_alone {
    avro_derive::include_schema!("../schemas/user_event/v3.avsc");
}

use user_v1::com::example::users as v1;
use user_v2::com::example::users as v2;
use user_v3::com::example::users as v3;
use user_v3_alone::com::example::users as v3_alone;

/// `(version, Avro datum written with that version, the v3 value the datum reads as)`.
fn user_events() -> Vec<(u32, Vec<u8>, v3::UserEvent)> {
    let mut out = Vec::new();
    for i in 0..5i64 {
        let at = TimestampMillis(1_700_000_000_000 + i);
        let v1 = v1::UserEvent {
            event_id: format!("00000001-0000-4000-8000-{i:012x}"),
            user_id: i as i32,
            event_type: v1::EventType::LoggedIn,
            ts: at,
        };
        // ts read through the alias of occurred_at, user_id promoted, properties defaulted.
        let as_v3 = v3::UserEvent {
            event_id: v1.event_id.clone(),
            user_id: i,
            event_type: v3::EventType::LoggedIn,
            occurred_at: at,
            properties: Default::default(),
            session_id: None,
        };
        out.push((1, v1.to_avro_vec().unwrap(), as_v3));
        let v2 = v2::UserEvent {
            event_id: format!("00000002-0000-4000-8000-{i:012x}"),
            user_id: -(i as i32),
            event_type: v2::EventType::PasswordChanged,
            occurred_at: at,
            properties: [("method".to_string(), format!("link-{i}"))].into(),
        };
        let as_v3 = v3::UserEvent {
            event_id: v2.event_id.clone(),
            user_id: -i,
            event_type: v3::EventType::PasswordChanged,
            occurred_at: at,
            properties: v2.properties.clone(),
            session_id: None,
        };
        out.push((2, v2.to_avro_vec().unwrap(), as_v3));
        let v3 = v3::UserEvent {
            event_id: format!("00000003-0000-4000-8000-{i:012x}"),
            user_id: (1 << 40) + i,
            event_type: v3::EventType::SignedUp,
            occurred_at: at,
            properties: Default::default(),
            session_id: (i % 2 == 0).then(|| format!("s{i}")),
        };
        out.push((3, v3.to_avro_vec().unwrap(), v3));
    }
    out
}

fn user_schema(version: u32) -> Schema {
    load_schema(&format!("schemas/user_event/v{version}.avsc"), &[])
        .unwrap()
        .0
}

/// apache-avro's reading of `datum` (written with `version`) as v3, encoded with v3. (apache-avro
/// 0.22 does not match fields by alias, so it cannot read v1 data as v3.)
fn apache_as_v3(version: u32, datum: &[u8]) -> Vec<u8> {
    let writer = user_schema(version);
    let reader = user_schema(3);
    #[allow(deprecated)]
    let value = apache_avro::from_avro_datum(&writer, &mut &datum[..], Some(&reader)).unwrap();
    apache_encode(&reader, &[], &value).unwrap()
}

/// Checks a v3 value read from a datum of `version`.
fn check_v3(version: u32, datum: &[u8], expected: &v3::UserEvent, got: &v3::UserEvent) {
    assert_eq!(got, expected, "v{version}");
    if version > 1 {
        assert_eq!(
            got.to_avro_vec().unwrap(),
            apache_as_v3(version, datum),
            "v{version}"
        );
    }
}

fn v3_alone(v: v3_alone::UserEvent) -> v3::UserEvent {
    // The same schema, generated twice: convert through the encoding.
    avro_runtime::from_avro_slice(&v.to_avro_vec().unwrap()).unwrap()
}

#[test]
fn confluent_stream_of_three_versions_through_the_registry() {
    let registry = InMemoryRegistry::new();
    let subject = topic_name_strategy("user-events", false);
    let ids = [
        ConfluentEncoder::<v1::UserEvent>::register(&registry, &subject)
            .unwrap()
            .schema_id(),
        ConfluentEncoder::<v2::UserEvent>::register(&registry, &subject)
            .unwrap()
            .schema_id(),
        ConfluentEncoder::<v3::UserEvent>::register(&registry, &subject)
            .unwrap()
            .schema_id(),
    ];
    assert_eq!(ids, [1, 2, 3]);
    assert_eq!(registry.versions(&subject), [1, 2, 3]);

    let frames: Vec<(u32, Vec<u8>, Vec<u8>, v3::UserEvent)> = user_events()
        .into_iter()
        .map(|(version, datum, expected)| {
            let mut frame = Vec::new();
            confluent::write_header(ids[version as usize - 1], &mut frame);
            frame.extend_from_slice(&datum);
            (version, datum, frame, expected)
        })
        .collect();

    let knowing = ConfluentDecoder::<v3::UserEvent, _>::new(&registry);
    let alone = ConfluentDecoder::<v3_alone::UserEvent, _>::new(&registry);
    for (version, datum, frame, expected) in &frames {
        let (a, path_a) = knowing.decode_traced(frame).unwrap();
        let (b, path_b) = alone.decode_traced(frame).unwrap();
        check_v3(*version, datum, expected, &a);
        check_v3(*version, datum, expected, &v3_alone(b));
        let (want_a, want_b) = match version {
            3 => (DecodePath::Own, DecodePath::Own),
            _ => (DecodePath::KnownWriter, DecodePath::Resolved),
        };
        assert_eq!((path_a, path_b), (want_a, want_b), "v{version}");
    }
    assert_eq!(knowing.schema_ids_seen(), 3);

    // A v1 consumer cannot read v3 data (long → int): the resolution's message, every time.
    let old = ConfluentDecoder::<v1::UserEvent, _>::new(&registry);
    let v3_frame = &frames.iter().find(|f| f.0 == 3).unwrap().2;
    assert_eq!(v3_frame[..5], [0, 0, 0, 0, 3]);
    let err = old.decode(v3_frame).unwrap_err().to_string();
    assert!(
        err.starts_with(
            "schema id 3: the writer schema cannot be read as `com.example.users.UserEvent`"
        ),
        "{err}"
    );
}

#[test]
fn single_object_stream_of_three_versions_with_fingerprint_lookup() {
    let registry = InMemoryRegistry::new();
    for json in [
        v1::UserEvent::SCHEMA_JSON,
        v2::UserEvent::SCHEMA_JSON,
        v3::UserEvent::SCHEMA_JSON,
    ] {
        registry.register("user-events-value", json).unwrap();
    }
    let knowing = SingleObjectDecoder::<v3::UserEvent, _>::new(&registry);
    let alone = SingleObjectDecoder::<v3_alone::UserEvent, _>::new(&registry);
    let fingerprints = [
        v1::UserEvent::RABIN_FINGERPRINT,
        v2::UserEvent::RABIN_FINGERPRINT,
        v3::UserEvent::RABIN_FINGERPRINT,
    ];
    assert_eq!(v3::UserEvent::WRITERS.len(), 3);
    for (version, datum, expected) in user_events() {
        let mut frame = Vec::new();
        single_object::write_header(fingerprints[version as usize - 1], &mut frame);
        frame.extend_from_slice(&datum);
        let (a, path_a) = knowing.decode_traced(&frame).unwrap();
        let (b, path_b) = alone.decode_traced(&frame).unwrap();
        check_v3(version, &datum, &expected, &a);
        check_v3(version, &datum, &expected, &v3_alone(b));
        if version == 3 {
            assert_eq!((path_a, path_b), (DecodePath::Own, DecodePath::Own));
        } else {
            assert_eq!(
                (path_a, path_b),
                (DecodePath::KnownWriter, DecodePath::Resolved)
            );
            // Without a lookup, only the generated decoders.
            assert!(single_object::decode::<v3::UserEvent>(&frame).is_ok());
            assert!(single_object::decode::<v3_alone::UserEvent>(&frame).is_err());
        }
    }
}
