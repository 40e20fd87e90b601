//! The device store made reactive: one `shared::device::DeviceStore` on
//! localStorage per account, plus a version counter that views track. That is
//! the ledger's whole job: keep the account's store open (and opened again
//! when another tab wrote), and make reading it reactive. Callers hold the
//! store itself through [`Ledger::read`] (tracked), [`Ledger::write`] (fresh
//! first, every reader re-renders after) and [`Ledger::peek`] (untracked, for
//! the sync driver and the export); the rules (write order, outbox, receipts,
//! what signing out may forget) are the store's. On top, only what several
//! screens read the same way: the list's rows with their state, the folds
//! over entries (totals, tally, roster), what exists only here, and the timed
//! save and edit (for the benchmark).
//!
//! Each account that signs in on this phone has its own namespace
//! `jg:u:<normalised username>`: its own device id and outbox, so one person
//! never sees another's entries on a shared phone. (Usernames cannot contain
//! `:`, so no namespace is a prefix of another's keys.)

use crate::platform::clock;
use crate::platform::storage::{namespace, BrowserKv};
use leptos::prelude::*;
use shared::catalogue::Catalogue;
use shared::date::Period;
use shared::device::{AddError, DeviceStore, EntryStatus, KvError, StoreError};
use shared::report::totals::{totals, Totals};
use shared::Entry;
use uuid::Uuid;

/// Opens (creating on first use) the store of `username`: this phone's device
/// id for the account, and how many changes wait to be sent.
pub fn device_of(username: &str) -> Result<(Uuid, u64), StoreError> {
    let store = open_store(username)?;
    Ok((store.device_id(), store.pending_count()))
}

fn open_store(username: &str) -> Result<Store, StoreError> {
    BrowserKv::open()
        .map_err(StoreError::from)
        .and_then(|kv| DeviceStore::open(kv, &namespace(username), Uuid::now_v7))
}

/// An account's device store on this browser's localStorage.
pub type Store = DeviceStore<BrowserKv>;

/// One line of the list: an entry and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub entry: Entry,
    pub status: EntryStatus,
    /// Recorded or changed on this phone (not only pulled from the server).
    pub from_here: bool,
}

impl Row {
    /// The row of `local` as `store` sees it.
    fn of(store: &Store, local: &shared::device::LocalEntry) -> Row {
        Row {
            entry: local.entry.clone(),
            status: store.status(local),
            from_here: local.seq > 0,
        }
    }

    /// Changes whenever what the row shows changes, for keyed lists.
    pub fn key(&self) -> (Uuid, u8, i64, i64) {
        let (state, detail) = match self.status {
            EntryStatus::OnDevice { failed_at_ms } => (0, failed_at_ms.unwrap_or(0)),
            EntryStatus::Sending => (1, 0),
            EntryStatus::NeedsAttention { .. } => (2, 0),
            EntryStatus::Received { change_no } => {
                (3, i64::try_from(change_no).unwrap_or(i64::MAX))
            }
        };
        (self.entry.id, state, detail, self.entry.updated_ms)
    }
}

/// The phone's ledger, shared by context (it is `Copy`).
#[derive(Debug, Clone, Copy)]
pub struct Ledger {
    /// The store, or why it could not be opened (kept to explain it).
    store: StoredValue<Result<Store, StoreError>, LocalStorage>,
    /// Bumped after every write.
    version: RwSignal<u64>,
    /// Whose store it is (to open it again when another tab wrote).
    username: StoredValue<String>,
}

impl Ledger {
    /// Opens the account's store in this browser's localStorage, creating
    /// its device identity on first use.
    pub fn open(username: &str) -> Self {
        let store = crate::platform::timing::measure("open", || open_store(username));
        Self {
            store: StoredValue::new_local(store),
            version: RwSignal::new(0),
            username: StoredValue::new(username.to_owned()),
        }
    }

    /// Opens the store again if another tab of this app has written to it
    /// since (its `storage` event, or found before a write), so this tab
    /// never writes from a stale copy.
    pub fn refresh_if_stale(&self) {
        let stale = self
            .store
            .try_with_value(|s| s.as_ref().is_ok_and(DeviceStore::changed_elsewhere))
            .unwrap_or(false);
        if stale {
            // A request this tab has on its way is still on its way.
            let in_flight = self
                .store
                .try_with_value(|s| s.as_ref().ok().and_then(DeviceStore::in_flight))
                .flatten();
            let reopened = self.username.with_value(|u| open_store(u)).map(|mut s| {
                if let Some(seq) = in_flight {
                    s.mark_in_flight(seq);
                }
                s
            });
            self.store.set_value(reopened);
            self.version.update(|v| *v += 1);
        }
    }

