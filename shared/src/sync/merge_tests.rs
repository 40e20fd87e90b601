use super::*;
use crate::test_support::sample_entry;

const A: Uuid = Uuid::from_u128(0xA);
const B: Uuid = Uuid::from_u128(0xB);

fn stamp(change_no: u64, device_id: Uuid) -> FieldStamp {
    FieldStamp {
        change_no,
        device_id,
    }
}

/// Entry 1, created by A as change 1.
fn held() -> HeldEntry {
    HeldEntry::created(sample_entry(1), stamp(1, A))
}

fn edit(from: &HeldEntry, f: impl FnOnce(&mut Entry)) -> Entry {
    let mut e = from.entry.clone();
    f(&mut e);
    e
}

#[test]
fn edits_of_different_fields_both_apply() {
    let h = held();
    let by_b = edit(&h, |e| e.title = "B的名称".into());
    let after_b = merge_update(&h, &by_b, &[EntryField::Title], Some(1), stamp(2, B));
    assert!(after_b.conflicts.is_empty());
    // A edits the place, not having seen B's change.
    let by_a = edit(&h, |e| e.place = "A的地点".into());
    let after_a = merge_update(
        &after_b.held,
        &by_a,
        &[EntryField::Place],
        Some(1),
        stamp(3, A),
    );
    assert!(after_a.conflicts.is_empty());
    assert_eq!(after_a.held.entry.title, "B的名称");
    assert_eq!(after_a.held.entry.place, "A的地点");
    assert_eq!(after_a.held.version, 3);
    assert_eq!(after_a.held.stamp(EntryField::Title), stamp(2, B));
}

#[test]
fn the_same_field_changed_on_two_devices_is_a_conflict_the_later_wins() {
    let h = held();
    let by_b = edit(&h, |e| e.title = "B的名称".into());
    let after_b = merge_update(&h, &by_b, &[EntryField::Title], Some(1), stamp(2, B));
    let by_a = edit(&h, |e| e.title = "A的名称".into());
    let after_a = merge_update(
        &after_b.held,
        &by_a,
        &[EntryField::Title],
        Some(1),
        stamp(3, A),
    );
    assert_eq!(after_a.held.entry.title, "A的名称");
    assert_eq!(
        after_a.conflicts,
        vec![Conflict {
            entry_id: h.entry.id,
            field: EntryField::Title,
            kept: serde_json::json!("A的名称"),
            lost: serde_json::json!("B的名称"),
            kept_by: stamp(3, A),
            lost_by: stamp(2, B),
        }]
    );
    // Had A seen B's change (base 2), it would simply apply.
    let seen = merge_update(
        &after_b.held,
        &by_a,
        &[EntryField::Title],
        Some(2),
        stamp(3, A),
    );
    assert!(seen.conflicts.is_empty());
    // The same value typed on both devices is no conflict.
    let same = merge_update(
        &after_b.held,
        &by_b,
        &[EntryField::Title],
        Some(1),
        stamp(3, A),
    );
    assert!(same.conflicts.is_empty());
}

#[test]
fn a_device_never_conflicts_with_itself() {
    let h = held();
    let first = edit(&h, |e| e.title = "第一次".into());
    let one = merge_update(&h, &first, &[EntryField::Title], None, stamp(2, A));
    let second = edit(&h, |e| e.title = "第二次".into());
    // Made before the receipt of the first edit came: base still 1.
    let two = merge_update(
        &one.held,
        &second,
        &[EntryField::Title],
        Some(1),
        stamp(3, A),
    );
    assert!(two.conflicts.is_empty());
    assert_eq!(two.held.entry.title, "第二次");
}

