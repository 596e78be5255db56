//! `#[derive(AvroSchema)]` on a small shop domain model (examples/src/derive_model.rs): the
//! schema printed as the types define it, an order encoded and decoded back, a line read as a
//! zero-copy view, and an order written by an older version read as the current type.
//!
//! Run: `cargo run -p examples --example derive_model`

use avro_runtime::AvroSchema;
use examples::derive_model::{self, Order};

fn main() -> Result<(), avro_runtime::Error> {
    println!("schema:      {}", Order::SCHEMA_JSON);
    println!("canonical:   {}", Order::CANONICAL_FORM);
    println!(
        "fingerprint: {:016x} (CRC-64-AVRO)",
        Order::RABIN_FINGERPRINT
    );

    let report = derive_model::run()?;
    println!("order:       {:?}", report.order);
    println!(
        "encoded:     {} bytes: {}",
        report.bytes.len(),
        report
            .bytes
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    assert_eq!(
        Order {
            cached_total: report.order.cached_total,
            ..report.decoded.clone()
        },
        report.order,
        "decoded order"
    );
    println!("decoded:     equal to the order (the skipped `cached_total` is back to None)");
    println!(
        "line view:   strings borrowed from the input: {}",
        report.views_borrow_input
    );
    println!(
        "from v1:     email {:?}, note {:?}, labels {:?}",
        report.from_v1.customer.email, report.from_v1.note, report.from_v1.labels
    );
    Ok(())
}
