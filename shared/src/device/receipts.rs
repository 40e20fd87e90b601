//! The outbox on its way to the server: the next batch, the request in
//! flight and the attempts that failed, and
//! the receipts coming back (which move entries to "received" or "needs
//! attention" and clear the outbox). A change is built at send time from its
//! outbox item and the entry's current content.

use super::codec::{decode_outbox, encode_entry};
use super::kv::KeyValue;
use super::records::{FailedAttempt, LocalEntry, PendingOp, StoreError, SyncSummary};
use super::store::DeviceStore;
use crate::entry::EntryField;
use crate::sync::protocol::{Change, ChangeOp, Outcome, PushRequest, PushResponse};
use crate::sync::server_rules::covers_through;

impl<K: KeyValue> DeviceStore<K> {
    /// The next batch to push (at most `max` changes), or `None` if nothing
    /// waits. A server behind this phone (restored from a backup) gets the
    /// restoration first (see `recovery`), then the waiting changes.
    pub fn next_batch(&self, max: usize) -> Result<Option<PushRequest>, StoreError> {
        let Some(restore) = self.pending_restore() else {
            return self.batch_after(self.meta.acked_seq, max);
        };
        let through = covers_through(&restore);
        let mut changes = vec![restore];
        if through == self.meta.acked_seq && max > 1 {
            if let Some(rest) = self.batch_after(through, max - 1)? {
                changes.extend(rest.changes);
            }
        }
        Ok(Some(PushRequest {
            device_id: self.meta.device_id,
            changes,
        }))
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

    /// Notes that a request carrying the pending changes up to `seq` is
    /// going out now: their entries show "sending" until
    /// [`Self::apply_response`] or [`Self::send_failed`]. Kept in memory
    /// only (nothing is in flight after a reload), so it cannot fail.
    pub fn mark_in_flight(&mut self, seq: u64) {
        self.in_flight = Some(seq.min(self.meta.next_seq - 1));
    }

    /// The last change of the request on its way now, if one is.
    pub fn in_flight(&self) -> Option<u64> {
        self.in_flight
    }

    /// The request noted by [`Self::mark_in_flight`] failed (no network, no
    /// answer, an error instead of receipts): its changes are still only on
    /// this phone, and the entries say since when they could not leave.
    /// Storage full only loses the "when"; the request is no longer in
    /// flight either way.
    pub fn send_failed(&mut self, now_ms: i64) -> Result<(), StoreError> {
        let Some(through) = self.in_flight.take() else {
            return Ok(());
        };
        let mut meta = self.meta.clone();
        let through = meta
            .failed_attempt
            .map_or(through, |f| f.through.max(through));
        meta.failed_attempt = Some(FailedAttempt {
            through,
            at_ms: now_ms,
        });
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
        // An answer came: the request is over, whatever happens below.
        self.in_flight = None;
        let mut summary = SyncSummary::default();
        let mut meta = self.meta.clone();
        let mut updates = Vec::new();
        for receipt in &resp.receipts {
            if self.meta.restore_from == Some(receipt.seq) {
                // The restoration's answer: what it stands for had receipts.
                summary.applied += 1;
                continue;
            }
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
        summary.recovering = self.note_restoration(resp, &mut meta)?;
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
        // Changes the answer covered are no longer "failed to leave".
        meta.failed_attempt = meta.failed_attempt.filter(|f| f.through > meta.acked_seq);
        meta.last_sync_ms = Some(now_ms);
        self.write_meta(&meta)?;
        self.meta = meta;
        Ok(summary)
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
        let (id, op, catalogue_version) = match item {
            Some(item) => (item.id, item.op, item.catalogue_version),
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
                (local.entry.id, op, None)
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
        Ok(Change {
            seq,
            op,
            catalogue_version,
        })
    }
}
