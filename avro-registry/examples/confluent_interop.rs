//! The Rust side of scripts/make-confluent-fixtures.sh: a producer that registers `Payment`
//! (tests/schemas/payment.avsc) through the registry client and writes Confluent-framed
//! messages, for Confluent's Python deserializer to read.
//!
//! Run: `cargo run -p avro-registry --example confluent_interop -- REGISTRY_URL OUT.jsonl`.
//! Each line of OUT: `{"subject", "schema_id", "avro_json" (the value in the Avro JSON
//! encoding), "frame" (hex)}`.

use std::fmt::Write as _;

use avro_registry::RegistryClient;
use avro_runtime::framing::topic_name_strategy;
use avro_runtime::json::ToAvroJson;
use avro_runtime::TimestampMillis;

mod avro {
    avro_derive::include_schema!("tests/schemas/payment.avsc", avro_json = true);
}
use avro::com::example::payments::{Card, Currency, Payment};

/// Payments covering every field shape: no card and a card, empty and full collections, a
/// negative amount, the extremes of `long`, non-ASCII text, every byte value.
fn payments() -> Vec<Payment> {
    let currencies = [Currency::Eur, Currency::Usd, Currency::Gbp, Currency::Other];
    (0..8i64)
        .map(|i| Payment {
            id: format!("rust-{i}-€"),
            amount_cents: match i {
                0 => i64::MIN,
                1 => i64::MAX,
                2 => -250,
                _ => 1000 * i + 99,
            },
            currency: currencies[i as usize % 4],
            created_at: TimestampMillis(1_700_000_000_000 + 86_400_000 * i),
            method: (i % 2 == 1).then(|| Card {
                last4: format!("{:04}", 1000 + i),
                network: ["visa", "mastercard"][i as usize % 2].into(),
            }),
            tags: (0..i % 3).map(|t| format!("tag{t}")).collect(),
            metadata: (0..i % 4)
                .map(|k| (format!("k{k}"), format!("v{k} ✓")))
                .collect(),
            refunded: i % 3 == 0,
            rate: [0.1, -2.5e-300, 1e300, 42.0][i as usize % 4],
            checksum: (0..=255u8).skip(32 * i as usize).take(40).collect(),
        })
        .collect()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [url, out] = args.as_slice() else {
        return Err("usage: confluent_interop REGISTRY_URL OUT.jsonl".into());
    };
    let registry = RegistryClient::new(url)?;
    let subject = topic_name_strategy("rust-payments", false);
    let encoder = registry.encoder::<Payment>(&subject)?;
    let mut lines = String::new();
    for payment in payments() {
        let frame = encoder.to_vec(&payment)?;
        let line = serde_json::json!({
            "subject": subject,
            "schema_id": encoder.schema_id(),
            "avro_json": payment.to_avro_json()?,
            "frame": frame.iter().fold(String::new(), |mut s, b| {
                let _ = write!(s, "{b:02x}");
                s
            }),
        });
        writeln!(lines, "{line}")?;
    }
    std::fs::write(out, lines)?;
    Ok(())
}
