//! The device store: what the phone keeps and how it is opened (with the
//! migration of older layouts). Writing changes is in [`super::write`],
//! batches and receipts in [`super::receipts`], pulls in [`super::pull`].
//!
//! Layout (one key per record, never one big value rewritten on each save):
//! - `{ns}:meta` — [`DeviceMeta`]: schema version, device id, outbox counters;
//! - `{ns}:e:{entry id}` — a [`LocalEntry`]: the entry and its sync state;
//! - `{ns}:o:{seq}` — an [`OutboxItem`](super::records::OutboxItem) waiting for the server's receipt.
//!
//! Records are written in the compact layout of [`super::codec`]; records of
//! older layouts are rewritten on open (the schema number in `meta` moves last,
//! so an interrupted migration simply runs again).
//!
//! The outbox is the contiguous range `acked_seq + 1 .. next_seq`: the server
//! answers changes in order, so confirmed changes always form a prefix.

use super::codec::{decode_entry, decode_outbox, encode_entry, encode_outbox, is_current};
use super::kv::KeyValue;
use super::records::{DeviceMeta, EntryStatus, LocalEntry, StoreError, SCHEMA_VERSION};
use crate::catalogue_default::default_catalogue;
use crate::sync::protocol::{ConflictKey, ConflictRecord, Outcome};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

/// The phone's ledger over some key-value storage.
#[derive(Debug)]
pub struct DeviceStore<K: KeyValue> {
    pub(super) kv: K,
    pub(super) ns: String,
    pub(super) meta: DeviceMeta,
    pub(super) entries: BTreeMap<Uuid, LocalEntry>,
    /// Conflicts the server reported and nobody has settled yet.
    pub(super) conflicts: BTreeMap<ConflictKey, ConflictRecord>,
    unreadable: Vec<String>,
    /// The last change of the request on its way now, if one is. Not
    /// stored: after a reload nothing is in flight, whatever was before.
    pub(super) in_flight: Option<u64>,
}

impl<K: KeyValue> DeviceStore<K> {
    /// Opens the store under namespace `ns`, creating the device record with
    /// `new_device_id` on first use. Unreadable entry records are skipped and
    /// listed by [`Self::unreadable_keys`], never overwritten.
    pub fn open(
        mut kv: K,
        ns: &str,
        new_device_id: impl FnOnce() -> Uuid,
    ) -> Result<Self, StoreError> {
        let meta_key = format!("{ns}:meta");
        let mut meta = match kv.get(&meta_key) {
            Some(raw) => read_meta(&raw, &meta_key)?,
            None => {
                let meta = DeviceMeta {
                    schema: SCHEMA_VERSION,
                    device_id: new_device_id(),
                    next_seq: 1,
                    acked_seq: 0,
                    sent_through: 0,
                    last_sync_ms: None,
                    pulled_through: 0,
                    failed_attempt: None,
                    held_from: None,
                    fill: None,
                    restore_from: None,
                    restoration_seen: 0,
                };
                kv.set(&meta_key, &to_json(&meta))?;
                meta
            }
        };
        // Layout 1 counted differently; its counts are mapped by the catalogue
        // it was made under, which the default keeps.
        let catalogue = default_catalogue();
        let mut entries = BTreeMap::new();
        let mut unreadable = Vec::new();
        let mut old_layout = Vec::new();
        for key in kv.keys_with_prefix(&format!("{ns}:e:")) {
            let raw = kv.get(&key);
            match raw.as_deref().and_then(|r| decode_entry(r, &catalogue)) {
                Some(local) => {
                    if !raw.as_deref().is_some_and(is_current) {
                        old_layout.push(local.entry.id);
                    }
                    entries.insert(local.entry.id, local);
                }
                None => unreadable.push(key),
            }
        }
        let conflicts = super::codec::read_conflicts(&kv, ns);
        let mut store = Self {
            kv,
            ns: ns.to_owned(),
            meta: meta.clone(),
            entries,
            conflicts,
            unreadable,
            in_flight: None,
        };
        if meta.schema < SCHEMA_VERSION && store.migrate(&old_layout).is_ok() {
            meta.schema = SCHEMA_VERSION;
            // If this write fails the migration runs again next time: harmless.
            if store.write_meta(&meta).is_ok() {
                store.meta = meta;
            }
        }
        Ok(store)
    }

    /// Rewrites records of older layouts in the current one. Stops at the
    /// first failed write (storage full): the old record is still there and
    /// still readable, and the next open tries again.
    fn migrate(&mut self, old_entries: &[Uuid]) -> Result<(), StoreError> {
        for id in old_entries {
            if let Some(local) = self.entries.get(id) {
                self.kv.set(&self.entry_key(id), &encode_entry(local))?;
            }
        }
        for seq in self.meta.acked_seq + 1..self.meta.next_seq {
            let key = self.outbox_key(seq);
            if let Some(raw) = self.kv.get(&key) {
                if !is_current(&raw) {
                    if let Some(item) = decode_outbox(&raw) {
                        self.kv.set(&key, &encode_outbox(&item))?;
                    }
                }
            }
        }
        Ok(())
    }

    pub fn device_id(&self) -> Uuid {
        self.meta.device_id
    }

    pub fn meta(&self) -> &DeviceMeta {
        &self.meta
    }

    /// Keys of entry records that could not be read (left untouched).
    pub fn unreadable_keys(&self) -> &[String] {
        &self.unreadable
    }

