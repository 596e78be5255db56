//! Where decoders find writer schemas they do not know at compile time.

use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher;
use std::sync::Arc;

use crate::Result;

/// Writer schemas by schema registry id, for the [Confluent wire format](super::confluent).
///
/// Implement it over your registry client (with its cache); [`InMemoryRegistry`] is an
/// implementation for tests and examples, and maps from id to schema JSON implement it too.
/// Decoders call it once per id they have not seen, so it need not cache.
///
/// [`InMemoryRegistry`]: super::InMemoryRegistry
pub trait SchemaLookup {
    /// The writer schema JSON registered under `id`; `Ok(None)` when there is none, `Err` when the
    /// lookup itself failed (a network error, ...).
    fn schema_by_id(&self, id: u32) -> Result<Option<Arc<str>>>;
}

/// Writer schemas by CRC-64-AVRO (Rabin) fingerprint, for [single-object
/// encoding](super::single_object).
///
/// Implemented by [`InMemoryRegistry`] (feature `resolve`, which computes fingerprints) and by maps
/// from fingerprint to schema JSON.
///
/// [`InMemoryRegistry`]: super::InMemoryRegistry
pub trait FingerprintLookup {
    /// The writer schema JSON whose Parsing Canonical Form has this fingerprint; `Ok(None)` when
    /// there is none, `Err` when the lookup itself failed.
    fn schema_by_fingerprint(&self, fingerprint: u64) -> Result<Option<Arc<str>>>;
}

macro_rules! forward {
    ($trait:ident, $method:ident, $key:ty, $($wrapper:ty),*) => {$(
        impl<L: $trait + ?Sized> $trait for $wrapper {
            fn $method(&self, key: $key) -> Result<Option<Arc<str>>> {
                (**self).$method(key)
            }
        }
    )*};
}

forward!(SchemaLookup, schema_by_id, u32, &L, Box<L>, Arc<L>);
forward!(
    FingerprintLookup,
    schema_by_fingerprint,
    u64,
    &L,
    Box<L>,
    Arc<L>
);

macro_rules! maps {
    ($trait:ident, $method:ident, $key:ty) => {
        impl<S: BuildHasher> $trait for HashMap<$key, Arc<str>, S> {
            fn $method(&self, key: $key) -> Result<Option<Arc<str>>> {
                Ok(self.get(&key).cloned())
            }
        }
        impl<S: BuildHasher> $trait for HashMap<$key, String, S> {
            fn $method(&self, key: $key) -> Result<Option<Arc<str>>> {
                Ok(self.get(&key).map(|s| Arc::from(s.as_str())))
            }
        }
        impl<S: BuildHasher> $trait for HashMap<$key, &'static str, S> {
            fn $method(&self, key: $key) -> Result<Option<Arc<str>>> {
                Ok(self.get(&key).map(|s| Arc::from(*s)))
            }
        }
        impl $trait for BTreeMap<$key, Arc<str>> {
            fn $method(&self, key: $key) -> Result<Option<Arc<str>>> {
                Ok(self.get(&key).cloned())
            }
        }
        impl $trait for BTreeMap<$key, String> {
            fn $method(&self, key: $key) -> Result<Option<Arc<str>>> {
                Ok(self.get(&key).map(|s| Arc::from(s.as_str())))
            }
        }
    };
}

maps!(SchemaLookup, schema_by_id, u32);
maps!(FingerprintLookup, schema_by_fingerprint, u64);
