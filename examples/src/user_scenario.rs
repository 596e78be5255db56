//! The user_event seed scenario, a Kafka-style consumer: producers still on schema versions 1
//! and 2 and a new one on version 3 publish to one topic; the consumer's generated type (v3) reads
//! every message, v1 and v2 ones through decoders generated for those versions (the timestamp
//! field renamed from `ts` through an alias, `user_id` widened from int to long, the properties
//! map defaulting to `{}`).

use avro_runtime::TimestampMillis;

use avro_runtime::framing::single_object;

use crate::user_events::com::example::users as v3;
use crate::user_events_v1::com::example::users as v1;
use crate::user_events_v2::com::example::users as v2;
use crate::{register, Registry};

/// Messages from the three producers, interleaved, and a registry with their schemas.
pub fn produce(per_producer: usize) -> avro_runtime::Result<(Vec<Vec<u8>>, Registry)> {
    let mut registry = Registry::default();
    register::<v1::UserEvent>(&mut registry);
    register::<v2::UserEvent>(&mut registry);
    register::<v3::UserEvent>(&mut registry);
    let mut messages = Vec::with_capacity(3 * per_producer);
    for i in 0..per_producer {
        let at = TimestampMillis(1_700_000_000_000 + 1000 * i as i64);
        messages.push(single_object::to_vec(&v1::UserEvent {
            event_id: event_id(1, i),
            user_id: i as i32,
            event_type: v1::EventType::LoggedIn,
            ts: at,
        })?);
        messages.push(single_object::to_vec(&v2::UserEvent {
            event_id: event_id(2, i),
            user_id: i as i32,
            event_type: v2::EventType::PasswordChanged,
            occurred_at: at,
            properties: [("method".to_string(), "email-link".to_string())].into(),
        })?);
        messages.push(single_object::to_vec(&v3::UserEvent {
            event_id: event_id(3, i),
            user_id: (1 << 33) + i as i64,
            event_type: v3::EventType::SignedUp,
            occurred_at: at,
            properties: Default::default(),
            session_id: Some(format!("session-{i}")),
        })?);
    }
    Ok((messages, registry))
}

/// A deterministic UUID text for producer `version`'s `i`-th event.
pub fn event_id(version: u32, i: usize) -> String {
    format!("{version:08x}-0000-4000-8000-{i:012x}")
}
