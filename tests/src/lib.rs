//! Test support for the workspace's integration tests.
//!
//! Independent oracles, never our own encoder checking our own decoder:
//!
//! * **fastavro fixtures** (`tests/fixtures/*.jsonl`, made by `scripts/make-fixtures.sh`; see
//!   `tests/fixtures/README.md`): random datums of every schema in `tests/data/`, each line the
//!   oracle's binary encoding and the datum in Avro JSON. Load them with [`fixtures`] or walk
//!   [`fixture_index`]; turn a datum into an apache-avro [`Value`](apache_avro::types::Value)
//!   with [`avro_json_to_value`].
//! * **apache-avro** values: [`arb_value`] is a proptest strategy of random valid datums of any
//!   schema, in the shapes apache-avro encodes and decodes; [`apache_encode`] and
//!   [`apache_decode`] run apache-avro (with named types from other schemata if needed).
//!
//! Paths: [`repo_path`] resolves paths relative to the workspace root; [`load_schema`] parses a
//! schema file (comments removed, see [`strip_json_comments`]) with apache-avro.
//!
//! ```
//! use avro_tests::{avro_json_to_value, fixture_index};
//! for entry in fixture_index().iter().filter(|e| e.name == "apache__schemas__weather.avsc") {
//!     let (schema, _) = entry.load_schema().unwrap();
//!     for (bytes, datum) in entry.datums() {
//!         let value = avro_json_to_value(&schema, &datum).unwrap();
//!         assert_eq!(avro_tests::apache_encode(&schema, &[], &value).unwrap(), bytes);
//!     }
//! }
//! ```

mod apache;
mod arb;
mod comments;
mod fixtures;
pub mod generated;
mod json;
mod names;

pub use apache::{apache_decode, apache_encode, has_unordered_map};
pub use arb::{
    arb_bytes, arb_f32, arb_f64, arb_i32, arb_i64, arb_string, arb_value, arb_value_with, min_twos,
    MAX_DATE, MAX_DEPTH, MAX_ITEMS, MAX_TIMESTAMP_MILLIS, MIN_DATE, MIN_TIMESTAMP_MILLIS,
};
pub use comments::strip_json_comments;
pub use fixtures::{
    bytes_to_hex, fixture_index, fixtures, hex_to_bytes, load_schema, parse_json_exact,
    read_schema_text, repo_path, FixtureEntry,
};
pub use json::{avro_json_to_value, avro_json_to_value_with};

#[cfg(test)]
mod tests;
