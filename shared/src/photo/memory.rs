//! [`MemoryPhotos`]: the photo store's backend in memory, for native tests
//! and the benchmark: a byte quota counted as IndexedDB's is (values), an
//! estimate it reports like the browser's, and [`block_on`] to run the
//! store's futures (they never wait on anything here).

use super::store::{Estimate, PhotoBackend, PhotoStoreError, Shelf};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::future::Future;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

/// Shelves of bytes in memory; clones share the same contents (as two
/// handles on one IndexedDB database do).
#[derive(Debug, Clone, Default)]
pub struct MemoryPhotos {
    inner: Rc<RefCell<Inner>>,
}

#[derive(Debug, Default)]
struct Inner {
    shelves: BTreeMap<(&'static str, String), Vec<u8>>,
    /// Bytes the "browser" grants; writes past it fail.
    quota: Option<u64>,
    /// Whether `estimate` answers (some browsers have no estimate).
    estimates: bool,
}

impl MemoryPhotos {
    /// No quota, no estimate.
    pub fn new() -> Self {
        Self::default()
    }

    /// Writes past `bytes` fail; `estimates`: whether the estimate tells.
    pub fn with_quota(bytes: u64, estimates: bool) -> Self {
        let photos = Self::default();
        {
            let mut inner = photos.inner.borrow_mut();
            inner.quota = Some(bytes);
            inner.estimates = estimates;
        }
        photos
    }

    /// Bytes of every value held.
    pub fn used(&self) -> u64 {
        self.inner
            .borrow()
            .shelves
            .values()
            .map(|v| v.len() as u64)
            .sum()
    }

    /// Every key of `shelf` (all accounts).
    pub fn all_keys(&self, shelf: Shelf) -> Vec<String> {
        self.inner
            .borrow()
            .shelves
            .keys()
            .filter(|(s, _)| *s == shelf.name())
            .map(|(_, k)| k.clone())
            .collect()
    }
}

impl PhotoBackend for MemoryPhotos {
    async fn get(&self, shelf: Shelf, key: &str) -> Result<Option<Vec<u8>>, PhotoStoreError> {
        let inner = self.inner.borrow();
        Ok(inner.shelves.get(&(shelf.name(), key.to_owned())).cloned())
    }

    async fn put(&self, shelf: Shelf, key: &str, value: &[u8]) -> Result<(), PhotoStoreError> {
        let used = self.used();
        let mut inner = self.inner.borrow_mut();
        let slot = (shelf.name(), key.to_owned());
        let old = inner.shelves.get(&slot).map_or(0, |v| v.len() as u64);
        if let Some(quota) = inner.quota {
            if used - old + value.len() as u64 > quota {
                return Err(PhotoStoreError::Full {
                    needed: value.len() as u64,
                });
            }
        }
        inner.shelves.insert(slot, value.to_vec());
        Ok(())
    }

    async fn delete(&self, shelf: Shelf, key: &str) -> Result<(), PhotoStoreError> {
        let mut inner = self.inner.borrow_mut();
        inner.shelves.remove(&(shelf.name(), key.to_owned()));
        Ok(())
    }

    async fn keys(&self, shelf: Shelf, prefix: &str) -> Result<Vec<String>, PhotoStoreError> {
        let inner = self.inner.borrow();
        Ok(inner
            .shelves
            .keys()
            .filter(|(s, k)| *s == shelf.name() && k.starts_with(prefix))
            .map(|(_, k)| k.clone())
            .collect())
    }

    async fn estimate(&self) -> Option<Estimate> {
        let (quota, estimates) = {
            let inner = self.inner.borrow();
            (inner.quota, inner.estimates)
        };
        match quota {
            Some(quota) if estimates => Some(Estimate {
                usage: self.used(),
                quota,
            }),
            _ => None,
        }
    }
}

/// Runs a future that never waits (the memory backend's) to its end.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = Box::pin(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
    }
}
