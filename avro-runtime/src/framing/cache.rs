//! What the decoders remember about each writer schema they have met (by registry id or
//! fingerprint), and decoding one frame with it.

use std::collections::HashMap;
use std::fmt;
use std::hash::Hash;
#[cfg(feature = "resolve")]
use std::sync::Arc;
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

#[cfg(feature = "resolve")]
use crate::resolve::{ParsedSchema, ResolvedReader, ResolverCache};
use crate::{Error, KnownWriters, Reader, Result};

use super::{known_path, DecodePath};

/// A compiled resolution plan (none can exist without the `resolve` feature).
#[cfg(feature = "resolve")]
type Plan<T> = Arc<ResolvedReader<T>>;
#[cfg(not(feature = "resolve"))]
type Plan<T> = (
    std::convert::Infallible,
    std::marker::PhantomData<fn() -> T>,
);

/// How datums of one writer schema are read as `T`.
pub(crate) enum Writer<T> {
    /// A writer `T` decodes with generated code (its own schema or a known earlier one), by
    /// fingerprint.
    Known(u64),
    /// A writer known only at run time: a compiled resolution plan.
    #[cfg_attr(not(feature = "resolve"), allow(dead_code))]
    Resolved(Plan<T>),
    /// A writer schema that cannot be read as `T` (invalid, incompatible, or not comparable
    /// without the `resolve` feature); remembered so a stream of such messages stays cheap.
    Failed(Error),
}

impl<T> Clone for Writer<T> {
    fn clone(&self) -> Self {
        match self {
            Writer::Known(fp) => Writer::Known(*fp),
            #[cfg(feature = "resolve")]
            Writer::Resolved(plan) => Writer::Resolved(Arc::clone(plan)),
            #[cfg(not(feature = "resolve"))]
            Writer::Resolved((never, _)) => match *never {},
            Writer::Failed(e) => Writer::Failed(e.clone()),
        }
    }
}

impl<T> Writer<T> {
    /// Decodes the datum that follows a `header`-byte header in `frame`.
    pub(crate) fn decode(&self, frame: &[u8], header: usize) -> Result<(T, DecodePath)>
    where
        T: KnownWriters,
    {
        match self {
            Writer::Known(fingerprint) => decode_known::<T>(*fingerprint, frame, header)
                .unwrap_or_else(|| Err(not_generated::<T>(*fingerprint)))
                .map(|v| (v, known_path::<T>(*fingerprint))),
            #[cfg(feature = "resolve")]
            Writer::Resolved(reader) => reader
                .decode(&frame[header..])
                .map(|v| (v, DecodePath::Resolved))
                .map_err(|e| super::shift_offset(e, header)),
            #[cfg(not(feature = "resolve"))]
            Writer::Resolved((never, _)) => match *never {},
            Writer::Failed(e) => Err(e.clone()),
        }
    }
}

/// Decodes the datum after the `header` bytes of `frame` with the decoder generated for the
/// writer `fingerprint`, or `None` when `T` has none. Offsets in errors count from the frame start.
#[inline]
pub(crate) fn decode_known<T: KnownWriters>(
    fingerprint: u64,
    frame: &[u8],
    header: usize,
) -> Option<Result<T>> {
    let mut reader = Reader::new(frame);
    if let Err(e) = reader.read_fixed_slice(header) {
        return Some(Err(e));
    }
    let value = T::decode_written_with(fingerprint, &mut reader)?;
    Some(value.and_then(|v| reader.finish().map(|()| v)))
}

#[cold]
fn not_generated<T>(fingerprint: u64) -> Error {
    Error::custom(format!(
        "{} lists the writer {fingerprint:#018x} in KnownWriters::WRITERS but \
         decode_written_with has no decoder for it",
        std::any::type_name::<T>()
    ))
}

/// Writers met so far, by key (registry id or fingerprint).
pub(crate) struct Writers<K, T> {
    map: RwLock<HashMap<K, Writer<T>>>,
    #[cfg(feature = "resolve")]
    resolvers: ResolverCache<T>,
}

impl<K, T> Default for Writers<K, T> {
    fn default() -> Self {
        Writers {
            map: RwLock::new(HashMap::new()),
            #[cfg(feature = "resolve")]
            resolvers: ResolverCache::default(),
        }
    }
}

impl<K, T> fmt::Debug for Writers<K, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Writers").field("len", &self.len()).finish()
    }
}

impl<K, T> Writers<K, T> {
    /// Number of writers remembered (failed ones included).
    pub(crate) fn len(&self) -> usize {
        read(&self.map).len()
    }
}

impl<K: Hash + Eq, T: KnownWriters> Writers<K, T> {
    /// The writer remembered under `key`.
    #[inline]
    pub(crate) fn get(&self, key: &K) -> Option<Writer<T>> {
        read(&self.map).get(key).cloned()
    }

    /// Remembers `writer` under `key` (keeping an earlier one made concurrently) and returns the
    /// one kept.
    pub(crate) fn insert(&self, key: K, writer: Writer<T>) -> Writer<T> {
        write(&self.map).entry(key).or_insert(writer).clone()
    }

    /// How datums written with `schema_json` are read as `T`; `what` names the writer in errors
    /// (`schema id 7`). `expected_fingerprint` is checked when the key is a fingerprint.
    pub(crate) fn classify(
        &self,
        schema_json: &str,
        what: &str,
        expected_fingerprint: Option<u64>,
    ) -> Writer<T> {
        match self.try_classify(schema_json, expected_fingerprint) {
            Ok(w) => w,
            Err(e) => Writer::Failed(Error::custom(format!("{what}: {e}"))),
        }
    }

    fn try_classify(
        &self,
        schema_json: &str,
        expected_fingerprint: Option<u64>,
    ) -> Result<Writer<T>> {
        // The usual case, and the only one without `resolve`: the exact text of a known writer.
        let text = schema_json.trim();
        if let Some((fp, _)) = T::WRITERS.iter().find(|(_, json)| json.trim() == text) {
            if expected_fingerprint.is_none_or(|e| e == *fp) {
                return Ok(Writer::Known(*fp));
            }
        }
        #[cfg(feature = "resolve")]
        {
            let parsed = ParsedSchema::parse(schema_json, "writer schema")?;
            let fp = parsed.fingerprint();
            if let Some(expected) = expected_fingerprint {
                if fp != expected {
                    return Err(Error::custom(format!(
                        "the schema found for it has the fingerprint {fp:#018x}, \
                         not {expected:#018x}"
                    )));
                }
            }
            if T::WRITERS.iter().any(|(known, _)| *known == fp) {
                return Ok(Writer::Known(fp));
            }
            if let Some(reader) = self.resolvers.get(fp) {
                return Ok(Writer::Resolved(reader));
            }
            Ok(Writer::Resolved(self.resolvers.get_or_insert(schema_json)?))
        }
        #[cfg(not(feature = "resolve"))]
        {
            Err(Error::custom(format!(
                "the writer schema is not the schema of {} nor one of its known earlier versions \
                 (compared as JSON text because the `resolve` feature of avro-runtime is off; \
                 with it, schemas are compared by canonical form and other writers are resolved \
                 at run time)",
                super::describe::<T>()
            )))
        }
    }
}

fn read<V>(l: &RwLock<V>) -> RwLockReadGuard<'_, V> {
    l.read().unwrap_or_else(|e| e.into_inner())
}

fn write<V>(l: &RwLock<V>) -> RwLockWriteGuard<'_, V> {
    l.write().unwrap_or_else(|e| e.into_inner())
}
