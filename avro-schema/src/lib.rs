//! The Apache Avro schema front-end shared by the code generator (`avro-build`), the proc-macros
//! and the runtime's schema resolution: `.avsc` bytes (UTF-8, UTF-16 or UTF-32) → text
//! ([`parse`]) → JSON with positions, comments allowed ([`json`]) → validated IR ([`validate`],
//! [`ir::SchemaSet`], every error with file, line, column and JSON path, rendered like rustc's
//! by [`diagnostics`]) → full JSON and Parsing Canonical Form ([`canonical`]) → fingerprints
//! ([`fingerprint`]).

#![warn(missing_docs)]

pub mod canonical;
pub mod compat;
pub mod diagnostics;
pub mod fingerprint;
pub mod ir;
pub mod json;
pub mod parse;
pub mod resolve;
pub mod validate;

pub use diagnostics::{Diagnostic, SchemaErrors, Severity};
