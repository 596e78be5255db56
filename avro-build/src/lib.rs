//! Compile-time code generation for Apache Avro: `.avsc` schemas in, plain Rust types with
//! specialised encode/decode functions out.
//!
//! Pipeline (one module per stage): [`parse`] (text with comments → JSON) → [`validate`] (JSON →
//! [`ir::SchemaSet`], every error with file and JSON path) → [`canonical`] (full JSON, Parsing
//! Canonical Form, fingerprints) → [`plan`] (Rust names, modules, boxing) → [`emit`] (tokens and
//! formatted source). [`Config`] drives it from `build.rs`; `avro-derive` drives it from macros.

#![warn(missing_docs)]

pub mod canonical;
mod config;
pub mod diagnostics;
pub mod emit;
pub mod fingerprint;
pub mod ir;
pub mod parse;
pub mod plan;
pub mod validate;

pub use config::{Config, DateTimeMapping, DecimalMapping, Generated, MapType, UuidMapping};
pub use diagnostics::{Diagnostic, SchemaErrors, Severity};
