//! A message stream where every message carries the fingerprint of its writer schema (as Avro
//! single-object encoding and schema registries do), and a reader that decodes any message as a
//! generated type: with the type's own decoder, with a decoder generated for a known earlier
//! writer, or with a run-time resolution plan for writers only known from a schema registry.

use std::collections::HashMap;

use avro_runtime::resolve::ResolverCache;
use avro_runtime::{AvroSchema, Encode, Error, KnownWriters, Reader, Result};

/// One message: the writer's CRC-64-AVRO fingerprint and the Avro binary datum.
#[derive(Debug, Clone)]
pub struct Message {
    /// Fingerprint of the schema the payload was written with.
    pub writer: u64,
    /// The datum.
    pub payload: Vec<u8>,
}

impl Message {
    /// Encodes `value` with its own schema.
    pub fn of<T: Encode + AvroSchema>(value: &T) -> Result<Message> {
        Ok(Message {
            writer: T::RABIN_FINGERPRINT,
            payload: value.to_avro_vec()?,
        })
    }
}

/// How a message was decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DecodePath {
    /// Written with the reader's own schema.
    Same,
    /// Written with an earlier version known at compile time: generated decoder.
    Specialised,
    /// Written with a schema found only in the registry: run-time resolution plan.
    Runtime,
}

/// Writer schemas by fingerprint (what a schema registry provides).
#[derive(Debug, Default, Clone)]
pub struct Registry {
    schemas: HashMap<u64, String>,
}

impl Registry {
    /// Registers the schema of `T`.
    pub fn register<T: AvroSchema>(&mut self) {
        self.schemas
            .insert(T::RABIN_FINGERPRINT, T::SCHEMA_JSON.to_string());
    }

    /// The writer schema with this fingerprint.
    pub fn get(&self, fingerprint: u64) -> Option<&str> {
        self.schemas.get(&fingerprint).map(String::as_str)
    }
}

/// Decodes messages of any registered writer as `T`.
pub struct StreamReader<'r, T> {
    registry: &'r Registry,
    plans: ResolverCache<T>,
}

impl<'r, T: KnownWriters> StreamReader<'r, T> {
    /// A reader that looks unknown writers up in `registry`.
    pub fn new(registry: &'r Registry) -> Self {
        StreamReader {
            registry,
            plans: ResolverCache::new(),
        }
    }

    /// Decodes one message, saying which path was taken.
    pub fn read(&self, message: &Message) -> Result<(T, DecodePath)> {
        let mut reader = Reader::new(&message.payload);
        if let Some(value) = T::decode_written_with(message.writer, &mut reader) {
            let value = value?;
            reader.finish()?;
            let path = if message.writer == T::RABIN_FINGERPRINT {
                DecodePath::Same
            } else {
                DecodePath::Specialised
            };
            return Ok((value, path));
        }
        let schema = self.registry.get(message.writer).ok_or_else(|| {
            Error::custom(format!(
                "writer schema {:016x} is not in the registry",
                message.writer
            ))
        })?;
        let plan = self.plans.get_or_insert(schema)?;
        Ok((plan.decode(&message.payload)?, DecodePath::Runtime))
    }
}
