//! The client against the test registry: every endpoint, the registry's errors with their codes,
//! credentials, retries, timeouts, the id cache (one request per id, also for concurrent misses),
//! and producers and consumers framing through it.

use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use avro_registry::test_server::TestRegistry;
use avro_registry::{codes, CompatibilityMode, RegistryClient, RegistryError};
use avro_runtime::framing::{confluent, topic_name_strategy, DecodePath};
use avro_runtime::TimestampMillis;

mod v1 {
    avro_derive::include_schema!("tests/schemas/payment.avsc");
}
mod v2 {
    avro_derive::include_schema!("tests/schemas/payment_v2.avsc");
}
use v1::com::example::payments::{Card, Currency, Payment};
use v2::com::example::payments::Payment as PaymentV2;

const V1: &str = include_str!("schemas/payment.avsc");
const V2: &str = include_str!("schemas/payment_v2.avsc");
/// Version 1 with `amount_cents` changed to a string: incompatible both ways.
const BAD: &str = r#"{"type":"record","name":"Payment","namespace":"com.example.payments","fields":[
    {"name":"id","type":"string"},{"name":"amount_cents","type":"string"}]}"#;

fn payment(i: i64) -> Payment {
    Payment {
        id: format!("pay-{i}"),
        amount_cents: 1999 + i,
        currency: if i % 2 == 0 {
            Currency::Eur
        } else {
            Currency::Gbp
        },
        created_at: TimestampMillis(1_700_000_000_000 + i),
        method: (i % 3 != 0).then(|| Card {
            last4: format!("{:04}", 4242 + i),
            network: "visa".into(),
        }),
        tags: vec!["web".into(); (i % 3) as usize],
        metadata: [("shop".to_string(), format!("s{i}"))].into(),
        refunded: i % 5 == 0,
        rate: 1.0 + i as f64 / 8.0,
        checksum: vec![i as u8, 0xff, 0],
    }
}

/// A client with quick retries, for tests that provoke them.
fn client(server: &TestRegistry) -> RegistryClient {
    RegistryClient::builder(server.url())
        .backoff(Duration::from_millis(5), Duration::from_millis(20))
        .build()
        .unwrap()
}

fn api_error(e: &RegistryError) -> (u16, i64) {
    (e.status().unwrap(), e.error_code().unwrap())
}

#[test]
fn subjects_versions_and_schemas() {
    let server = TestRegistry::start().unwrap();
    let client = client(&server);
    assert_eq!(client.subjects().unwrap(), Vec::<String>::new());
    assert_eq!(client.register("payments-value", V1).unwrap(), 1);
    assert_eq!(client.register("payments-value", V2).unwrap(), 2);
    // The same schema under another subject keeps its id; layout does not make a new schema.
    let relaid = serde_json::from_str::<serde_json::Value>(V1)
        .unwrap()
        .to_string();
    assert_eq!(client.register("audit-value", &relaid).unwrap(), 1);
    assert_eq!(
        client.subjects().unwrap(),
        ["audit-value", "payments-value"]
    );
    assert_eq!(client.versions("payments-value").unwrap(), [1, 2]);
    assert_eq!(client.versions("nope").unwrap(), Vec::<u32>::new());

    let latest = client.latest("payments-value").unwrap().unwrap();
    assert_eq!(
        (latest.subject.as_str(), latest.id, latest.version),
        ("payments-value", 2, 2)
    );
    assert!(latest.schema.contains("\"channel\""));
    let first = client.version("payments-value", 1).unwrap().unwrap();
    assert_eq!((first.id, first.version), (1, 1));
    assert_eq!(client.version("payments-value", 3).unwrap(), None);
    assert_eq!(client.latest("nope").unwrap(), None);

    let found = client.lookup("payments-value", V2).unwrap().unwrap();
    assert_eq!((found.id, found.version), (2, 2));
    assert_eq!(client.lookup("payments-value", BAD).unwrap(), None);
    assert_eq!(client.lookup("nope", V1).unwrap(), None);

    // By id: fetched with a fresh client (nothing cached), compact JSON of the same schema.
    let fresh = RegistryClient::new(server.url()).unwrap();
    let schema = fresh.schema(2).unwrap().unwrap();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&schema).unwrap(),
        serde_json::from_str::<serde_json::Value>(V2).unwrap()
    );
    assert_eq!(fresh.schema(99).unwrap(), None);
}

