//! The catalogue of work on the phone: the server's, cached under
//! `jg:catalogue` so the kind picker and the form work offline, with the
//! catalogue built into the app as the fallback before the first download.
//! A cached catalogue is only ever replaced by a newer version, fetched
//! when the workspace opens online and after every sync that reached the
//! server ([`follow_sync`]): an admin's edit reaches phones at their next
//! sync, and a phone offline keeps working with the copy it has (its
//! entries name that version, and the server judges them under it).

use crate::logic::sync_outcome::SyncView;
use crate::platform::api;
use crate::platform::storage;
use crate::state::session::Auth;
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

/// Keeps `fresh` (cached and in force) if it is newer than `current`.
pub fn adopt(fresh: Catalogue, current: RwSignal<Catalogue>) {
    if fresh.check().is_err() || fresh.version <= current.with_untracked(|c| c.version) {
        return;
    }
    if let Ok(raw) = serde_json::to_string(&fresh) {
        storage::set_raw(KEY, &raw);
    }
    current.try_set(fresh);
}

/// Fetches the server's catalogue and keeps it if it is newer than `current`
/// (best effort: the cached one keeps working offline).
pub fn refresh(token: String, current: RwSignal<Catalogue>) {
    crate::platform::task::spawn(async move {
        if let Ok(fresh) = api::catalogue(&token).await {
            adopt(fresh, current);
        }
    });
}

/// Refreshes the catalogue each time a sync run ends having reached the
/// server.
pub fn follow_sync(view: ReadSignal<SyncView>, auth: Auth, current: RwSignal<Catalogue>) {
    Effect::new(move |was_syncing: Option<bool>| {
        let (syncing, reached) = view.with(|v| (v.syncing, v.reachable == Some(true)));
        if was_syncing == Some(true) && !syncing && reached {
            if let Some(token) = auth.token() {
                refresh(token, current);
            }
        }
        syncing
    });
}
