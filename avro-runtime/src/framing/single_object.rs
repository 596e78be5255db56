//! Avro single-object encoding (Avro specification, "Single-object encoding"): the two marker
//! bytes `C3 01`, the CRC-64-AVRO (Rabin) fingerprint of the writer schema's Parsing Canonical
//! Form as 8 little-endian bytes, then the datum in the Avro binary encoding.
//!
//! ```text
//! c3 01 | a9 2d e1 f8 a2 42 f5 3d | 54 08 42 69 6c 6c ...
//! magic | fingerprint 0x3df542a2f8e12da9 | datum
//! ```
//!
//! [`encode`] writes a value with its own schema's fingerprint. [`decode`] reads a message written
//! with `T`'s schema or with any earlier version `T` was generated to know
//! ([`KnownWriters`]); with the `resolve` feature, `SingleObjectDecoder` (or `decode_with` for
//! a one-off message) also reads messages of other writers, looking their schema up by
//! fingerprint through a [fingerprint lookup](super::FingerprintLookup).

#[cfg(feature = "resolve")]
use std::fmt;

use super::cache::decode_known;
#[cfg(feature = "resolve")]
use super::cache::Writers;
use super::{describe, known_path};
#[cfg(feature = "resolve")]
use super::{DecodePath, FingerprintLookup};
use crate::{AvroSchema, Encode, Error, KnownWriters, Result};

/// The two bytes every single-object message starts with.
pub const MAGIC: [u8; 2] = [0xC3, 0x01];

/// Length of the header: the magic bytes and the 8-byte fingerprint.
pub const HEADER_LEN: usize = 10;

/// Appends the header of a message written with the schema whose fingerprint is given.
#[inline]
pub fn write_header(fingerprint: u64, out: &mut Vec<u8>) {
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&fingerprint.to_le_bytes());
}

/// Appends `value` as a single-object message (header with `T`'s fingerprint, then the datum).
///
/// On error `out` is left as it was.
pub fn encode<T: Encode + AvroSchema + ?Sized>(value: &T, out: &mut Vec<u8>) -> Result<()> {
    let start = out.len();
    out.reserve(HEADER_LEN + value.size_hint());
    write_header(T::RABIN_FINGERPRINT, out);
    value.encode(out).inspect_err(|_| out.truncate(start))
}

/// `value` as a single-object message in a new vector.
pub fn to_vec<T: Encode + AvroSchema + ?Sized>(value: &T) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    encode(value, &mut out)?;
    Ok(out)
}

/// The writer fingerprint and the datum of a single-object message, after checking the header.
pub fn split(bytes: &[u8]) -> Result<(u64, &[u8])> {
    match bytes {
        [0xC3, 0x01, f0, f1, f2, f3, f4, f5, f6, f7, datum @ ..] => Ok((
            u64::from_le_bytes([*f0, *f1, *f2, *f3, *f4, *f5, *f6, *f7]),
            datum,
        )),
        _ => Err(header_error(bytes)),
    }
}

/// The writer schema fingerprint in the header of a single-object message.
pub fn fingerprint_of(bytes: &[u8]) -> Result<u64> {
    split(bytes).map(|(fp, _)| fp)
}

#[cold]
fn header_error(bytes: &[u8]) -> Error {
    let starts_with_magic = bytes.iter().zip(MAGIC).all(|(b, m)| *b == m);
    if starts_with_magic {
        return Error::custom(format!(
            "truncated single-object message: {} byte{}, the header alone needs {HEADER_LEN} \
             (c3 01 and an 8-byte schema fingerprint)",
            bytes.len(),
            if bytes.len() == 1 { "" } else { "s" }
        ));
    }
    let shown: Vec<String> = bytes.iter().take(2).map(|b| format!("{b:02x}")).collect();
    let hint = if bytes.first() == Some(&0) {
        " (a first byte 00 is the Confluent wire format: see framing::confluent)"
    } else {
        ""
    };
    Error::custom(format!(
        "not an Avro single-object message: it starts with {}, not the marker c3 01{hint}",
        shown.join(" ")
    ))
}

#[cold]
fn unknown_writer<T: AvroSchema>(fingerprint: u64, looked_up: bool) -> Error {
    let how = if looked_up {
        "and the schema lookup does not know it either"
    } else if cfg!(feature = "resolve") {
        "(framing::single_object::SingleObjectDecoder reads other writers, looking their schema \
         up by fingerprint)"
    } else {
        "(the `resolve` feature of avro-runtime adds SingleObjectDecoder, which reads other \
         writers, looking their schema up by fingerprint)"
    };
    Error::custom(format!(
        "unknown writer schema fingerprint {fingerprint:#018x}: not the schema of {} \
         ({:#018x}) nor one of its known earlier versions {how}",
        describe::<T>(),
        T::RABIN_FINGERPRINT,
    ))
}

