//! The storage layout: round trips, size, and reading the first release's data.

use super::*;
use crate::catalogue_default::default_catalogue;
use crate::device::records::{LocalEntry, OutboxItem, PendingOp};
use crate::entry::EntryField;
use crate::fixtures::{arb, sample_entry};
use crate::sync::protocol::{Outcome, RejectReason};
use crate::validate::validate_entry;
use proptest::prelude::*;
use uuid::Uuid;

fn outcome_strategy() -> impl Strategy<Value = Option<Outcome>> {
    prop_oneof![
        Just(None),
        any::<u64>().prop_map(|change_no| Some(Outcome::Applied { change_no })),
        Just(Some(Outcome::Rejected {
            reason: RejectReason::IdTaken
        })),
    ]
}

proptest! {
    /// Any valid entry comes back from storage exactly as it went in, with
    /// its sync state; and from the wire (JSON) too.
    #[test]
    fn valid_entries_round_trip(entry in arb::valid_entry(), seq in any::<u64>(),
                                outcome in outcome_strategy(), version in any::<Option<u64>>()) {
        let today = "2026-11-29".parse().unwrap();
        let cat = default_catalogue();
        prop_assert_eq!(validate_entry(&entry, &cat, today, true), Ok(()));
        let local = LocalEntry { entry, seq, outcome, version };
        let raw = encode_entry(&local);
        prop_assert!(is_current(&raw));
        prop_assert_eq!(decode_entry(&raw, &cat), Some(local.clone()));
        let json = serde_json::to_string(&local.entry).unwrap();
        prop_assert_eq!(serde_json::from_str::<crate::Entry>(&json).unwrap(), local.entry);
    }

    #[test]
    fn outbox_items_round_trip(seq in any::<u64>(), id in any::<u128>(), which in 0u8..3,
                               base in any::<Option<u64>>(), n in 1usize..12,
                               version in any::<Option<u32>>()) {
        let op = match which {
            0 => PendingOp::Create,
            1 => PendingOp::Update { fields: EntryField::ALL[..n].to_vec(), base_version: base },
            _ => PendingOp::Resolve {
                conflict: crate::sync::protocol::ConflictKey {
                    change_no: base.unwrap_or(7),
                    field: EntryField::ALL[n - 1],
                },
            },
        };
        // A settlement carries no catalogue version (no rule judges it).
        let catalogue_version = version.filter(|_| which < 2);
        let item = OutboxItem { seq, id: Uuid::from_u128(id), op, catalogue_version };
        prop_assert_eq!(decode_outbox(&encode_outbox(&item)), Some(item));
    }
}

/// Outbox items written before catalogue versions travelled still read
/// (as judged under the catalogue in force), and a versioned one keeps it.
#[test]
fn outbox_items_of_the_layout_before_catalogue_versions_still_read() {
    let id = Uuid::from_u128(7);
    let old_create = format!("[3,\"{id}\",null,null]");
    let old_edit = format!("[4,\"{id}\",[\"title\"],12]");
    assert_eq!(
        decode_outbox(&old_create),
        Some(OutboxItem {
            seq: 3,
            id,
            op: PendingOp::Create,
            catalogue_version: None
        })
    );
    assert_eq!(
        decode_outbox(&old_edit).map(|i| (i.op, i.catalogue_version)),
        Some((
            PendingOp::Update {
                fields: vec![EntryField::Title],
                base_version: Some(12)
            },
            None
        ))
    );
    let versioned = OutboxItem {
        seq: 5,
        id,
        op: PendingOp::Create,
        catalogue_version: Some(4),
    };
    let raw = encode_outbox(&versioned);
    assert_eq!(raw, format!("[5,\"{id}\",null,null,4]"));
    assert_eq!(decode_outbox(&raw), Some(versioned));
}

#[test]
fn a_typical_entry_is_small() {
    let local = LocalEntry {
        entry: sample_entry(3),
        seq: 1234,
        outcome: Some(Outcome::Applied { change_no: 98_765 }),
        version: Some(98_765),
    };
    let raw = encode_entry(&local);
    // Against the object form with field names, about a third smaller.
    let named = serde_json::to_string(&local).unwrap();
    assert!(
        raw.len() * 10 < named.len() * 8,
        "{} vs {}",
        raw.len(),
        named.len()
    );
    assert!(raw.len() < 300, "{raw}");
}

#[test]
fn the_first_layout_is_read_and_its_counts_mapped() {
    let cat = default_catalogue();
    let v1 = r#"{"entry":{"id":"01900000-0000-7000-8000-0000000000aa","org_id":"01900000-0000-7000-8000-000000000002","kind":"visit","title":"走访","date":"2024-05-01","place":"小井村","sessions":2,"participants":15,"note":"","created_ms":1,"updated_ms":2},"seq":3,"outcome":{"status":"applied","change_no":41}}"#;
    let local = decode_entry(v1, &cat).unwrap();
    assert_eq!(local.seq, 3);
    assert_eq!(local.version, Some(41));
    // A visit counts times and beneficiaries.
    assert_eq!(local.entry.count("times"), 2);
    assert_eq!(local.entry.count("beneficiaries"), 15);
    assert_eq!(
        validate_entry(&local.entry, &cat, "2026-11-29".parse().unwrap(), false),
        Ok(())
    );

    // A count the kind has no place for goes to the note, not away.
    let doc = v1
        .replace("\"visit\"", "\"document\"")
        .replace("\"note\":\"\"", "\"note\":\"印发\"");
    let local = decode_entry(&doc, &cat).unwrap();
    assert_eq!(local.entry.counts.len(), 0);
    assert_eq!(local.entry.note, "印发\n场次2，参与人数15");

    let change =
        r#"{"seq":3,"op":{"create":{"entry":{"id":"01900000-0000-7000-8000-0000000000aa"}}}}"#;
    let item = decode_outbox(change).unwrap();
    assert_eq!(item.op, PendingOp::Create);
    assert_eq!(item.seq, 3);
    assert!(!is_current(change));
    assert_eq!(
        decode_entry("[9]", &cat),
        None,
        "an unknown layout is unreadable"
    );
}

#[test]
fn photos_are_kept_and_a_record_without_them_is_as_before() {
    let cat = default_catalogue();
    let plain = LocalEntry {
        entry: sample_entry(3),
        seq: 7,
        outcome: None,
        version: None,
    };
    let raw = encode_entry(&plain);
    // Nineteen elements, as records were before photos existed.
    let elements: Vec<serde_json::Value> = serde_json::from_str(&raw).unwrap();
    assert_eq!(elements.len(), 19, "{raw}");
    assert_eq!(decode_entry(&raw, &cat), Some(plain.clone()));

    let mut with = plain;
    with.entry.photos = vec![crate::photo::PhotoRef {
        sha256: "ab".repeat(32),
        bytes: 231_000,
        width: 1600,
        height: 1200,
        thumb_sha256: "cd".repeat(32),
        thumb_bytes: 14_000,
        caption: "入户走访".into(),
    }];
    let raw = encode_entry(&with);
    assert_eq!(decode_entry(&raw, &cat), Some(with));
}
