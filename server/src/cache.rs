//! A small in-memory cache of computed answers, shared between requests.
//!
//! Keys include the campaign's `updated_at`, so an entry is never served once
//! the figures change; old entries simply stop being asked for.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

/// Computed values by key, at most `capacity` of them (then it starts afresh).
pub struct Cache<K, V> {
    entries: Mutex<HashMap<K, Arc<V>>>,
    capacity: usize,
}

impl<K: Eq + Hash, V> Cache<K, V> {
    /// An empty cache holding up to `capacity` values.
    pub fn new(capacity: usize) -> Self {
        Cache {
            entries: Mutex::new(HashMap::new()),
            capacity,
        }
    }

    /// The value under `key`, if computed before.
    pub fn get(&self, key: &K) -> Option<Arc<V>> {
        self.entries.lock().expect("cache lock").get(key).cloned()
    }

    /// Stores `value` under `key` and returns it shared.
    pub fn put(&self, key: K, value: V) -> Arc<V> {
        let value = Arc::new(value);
        let mut entries = self.entries.lock().expect("cache lock");
        // Clearing everything is crude but bounded, and a full cache only
        // happens after thousands of distinct views of one data version.
        if entries.len() >= self.capacity {
            entries.clear();
        }
        entries.insert(key, value.clone());
        value
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_values_up_to_its_capacity() {
        let cache = Cache::new(2);
        cache.put(1, "a");
        cache.put(2, "b");
        assert_eq!(cache.get(&1).as_deref(), Some(&"a"));
        cache.put(3, "c");
        assert_eq!(cache.get(&1), None, "cleared when full");
        assert_eq!(cache.get(&3).as_deref(), Some(&"c"));
    }
}
