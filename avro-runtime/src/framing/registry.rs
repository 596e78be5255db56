//! An in-memory schema registry with the Confluent registry's model: subjects, versions, global
//! ids.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

#[cfg(feature = "resolve")]
use avro_schema::compat::{check, CompatibilityError, CompatibilityMode, Version};

#[cfg(feature = "resolve")]
use super::FingerprintLookup;
use super::SchemaLookup;
#[cfg(feature = "resolve")]
use crate::resolve::ParsedSchema;
use crate::{Error, Result};

/// The mode of subjects without their own until `set_default_compatibility`: the Confluent
/// registry's default.
#[cfg(feature = "resolve")]
const DEFAULT_COMPATIBILITY: CompatibilityMode = CompatibilityMode::Backward;

/// A schema as registered under a subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisteredSchema {
    /// The subject.
    pub subject: String,
    /// The global schema id (the same for the same schema under any subject).
    pub id: u32,
    /// The version under the subject, from 1.
    pub version: u32,
    /// The schema JSON, as registered.
    pub schema: Arc<str>,
}

/// A schema registry kept in memory, for tests, examples and single-process pipelines; it
/// implements [`SchemaLookup`] (and, with the `resolve` feature, `FingerprintLookup`) so decoders
/// can read through it.
///
/// As in the Confluent registry: a schema gets one global id, from 1, shared by every subject it
/// is registered under; each subject lists its schemas as versions from 1; registering a schema a
/// subject already has returns its id without a new version. Schemas are told apart by their
/// JSON text (surrounding whitespace ignored), so two texts of one schema get two ids.
///
/// With the `resolve` feature, registration validates the schema (an invalid one is an error) and
/// enforces the subject's `CompatibilityMode` (default `BACKWARD`, as in the Confluent registry;
/// see `InMemoryRegistry::set_compatibility`). Without it, schemas are stored unchecked.
///
/// Interior mutability: share it by reference or in an `Arc` between producers and consumers.
#[derive(Default)]
pub struct InMemoryRegistry {
    state: RwLock<State>,
}

#[derive(Default)]
struct State {
    /// Schema id `i + 1` is `schemas[i]`.
    schemas: Vec<Stored>,
    ids_by_text: HashMap<Arc<str>, u32>,
    /// Schema ids by subject, version `v` at `v - 1`.
    subjects: BTreeMap<String, Vec<u32>>,
    #[cfg(feature = "resolve")]
    ids_by_fingerprint: HashMap<u64, u32>,
    #[cfg(feature = "resolve")]
    compatibility: HashMap<String, CompatibilityMode>,
    #[cfg(feature = "resolve")]
    default_compatibility: Option<CompatibilityMode>,
}

struct Stored {
    text: Arc<str>,
    #[cfg(feature = "resolve")]
    parsed: ParsedSchema,
}

impl fmt::Debug for InMemoryRegistry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = read(&self.state);
        f.debug_struct("InMemoryRegistry")
            .field("schemas", &state.schemas.len())
            .field("subjects", &state.subjects)
            .finish()
    }
}