#[test]
fn the_registry_errors_carry_their_codes() {
    let server = TestRegistry::start().unwrap();
    let client = client(&server);
    // Invalid: not JSON, and not a schema.
    let e = client.register("s", "{not json").unwrap_err();
    assert_eq!(api_error(&e), (422, codes::INVALID_SCHEMA));
    let e = client
        .register(
            "s",
            r#"{"type":"record","name":"X","fields":[{"name":"a","type":"Nope"}]}"#,
        )
        .unwrap_err();
    assert_eq!(api_error(&e), (422, codes::INVALID_SCHEMA));
    assert!(e.to_string().contains("Nope"), "{e}");
    assert!(
        e.to_string()
            .starts_with("schema registry: POST /subjects/s/versions: HTTP 422, error code 42201: Invalid schema"),
        "{e}"
    );

    // Incompatible under the default level, BACKWARD.
    client.register("payments-value", V1).unwrap();
    let e = client.register("payments-value", BAD).unwrap_err();
    assert_eq!(api_error(&e), (409, codes::INCOMPATIBLE_SCHEMA));
    assert!(
        e.to_string()
            .contains("writer type `long` cannot be read as `string`"),
        "{e}"
    );

    // Unknown subject and version, invalid version (through the test server's own API).
    let (status, body) = server.handle("GET", "/subjects/payments-value/versions/7", None);
    assert_eq!(
        (status, body["error_code"].as_i64()),
        (404, Some(codes::VERSION_NOT_FOUND))
    );
    let (status, body) = server.handle("GET", "/subjects/payments-value/versions/0", None);
    assert_eq!(
        (status, body["error_code"].as_i64()),
        (422, Some(codes::INVALID_VERSION))
    );
    let (status, body) = server.handle("GET", "/subjects/nope/versions/latest", None);
    assert_eq!(
        (status, body["error_code"].as_i64()),
        (404, Some(codes::SUBJECT_NOT_FOUND))
    );
    let e = client
        .test_compatibility_with_version("nope", None, V1)
        .unwrap_err();
    assert_eq!(api_error(&e), (404, codes::SUBJECT_NOT_FOUND));
    let e = client
        .test_compatibility_with_version("payments-value", Some(4), V1)
        .unwrap_err();
    assert_eq!(api_error(&e), (404, codes::VERSION_NOT_FOUND));
}

#[test]
fn compatibility_levels_and_tests() {
    let server = TestRegistry::start().unwrap();
    let client = client(&server);
    assert_eq!(
        client.global_compatibility().unwrap(),
        CompatibilityMode::Backward
    );
    assert_eq!(
        client.subject_compatibility("payments-value").unwrap(),
        None
    );
    assert_eq!(
        client.compatibility("payments-value").unwrap(),
        CompatibilityMode::Backward
    );
    assert_eq!(
        client
            .set_compatibility("payments-value", CompatibilityMode::FullTransitive)
            .unwrap(),
        CompatibilityMode::FullTransitive
    );
    assert_eq!(
        client.subject_compatibility("payments-value").unwrap(),
        Some(CompatibilityMode::FullTransitive)
    );
    assert_eq!(
        client
            .set_global_compatibility(CompatibilityMode::None)
            .unwrap(),
        CompatibilityMode::None
    );
    assert_eq!(
        client.compatibility("other").unwrap(),
        CompatibilityMode::None
    );
    assert_eq!(
        client.compatibility("payments-value").unwrap(),
        CompatibilityMode::FullTransitive
    );
    let (status, body) = server.handle(
        "PUT",
        "/config",
        Some(&serde_json::json!({"compatibility": "SIDEWAYS"})),
    );
    assert_eq!(
        (status, body["error_code"].as_i64()),
        (422, Some(codes::INVALID_COMPATIBILITY_LEVEL))
    );

    // A subject that does not exist takes anything valid.
    assert!(
        client
            .test_compatibility("payments-value", V1)
            .unwrap()
            .is_compatible
    );
    client.register("payments-value", V1).unwrap();
    // v2 renames through an alias, adds a field with a default and drops `checksum`: v2 reads
    // v1 data, but v1 cannot read v2 data (no `amount_cents`, no `checksum`).
    let check = client.test_compatibility("payments-value", V2).unwrap();
    assert!(!check.is_compatible);
    assert_eq!(check.messages.len(), 2, "{check:?}");
    assert!(
        check.messages[1].contains("reader field `checksum` (bytes) has no default"),
        "{check:?}"
    );
    client
        .set_compatibility("payments-value", CompatibilityMode::BackwardTransitive)
        .unwrap();
    let check = client.test_compatibility("payments-value", V2).unwrap();
    assert!(
        check.is_compatible && check.messages.is_empty(),
        "{check:?}"
    );
    client
        .set_compatibility("payments-value", CompatibilityMode::Full)
        .unwrap();
    let check = client
        .test_compatibility_with_version("payments-value", Some(1), BAD)
        .unwrap();
    assert!(!check.is_compatible);
    assert!(
        check
            .messages
            .iter()
            .any(|m| m.contains("the new schema cannot read data written with version 1")),
        "{check:?}"
    );
    assert!(
        check
            .messages
            .iter()
            .any(|m| m.contains("version 1 cannot read data written with the new schema")),
        "{check:?}"
    );
}

