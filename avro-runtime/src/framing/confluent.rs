//! The Confluent wire format (Kafka with a schema registry): the magic byte `00`, the writer
//! schema's registry id as 4 big-endian bytes, then the datum in the Avro binary encoding.
//!
//! ```text
//! 00    | 00 00 00 07 | 54 08 42 69 6c 6c ...
//! magic | schema id 7 | datum
//! ```
//!
//! Producers write with a [`ConfluentEncoder`] holding the id their schema was registered under.
//! Consumers read with a [`ConfluentDecoder`], which finds the writer schema of each id through a
//! [`SchemaLookup`] (the application's registry client, or an [`InMemoryRegistry`]) once, then
//! decodes with generated code when the writer is the reader type's schema or a known earlier
//! version, else (feature `resolve`) with a resolution plan compiled from the writer schema.
//!
//! Subject names follow Confluent's strategies: [`topic_name_strategy`] (the default:
//! `orders-value`), [`record_name_strategy`] (`com.acme.orders.Order`) and
//! [`topic_record_name_strategy`] (`orders-com.acme.orders.Order`).
//!
//! [`InMemoryRegistry`]: super::InMemoryRegistry

use std::fmt;
use std::marker::PhantomData;

use super::cache::{Writer, Writers};
use super::{describe, DecodePath, InMemoryRegistry, SchemaLookup};
use crate::{AvroSchema, Encode, Error, KnownWriters, Result};

/// The byte every Confluent-framed message starts with.
pub const MAGIC: u8 = 0;

/// Length of the header: the magic byte and the 4-byte schema id.
pub const HEADER_LEN: usize = 5;

/// Appends the header of a message written with the schema registered under `schema_id`.
#[inline]
pub fn write_header(schema_id: u32, out: &mut Vec<u8>) {
    out.push(MAGIC);
    out.extend_from_slice(&schema_id.to_be_bytes());
}

/// Appends `value` as a Confluent-framed message written with the schema `schema_id` (which must
/// be `T`'s schema, or one with the same encoding). On error `out` is left as it was.
pub fn encode<T: Encode + ?Sized>(schema_id: u32, value: &T, out: &mut Vec<u8>) -> Result<()> {
    let start = out.len();
    out.reserve(HEADER_LEN + value.size_hint());
    write_header(schema_id, out);
    value.encode(out).inspect_err(|_| out.truncate(start))
}

/// `value` as a Confluent-framed message in a new vector (see [`encode`]).
pub fn to_vec<T: Encode + ?Sized>(schema_id: u32, value: &T) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    encode(schema_id, value, &mut out)?;
    Ok(out)
}

/// The schema id and the datum of a Confluent-framed message, after checking the header.
pub fn split(bytes: &[u8]) -> Result<(u32, &[u8])> {
    match bytes {
        [MAGIC, i0, i1, i2, i3, datum @ ..] => {
            Ok((u32::from_be_bytes([*i0, *i1, *i2, *i3]), datum))
        }
        _ => Err(header_error(bytes)),
    }
}

/// The schema id in the header of a Confluent-framed message.
pub fn schema_id_of(bytes: &[u8]) -> Result<u32> {
    split(bytes).map(|(id, _)| id)
}

#[cold]
fn header_error(bytes: &[u8]) -> Error {
    match bytes.first() {
        None => Error::custom(
            "empty message: a Confluent-framed message needs a 5-byte header \
             (magic byte 00 and a 4-byte schema id)",
        ),
        Some(&MAGIC) => Error::custom(format!(
            "truncated Confluent-framed message: {} byte{}, the header alone needs {HEADER_LEN} \
             (magic byte 00 and a 4-byte schema id)",
            bytes.len(),
            if bytes.len() == 1 { "" } else { "s" }
        )),
        Some(&first) => {
            let hint = if bytes.starts_with(&super::single_object::MAGIC) {
                " (c3 01 starts an Avro single-object message: see framing::single_object)"
            } else {
                ""
            };
            Error::custom(format!(
                "not a Confluent-framed message: it starts with {first:02x}, not the magic \
                 byte 00{hint}"
            ))
        }
    }
}

/// Writes values of `T` as Confluent-framed messages with one schema id.
pub struct ConfluentEncoder<T: ?Sized> {
    schema_id: u32,
    _type: PhantomData<fn(&T)>,
}

impl<T: ?Sized> Clone for ConfluentEncoder<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: ?Sized> Copy for ConfluentEncoder<T> {}

impl<T: ?Sized> fmt::Debug for ConfluentEncoder<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfluentEncoder")
            .field("type", &std::any::type_name::<T>())
            .field("schema_id", &self.schema_id)
            .finish()
    }
}

impl<T: Encode + ?Sized> ConfluentEncoder<T> {
    /// An encoder writing the schema id `schema_id`, which the registry gave for `T`'s schema.
    pub const fn new(schema_id: u32) -> Self {
        ConfluentEncoder {
            schema_id,
            _type: PhantomData,
        }
    }

    /// The schema id written in every message.
    pub const fn schema_id(&self) -> u32 {
        self.schema_id
    }

    /// Appends `value` as one message. On error `out` is left as it was.
    pub fn encode(&self, value: &T, out: &mut Vec<u8>) -> Result<()> {
        encode(self.schema_id, value, out)
    }

    /// `value` as one message in a new vector.
    pub fn to_vec(&self, value: &T) -> Result<Vec<u8>> {
        to_vec(self.schema_id, value)
    }
}

