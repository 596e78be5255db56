//! The schema registry story: a Kafka topic `customers` whose values are Confluent-framed Avro
//! (magic byte, registry schema id, datum). A producer still on schema version 1 and one on
//! version 2 (which adds the optional field `phone`, `["null", "string"]` with default null)
//! register their schemas under the subject `customers-value` of an in-memory registry that
//! enforces FULL compatibility, then publish. Two consumers read the whole topic:
//!
//! * the new one (generated from v2, knowing v1 as an earlier version) reads v1 messages with a
//!   decoder generated for v1 (`phone` = null) and v2 messages with its own;
//! * the old one (generated from v1 only) reads v2 messages through a resolution plan compiled at
//!   run time from the schema the registry returns for their id (`phone` skipped).
//!
//! Then the compatibility verdicts of three changes to v1 (add an optional field, remove a field,
//! rename a field without alias — which is a removal plus an addition) under BACKWARD, FORWARD,
//! FULL and NONE, with the registry refusing the rename.

use avro_runtime::framing::{
    record_name_strategy, topic_name_strategy, topic_record_name_strategy, CompatibilityMode,
    ConfluentDecoder, ConfluentEncoder, DecodePath, InMemoryRegistry,
};
use avro_runtime::resolve::ParsedSchema;
use avro_runtime::Result;
use avro_schema::compat::{check, Version};
use avro_schema::resolve::Side;

/// `com.example.crm.Customer` version 1, as the old producer and consumer were built.
pub mod customer_v1 {
    include!(concat!(env!("OUT_DIR"), "/registry_customer_v1.rs"));
}

/// `com.example.crm.Customer` version 2, generated knowing version 1.
pub mod customer_v2 {
    include!(concat!(env!("OUT_DIR"), "/registry_customer_v2.rs"));
}

use customer_v1::com::example::crm::Customer as CustomerV1;
use customer_v2::com::example::crm::Customer as CustomerV2;

/// The Kafka topic.
pub const TOPIC: &str = "customers";

/// Schema version 1 (the base of the compared changes).
pub const V1: &str = include_str!("../../schemas/registry_story/versions/v1.avsc");
/// Schema version 2: adds the optional field `phone`.
pub const V2: &str = include_str!("../../schemas/registry_story/versions/v2.avsc");
/// Version 1 without the required field `name`.
pub const REMOVE_FIELD: &str =
    include_str!("../../schemas/registry_story/changes/remove_field.avsc");
/// Version 1 with `name` renamed to `full_name`, no alias.
pub const RENAME_WITHOUT_ALIAS: &str =
    include_str!("../../schemas/registry_story/changes/rename_without_alias.avsc");
/// Version 1 with `name` renamed to `full_name`, alias `name` (for contrast).
pub const RENAME_WITH_ALIAS: &str =
    include_str!("../../schemas/registry_story/changes/rename_with_alias.avsc");

/// The changes to version 1 whose compatibility is shown: (name, new schema).
pub const CHANGES: [(&str, &str); 4] = [
    ("add optional field", V2),
    ("remove field", REMOVE_FIELD),
    ("rename without alias", RENAME_WITHOUT_ALIAS),
    ("rename with alias", RENAME_WITH_ALIAS),
];

/// The modes shown.
pub const MODES: [CompatibilityMode; 4] = [
    CompatibilityMode::Backward,
    CompatibilityMode::Forward,
    CompatibilityMode::Full,
    CompatibilityMode::None,
];

/// One message as both consumers read it.
#[derive(Debug, Clone, PartialEq)]
pub struct Consumed {
    /// The schema id in the message header.
    pub schema_id: u32,
    /// The message as the v2 consumer reads it, and how.
    pub by_new: (CustomerV2, DecodePath),
    /// The message as the v1 consumer reads it, and how.
    pub by_old: (CustomerV1, DecodePath),
}

/// What happened on the topic.
#[derive(Debug)]
pub struct Exchange {
    /// The registry, as the producers left it.
    pub registry: InMemoryRegistry,
    /// The subject the producers registered under (topic name strategy).
    pub subject: String,
    /// The schema ids of v1 and v2.
    pub ids: [u32; 2],
    /// The messages, in topic order.
    pub messages: Vec<Vec<u8>>,
    /// Every message as the two consumers read it.
    pub consumed: Vec<Consumed>,
    /// The registry's answer to registering the rename without alias.
    pub rename_refused: String,
}

