//! A server in memory for the device store's tests: it follows
//! `shared::sync::server_rules` exactly as the real server's transaction does,
//! so the device's side can be tested against the real decisions.

use crate::catalogue_default::default_catalogue;
use crate::sync::protocol::{ChangeOp, Outcome, PushRequest, PushResponse, Receipt};
use crate::sync::server_rules::{
    check_batch, decide_create, decide_update, step_for, CreateDecision, Step, UpdateDecision,
};
use crate::Entry;
use std::collections::HashMap;
use uuid::Uuid;

/// The server's "today" in these tests.
pub const TODAY: &str = "2026-11-29";

/// The server's bookkeeping, in memory: entries, receipts, last seq per device.
#[derive(Default)]
pub struct FakeServer {
    pub entries: HashMap<Uuid, (Entry, u64)>,
    receipts: HashMap<(Uuid, u64), Receipt>,
    last: HashMap<Uuid, u64>,
    next_change_no: u64,
}

impl FakeServer {
    /// A server whose next receipt number is `first + 1`.
    pub fn starting_at(first: u64) -> Self {
        FakeServer {
            next_change_no: first,
            ..FakeServer::default()
        }
    }

    pub fn push(&mut self, req: &PushRequest) -> PushResponse {
        check_batch(req).unwrap();
        let mut last = self.last.get(&req.device_id).copied().unwrap_or(0);
        let (mut receipts, mut expected_seq) = (Vec::new(), None);
        for change in &req.changes {
            match step_for(last, change.seq) {
                Step::Replay => receipts.push(self.receipts[&(req.device_id, change.seq)].clone()),
                Step::Gap { expected } => {
                    expected_seq = Some(expected);
                    break;
                }
                Step::Apply => {
                    let today = TODAY.parse().unwrap();
                    let catalogue = default_catalogue();
                    self.next_change_no += 1;
                    let outcome = match &change.op {
                        ChangeOp::Create { entry } => {
                            let held = self.entries.get(&entry.id);
                            match decide_create(held.map(|(e, _)| e), entry, &catalogue, today) {
                                CreateDecision::Insert => {
                                    self.entries
                                        .insert(entry.id, (entry.clone(), self.next_change_no));
                                    Outcome::Applied {
                                        change_no: self.next_change_no,
                                    }
                                }
                                CreateDecision::AlreadyHeld => Outcome::Applied {
                                    change_no: held.map_or(0, |h| h.1),
                                },
                                CreateDecision::Reject(reason) => Outcome::Rejected { reason },
                            }
                        }
                        ChangeOp::Update { entry, fields, .. } => {
                            let held = self.entries.get(&entry.id).map(|(e, _)| e);
                            match decide_update(held, entry, fields, &catalogue, today) {
                                UpdateDecision::Apply(merged) => {
                                    self.entries
                                        .insert(entry.id, (*merged, self.next_change_no));
                                    Outcome::Applied {
                                        change_no: self.next_change_no,
                                    }
                                }
                                UpdateDecision::Reject(reason) => Outcome::Rejected { reason },
                            }
                        }
                    };
                    let receipt = Receipt {
                        seq: change.seq,
                        outcome,
                    };
                    self.receipts
                        .insert((req.device_id, change.seq), receipt.clone());
                    receipts.push(receipt);
                    last = change.seq;
                }
            }
        }
        self.last.insert(req.device_id, last);
        PushResponse {
            receipts,
            last_applied: last,
            expected_seq,
        }
    }
}
