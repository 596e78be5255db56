//! Confluent's own client against our test registry and our producer and consumer, from the
//! fixtures scripts/make-confluent-fixtures.sh made with confluent-kafka 2.16.1
//! (SchemaRegistryClient, AvroSerializer, AvroDeserializer):
//!
//! * the test registry answers every request of Confluent's client (and of ours) exactly as it
//!   did when the client accepted the answers (the transcript, replayed);
//! * frames Confluent's AvroSerializer wrote decode with our consumer (through our client over
//!   HTTP) to the values it was given;
//! * frames our producer wrote are the frames Confluent's AvroDeserializer read, to our values;
//! * the subjects Confluent's three subject name strategies registered are our strategies' names.

use std::path::Path;

use avro_registry::test_server::TestRegistry;
use avro_registry::RegistryClient;
use avro_runtime::framing::{
    confluent, record_name_strategy, topic_name_strategy, topic_record_name_strategy,
    ConfluentEncoder,
};
use avro_runtime::json::FromAvroJson;
use serde_json::Value;

mod avro {
    avro_derive::include_schema!("tests/schemas/payment.avsc", avro_json = true);
}
use avro::com::example::payments::Payment;

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/confluent")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn lines(name: &str) -> Vec<Value> {
    fixture(name)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn unhex(hex: &str) -> Vec<u8> {
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect()
}

/// A test registry in the state the script left it: every exchange replayed, each answer
/// checked against the one recorded.
fn replayed() -> TestRegistry {
    let server = TestRegistry::start().unwrap();
    let transcript = lines("transcript.jsonl");
    assert!(transcript.len() >= 30, "{} exchanges", transcript.len());
    for (i, exchange) in transcript.iter().enumerate() {
        let method = exchange["method"].as_str().unwrap();
        let path = exchange["path"].as_str().unwrap();
        let request = exchange.get("request").filter(|r| !r.is_null());
        let (status, response) = server.handle(method, path, request);
        assert_eq!(
            (status, &response),
            (
                exchange["status"].as_u64().unwrap() as u16,
                &exchange["response"]
            ),
            "exchange {i}: {method} {path}"
        );
    }
    server
}

#[test]
fn the_test_registry_answers_confluents_client_as_recorded() {
    let server = replayed();
    // What Confluent's client made of the answers.
    let calls: Value = serde_json::from_str(&fixture("python_client_calls.json")).unwrap();
    assert_eq!(calls["get_versions_after"], serde_json::json!([1, 2]));
    assert_eq!(calls["lookup_schema"]["schema_id"], 1);
    assert_eq!(calls["get_compatibility_global"], "BACKWARD");
    assert_eq!(calls["get_compatibility_subject"], "FULL_TRANSITIVE");
    assert_eq!(calls["test_compatibility_v2"], true);
    assert_eq!(calls["test_compatibility_bad"], false);
    assert_eq!(calls["test_compatibility_all_versions_v2"], false);
    let errors = [
        ("register_v2_under_full_transitive", 409, 409),
        ("register_bad", 409, 409),
        ("get_schema_unknown", 404, 40403),
        ("get_version_unknown", 404, 40402),
        ("lookup_unknown_subject", 404, 40401),
        ("set_compatibility_invalid", 422, 42203),
    ];
    for (call, status, code) in errors {
        assert_eq!(
            (&calls[call]["http_status_code"], &calls[call]["error_code"]),
            (&Value::from(status), &Value::from(code)),
            "{call}"
        );
    }
    // Our client reads the same state over HTTP.
    let client = RegistryClient::new(server.url()).unwrap();
    let subject = "payments-value";
    assert_eq!(client.versions(subject).unwrap(), [1, 2]);
    assert_eq!(
        client.latest(subject).unwrap().unwrap().id,
        calls["register_v2"].as_u64().unwrap() as u32
    );
    assert_eq!(
        client.compatibility(subject).unwrap().as_str(),
        calls["set_compatibility_backward_transitive"]["compatibility"]
    );
    assert_eq!(
        client.schema(1).unwrap().unwrap().as_ref(),
        calls["get_latest_version"]["schema"].as_str().unwrap()
    );
}

