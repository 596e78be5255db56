//! The producer writes customers and orders of both schema versions as container files; the
//! consumer reads them all with the current types, by the expected decoder, with the values the
//! resolution rules give. Run as library calls and as the two binaries.

use std::path::PathBuf;
use std::process::Command;

use avro_runtime::container::DecodePath;
use avro_runtime::{AvroSchema, KnownWriters};
use schema_repo::com::acme::common::{Currency, Money};
use schema_repo::com::acme::customers::Customer;
use schema_repo::com::acme::orders::{Order, OrderLine, OrderStatus};
use schema_repo::exchange::{
    consume, customers, orders_v1, orders_v2, produce, CUSTOMERS_FILE, ORDERS_V1_FILE,
    ORDERS_V2_FILE,
};
use schema_repo::legacy::orders_v1::com::acme::orders::Order as OrderV1;

/// A fresh directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("schema-repo-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// Version 1 orders as version 2 reads them: quantity widened, status PLACED, no address.
fn as_v2(order: &OrderV1) -> Order {
    Order {
        order_id: order.order_id.clone(),
        customer_id: order.customer_id,
        lines: order
            .lines
            .iter()
            .map(|l| OrderLine {
                sku: l.sku.clone(),
                quantity: l.quantity.into(),
                unit_price: Money {
                    amount_minor: l.unit_price.amount_minor,
                    currency: match l.unit_price.currency.as_str() {
                        "EUR" => Currency::Eur,
                        "USD" => Currency::Usd,
                        "GBP" => Currency::Gbp,
                        _ => Currency::Other,
                    },
                },
            })
            .collect(),
        placed_at: order.placed_at,
        status: OrderStatus::Placed,
        shipping_address: None,
    }
}

#[test]
fn the_repository_knows_the_order_history() {
    // The current Order knows version 1 as an earlier writer, by fingerprint.
    assert_eq!(Order::WRITERS.len(), 2);
    assert_eq!(Order::WRITERS[0].0, Order::RABIN_FINGERPRINT);
    assert_eq!(Order::WRITERS[1].0, OrderV1::RABIN_FINGERPRINT);
    // Cross-file references are inlined into each type's full schema.
    assert!(
        Order::SCHEMA_JSON.contains(r#""name":"Money""#)
            || Order::SCHEMA_JSON.contains("com.acme.common.Money")
    );
    assert!(
        Customer::CANONICAL_FORM.contains(r#"{"name":"com.acme.common.Address","type":"record""#)
    );
    assert!(
        Customer::CANONICAL_FORM.contains(r#"{"name":"com.acme.common.Currency","type":"enum""#)
    );
}

#[test]
fn producer_then_consumer() {
    let dir = scratch("logic");
    let written = produce(&dir, 5, 7).unwrap();
    assert_eq!(
        written.iter().map(|w| w.records).collect::<Vec<_>>(),
        [5, 7, 7]
    );
    assert_eq!(written[1].fingerprint, OrderV1::RABIN_FINGERPRINT);

    let consumed = consume(&dir).unwrap();
    let files: Vec<(&str, DecodePath, usize, u64)> = consumed
        .files
        .iter()
        .map(|f| (f.name.as_str(), f.path, f.records, f.writer_fingerprint))
        .collect();
    assert_eq!(
        files,
        [
            (
                CUSTOMERS_FILE,
                DecodePath::Own,
                5,
                Customer::RABIN_FINGERPRINT
            ),
            (
                ORDERS_V1_FILE,
                DecodePath::KnownWriter,
                7,
                OrderV1::RABIN_FINGERPRINT
            ),
            (ORDERS_V2_FILE, DecodePath::Own, 7, Order::RABIN_FINGERPRINT),
        ]
    );
    assert_eq!(consumed.customers, customers(5));
    let mut expected: Vec<Order> = orders_v1(7, 5).iter().map(as_v2).collect();
    expected.extend(orders_v2(7, 5));
    assert_eq!(consumed.orders, expected);
    // Quantities beyond i32 (only version 2 can write them) and version 1's defaults.
    assert!(consumed
        .orders
        .iter()
        .any(|o| o.lines[0].quantity > i64::from(i32::MAX)));
    assert!(consumed.orders[..7]
        .iter()
        .all(|o| o.status == OrderStatus::Placed));
    // Customer 100 placed orders 0 (one line) and 5 (three lines) with version 1, and orders 0
    // and 5 (one line of a unit price of 1 USD cent) with version 2.
    let totals = consumed.totals();
    assert_eq!(totals[&(100, "EUR")], 250 + (250 + 2 * 350 + 3 * 450));
    assert_eq!(totals[&(100, "USD")], 5_000_000_000 + 5_000_000_005);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_damaged_file_is_a_clear_error() {
    let dir = scratch("damaged");
    produce(&dir, 2, 3).unwrap();
    let path = dir.join(ORDERS_V1_FILE);
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() - 20]).unwrap();
    let err = consume(&dir).unwrap_err().to_string();
    assert!(err.contains(ORDERS_V1_FILE), "{err}");
    std::fs::remove_file(dir.join(ORDERS_V2_FILE)).unwrap();
    std::fs::write(&path, &bytes).unwrap();
    let err = consume(&dir).unwrap_err().to_string();
    assert!(err.contains(ORDERS_V2_FILE), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_binaries_exchange_through_a_directory() {
    let dir = scratch("binaries");
    let run = |bin: &str| {
        let out = Command::new(bin).arg(&dir).output().unwrap();
        assert!(
            out.status.success(),
            "{bin}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let produced = run(env!("CARGO_BIN_EXE_producer"));
    assert_eq!(produced.lines().count(), 3, "{produced}");
    assert!(produced.contains(&format!("{:016x}", OrderV1::RABIN_FINGERPRINT)));
    let consumed = run(env!("CARGO_BIN_EXE_consumer"));
    assert!(
        consumed.contains("orders-v1.avro: 6 records, writer schema")
            && consumed.contains("decoded via KnownWriter"),
        "{consumed}"
    );
    assert!(
        consumed.contains(
            "order A-00001 customer 101 status Placed lines 1xSKU-0,2xSKU-1 ship to None"
        ),
        "{consumed}"
    );
    assert!(
        consumed.contains("order B-00001 customer 101 status Shipped"),
        "{consumed}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
