//! Taking the server's changes into the device store: pulled pages in server
//! order, with this device's waiting changes kept on top, and the conflicts
//! the server reports, kept until a person settles them.
//!
//! A page is applied as a whole: its entries are written, then its
//! conflicts, then — last — the cursor in the device record. A page cut
//! short (storage full, the tab closed) leaves the cursor where it was, and
//! pulling again applies the same page again, to the same result. A page
//! that does not continue from the cursor (a late or repeated answer) is
//! ignored.
//!
//! Layout: a conflict is kept under `{ns}:x:{change_no}:{field}` (see
//! `codec`).

use super::codec::{conflict_key, decode_outbox, encode_entry};
use super::kv::KeyValue;
use super::records::{LocalEntry, PendingOp, PullSummary, StoreError};
use super::store::DeviceStore;
use crate::entry::EntryField;
use crate::sync::protocol::{ConflictKey, ConflictRecord, Outcome, PullPage};
use std::collections::{BTreeSet, HashMap};
use uuid::Uuid;

impl<K: KeyValue> DeviceStore<K> {
    /// Every server change up to this number is on the device: the `after`
    /// of the next pull.
    pub fn pulled_through(&self) -> u64 {
        self.meta.pulled_through
    }

    /// Conflicts waiting for a person, oldest first.
    pub fn conflicts(&self) -> impl Iterator<Item = &ConflictRecord> {
        self.conflicts.values()
    }

    /// The fields of each entry that changes the server has not taken yet
    /// (those after `taken`) will write (a create writes them all).
    fn waiting_fields(
        &self,
        taken: u64,
    ) -> Result<HashMap<Uuid, BTreeSet<EntryField>>, StoreError> {
        let mut waiting: HashMap<Uuid, BTreeSet<EntryField>> = HashMap::new();
        for seq in self.meta.acked_seq.max(taken) + 1..self.meta.next_seq {
            let item = self
                .kv
                .get(&self.outbox_key(seq))
                .and_then(|r| decode_outbox(&r));
            let (id, fields): (Uuid, Vec<EntryField>) = match item {
                Some(item) => match item.op {
                    PendingOp::Create => (item.id, EntryField::ALL.to_vec()),
                    PendingOp::Update { fields, .. } => (item.id, fields),
                    PendingOp::Resolve { .. } => continue,
                },
                // A lost item is rebuilt whole from its entry (`pending_change`).
                None => match self.entries.values().find(|l| l.seq == seq) {
                    Some(l) => (l.entry.id, EntryField::ALL.to_vec()),
                    None => return Err(StoreError::OutboxDamaged { seq }),
                },
            };
            waiting.entry(id).or_default().extend(fields);
        }
        // What a restoration still to be taken carries is this phone's too.
        for id in self.restoring(taken) {
            waiting.entry(id).or_default().extend(EntryField::ALL);
        }
        Ok(waiting)
    }

    /// Takes a pulled page: entries the device does not have, or has at an
    /// older version, are taken from the server; fields this device has
    /// changed and not yet had acknowledged stay as the device has them (they
    /// are on their way), and so does an entry the server refused (it waits
    /// for a person). Conflicts are kept until settled. Safe to apply twice.
    pub fn apply_pull(&mut self, page: &PullPage) -> Result<PullSummary, StoreError> {
        if page.after != self.meta.pulled_through || self.meta.fill.is_some() {
            // Not the continuation of what this device has: a late answer
            // (or the window's first fill is under way, see `fill`).
            return Ok(PullSummary::default());
        }
        if self.restart_after_restoration(page)? || self.behind_in_pull(page)? {
            return Ok(PullSummary {
                restarted: true,
                ..PullSummary::default()
            });
        }
        let summary = self.take_page(page)?;
        if page.upto > self.meta.pulled_through {
            let mut meta = self.meta.clone();
            meta.pulled_through = page.upto;
            self.write_meta(&meta)?;
            self.meta = meta;
        }
        Ok(summary)
    }