#[test]
fn confluent_serializer_frames_decode_with_our_consumer() {
    let server = replayed();
    let replayed_requests = server.requests().len();
    let client = RegistryClient::new(server.url()).unwrap();
    let decoder = client.decoder::<Payment>();
    let mut values = 0;
    for line in lines("python_frames.jsonl") {
        let Some(frame) = line["frame"].as_str().map(unhex) else {
            continue;
        };
        if line["is_key"] == true {
            // A string key under the topic strategy's key subject.
            let (id, datum) = confluent::split(&frame).unwrap();
            assert_eq!(client.latest("payments-key").unwrap().unwrap().id, id);
            let key: String = avro_runtime::from_avro_slice(datum).unwrap();
            assert_eq!(key, line["avro_json"].as_str().unwrap());
            continue;
        }
        let expected = Payment::from_avro_json(&line["avro_json"]).unwrap();
        assert_eq!(decoder.decode(&frame).unwrap(), expected, "{line}");
        // The generated type frames the value to the same bytes (map entries are written in the
        // map's order, which a HashMap does not keep).
        let id = confluent::schema_id_of(&frame).unwrap();
        if expected.metadata.len() <= 1 {
            let ours = ConfluentEncoder::<Payment>::new(id)
                .to_vec(&expected)
                .unwrap();
            assert_eq!(ours, frame);
        }
        values += 1;
    }
    assert_eq!(values, 24);
    // Our consumer fetched the writer schema once, for 24 messages.
    let ours: Vec<String> = server.requests().split_off(replayed_requests);
    let fetches: Vec<&String> = ours
        .iter()
        .filter(|r| r.starts_with("GET /schemas/ids/"))
        .collect();
    assert_eq!(fetches, ["GET /schemas/ids/1"]);
}

#[test]
fn our_frames_decode_with_confluents_deserializer() {
    let ours = lines("rust_frames.jsonl");
    let theirs = lines("python_decoded.jsonl");
    assert_eq!(ours.len(), 8);
    assert_eq!(ours.len(), theirs.len());
    let server = replayed();
    let registered = server.registry().latest("rust-payments-value").unwrap();
    for (ours, theirs) in ours.iter().zip(&theirs) {
        assert_eq!(ours["frame"], theirs["frame"]);
        let value = Payment::from_avro_json(&ours["avro_json"]).unwrap();
        // Our encoder still writes the bytes Confluent's deserializer read (map entries in the
        // map's order, which a HashMap does not keep)...
        let id = ours["schema_id"].as_u64().unwrap() as u32;
        assert_eq!(id, registered.id);
        let frame = unhex(ours["frame"].as_str().unwrap());
        let (_, datum) = confluent::split(&frame).unwrap();
        assert_eq!(
            avro_runtime::from_avro_slice::<Payment>(datum).unwrap(),
            value
        );
        if value.metadata.len() <= 1 {
            let again = ConfluentEncoder::<Payment>::new(id).to_vec(&value).unwrap();
            assert_eq!(again, frame);
        }
        // ... and it read our values.
        assert_eq!(
            Payment::from_avro_json(&theirs["python_decoded"]).unwrap(),
            value
        );
    }
}

#[test]
fn subject_name_strategies_are_confluents() {
    let registered: Vec<(String, Value)> = lines("python_frames.jsonl")
        .into_iter()
        .filter(|l| l.get("registered_subjects").is_some())
        .map(|l| {
            (
                l["strategy"].as_str().unwrap().to_string(),
                l["registered_subjects"].clone(),
            )
        })
        .collect();
    let ours = |strategy: &str| -> String {
        match strategy {
            "topic_subject_name_strategy" => topic_name_strategy("payments", false),
            "record_subject_name_strategy" => record_name_strategy::<Payment>().unwrap(),
            "topic_record_subject_name_strategy" => {
                topic_record_name_strategy::<Payment>("payments").unwrap()
            }
            other => panic!("{other}"),
        }
    };
    assert_eq!(registered.len(), 3);
    for (strategy, subjects) in registered {
        assert_eq!(subjects, serde_json::json!([ours(&strategy)]), "{strategy}");
    }
    // Keys: the topic strategy's `-key` subject.
    let server = replayed();
    assert!(server
        .registry()
        .subjects()
        .contains(&topic_name_strategy("payments", true)));
}
