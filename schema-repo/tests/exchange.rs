//! The producer writes customers and orders of every schema version as container files; the
//! consumer reads them all with the current types, by the expected decoder, with the values the
//! resolution rules give. (The two service crates run the same logic as binaries.)

use std::path::PathBuf;

use avro_runtime::container::DecodePath;
use avro_runtime::{AvroSchema, KnownWriters};
use schema_repo::com::acme::common::{Address, Currency, Money};
use schema_repo::com::acme::customers::Customer;
use schema_repo::com::acme::orders::{Order, OrderLine, OrderStatus};
use schema_repo::exchange::{
    consume, customers, orders_v1, orders_v2, orders_v3, produce, CUSTOMERS_FILE, ORDERS_V1_FILE,
    ORDERS_V2_FILE, ORDERS_V3_FILE,
};
use schema_repo::legacy::orders_v1::com::acme::orders::Order as OrderV1;
use schema_repo::legacy::orders_v2::com::acme::orders::Order as OrderV2;

/// A fresh directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("schema-repo-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// An order line as version 3 reads it, from the parts every version has.
fn line(sku: &str, quantity: i64, amount_minor: i64, currency: &str) -> OrderLine {
    OrderLine {
        sku: sku.to_string(),
        quantity,
        unit_price: Money {
            amount_minor,
            currency: match currency {
                "EUR" => Currency::Eur,
                "USD" => Currency::Usd,
                "GBP" => Currency::Gbp,
                _ => Currency::Other,
            },
        },
    }
}

/// Version 1 orders as version 3 reads them: quantity widened, status PLACED, no address, channel
/// "web".
fn v1_as_current(order: &OrderV1) -> Order {
    Order {
        order_id: order.order_id.clone(),
        customer_id: order.customer_id,
        lines: order
            .lines
            .iter()
            .map(|l| {
                let price = &l.unit_price;
                line(
                    &l.sku,
                    l.quantity.into(),
                    price.amount_minor,
                    price.currency.as_str(),
                )
            })
            .collect(),
        placed_at: order.placed_at,
        status: OrderStatus::Placed,
        shipping_address: None,
        channel: "web".into(),
    }
}

/// Version 2 orders as version 3 reads them: channel "web".
fn v2_as_current(order: &OrderV2) -> Order {
    Order {
        order_id: order.order_id.clone(),
        customer_id: order.customer_id,
        lines: order
            .lines
            .iter()
            .map(|l| {
                let price = &l.unit_price;
                line(
                    &l.sku,
                    l.quantity,
                    price.amount_minor,
                    price.currency.as_str(),
                )
            })
            .collect(),
        placed_at: order.placed_at,
        status: match order.status.as_str() {
            "PAID" => OrderStatus::Paid,
            "SHIPPED" => OrderStatus::Shipped,
            "CANCELLED" => OrderStatus::Cancelled,
            _ => OrderStatus::Placed,
        },
        shipping_address: order.shipping_address.as_ref().map(|a| Address {
            street: a.street.clone(),
            city: a.city.clone(),
            postal_code: a.postal_code.clone(),
            country: a.country.clone(),
        }),
        channel: "web".into(),
    }
}

#[test]
fn the_repository_knows_the_order_history() {
    // The current Order knows versions 1 and 2 as earlier writers, by fingerprint.
    let writers: Vec<u64> = Order::WRITERS.iter().map(|(fp, _)| *fp).collect();
    assert_eq!(writers.len(), 3);
    assert_eq!(writers[0], Order::RABIN_FINGERPRINT);
    assert!(writers.contains(&OrderV1::RABIN_FINGERPRINT));
    assert!(writers.contains(&OrderV2::RABIN_FINGERPRINT));
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
        [5, 7, 7, 7]
    );
    assert_eq!(written[1].fingerprint, OrderV1::RABIN_FINGERPRINT);
    assert_eq!(written[2].fingerprint, OrderV2::RABIN_FINGERPRINT);

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
            (
                ORDERS_V2_FILE,
                DecodePath::KnownWriter,
                7,
                OrderV2::RABIN_FINGERPRINT
            ),
            (ORDERS_V3_FILE, DecodePath::Own, 7, Order::RABIN_FINGERPRINT),
        ]
    );
    assert_eq!(consumed.customers, customers(5));
    let mut expected: Vec<Order> = orders_v1(7, 5).iter().map(v1_as_current).collect();
    expected.extend(orders_v2(7, 5).iter().map(v2_as_current));
    expected.extend(orders_v3(7, 5));
    assert_eq!(consumed.orders, expected);
    // Version 3's own field, and its default for earlier writers.
    assert!(consumed.orders[..14].iter().all(|o| o.channel == "web"));
    assert!(consumed.orders[14..].iter().any(|o| o.channel == "store"));
    // Quantities beyond i32 (only version 2 can write them) and version 1's defaults.
    assert!(consumed
        .orders
        .iter()
        .any(|o| o.lines[0].quantity > i64::from(i32::MAX)));
    assert!(consumed.orders[..7]
        .iter()
        .all(|o| o.status == OrderStatus::Placed));
    // Customer 100 placed orders 0 (one line) and 5 (three lines) with version 1, orders 0 and 5
    // (one line of a unit price of 1 USD cent) with version 2, and orders 0 and 5 (1 and 6 items
    // at 9.99 GBP) with version 3.
    let totals = consumed.totals();
    assert_eq!(totals[&(100, "EUR")], 250 + (250 + 2 * 350 + 3 * 450));
    assert_eq!(totals[&(100, "USD")], 5_000_000_000 + 5_000_000_005);
    assert_eq!(totals[&(100, "GBP")], 999 + 6 * 999);
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
