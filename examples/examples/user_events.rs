//! The Kafka consumer service: producers on user_event v1 to v4 publish Confluent-framed messages
//! through a schema registry (the test registry of avro-registry, on 127.0.0.1); the consumer,
//! generated from v3 knowing v1 and v2, finds each writer schema by id through the registry
//! client (once per id), resolves v4 at run time (its new event type read as the enum default
//! UNKNOWN), and logs and skips a malformed message and one with an unknown schema id.
//!
//! Run: `cargo run -p examples --example user_events`

use avro_registry::test_server::TestRegistry;
use avro_registry::RegistryClient;
use examples::kafka_service::{consume, publish, Outcome};

fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let server = TestRegistry::start()?;
    println!("schema registry at {}", server.url());

    let producers = RegistryClient::new(server.url())?;
    let published = publish(&producers, 2)?;
    println!(
        "producers on v1, v2, v3, v4 registered under {} as schema ids {:?}",
        published.subject, published.ids
    );

    let consumer = RegistryClient::new(server.url())?;
    for (offset, outcome) in consume(&consumer, &published.messages).iter().enumerate() {
        match outcome {
            Outcome::Consumed {
                schema_id,
                path,
                event,
            } => println!(
                "offset {offset:>2}: schema id {schema_id} via {path:?}: user {} {:?} at {} props {:?} session {:?}",
                event.user_id,
                event.event_type,
                event.occurred_at.0,
                event.properties,
                event.session_id
            ),
            Outcome::Skipped { error } => println!("offset {offset:>2}: skipped: {error}"),
        }
    }
    let fetches: Vec<String> = server
        .requests()
        .into_iter()
        .filter(|r| r.starts_with("GET /schemas/ids/"))
        .collect();
    println!(
        "\nthe consumer asked the registry {} times ({}), for {} messages",
        consumer.requests_sent(),
        fetches.join(", "),
        published.messages.len()
    );
    Ok(())
}