    /// Entries, newest first (ids are UUID v7, so they sort by creation).
    pub fn entries(&self) -> impl Iterator<Item = &LocalEntry> {
        self.entries.values().rev()
    }

    pub fn get(&self, id: &Uuid) -> Option<&LocalEntry> {
        self.entries.get(id)
    }

    /// Changes waiting for a receipt.
    pub fn pending_count(&self) -> u64 {
        self.meta.next_seq - 1 - self.meta.acked_seq
    }

    /// Device time at which the oldest change still waiting for the server was
    /// made, for warning when entries wait too long (browsers may delete a
    /// site's storage after 7 days unvisited).
    pub fn oldest_pending_ms(&self) -> Option<i64> {
        self.entries
            .values()
            .filter(|l| l.seq > self.meta.acked_seq)
            .map(|l| l.entry.updated_ms)
            .min()
    }

    /// Where `local` stands: what happened to the change that last wrote
    /// it, never what is about to be tried.
    pub fn status(&self, local: &LocalEntry) -> EntryStatus {
        let waiting = local.seq > self.meta.acked_seq;
        match &local.outcome {
            Some(Outcome::Applied { change_no }) => EntryStatus::Received {
                change_no: *change_no,
            },
            Some(Outcome::Rejected { reason }) => EntryStatus::NeedsAttention {
                reason: reason.clone(),
            },
            None if waiting && self.in_flight.is_some_and(|last| local.seq <= last) => {
                EntryStatus::Sending
            }
            None => EntryStatus::OnDevice {
                failed_at_ms: self
                    .meta
                    .failed_attempt
                    .filter(|f| waiting && local.seq <= f.through)
                    .map(|f| f.at_ms),
            },
        }
    }

    /// Removes the entries the server has confirmed (for signing out on a
    /// shared phone). Entries waiting to be sent and entries the server
    /// refused stay: they exist nowhere else. Returns how many were removed.
    pub fn forget_synced(&mut self) -> usize {
        let synced: Vec<Uuid> = self
            .entries
            .values()
            .filter(|l| matches!(l.outcome, Some(Outcome::Applied { .. })))
            .map(|l| l.entry.id)
            .collect();
        for id in &synced {
            let key = self.entry_key(id);
            self.kv.remove(&key);
            self.entries.remove(id);
        }
        // What was forgotten comes back with the next pull from the start
        // (or the next fill of the window, see `fill`).
        if self.meta.pulled_through > 0 || self.meta.held_from.is_some() {
            let mut meta = self.meta.clone();
            meta.pulled_through = 0;
            meta.held_from = None;
            meta.fill = None;
            if self.write_meta(&meta).is_ok() {
                self.meta = meta;
            }
        }
        synced.len()
    }

    /// Whether anything on this device exists nowhere else: changes waiting
    /// to be sent, or entries the server refused.
    pub fn has_unsynced(&self) -> bool {
        self.pending_count() > 0
            || self
                .entries
                .values()
                .any(|l| !l.entry.deleted && matches!(l.outcome, Some(Outcome::Rejected { .. })))
    }

    pub(super) fn write_meta(&mut self, meta: &DeviceMeta) -> Result<(), StoreError> {
        let key = format!("{}:meta", self.ns);
        self.kv.set(&key, &to_json(meta))?;
        Ok(())
    }

    pub(super) fn entry_key(&self, id: &Uuid) -> String {
        format!("{}:e:{id}", self.ns)
    }

    pub(super) fn outbox_key(&self, seq: u64) -> String {
        format!("{}:o:{seq}", self.ns)
    }

    /// Whether another writer (another tab of the same app) has changed this
    /// store's device record since this value last read or wrote it: then
    /// this value is stale and must be opened again before it writes.
    pub fn changed_elsewhere(&self) -> bool {
        let key = format!("{}:meta", self.ns);
        self.kv.get(&key).as_deref() != Some(to_json(&self.meta).as_str())
    }

    /// The storage underneath (for tests and diagnostics).
    pub fn kv(&self) -> &K {
        &self.kv
    }
}

/// Reads the device record of this or an older layout (the caller migrates).
fn read_meta(raw: &str, key: &str) -> Result<DeviceMeta, StoreError> {
    #[derive(Deserialize)]
    struct Version {
        schema: u32,
    }
    let unreadable = || StoreError::Unreadable {
        key: key.to_owned(),
    };
    let version: Version = from_json(raw).ok_or_else(unreadable)?;
    match version.schema {
        found if found > SCHEMA_VERSION => Err(StoreError::NewerSchema { found }),
        // Layout 1's device record has the same fields as layout 2's.
        1..=SCHEMA_VERSION => from_json(raw).ok_or_else(unreadable),
        // Layouts older than 1 never shipped.
        _ => Err(unreadable()),
    }
}

fn to_json<T: Serialize>(value: &T) -> String {
    // Serialising these plain structs cannot fail (no maps with non-string keys).
    serde_json::to_string(value).unwrap_or_default()
}

fn from_json<T: DeserializeOwned>(raw: &str) -> Option<T> {
    serde_json::from_str(raw).ok()
}

#[cfg(test)]
#[path = "store_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "store_edit_tests.rs"]
mod edit_tests;

#[cfg(test)]
#[path = "in_flight_tests.rs"]
mod in_flight_tests;
