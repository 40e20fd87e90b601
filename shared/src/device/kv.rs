//! The key-value interface the device store is written against. The browser
//! implements it on localStorage; tests use [`MemoryKv`]; a later backend
//! (IndexedDB, for photos) implements it again.

use std::collections::BTreeMap;

/// Why the device's storage refused a write.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KvError {
    /// The browser's quota is used up. Nothing already stored is affected.
    #[error("the device's storage is full")]
    Full,
    /// Storage is missing or disabled (private window, blocked by settings).
    #[error("the device's storage cannot be used: {0}")]
    Unavailable(String),
}

/// String keys to string values, like `window.localStorage`.
pub trait KeyValue {
    fn get(&self, key: &str) -> Option<String>;
    /// Writes `value`. On error the old value (if any) is still there.
    fn set(&mut self, key: &str, value: &str) -> Result<(), KvError>;
    fn remove(&mut self, key: &str);
    /// Every key that starts with `prefix`.
    fn keys_with_prefix(&self, prefix: &str) -> Vec<String>;

    /// UTF-16 code units used by every key and value (the unit browsers count
    /// localStorage's quota in). Reads everything: call it now and then, not per save.
    fn used_units(&self) -> usize {
        self.keys_with_prefix("")
            .iter()
            .map(|k| utf16_len(k) + self.get(k).map_or(0, |v| utf16_len(&v)))
            .sum()
    }
}

/// What the app plans to use at most: localStorage gives an origin about
/// 5 MiB (5,242,880 UTF-16 code units in Chromium); the last 5 % is headroom.
pub const STORAGE_BUDGET_UNITS: usize = 5_000_000;

/// An in-memory store with an optional quota, counted like localStorage does
/// (UTF-16 code units of keys and values).
#[derive(Debug, Clone, Default)]
pub struct MemoryKv {
    map: BTreeMap<String, String>,
    quota: Option<usize>,
}

impl MemoryKv {
    pub fn new() -> Self {
        Self::default()
    }

    /// A store that refuses writes past `units` UTF-16 code units in all.
    pub fn with_quota(units: usize) -> Self {
        Self {
            map: BTreeMap::new(),
            quota: Some(units),
        }
    }

    /// Changes the quota (e.g. to simulate a full disk midway through a test).
    pub fn set_quota(&mut self, units: Option<usize>) {
        self.quota = units;
    }

    /// UTF-16 code units used by keys and values.
    pub fn used(&self) -> usize {
        self.used_units()
    }

    /// A copy of everything stored, for comparing before and after.
    pub fn snapshot(&self) -> BTreeMap<String, String> {
        self.map.clone()
    }
}

fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

impl KeyValue for MemoryKv {
    fn get(&self, key: &str) -> Option<String> {
        self.map.get(key).cloned()
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), KvError> {
        if let Some(quota) = self.quota {
            let old = self
                .map
                .get(key)
                .map_or(0, |v| utf16_len(key) + utf16_len(v));
            if self.used() - old + utf16_len(key) + utf16_len(value) > quota {
                return Err(KvError::Full);
            }
        }
        self.map.insert(key.to_owned(), value.to_owned());
        Ok(())
    }

    fn remove(&mut self, key: &str) {
        self.map.remove(key);
    }

    fn used_units(&self) -> usize {
        self.map
            .iter()
            .map(|(k, v)| utf16_len(k) + utf16_len(v))
            .sum()
    }

    fn keys_with_prefix(&self, prefix: &str) -> Vec<String> {
        self.map
            .range(prefix.to_owned()..)
            .take_while(|(k, _)| k.starts_with(prefix))
            .map(|(k, _)| k.clone())
            .collect()
    }
}
