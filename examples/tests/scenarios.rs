//! The seed scenarios: every reader version reads the whole stream by the expected path, with
//! the values the schema rules give, and the generated and run-time paths agree.

use std::collections::BTreeMap;

use avro_runtime::framing::single_object::{self, SingleObjectDecoder};
use avro_runtime::framing::DecodePath;
use avro_runtime::resolve::ResolvedReader;
use avro_runtime::{AvroSchema, KnownWriters};
use examples::log_v1::com::example::logs::LogEvent as LogV1;
use examples::log_v2::com::example::logs::LogEvent as LogV2;
use examples::log_v3::com::example::logs::{Environment, LogEvent as LogV3};
use examples::user_events::com::example::users::{EventType, UserEvent};
use examples::user_events_v1::com::example::users::UserEvent as UserV1;
use examples::user_events_v2::com::example::users::UserEvent as UserV2;
use examples::Registry;
use examples::{log_scenario, user_scenario};

fn paths<T: KnownWriters>(
    messages: &[Vec<u8>],
    registry: &Registry,
) -> BTreeMap<(u64, DecodePath), usize> {
    let reader = SingleObjectDecoder::<T, _>::new(registry);
    let mut counts = BTreeMap::new();
    for m in messages {
        let (_, path) = reader.decode_traced(m).unwrap();
        *counts.entry((writer(m), path)).or_default() += 1;
    }
    counts
}

fn writer(message: &[u8]) -> u64 {
    single_object::fingerprint_of(message).unwrap()
}

/// The datum inside a single-object frame.
fn datum(message: &[u8]) -> &[u8] {
    single_object::split(message).unwrap().1
}

#[test]
fn every_log_event_version_reads_every_writer_by_the_expected_path() {
    let (messages, registry) = log_scenario::produce(50).unwrap();
    let (w1, w2, w3) = (
        LogV1::RABIN_FINGERPRINT,
        LogV2::RABIN_FINGERPRINT,
        LogV3::RABIN_FINGERPRINT,
    );
    use DecodePath::*;
    let expect =
        |v: [(u64, DecodePath); 3]| v.into_iter().map(|k| (k, 50)).collect::<BTreeMap<_, _>>();
    assert_eq!(
        paths::<LogV1>(&messages, &registry),
        expect([(w1, Own), (w2, Resolved), (w3, Resolved)])
    );
    assert_eq!(
        paths::<LogV2>(&messages, &registry),
        expect([(w1, KnownWriter), (w2, Own), (w3, Resolved)])
    );
    assert_eq!(
        paths::<LogV3>(&messages, &registry),
        expect([(w1, KnownWriter), (w2, KnownWriter), (w3, Own)])
    );
}

#[test]
fn log_event_values_follow_the_resolution_rules() {
    let (messages, registry) = log_scenario::produce(4).unwrap();
    let v3 = SingleObjectDecoder::<LogV3, _>::new(&registry);
    let v1 = SingleObjectDecoder::<LogV1, _>::new(&registry);
    for m in &messages {
        let new = v3.decode(m).unwrap();
        let old = v1.decode(m).unwrap();
        // The fields every version has are the same whichever reader reads them.
        assert_eq!(
            (new.timestamp, &new.message, &new.service),
            (old.timestamp, &old.message, &old.service)
        );
        assert_eq!(new.level.as_str(), old.level.as_str());
        if writer(m) == LogV1::RABIN_FINGERPRINT {
            // Fields added later take the reader's defaults: the field default (PROD), not
            // the enum's default symbol (UNKNOWN).
            assert_eq!(new.trace_id, None);
            assert_eq!(new.error, None);
            assert_eq!(new.environment, Environment::Prod);
            assert!(new.tags.is_empty());
        }
        if writer(m) == LogV3::RABIN_FINGERPRINT {
            assert_eq!(new.environment, Environment::Staging);
            assert_eq!(new.error.as_ref().unwrap().stack_trace.len(), 2);
        }
    }
}

/// The decoder generated for a known writer and the run-time plan for the same writer are two
/// implementations of one plan; they must agree on every datum.
#[test]
fn generated_and_runtime_paths_agree() {
    let (messages, _) = log_scenario::produce(30).unwrap();
    for (fingerprint, json) in LogV3::WRITERS {
        let runtime = ResolvedReader::<LogV3>::new(json).unwrap();
        for m in messages.iter().filter(|m| writer(m) == *fingerprint) {
            let mut reader = avro_runtime::Reader::new(datum(m));
            let generated = LogV3::decode_written_with(*fingerprint, &mut reader)
                .unwrap()
                .unwrap();
            assert_eq!(generated, runtime.decode(datum(m)).unwrap());
        }
    }
    let (messages, _) = user_scenario::produce(30).unwrap();
    for (fingerprint, json) in UserEvent::WRITERS {
        let runtime = ResolvedReader::<UserEvent>::new(json).unwrap();
        for m in messages.iter().filter(|m| writer(m) == *fingerprint) {
            let mut reader = avro_runtime::Reader::new(datum(m));
            let generated = UserEvent::decode_written_with(*fingerprint, &mut reader)
                .unwrap()
                .unwrap();
            assert_eq!(generated, runtime.decode(datum(m)).unwrap());
        }
    }
}

