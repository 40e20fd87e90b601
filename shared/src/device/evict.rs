//! Making room: pulled entries leave the phone, oldest first, when they
//! outgrow their budget or when a new record needs the space. The server
//! holds them; the phone notes from which day on it still holds everything
//! (`DeviceMeta::held_from`), so totals can say what they cover.
//!
//! Never evicted: an entry with a change waiting to be sent (or on its way),
//! one the server refused, one an unsettled conflict or a waiting
//! settlement names. Those exist nowhere else or need a person.

use super::codec::{decode_outbox, encode_entry};
use super::kv::KeyValue;
use super::records::{LocalEntry, PendingOp, StoreError};
use super::store::DeviceStore;
use crate::date::LocalDate;
use crate::sync::protocol::Outcome;
use crate::Entry;
use std::collections::HashSet;
use uuid::Uuid;

/// What an eviction removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Eviction {
    /// Entries removed from the phone.
    pub removed: usize,
    /// UTF-16 code units of keys and values freed.
    pub freed_units: usize,
}

impl<K: KeyValue> DeviceStore<K> {
    /// The first day from which the phone holds every entry it may read
    /// (`None`: all of them).
    pub fn held_from(&self) -> Option<LocalDate> {
        self.meta.held_from
    }

    /// Entries a waiting change, a waiting settlement or an unsettled
    /// conflict names.
    fn touched(&self) -> HashSet<Uuid> {
        let mut ids: HashSet<Uuid> = self
            .conflicts
            .values()
            .map(|c| c.conflict.entry_id)
            .collect();
        for seq in self.meta.acked_seq + 1..self.meta.next_seq {
            let item = self.kv.get(&self.outbox_key(seq));
            if let Some(item) = item.and_then(|raw| decode_outbox(&raw)) {
                if matches!(item.op, PendingOp::Resolve { .. }) {
                    ids.insert(item.id);
                }
            }
        }
        ids
    }

    /// The entries that may leave, oldest date first (then by id), with
    /// the units each one's record uses.
    fn evictable(&self) -> Vec<(&LocalEntry, usize)> {
        let touched = self.touched();
        let mut out: Vec<(&LocalEntry, usize)> = self
            .entries
            .values()
            .filter(|l| l.seq <= self.meta.acked_seq)
            .filter(|l| matches!(l.outcome, Some(Outcome::Applied { .. })))
            .filter(|l| !touched.contains(&l.entry.id))
            .map(|l| (l, self.record_units(l)))
            .collect();
        out.sort_by_key(|(l, _)| (l.entry.date, l.entry.id));
        out
    }

    fn record_units(&self, local: &LocalEntry) -> usize {
        let key = self.entry_key(&local.entry.id);
        key.encode_utf16().count() + encode_entry(local).encode_utf16().count()
    }

    /// Units the evictable (pulled, settled) entries use: what the budget
    /// counts. Encodes each record: call it per page, not per keystroke.
    pub fn pulled_units(&self) -> usize {
        self.evictable().iter().map(|(_, units)| units).sum()
    }

    /// Evicts the oldest pulled entries until they use at most `budget`
    /// units.
    pub fn evict_pulled(&mut self, budget: usize) -> Result<Eviction, StoreError> {
        let excess = self.pulled_units().saturating_sub(budget);
        self.free_units(excess)
    }

    /// Evicts every pulled entry `keep` does not want, whatever its date:
    /// an office account's phone keeps only committee changes, and one that
    /// an older build filled with every entry sheds the rest. What is held
    /// (`held_from`) is unchanged: such a phone's lists and reports come
    /// from the server.
    pub fn evict_pulled_except(
        &mut self,
        keep: impl Fn(&Entry) -> bool,
    ) -> Result<Eviction, StoreError> {
        let chosen: Vec<(Uuid, usize)> = self
            .evictable()
            .into_iter()
            .filter(|(local, _)| !keep(&local.entry))
            .map(|(local, units)| (local.entry.id, units))
            .collect();
        let mut done = Eviction::default();
        for (id, units) in chosen {
            self.kv.remove(&self.entry_key(&id));
            self.entries.remove(&id);
            done.removed += 1;
            done.freed_units += units;
        }
        Ok(done)
    }

    /// Evicts the oldest pulled entries until at least `units` are freed
    /// (or none is left to evict).
    pub fn free_units(&mut self, units: usize) -> Result<Eviction, StoreError> {
        if units == 0 {
            return Ok(Eviction::default());
        }
        let mut chosen: Vec<(Uuid, LocalDate)> = Vec::new();
        let mut freed = 0;
        for (local, size) in self.evictable() {
            if freed >= units {
                break;
            }
            freed += size;
            chosen.push((local.entry.id, local.entry.date));
        }
        let Some(&(_, newest)) = chosen.last() else {
            return Ok(Eviction::default());
        };
        // Entries first, then the record saying what is held: the removals
        // free the room that write needs. (Cut short between the two, totals
        // would claim a day or two too many, never lose an entry.)
        for (id, _) in &chosen {
            self.kv.remove(&self.entry_key(id));
            self.entries.remove(id);
        }
        let from = newest.add_days(1);
        if self.meta.held_from.is_none_or(|held| held < from) {
            let mut meta = self.meta.clone();
            meta.held_from = Some(from);
            self.write_meta(&meta)?;
            self.meta = meta;
        }
        Ok(Eviction {
            removed: chosen.len(),
            freed_units: freed,
        })
    }
}

#[cfg(test)]
#[path = "evict_tests.rs"]
mod tests;