    /// Writes a page's entries and conflicts (not the cursor): shared by
    /// the incremental pull and the window's first fill.
    pub(super) fn take_page(&mut self, page: &PullPage) -> Result<PullSummary, StoreError> {
        // Changes the server took are in the page already (their receipts
        // may be lost); only the others are kept on top.
        let waiting = self.waiting_fields(page.device_taken)?;
        let mut summary = PullSummary::default();
        for pulled in &page.entries {
            let id = pulled.entry.id;
            let local = self.entries.get(&id);
            if local.is_some_and(|l| l.version.is_some_and(|v| v >= pulled.version)) {
                continue;
            }
            let refused =
                local.is_some_and(|l| matches!(l.outcome, Some(Outcome::Rejected { .. })));
            let updated = match (local, waiting.get(&id)) {
                (Some(local), Some(fields)) => {
                    let mut entry = pulled.entry.clone();
                    for &f in fields {
                        entry.copy_field(&local.entry, f);
                    }
                    entry.updated_ms = local.entry.updated_ms.max(entry.updated_ms);
                    summary.kept_local += 1;
                    LocalEntry {
                        entry,
                        version: Some(pulled.version),
                        ..local.clone()
                    }
                }
                (Some(local), None) if refused => {
                    summary.kept_local += 1;
                    LocalEntry {
                        version: Some(pulled.version),
                        ..local.clone()
                    }
                }
                (local, _) => LocalEntry {
                    entry: pulled.entry.clone(),
                    seq: local.map_or(0, |l| l.seq),
                    outcome: Some(Outcome::Applied {
                        change_no: pulled.version,
                    }),
                    version: Some(pulled.version),
                },
            };
            self.kv.set(&self.entry_key(&id), &encode_entry(&updated))?;
            self.entries.insert(id, updated);
            summary.taken += 1;
        }
        for record in &page.conflicts {
            let key = conflict_key(&self.ns, &record.key);
            if record.resolved_by.is_some() {
                self.kv.remove(&key);
                self.conflicts.remove(&record.key);
            } else {
                let raw = serde_json::to_string(record).unwrap_or_default();
                self.kv.set(&key, &raw)?;
                self.conflicts.insert(record.key, record.clone());
            }
        }
        summary.conflicts = self.conflicts.len();
        Ok(summary)
    }

    /// Notes a sync run that went through (push and pull) at `now_ms`: what
    /// "上次同步" shows, also after a run that had nothing to send.
    pub fn note_synced(&mut self, now_ms: i64) -> Result<(), StoreError> {
        let mut meta = self.meta.clone();
        meta.last_sync_ms = Some(now_ms);
        self.write_meta(&meta)?;
        self.meta = meta;
        Ok(())
    }

    /// Gives up this phone's version of an entry the server refused: the
    /// entry leaves the phone, and if the server holds it, the next pull
    /// brings the server's version back (pulling from the start). Only for
    /// refused entries with nothing waiting: anything else could lose work.
    pub fn discard(&mut self, id: &Uuid) -> Result<bool, StoreError> {
        let Some(local) = self.entries.get(id) else {
            return Ok(false);
        };
        let refused = matches!(local.outcome, Some(Outcome::Rejected { .. }));
        if !refused || local.seq > self.meta.acked_seq {
            return Ok(false);
        }
        let on_server = local.version.is_some();
        self.kv.remove(&self.entry_key(id));
        self.entries.remove(id);
        if on_server && self.meta.pulled_through > 0 {
            let mut meta = self.meta.clone();
            meta.pulled_through = 0;
            // A phone with a window fills it again (see `fill`).
            meta.held_from = None;
            self.write_meta(&meta)?;
            self.meta = meta;
        }
        Ok(true)
    }

    /// Settles a conflict: queued for the server like any change, and no
    /// longer listed here. Any value the person chose goes first, as an edit.
    pub fn resolve(&mut self, key: ConflictKey) -> Result<(), StoreError> {
        let Some(record) = self.conflicts.get(&key).cloned() else {
            return Ok(());
        };
        self.queue_resolve(record.conflict.entry_id, key)?;
        self.kv.remove(&conflict_key(&self.ns, &key));
        self.conflicts.remove(&key);
        Ok(())
    }
}

#[cfg(test)]
#[path = "pull_tests.rs"]
mod tests;
