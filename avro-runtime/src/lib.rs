//! Runtime support for Rust types generated from Apache Avro schemas.
//!
//! Generated code (from `avro-build` or `avro-derive`) refers only to items of this crate. It holds
//! the binary encoding primitives ([`encode`], [`Reader`]), the traits generated types implement
//! ([`AvroSchema`], [`Encode`], [`Decode`]), the [`Error`] type, and value types for logical types
//! that have no universal Rust type ([`Decimal`], [`Duration`], the date/time newtypes).
//!
//! Optional features map logical types onto well-known crates: `chrono`, `time`, `uuid` and
//! `rust_decimal`, and Avro maps onto `indexmap` (each re-exported here so generated code needs
//! no other dependency). Feature
//! `json` adds the Avro JSON encoding ([`json`]: `ToAvroJson`, `FromAvroJson`, re-exporting
//! `serde_json`).

#![forbid(unsafe_op_in_unsafe_fn)]
#![warn(missing_docs)]

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;
#[cfg(feature = "apache-avro")]
pub mod apache;
pub mod avro_type;
#[cfg(feature = "container")]
pub mod container;
#[cfg(feature = "dynamic")]
pub mod dynamic;
pub mod encode;
mod error;
#[cfg(feature = "framing")]
pub mod framing;
#[cfg(feature = "json")]
pub mod json;
pub mod logical;
mod reader;
#[cfg(feature = "resolve")]
pub mod resolve;
pub mod schema;

pub use error::{Error, ErrorKind, Result};
pub use logical::{
    Date, Decimal, Duration, LocalTimestampMicros, LocalTimestampMillis, LocalTimestampNanos,
    TimeMicros, TimeMillis, TimestampMicros, TimestampMillis, TimestampNanos,
};
pub use reader::{Reader, DEFAULT_MAX_DEPTH, DEFAULT_MAX_ZERO_SIZE_ITEMS};

#[cfg(feature = "chrono")]
pub use chrono;
#[cfg(feature = "indexmap")]
pub use indexmap;
#[cfg(feature = "rust_decimal")]
pub use rust_decimal;
#[cfg(feature = "time")]
pub use time;
#[cfg(feature = "uuid")]
pub use uuid;

/// Schema facts of a generated or derived type, known at compile time.
pub trait AvroSchema {
    /// The full schema as JSON: docs, defaults, aliases and extra attributes kept; every named
    /// type it uses is defined inline at its first use.
    const SCHEMA_JSON: &'static str;
    /// The schema's Parsing Canonical Form (Avro specification, "Parsing Canonical Form").
    const CANONICAL_FORM: &'static str;
    /// CRC-64-AVRO (Rabin) fingerprint of the canonical form, as used by single-object encoding.
    const RABIN_FINGERPRINT: u64;
    /// MD5 fingerprint of the canonical form.
    const MD5_FINGERPRINT: [u8; 16];
    /// SHA-256 fingerprint of the canonical form.
    const SHA256_FINGERPRINT: [u8; 32];
}

/// A Rust type with an Avro schema, given as a const schema node ([`schema::Schema`]).
///
/// Implemented by generated types (avro-build), derived types (`#[derive(AvroSchema)]`) and the
/// runtime for std and logical types. A node refers to the nodes of the types it contains, so
/// the schema of a composite type is assembled at compile time from its parts.
pub trait AvroType {
    /// The type's schema node.
    const SCHEMA: &'static schema::Schema;
}

