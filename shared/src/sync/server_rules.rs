//! The server's side of the protocol as pure decisions. The storage layer runs
//! these inside its transaction; it only reads and writes rows.

use super::protocol::{Change, PushRequest, RejectReason, MAX_BATCH};
use crate::catalogue::Catalogue;
use crate::date::LocalDate;
use crate::entry::{Entry, EntryField};
use crate::validate::validate_entry;

/// What to do with one numbered change, given the device's last applied number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Already applied: answer with the stored receipt, store nothing.
    Replay,
    /// The next number: apply it.
    Apply,
    /// A number is missing before this one: stop here, ask for `expected`.
    Gap { expected: u64 },
}

/// The step for change `seq` when the device's last applied number is `last_applied`.
pub fn step_for(last_applied: u64, seq: u64) -> Step {
    if seq <= last_applied {
        Step::Replay
    } else if seq == last_applied + 1 {
        Step::Apply
    } else {
        Step::Gap {
            expected: last_applied + 1,
        }
    }
}

/// A batch that no correct device sends; refused whole, before anything is stored.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BatchError {
    #[error("a batch holds at most {MAX_BATCH} changes, this one {0}")]
    TooMany(usize),
    #[error("change numbers start at 1")]
    ZeroSeq,
    #[error("change number {0} is too large")]
    SeqTooLarge(u64),
    #[error("change numbers must increase by one within a batch (after {prev} came {next})")]
    NotConsecutive { prev: u64, next: u64 },
}

/// The largest change number: SQL databases count in signed 64-bit integers.
pub const MAX_SEQ: u64 = i64::MAX as u64;

/// Checks the shape of a batch.
pub fn check_batch(req: &PushRequest) -> Result<(), BatchError> {
    if req.changes.len() > MAX_BATCH {
        return Err(BatchError::TooMany(req.changes.len()));
    }
    let mut prev: Option<u64> = None;
    for Change { seq, .. } in &req.changes {
        if *seq == 0 {
            return Err(BatchError::ZeroSeq);
        }
        if *seq > MAX_SEQ {
            return Err(BatchError::SeqTooLarge(*seq));
        }
        if let Some(p) = prev {
            if *seq != p + 1 {
                return Err(BatchError::NotConsecutive {
                    prev: p,
                    next: *seq,
                });
            }
        }
        prev = Some(*seq);
    }
    Ok(())
}

/// What to do with a new entry, given what the server already holds under its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CreateDecision {
    /// Store it.
    Insert,
    /// The same entry is already stored (e.g. a re-imported export): store nothing,
    /// answer with the receipt number of the stored one.
    AlreadyHeld,
    /// Refuse it for good.
    Reject(RejectReason),
}

/// Decides a create; `today` is the server's local date.
pub fn decide_create(
    existing: Option<&Entry>,
    incoming: &Entry,
    catalogue: &Catalogue,
    today: LocalDate,
) -> CreateDecision {
    if let Err(errors) = validate_entry(incoming, catalogue, today, true) {
        return CreateDecision::Reject(RejectReason::Invalid { errors });
    }
    match existing {
        None => CreateDecision::Insert,
        Some(held) if held == incoming => CreateDecision::AlreadyHeld,
        Some(_) => CreateDecision::Reject(RejectReason::IdTaken),
    }
}

/// What to do with an edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpdateDecision {
    /// Store this entry (the held one with the edited fields taken over).
    Apply(Box<Entry>),
    /// Refuse it for good.
    Reject(RejectReason),
}

