//! Message framing (feature `framing`): Avro [single-object encoding](single_object) and the
//! [Confluent wire format](confluent), each a small header naming the writer schema followed by
//! one datum in the Avro binary encoding.
//!
//! | framing | header | writer schema named by |
//! |---|---|---|
//! | single-object | `C3 01` + 8 bytes | CRC-64-AVRO (Rabin) fingerprint, little-endian |
//! | Confluent | `00` + 4 bytes | schema registry id, big-endian |
//!
//! Decoding picks the fastest way to read the writer's bytes as the generated type `T`
//! ([`DecodePath`]): `T`'s own decoder when the writer is `T`'s schema, a decoder generated for
//! a known earlier writer ([`KnownWriters`](crate::KnownWriters), `Config::versions` in
//! avro-build), or — with the `resolve` feature — a resolution plan compiled at run time from the
//! writer schema, found through a lookup the application provides ([`SchemaLookup`] by registry
//! id, [`FingerprintLookup`] by fingerprint). Decoders keep what they learn about each writer, so
//! a stream pays for a lookup and a plan once per writer schema.
//!
//! ```
//! # use avro_runtime::{AvroSchema, Decode, Encode, KnownWriters, Reader, Result};
//! # #[derive(Debug, PartialEq)]
//! # struct User { name: String }
//! # impl AvroSchema for User {
//! #     const SCHEMA_JSON: &'static str =
//! #         r#"{"type":"record","name":"User","fields":[{"name":"name","type":"string"}]}"#;
//! #     const CANONICAL_FORM: &'static str =
//! #         r#"{"name":"User","type":"record","fields":[{"name":"name","type":"string"}]}"#;
//! #     const RABIN_FINGERPRINT: u64 = 0xac45_da51_b03e_b94d;
//! #     const MD5_FINGERPRINT: [u8; 16] = [0; 16];
//! #     const SHA256_FINGERPRINT: [u8; 32] = [0; 32];
//! # }
//! # impl Encode for User {
//! #     fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
//! #         avro_runtime::encode::string(out, &self.name);
//! #         Ok(())
//! #     }
//! # }
//! # impl<'a> Decode<'a> for User {
//! #     fn decode(r: &mut Reader<'a>) -> Result<Self> { Ok(User { name: r.read_string()? }) }
//! # }
//! # impl KnownWriters for User {
//! #     const WRITERS: &'static [(u64, &'static str)] =
//! #         &[(Self::RABIN_FINGERPRINT, Self::SCHEMA_JSON)];
//! #     fn decode_written_with(fp: u64, r: &mut Reader<'_>) -> Option<Result<Self>> {
//! #         (fp == Self::RABIN_FINGERPRINT).then(|| Self::decode(r))
//! #     }
//! # }
//! use avro_runtime::framing::{
//!     single_object, topic_name_strategy, ConfluentDecoder, ConfluentEncoder, DecodePath,
//!     InMemoryRegistry,
//! };
//!
//! // `User` is a generated record { name: string }.
//! let user = User { name: "Ada".into() };
//!
//! // Single-object encoding: the message names its writer schema by fingerprint.
//! let frame = single_object::to_vec(&user)?;
//! assert_eq!(frame[..2], [0xC3, 0x01]);
//! assert_eq!(single_object::fingerprint_of(&frame)?, User::RABIN_FINGERPRINT);
//! assert_eq!(single_object::decode::<User>(&frame)?, user);
//!
//! // Confluent wire format through a schema registry (here the in-memory one; implement
//! // `SchemaLookup` over your registry client).
//! let registry = InMemoryRegistry::new();
//! let subject = topic_name_strategy("users", false); // "users-value"
//! let encoder = ConfluentEncoder::<User>::register(&registry, &subject)?;
//! let frame = encoder.to_vec(&user)?;
//! assert_eq!(frame[..5], [0, 0, 0, 0, 1]); // magic byte, schema id 1
//! let decoder = ConfluentDecoder::<User, _>::new(&registry);
//! assert_eq!(decoder.decode_traced(&frame)?, (user, DecodePath::Own));
//!
//! // Bad input is an error, never a panic.
//! let err = decoder.decode(&[0, 0, 0, 0, 9, 0x06]).unwrap_err();
//! assert!(err.to_string().starts_with("unknown schema id 9"));
//! # Ok::<(), avro_runtime::Error>(())
//! ```
//!
//! Errors never panic: a frame that is too short, has the wrong magic bytes, names a writer
//! nobody knows, or holds a truncated or corrupt datum is an [`Error`](crate::Error) saying
//! which. Byte offsets in decoding errors count from the start of the frame (header included).

mod cache;
pub mod confluent;
mod lookup;
mod registry;
pub mod single_object;

pub use confluent::{
    full_name, record_name_strategy, topic_name_strategy, topic_record_name_strategy,
    ConfluentDecoder, ConfluentEncoder,
};
pub use lookup::{FingerprintLookup, SchemaLookup};
pub use registry::{InMemoryRegistry, RegisteredSchema};
#[cfg(feature = "resolve")]
pub use single_object::SingleObjectDecoder;

/// Compatibility modes and errors of [`InMemoryRegistry`] (feature `resolve`).
#[cfg(feature = "resolve")]
pub use avro_schema::compat::{CompatibilityError, CompatibilityMode};

pub use crate::DecodePath;

/// Moves a decoding error's offset from datum-relative to frame-relative.
#[cfg(feature = "resolve")]
#[cold]
fn shift_offset(e: crate::Error, header: usize) -> crate::Error {
    match e.offset() {
        Some(off) => e.at_offset(off + header),
        None => e,
    }
}

/// `DecodePath` of a writer that `T` decodes with generated code.
#[inline]
fn known_path<T: crate::AvroSchema>(fingerprint: u64) -> DecodePath {
    if fingerprint == T::RABIN_FINGERPRINT {
        DecodePath::Own
    } else {
        DecodePath::KnownWriter
    }
}

/// `` `com.example.User` `` (the Avro full name of `T`, or its Rust type name when unnamed), for
/// error messages.
fn describe<T: crate::AvroSchema>() -> String {
    match full_name::<T>() {
        Some(name) => format!("`{name}`"),
        None => format!("`{}`", std::any::type_name::<T>()),
    }
}
