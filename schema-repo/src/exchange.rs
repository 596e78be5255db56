//! A producer and a consumer exchanging versioned data through Avro object container files in a
//! directory:
//!
//! * `customers.avro`: customers (current schema);
//! * `orders-v1.avro`: orders from a producer still built with order schema version 1;
//! * `orders-v2.avro`: orders from a producer built with version 2;
//! * `orders-v3.avro`: orders from an up-to-date producer (version 3).
//!
//! The consumer reads every file with the current generated types. Each file's header carries
//! its writer schema; the reader picks the decoder once per file: the type's own for
//! `orders-v3.avro` and `customers.avro`, the ones generated for versions 1 and 2 for the others
//! (`quantity` promoted from int to long, `status` = PLACED and `shipping_address` = null for
//! version 1, `channel` = "web" for both).

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use avro_runtime::container::{DecodePath, Reader, Writer};
use avro_runtime::{AvroSchema, Encode, KnownWriters, TimestampMillis};

use crate::com::acme::common::{Address, Currency, Money};
use crate::com::acme::customers::{Customer, Tier};
use crate::com::acme::orders::{Order, OrderLine, OrderStatus};
use crate::legacy::orders_v1::com::acme as v1;
use crate::legacy::orders_v2::com::acme as v2;

/// Errors of the exchange: Avro errors and I/O errors.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// The customers file.
pub const CUSTOMERS_FILE: &str = "customers.avro";
/// The orders written with order schema version 1.
pub const ORDERS_V1_FILE: &str = "orders-v1.avro";
/// The orders written with order schema version 2.
pub const ORDERS_V2_FILE: &str = "orders-v2.avro";
/// The orders written with order schema version 3, the current one.
pub const ORDERS_V3_FILE: &str = "orders-v3.avro";

/// The customers the producer publishes.
pub fn customers(count: usize) -> Vec<Customer> {
    (0..count as i64)
        .map(|i| Customer {
            id: 100 + i,
            name: format!("Customer {}", 100 + i),
            email: (i % 2 == 0).then(|| format!("c{}@example.com", 100 + i)),
            billing_address: Address {
                street: format!("Keizersgracht {}", 1 + i),
                city: "Amsterdam".into(),
                postal_code: "1015 CJ".into(),
                country: "NL".into(),
            },
            credit_limit: Money {
                amount_minor: 50_000 * (1 + i),
                currency: Currency::Eur,
            },
            tier: if i % 3 == 0 {
                Tier::Gold
            } else {
                Tier::Standard
            },
        })
        .collect()
}

/// Orders as the producer still on version 1 writes them.
pub fn orders_v1(count: usize, customers: usize) -> Vec<v1::orders::Order> {
    (0..count as i64)
        .map(|i| v1::orders::Order {
            order_id: format!("A-{i:05}"),
            customer_id: 100 + i % customers as i64,
            lines: (0..1 + i % 3)
                .map(|l| v1::orders::OrderLine {
                    sku: format!("SKU-{l}"),
                    quantity: 1 + l as i32,
                    unit_price: v1::common::Money {
                        amount_minor: 250 + 100 * l,
                        currency: v1::common::Currency::Eur,
                    },
                })
                .collect(),
            placed_at: TimestampMillis(1_700_000_000_000 + 60_000 * i),
        })
        .collect()
}

/// Orders as a producer on version 2 writes them.
pub fn orders_v2(count: usize, customers: usize) -> Vec<v2::orders::Order> {
    (0..count as i64)
        .map(|i| v2::orders::Order {
            order_id: format!("B-{i:05}"),
            customer_id: 100 + i % customers as i64,
            lines: vec![v2::orders::OrderLine {
                sku: "SKU-BULK".into(),
                quantity: 5_000_000_000 + i,
                unit_price: v2::common::Money {
                    amount_minor: 1,
                    currency: v2::common::Currency::Usd,
                },
            }],
            placed_at: TimestampMillis(1_710_000_000_000 + 60_000 * i),
            status: if i % 2 == 0 {
                v2::orders::OrderStatus::Paid
            } else {
                v2::orders::OrderStatus::Shipped
            },
            shipping_address: (i % 2 == 1).then(|| v2::common::Address {
                street: "Dock 7".into(),
                city: "Rotterdam".into(),
                postal_code: "3011 AA".into(),
                country: "NL".into(),
            }),
        })
        .collect()
}