/// The customers the producers publish: v1 producer even-numbered, v2 odd-numbered.
pub fn customers(count: usize) -> (Vec<CustomerV1>, Vec<CustomerV2>) {
    let mut v1 = Vec::new();
    let mut v2 = Vec::new();
    for i in 0..count {
        let id = 1000 + i as i64;
        let email = (i % 3 != 0).then(|| format!("customer{id}@example.com"));
        if i % 2 == 0 {
            v1.push(CustomerV1 {
                id,
                name: format!("Customer {id}"),
                email,
            });
        } else {
            v2.push(CustomerV2 {
                id,
                name: format!("Customer {id}"),
                email,
                phone: (i % 4 == 1).then(|| format!("+3120555{id:04}")),
            });
        }
    }
    (v1, v2)
}

/// Runs the producers and the consumers over `count` messages.
pub fn exchange(count: usize) -> Result<Exchange> {
    let registry = InMemoryRegistry::new();
    let subject = topic_name_strategy(TOPIC, false);
    registry.set_compatibility(&subject, CompatibilityMode::Full);

    // Each producer registers its schema (a registry client would cache the id) and frames its
    // values with it.
    let old_producer = ConfluentEncoder::<CustomerV1>::register(&registry, &subject)?;
    let new_producer = ConfluentEncoder::<CustomerV2>::register(&registry, &subject)?;
    let (v1, v2) = customers(count);
    let mut messages = Vec::with_capacity(count);
    let (mut a, mut b) = (v1.iter(), v2.iter());
    loop {
        let (x, y) = (a.next(), b.next());
        if x.is_none() && y.is_none() {
            break;
        }
        if let Some(c) = x {
            messages.push(old_producer.to_vec(c)?);
        }
        if let Some(c) = y {
            messages.push(new_producer.to_vec(c)?);
        }
    }

    // Each consumer: one decoder over the registry, kept for the life of the consumer.
    let new_consumer = ConfluentDecoder::<CustomerV2, _>::new(&registry);
    let old_consumer = ConfluentDecoder::<CustomerV1, _>::new(&registry);
    let mut consumed = Vec::with_capacity(messages.len());
    for message in &messages {
        consumed.push(Consumed {
            schema_id: avro_runtime::framing::confluent::schema_id_of(message)?,
            by_new: new_consumer.decode_traced(message)?,
            by_old: old_consumer.decode_traced(message)?,
        });
    }

    let rename_refused = match registry.register(&subject, RENAME_WITHOUT_ALIAS) {
        Ok(id) => format!("accepted as id {id} (unexpected)"),
        Err(e) => e.to_string(),
    };
    Ok(Exchange {
        ids: [old_producer.schema_id(), new_producer.schema_id()],
        registry,
        subject,
        messages,
        consumed,
        rename_refused,
    })
}

/// The compatibility of one change to version 1 under one mode.
#[derive(Debug, Clone)]
pub struct Verdict {
    /// The change.
    pub change: &'static str,
    /// The mode.
    pub mode: CompatibilityMode,
    /// Why it is incompatible (empty: compatible).
    pub problems: Vec<String>,
}

impl Verdict {
    /// Whether the change is allowed under the mode.
    pub fn compatible(&self) -> bool {
        self.problems.is_empty()
    }
}

/// The verdicts of every change under every mode, as a registry checks a new version against the
/// latest one.
pub fn verdicts() -> Result<Vec<Verdict>> {
    let base = ParsedSchema::parse(V1, "v1")?;
    let mut out = Vec::new();
    for (change, json) in CHANGES {
        let changed = ParsedSchema::parse(json, change)?;
        let history = [
            Version {
                label: "v1",
                side: side(&base),
            },
            Version {
                label: "the changed schema",
                side: side(&changed),
            },
        ];
        for mode in MODES {
            out.push(Verdict {
                change,
                mode,
                problems: check(mode, &history)
                    .iter()
                    .map(ToString::to_string)
                    .collect(),
            });
        }
    }
    Ok(out)
}

fn side(p: &ParsedSchema) -> Side<'_> {
    Side {
        set: p.set(),
        schema: p.schema(),
    }
}

/// The subject names of `Customer` under Confluent's three strategies.
pub fn subject_names() -> Result<[(&'static str, String); 3]> {
    Ok([
        ("TopicNameStrategy", topic_name_strategy(TOPIC, false)),
        ("RecordNameStrategy", record_name_strategy::<CustomerV2>()?),
        (
            "TopicRecordNameStrategy",
            topic_record_name_strategy::<CustomerV2>(TOPIC)?,
        ),
    ])
}

/// The first `n` bytes of a message in hex, the header apart: `00 00 00 00 01 | d0 0f ..`.
pub fn hex_head(message: &[u8], n: usize) -> String {
    let hex = |b: &[u8]| {
        b.iter()
            .map(|x| format!("{x:02x}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let shown = &message[..n.min(message.len())];
    let (header, datum) = shown.split_at(5.min(shown.len()));
    let more = if message.len() > n { " .." } else { "" };
    format!("{} | {}{more}", hex(header), hex(datum))
}
