//! Schemas by id, fetched once: the first thread to miss an id fetches it while later threads
//! asking for the same id wait for that fetch instead of sending their own request.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use crate::error::Result;

/// One id's slot: empty until a fetch found the schema. Its lock is held during the fetch, so
/// concurrent misses of one id queue behind a single request.
type Slot = Arc<Mutex<Option<Arc<str>>>>;

/// Schemas by registry id. Ids are immutable in a registry (an id always names the same schema),
/// so entries never expire. Misses (unknown ids, failed fetches) are not kept: the next call asks
/// again, and unknown ids from hostile messages cannot grow the cache.
#[derive(Default)]
pub(crate) struct IdCache {
    slots: Mutex<HashMap<u32, Slot>>,
}

impl IdCache {
    /// The schema of `id`, from the cache or from `fetch` (called at most once at a time per id).
    pub(crate) fn get_or_fetch(
        &self,
        id: u32,
        fetch: impl FnOnce() -> Result<Option<Arc<str>>>,
    ) -> Result<Option<Arc<str>>> {
        let slot = Arc::clone(lock(&self.slots).entry(id).or_default());
        let mut schema = lock(&slot);
        if let Some(found) = &*schema {
            return Ok(Some(Arc::clone(found)));
        }
        let fetched = fetch();
        match &fetched {
            Ok(Some(found)) => *schema = Some(Arc::clone(found)),
            _ => {
                // Forget the empty slot (unless a later caller already replaced it), so that
                // misses leave nothing behind. Waiters holding it still fetch for themselves.
                drop(schema);
                let mut slots = lock(&self.slots);
                if slots.get(&id).is_some_and(|s| Arc::ptr_eq(s, &slot)) {
                    slots.remove(&id);
                }
            }
        }
        fetched
    }

    /// Remembers the schema of `id` (learnt by registering it).
    pub(crate) fn insert(&self, id: u32, schema: Arc<str>) {
        let slot = Arc::clone(lock(&self.slots).entry(id).or_default());
        lock(&slot).get_or_insert(schema);
    }

    /// Number of ids whose schema is known.
    pub(crate) fn len(&self) -> usize {
        let slots: Vec<Slot> = lock(&self.slots).values().cloned().collect();
        slots.iter().filter(|s| lock(s).is_some()).count()
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
