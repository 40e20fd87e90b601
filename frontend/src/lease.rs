//! One sync at a time per account on this phone, also across several open
//! tabs: a lease in localStorage (`jg:u:<username>:lease`), taken before a
//! run, renewed after each batch, given back at the end. A tab that closes
//! mid-run leaves a lease that simply runs out.
//!
//! (Web Locks would do this too, but sit behind an unstable web-sys flag and
//! are missing from older in-app browsers; two tabs starting in the same
//! millisecond is the lease's only gap, and the device store's own check
//! for writes from another tab covers it.)

use crate::ledger::namespace;
use crate::storage;
use serde::{Deserialize, Serialize};

/// How long a lease lasts without renewal.
pub const LEASE_MS: i64 = 30_000;

/// Who holds the sync, until when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Lease {
    pub holder: String,
    pub until_ms: i64,
}

/// Whether `me` may sync now, given the lease found in storage.
pub fn may_take(found: Option<&Lease>, me: &str, now_ms: i64) -> bool {
    found.is_none_or(|l| l.holder == me || l.until_ms <= now_ms)
}

fn key(username: &str) -> String {
    format!("{}:lease", namespace(username))
}

/// Takes (or renews) the lease for `me`; `false` if another tab holds it.
pub fn take(username: &str, me: &str, now_ms: i64) -> bool {
    let found = storage::get_raw(&key(username)).and_then(|raw| serde_json::from_str(&raw).ok());
    if !may_take(found.as_ref(), me, now_ms) {
        return false;
    }
    let lease = Lease {
        holder: me.to_owned(),
        until_ms: now_ms + LEASE_MS,
    };
    if let Ok(raw) = serde_json::to_string(&lease) {
        storage::set_raw(&key(username), &raw);
    }
    // Read back: of two tabs writing at once, only the last writer holds it.
    storage::get_raw(&key(username))
        .and_then(|raw| serde_json::from_str::<Lease>(&raw).ok())
        .is_some_and(|l| l.holder == me)
}

/// Gives the lease back, if `me` holds it.
pub fn give_back(username: &str, me: &str) {
    let mine = storage::get_raw(&key(username))
        .and_then(|raw| serde_json::from_str::<Lease>(&raw).ok())
        .is_some_and(|l| l.holder == me);
    if mine {
        storage::remove_raw(&key(username));
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