#[test]
fn the_user_event_consumer_reads_all_three_producers() {
    let (messages, registry) = user_scenario::produce(5).unwrap();
    let consumer = SingleObjectDecoder::<UserEvent, _>::new(&registry);
    for (i, m) in messages.iter().enumerate() {
        let (event, path) = consumer.decode_traced(m).unwrap();
        let n = (i / 3) as i64;
        match writer(m) {
            w if w == UserV1::RABIN_FINGERPRINT => {
                assert_eq!(path, DecodePath::KnownWriter);
                assert_eq!(event.user_id, n, "int widened to long");
                assert_eq!(
                    event.occurred_at.0,
                    1_700_000_000_000 + 1000 * n,
                    "ts read through the alias"
                );
                assert!(event.properties.is_empty(), "map default {{}}");
                assert_eq!(event.event_type, EventType::LoggedIn);
                assert_eq!(event.event_id, user_scenario::event_id(1, n as usize));
            }
            w if w == UserV2::RABIN_FINGERPRINT => {
                assert_eq!(path, DecodePath::KnownWriter);
                assert_eq!(event.properties["method"], "email-link");
                assert_eq!(event.event_type, EventType::PasswordChanged);
                assert_eq!(event.session_id, None);
            }
            _ => {
                assert_eq!(path, DecodePath::Own);
                assert_eq!(event.user_id, (1 << 33) + n);
            }
        }
    }
}

/// The log files of a rolling deploy: every version's type reads every file by the expected
/// path, and the reader generated from v3 alone resolves v1 and v2 at run time to the values v3's
/// generated decoders give.
#[test]
fn every_log_event_version_reads_every_container_file() {
    use avro_runtime::container::DecodePath as FilePath;
    use avro_runtime::Encode;
    use examples::log_scenario::{read_files, write_files, FILES};
    use examples::log_v3_alone::com::example::logs::LogEvent as LogV3Alone;

    let dir = std::env::temp_dir().join(format!("log-files-test-{}", std::process::id()));
    write_files(&dir, 25).unwrap();
    fn summary<T>(read: &[examples::log_scenario::FileRead<T>]) -> Vec<(&str, FilePath, usize)> {
        read.iter()
            .map(|f| (f.file, f.path, f.events.len()))
            .collect()
    }
    use FilePath::*;
    let v1 = read_files::<LogV1>(&dir).unwrap();
    assert_eq!(
        summary(&v1),
        vec![
            (FILES[0], Own, 25),
            (FILES[1], Resolved, 25),
            (FILES[2], Resolved, 25)
        ]
    );
    let v2 = read_files::<LogV2>(&dir).unwrap();
    assert_eq!(
        summary(&v2),
        vec![
            (FILES[0], KnownWriter, 25),
            (FILES[1], Own, 25),
            (FILES[2], Resolved, 25)
        ]
    );
    let v3 = read_files::<LogV3>(&dir).unwrap();
    assert_eq!(
        summary(&v3),
        vec![
            (FILES[0], KnownWriter, 25),
            (FILES[1], KnownWriter, 25),
            (FILES[2], Own, 25)
        ]
    );
    let alone = read_files::<LogV3Alone>(&dir).unwrap();
    assert_eq!(
        summary(&alone),
        vec![
            (FILES[0], Resolved, 25),
            (FILES[1], Resolved, 25),
            (FILES[2], Own, 25)
        ]
    );
    // The same values either way (the two types are one schema: compare through the encoding).
    for (generated, resolved) in v3.iter().zip(&alone) {
        for (a, b) in generated.events.iter().zip(&resolved.events) {
            assert_eq!(
                a.to_avro_vec().unwrap(),
                b.to_avro_vec().unwrap(),
                "{}",
                generated.file
            );
        }
    }
    // v1 events read by v3: fields added later take the reader's defaults.
    let first = &v3[0].events[0];
    assert_eq!(
        (first.environment, first.tags.len()),
        (Environment::Prod, 0)
    );
    assert_eq!(first.message, "v1 request 0 served");
    std::fs::remove_dir_all(&dir).unwrap();
}