impl InMemoryRegistry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers `schema_json` under `subject` and returns its global id: the existing id when
    /// the subject already has this schema (no new version), else a new version of the subject
    /// (with the schema's existing id if another subject has it, or a new id).
    ///
    /// With the `resolve` feature, fails when the schema is invalid or breaks the subject's
    /// compatibility mode (every incompatibility listed).
    pub fn register(&self, subject: &str, schema_json: &str) -> Result<u32> {
        let text = schema_json.trim();
        #[cfg(feature = "resolve")]
        let parsed = ParsedSchema::parse(text, "schema")
            .map_err(|e| Error::custom(format!("subject `{subject}`: {e}")))?;
        let mut state = write(&self.state);
        let existing = state.ids_by_text.get(text).copied();
        if let Some(id) = existing {
            if state.subjects.get(subject).is_some_and(|v| v.contains(&id)) {
                return Ok(id);
            }
        }
        #[cfg(feature = "resolve")]
        {
            let errors = state.incompatibilities(subject, &parsed);
            if !errors.is_empty() {
                let mode = state.mode(subject);
                let list: Vec<String> = errors.iter().map(|e| format!("  {e}")).collect();
                return Err(Error::custom(format!(
                    "subject `{subject}` ({mode}): the new schema is incompatible, {} \
                     problem{}:\n{}",
                    list.len(),
                    if list.len() == 1 { "" } else { "s" },
                    list.join("\n")
                )));
            }
        }
        let id = match existing {
            Some(id) => id,
            None => {
                let Ok(id) = u32::try_from(state.schemas.len() + 1) else {
                    return Err(Error::custom("the registry is full (2^32 - 1 schemas)"));
                };
                let text: Arc<str> = Arc::from(text);
                state.ids_by_text.insert(Arc::clone(&text), id);
                #[cfg(feature = "resolve")]
                state
                    .ids_by_fingerprint
                    .entry(parsed.fingerprint())
                    .or_insert(id);
                state.schemas.push(Stored {
                    text,
                    #[cfg(feature = "resolve")]
                    parsed,
                });
                id
            }
        };
        state
            .subjects
            .entry(subject.to_string())
            .or_default()
            .push(id);
        Ok(id)
    }

    /// The schema JSON with this id.
    pub fn schema(&self, id: u32) -> Option<Arc<str>> {
        read(&self.state).stored(id).map(|s| Arc::clone(&s.text))
    }

    /// The newest version registered under `subject`.
    pub fn latest(&self, subject: &str) -> Option<RegisteredSchema> {
        let state = read(&self.state);
        let versions = state.subjects.get(subject)?;
        state.registered(subject, versions.len() as u32)
    }

    /// Version `version` (from 1) of `subject`.
    pub fn version(&self, subject: &str, version: u32) -> Option<RegisteredSchema> {
        read(&self.state).registered(subject, version)
    }

    /// The version numbers of `subject`, oldest first (empty for an unknown subject).
    pub fn versions(&self, subject: &str) -> Vec<u32> {
        let n = read(&self.state).subjects.get(subject).map_or(0, Vec::len) as u32;
        (1..=n).collect()
    }

    /// Every subject, sorted.
    pub fn subjects(&self) -> Vec<String> {
        read(&self.state).subjects.keys().cloned().collect()
    }

    /// The registration of `schema_json` under `subject`, if it is registered there (as the
    /// registry's "check if a schema is registered under a subject").
    pub fn lookup(&self, subject: &str, schema_json: &str) -> Option<RegisteredSchema> {
        let state = read(&self.state);
        let id = *state.ids_by_text.get(schema_json.trim())?;
        let position = state.subjects.get(subject)?.iter().position(|v| *v == id)?;
        state.registered(subject, position as u32 + 1)
    }

    /// Number of distinct schemas (ids).
    pub fn len(&self) -> usize {
        read(&self.state).schemas.len()
    }

    /// Whether no schema is registered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(feature = "resolve")]
impl InMemoryRegistry {
    /// Sets the compatibility mode `subject` enforces on new registrations (feature `resolve`).
    pub fn set_compatibility(&self, subject: &str, mode: CompatibilityMode) {
        write(&self.state)
            .compatibility
            .insert(subject.to_string(), mode);
    }

    /// Sets the mode of subjects without their own (initially [`CompatibilityMode::Backward`],
    /// the Confluent registry's default).
    pub fn set_default_compatibility(&self, mode: CompatibilityMode) {
        write(&self.state).default_compatibility = Some(mode);
    }

    /// The mode of subjects without their own.
    pub fn default_compatibility(&self) -> CompatibilityMode {
        read(&self.state)
            .default_compatibility
            .unwrap_or(DEFAULT_COMPATIBILITY)
    }