/// Implements [`AvroSchema`] for a concrete (non-generic) [`AvroType`]: every constant is computed
/// at compile time from `<Type as AvroType>::SCHEMA`, the texts in arrays of their exact length.
///
/// ```
/// use avro_runtime::schema::{Field, Name, Record, Schema};
/// use avro_runtime::{AvroSchema, AvroType};
///
/// struct Point;
/// impl AvroType for Point {
///     const SCHEMA: &'static Schema = &Schema::Record(&Record {
///         name: Name { name: "Point", namespace: Some("geo"), aliases: &[], doc: None },
///         fields: &[Field {
///             name: "x",
///             schema: &Schema::Double,
///             doc: None,
///             default: None,
///             aliases: &[],
///             order: None,
///             attributes: &[],
///         }],
///         attributes: &[],
///     });
/// }
/// avro_runtime::impl_avro_schema!(Point);
///
/// assert_eq!(
///     Point::CANONICAL_FORM,
///     r#"{"name":"geo.Point","type":"record","fields":[{"name":"x","type":"double"}]}"#
/// );
/// ```
///
/// For a generic type the lengths cannot size arrays; use [`schema::Constants`] instead.
#[macro_export]
macro_rules! impl_avro_schema {
    ($type:ty) => {
        impl $crate::AvroSchema for $type {
            // One walk per text into a buffer, copied into an array of the exact length
            // (`json_len` + `json::<N>` would walk twice; these constants are evaluated at
            // compile time whether used or not).
            const SCHEMA_JSON: &'static str = {
                const TEXT: $crate::schema::__private::OneWalkText =
                    $crate::schema::__private::json_text(<$type as $crate::AvroType>::SCHEMA);
                const BYTES: [u8; TEXT.len] = $crate::schema::__private::exact_json::<{ TEXT.len }>(
                    &TEXT,
                    <$type as $crate::AvroType>::SCHEMA,
                );
                $crate::schema::as_str(&BYTES)
            };
            const CANONICAL_FORM: &'static str = {
                const TEXT: $crate::schema::__private::OneWalkText =
                    $crate::schema::__private::canonical_text(<$type as $crate::AvroType>::SCHEMA);
                const BYTES: [u8; TEXT.len] = $crate::schema::__private::exact_canonical::<
                    { TEXT.len },
                >(&TEXT, <$type as $crate::AvroType>::SCHEMA);
                $crate::schema::as_str(&BYTES)
            };
            const RABIN_FINGERPRINT: u64 =
                $crate::schema::rabin(<$type as $crate::AvroSchema>::CANONICAL_FORM.as_bytes());
            const MD5_FINGERPRINT: [u8; 16] =
                $crate::schema::md5(<$type as $crate::AvroSchema>::CANONICAL_FORM.as_bytes());
            const SHA256_FINGERPRINT: [u8; 32] =
                $crate::schema::sha256(<$type as $crate::AvroSchema>::CANONICAL_FORM.as_bytes());
        }
    };
}

/// Writes a value in the Avro binary encoding.
pub trait Encode {
    /// Appends the binary encoding of `self` to `out`.
    ///
    /// Fails only for values the schema cannot represent (for example a decimal whose scale differs
    /// from the schema's, or one too large for its `fixed` size); `out` may then hold a partial datum.
    fn encode(&self, out: &mut Vec<u8>) -> Result<()>;

    /// Writes the binary encoding of `self` to `sink`; the same bytes as [`Encode::encode`], and
    /// the same errors.
    ///
    /// Generated types implement this, and `encode` on top of it ([`encode::Sink::append`]: one
    /// sink for the whole value, every field written through it), so a nested record writes into
    /// its parent's sink. The default goes through `encode` (for hand-written implementations).
    #[inline]
    fn encode_to(&self, sink: &mut encode::Sink<'_>) -> Result<()> {
        sink.with_vec(|out| self.encode(out))
    }

    /// A cheap upper bound of the encoded size, used to reserve the output buffer once.
    /// An estimate that is too small only costs reallocations, never correctness.
    fn size_hint(&self) -> usize {
        0
    }

    /// Encodes `self` into a new vector sized by [`Encode::size_hint`].
    fn to_avro_vec(&self) -> Result<Vec<u8>> {
        // The margin is the room a sink asks for beyond what it writes.
        let mut out = Vec::with_capacity(self.size_hint().saturating_add(encode::MARGIN));
        self.encode(&mut out)?;
        Ok(out)
    }
}

/// Reads a value from the Avro binary encoding; `'a` is the lifetime of the input for borrowed views.
pub trait Decode<'a>: Sized {
    /// Reads one datum from `reader`, leaving it positioned after the datum.
    fn decode(reader: &mut Reader<'a>) -> Result<Self>;

    /// Decodes exactly one datum from `bytes`; trailing bytes are an error.
    fn from_avro_slice(bytes: &'a [u8]) -> Result<Self> {
        let mut reader = Reader::new(bytes);
        let value = Self::decode(&mut reader)?;
        reader.finish()?;
        Ok(value)
    }
}

