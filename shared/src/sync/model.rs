//! The server's side of the protocol as a plain in-memory value: push
//! (exactly once, merges, conflicts) and pull (pages in server order),
//! following `server_rules` and `merge` exactly as the real server's SQL
//! transaction does. The device store is tested against it, the whole
//! protocol is simulated with it (devices, a faulty network, this server)
//! and the real server's tests check that it answers the same.
//!
//! Scope is not modelled: every device may read and write everything.

use super::merge::{FieldStamp, HeldEntry};
use super::protocol::{
    Change, ChangeOp, ConflictKey, ConflictRecord, Outcome, PullPage, PulledEntry, PushRequest,
    PushResponse, Receipt, RejectReason,
};
use super::server_rules::{
    check_batch, covers_through, decide_create, decide_restore, decide_update, step_for,
    BatchError, CreateDecision, RestoreDecision, Step, UpdateDecision,
};
use crate::catalogue::Catalogue;
use crate::catalogue_default::default_catalogue;
use crate::date::LocalDate;
use crate::entry::Entry;
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// A change the server took, as it took it: for checking the protocol's
/// promises against an independent reading of what happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taken {
    pub device_id: Uuid,
    pub seq: u64,
    pub change_no: u64,
    pub change: Change,
    pub outcome: Outcome,
    /// An entry a restoration wrote (logged as the create or the edit it
    /// amounted to, numbered `seq`, the restoration's own): not a numbered
    /// change of the device.
    pub restored: bool,
}

/// The server, in memory.
#[derive(Debug, Clone)]
pub struct ServerModel {
    pub entries: BTreeMap<Uuid, HeldEntry>,
    pub conflicts: BTreeMap<ConflictKey, ConflictRecord>,
    /// Every change taken, in server order.
    pub log: Vec<Taken>,
    receipts: HashMap<(Uuid, u64), Receipt>,
    last: HashMap<Uuid, u64>,
    /// When each conflict was made or settled, for pulls.
    conflict_touched: BTreeMap<ConflictKey, u64>,
    next_change_no: u64,
    /// Names the newest restoration (0: none), as the server's moment does:
    /// set by [`Self::note_restored`] (`server restore`) and moved by every
    /// restoration a device sends.
    restored_at: u64,
    catalogue: Catalogue,
    today: LocalDate,
}

impl ServerModel {
    /// A server with the default catalogue whose "today" is `today`.
    pub fn new(today: LocalDate) -> Self {
        ServerModel {
            entries: BTreeMap::new(),
            conflicts: BTreeMap::new(),
            log: Vec::new(),
            receipts: HashMap::new(),
            last: HashMap::new(),
            conflict_touched: BTreeMap::new(),
            next_change_no: 0,
            restored_at: 0,
            catalogue: default_catalogue(),
            today,
        }
    }

    /// A server whose next receipt number is `first + 1`.
    pub fn starting_at(today: LocalDate, first: u64) -> Self {
        ServerModel {
            next_change_no: first,
            ..ServerModel::new(today)
        }
    }

    /// Notes that this server was restored from a backup (`server restore`):
    /// `marker` must differ from every earlier one.
    pub fn note_restored(&mut self, marker: u64) {
        self.restored_at = marker;
    }

    /// The newest change number given out.
    pub fn latest(&self) -> u64 {
        self.next_change_no
    }

    /// The highest `seq` of `device` taken.
    pub fn last_applied(&self, device: &Uuid) -> u64 {
        self.last.get(device).copied().unwrap_or(0)
    }

    /// Takes a batch: every change once, in order; a retry is answered the same.
    pub fn push(&mut self, req: &PushRequest) -> Result<PushResponse, BatchError> {
        check_batch(req)?;
        let device = req.device_id;
        let mut last = self.last_applied(&device);
        let (mut receipts, mut expected_seq) = (Vec::new(), None);
        for change in &req.changes {
            match step_for(last, change.seq) {
                Step::Replay => receipts.push(self.receipts[&(device, change.seq)].clone()),
                Step::Gap { expected } => {
                    expected_seq = Some(expected);
                    break;
                }
                Step::Apply => {
                    self.next_change_no += 1;
                    let stamp = FieldStamp {
                        change_no: self.next_change_no,
                        device_id: device,
                    };
                    self.log.push(Taken {
                        device_id: device,
                        seq: change.seq,
                        change_no: stamp.change_no,
                        change: change.clone(),
                        outcome: Outcome::Applied {
                            change_no: stamp.change_no,
                        },
                        restored: false,
                    });
                    let at = self.log.len() - 1;
                    let outcome = self.apply(change, stamp);
                    self.log[at].outcome = outcome.clone();
                    let receipt = Receipt {
                        seq: change.seq,
                        outcome: outcome.clone(),
                    };
                    // A restoration is answered the same for every number it stands for.
                    for seq in change.seq..=covers_through(change) {
                        self.receipts.insert((device, seq), receipt.clone());
                    }
                    receipts.push(receipt);
                    last = covers_through(change);
                }
            }
        }
        self.last.insert(device, last);
        Ok(PushResponse {
            receipts,
            last_applied: last,
            expected_seq,
        })
    }

