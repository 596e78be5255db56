//! The three benchmark schemas: how to generate a record, and how to express it for each contender.

use std::collections::HashMap;
use std::fmt::Debug;

use avro_runtime::{DecodeOwned, Encode, TimestampMillis};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::hand;
use crate::model::{self, Batch, Event, Item, Kind};
use crate::ours::bench;
use crate::rng::Rng;

/// A benchmark schema with its record type in every contender's form.
pub trait BenchSchema {
    /// Short name used in the report (`event_a`, ...).
    const NAME: &'static str;
    /// The `.avsc` text.
    const SCHEMA_JSON: &'static str;
    /// Whether records hold maps, whose entry order differs between encoders (compare after decoding).
    const HAS_MAPS: bool;
    /// Seed of the generator for this schema.
    const SEED: u64;

    /// The owned serde model (apache-avro, serde_avro_fast).
    type Model: Debug + Clone + PartialEq + Serialize + DeserializeOwned;
    /// The borrowed serde model (serde_avro_fast borrowed).
    type Borrowed<'a>: Deserialize<'a>;
    /// The `avro-build` generated type.
    type Ours: Debug + Clone + PartialEq + Encode + DecodeOwned;
    /// The prost message.
    type Pb: Debug + Clone + PartialEq + prost::Message + Default;

    /// One record from the deterministic generator.
    fn generate(rng: &mut Rng) -> Self::Model;
    /// The same record as our generated type.
    fn to_ours(m: &Self::Model) -> Self::Ours;
    /// The same record as a prost message.
    fn to_pb(m: &Self::Model) -> Self::Pb;
    /// The owned model of a borrowed record.
    fn borrowed_to_model(b: &Self::Borrowed<'_>) -> Self::Model;

    /// The hand-written decoder ([`hand`]).
    fn hand_decode(bytes: &[u8]) -> hand::Result<Self::Ours>;
    /// The hand-written safe encoder (`Vec` pushes).
    fn hand_encode_push(value: &Self::Ours, out: &mut Vec<u8>);
    /// The hand-written reserve-once encoder (`avro_runtime::encode::put`).
    fn hand_encode_put(value: &Self::Ours, out: &mut Vec<u8>);
}

/// `schemas/bench/event_a.avsc`.
pub struct EventA;
/// `schemas/bench/batch_b.avsc`.
pub struct BatchB;
/// `schemas/bench/wide_c.avsc`.
pub struct WideC;

fn kind_to_ours(k: Kind) -> bench::Kind {
    match k {
        Kind::Click => bench::Kind::Click,
        Kind::View => bench::Kind::View,
        Kind::Purchase => bench::Kind::Purchase,
        Kind::Signup => bench::Kind::Signup,
        Kind::Logout => bench::Kind::Logout,
    }
}

/// Milliseconds around 2023–2026.
fn timestamp(rng: &mut Rng) -> i64 {
    1_700_000_000_000 + rng.below(100_000_000_000) as i64
}

impl BenchSchema for EventA {
    const NAME: &'static str = "event_a";
    const SCHEMA_JSON: &'static str = include_str!("../../schemas/bench/event_a.avsc");
    const HAS_MAPS: bool = false;
    const SEED: u64 = 0xA;

    type Model = Event;
    type Borrowed<'a> = model::EventRef<'a>;
    type Ours = bench::Event;
    type Pb = model::EventPb;

    fn generate(rng: &mut Rng) -> Event {
        Event {
            id: rng.below(1 << 32) as i64,
            name: rng.ascii(8, 16),
            count: rng.below(10_000) as i32,
            score: rng.f64() * 1000.0,
            active: rng.boolean(),
            note: if rng.boolean() {
                Some(rng.ascii(8, 16))
            } else {
                None
            },
            kind: Kind::ALL[rng.below(5) as usize],
            ts: timestamp(rng),
            payload: rng.bytes(16, 16),
            description: rng.ascii(26, 34),
        }
    }

    fn to_ours(m: &Event) -> bench::Event {
        bench::Event {
            id: m.id,
            name: m.name.clone(),
            count: m.count,
            score: m.score,
            active: m.active,
            note: m.note.clone(),
            kind: kind_to_ours(m.kind),
            ts: TimestampMillis(m.ts),
            payload: m.payload.clone(),
            description: m.description.clone(),
        }
    }

