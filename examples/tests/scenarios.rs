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
