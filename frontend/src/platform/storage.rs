//! `shared::device::KeyValue` on the browser's localStorage: the only place
//! that touches it. The store's rules (write order, outbox, receipts) live in
//! `shared::device::DeviceStore`; this is just keys and values.
//!
//! Why `web_sys::Storage` and not gloo-storage: gloo-storage's `LocalStorage`
//! throws (panics the wasm) when storage is unavailable — a private window, a
//! WeChat webview with storage off — where this app must instead say so on the
//! first screen; and it JSON-encodes every value again, escaping each quote of
//! our already-JSON records (≈10 % more of a 5 MiB budget). Its quota error is
//! also a generic `JsError`; here it becomes `KvError::Full` exactly.

use shared::device::{KeyValue, KvError};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{DomException, Storage};

/// The namespace of an account's keys in localStorage, `jg:u:<normalised
/// username>`: its device store, and beside it its lease, preferences and
/// drafts. (Usernames cannot contain `:`, so no namespace is a prefix of
/// another's keys.)
pub fn namespace(username: &str) -> String {
    format!("jg:u:{username}")
}

/// localStorage as a [`KeyValue`].
#[derive(Debug, Clone)]
pub struct BrowserKv {
    storage: Storage,
    /// UTF-16 units in use, once counted: reading every record again after
    /// each save would cost as much as opening the store. Kept up to date by
    /// this handle's own writes; small settings written elsewhere (language,
    /// preferences) are not counted until the next page load.
    used: Rc<Cell<Option<usize>>>,
}

impl BrowserKv {
    /// The page's localStorage, or why it cannot be used (private windows and
    /// some in-app browsers block it, or settings disable it).
    pub fn open() -> Result<Self, KvError> {
        let window = web_sys::window().ok_or_else(|| KvError::Unavailable("no window".into()))?;
        match window.local_storage() {
            Ok(Some(storage)) => Ok(Self {
                storage,
                used: Rc::new(Cell::new(None)),
            }),
            Ok(None) => Err(KvError::Unavailable("localStorage is missing".into())),
            Err(e) => Err(KvError::Unavailable(describe(&e))),
        }
    }
}

impl KeyValue for BrowserKv {
    fn get(&self, key: &str) -> Option<String> {
        self.storage.get_item(key).ok().flatten()
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), KvError> {
        let before = self.used.get().map(|_| self.get(key));
        self.storage
            .set_item(key, value)
            .map_err(|e| to_kv_error(&e))?;
        if let (Some(used), Some(old)) = (self.used.get(), before) {
            let old = old.map_or(0, |v| units(key) + units(&v));
            self.used
                .set(Some(used + units(key) + units(value) - old.min(used)));
        }
        Ok(())
    }

    fn remove(&mut self, key: &str) {
        let before = self.used.get().and_then(|_| self.get(key));
        let _ = self.storage.remove_item(key);
        if let (Some(used), Some(old)) = (self.used.get(), before) {
            self.used
                .set(Some(used.saturating_sub(units(key) + units(&old))));
        }
    }

    fn used_units(&self) -> usize {
        if let Some(used) = self.used.get() {
            return used;
        }
        let used = self
            .keys_with_prefix("")
            .iter()
            .map(|k| units(k) + self.get(k).map_or(0, |v| units(&v)))
            .sum();
        self.used.set(Some(used));
        used
    }

    fn keys_with_prefix(&self, prefix: &str) -> Vec<String> {
        let len = self.storage.length().unwrap_or(0);
        (0..len)
            .filter_map(|i| self.storage.key(i).ok().flatten())
            .filter(|k| k.starts_with(prefix))
            .collect()
    }
}

fn units(s: &str) -> usize {
    s.encode_utf16().count()
}

/// Quota errors are named differently across browsers (and were code 22 /
/// 1014 in older ones); everything else means storage cannot be used.
fn to_kv_error(e: &JsValue) -> KvError {
    if let Some(dom) = e.dyn_ref::<DomException>() {
        let name = dom.name();
        if name == "QuotaExceededError"
            || name == "NS_ERROR_DOM_QUOTA_REACHED"
            || dom.code() == 22
            || dom.code() == 1014
        {
            return KvError::Full;
        }
    }
    KvError::Unavailable(describe(e))
}

fn describe(e: &JsValue) -> String {
    match e.dyn_ref::<DomException>() {
        Some(dom) => format!("{}: {}", dom.name(), dom.message()),
        None => e.as_string().unwrap_or_else(|| "unknown error".into()),
    }
}

/// A small setting outside the ledger (e.g. the language); `None` if unset or
/// storage is unavailable.
pub fn get_raw(key: &str) -> Option<String> {
    BrowserKv::open().ok()?.get(key)
}

/// Saves a small setting, best effort: losing it costs nothing.
pub fn set_raw(key: &str, value: &str) {
    if let Ok(mut kv) = BrowserKv::open() {
        let _ = kv.set(key, value);
    }
}

/// Removes a small setting, best effort.
pub fn remove_raw(key: &str) {
    if let Ok(mut kv) = BrowserKv::open() {
        kv.remove(key);
    }
}

/// Asks the browser not to evict this site's storage under pressure. Browsers
/// decide on their own (installed apps usually get it); the answer is not needed.
pub fn request_persistence() {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(promise) = window.navigator().storage().persist() {
        crate::platform::task::spawn(async move {
            // Awaiting also swallows a rejection, which just means "no".
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        });
    }
}
