//! Compile-time code generation for Apache Avro: `.avsc` schemas in, plain Rust types with
//! specialised encode/decode functions out.
//!
//! Pipeline: the schema front-end of [`avro_schema`] (re-exported here: [`parse`] → [`validate`]
//! → [`ir::SchemaSet`] → [`canonical`]) → [`plan`] (Rust names, modules, boxing) → [`emit`]
//! (tokens and formatted source). [`Config`] drives it from `build.rs`; `avro-derive` drives it
//! from macros.

#![warn(missing_docs)]

mod config;
pub mod emit;
pub mod option_names;
pub mod plan;
pub mod tokens;

pub use avro_schema::compat::CompatibilityMode;
pub use avro_schema::{canonical, diagnostics, fingerprint, ir, parse, validate};
pub use avro_schema::{Diagnostic, SchemaErrors, Severity};
pub use config::{
    schema_files, version_files, Config, DateTimeMapping, DecimalMapping, Generated, Inputs,
    MapType, UuidMapping, MAX_NAMESPACE_COMPONENTS,
};
