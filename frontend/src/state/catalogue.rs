//! The catalogue of work on the phone: the server's, cached under
//! `jg:catalogue` so the kind picker and the form work offline, with the
//! catalogue built into the app as the fallback before the first download.
//! A cached catalogue is only ever replaced by a newer version.

use crate::platform::api;
use crate::platform::storage;
use leptos::prelude::*;
use shared::catalogue::Catalogue;
use shared::catalogue_default::default_catalogue;

const KEY: &str = "jg:catalogue";

/// The cached catalogue, or the built-in one when none is cached (or the
/// built-in one is newer: the app was updated).
pub fn load() -> Catalogue {
    let builtin = default_catalogue();
    storage::get_raw(KEY)
        .and_then(|raw| serde_json::from_str::<Catalogue>(&raw).ok())
        .filter(|c| c.version >= builtin.version && c.check().is_ok())
        .unwrap_or(builtin)
}

/// Fetches the server's catalogue and keeps it if it is newer than `current`
/// (best effort: the cached one keeps working offline).
pub fn refresh(token: String, current: RwSignal<Catalogue>) {
    crate::platform::task::spawn(async move {
        let Ok(fresh) = api::catalogue(&token).await else {
            return;
        };
        if fresh.check().is_err() || fresh.version <= current.with_untracked(|c| c.version) {
            return;
        }
        if let Ok(raw) = serde_json::to_string(&fresh) {
            storage::set_raw(KEY, &raw);
        }
        current.set(fresh);
    });
}
