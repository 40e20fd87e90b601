//! The catalogue of work on the phone: the server's, cached under
//! `jg:catalogue` so the kind picker and the form work offline, with the
//! catalogue built into the app as the fallback before the first download.
//! The server's catalogue replaces the phone's whenever it differs (not only
//! when its number is higher: `logic::catalogue_choice` says why), fetched
//! when the workspace opens online and after every sync that reached the
//! server ([`follow_sync`]): an admin's edit reaches phones at their next
//! sync, and a phone offline keeps working with the copy it has (its
//! entries name that version, and the server judges them under it).

use crate::logic::catalogue_choice;
use crate::logic::sync_outcome::SyncView;
use crate::platform::api;
use crate::platform::storage;
use crate::state::session::Auth;
use leptos::prelude::*;
use shared::catalogue::Catalogue;
use shared::catalogue_default::default_catalogue;

const KEY: &str = "jg:catalogue";

/// The cached catalogue (the server's), or the built-in one when none is
/// cached.
pub fn load() -> Catalogue {
    let cached = storage::get_raw(KEY).and_then(|raw| serde_json::from_str::<Catalogue>(&raw).ok());
    catalogue_choice::on_open(cached, default_catalogue())
}

/// Keeps `fresh` (cached and in force) if it differs from `current`.
pub fn adopt(fresh: Catalogue, current: RwSignal<Catalogue>) {
    if !current.with_untracked(|c| catalogue_choice::takes_over(&fresh, c)) {
        return;
    }
    if let Ok(raw) = serde_json::to_string(&fresh) {
        storage::set_raw(KEY, &raw);
    }
    current.try_set(fresh);
}

/// Fetches the server's catalogue and keeps it if it differs from `current`
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
