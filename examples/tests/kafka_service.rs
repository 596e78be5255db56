//! The Kafka consumer service through the registry client and the test registry: every writer
//! version by the expected decoder, the resolution rules' values, clear errors for bad messages
//! without stopping, and one registry request per schema id.

use avro_registry::test_server::TestRegistry;
use avro_registry::RegistryClient;
use avro_runtime::framing::DecodePath;
use examples::kafka_service::{consume, publish, Outcome, UNKNOWN_ID};
use examples::user_events::com::example::users::EventType;

#[test]
fn the_consumer_service_reads_every_producer_and_skips_bad_messages() {
    let server = TestRegistry::start().unwrap();
    let published = publish(&RegistryClient::new(server.url()).unwrap(), 6).unwrap();
    assert_eq!(published.subject, "user-events-value");
    assert_eq!(published.ids, [1, 2, 3, 4]);
    assert_eq!(
        server.registry().versions("user-events-value"),
        [1, 2, 3, 4]
    );

    let consumer = RegistryClient::new(server.url()).unwrap();
    let outcomes = consume(&consumer, &published.messages);
    assert_eq!(outcomes.len(), 6 * 4 + 3);
    for (offset, outcome) in outcomes.iter().enumerate() {
        let i = (offset / 4) as i64;
        match (offset, outcome) {
            (24, Outcome::Skipped { error }) => assert!(
                error.starts_with("not a Confluent-framed message: it starts with 7b"),
                "{error}"
            ),
            (25, Outcome::Skipped { error }) => assert!(
                error.starts_with(&format!("unknown schema id {UNKNOWN_ID}: the schema registry has no schema with this id")),
                "{error}"
            ),
            // After both, the service goes on.
            (26, Outcome::Consumed { schema_id: 1, event, .. }) => assert_eq!(event.user_id, 7),
            (o, Outcome::Consumed { schema_id, path, event }) if o < 24 => {
                assert_eq!(event.occurred_at.0, 1_700_000_000_000 + 60_000 * i, "timestamp-millis");
                match schema_id {
                    1 => {
                        assert_eq!(*path, DecodePath::KnownWriter);
                        assert_eq!(event.user_id, 1000 + i, "int widened to long");
                        assert!(event.properties.is_empty(), "map default {{}}");
                        assert_eq!(event.event_type, EventType::LoggedIn);
                    }
                    2 => {
                        assert_eq!(*path, DecodePath::KnownWriter);
                        assert_eq!(event.properties["method"], "email-link");
                        assert_eq!(event.session_id, None);
                    }
                    3 => {
                        assert_eq!(*path, DecodePath::Own);
                        assert_eq!(event.user_id, (1 << 33) + i);
                    }
                    4 => {
                        // A writer the consumer was not built with, resolved at run time.
                        assert_eq!(*path, DecodePath::Resolved);
                        assert_eq!(event.user_id, (1 << 34) + i);
                        let expected = if i % 2 == 0 {
                            EventType::Unknown // ACCOUNT_DELETED: the reader enum's default
                        } else {
                            EventType::LoggedOut
                        };
                        assert_eq!(event.event_type, expected);
                        assert_eq!(event.properties["reason"], "user request");
                    }
                    id => panic!("schema id {id}"),
                }
            }
            (o, other) => panic!("offset {o}: {other:?}"),
        }
    }
    // One fetch per schema id (the unknown one included); 27 messages.
    let fetches: Vec<String> = server
        .requests()
        .into_iter()
        .filter(|r| r.starts_with("GET /schemas/ids/"))
        .collect();
    assert_eq!(
        fetches,
        ["1", "2", "3", "4", "4242"].map(|id| format!("GET /schemas/ids/{id}"))
    );
    assert_eq!(consumer.requests_sent(), 5);
}
