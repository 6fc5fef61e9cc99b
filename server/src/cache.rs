//! Computed answers kept in memory between requests, each cache bounded in
//! bytes (quick_cache: eviction by recency and frequency, not clearing all).
//!
//! Keys start with the data version, so an entry is never served once the
//! figures change; old entries are simply no longer asked for and age out.
//! When many requests miss the same key at once, one computes and the others
//! wait for its answer.

use std::future::Future;
use std::hash::Hash;
use std::sync::Arc;

use quick_cache::Weighter;

/// Approximate heap bytes of a value, what a cache's budget counts.
pub trait Weigh {
    /// Bytes held, roughly: strings and vectors by length, plus a fixed part.
    fn weigh(&self) -> u64;
}

/// A value with its weight, measured once when kept.
struct Entry<V> {
    value: Arc<V>,
    bytes: u64,
}

// Cloning shares the value: no `V: Clone` needed.
impl<V> Clone for Entry<V> {
    fn clone(&self) -> Self {
        Entry {
            value: self.value.clone(),
            bytes: self.bytes,
        }
    }
}

#[derive(Clone)]
struct ByBytes;

impl<K, V> Weighter<K, Entry<V>> for ByBytes {
    fn weight(&self, _key: &K, entry: &Entry<V>) -> u64 {
        entry.bytes
    }
}

/// Values by key within a budget of bytes.
pub struct Kept<K, V> {
    entries: quick_cache::sync::Cache<K, Entry<V>, ByBytes>,
}

/// A typical entry's size, for the first sizing of the table.
const TYPICAL_ENTRY_BYTES: u64 = 32 << 10;
/// Each shard holds at least this much: an entry larger than its shard is
/// not kept (a commune-level day of standings weighs about 2.5 MB).
const MIN_SHARD_BYTES: u64 = 8 << 20;

impl<K: Eq + Hash + Clone, V: Weigh> Kept<K, V> {
    /// An empty cache holding at most `budget` bytes of values.
    pub fn new(budget: u64) -> Self {
        let items = (budget / TYPICAL_ENTRY_BYTES).max(16) as usize;
        // Fewer, larger shards than quick_cache's default (4 per core).
        let shards = (budget / MIN_SHARD_BYTES).clamp(1, 8) as usize;
        let options = quick_cache::OptionsBuilder::new()
            .estimated_items_capacity(items)
            .weight_capacity(budget)
            .shards(shards)
            .build()
            .expect("valid cache options");
        Kept {
            entries: quick_cache::sync::Cache::with_options(
                options,
                ByBytes,
                Default::default(),
                Default::default(),
            ),
        }
    }

    /// The value under `key`, if kept.
    pub fn get(&self, key: &K) -> Option<Arc<V>> {
        self.entries.get(key).map(|e| e.value)
    }

    /// Keeps `value` under `key` (unless it alone outweighs the budget) and returns it shared.
    pub fn insert(&self, key: K, value: V) -> Arc<V> {
        let bytes = value.weigh() + std::mem::size_of::<K>() as u64;
        let value = Arc::new(value);
        self.entries.insert(
            key,
            Entry {
                value: value.clone(),
                bytes,
            },
        );
        value
    }

    /// The value under `key`, computed by `compute` if not kept; concurrent
    /// callers with the same key wait for one computation.
    pub async fn get_or_compute<E>(
        &self,
        key: &K,
        compute: impl Future<Output = Result<V, E>>,
    ) -> Result<Arc<V>, E> {
        // Boxed: the computations nest (a page's view waits on standings,
        // which wait on counts), and unboxed their states add up on the stack.
        let compute = Box::pin(compute);
        let entry = self
            .entries
            .get_or_insert_async(key, async {
                let value = compute.await?;
                let bytes = value.weigh() + std::mem::size_of::<K>() as u64;
                Ok(Entry {
                    value: Arc::new(value),
                    bytes,
                })
            })
            .await?;
        Ok(entry.value)
    }

    /// Bytes kept now.
    pub fn bytes(&self) -> u64 {
        self.entries.weight()
    }

    /// Lookups answered from the cache so far.
    pub fn hits(&self) -> u64 {
        self.entries.hits()
    }

    /// Lookups that had to compute.
    pub fn misses(&self) -> u64 {
        self.entries.misses()
    }

    /// Hits and misses so far.
    pub fn stats(&self) -> (u64, u64) {
        (self.hits(), self.misses())
    }
}

impl Weigh for String {
    fn weigh(&self) -> u64 {
        self.len() as u64 + 24
    }
}

impl<T: Weigh> Weigh for Vec<T> {
    fn weigh(&self) -> u64 {
        self.iter().map(Weigh::weigh).sum::<u64>() + 24
    }
}

impl<T: Weigh> Weigh for Option<T> {
    fn weigh(&self) -> u64 {
        self.as_ref().map_or(8, Weigh::weigh)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Blob(usize);
    impl Weigh for Blob {
        fn weigh(&self) -> u64 {
            self.0 as u64
        }
    }

    #[test]
    fn keeps_values_within_the_byte_budget() {
        let cache: Kept<u32, Blob> = Kept::new(100_000);
        for k in 0..100 {
            cache.insert(k, Blob(5_000));
        }
        assert!(cache.bytes() <= 100_000, "{} bytes", cache.bytes());
        // The last ones are there; most of the first ones are gone.
        assert!(cache.get(&99).is_some());
        let kept = (0..100).filter(|k| cache.get(k).is_some()).count();
        assert!((10..=20).contains(&kept), "{kept} kept");
    }

    #[test]
    fn keeps_an_entry_as_large_as_a_commune_day() {
        let cache: Kept<u32, Blob> = Kept::new(6 << 20);
        cache.insert(1, Blob(2_500_000));
        assert!(cache.get(&1).is_some(), "a 2.5 MB entry fits a 6 MB cache");
    }

    #[tokio::test]
    async fn concurrent_misses_compute_once() {
        let cache: Arc<Kept<u32, Blob>> = Arc::new(Kept::new(1 << 20));
        let runs = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..8 {
            let (cache, runs) = (cache.clone(), runs.clone());
            tasks.push(tokio::spawn(async move {
                cache
                    .get_or_compute(&7, async {
                        runs.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                        Ok::<_, ()>(Blob(10))
                    })
                    .await
                    .unwrap()
            }));
        }
        for t in tasks {
            assert_eq!(t.await.unwrap().0, 10);
        }
        assert_eq!(runs.load(std::sync::atomic::Ordering::SeqCst), 1);
    }
}