#[test]
fn an_edit_racing_a_delete_keeps_the_entry_deleted_either_way() {
    let h = held();
    let deleted = edit(&h, |e| e.deleted = true);
    let edited = edit(&h, |e| e.note = "补充说明".into());

    // The delete first, then the edit made without seeing it.
    let d = merge_update(&h, &deleted, &[EntryField::Deleted], Some(1), stamp(2, B));
    let e = merge_update(&d.held, &edited, &[EntryField::Note], Some(1), stamp(3, A));
    assert!(e.held.entry.deleted);
    assert_eq!(
        e.held.entry.note, "补充说明",
        "the edit is kept in the tombstone"
    );
    assert_eq!(e.conflicts.len(), 1);
    assert_eq!(e.conflicts[0].field, EntryField::Deleted);
    assert_eq!(e.conflicts[0].lost_by, stamp(3, A));

    // The edit first, then the delete made without seeing it.
    let e = merge_update(&h, &edited, &[EntryField::Note], Some(1), stamp(2, A));
    let d = merge_update(
        &e.held,
        &deleted,
        &[EntryField::Deleted],
        Some(1),
        stamp(3, B),
    );
    assert!(d.held.entry.deleted);
    assert_eq!(d.held.entry.note, "补充说明");
    assert_eq!(d.conflicts.len(), 1);
    assert_eq!(d.conflicts[0].kept_by, stamp(3, B));
    assert_eq!(d.conflicts[0].lost_by, stamp(2, A));

    // Restoring brings the edit back, with no conflict.
    let restored = edit(&d.held, |e| e.deleted = false);
    let r = merge_update(
        &d.held,
        &restored,
        &[EntryField::Deleted],
        Some(3),
        stamp(4, A),
    );
    assert!(r.conflicts.is_empty());
    assert!(!r.held.entry.deleted);
    assert_eq!(r.held.entry.note, "补充说明");
}

fn photo(n: u8, caption: &str) -> crate::photo::PhotoRef {
    crate::photo::PhotoRef {
        sha256: format!("{n:02x}").repeat(32),
        bytes: 200_000,
        width: 1600,
        height: 1200,
        thumb_sha256: format!("{:02x}", n + 100).repeat(32),
        thumb_bytes: 12_000,
        caption: caption.into(),
    }
}

#[test]
fn photos_merge_beside_other_fields_and_conflict_as_one_field() {
    let mut h = held();
    h.entry.photos = vec![photo(1, ""), photo(2, "")];
    // B adds a photo while A, not having seen it, edits the title: both apply.
    let by_b = edit(&h, |e| e.photos.push(photo(3, "")));
    let after_b = merge_update(&h, &by_b, &[EntryField::Photos], Some(1), stamp(2, B));
    assert!(after_b.conflicts.is_empty());
    let by_a = edit(&h, |e| e.title = "A的名称".into());
    let after_a = merge_update(
        &after_b.held,
        &by_a,
        &[EntryField::Title],
        Some(1),
        stamp(3, A),
    );
    assert!(after_a.conflicts.is_empty());
    assert_eq!(after_a.held.entry.photos.len(), 3);
    assert_eq!(after_a.held.entry.title, "A的名称");

    // A captions the first photo and reorders, not having seen B's photo:
    // one conflict on the list; the later change wins whole, B's list is kept.
    let by_a = edit(&h, |e| {
        e.photos[0].caption = "图说".into();
        e.photos.reverse();
    });
    let after = merge_update(
        &after_b.held,
        &by_a,
        &[EntryField::Photos],
        Some(1),
        stamp(4, A),
    );
    assert_eq!(after.held.entry.photos, by_a.photos);
    assert_eq!(after.conflicts.len(), 1);
    let c = &after.conflicts[0];
    assert_eq!(c.field, EntryField::Photos);
    assert_eq!(c.lost, serde_json::to_value(&by_b.photos).unwrap());
    assert_eq!(c.kept, serde_json::to_value(&by_a.photos).unwrap());
    // Taking the lost value back restores B's list exactly.
    let mut settled = after.held.entry.clone();
    assert!(settled.set_field_value(EntryField::Photos, &c.lost));
    assert_eq!(settled.photos, by_b.photos);

    // The same list made on both devices is no conflict.
    let same = merge_update(
        &after_b.held,
        &by_b,
        &[EntryField::Photos],
        Some(1),
        stamp(4, A),
    );
    assert!(same.conflicts.is_empty());
}

#[test]
fn removing_a_photo_of_a_deleted_entry_keeps_it_deleted_with_the_edit() {
    let mut h = held();
    h.entry.photos = vec![photo(1, "")];
    let deleted = edit(&h, |e| e.deleted = true);
    let d = merge_update(&h, &deleted, &[EntryField::Deleted], Some(1), stamp(2, B));
    let removed = edit(&h, |e| e.photos.clear());
    let r = merge_update(
        &d.held,
        &removed,
        &[EntryField::Photos],
        Some(1),
        stamp(3, A),
    );
    assert!(r.held.entry.deleted);
    assert!(r.held.entry.photos.is_empty());
    assert_eq!(r.conflicts.len(), 1);
    assert_eq!(r.conflicts[0].field, EntryField::Deleted);
}