    fn apply(&mut self, change: &Change, stamp: FieldStamp) -> Outcome {
        let applied = Outcome::Applied {
            change_no: stamp.change_no,
        };
        match &change.op {
            ChangeOp::Create { entry } => {
                let held = self.entries.get(&entry.id);
                match decide_create(held.map(|h| &h.entry), entry, &self.catalogue, self.today) {
                    CreateDecision::Insert => {
                        self.entries
                            .insert(entry.id, HeldEntry::created(entry.clone(), stamp));
                        applied
                    }
                    CreateDecision::AlreadyHeld => Outcome::Applied {
                        change_no: held.map_or(0, |h| h.version),
                    },
                    CreateDecision::Reject(reason) => Outcome::Rejected { reason },
                }
            }
            ChangeOp::Update {
                entry,
                fields,
                base_version,
            } => {
                let held = self.entries.get(&entry.id);
                let decision = decide_update(
                    held,
                    entry,
                    fields,
                    *base_version,
                    stamp,
                    &self.catalogue,
                    self.today,
                );
                match decision {
                    UpdateDecision::Apply(merged) => {
                        for conflict in merged.conflicts {
                            let key = conflict.key();
                            self.conflict_touched.insert(key, stamp.change_no);
                            self.conflicts.insert(
                                key,
                                ConflictRecord {
                                    key,
                                    conflict,
                                    resolved_by: None,
                                },
                            );
                        }
                        self.entries.insert(entry.id, merged.held);
                        applied
                    }
                    UpdateDecision::Reject(reason) => Outcome::Rejected { reason },
                }
            }
            ChangeOp::Restore { entries, .. } => {
                // Another value than any before it on this timeline.
                self.restored_at = self
                    .restored_at
                    .wrapping_mul(31)
                    .wrapping_add(stamp.change_no);
                for entry in entries {
                    self.restore_one(change.seq, stamp.device_id, entry);
                }
                applied
            }
            ChangeOp::Resolve { entry_id, conflict } => match self.conflicts.get_mut(conflict) {
                Some(record) if record.conflict.entry_id == *entry_id => {
                    if record.resolved_by.is_none() {
                        record.resolved_by = Some(stamp.change_no);
                        self.conflict_touched.insert(*conflict, stamp.change_no);
                    }
                    applied
                }
                _ => Outcome::Rejected {
                    reason: RejectReason::NoSuchConflict,
                },
            },
        }
    }

    /// One entry of restoration `seq` of `device`: written with a number of
    /// its own when the server lacks it or holds an older content.
    fn restore_one(&mut self, seq: u64, device: Uuid, entry: &Entry) {
        let held = self.entries.get(&entry.id).map(|h| &h.entry);
        let op = match decide_restore(held, entry, &self.catalogue, self.today) {
            RestoreDecision::Held | RestoreDecision::Reject(_) => return,
            RestoreDecision::Insert => ChangeOp::Create {
                entry: entry.clone(),
            },
            RestoreDecision::Merge(fields) => ChangeOp::Update {
                entry: entry.clone(),
                fields,
                base_version: None,
            },
        };
        self.next_change_no += 1;
        let stamp = FieldStamp {
            change_no: self.next_change_no,
            device_id: device,
        };
        let change = Change {
            seq,
            op,
            catalogue_version: None,
        };
        let outcome = self.apply(&change, stamp);
        self.log.push(Taken {
            device_id: device,
            seq,
            change_no: stamp.change_no,
            change,
            outcome,
            restored: true,
        });
    }

    /// The page of changes after `after` for `device`: at most `limit`
    /// entries (at least one).
    pub fn pull(&self, device: Uuid, after: u64, limit: usize, server_ms: i64) -> PullPage {
        let mut newer: Vec<&HeldEntry> = self
            .entries
            .values()
            .filter(|h| h.version > after)
            .collect();
        newer.sort_by_key(|h| h.version);
        let more = newer.len() > limit.max(1);
        newer.truncate(limit.max(1));
        let upto = if more {
            newer.last().map_or(after, |h| h.version)
        } else {
            self.next_change_no.max(after)
        };
        PullPage {
            after,
            entries: newer
                .into_iter()
                .map(|h| PulledEntry {
                    entry: h.entry.clone(),
                    version: h.version,
                })
                .collect(),
            conflicts: self
                .conflict_touched
                .iter()
                .filter(|(_, &touched)| after < touched && touched <= upto)
                .filter_map(|(key, _)| self.conflicts.get(key).cloned())
                .collect(),
            upto,
            more,
            device_taken: self.last_applied(&device),
            restored_at: self.restored_at,
            server_ms,
        }
    }
}

#[path = "model_fill.rs"]
mod fill;

#[cfg(test)]
#[path = "simulation_tests.rs"]
mod simulation_tests;
