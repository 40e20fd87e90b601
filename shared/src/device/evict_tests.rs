//! Eviction: the oldest pulled entries leave first, down to the budget or
//! to make room for a new record; waiting changes, refused entries and the
//! entries a conflict or a waiting settlement names never leave.

use super::*;
use crate::catalogue_default::default_catalogue;
use crate::device::test_server::{FakeServer, TODAY};
use crate::device::{AddError, DeviceStore, KvError, MemoryKv};
use crate::entry::EntryField;
use crate::fixtures::sample_entry;
use crate::Entry;
use proptest::prelude::*;

type Store = DeviceStore<MemoryKv>;

fn device(n: u128) -> Store {
    DeviceStore::open(MemoryKv::new(), "jg", || Uuid::from_u128(n)).unwrap()
}

fn today() -> LocalDate {
    TODAY.parse().unwrap()
}

/// Sample entry `n` dated `days` days before today.
fn aged(n: u32, days: i64) -> Entry {
    let mut e = sample_entry(n);
    e.date = today().add_days(-days);
    e
}

fn sync(store: &mut Store, server: &mut FakeServer) {
    while let Some(batch) = store.next_batch(50).unwrap() {
        let resp = server.push(&batch);
        store.apply_response(&resp, 1).unwrap();
    }
    server.pull_into(store);
}

/// A server holding entries 1..=n, entry k dated k*10 days ago (so higher
/// numbers are older), pulled whole into a fresh device.
fn pulled(n: u32) -> (FakeServer, Store) {
    let mut server = FakeServer::starting_at(1000);
    for k in 1..=n {
        server.hold(aged(k, i64::from(k) * 10), u64::from(k));
    }
    let mut store = device(1);
    server.pull_into(&mut store);
    (server, store)
}

#[test]
fn the_oldest_pulled_entries_leave_first_down_to_the_budget() {
    let (_, mut store) = pulled(20);
    assert_eq!(store.held_from(), None, "a full pull holds everything");
    let all = store.pulled_units();
    let per_entry = all / 20;
    let done = store.evict_pulled(all - 5 * per_entry).unwrap();
    assert!(done.removed >= 5 && done.removed <= 6, "{done:?}");
    assert!(store.pulled_units() <= all - 5 * per_entry);
    // The oldest went: entries 20, 19, … (dated 200, 190, … days ago).
    for k in 1..=20u32 {
        let held = store.get(&sample_entry(k).id).is_some();
        assert_eq!(held, k <= 20 - done.removed as u32, "entry {k}");
    }
    // From the day after the newest evicted one, the phone holds everything.
    let newest_gone = today().add_days(-10 * (21 - done.removed as i64));
    assert_eq!(store.held_from(), Some(newest_gone.add_days(1)));
    // What the budget counts is what the storage holds.
    let reopened = DeviceStore::open(store.kv().clone(), "jg", || Uuid::from_u128(9)).unwrap();
    assert_eq!(reopened.held_from(), store.held_from());
    assert_eq!(reopened.entries().count(), 20 - done.removed);
    // Under budget: nothing leaves.
    assert_eq!(store.evict_pulled(usize::MAX).unwrap(), Eviction::default());
}

#[test]
fn waiting_changes_refused_entries_and_conflicts_never_leave() {
    let (mut server, mut store) = pulled(6);
    let cat = default_catalogue();
    // An old pulled entry edited here and sent.
    let mut edited = store.get(&sample_entry(6).id).unwrap().entry.clone();
    edited.title = "改过的名称".into();
    store.edit(edited, &cat, today()).unwrap();
    // A conflict on entry 5: another device changed the title meanwhile.
    let mut other = device(2);
    server.pull_into(&mut other);
    let mut theirs = other.get(&sample_entry(5).id).unwrap().entry.clone();
    theirs.title = "别处的名称".into();
    other.edit(theirs, &cat, today()).unwrap();
    let mut ours = store.get(&sample_entry(5).id).unwrap().entry.clone();
    ours.title = "这里的名称".into();
    store.edit(ours, &cat, today()).unwrap();
    sync(&mut store, &mut server);
    sync(&mut other, &mut server);
    sync(&mut store, &mut server);
    assert_eq!(store.conflicts().count(), 1);
    // A settlement waiting to be sent names entry 5; entry 4 gets an edit
    // waiting to be sent.
    let key = store.conflicts().next().unwrap().key;
    store.resolve(key).unwrap();
    let mut waiting = store.get(&sample_entry(4).id).unwrap().entry.clone();
    waiting.set_field_value(EntryField::Title, &serde_json::json!("还没发出"));
    store.edit(waiting, &cat, today()).unwrap();
    // A new entry dated long ago (older than all), waiting to be sent.
    store.add(aged(100, 5_000), &cat, today()).unwrap();

    let done = store.evict_pulled(0).unwrap();
    // Entries 1, 2, 3 and 6 (sent and settled) leave; 4 (waiting edit),
    // 5 (waiting settlement) and the typed one stay.
    let ids: Vec<u32> = [1, 2, 3, 6]
        .into_iter()
        .filter(|k| store.get(&sample_entry(*k).id).is_some())
        .collect();
    assert_eq!(ids, Vec::<u32>::new(), "{done:?}");
    for k in [4, 5, 100] {
        assert!(store.get(&sample_entry(k).id).is_some(), "entry {k} stays");
    }
    assert_eq!(store.pulled_units(), 0);
    assert!(store.pending_count() >= 3);
}

