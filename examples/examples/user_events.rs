//! Schema evolution, Kafka consumer story: one topic, producers on user_event v1, v2 and v3,
//! one consumer generated from v3 that reads all of them with decoders generated for the older
//! versions (alias-renamed timestamp, int widened to long, map defaulting to `{}`).
//!
//! Run: `cargo run -p examples --example user_events`

use avro_runtime::framing::single_object::{self, SingleObjectDecoder};
use examples::user_events::com::example::users::UserEvent;
use examples::user_scenario::produce;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (messages, registry) = produce(3)?;
    let consumer = SingleObjectDecoder::<UserEvent, _>::new(&registry);
    for message in &messages {
        let (event, path) = consumer.decode_traced(message)?;
        println!(
            "writer {:016x} via {path:?}: user {} {:?} at {} props {:?} session {:?}",
            single_object::fingerprint_of(message)?,
            event.user_id,
            event.event_type,
            event.occurred_at.0,
            event.properties,
            event.session_id
        );
    }
    Ok(())
}
