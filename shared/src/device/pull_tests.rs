//! Pulls: two devices editing the same entry, the conflict on both, its
//! settlement; waiting changes kept on top; late pages ignored.

use super::*;
use crate::catalogue_default::default_catalogue;
use crate::device::test_server::{FakeServer, TODAY};
use crate::device::{DeviceStore, MemoryKv};
use crate::entry::EntryField;
use crate::fixtures::sample_entry;

type Store = DeviceStore<MemoryKv>;

fn device(n: u128) -> Store {
    DeviceStore::open(MemoryKv::new(), "jg", || Uuid::from_u128(n)).unwrap()
}

fn sync(store: &mut Store, server: &mut FakeServer) {
    while let Some(batch) = store.next_batch(50).unwrap() {
        let resp = server.push(&batch);
        store.apply_response(&resp, 1).unwrap();
    }
    server.pull_into(store);
}

fn retitle(store: &mut Store, id: &Uuid, title: &str) {
    let mut e = store.get(id).unwrap().entry.clone();
    e.title = title.into();
    store
        .edit(e, &default_catalogue(), TODAY.parse().unwrap())
        .unwrap();
}

#[test]
fn a_conflict_shows_on_both_devices_and_its_settlement_reaches_both() {
    let mut server = FakeServer::default();
    let (mut one, mut two) = (device(1), device(2));
    let e = sample_entry(1);
    one.add(e.clone(), &default_catalogue(), TODAY.parse().unwrap())
        .unwrap();
    sync(&mut one, &mut server);
    sync(&mut two, &mut server);
    assert_eq!(
        two.get(&e.id).unwrap().entry,
        e,
        "pulled by the other device"
    );

    // Both edit the title offline; one syncs first.
    retitle(&mut one, &e.id, "一号的名称");
    retitle(&mut two, &e.id, "二号的名称");
    sync(&mut one, &mut server);
    sync(&mut two, &mut server);
    sync(&mut one, &mut server);
    for store in [&one, &two] {
        assert_eq!(
            store.get(&e.id).unwrap().entry.title,
            "二号的名称",
            "the later wins"
        );
        let conflicts: Vec<_> = store.conflicts().collect();
        assert_eq!(conflicts.len(), 1);
        assert_eq!(conflicts[0].conflict.lost, serde_json::json!("一号的名称"));
        assert_eq!(conflicts[0].conflict.kept, serde_json::json!("二号的名称"));
    }

    // Device one settles it for its own value: an edit, then the settlement.
    let record = one.conflicts().next().unwrap().clone();
    let mut chosen = one.get(&e.id).unwrap().entry.clone();
    assert!(chosen.set_field_value(EntryField::Title, &record.conflict.lost));
    one.edit(chosen, &default_catalogue(), TODAY.parse().unwrap())
        .unwrap();
    one.resolve(record.key).unwrap();
    assert_eq!(one.conflicts().count(), 0);
    sync(&mut one, &mut server);
    sync(&mut two, &mut server);
    for store in [&one, &two] {
        assert_eq!(store.get(&e.id).unwrap().entry.title, "一号的名称");
        assert_eq!(store.conflicts().count(), 0);
    }
    assert!(server.0.conflicts[&record.key].resolved_by.is_some());
}

#[test]
fn waiting_changes_stay_on_top_of_a_pull_and_late_pages_are_ignored() {
    let mut server = FakeServer::default();
    let (mut one, mut two) = (device(1), device(2));
    let e = sample_entry(1);
    one.add(e.clone(), &default_catalogue(), TODAY.parse().unwrap())
        .unwrap();
    sync(&mut one, &mut server);
    sync(&mut two, &mut server);
    let late = server.0.pull(two.device_id(), 0, 10, 0);

    retitle(&mut one, &e.id, "一号改了名称");
    sync(&mut one, &mut server);
    // Device two changed the place and has not sent it yet.
    let mut mine = two.get(&e.id).unwrap().entry.clone();
    mine.place = "二号改了地点".into();
    two.edit(mine, &default_catalogue(), TODAY.parse().unwrap())
        .unwrap();
    server.pull_into(&mut two);
    let held = &two.get(&e.id).unwrap().entry;
    assert_eq!(held.title, "一号改了名称", "taken from the server");
    assert_eq!(held.place, "二号改了地点", "still as typed here");
    assert_eq!(two.pending_count(), 1);

    // An answer to an old pull changes nothing.
    let before = two.kv().snapshot();
    assert_eq!(two.apply_pull(&late).unwrap(), PullSummary::default());
    assert_eq!(two.kv().snapshot(), before);

    sync(&mut two, &mut server);
    sync(&mut one, &mut server);
    assert_eq!(one.get(&e.id).unwrap().entry, two.get(&e.id).unwrap().entry);
    assert_eq!(two.get(&e.id).unwrap().entry.place, "二号改了地点");
}

#[test]
fn signing_out_forgets_pulled_entries_and_the_next_pull_brings_them_back() {
    let mut server = FakeServer::default();
    let (mut one, mut two) = (device(1), device(2));
    for n in 1..=3 {
        one.add(
            sample_entry(n),
            &default_catalogue(),
            TODAY.parse().unwrap(),
        )
        .unwrap();
    }
    sync(&mut one, &mut server);
    sync(&mut two, &mut server);
    assert_eq!(two.entries().count(), 3);
    assert_eq!(two.forget_synced(), 3);
    assert_eq!(two.pulled_through(), 0);
    sync(&mut two, &mut server);
    assert_eq!(two.entries().count(), 3);
}

#[test]
fn a_refused_edit_is_discarded_and_the_servers_version_comes_back() {
    let mut server = FakeServer::default();
    let mut one = device(1);
    let e = sample_entry(1);
    one.add(e.clone(), &default_catalogue(), TODAY.parse().unwrap())
        .unwrap();
    sync(&mut one, &mut server);
    // An edit the server refuses (here: its copy is gone, as if another
    // account had removed the entry from this one's reach).
    retitle(&mut one, &e.id, "服务器不接受的修改");
    let held = server.0.entries.remove(&e.id).unwrap();
    sync(&mut one, &mut server);
    assert!(matches!(
        one.status(one.get(&e.id).unwrap()),
        crate::device::EntryStatus::NeedsAttention { .. }
    ));
    assert!(
        !one.discard(&sample_entry(2).id).unwrap(),
        "nothing to discard"
    );
    server.0.entries.insert(e.id, held);
    assert!(one.discard(&e.id).unwrap());
    assert!(one.get(&e.id).is_none());
    server.pull_into(&mut one);
    assert_eq!(
        one.get(&e.id).unwrap().entry,
        e,
        "the server's version is back"
    );
    assert!(!one.has_unsynced());
}

#[test]
fn a_run_that_only_pulled_still_counts_as_a_sync() {
    let mut server = FakeServer::default();
    let mut other = device(1);
    other
        .add(
            sample_entry(1),
            &default_catalogue(),
            TODAY.parse().unwrap(),
        )
        .unwrap();
    sync(&mut other, &mut server);
    let mut store = device(2);
    assert_eq!(store.meta().last_sync_ms, None);
    server.pull_into(&mut store);
    assert_eq!(store.entries().count(), 1);
    store.note_synced(77).unwrap();
    assert_eq!(store.meta().last_sync_ms, Some(77));
    let reopened = DeviceStore::open(store.kv().clone(), "jg", || Uuid::from_u128(9)).unwrap();
    assert_eq!(reopened.meta().last_sync_ms, Some(77), "kept");
}
