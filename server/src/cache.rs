//! A small in-memory cache of computed answers, shared between requests.
//!
//! Keys include the campaign's `updated_at`, so an entry is never served once
//! the figures change; old entries simply stop being asked for.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};

/// Computed values by key, within a budget: each value weighs 1 (a count of
/// values) or what the caller says (bytes, say); past the budget the cache
/// starts afresh.
pub struct Cache<K, V> {
    entries: Mutex<(HashMap<K, Arc<V>>, usize)>,
    budget: usize,
}

impl<K: Eq + Hash, V> Cache<K, V> {
    /// An empty cache holding up to `budget` weight of values.
    pub fn new(budget: usize) -> Self {
        Cache {
            entries: Mutex::new((HashMap::new(), 0)),
            budget,
        }
    }

    /// The value under `key`, if computed before.
    pub fn get(&self, key: &K) -> Option<Arc<V>> {
        self.entries.lock().expect("cache lock").0.get(key).cloned()
    }

    /// Stores `value` under `key` with weight 1 and returns it shared.
    pub fn put(&self, key: K, value: V) -> Arc<V> {
        self.put_weighed(key, value, 1)
    }

    /// Stores `value` under `key`, counting `weight` against the budget.
    pub fn put_weighed(&self, key: K, value: V, weight: usize) -> Arc<V> {
        let value = Arc::new(value);
        let mut guard = self.entries.lock().expect("cache lock");
        let (entries, used) = &mut *guard;
        // Clearing everything is crude but bounded, and a full cache only
        // happens after thousands of distinct views of one data version.
        if *used + weight > self.budget {
            entries.clear();
            *used = 0;
        }
        *used += weight;
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

    #[test]
    fn weighs_values_against_the_budget() {
        let cache = Cache::new(10);
        cache.put_weighed("a", 1, 6);
        cache.put_weighed("b", 2, 4);
        assert!(cache.get(&"a").is_some() && cache.get(&"b").is_some());
        cache.put_weighed("c", 3, 1);
        assert_eq!(cache.get(&"a"), None, "over budget: cleared");
        assert_eq!(cache.get(&"c").as_deref(), Some(&3));
    }
}
