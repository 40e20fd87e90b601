//! The device store: what the phone keeps, in what order it writes it, and how
//! receipts from the server move entries from "on this device" to "received".
//!
//! Layout (one key per record, never one big value rewritten on each save):
//! - `{ns}:meta` — [`DeviceMeta`]: schema version, device id, outbox counters;
//! - `{ns}:e:{entry id}` — a [`LocalEntry`]: the entry and its sync state;
//! - `{ns}:o:{seq}` — an [`OutboxItem`] waiting for the server's receipt.
//!
//! Records are written in the compact layout of [`super::codec`]; records of
//! older layouts are rewritten on open (the schema number in `meta` moves last,
//! so an interrupted migration simply runs again).
//!
//! The outbox is the contiguous range `acked_seq + 1 .. next_seq`: the server
//! answers changes in order, so confirmed changes always form a prefix.

use super::codec::{decode_entry, decode_outbox, encode_entry, encode_outbox, is_current};
use super::kv::KeyValue;
use super::records::{
    AddError, DeviceMeta, EntryStatus, LocalEntry, OutboxItem, PendingOp, StoreError, SyncSummary,
    SCHEMA_VERSION,
};
use crate::catalogue::Catalogue;
use crate::catalogue_default::default_catalogue;
use crate::date::LocalDate;
use crate::entry::{Entry, EntryField};
use crate::sync::protocol::{
    Change, ChangeOp, ConflictKey, ConflictRecord, Outcome, PushRequest, PushResponse,
};
use crate::validate::validate_entry;
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
        let conflicts = super::pull::read_conflicts(&kv, ns);
        let mut store = Self {
            kv,
            ns: ns.to_owned(),
            meta: meta.clone(),
            entries,
            conflicts,
            unreadable,
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

    /// Where `local` stands.
    pub fn status(&self, local: &LocalEntry) -> EntryStatus {
        match &local.outcome {
            Some(Outcome::Applied { change_no }) => EntryStatus::Received {
                change_no: *change_no,
            },
            Some(Outcome::Rejected { reason }) => EntryStatus::NeedsAttention {
                reason: reason.clone(),
            },
            None if local.seq <= self.meta.sent_through => EntryStatus::Sent,
            None => EntryStatus::OnDevice,
        }
    }

    /// Validates and stores a new entry and queues it for the server. When this
    /// returns `Ok`, the entry is in storage; on any error nothing was changed.
    pub fn add(
        &mut self,
        entry: Entry,
        catalogue: &Catalogue,
        today: LocalDate,
    ) -> Result<(), AddError> {
        validate_entry(&entry, catalogue, today, true).map_err(AddError::Invalid)?;
        if self.entries.contains_key(&entry.id) {
            return Err(AddError::DuplicateId);
        }
        let local = LocalEntry {
            entry,
            seq: self.meta.next_seq,
            outcome: None,
            version: None,
        };
        self.write_change(local, PendingOp::Create)
    }

    /// Stores an edit of an entry (`entry` holds all its new values) and
    /// queues the fields that changed. No change, no queued edit.
    pub fn edit(
        &mut self,
        entry: Entry,
        catalogue: &Catalogue,
        today: LocalDate,
    ) -> Result<(), AddError> {
        let held = self.entries.get(&entry.id).ok_or(AddError::NotFound)?;
        let fields = held.entry.changed_fields(&entry);
        if fields.is_empty() {
            return Ok(());
        }
        validate_entry(&entry, catalogue, today, false).map_err(AddError::Invalid)?;
        self.queue_edit(entry, fields)
    }

    /// Deletes (`true`) or restores (`false`) an entry: a tombstone that
    /// syncs like an edit, so it can be undone the same way.
    pub fn set_deleted(&mut self, id: &Uuid, deleted: bool, now_ms: i64) -> Result<(), AddError> {
        let held = self.entries.get(id).ok_or(AddError::NotFound)?;
        if held.entry.deleted == deleted {
            return Ok(());
        }
        let mut entry = held.entry.clone();
        entry.deleted = deleted;
        entry.updated_ms = now_ms;
        self.queue_edit(entry, vec![EntryField::Deleted])
    }

    /// Stores an edited entry and queues what the server needs to know.
    fn queue_edit(&mut self, entry: Entry, fields: Vec<EntryField>) -> Result<(), AddError> {
        let held = self.entries.get(&entry.id).ok_or(AddError::NotFound)?;
        let refused = matches!(held.outcome, Some(Outcome::Rejected { .. }));
        let op = match held.version {
            Some(base) => PendingOp::Update {
                fields,
                base_version: Some(base),
            },
            // Never on the server and refused: the server holds nothing to
            // edit. A deletion discards it here; any other edit sends it anew.
            None if refused && fields == [EntryField::Deleted] => {
                let local = LocalEntry {
                    entry,
                    ..held.clone()
                };
                self.kv
                    .set(&self.entry_key(&local.entry.id), &encode_entry(&local))
                    .map_err(StoreError::from)?;
                self.entries.insert(local.entry.id, local);
                return Ok(());
            }
            None if refused => PendingOp::Create,
            // The create is still on its way: the server applies it first.
            None => PendingOp::Update {
                fields,
                base_version: None,
            },
        };
        let local = LocalEntry {
            entry,
            seq: self.meta.next_seq,
            outcome: None,
            version: held.version,
        };
        self.write_change(local, op)
    }

    /// Queues the settlement of a conflict (no entry is written).
    pub(super) fn queue_resolve(
        &mut self,
        id: Uuid,
        conflict: ConflictKey,
    ) -> Result<(), StoreError> {
        let seq = self.meta.next_seq;
        let item = OutboxItem {
            seq,
            id,
            op: PendingOp::Resolve { conflict },
        };
        let out_key = self.outbox_key(seq);
        self.kv.set(&out_key, &encode_outbox(&item))?;
        let mut meta = self.meta.clone();
        meta.next_seq += 1;
        if let Err(e) = self.write_meta(&meta) {
            self.kv.remove(&out_key);
            return Err(e);
        }
        self.meta = meta;
        Ok(())
    }

    /// Writes the outbox item, then the entry, then the counter; undoes what
    /// was written if a later write fails, so nothing is half-stored.
    fn write_change(&mut self, local: LocalEntry, op: PendingOp) -> Result<(), AddError> {
        let seq = self.meta.next_seq;
        let item = OutboxItem {
            seq,
            id: local.entry.id,
            op,
        };
        let (out_key, entry_key) = (self.outbox_key(seq), self.entry_key(&local.entry.id));
        let previous = self.kv.get(&entry_key);
        self.kv
            .set(&out_key, &encode_outbox(&item))
            .map_err(StoreError::from)?;
        if let Err(e) = self.kv.set(&entry_key, &encode_entry(&local)) {
            self.kv.remove(&out_key);
            return Err(StoreError::from(e).into());
        }
        let mut meta = self.meta.clone();
        meta.next_seq += 1;
        if let Err(e) = self.write_meta(&meta) {
            match previous {
                // Putting back what was there fits: it was there a moment ago.
                Some(old) => {
                    let _ = self.kv.set(&entry_key, &old);
                }
                None => self.kv.remove(&entry_key),
            }
            self.kv.remove(&out_key);
            return Err(e.into());
        }
        self.meta = meta;
        self.entries.insert(local.entry.id, local);
        Ok(())
    }

    /// The next batch to push (at most `max` changes), or `None` if nothing waits.
    pub fn next_batch(&self, max: usize) -> Result<Option<PushRequest>, StoreError> {
        self.batch_after(self.meta.acked_seq, max)
    }

    /// The pending changes after `after` (at most `max`), or `None`.
    pub(crate) fn batch_after(
        &self,
        after: u64,
        max: usize,
    ) -> Result<Option<PushRequest>, StoreError> {
        let first = self.meta.acked_seq.max(after) + 1;
        let last = (self.meta.next_seq - 1).min(first - 1 + max as u64);
        if first > last {
            return Ok(None);
        }
        let changes = (first..=last)
            .map(|seq| self.pending_change(seq))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Some(PushRequest {
            device_id: self.meta.device_id,
            changes,
        }))
    }

    /// Records that changes up to `seq` have been sent (before the request goes out).
    pub fn mark_sent(&mut self, seq: u64) -> Result<(), StoreError> {
        if seq <= self.meta.sent_through {
            return Ok(());
        }
        let mut meta = self.meta.clone();
        meta.sent_through = seq.min(meta.next_seq - 1);
        self.write_meta(&meta)?;
        self.meta = meta;
        Ok(())
    }

    /// Applies the server's receipts: marks entries received or needing
    /// attention and clears their changes from the outbox. Safe to call twice
    /// with the same response.
    ///
    /// Order of writes, for a storage that is full: the acknowledged outbox
    /// records are removed first (freeing room), then the entries are updated,
    /// then the device record. If an entry cannot be written, the device record
    /// still says "not acknowledged": the change is rebuilt from its entry (a
    /// create is the entry itself), sent again and answered the same way.
    pub fn apply_response(
        &mut self,
        resp: &PushResponse,
        now_ms: i64,
    ) -> Result<SyncSummary, StoreError> {
        let mut summary = SyncSummary::default();
        let mut meta = self.meta.clone();
        let mut updates = Vec::new();
        for receipt in &resp.receipts {
            if receipt.seq != meta.acked_seq + 1 || receipt.seq >= meta.next_seq {
                continue; // already applied, or not a change of ours in order
            }
            let change = self.pending_change(receipt.seq)?;
            let id = change.op.entry_id();
            let current = updates
                .iter()
                .rev()
                .find(|u: &&LocalEntry| u.entry.id == id)
                .or_else(|| self.entries.get(&id))
                .cloned();
            if let Some(mut updated) = current {
                // `version` is the newest server state this device has seen
                // whole. A create's receipt names exactly what was sent; an
                // edit's may name a merge with other devices' changes, which
                // only a pull shows (taking it as seen would let the next
                // edit overwrite them without a conflict).
                if let (Outcome::Applied { change_no }, ChangeOp::Create { .. }, None) =
                    (&receipt.outcome, &change.op, updated.version)
                {
                    updated.version = Some(*change_no);
                }
                if updated.seq == receipt.seq {
                    updated.outcome = Some(receipt.outcome.clone());
                }
                updates.push(updated);
            }
            match receipt.outcome {
                Outcome::Applied { .. } => summary.applied += 1,
                Outcome::Rejected { .. } => summary.rejected += 1,
            }
            meta.acked_seq = receipt.seq;
        }
        if let Some(expected) = resp.expected_seq {
            if expected <= meta.acked_seq {
                summary.server_expects = Some(expected);
            }
        }
        for seq in self.meta.acked_seq + 1..=meta.acked_seq {
            let key = self.outbox_key(seq);
            self.kv.remove(&key);
        }
        for updated in updates {
            let id = updated.entry.id;
            self.kv.set(&self.entry_key(&id), &encode_entry(&updated))?;
            self.entries.insert(id, updated);
        }
        meta.sent_through = meta.sent_through.max(meta.acked_seq);
        meta.last_sync_ms = Some(now_ms);
        self.write_meta(&meta)?;
        self.meta = meta;
        Ok(summary)
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
        // What was forgotten comes back with the next pull from the start.
        if self.meta.pulled_through > 0 {
            let mut meta = self.meta.clone();
            meta.pulled_through = 0;
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

    /// The pending change `seq` as it goes to the server: the outbox item
    /// with the entry's current content. A lost item is rebuilt from its
    /// entry (whole: a create if the server never had it, else an edit of
    /// every field).
    pub(super) fn pending_change(&self, seq: u64) -> Result<Change, StoreError> {
        let item = self
            .kv
            .get(&self.outbox_key(seq))
            .and_then(|raw| decode_outbox(&raw));
        let (id, op) = match item {
            Some(item) => (item.id, item.op),
            None => {
                let local = self
                    .entries
                    .values()
                    .find(|l| l.seq == seq)
                    .ok_or(StoreError::OutboxDamaged { seq })?;
                let op = match local.version {
                    None => PendingOp::Create,
                    Some(base) => PendingOp::Update {
                        fields: EntryField::ALL.to_vec(),
                        base_version: Some(base),
                    },
                };
                (local.entry.id, op)
            }
        };
        let entry = || {
            self.entries
                .get(&id)
                .map(|l| l.entry.clone())
                .ok_or(StoreError::OutboxDamaged { seq })
        };
        let op = match op {
            // Needs no content: it names the entry and the conflict.
            PendingOp::Resolve { conflict } => ChangeOp::Resolve {
                entry_id: id,
                conflict,
            },
            PendingOp::Create => ChangeOp::Create { entry: entry()? },
            PendingOp::Update {
                fields,
                base_version,
            } => ChangeOp::Update {
                entry: entry()?,
                fields,
                base_version,
            },
        };
        Ok(Change { seq, op })
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