#[test]
fn credentials_are_sent() {
    let server = TestRegistry::start().unwrap();
    server.require_basic_auth("key", "secret");
    let anonymous = client(&server);
    let e = anonymous.subjects().unwrap_err();
    assert_eq!(api_error(&e), (401, codes::UNAUTHORIZED));
    let wrong = RegistryClient::builder(server.url())
        .basic_auth("key", "guess")
        .build()
        .unwrap();
    assert_eq!(
        api_error(&wrong.subjects().unwrap_err()),
        (401, codes::UNAUTHORIZED)
    );
    let right = RegistryClient::builder(server.url())
        .basic_auth("key", "secret")
        .build()
        .unwrap();
    assert_eq!(right.register("s", V1).unwrap(), 1);

    server.require_bearer_token("t0ken");
    let bearer = RegistryClient::builder(server.url())
        .bearer_token("t0ken")
        .build()
        .unwrap();
    assert_eq!(bearer.versions("s").unwrap(), [1]);
    assert_eq!(
        api_error(&right.versions("s").unwrap_err()),
        (401, codes::UNAUTHORIZED)
    );
    // 401 is not retried.
    let before = server.requests().len();
    let _ = anonymous.subjects();
    assert_eq!(server.requests().len(), before + 1);
}

#[test]
fn server_errors_are_retried_with_backoff() {
    let server = TestRegistry::start().unwrap();
    let client = RegistryClient::builder(server.url())
        .retries(3)
        .backoff(Duration::from_millis(20), Duration::from_millis(100))
        .build()
        .unwrap();
    server.fail_next(2, 503);
    let start = Instant::now();
    assert_eq!(client.register("s", V1).unwrap(), 1);
    // Two waits: at least half of 20 ms and of 40 ms.
    assert!(
        start.elapsed() >= Duration::from_millis(30),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(server.requests(), ["POST /subjects/s/versions"; 3]);
    assert_eq!(client.requests_sent(), 3);

    // More failures than retries: the last answer, with its code.
    server.fail_next(4, 500);
    let e = client.subjects().unwrap_err();
    assert_eq!(api_error(&e), (500, codes::STORE_ERROR));
    assert_eq!(server.requests().len(), 3 + 4);
    // A 4xx answer is final.
    let _ = client.latest("nope");
    assert_eq!(server.requests().len(), 3 + 4 + 1);
}

#[test]
fn connection_errors_and_timeouts_are_retried_then_reported() {
    // A port nothing listens on: bind one, then close it.
    let closed = {
        let server = TestRegistry::start().unwrap();
        server.url().to_string()
    };
    let client = RegistryClient::builder(&closed)
        .retries(2)
        .backoff(Duration::from_millis(1), Duration::from_millis(2))
        .build()
        .unwrap();
    match client.schema(1).unwrap_err() {
        RegistryError::Transport {
            request, attempts, ..
        } => {
            assert_eq!((request.as_str(), attempts), ("GET /schemas/ids/1", 3));
        }
        e => panic!("{e}"),
    }

    let server = TestRegistry::start().unwrap();
    server.set_delay(Duration::from_millis(400));
    let impatient = RegistryClient::builder(server.url())
        .timeout(Duration::from_millis(100))
        .retries(1)
        .backoff(Duration::from_millis(1), Duration::from_millis(1))
        .build()
        .unwrap();
    let e = impatient.subjects().unwrap_err();
    assert!(
        matches!(e, RegistryError::Transport { attempts: 2, .. }),
        "{e}"
    );
    assert!(
        e.to_string()
            .contains("GET /subjects: no answer after 2 attempts"),
        "{e}"
    );
    // The decoding error a consumer sees says the same.
    let decoder = impatient.decoder::<Payment>();
    let msg = decoder.decode(&[0, 0, 0, 0, 1, 0]).unwrap_err().to_string();
    assert!(msg.contains("GET /schemas/ids/1: no answer"), "{msg}");
}

#[test]
fn concurrent_misses_of_one_id_make_one_request() {
    let server = TestRegistry::start().unwrap();
    let producer = client(&server);
    let encoder = producer.encoder::<Payment>("payments-value").unwrap();
    let message = encoder.to_vec(&payment(1)).unwrap();
    // Slow answers, so that every consumer thread misses while the first request is in flight.
    server.set_delay(Duration::from_millis(150));

    let consumer = client(&server);
    let decoder = Arc::new(consumer.decoder::<PaymentV2>());
    let threads = 8;
    let barrier = Arc::new(Barrier::new(threads));
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let (decoder, barrier, message) =
                (Arc::clone(&decoder), Arc::clone(&barrier), message.clone());
            std::thread::spawn(move || {
                barrier.wait();
                decoder.decode_traced(&message).unwrap()
            })
        })
        .collect();
    for handle in handles {
        let (value, path) = handle.join().unwrap();
        assert_eq!(path, DecodePath::Resolved);
        assert_eq!((value.amount, value.channel.as_str()), (2000, "web"));
    }
    let fetches = |server: &TestRegistry| {
        server
            .requests()
            .iter()
            .filter(|r| r.starts_with("GET /schemas/ids/"))
            .count()
    };
    assert_eq!(fetches(&server), 1, "{:?}", server.requests());
    assert_eq!(consumer.requests_sent(), 1);

    // Later messages, and other decoders over clones of the client, use the cache.
    for i in 0..20 {
        decoder
            .decode(&encoder.to_vec(&payment(i)).unwrap())
            .unwrap();
    }
    consumer.decoder::<Payment>().decode(&message).unwrap();
    assert_eq!(fetches(&server), 1);
    assert_eq!(consumer.cached_schemas(), 1);
}

