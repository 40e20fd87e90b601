//! One sync at a time per account on this phone, also across several open
//! tabs.
//!
//! Where the browser has Web Locks (`navigator.locks`: Chromium 69+, Safari
//! 15.4+, Firefox 96+), the run holds the lock `jg:u:<username>:sync`. The
//! browser grants it to one tab at a time, atomically, and frees it when the
//! tab closes or reloads mid-run.
//!
//! Older in-app browsers fall back to a lease in localStorage
//! (`jg:u:<username>:lease`): taken before a run, renewed after each batch,
//! given back at the end; a tab that closes mid-run leaves a lease that runs
//! out. Two tabs starting in the same millisecond is that lease's gap; the
//! device store's check for writes from another tab covers it.
//!
//! The binding to `navigator.locks` is declared here rather than through
//! web-sys, whose `LockManager` sits behind its unstable-API flag.

use crate::platform::storage::{self, namespace};
use js_sys::{Function, Object, Promise, Reflect};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// How long a fallback lease lasts without renewal.
pub const LEASE_MS: i64 = 30_000;

/// Who holds the fallback lease, until when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lease {
    pub holder: String,
    pub until_ms: i64,
}

/// Whether `me` may take the fallback lease now, given the one in storage.
pub fn may_take(found: Option<&Lease>, me: &str, now_ms: i64) -> bool {
    found.is_none_or(|l| l.holder == me || l.until_ms <= now_ms)
}

#[wasm_bindgen]
extern "C" {
    /// `navigator.locks`.
    type LockManager;

    /// `locks.request(name, options, callback)`.
    #[wasm_bindgen(method, js_name = request)]
    fn request_with_options(
        this: &LockManager,
        name: &str,
        options: &Object,
        callback: &Function,
    ) -> Promise;
}

/// The right to sync this account, until dropped.
#[derive(Debug)]
pub enum Held {
    /// A Web Lock; calling the function releases it.
    Lock(Function),
    /// The localStorage lease of `username`, held by `me`.
    Lease { username: String, me: String },
}

impl Held {
    /// Keeps a fallback lease from running out during a long run (a Web
    /// Lock needs no renewal).
    pub fn renew(&self, now_ms: i64) {
        if let Held::Lease { username, me } = self {
            take_lease(username, me, now_ms);
        }
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        match self {
            Held::Lock(release) => {
                let _ = release.call0(&JsValue::NULL);
            }
            Held::Lease { username, me } => give_back_lease(username, me),
        }
    }
}

/// Takes the sync for `username` if no other tab of this browser holds it;
/// `None` if one does. `me` names this page in the fallback lease.
pub async fn acquire(username: &str, me: &str, now_ms: i64) -> Option<Held> {
    match lock_manager() {
        Some(locks) => acquire_lock(&locks, username).await,
        None => take_lease(username, me, now_ms).then(|| Held::Lease {
            username: username.to_owned(),
            me: me.to_owned(),
        }),
    }
}

fn lock_manager() -> Option<LockManager> {
    let navigator = web_sys::window()?.navigator();
    let locks = Reflect::get(&navigator, &JsValue::from_str("locks")).ok()?;
    (!locks.is_undefined() && !locks.is_null()).then(|| locks.unchecked_into())
}

/// Requests the lock with `ifAvailable`: the callback gets `null` at once
/// when another tab holds it. Otherwise the lock is held until the promise
/// the callback returned resolves, which is what [`Held::Lock`]'s function
/// does.
async fn acquire_lock(locks: &LockManager, username: &str) -> Option<Held> {
    let mut grant: Option<Function> = None;
    let granted = Promise::new(&mut |resolve, _reject| grant = Some(resolve));
    let grant = grant?;
    let on_fail = grant.clone();
    let callback = Closure::once_into_js(move |lock: JsValue| -> Promise {
        if lock.is_null() {
            let _ = grant.call1(&JsValue::NULL, &JsValue::NULL);
            return Promise::resolve(&JsValue::UNDEFINED);
        }
        let mut release: Option<Function> = None;
        let hold = Promise::new(&mut |resolve, _reject| release = Some(resolve));
        let release = release.map(JsValue::from).unwrap_or(JsValue::NULL);
        let _ = grant.call1(&JsValue::NULL, &release);
        hold
    });
    let options = Object::new();
    Reflect::set(&options, &JsValue::from_str("ifAvailable"), &JsValue::TRUE).ok()?;
    let name = format!("{}:sync", namespace(username));
    let request = locks.request_with_options(&name, &options, callback.unchecked_ref());
    // A refused request (say, an opaque origin) never calls back: answer
    // "not granted" then, so the run does not wait forever.
    crate::platform::task::spawn(async move {
        if JsFuture::from(request).await.is_err() {
            let _ = on_fail.call1(&JsValue::NULL, &JsValue::NULL);
        }
    });
    let value = JsFuture::from(granted).await.ok()?;
    value.dyn_into::<Function>().ok().map(Held::Lock)
}

fn lease_key(username: &str) -> String {
    format!("{}:lease", namespace(username))
}

fn read_lease(username: &str) -> Option<Lease> {
    storage::get_raw(&lease_key(username)).and_then(|raw| serde_json::from_str(&raw).ok())
}

/// Takes (or renews) the fallback lease for `me`; `false` if another tab
/// holds it.
fn take_lease(username: &str, me: &str, now_ms: i64) -> bool {
    if !may_take(read_lease(username).as_ref(), me, now_ms) {
        return false;
    }
    let lease = Lease {
        holder: me.to_owned(),
        until_ms: now_ms + LEASE_MS,
    };
    if let Ok(raw) = serde_json::to_string(&lease) {
        storage::set_raw(&lease_key(username), &raw);
    }
    // Read back: of two tabs writing at once, only the last writer holds it.
    read_lease(username).is_some_and(|l| l.holder == me)
}

fn give_back_lease(username: &str, me: &str) {
    if read_lease(username).is_some_and(|l| l.holder == me) {
        storage::remove_raw(&lease_key(username));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lease_is_taken_when_free_own_or_run_out() {
        let held = Lease {
            holder: "tab-a".into(),
            until_ms: 1_000,
        };
        assert!(may_take(None, "tab-b", 0));
        assert!(may_take(Some(&held), "tab-a", 500));
        assert!(!may_take(Some(&held), "tab-b", 999));
        assert!(may_take(Some(&held), "tab-b", 1_000));
    }
}