/// Types that decode without borrowing from the input.
pub trait DecodeOwned: for<'a> Decode<'a> {}
impl<T: for<'a> Decode<'a>> DecodeOwned for T {}

/// Reserves room in `items` for an array block of `len` items being decoded, at most 1 KiB up
/// front; longer blocks grow by doubling as items arrive. (Reserving whole blocks made glibc's
/// allocator consolidate the small chunks freed by the previous datum: 1.35x slower decoding of
/// arrays of records with strings in the benchmarks.) Generated decoders call this.
#[doc(hidden)]
#[inline]
pub fn reserve_items<T>(items: &mut Vec<T>, len: usize) {
    const UPFRONT_BYTES: usize = 1024;
    let fit = UPFRONT_BYTES / std::mem::size_of::<T>().max(1);
    items.reserve(len.min(fit.max(1)));
}

/// Reserves room in `map` for a map block of `len` entries being decoded, at most 1 KiB of
/// entries up front, like [`reserve_items`]. A block count is only checked against the input at
/// one byte per entry (a key's length), while an entry of a large value type takes far more
/// memory (and entries with a repeated key add none): reserving the whole count let a few bytes
/// of input per entry allocate kilobytes. Generated and derived decoders call this.
#[doc(hidden)]
#[inline]
pub fn reserve_entries<K: Eq + std::hash::Hash, V, S: std::hash::BuildHasher>(
    map: &mut std::collections::HashMap<K, V, S>,
    len: usize,
) {
    const UPFRONT_BYTES: usize = 1024;
    let fit = UPFRONT_BYTES / std::mem::size_of::<(K, V)>().max(1);
    map.reserve(len.min(fit.max(1)));
}

/// Encodes `value` into a new vector (see [`Encode::to_avro_vec`]).
pub fn to_avro_vec<T: Encode + ?Sized>(value: &T) -> Result<Vec<u8>> {
    value.to_avro_vec()
}

/// Decodes exactly one datum from `bytes` (see [`Decode::from_avro_slice`]).
pub fn from_avro_slice<'a, T: Decode<'a>>(bytes: &'a [u8]) -> Result<T> {
    T::from_avro_slice(bytes)
}

/// How a datum or file was decoded as a generated type: the three ways a writer schema can
/// relate to the reader type (used by container files and message framing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DecodePath {
    /// Written with the type's own schema (same canonical form): its generated decoder.
    Own,
    /// Written with an earlier version known at compile time: the decoder generated for it
    /// ([`KnownWriters::decode_written_with`]).
    KnownWriter,
    /// Written with a schema known only at run time: a resolution plan compiled from it
    /// (feature `resolve`).
    Resolved,
}

/// Generated records that know which writer schemas they can read, with a decoder specialised
/// for each (the type's own schema first, then the earlier versions given to the generator).
pub trait KnownWriters: AvroSchema + DecodeOwned {
    /// `(CRC-64-AVRO fingerprint, full schema JSON)` of every writer schema this type decodes with
    /// generated code, its own schema first.
    const WRITERS: &'static [(u64, &'static str)];

    /// Decodes one datum written with the writer schema whose fingerprint is given, or `None`
    /// when that writer is not known at compile time (use the `resolve` feature for those).
    fn decode_written_with(fingerprint: u64, reader: &mut Reader<'_>) -> Option<Result<Self>>;
}

/// Recursive generated types hold `Box<T>`; encoding is the inner value's.
impl<T: Encode + ?Sized> Encode for Box<T> {
    #[inline]
    fn encode(&self, out: &mut Vec<u8>) -> Result<()> {
        (**self).encode(out)
    }

    #[inline]
    fn encode_to(&self, sink: &mut encode::Sink<'_>) -> Result<()> {
        (**self).encode_to(sink)
    }

    #[inline]
    fn size_hint(&self) -> usize {
        (**self).size_hint()
    }
}

impl<'a, T: Decode<'a>> Decode<'a> for Box<T> {
    #[inline]
    fn decode(reader: &mut Reader<'a>) -> Result<Self> {
        T::decode(reader).map(Box::new)
    }
}