    fn to_pb(m: &Event) -> model::EventPb {
        m.into()
    }

    fn borrowed_to_model(b: &model::EventRef<'_>) -> Event {
        b.to_model()
    }

    fn hand_decode(bytes: &[u8]) -> hand::Result<bench::Event> {
        hand::decode_event(bytes)
    }

    fn hand_encode_push(value: &bench::Event, out: &mut Vec<u8>) {
        hand::encode_event_push(value, out)
    }

    fn hand_encode_put(value: &bench::Event, out: &mut Vec<u8>) {
        hand::encode_event_put(value, out)
    }
}

const ATTR_KEYS: [&str; 3] = ["color", "size", "origin"];

impl BenchSchema for BatchB {
    const NAME: &'static str = "batch_b";
    const SCHEMA_JSON: &'static str = include_str!("../../schemas/bench/batch_b.avsc");
    const HAS_MAPS: bool = true;
    const SEED: u64 = 0xB;

    type Model = Batch;
    type Borrowed<'a> = model::BatchRef<'a>;
    type Ours = bench::Batch;
    type Pb = model::BatchPb;

    fn generate(rng: &mut Rng) -> Batch {
        Batch {
            id: rng.below(1 << 40) as i64,
            source: rng.ascii(8, 16),
            created: timestamp(rng),
            items: (0..20)
                .map(|_| Item {
                    sku: rng.ascii(8, 12),
                    qty: rng.range(1, 100) as i32,
                    price: rng.below(1_000_000) as f64 / 100.0,
                    attrs: ATTR_KEYS
                        .iter()
                        .map(|k| ((*k).to_owned(), rng.ascii(6, 12)))
                        .collect::<HashMap<_, _>>(),
                })
                .collect(),
        }
    }

    fn to_ours(m: &Batch) -> bench::Batch {
        bench::Batch {
            id: m.id,
            source: m.source.clone(),
            created: TimestampMillis(m.created),
            items: m
                .items
                .iter()
                .map(|i| bench::Item {
                    sku: i.sku.clone(),
                    qty: i.qty,
                    price: i.price,
                    attrs: i.attrs.clone(),
                })
                .collect(),
        }
    }

    fn to_pb(m: &Batch) -> model::BatchPb {
        m.into()
    }

    fn borrowed_to_model(b: &model::BatchRef<'_>) -> Batch {
        b.to_model()
    }

    fn hand_decode(bytes: &[u8]) -> hand::Result<bench::Batch> {
        hand::decode_batch(bytes)
    }

    fn hand_encode_push(value: &bench::Batch, out: &mut Vec<u8>) {
        hand::encode_batch_push(value, out)
    }

    fn hand_encode_put(value: &bench::Batch, out: &mut Vec<u8>) {
        hand::encode_batch_put(value, out)
    }
}

impl BenchSchema for WideC {
    const NAME: &'static str = "wide_c";
    const SCHEMA_JSON: &'static str = include_str!("../../schemas/bench/wide_c.avsc");
    const HAS_MAPS: bool = false;
    const SEED: u64 = 0xC;

    type Model = model::Wide;
    type Borrowed<'a> = model::WideRef<'a>;
    type Ours = bench::Wide;
    type Pb = model::WidePb;

    fn generate(rng: &mut Rng) -> model::Wide {
        model::generate_wide(rng)
    }

    fn to_ours(m: &model::Wide) -> bench::Wide {
        model::wide_to_ours(m)
    }

    fn to_pb(m: &model::Wide) -> model::WidePb {
        model::wide_to_pb(m)
    }

    fn borrowed_to_model(b: &model::WideRef<'_>) -> model::Wide {
        model::wide_ref_to_model(b)
    }

    fn hand_decode(bytes: &[u8]) -> hand::Result<bench::Wide> {
        hand::decode_wide(bytes)
    }

    fn hand_encode_push(value: &bench::Wide, out: &mut Vec<u8>) {
        hand::encode_wide_push(value, out)
    }

    fn hand_encode_put(value: &bench::Wide, out: &mut Vec<u8>) {
        hand::encode_wide_put(value, out)
    }
}