#[test]
fn producers_register_once_and_consumers_read_every_writer() {
    let server = TestRegistry::start().unwrap();
    let registry = client(&server);
    let subject = topic_name_strategy("payments", false);
    let old = registry.encoder::<Payment>(&subject).unwrap();
    let new = registry.encoder::<PaymentV2>(&subject).unwrap();
    assert_eq!((old.schema_id(), new.schema_id()), (1, 2));
    let mut messages = Vec::new();
    for i in 0..10 {
        let producer = registry.encoder::<Payment>(&subject).unwrap();
        messages.push(producer.to_vec(&payment(i)).unwrap());
    }
    let posts = server
        .requests()
        .iter()
        .filter(|r| r.starts_with("POST"))
        .count();
    assert_eq!(posts, 2, "{:?}", server.requests());
    // A producer that may not register finds the id by lookup, or fails clearly.
    let lookup_only = client(&server);
    assert_eq!(
        lookup_only
            .registered_encoder::<PaymentV2>(&subject)
            .unwrap()
            .schema_id(),
        2
    );
    let e = lookup_only
        .registered_encoder::<PaymentV2>("other-value")
        .unwrap_err();
    assert_eq!(api_error(&e), (404, codes::SCHEMA_NOT_FOUND));

    // A consumer on v2: v1 messages resolved at run time (alias rename, dropped field).
    let consumer = client(&server).decoder::<PaymentV2>();
    for (i, message) in messages.iter().enumerate() {
        let (value, path) = consumer.decode_traced(message).unwrap();
        let written = payment(i as i64);
        assert_eq!(path, DecodePath::Resolved);
        assert_eq!(
            (value.id.as_str(), value.amount),
            (written.id.as_str(), written.amount_cents)
        );
        assert_eq!(value.channel, "web");
    }
    assert_eq!(confluent::schema_id_of(&messages[0]).unwrap(), 1);

    // An id the registry does not know, and a frame that is no frame: clear errors, and the
    // consumer goes on.
    let unknown = confluent::to_vec(77, &payment(0)).unwrap();
    let msg = consumer.decode(&unknown).unwrap_err().to_string();
    assert!(msg.starts_with("unknown schema id 77"), "{msg}");
    let msg = consumer
        .decode(&[0xc3, 0x01, 0, 0])
        .unwrap_err()
        .to_string();
    assert!(msg.starts_with("not a Confluent-framed message"), "{msg}");
    assert!(consumer.decode(&messages[3]).is_ok());
}