/// Decides an edit of `held` that takes `fields` from `incoming`. Fields the
/// edit does not name keep the server's values, so two devices editing
/// different fields both keep their work. (Same-field races against the base
/// version are the conflict rules' business.)
pub fn decide_update(
    held: Option<&Entry>,
    incoming: &Entry,
    fields: &[EntryField],
    catalogue: &Catalogue,
    today: LocalDate,
) -> UpdateDecision {
    let Some(held) = held else {
        return UpdateDecision::Reject(RejectReason::NotFound);
    };
    let mut merged = held.clone();
    for &field in fields {
        merged.copy_field(incoming, field);
    }
    merged.updated_ms = incoming.updated_ms;
    // A delete or its undo changes no content: it goes through even for an
    // entry that an older catalogue or rule let in.
    let only_tombstone = fields.iter().all(|&f| f == EntryField::Deleted);
    if !only_tombstone {
        if let Err(errors) = validate_entry(&merged, catalogue, today, false) {
            return UpdateDecision::Reject(RejectReason::Invalid { errors });
        }
    }
    UpdateDecision::Apply(Box::new(merged))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue_default::default_catalogue;
    use crate::sync::protocol::ChangeOp;
    use crate::test_support::sample_entry;
    use uuid::Uuid;

    fn batch(seqs: &[u64]) -> PushRequest {
        PushRequest {
            device_id: Uuid::nil(),
            changes: seqs
                .iter()
                .map(|&seq| Change {
                    seq,
                    op: ChangeOp::Create {
                        entry: sample_entry(seq as u32),
                    },
                })
                .collect(),
        }
    }

    #[test]
    fn steps() {
        assert_eq!(step_for(0, 1), Step::Apply);
        assert_eq!(step_for(5, 3), Step::Replay);
        assert_eq!(step_for(5, 5), Step::Replay);
        assert_eq!(step_for(5, 6), Step::Apply);
        assert_eq!(step_for(5, 8), Step::Gap { expected: 6 });
    }

    #[test]
    fn batch_shape() {
        assert_eq!(check_batch(&batch(&[])), Ok(()));
        assert_eq!(check_batch(&batch(&[4, 5, 6])), Ok(()));
        assert_eq!(check_batch(&batch(&[0, 1])), Err(BatchError::ZeroSeq));
        assert_eq!(
            check_batch(&batch(&[MAX_SEQ + 1])),
            Err(BatchError::SeqTooLarge(MAX_SEQ + 1))
        );
        assert_eq!(
            check_batch(&batch(&[1, 3])),
            Err(BatchError::NotConsecutive { prev: 1, next: 3 })
        );
        assert_eq!(
            check_batch(&batch(&[2, 1])),
            Err(BatchError::NotConsecutive { prev: 2, next: 1 })
        );
        let many: Vec<u64> = (1..=MAX_BATCH as u64 + 1).collect();
        assert_eq!(
            check_batch(&batch(&many)),
            Err(BatchError::TooMany(MAX_BATCH + 1))
        );
    }

    #[test]
    fn creates() {
        let today = "2026-11-29".parse().unwrap();
        let cat = default_catalogue();
        let e = sample_entry(1);
        assert_eq!(decide_create(None, &e, &cat, today), CreateDecision::Insert);
        assert_eq!(
            decide_create(Some(&e), &e, &cat, today),
            CreateDecision::AlreadyHeld
        );
        let mut other = e.clone();
        other.title = "另一个".into();
        assert_eq!(
            decide_create(Some(&e), &other, &cat, today),
            CreateDecision::Reject(RejectReason::IdTaken)
        );
        other.title.clear();
        assert!(matches!(
            decide_create(None, &other, &cat, today),
            CreateDecision::Reject(RejectReason::Invalid { .. })
        ));
    }

    #[test]
    fn updates_take_only_the_named_fields() {
        let today = "2026-11-29".parse().unwrap();
        let cat = default_catalogue();
        let held = sample_entry(1);
        let mut incoming = held.clone();
        incoming.title = "改过的名称".into();
        incoming.place = "不该带过去".into();
        incoming.updated_ms += 5;
        let UpdateDecision::Apply(merged) =
            decide_update(Some(&held), &incoming, &[EntryField::Title], &cat, today)
        else {
            panic!("applied")
        };
        assert_eq!(merged.title, "改过的名称");
        assert_eq!(merged.place, held.place);
        assert_eq!(merged.updated_ms, incoming.updated_ms);

        assert_eq!(
            decide_update(None, &incoming, &[EntryField::Title], &cat, today),
            UpdateDecision::Reject(RejectReason::NotFound)
        );
        incoming.title.clear();
        assert!(matches!(
            decide_update(Some(&held), &incoming, &[EntryField::Title], &cat, today),
            UpdateDecision::Reject(RejectReason::Invalid { .. })
        ));
        // A delete of an entry that no longer passes today's rules still goes through.
        let mut old = held.clone();
        old.kind = "retired_long_ago".into();
        let mut tomb = old.clone();
        tomb.deleted = true;
        assert!(matches!(
            decide_update(Some(&old), &tomb, &[EntryField::Deleted], &cat, today),
            UpdateDecision::Apply(e) if e.deleted
        ));
    }
}