/// Orders as an up-to-date producer (version 3) writes them.
pub fn orders_v3(count: usize, customers: usize) -> Vec<Order> {
    (0..count as i64)
        .map(|i| Order {
            order_id: format!("C-{i:05}"),
            customer_id: 100 + i % customers as i64,
            lines: vec![OrderLine {
                sku: format!("SKU-{}", 10 + i),
                quantity: 1 + i,
                unit_price: Money {
                    amount_minor: 999,
                    currency: Currency::Gbp,
                },
            }],
            placed_at: TimestampMillis(1_720_000_000_000 + 60_000 * i),
            status: OrderStatus::Placed,
            shipping_address: None,
            channel: ["store", "phone", "web"][i as usize % 3].into(),
        })
        .collect()
}

/// What the producer wrote: each file with its record count and writer fingerprint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The file.
    pub path: PathBuf,
    /// Records written.
    pub records: u64,
    /// CRC-64-AVRO fingerprint of the schema written into the header.
    pub fingerprint: u64,
}

/// Writes `values` to a new container file `dir/name`.
fn write_file<T: AvroSchema + Encode>(
    dir: &Path,
    name: &str,
    values: &[T],
) -> Result<Written, Error> {
    let path = dir.join(name);
    let mut writer = Writer::<_, T>::new(BufWriter::new(File::create(&path)?))?;
    writer.extend(values)?;
    let records = writer.records_written();
    writer.finish()?.flush()?;
    Ok(Written {
        path,
        records,
        fingerprint: T::RABIN_FINGERPRINT,
    })
}

/// The producer: writes the four files into `dir` (created if needed).
pub fn produce(
    dir: &Path,
    customers_count: usize,
    orders_count: usize,
) -> Result<Vec<Written>, Error> {
    std::fs::create_dir_all(dir)?;
    Ok(vec![
        write_file(dir, CUSTOMERS_FILE, &customers(customers_count))?,
        write_file(
            dir,
            ORDERS_V1_FILE,
            &orders_v1(orders_count, customers_count),
        )?,
        write_file(
            dir,
            ORDERS_V2_FILE,
            &orders_v2(orders_count, customers_count),
        )?,
        write_file(
            dir,
            ORDERS_V3_FILE,
            &orders_v3(orders_count, customers_count),
        )?,
    ])
}

/// How the consumer read one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileRead {
    /// The file name.
    pub name: String,
    /// CRC-64-AVRO fingerprint of the writer schema in its header.
    pub writer_fingerprint: u64,
    /// The decoder used for its records.
    pub path: DecodePath,
    /// Records read.
    pub records: usize,
}

/// What the consumer read.
#[derive(Debug, Clone, Default)]
pub struct Consumed {
    /// Every file, in reading order.
    pub files: Vec<FileRead>,
    /// The customers.
    pub customers: Vec<Customer>,
    /// The orders of every version, as the current version.
    pub orders: Vec<Order>,
}

impl Consumed {
    /// Order totals per customer and currency, in minor units.
    pub fn totals(&self) -> BTreeMap<(i64, &'static str), i128> {
        let mut totals = BTreeMap::new();
        for order in &self.orders {
            for line in &order.lines {
                *totals
                    .entry((order.customer_id, line.unit_price.currency.as_str()))
                    .or_default() +=
                    i128::from(line.quantity) * i128::from(line.unit_price.amount_minor);
            }
        }
        totals
    }
}

/// Reads every record of the container file `dir/name` as `T`.
fn read_file<T: KnownWriters>(
    dir: &Path,
    name: &str,
    into: &mut Vec<T>,
) -> Result<FileRead, Error> {
    let path = dir.join(name);
    let file = File::open(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let reader = Reader::<_, T>::new(BufReader::new(file))
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let (writer_fingerprint, decode_path) = (reader.writer_fingerprint(), reader.decode_path());
    let before = into.len();
    for record in reader {
        into.push(record.map_err(|e| format!("{}: {e}", path.display()))?);
    }
    Ok(FileRead {
        name: name.to_string(),
        writer_fingerprint,
        path: decode_path,
        records: into.len() - before,
    })
}

/// The consumer: reads the four files of `dir` with the current types.
pub fn consume(dir: &Path) -> Result<Consumed, Error> {
    let mut consumed = Consumed::default();
    let customers = read_file(dir, CUSTOMERS_FILE, &mut consumed.customers)?;
    consumed.files.push(customers);
    for name in [ORDERS_V1_FILE, ORDERS_V2_FILE, ORDERS_V3_FILE] {
        let read = read_file(dir, name, &mut consumed.orders)?;
        consumed.files.push(read);
    }
    Ok(consumed)
}

/// Where the binaries exchange files when no directory is given.
pub fn default_dir() -> PathBuf {
    std::env::temp_dir().join("schema-repo-exchange")
}
