//! The server's side of the protocol as pure decisions. The storage layer runs
//! these inside its transaction; it only reads and writes rows.

use super::protocol::{Change, ChangeOp, PushRequest, RejectReason, MAX_BATCH};
use crate::catalogue::Catalogue;
use crate::date::LocalDate;
use crate::entry::{Entry, EntryField};
use crate::sync::merge::{merge_update, FieldStamp, HeldEntry, Merged};
use crate::validate::{validate_edit, validate_entry};

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
    #[error(
        "a restoration numbered {seq} must cover up to a number at least as large, not {through}"
    )]
    RestoreBackwards { seq: u64, through: u64 },
    #[error("a restoration brings at most {MAX_BATCH} entries, this one {0}")]
    RestoreTooMany(usize),
}

/// The largest change number: SQL databases count in signed 64-bit integers.
pub const MAX_SEQ: u64 = i64::MAX as u64;

/// Checks the shape of a batch.
pub fn check_batch(req: &PushRequest) -> Result<(), BatchError> {
    if req.changes.len() > MAX_BATCH {
        return Err(BatchError::TooMany(req.changes.len()));
    }
    let mut prev: Option<u64> = None;
    for Change { seq, op, .. } in &req.changes {
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
        // A restoration stands for the numbers up to its `through`.
        let last = match op {
            ChangeOp::Restore { through, entries } => {
                if *through < *seq {
                    return Err(BatchError::RestoreBackwards {
                        seq: *seq,
                        through: *through,
                    });
                }
                if *through > MAX_SEQ {
                    return Err(BatchError::SeqTooLarge(*through));
                }
                if entries.len() > MAX_BATCH {
                    return Err(BatchError::RestoreTooMany(entries.len()));
                }
                *through
            }
            _ => *seq,
        };
        prev = Some(last);
    }
    Ok(())
}

/// The last number a change stands for: its own, or a restoration's `through`.
pub fn covers_through(change: &Change) -> u64 {
    match change.op {
        ChangeOp::Restore { through, .. } => through,
        _ => change.seq,
    }
}

/// What to do with one entry of a restoration, given what the server holds
/// under its id (as the account may see it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RestoreDecision {
    /// The server lost it: store it, as a create would.
    Insert,
    /// The server holds it as it is: nothing to do.
    Held,
    /// The server holds an older content: merge these fields in as an edit
    /// made from no base (any other device's write of them is concurrent).
    Merge(Vec<EntryField>),
    /// Refuse it (the server lacks it and it is not valid today).
    Reject(RejectReason),
}

/// Decides one entry of a restoration.
pub fn decide_restore(
    held: Option<&Entry>,
    incoming: &Entry,
    catalogue: &Catalogue,
    today: LocalDate,
) -> RestoreDecision {
    let Some(held) = held else {
        return match decide_create(None, incoming, catalogue, today) {
            CreateDecision::Reject(reason) => RestoreDecision::Reject(reason),
            CreateDecision::Insert | CreateDecision::AlreadyHeld => RestoreDecision::Insert,
        };
    };
    let fields = held.changed_fields(incoming);
    if fields.is_empty() {
        RestoreDecision::Held
    } else {
        RestoreDecision::Merge(fields)
    }
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
    /// Store the merged entry (and keep its conflicts).
    Apply(Box<Merged>),
    /// Refuse it for good.
    Reject(RejectReason),
}

/// Decides the edit `change` of a device: `fields` of `incoming`, made from
/// server version `base`, merged field by field into `held`
/// ([`crate::sync::merge`]). The merged entry must pass validation as an
/// edit of the held one ([`validate_edit`]: text rules only where it
/// changes); a delete or restore alone is always allowed: it changes no
/// content, so an entry that an older catalogue let in can still be deleted.
pub fn decide_update(
    held: Option<&HeldEntry>,
    incoming: &Entry,
    fields: &[EntryField],
    base: Option<u64>,
    change: FieldStamp,
    catalogue: &Catalogue,
    today: LocalDate,
) -> UpdateDecision {
    let Some(held) = held else {
        return UpdateDecision::Reject(RejectReason::NotFound);
    };
    let merged = merge_update(held, incoming, fields, base, change);
    let only_tombstone = fields.iter().all(|&f| f == EntryField::Deleted);
    if !only_tombstone {
        if let Err(errors) = validate_edit(&held.entry, &merged.held.entry, catalogue, today) {
            return UpdateDecision::Reject(RejectReason::Invalid { errors });
        }
    }
    UpdateDecision::Apply(Box::new(merged))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue_default::default_catalogue;
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
                    catalogue_version: None,
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
        let device = Uuid::from_u128(1);
        let stamp = |change_no| FieldStamp {
            change_no,
            device_id: device,
        };
        let held = HeldEntry::created(sample_entry(1), stamp(1));
        let mut incoming = held.entry.clone();
        incoming.title = "改过的名称".into();
        incoming.place = "不该带过去".into();
        incoming.updated_ms += 5;
        let decide = |held: Option<&HeldEntry>, incoming: &Entry, fields: &[EntryField]| {
            decide_update(held, incoming, fields, Some(1), stamp(2), &cat, today)
        };
        let UpdateDecision::Apply(merged) = decide(Some(&held), &incoming, &[EntryField::Title])
        else {
            panic!("applied")
        };
        assert_eq!(merged.held.entry.title, "改过的名称");
        assert_eq!(merged.held.entry.place, held.entry.place);
        assert_eq!(merged.held.entry.updated_ms, incoming.updated_ms);
        assert_eq!(merged.held.version, 2);

        assert_eq!(
            decide(None, &incoming, &[EntryField::Title]),
            UpdateDecision::Reject(RejectReason::NotFound)
        );
        incoming.title.clear();
        assert!(matches!(
            decide(Some(&held), &incoming, &[EntryField::Title]),
            UpdateDecision::Reject(RejectReason::Invalid { .. })
        ));
        // A delete of an entry that no longer passes today's rules still goes through.
        let mut old = held.clone();
        old.entry.kind = "retired_long_ago".into();
        let mut tomb = old.entry.clone();
        tomb.deleted = true;
        assert!(matches!(
            decide(Some(&old), &tomb, &[EntryField::Deleted]),
            UpdateDecision::Apply(m) if m.held.entry.deleted
        ));
    }

    #[test]
    fn an_old_entry_with_text_of_before_the_rules_can_still_be_edited() {
        let today = "2026-11-29".parse().unwrap();
        let cat = default_catalogue();
        let stamp = |change_no| FieldStamp {
            change_no,
            device_id: Uuid::from_u128(1),
        };
        let mut old = sample_entry(1);
        old.title = "\u{202E}学习二十大巾帼宣讲".into();
        let held = HeldEntry::created(old, stamp(1));
        let mut counted = held.entry.clone();
        *counted.counts.get_mut("participants").unwrap() += 10;
        let decision = decide_update(
            Some(&held),
            &counted,
            &[EntryField::Counts],
            Some(1),
            stamp(2),
            &cat,
            today,
        );
        let UpdateDecision::Apply(merged) = decision else {
            panic!("refused: {decision:?}")
        };
        assert_eq!(merged.held.entry.counts, counted.counts);

        let mut bidi = held.entry.clone();
        bidi.place = "\u{2067}河湾社区".into();
        assert_eq!(
            decide_update(
                Some(&held),
                &bidi,
                &[EntryField::Place],
                Some(1),
                stamp(2),
                &cat,
                today
            ),
            UpdateDecision::Reject(RejectReason::Invalid {
                errors: vec![crate::validate::ValidationError::ControlChars {
                    field: EntryField::Place
                }]
            })
        );
    }
}