impl<T: Encode + AvroSchema + ?Sized> ConfluentEncoder<T> {
    /// Registers `T`'s schema ([`AvroSchema::SCHEMA_JSON`]) under `subject` and returns an
    /// encoder writing its id (the existing one when the schema is already registered).
    pub fn register(registry: &InMemoryRegistry, subject: &str) -> Result<Self> {
        registry.register(subject, T::SCHEMA_JSON).map(Self::new)
    }
}

/// Decodes Confluent-framed messages of any writer schema as the generated type `T`.
///
/// For each schema id met, the writer schema is fetched once through the [`SchemaLookup`] and
/// classified once: the schema of `T` or of one of its known earlier versions
/// ([`KnownWriters::WRITERS`], compared by canonical form with the `resolve` feature, by exact
/// JSON text without it) is decoded with generated code; any other writer is resolved at run time
/// (feature `resolve`) with a plan compiled once per writer schema. A writer schema that cannot
/// be read as `T` fails every message of its id with the same error, without fetching it again;
/// an id the lookup does not know (yet) is asked for again next time.
///
/// Safe to share between threads (consumer tasks) when `L` is.
pub struct ConfluentDecoder<T, L> {
    lookup: L,
    writers: Writers<u32, T>,
}

impl<T, L: fmt::Debug> fmt::Debug for ConfluentDecoder<T, L> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfluentDecoder")
            .field("type", &std::any::type_name::<T>())
            .field("lookup", &self.lookup)
            .field("schema_ids", &self.writers.len())
            .finish()
    }
}

impl<T, L> ConfluentDecoder<T, L> {
    /// A decoder that finds writer schemas by id through `lookup`.
    pub fn new(lookup: L) -> Self {
        ConfluentDecoder {
            lookup,
            writers: Writers::default(),
        }
    }

    /// The schema lookup.
    pub fn lookup(&self) -> &L {
        &self.lookup
    }

    /// Number of schema ids met so far.
    pub fn schema_ids_seen(&self) -> usize {
        self.writers.len()
    }
}

impl<T: KnownWriters, L: SchemaLookup> ConfluentDecoder<T, L> {
    /// Decodes one message; trailing bytes are an error. Offsets in errors count from the start
    /// of the message.
    pub fn decode(&self, bytes: &[u8]) -> Result<T> {
        self.decode_traced(bytes).map(|(v, _)| v)
    }

    /// Decodes one message, saying which decoder was used.
    pub fn decode_traced(&self, bytes: &[u8]) -> Result<(T, DecodePath)> {
        let id = schema_id_of(bytes)?;
        self.writer(id)?.decode(bytes, HEADER_LEN)
    }

    /// How messages written with schema `schema_id` are decoded, fetching and compiling what is
    /// needed now (to warm up, or to check a writer before data arrives).
    pub fn prepare(&self, schema_id: u32) -> Result<DecodePath> {
        Ok(match self.writer(schema_id)? {
            Writer::Known(fp) => super::known_path::<T>(fp),
            _ => DecodePath::Resolved,
        })
    }

    fn writer(&self, id: u32) -> Result<Writer<T>> {
        let writer = match self.writers.get(&id) {
            Some(w) => w,
            None => {
                let Some(schema) = self.lookup.schema_by_id(id)? else {
                    return Err(Error::custom(format!(
                        "unknown schema id {id}: the schema registry has no schema with this id \
                         (reading as {})",
                        describe::<T>()
                    )));
                };
                let w = self
                    .writers
                    .classify(&schema, &format!("schema id {id}"), None);
                self.writers.insert(id, w)
            }
        };
        match writer {
            Writer::Failed(e) => Err(e),
            w => Ok(w),
        }
    }
}

/// Confluent's default `TopicNameStrategy`: `<topic>-value` for message values, `<topic>-key`
/// for keys.
pub fn topic_name_strategy(topic: &str, is_key: bool) -> String {
    format!("{topic}-{}", if is_key { "key" } else { "value" })
}

/// Confluent's `RecordNameStrategy`: the full name of `T`'s schema (`com.acme.orders.Order`).
/// Fails for types whose schema is not a named type.
pub fn record_name_strategy<T: AvroSchema + ?Sized>() -> Result<String> {
    full_name::<T>()
        .map(str::to_string)
        .ok_or_else(unnamed::<T>)
}

/// Confluent's `TopicRecordNameStrategy`: `<topic>-<full name>` (`orders-com.acme.orders.Order`).
/// Fails for types whose schema is not a named type.
pub fn topic_record_name_strategy<T: AvroSchema + ?Sized>(topic: &str) -> Result<String> {
    let name = full_name::<T>().ok_or_else(unnamed::<T>)?;
    Ok(format!("{topic}-{name}"))
}

#[cold]
fn unnamed<T: AvroSchema + ?Sized>() -> Error {
    Error::custom(format!(
        "the schema of {} is not a named type ({}), so it has no record name for a subject",
        std::any::type_name::<T>(),
        T::CANONICAL_FORM
    ))
}

/// The full name (namespace and name) of `T`'s schema when it is a named type (record, enum,
/// fixed), taken from its Parsing Canonical Form, which starts with it.
pub fn full_name<T: AvroSchema + ?Sized>() -> Option<&'static str> {
    let rest = T::CANONICAL_FORM.strip_prefix("{\"name\":\"")?;
    rest.find('"').map(|end| &rest[..end])
}
