//! The log_event seed scenario: services on schema versions 1, 2 and 3 write into one stream;
//! every version's generated type reads every message, as far as the schema rules allow.

use avro_runtime::{AvroSchema, TimestampMillis};

use crate::log_v1::com::example::logs as v1;
use crate::log_v2::com::example::logs as v2;
use crate::log_v3::com::example::logs as v3;
use avro_runtime::framing::single_object;

use crate::{register, Registry};

/// The stream of single-object frames: `per_version` events from each version's producers,
/// interleaved, and the registry that knows all three schemas.
pub fn produce(per_version: usize) -> avro_runtime::Result<(Vec<Vec<u8>>, Registry)> {
    let mut registry = Registry::default();
    register::<v1::LogEvent>(&mut registry);
    register::<v2::LogEvent>(&mut registry);
    register::<v3::LogEvent>(&mut registry);
    let mut messages = Vec::with_capacity(3 * per_version);
    for i in 0..per_version {
        let ts = TimestampMillis(1_700_000_000_000 + i as i64);
        let service = format!("service-{}", i % 7);
        messages.push(single_object::to_vec(&v1::LogEvent {
            timestamp: ts,
            level: v1::Level::Info,
            message: format!("v1 request {i} served"),
            service: service.clone(),
        })?);
        messages.push(single_object::to_vec(&v2::LogEvent {
            timestamp: ts,
            level: v2::Level::Warn,
            message: format!("v2 slow request {i}"),
            service: service.clone(),
            trace_id: (i % 2 == 0).then(|| format!("{i:032x}")),
            error: None,
        })?);
        messages.push(single_object::to_vec(&v3::LogEvent {
            timestamp: ts,
            level: v3::Level::Error,
            message: format!("v3 request {i} failed"),
            service,
            trace_id: Some(format!("{i:032x}")),
            error: Some(v3::ErrorInfo {
                exception_class: "java.io.IOException".into(),
                exception_message: "connection reset".into(),
                stack_trace: vec!["at Client.read".into(), "at Handler.run".into()],
            }),
            environment: v3::Environment::Staging,
            tags: vec!["checkout".into()],
        })?);
    }
    Ok((messages, registry))
}

/// The schema JSON of each version, oldest first, with its label.
pub fn versions() -> [(&'static str, &'static str); 3] {
    [
        ("v1", v1::LogEvent::SCHEMA_JSON),
        ("v2", v2::LogEvent::SCHEMA_JSON),
        ("v3", v3::LogEvent::SCHEMA_JSON),
    ]
}
