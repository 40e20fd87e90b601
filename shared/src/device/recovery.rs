//! The phone's side of a server restored from an older backup (the rules are
//! `sync::recovery`'s): noticing it, re-basing the server with a restoration
//! before anything else, and pulling again from the start once the server
//! says a restoration happened (its change numbers after the backup were
//! given out again, so this phone's cursor and versions from before mean
//! nothing there).
//!
//! Noticed by a push's answer (`expected_seq` at or below the phone's last
//! receipt: no healthy server forgets what it answered) or a pulled page
//! (the server has taken fewer of the phone's changes than it answered:
//! for a phone with nothing to send). Once the restoration is taken, the
//! phone pulls everything again from the start. Until
//! the restoration is taken, the entries it carries keep the phone's content
//! through pulls (as waiting changes do), so a pull in between cannot put
//! the server's older content in their place and send that back.

use super::codec::{conflict_key, encode_entry};
use super::kv::KeyValue;
use super::records::{DeviceMeta, StoreError};
use super::store::DeviceStore;
use crate::sync::protocol::{Change, PullPage, PushResponse};
use crate::sync::recovery::{restore_change, server_behind};
use std::collections::BTreeSet;
use uuid::Uuid;

impl<K: KeyValue> DeviceStore<K> {
    /// The restoration to send first, if the server is behind this phone.
    pub(super) fn pending_restore(&self) -> Option<Change> {
        let from = self.meta.restore_from?;
        let written = self.entries.values().map(|l| (l.seq, &l.entry));
        restore_change(from, self.meta.acked_seq, written)
    }

    /// Entries whose content a pending restoration carries, beyond what the
    /// server has taken (`taken`): pulls keep them as this phone has them.
    pub(super) fn restoring(&self, taken: u64) -> BTreeSet<Uuid> {
        let Some(from) = self.meta.restore_from else {
            return BTreeSet::new();
        };
        let first = from.max(taken + 1);
        self.entries
            .values()
            .filter(|l| l.seq >= first)
            .map(|l| l.entry.id)
            .collect()
    }

    /// What a push's answer says of a restoration: started (the server is
    /// behind: `meta.restore_from` set), advanced or done (the server's
    /// counter passed it; then everything is pulled again from the start,
    /// the entries it carried included). Returns whether a recovery is
    /// under way.
    pub(super) fn note_restoration(
        &mut self,
        resp: &PushResponse,
        meta: &mut DeviceMeta,
    ) -> Result<bool, StoreError> {
        if let Some(from) = meta.restore_from {
            if resp.last_applied >= from {
                meta.restore_from =
                    (resp.last_applied < meta.acked_seq).then_some(resp.last_applied + 1);
                if meta.restore_from.is_none() {
                    self.forget_pulled(meta)?;
                }
            }
        }
        if let Some(expected) = resp.expected_seq {
            if server_behind(expected, meta.acked_seq) {
                meta.restore_from = Some(expected);
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Whether `page` shows the server behind this phone: it has taken
    /// fewer of this phone's changes than the phone has receipts for (a
    /// late page may say so of a healthy server too: the restoration it
    /// starts is then answered from the stored receipts and changes
    /// nothing). The page is not taken.
    pub(super) fn behind_in_pull(&mut self, page: &PullPage) -> Result<bool, StoreError> {
        let expected = page.device_taken + 1;
        if self.meta.restore_from.is_some() || !server_behind(expected, self.meta.acked_seq) {
            return Ok(false);
        }
        let mut meta = self.meta.clone();
        meta.restore_from = Some(expected);
        self.write_meta(&meta)?;
        self.meta = meta;
        Ok(true)
    }

    /// Whether `page` names another restoration than the one this phone
    /// last pulled from the start after (a moment, not an order: a server
    /// restored again may name an older one); if so, the phone pulls everything again from
    /// the start ([`Self::forget_pulled`]) and the page is not taken.
    pub(super) fn restart_after_restoration(
        &mut self,
        page: &PullPage,
    ) -> Result<bool, StoreError> {
        if page.restored_at == self.meta.restoration_seen {
            return Ok(false);
        }
        let mut meta = self.meta.clone();
        self.forget_pulled(&mut meta)?;
        meta.restoration_seen = page.restored_at;
        self.write_meta(&meta)?;
        self.meta = meta;
        Ok(true)
    }

    /// Forgets where this phone pulled to and the versions it holds
    /// (numbers the restored server may have given again), and the
    /// conflicts it was told of (the server tells again the ones it has),
    /// so that the next pull takes everything from the start. The entries
    /// stay: nothing of this phone's is lost, and the pull replaces them.
    /// `meta` is written by the caller.
    fn forget_pulled(&mut self, meta: &mut DeviceMeta) -> Result<(), StoreError> {
        let stale: Vec<Uuid> = self
            .entries
            .values()
            .filter(|l| l.version.is_some_and(|v| v > 0))
            .map(|l| l.entry.id)
            .collect();
        for id in stale {
            if let Some(local) = self.entries.get_mut(&id) {
                // Known to be on the server, at no version the phone can trust.
                local.version = Some(0);
                let raw = encode_entry(local);
                self.kv.set(&format!("{}:e:{id}", self.ns), &raw)?;
            }
        }
        let keys: Vec<_> = self.conflicts.keys().copied().collect();
        for key in keys {
            self.kv.remove(&conflict_key(&self.ns, &key));
            self.conflicts.remove(&key);
        }
        meta.pulled_through = 0;
        meta.held_from = None;
        meta.fill = None;
        Ok(())
    }
}

#[cfg(test)]
#[path = "recovery_tests.rs"]
mod tests;
