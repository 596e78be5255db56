//! The Acme schema repository: the `.avsc` files under `schemas/` (namespaces `com.acme.common`,
//! `com.acme.customers`, `com.acme.orders`, referencing each other across files) and the Rust
//! bindings `build.rs` generates for them, for every service to depend on.
//!
//! ```text
//! schemas/common/     currency.avsc money.avsc address.avsc   com.acme.common.{Currency, Money, Address}
//! schemas/customers/  customer.avsc                           com.acme.customers.Customer
//! schemas/orders/     v1.avsc v2.avsc v3.avsc                 com.acme.orders.Order, version history
//! ```
//!
//! `com::acme::orders::Order` is version 3 and reads data written with versions 1 and 2 through
//! decoders generated for them; `legacy::orders_v1` and `legacy::orders_v2` are those versions on
//! their own, for producers that still write them. Every version history must stay
//! BACKWARD_TRANSITIVE compatible (`build/generate.rs`): a new version that cannot read the data
//! of every earlier one fails the build. [`exchange`] is the producer and consumer logic of the
//! two services depending on this crate (`producer-service` and `consumer-service`), which
//! exchange orders of every version and customers through Avro container files.

include!(concat!(env!("OUT_DIR"), "/repo.rs"));

pub mod exchange;
