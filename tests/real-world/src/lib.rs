//! Tests only: `tests/java_agreement.rs` checks the generator on the real-world corpus
//! (`tests/data/real-world/`) against the answers of Apache Avro for Java committed in
//! `tests/fixtures/real-world/java.jsonl`. (A crate of its own so that its `syn` dev-dependency
//! stays out of the `avro-tests` crate, whose trybuild tests build with that crate's
//! dev-dependencies.)