#[test]
fn an_office_phone_filled_by_an_older_build_sheds_all_but_committee_changes() {
    let mut server = FakeServer::starting_at(1000);
    for k in 1..=8 {
        let mut e = aged(k, i64::from(k));
        if k % 4 == 0 {
            e.kind = "committee_change".into();
        }
        server.hold(e, u64::from(k));
    }
    let mut store = device(1);
    server.pull_into(&mut store);
    // One recent activity edited here, not yet sent: it stays.
    let mut waiting = store.get(&sample_entry(1).id).unwrap().entry.clone();
    waiting.title = "还没发出".into();
    store.edit(waiting, &default_catalogue(), today()).unwrap();

    let done = store
        .evict_pulled_except(|e| e.kind == "committee_change")
        .unwrap();
    assert_eq!(done.removed, 5, "{done:?}");
    let left: Vec<u32> = (1..=8)
        .filter(|k| store.get(&sample_entry(*k).id).is_some())
        .collect();
    assert_eq!(left, vec![1, 4, 8]);
    assert_eq!(
        store.held_from(),
        None,
        "what is held is not the point here"
    );
    // Nothing more to shed the second time.
    let again = store.evict_pulled_except(|e| e.kind == "committee_change");
    assert_eq!(again.unwrap(), Eviction::default());
}

#[test]
fn an_unsettled_conflict_keeps_its_entry() {
    let (mut server, mut store) = pulled(3);
    let cat = default_catalogue();
    let mut other = device(2);
    server.pull_into(&mut other);
    for (s, title) in [(&mut store, "这里"), (&mut other, "别处")] {
        let mut e = s.get(&sample_entry(2).id).unwrap().entry.clone();
        e.title = title.into();
        s.edit(e, &cat, today()).unwrap();
    }
    sync(&mut store, &mut server);
    sync(&mut other, &mut server);
    sync(&mut store, &mut server);
    assert_eq!(store.conflicts().count(), 1);
    store.evict_pulled(0).unwrap();
    assert!(store.get(&sample_entry(2).id).is_some());
    assert!(store.get(&sample_entry(1).id).is_none());
}

#[test]
fn recording_makes_room_by_evicting_pulled_entries() {
    let (_, mut store) = pulled(30);
    // The phone's storage is now exactly full.
    let used = store.kv().used();
    store.kv.set_quota(Some(used));
    let typed = aged(200, 1);
    store
        .add(typed.clone(), &default_catalogue(), today())
        .unwrap();
    assert!(store.get(&typed.id).is_some());
    assert_eq!(store.pending_count(), 1);
    assert!(store.entries().count() < 31, "pulled entries made room");
    assert!(store.get(&sample_entry(30).id).is_none(), "the oldest left");
    assert!(
        store.get(&sample_entry(1).id).is_some(),
        "the newest stayed"
    );
    // Reopened, the new entry is there and still waits.
    let reopened = DeviceStore::open(store.kv().clone(), "jg", || Uuid::from_u128(9)).unwrap();
    assert_eq!(reopened.pending_count(), 1);
    assert_eq!(reopened.get(&typed.id).unwrap().entry, typed);
}

#[test]
fn full_with_only_typed_entries_is_the_error_she_sees_and_nothing_is_damaged() {
    let mut store = device(1);
    let cat = default_catalogue();
    store.add(aged(1, 1), &cat, today()).unwrap();
    let used = store.kv().used();
    store.kv.set_quota(Some(used));
    let before = store.kv().snapshot();
    let err = store.add(aged(2, 1), &cat, today()).unwrap_err();
    assert_eq!(err, AddError::Store(StoreError::Kv(KvError::Full)));
    assert_eq!(store.kv().snapshot(), before);
}

proptest! {
    /// Whatever mix of pulled and typed entries and whatever budget: typed
    /// ones all stay, pulled ones end under budget, and none that stayed is
    /// older than one that left.
    #[test]
    fn eviction_keeps_typed_data_and_the_newest(
        ages in proptest::collection::vec((0i64..4000, any::<bool>()), 1..40),
        budget_pct in 0usize..=100,
    ) {
        let mut server = FakeServer::starting_at(1000);
        let mut store = device(1);
        let cat = default_catalogue();
        let mut typed = Vec::new();
        for (k, (age, pulled)) in ages.iter().enumerate() {
            let e = aged(k as u32 + 1, *age);
            if *pulled {
                server.hold(e, k as u64 + 1);
            } else {
                typed.push(e);
            }
        }
        server.pull_into(&mut store);
        for e in &typed {
            store.add(e.clone(), &cat, today()).unwrap();
        }
        let budget = store.pulled_units() * budget_pct / 100;
        let before: Vec<Entry> = store.entries().map(|l| l.entry.clone()).collect();
        store.evict_pulled(budget).unwrap();
        prop_assert!(store.pulled_units() <= budget);
        for e in &typed {
            prop_assert!(store.get(&e.id).is_some());
        }
        let (kept, gone): (Vec<&Entry>, Vec<&Entry>) =
            before.iter().partition(|e| store.get(&e.id).is_some());
        if let Some(newest_gone) = gone.iter().map(|e| e.date).max() {
            prop_assert!(store.held_from() > Some(newest_gone));
            for e in kept.iter().filter(|e| !typed.iter().any(|t| t.id == e.id)) {
                prop_assert!(e.date >= newest_gone);
            }
        }
    }
}