    /// Why the store could not be opened, if it could not.
    pub fn open_error(&self) -> Option<StoreError> {
        self.store
            .try_with_value(|s| s.as_ref().err().cloned())
            .flatten()
    }

    /// Reads the store, tracked: a view that reads re-renders after every
    /// write. `None` when the store could not be opened ([`Self::open_error`]).
    pub fn read<R>(&self, f: impl FnOnce(&Store) -> R) -> Option<R> {
        self.version.track();
        self.store
            .try_with_value(|s| s.as_ref().ok().map(f))
            .flatten()
    }

    /// Changes the store: first opened again if another tab wrote since,
    /// then every view that read it re-renders.
    pub fn write<R, E: From<StoreError>>(
        &self,
        f: impl FnOnce(&mut Store) -> Result<R, E>,
    ) -> Result<R, E> {
        self.refresh_if_stale();
        let result = self
            .store
            .try_update_value(|s| match s {
                Ok(store) => f(store),
                Err(e) => Err(E::from(e.clone())),
            })
            .unwrap_or_else(|| Err(E::from(closed())));
        self.version.update(|v| *v += 1);
        result
    }

    /// Reads the store untracked and without a fresh look for other tabs'
    /// writes: for the sync driver between its own writes, and the export.
    pub fn peek<R>(
        &self,
        f: impl FnOnce(&Store) -> Result<R, StoreError>,
    ) -> Result<R, StoreError> {
        self.store
            .try_with_value(|s| match s {
                Ok(store) => f(store),
                Err(e) => Err(e.clone()),
            })
            .unwrap_or_else(|| Err(closed()))
    }

    /// Entries on this phone, newest first, with their state.
    pub fn rows(&self) -> Vec<Row> {
        self.read(|s| s.entries().map(|local| Row::of(s, local)).collect())
            .unwrap_or_default()
    }

    /// The newest `n` entries that are not deleted (without copying the rest).
    pub fn recent(&self, n: usize) -> Vec<Row> {
        self.read(|s| {
            s.entries()
                .filter(|l| !l.entry.deleted)
                .take(n)
                .map(|local| Row::of(s, local))
                .collect()
        })
        .unwrap_or_default()
    }

    /// The entry with this id, if it is on this phone.
    pub fn row(&self, id: &Uuid) -> Option<Row> {
        self.read(|s| s.get(id).map(|local| Row::of(s, local)))
            .flatten()
    }

    /// Totals of the entries on this phone dated within `period`.
    pub fn totals(&self, catalogue: &Catalogue, period: Period) -> Totals {
        self.read(|s| totals(s.entries().map(|l| &l.entry), catalogue, period))
            .unwrap_or_default()
    }

    /// The tally of the entries on this phone dated within `period`: the
    /// report of the account's own organisation when there is no network.
    pub fn tally(&self, period: Period) -> shared::report::tally::Tally {
        self.read(|s| {
            shared::report::tally::Tally::of_entries(s.entries().map(|l| &l.entry), period)
        })
        .unwrap_or_default()
    }

    /// The executive committee of `org` today, from the changes on this phone.
    pub fn roster(&self, catalogue: &Catalogue, org: Uuid) -> shared::roster::Roster {
        self.read(|s| {
            shared::roster::roster(
                s.entries().map(|l| &l.entry),
                catalogue,
                org,
                clock::today(),
            )
        })
        .unwrap_or_default()
    }

    /// Entries that exist only on this phone: not yet received by the
    /// server, or refused by it (and not discarded).
    pub fn unsynced(&self) -> usize {
        self.read(|s| {
            if !s.has_unsynced() {
                return 0;
            }
            s.entries()
                .filter(|l| match s.status(l) {
                    EntryStatus::Received { .. } => false,
                    EntryStatus::NeedsAttention { .. } => !l.entry.deleted,
                    _ => true,
                })
                .count()
        })
        .unwrap_or(0)
    }

    /// Validates and stores a new entry and queues it for the server. `Ok`
    /// means it is in the phone's storage.
    pub fn add(&self, entry: Entry, catalogue: &Catalogue) -> Result<(), AddError> {
        crate::platform::timing::measure("save", || {
            self.write(|s| s.add(entry, catalogue, clock::today()))
        })
    }

    /// Stores an edit (the entry with all its new values) and queues it.
    pub fn edit(&self, entry: Entry, catalogue: &Catalogue) -> Result<(), AddError> {
        crate::platform::timing::measure("edit", || {
            self.write(|s| s.edit(entry, catalogue, clock::today()))
        })
    }
}

/// The store's owner is gone (the page is being torn down).
fn closed() -> StoreError {
    StoreError::Kv(KvError::Unavailable("the app was closed".into()))
}
