//! The device store: what the phone keeps, in what order it writes it, and how
//! receipts from the server move entries from "on this device" to "received".
//!
//! Layout (one key per record, never one big value rewritten on each save):
//! - `{ns}:meta` — [`DeviceMeta`]: schema version, device id, outbox counters;
//! - `{ns}:e:{entry id}` — a [`LocalEntry`]: the entry and its sync state;
//! - `{ns}:o:{seq}` — a [`Change`] waiting for the server's receipt.
//!
//! The outbox is the contiguous range `acked_seq + 1 .. next_seq`: the server
//! answers changes in order, so confirmed changes always form a prefix.

use super::kv::KeyValue;
use super::records::{
    AddError, DeviceMeta, EntryStatus, LocalEntry, StoreError, SyncSummary, SCHEMA_VERSION,
};
use crate::date::LocalDate;
use crate::entry::Entry;
use crate::sync::protocol::{Change, ChangeOp, Outcome, PushRequest, PushResponse};
use crate::validate::validate_entry;
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;

/// The phone's ledger over some key-value storage.
#[derive(Debug)]
pub struct DeviceStore<K: KeyValue> {
    kv: K,
    ns: String,
    meta: DeviceMeta,
    entries: BTreeMap<Uuid, LocalEntry>,
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
        let meta = match kv.get(&meta_key) {
            Some(raw) => migrate_meta(&raw, &meta_key)?,
            None => {
                let meta = DeviceMeta {
                    schema: SCHEMA_VERSION,
                    device_id: new_device_id(),
                    next_seq: 1,
                    acked_seq: 0,
                    sent_through: 0,
                    last_sync_ms: None,
                };
                kv.set(&meta_key, &to_json(&meta))?;
                meta
            }
        };
        let mut entries = BTreeMap::new();
        let mut unreadable = Vec::new();
        for key in kv.keys_with_prefix(&format!("{ns}:e:")) {
            match kv
                .get(&key)
                .and_then(|raw| serde_json::from_str::<LocalEntry>(&raw).ok())
            {
                Some(local) => {
                    entries.insert(local.entry.id, local);
                }
                None => unreadable.push(key),
            }
        }
        Ok(Self {
            kv,
            ns: ns.to_owned(),
            meta,
            entries,
            unreadable,
        })
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
    pub fn add(&mut self, entry: Entry, today: LocalDate) -> Result<(), AddError> {
        validate_entry(&entry, today).map_err(AddError::Invalid)?;
        if self.entries.contains_key(&entry.id) {
            return Err(AddError::DuplicateId);
        }
        let seq = self.meta.next_seq;
        let local = LocalEntry {
            entry: entry.clone(),
            seq,
            outcome: None,
        };
        let change = Change {
            seq,
            op: ChangeOp::Create { entry },
        };
        let (out_key, entry_key) = (self.outbox_key(seq), self.entry_key(&local.entry.id));

        self.kv
            .set(&out_key, &to_json(&change))
            .map_err(StoreError::from)?;
        if let Err(e) = self.kv.set(&entry_key, &to_json(&local)) {
            self.kv.remove(&out_key);
            return Err(StoreError::from(e).into());
        }
        let mut meta = self.meta.clone();
        meta.next_seq += 1;
        if let Err(e) = self.write_meta(&meta) {
            self.kv.remove(&entry_key);
            self.kv.remove(&out_key);
            return Err(e.into());
        }
        self.meta = meta;
        self.entries.insert(local.entry.id, local);
        Ok(())
    }

    /// The next batch to push (at most `max` changes), or `None` if nothing waits.
    pub fn next_batch(&self, max: usize) -> Result<Option<PushRequest>, StoreError> {
        let first = self.meta.acked_seq + 1;
        let last = (self.meta.next_seq - 1).min(self.meta.acked_seq + max as u64);
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
            if let Some(local) = self.entries.get(&change.op.entry_id()) {
                if local.seq == receipt.seq {
                    let mut updated = local.clone();
                    updated.outcome = Some(receipt.outcome.clone());
                    updates.push(updated);
                }
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
            self.kv.set(&self.entry_key(&id), &to_json(&updated))?;
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
        synced.len()
    }

    /// Whether anything on this device exists nowhere else: changes waiting
    /// to be sent, or entries the server refused.
    pub fn has_unsynced(&self) -> bool {
        self.pending_count() > 0
            || self
                .entries
                .values()
                .any(|l| matches!(l.outcome, Some(Outcome::Rejected { .. })))
    }

    /// The pending change `seq`, rebuilt from its entry if its record is lost.
    fn pending_change(&self, seq: u64) -> Result<Change, StoreError> {
        if let Some(change) = self
            .kv
            .get(&self.outbox_key(seq))
            .and_then(|raw| from_json::<Change>(&raw))
        {
            return Ok(change);
        }
        self.entries
            .values()
            .find(|l| l.seq == seq)
            .map(|l| Change {
                seq,
                op: ChangeOp::Create {
                    entry: l.entry.clone(),
                },
            })
            .ok_or(StoreError::OutboxDamaged { seq })
    }

    fn write_meta(&mut self, meta: &DeviceMeta) -> Result<(), StoreError> {
        let key = format!("{}:meta", self.ns);
        self.kv.set(&key, &to_json(meta))?;
        Ok(())
    }

    fn entry_key(&self, id: &Uuid) -> String {
        format!("{}:e:{id}", self.ns)
    }

    fn outbox_key(&self, seq: u64) -> String {
        format!("{}:o:{seq}", self.ns)
    }

    /// The storage underneath (for tests and diagnostics).
    pub fn kv(&self) -> &K {
        &self.kv
    }
}

/// Reads the device record, migrating older layouts to [`SCHEMA_VERSION`].
fn migrate_meta(raw: &str, key: &str) -> Result<DeviceMeta, StoreError> {
    #[derive(Deserialize)]
    struct Version {
        schema: u32,
    }
    let unreadable = || StoreError::Unreadable {
        key: key.to_owned(),
    };
    let version: Version = from_json(raw).ok_or_else(unreadable)?;
    match version.schema {
        SCHEMA_VERSION => from_json(raw).ok_or_else(unreadable),
        found if found > SCHEMA_VERSION => Err(StoreError::NewerSchema { found }),
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
