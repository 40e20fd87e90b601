//! Sync changes in tests: device ids, creates and edits of sample entries,
//! and reading a receipt.

use serde_json::{json, Value};
use shared::entry::EntryField;
use shared::fixtures::sample_entry;
use shared::sync::protocol::{Change, ChangeOp, Outcome, PushRequest, PushResponse};
use shared::Entry;
use uuid::Uuid;

/// A device id that differs per `n`.
pub fn device(n: u128) -> Uuid {
    Uuid::from_u128(0x1000 + n)
}

/// Create changes of sample entries `seq` for each `seq` in `seqs`.
pub fn creates(device_id: Uuid, seqs: impl IntoIterator<Item = u64>) -> PushRequest {
    PushRequest {
        device_id,
        changes: seqs
            .into_iter()
            .map(|seq| create(seq, sample_entry(seq as u32)))
            .collect(),
    }
}

pub fn create(seq: u64, entry: Entry) -> Change {
    Change {
        seq,
        op: ChangeOp::Create { entry },
        catalogue_version: None,
    }
}

/// An edit taking `fields` from `entry` (no base version).
pub fn update(seq: u64, entry: Entry, fields: &[EntryField]) -> Change {
    Change {
        seq,
        op: ChangeOp::Update {
            entry,
            fields: fields.to_vec(),
            base_version: None,
        },
        catalogue_version: None,
    }
}

/// An edit taking `fields` from `entry`, made from server version `base`.
pub fn edit(seq: u64, entry: Entry, fields: &[EntryField], base: Option<u64>) -> Change {
    Change {
        seq,
        op: ChangeOp::Update {
            entry,
            fields: fields.to_vec(),
            base_version: base,
        },
        catalogue_version: None,
    }
}

/// The receipt number of the `i`th receipt, which must say applied.
pub fn applied(res: &PushResponse, i: usize) -> u64 {
    match &res.receipts[i].outcome {
        Outcome::Applied { change_no } => *change_no,
        other => panic!("not applied: {other:?}"),
    }
}

/// A sample entry as JSON.
pub fn sample_json(n: u32) -> Value {
    json!(sample_entry(n))
}
