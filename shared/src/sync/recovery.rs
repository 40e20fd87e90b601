//! A phone ahead of its server: the server was restored from a backup taken
//! before some of the phone's changes were answered. The phone still holds
//! them as received; the server expects an older change number than the
//! phone's next one, and lost what those changes wrote.
//!
//! The recovery, chosen over renumbering the lost changes as fresh ones:
//! the phone sends one [`ChangeOp::Restore`], numbered with the change the
//! server expects, that stands for every number up to the last one the phone
//! had a receipt for (`through`), carrying the entries its changes from that
//! number on last wrote, whole, at their current content. The server takes
//! it like any numbered change, in the push transaction: it writes what it
//! lost (creates a missing entry, merges a held one as an edit made from no
//! base, so another device's write since the restoration is a conflict, not
//! an overwrite) and moves the device's counter to `through`.
//!
//! Why not renumber the lost changes as new ones from the server's number:
//! the phone's own numbering would then have to change under it, and an
//! import of the phone's export file (made before) would number them
//! differently from the phone — two histories of one device's numbers, and
//! a retry of one answered with the other's receipts. Re-basing keeps the
//! phone's numbers: whoever re-bases first (the phone's next sync, or an
//! import of its file), the other finds the counter moved and does nothing
//! twice; a retry, a lost answer or a double tap replays the stored receipt.
//!
//! This module decides which entries a restoration carries (for the phone's
//! store and for the import alike).

use super::protocol::{Change, ChangeOp, MAX_BATCH};
use crate::entry::Entry;

/// Whether a server that expects change `expected` of a device next is
/// behind the device, whose changes up to `acked` had receipts: only a
/// restoration makes a server forget what it answered.
pub fn server_behind(expected: u64, acked: u64) -> bool {
    expected <= acked
}

/// The restoration a device sends when the server expects change `from`
/// while the device had receipts up to `acked`: `written` is each entry the
/// device holds with the number of the device's change that last wrote it
/// (0: none of its own). The entries last written from `from` on go, oldest
/// write first, at most [`MAX_BATCH`]; a device with more sends the rest in
/// the next push (this one then covers only up to its last entry's change,
/// and the server expects the one after). `None` when the server is not
/// behind.
pub fn restore_change<'a>(
    from: u64,
    acked: u64,
    written: impl IntoIterator<Item = (u64, &'a Entry)>,
) -> Option<Change> {
    if from == 0 || !server_behind(from, acked) {
        return None;
    }
    let mut lost: Vec<(u64, &Entry)> = written.into_iter().filter(|(s, _)| *s >= from).collect();
    lost.sort_by_key(|(s, e)| (*s, e.id));
    let all = lost.len() <= MAX_BATCH;
    lost.truncate(MAX_BATCH);
    let through = match lost.last() {
        Some((last, _)) if !all => (*last).min(acked),
        _ => acked,
    };
    Some(Change {
        seq: from,
        op: ChangeOp::Restore {
            through,
            entries: lost.into_iter().map(|(_, e)| e.clone()).collect(),
        },
        // Judged under the catalogue in force, as an import is.
        catalogue_version: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::sample_entry;

    fn through(change: &Change) -> (u64, u64, usize) {
        match &change.op {
            ChangeOp::Restore { through, entries } => (change.seq, *through, entries.len()),
            _ => panic!("not a restoration"),
        }
    }

    #[test]
    fn only_a_server_behind_gets_a_restoration() {
        let e = sample_entry(1);
        assert_eq!(restore_change(6, 5, [(5, &e)]), None);
        assert_eq!(restore_change(0, 5, [(5, &e)]), None);
        let change = restore_change(3, 5, [(2, &e)]).unwrap();
        assert_eq!(
            through(&change),
            (3, 5, 0),
            "nothing of it lost: the counter alone"
        );
    }

    #[test]
    fn entries_last_written_from_the_expected_number_go_oldest_first() {
        let entries: Vec<Entry> = (1..=4).map(sample_entry).collect();
        let written = [
            (7, &entries[0]),
            (2, &entries[1]),
            (4, &entries[2]),
            (9, &entries[3]),
        ];
        let change = restore_change(4, 8, written).unwrap();
        let ChangeOp::Restore {
            through,
            entries: sent,
        } = change.op
        else {
            panic!("not a restoration")
        };
        assert_eq!(through, 8);
        let ids: Vec<_> = sent.iter().map(|e| e.id).collect();
        // Written by changes 4, 7 and 9 (9 is still waiting: its entry goes too,
        // so that its create, lost with the server, comes back first).
        assert_eq!(ids, vec![entries[2].id, entries[0].id, entries[3].id]);
    }

    #[test]
    fn more_than_a_batch_goes_in_several_pushes() {
        let entries: Vec<Entry> = (0..MAX_BATCH as u32 + 5).map(sample_entry).collect();
        let written: Vec<(u64, &Entry)> = entries
            .iter()
            .enumerate()
            .map(|(i, e)| (i as u64 + 10, e))
            .collect();
        let acked = 10 + MAX_BATCH as u64 + 4;
        let first = restore_change(10, acked, written.clone()).unwrap();
        assert_eq!(through(&first), (10, 10 + MAX_BATCH as u64 - 1, MAX_BATCH));
        let second = restore_change(10 + MAX_BATCH as u64, acked, written).unwrap();
        assert_eq!(through(&second), (10 + MAX_BATCH as u64, acked, 5));
    }
}
