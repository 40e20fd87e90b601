//! Writing changes on the device: a new entry, an edit, a delete or restore
//! (a tombstone), a conflict's settlement. Each is stored and queued in the
//! outbox in one careful order (outbox item, entry, device record), undone if
//! a later write fails, so nothing is ever half-stored.

use super::codec::{encode_entry, encode_outbox};
use super::kv::{KeyValue, KvError};
use super::records::{AddError, LocalEntry, OutboxItem, PendingOp, StoreError};
use super::store::DeviceStore;
use crate::catalogue::Catalogue;
use crate::date::LocalDate;
use crate::entry::{Entry, EntryField};
use crate::sync::protocol::{ConflictKey, Outcome};
use crate::validate::{validate_edit, validate_entry};
use uuid::Uuid;

/// Units freed at a time when a record does not fit: a few entries' worth,
/// so that the next records fit too.
const ROOM_UNITS: usize = 4_096;

impl<K: KeyValue> DeviceStore<K> {
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
        self.write_change(local, PendingOp::Create, Some(catalogue.version))
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
        validate_edit(&held.entry, &entry, catalogue, today).map_err(AddError::Invalid)?;
        self.queue_edit(entry, fields, Some(catalogue.version))
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
        self.queue_edit(entry, vec![EntryField::Deleted], None)
    }

    /// Stores an edited entry and queues what the server needs to know.
    /// `catalogue_version`: the version the edit was checked under (`None`
    /// for a tombstone, which no catalogue rule judges).
    fn queue_edit(
        &mut self,
        entry: Entry,
        fields: Vec<EntryField>,
        catalogue_version: Option<u32>,
    ) -> Result<(), AddError> {
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
        self.write_change(local, op, catalogue_version)
    }

    /// Queues the settlement of a conflict (no entry is written).
    pub(super) fn queue_resolve(
        &mut self,
        id: Uuid,
        conflict: ConflictKey,
    ) -> Result<(), StoreError> {
        loop {
            match self.try_queue_resolve(id, conflict) {
                Err(StoreError::Kv(KvError::Full)) if self.free_units(ROOM_UNITS)?.removed > 0 => {}
                done => return done,
            }
        }
    }

    fn try_queue_resolve(&mut self, id: Uuid, conflict: ConflictKey) -> Result<(), StoreError> {
        let seq = self.meta.next_seq;
        let item = OutboxItem {
            seq,
            id,
            op: PendingOp::Resolve { conflict },
            catalogue_version: None,
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

    /// Writes a change; when storage is full, pulled entries make room
    /// (oldest first, see `evict`) and the write is tried again, so pulled
    /// data never stops her recording. Full with nothing left to evict is
    /// the error she sees.
    fn write_change(
        &mut self,
        local: LocalEntry,
        op: PendingOp,
        catalogue_version: Option<u32>,
    ) -> Result<(), AddError> {
        loop {
            match self.try_write_change(local.clone(), op.clone(), catalogue_version) {
                Err(AddError::Store(StoreError::Kv(KvError::Full)))
                    if self.free_units(ROOM_UNITS)?.removed > 0 => {}
                done => return done,
            }
        }
    }

    /// Writes the outbox item, then the entry, then the counter; undoes what
    /// was written if a later write fails, so nothing is half-stored.
    fn try_write_change(
        &mut self,
        local: LocalEntry,
        op: PendingOp,
        catalogue_version: Option<u32>,
    ) -> Result<(), AddError> {
        let seq = self.meta.next_seq;
        let item = OutboxItem {
            seq,
            id: local.entry.id,
            op,
            catalogue_version,
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
}