    /// The mode set for `subject` itself, if any (else it follows the default).
    pub fn subject_compatibility(&self, subject: &str) -> Option<CompatibilityMode> {
        read(&self.state).compatibility.get(subject).copied()
    }

    /// The compatibility mode `subject` enforces.
    pub fn compatibility(&self, subject: &str) -> CompatibilityMode {
        read(&self.state).mode(subject)
    }

    /// Every incompatibility registering `schema_json` under `subject` would meet under the
    /// subject's mode (empty: it would be accepted); fails when the schema is invalid.
    pub fn test_compatibility(
        &self,
        subject: &str,
        schema_json: &str,
    ) -> Result<Vec<CompatibilityError>> {
        let parsed = ParsedSchema::parse(schema_json, "schema")?;
        Ok(read(&self.state).incompatibilities(subject, &parsed))
    }

    /// The schema whose Parsing Canonical Form has this CRC-64-AVRO fingerprint (the first
    /// registered, when several texts share it).
    pub fn schema_with_fingerprint(&self, fingerprint: u64) -> Option<Arc<str>> {
        let state = read(&self.state);
        let id = *state.ids_by_fingerprint.get(&fingerprint)?;
        state.stored(id).map(|s| Arc::clone(&s.text))
    }
}

impl State {
    fn stored(&self, id: u32) -> Option<&Stored> {
        self.schemas.get((id as usize).checked_sub(1)?)
    }

    fn registered(&self, subject: &str, version: u32) -> Option<RegisteredSchema> {
        let versions = self.subjects.get(subject)?;
        let id = *versions.get((version as usize).checked_sub(1)?)?;
        Some(RegisteredSchema {
            subject: subject.to_string(),
            id,
            version,
            schema: Arc::clone(&self.stored(id)?.text),
        })
    }

    #[cfg(feature = "resolve")]
    fn mode(&self, subject: &str) -> CompatibilityMode {
        self.compatibility
            .get(subject)
            .copied()
            .or(self.default_compatibility)
            .unwrap_or(DEFAULT_COMPATIBILITY)
    }

    #[cfg(feature = "resolve")]
    fn incompatibilities(&self, subject: &str, new: &ParsedSchema) -> Vec<CompatibilityError> {
        let mode = self.mode(subject);
        let Some(ids) = self.subjects.get(subject) else {
            return Vec::new();
        };
        if mode == CompatibilityMode::None || ids.is_empty() {
            return Vec::new();
        }
        let labels: Vec<String> = (1..=ids.len()).map(|v| format!("version {v}")).collect();
        let mut history: Vec<Version<'_>> = ids
            .iter()
            .zip(&labels)
            .filter_map(|(id, label)| {
                let stored = self.stored(*id)?;
                Some(Version {
                    label,
                    side: side(&stored.parsed),
                })
            })
            .collect();
        history.push(Version {
            label: "the new schema",
            side: side(new),
        });
        check(mode, &history)
    }
}

#[cfg(feature = "resolve")]
fn side(p: &ParsedSchema) -> avro_schema::resolve::Side<'_> {
    avro_schema::resolve::Side {
        set: p.set(),
        schema: p.schema(),
    }
}

impl SchemaLookup for InMemoryRegistry {
    fn schema_by_id(&self, id: u32) -> Result<Option<Arc<str>>> {
        Ok(self.schema(id))
    }
}

#[cfg(feature = "resolve")]
impl FingerprintLookup for InMemoryRegistry {
    fn schema_by_fingerprint(&self, fingerprint: u64) -> Result<Option<Arc<str>>> {
        Ok(self.schema_with_fingerprint(fingerprint))
    }
}

fn read<V>(l: &RwLock<V>) -> RwLockReadGuard<'_, V> {
    l.read().unwrap_or_else(|e| e.into_inner())
}

fn write<V>(l: &RwLock<V>) -> RwLockWriteGuard<'_, V> {
    l.write().unwrap_or_else(|e| e.into_inner())
}