/// Decodes a single-object message written with `T`'s schema or one of its known earlier
/// versions, with generated code; trailing bytes are an error.
///
/// Fails with a clear error on a bad header and on a fingerprint `T` does not know (see
/// `SingleObjectDecoder` for those). Offsets in errors count from the start of the message.
pub fn decode<T: KnownWriters>(bytes: &[u8]) -> Result<T> {
    decode_traced(bytes).map(|(v, _)| v)
}

/// Like [`decode`], also saying whether `T`'s own or a known earlier writer's decoder was used.
pub fn decode_traced<T: KnownWriters>(bytes: &[u8]) -> Result<(T, super::DecodePath)> {
    let fingerprint = fingerprint_of(bytes)?;
    decode_known::<T>(fingerprint, bytes, HEADER_LEN)
        .unwrap_or_else(|| Err(unknown_writer::<T>(fingerprint, false)))
        .map(|v| (v, known_path::<T>(fingerprint)))
}

/// Decodes one single-object message of any writer: known writers with generated code, others
/// through their schema found by `lookup` (feature `resolve`).
///
/// This parses the writer schema and compiles a resolution plan on every call when the writer is
/// not known at compile time; use a [`SingleObjectDecoder`] for a stream of messages.
#[cfg(feature = "resolve")]
pub fn decode_with<T: KnownWriters, L: FingerprintLookup + ?Sized>(
    bytes: &[u8],
    lookup: &L,
) -> Result<T> {
    SingleObjectDecoder::<T, &L>::new(lookup).decode(bytes)
}

/// Decodes single-object messages of any writer as `T` (feature `resolve`): writers `T` knows at
/// compile time with generated code, others with a resolution plan compiled from the schema that
/// `lookup` finds by fingerprint, once per writer.
///
/// Safe to share between threads when `L` is.
#[cfg(feature = "resolve")]
pub struct SingleObjectDecoder<T, L> {
    lookup: L,
    writers: Writers<u64, T>,
}

#[cfg(feature = "resolve")]
impl<T, L: fmt::Debug> fmt::Debug for SingleObjectDecoder<T, L> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SingleObjectDecoder")
            .field("type", &std::any::type_name::<T>())
            .field("lookup", &self.lookup)
            .field("runtime_writers", &self.writers.len())
            .finish()
    }
}

#[cfg(feature = "resolve")]
impl<T, L> SingleObjectDecoder<T, L> {
    /// A decoder that looks writers unknown at compile time up in `lookup`.
    pub fn new(lookup: L) -> Self {
        SingleObjectDecoder {
            lookup,
            writers: Writers::default(),
        }
    }

    /// The schema lookup.
    pub fn lookup(&self) -> &L {
        &self.lookup
    }
}

#[cfg(feature = "resolve")]
impl<T: KnownWriters, L: FingerprintLookup> SingleObjectDecoder<T, L> {
    /// Decodes one message; trailing bytes are an error.
    pub fn decode(&self, bytes: &[u8]) -> Result<T> {
        self.decode_traced(bytes).map(|(v, _)| v)
    }

    /// Decodes one message, saying which decoder was used.
    pub fn decode_traced(&self, bytes: &[u8]) -> Result<(T, DecodePath)> {
        let fingerprint = fingerprint_of(bytes)?;
        if let Some(value) = decode_known::<T>(fingerprint, bytes, HEADER_LEN) {
            return value.map(|v| (v, known_path::<T>(fingerprint)));
        }
        self.writer(fingerprint)?.decode(bytes, HEADER_LEN)
    }

    /// How messages of the writer with this fingerprint are decoded, looking its schema up and
    /// compiling its plan now if needed (to warm up, or to check a writer before data arrives).
    pub fn prepare(&self, fingerprint: u64) -> Result<DecodePath> {
        if T::WRITERS.iter().any(|(fp, _)| *fp == fingerprint) {
            return Ok(known_path::<T>(fingerprint));
        }
        self.writer(fingerprint)?;
        Ok(DecodePath::Resolved)
    }

    fn writer(&self, fingerprint: u64) -> Result<super::cache::Writer<T>> {
        use super::cache::Writer;
        let writer = match self.writers.get(&fingerprint) {
            Some(w) => w,
            None => {
                let Some(schema) = self.lookup.schema_by_fingerprint(fingerprint)? else {
                    return Err(unknown_writer::<T>(fingerprint, true));
                };
                let what = format!("writer schema fingerprint {fingerprint:#018x}");
                let w = self.writers.classify(&schema, &what, Some(fingerprint));
                self.writers.insert(fingerprint, w)
            }
        };
        match writer {
            Writer::Failed(e) => Err(e),
            w => Ok(w),
        }
    }
}
