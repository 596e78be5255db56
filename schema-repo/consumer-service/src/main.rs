//! The consumer service: reads the files the producer service wrote with the current generated
//! types of the schema repository, whichever schema version wrote them, and prints what it read.
//!
//! Run: `cargo run -p consumer-service [-- DIR]` after the producer service.

use schema_repo::exchange::{consume, default_dir};

fn main() -> Result<(), schema_repo::exchange::Error> {
    let dir = std::env::args_os()
        .nth(1)
        .map(Into::into)
        .unwrap_or_else(default_dir);
    let consumed = consume(&dir)?;
    for file in &consumed.files {
        println!(
            "{}: {} records, writer schema {:016x}, decoded via {:?}",
            file.name, file.records, file.writer_fingerprint, file.path
        );
    }
    for customer in &consumed.customers {
        println!(
            "customer {} {:?} {:?} tier {:?} credit {} {}",
            customer.id,
            customer.name,
            customer.email,
            customer.tier,
            customer.credit_limit.amount_minor,
            customer.credit_limit.currency.as_str()
        );
    }
    for order in &consumed.orders {
        println!(
            "order {} customer {} status {:?} lines {} ship to {:?} channel {}",
            order.order_id,
            order.customer_id,
            order.status,
            order
                .lines
                .iter()
                .map(|l| format!("{}x{}", l.quantity, l.sku))
                .collect::<Vec<_>>()
                .join(","),
            order.shipping_address.as_ref().map(|a| a.city.as_str()),
            order.channel
        );
    }
    for ((customer, currency), total) in consumed.totals() {
        println!("total customer {customer}: {total} {currency} (minor units)");
    }
    Ok(())
}
