//! The Apache Avro schema front-end shared by the code generator (`avro-build`), the proc-macros
//! and the runtime's schema resolution: `.avsc` text (comments allowed) → JSON ([`parse`]) →
//! validated IR ([`validate`], [`ir::SchemaSet`], every error with file and JSON path) → full JSON
//! and Parsing Canonical Form ([`canonical`]) → fingerprints ([`fingerprint`]).

#![warn(missing_docs)]

pub mod canonical;
pub mod compat;
pub mod diagnostics;
pub mod fingerprint;
pub mod ir;
pub mod parse;
pub mod resolve;
pub mod validate;

pub use diagnostics::{Diagnostic, SchemaErrors, Severity};
