//! The Acme schema repository: the `.avsc` files under `schemas/` (namespaces `com.acme.common`,
//! `com.acme.customers`, `com.acme.orders`, referencing each other across files) and the Rust
//! bindings `build.rs` generates for them, for every service to depend on.
//!
//! ```text
//! schemas/common/     currency.avsc money.avsc address.avsc   com.acme.common.{Currency, Money, Address}
//! schemas/customers/  customer.avsc                           com.acme.customers.Customer
//! schemas/orders/     v1.avsc v2.avsc                         com.acme.orders.Order, version history
//! ```
//!
//! `com::acme::orders::Order` is version 2 and reads data written with version 1 through a
//! decoder generated for it; `legacy::orders_v1` is version 1 on its own, for producers that
//! still write it. [`exchange`] is the producer and consumer logic of the `producer` and
//! `consumer` binaries, which exchange orders of both versions and customers through Avro
//! container files.

include!(concat!(env!("OUT_DIR"), "/repo.rs"));

pub mod exchange;
