//! The Kafka consumer service: producers on user_event versions 1 to 4 publish Confluent-framed
//! messages to the topic `user-events`, each registering its schema through the schema registry
//! client; the consumer service, generated from version 3 (knowing v1 and v2), finds each writer
//! schema by id through the same client, once per id:
//!
//! * v1 and v2 messages decode with decoders generated for those versions (`ts` renamed to
//!   `occurred_at` through an alias, `user_id` widened from int to long, `properties` defaulting
//!   to `{}`), v3 messages with its own, `occurred_at` a `timestamp-millis`;
//! * v4, a version the consumer was not built with, is resolved at run time from the schema the
//!   registry returns: its new event type `ACCOUNT_DELETED` reads as the reader enum's default
//!   `UNKNOWN`, its new field `device` is skipped;
//! * a malformed message and a message naming a schema id the registry does not know each give a
//!   clear error, and the service goes on with the next message.
//!
//! The registry is the test registry of avro-registry (the Confluent REST API on 127.0.0.1);
//! pointed at a real registry, the code is the same.

use avro_registry::RegistryClient;
use avro_runtime::framing::{confluent, topic_name_strategy, DecodePath};
use avro_runtime::TimestampMillis;

use crate::user_events::com::example::users as v3;
use crate::user_events_v1::com::example::users as v1;
use crate::user_events_v2::com::example::users as v2;
use crate::user_scenario::event_id;

/// `com.example.users.UserEvent` version 4, as a producer deployed ahead of the consumer writes
/// it (schemas/user_event_next/v4.avsc; the consumer is not generated with it).
pub mod user_event_v4 {
    include!(concat!(env!("OUT_DIR"), "/user_event_v4.rs"));
}
use user_event_v4::com::example::users as v4;

/// The topic.
pub const TOPIC: &str = "user-events";

/// Errors of producers: registry and encoding errors.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// What the producers published.
#[derive(Debug, Clone)]
pub struct Published {
    /// The subject the producers registered under (topic name strategy): `user-events-value`.
    pub subject: String,
    /// The schema ids of v1, v2, v3 and v4.
    pub ids: [u32; 4],
    /// The messages, in topic order.
    pub messages: Vec<Vec<u8>>,
}

/// The id no producer registered, used by the message with an unknown schema id.
pub const UNKNOWN_ID: u32 = 4242;

/// Producers on v1 to v4 register their schemas under `user-events-value` (the registry enforces
/// its default level, BACKWARD) and publish `per_producer` events each, interleaved; then a
/// malformed message (JSON where Avro was expected) and one with an unknown schema id arrive,
/// followed by one more v1 event.
pub fn publish(registry: &RegistryClient, per_producer: usize) -> Result<Published, Error> {
    let subject = topic_name_strategy(TOPIC, false);
    let p1 = registry.encoder::<v1::UserEvent>(&subject)?;
    let p2 = registry.encoder::<v2::UserEvent>(&subject)?;
    let p3 = registry.encoder::<v3::UserEvent>(&subject)?;
    let p4 = registry.encoder::<v4::UserEvent>(&subject)?;
    let at = |i: usize| TimestampMillis(1_700_000_000_000 + 60_000 * i as i64);
    let mut messages = Vec::new();
    for i in 0..per_producer {
        messages.push(p1.to_vec(&v1::UserEvent {
            event_id: event_id(1, i),
            user_id: 1000 + i as i32,
            event_type: v1::EventType::LoggedIn,
            ts: at(i),
        })?);
        messages.push(p2.to_vec(&v2::UserEvent {
            event_id: event_id(2, i),
            user_id: 2000 + i as i32,
            event_type: v2::EventType::PasswordChanged,
            occurred_at: at(i),
            properties: [("method".to_string(), "email-link".to_string())].into(),
        })?);
        messages.push(p3.to_vec(&v3::UserEvent {
            event_id: event_id(3, i),
            user_id: (1 << 33) + i as i64,
            event_type: v3::EventType::SignedUp,
            occurred_at: at(i),
            properties: Default::default(),
            session_id: Some(format!("session-{i}")),
        })?);
        messages.push(p4.to_vec(&v4::UserEvent {
            event_id: event_id(4, i),
            user_id: (1 << 34) + i as i64,
            event_type: if i.is_multiple_of(2) {
                v4::EventType::AccountDeleted
            } else {
                v4::EventType::LoggedOut
            },
            occurred_at: at(i),
            properties: [("reason".to_string(), "user request".to_string())].into(),
            session_id: None,
            device: "ios".into(),
        })?);
    }
    messages.push(br#"{"user_id": 7, "event_type": "LOGGED_IN"}"#.to_vec());
    messages.push(confluent::to_vec(
        UNKNOWN_ID,
        &v3::UserEvent {
            event_id: event_id(9, 0),
            user_id: 9,
            event_type: v3::EventType::LoggedIn,
            occurred_at: at(0),
            properties: Default::default(),
            session_id: None,
        },
    )?);
    messages.push(p1.to_vec(&v1::UserEvent {
        event_id: event_id(1, per_producer),
        user_id: 7,
        event_type: v1::EventType::LoggedOut,
        ts: at(per_producer),
    })?);
    Ok(Published {
        subject,
        ids: [
            p1.schema_id(),
            p2.schema_id(),
            p3.schema_id(),
            p4.schema_id(),
        ],
        messages,
    })
}

/// What the consumer service did with one message.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Decoded.
    Consumed {
        /// The schema id in the header.
        schema_id: u32,
        /// The decoder used.
        path: DecodePath,
        /// The event.
        event: v3::UserEvent,
    },
    /// Logged and skipped.
    Skipped {
        /// Why.
        error: String,
    },
}

/// The consumer service: one decoder over the registry client for the life of the service;
/// every message is decoded or, when that fails, logged and skipped.
pub fn consume(registry: &RegistryClient, messages: &[Vec<u8>]) -> Vec<Outcome> {
    let decoder = registry.decoder::<v3::UserEvent>();
    messages
        .iter()
        .map(|message| match decoder.decode_traced(message) {
            Ok((event, path)) => Outcome::Consumed {
                schema_id: confluent::schema_id_of(message).unwrap_or_default(),
                path,
                event,
            },
            Err(e) => Outcome::Skipped {
                error: e.to_string(),
            },
        })
        .collect()
}
