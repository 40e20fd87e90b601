//! Tests of the device store, including an exchange with a small in-memory
//! server that follows `server_rules` exactly as the real one does.

use super::*;
use crate::date::LocalDate;
use crate::device::test_server::{FakeServer, TODAY};
use crate::device::MemoryKv;
use crate::device::{AddError, EntryStatus, KeyValue, KvError, StoreError, SyncSummary};
use crate::fixtures::sample_entry;
use crate::sync::protocol::{ChangeOp, RejectReason};
use proptest::prelude::*;
use uuid::Uuid;

const NS: &str = "jg1";
const ON_DEVICE: EntryStatus = EntryStatus::OnDevice { failed_at_ms: None };

fn today() -> LocalDate {
    TODAY.parse().unwrap()
}

fn cat() -> crate::catalogue::Catalogue {
    crate::catalogue_default::default_catalogue()
}

fn open(kv: MemoryKv) -> DeviceStore<MemoryKv> {
    DeviceStore::open(kv, NS, || Uuid::from_u128(7)).unwrap()
}

/// A server that already holds another entry under sample entry 2's id.
fn server_holding_a_clash_with_entry_2() -> FakeServer {
    let mut server = FakeServer::default();
    let mut clash = sample_entry(2);
    clash.title = "服务器上已有同一编号的另一条记录".into();
    server.hold(clash, 99);
    server
}

/// Pushes everything pending, `max` changes a batch, until nothing waits.
fn sync_all(store: &mut DeviceStore<MemoryKv>, server: &mut FakeServer, max: usize) {
    while let Some(batch) = store.next_batch(max).unwrap() {
        store.mark_in_flight(batch.changes.last().unwrap().seq);
        let resp = server.push(&batch);
        store.apply_response(&resp, 1).unwrap();
    }
}

#[test]
fn add_keeps_entry_and_queues_it() {
    let mut store = open(MemoryKv::new());
    store.add(sample_entry(1), &cat(), today()).unwrap();
    store.add(sample_entry(2), &cat(), today()).unwrap();
    assert_eq!(store.pending_count(), 2);
    let ids: Vec<Uuid> = store.entries().map(|l| l.entry.id).collect();
    assert_eq!(
        ids,
        vec![sample_entry(2).id, sample_entry(1).id],
        "newest first"
    );
    let statuses: Vec<EntryStatus> = store.entries().map(|l| store.status(l)).collect();
    assert_eq!(statuses, vec![ON_DEVICE, ON_DEVICE]);

    // Everything survives a reopen (a page reload).
    let reopened = open(store.kv().clone());
    assert_eq!(reopened.entries().count(), 2);
    assert_eq!(reopened.pending_count(), 2);
    assert_eq!(reopened.device_id(), Uuid::from_u128(7));
}

#[test]
fn invalid_and_duplicate_entries_change_nothing() {
    let mut store = open(MemoryKv::new());
    store.add(sample_entry(1), &cat(), today()).unwrap();
    let before = store.kv().snapshot();
    let mut bad = sample_entry(2);
    bad.title.clear();
    assert!(matches!(
        store.add(bad, &cat(), today()),
        Err(AddError::Invalid(_))
    ));
    assert_eq!(
        store.add(sample_entry(1), &cat(), today()),
        Err(AddError::DuplicateId)
    );
    assert_eq!(store.kv().snapshot(), before);
}

#[test]
fn receipts_move_entries_to_received_and_clear_the_outbox() {
    let mut store = open(MemoryKv::new());
    let mut server = FakeServer::default();
    for n in 1..=3 {
        store.add(sample_entry(n), &cat(), today()).unwrap();
    }
    let batch = store.next_batch(10).unwrap().unwrap();
    assert_eq!(
        batch.changes.iter().map(|c| c.seq).collect::<Vec<_>>(),
        vec![1, 2, 3]
    );
    store.mark_in_flight(3);
    assert!(store
        .entries()
        .all(|l| store.status(l) == EntryStatus::Sending));

    let resp = server.push(&batch);
    let summary = store.apply_response(&resp, 42).unwrap();
    assert_eq!(
        summary,
        SyncSummary {
            applied: 3,
            rejected: 0,
            server_expects: None,
            recovering: false,
        }
    );
    assert_eq!(store.pending_count(), 0);
    assert_eq!(store.meta().last_sync_ms, Some(42));
    assert!(store.next_batch(10).unwrap().is_none());
    assert!(
        store.kv().keys_with_prefix("jg1:o:").is_empty(),
        "outbox records removed"
    );
    let received: Vec<EntryStatus> = store.entries().map(|l| store.status(l)).collect();
    assert_eq!(
        received,
        vec![
            EntryStatus::Received { change_no: 3 },
            EntryStatus::Received { change_no: 2 },
            EntryStatus::Received { change_no: 1 }
        ]
    );

    // The same response again (a duplicated message) changes nothing.
    let before = store.kv().snapshot();
    assert_eq!(
        store.apply_response(&resp, 42).unwrap(),
        SyncSummary::default()
    );
    assert_eq!(store.kv().snapshot(), before);
}

#[test]
fn a_lost_response_is_retried_and_answered_the_same() {
    let mut store = open(MemoryKv::new());
    let mut server = FakeServer::default();
    store.add(sample_entry(1), &cat(), today()).unwrap();
    let batch = store.next_batch(10).unwrap().unwrap();
    let first = server.push(&batch); // committed, but the answer is lost
    store.add(sample_entry(2), &cat(), today()).unwrap();
    let retry = store.next_batch(10).unwrap().unwrap();
    let second = server.push(&retry);
    assert_eq!(second.receipts[0], first.receipts[0]);
    store.apply_response(&second, 2).unwrap();
    assert_eq!(store.pending_count(), 0);
    assert_eq!(server.count(), 2);
}

#[test]
fn rejected_changes_stay_visible_and_do_not_block_the_rest() {
    let mut store = open(MemoryKv::new());
    let mut server = server_holding_a_clash_with_entry_2();
    for n in 1..=3 {
        store.add(sample_entry(n), &cat(), today()).unwrap();
    }
    sync_all(&mut store, &mut server, 10);
    assert_eq!(store.pending_count(), 0);
    let local = store.get(&sample_entry(2).id).unwrap();
    assert_eq!(
        store.status(local),
        EntryStatus::NeedsAttention {
            reason: RejectReason::IdTaken
        }
    );
    assert!(matches!(
        store.status(store.get(&sample_entry(3).id).unwrap()),
        EntryStatus::Received { .. }
    ));
}

#[test]
fn a_full_storage_refuses_the_new_entry_and_keeps_the_old_ones() {
    let mut kv = MemoryKv::new();
    let mut store = open(kv.clone());
    store.add(sample_entry(1), &cat(), today()).unwrap();
    kv = store.kv().clone();
    let used = kv.used();
    // Room for part of the next entry's records but not all of them: each
    // step of `add` can be the one that fails.
    for spare in [0, 200, 400, 600, 800, 1000] {
        let mut kv = kv.clone();
        kv.set_quota(Some(used + spare));
        let mut store = open(kv);
        let before = store.kv().snapshot();
        match store.add(sample_entry(2), &cat(), today()) {
            Err(AddError::Store(StoreError::Kv(KvError::Full))) => {
                assert_eq!(store.kv().snapshot(), before, "spare {spare}");
                assert_eq!(store.entries().count(), 1);
                assert_eq!(store.pending_count(), 1);
            }
            Ok(()) => assert_eq!(store.pending_count(), 2),
            other => panic!("unexpected {other:?}"),
        }
    }
}

#[test]
fn receipts_are_applied_even_when_storage_is_full() {
    let mut store = open(MemoryKv::new());
    let mut server = FakeServer::default();
    for n in 1..=3 {
        store.add(sample_entry(n), &cat(), today()).unwrap();
    }
    let mut kv = store.kv().clone();
    kv.set_quota(Some(kv.used())); // not one more character fits
    let mut store = open(kv);
    let batch = store.next_batch(10).unwrap().unwrap();
    let resp = server.push(&batch);
    let used_before = store.kv().used();
    store.apply_response(&resp, 5).unwrap();
    assert_eq!(store.pending_count(), 0);
    assert!(store
        .entries()
        .all(|l| matches!(store.status(l), EntryStatus::Received { .. })));
    // Receipts never need more room than the outbox records they clear.
    assert!(store.kv().used() <= used_before);
}

#[test]
fn a_failed_receipt_write_is_repaired_by_the_next_sync() {
    let mut store = open(MemoryKv::new());
    // Long receipt numbers: the entry record with its receipt grows.
    let mut server = FakeServer::starting_at(1_000_000_000_000);
    store.add(sample_entry(1), &cat(), today()).unwrap();
    let batch = store.next_batch(10).unwrap().unwrap();
    let resp = server.push(&batch);
    // Exactly the room the outbox record frees: the entry record grows by
    // more than what is left, so its write fails.
    let mut kv = store.kv().clone();
    let outbox_record = "jg1:o:1".len() + kv.get("jg1:o:1").unwrap().encode_utf16().count();
    kv.set_quota(Some(kv.used() - outbox_record));
    let mut store = open(kv);
    assert!(store.apply_response(&resp, 5).is_err());
    assert_eq!(store.pending_count(), 1, "not acknowledged");
    assert_eq!(store.entries().count(), 1, "the entry is still there");
    // Later, with room again, the change is rebuilt, resent, answered the same.
    let mut kv = store.kv().clone();
    kv.set_quota(None);
    let mut store = open(kv);
    sync_all(&mut store, &mut server, 10);
    assert_eq!(
        store.status(store.get(&sample_entry(1).id).unwrap()),
        EntryStatus::Received {
            change_no: 1_000_000_000_001
        }
    );
    assert_eq!(server.count(), 1);
}

#[test]
fn a_lost_outbox_record_is_rebuilt_from_its_entry() {
    let mut store = open(MemoryKv::new());
    store.add(sample_entry(1), &cat(), today()).unwrap();
    let mut kv = store.kv().clone();
    kv.remove("jg1:o:1");
    let store = open(kv);
    let batch = store.next_batch(10).unwrap().unwrap();
    assert_eq!(
        batch.changes[0].op,
        ChangeOp::Create {
            entry: sample_entry(1)
        }
    );
}

#[test]
fn unreadable_records_are_skipped_and_left_alone() {
    let mut store = open(MemoryKv::new());
    store.add(sample_entry(1), &cat(), today()).unwrap();
    let mut kv = store.kv().clone();
    kv.set("jg1:e:garbage", "{not json").unwrap();
    let store = open(kv);
    assert_eq!(store.entries().count(), 1);
    assert_eq!(store.unreadable_keys(), ["jg1:e:garbage".to_string()]);
    assert_eq!(
        store.kv().get("jg1:e:garbage").as_deref(),
        Some("{not json")
    );
}

#[test]
fn newer_data_is_refused_not_overwritten() {
    let mut kv = MemoryKv::new();
    let newer = r#"{"schema":99,"device_id":"00000000-0000-0000-0000-000000000007"}"#;
    kv.set("jg1:meta", newer).unwrap();
    let err = DeviceStore::open(kv.clone(), NS, Uuid::nil).unwrap_err();
    assert_eq!(err, StoreError::NewerSchema { found: 99 });
    assert_eq!(kv.get("jg1:meta").as_deref(), Some(newer));
}

#[test]
fn signing_out_forgets_only_what_the_server_has() {
    let mut store = open(MemoryKv::new());
    let mut server = server_holding_a_clash_with_entry_2();
    for n in 1..=3 {
        store.add(sample_entry(n), &cat(), today()).unwrap();
    }
    sync_all(&mut store, &mut server, 10);
    store.add(sample_entry(4), &cat(), today()).unwrap(); // not yet sent
    assert!(store.has_unsynced());
    assert_eq!(store.forget_synced(), 2, "entries 1 and 3 were received");
    let left: Vec<Uuid> = store.entries().map(|l| l.entry.id).collect();
    assert_eq!(left, vec![sample_entry(4).id, sample_entry(2).id]);
    let reopened = open(store.kv().clone());
    assert_eq!(reopened.entries().count(), 2);
    assert_eq!(reopened.pending_count(), 1);
}

#[test]
fn the_oldest_waiting_entry_is_known() {
    let mut store = open(MemoryKv::new());
    let mut server = FakeServer::default();
    assert_eq!(store.oldest_pending_ms(), None);
    for n in 1..=3 {
        store.add(sample_entry(n), &cat(), today()).unwrap();
    }
    assert_eq!(store.oldest_pending_ms(), Some(sample_entry(1).updated_ms));
    let batch = store.next_batch(1).unwrap().unwrap();
    let resp = server.push(&batch);
    store.apply_response(&resp, 1).unwrap();
    assert_eq!(store.oldest_pending_ms(), Some(sample_entry(2).updated_ms));
    sync_all(&mut store, &mut server, 10);
    assert_eq!(store.oldest_pending_ms(), None);
}

#[test]
fn storage_use_is_counted_like_the_browser_counts_it() {
    let mut store = open(MemoryKv::new());
    store.add(sample_entry(1), &cat(), today()).unwrap();
    let kv = store.kv();
    let by_hand: usize = kv
        .keys_with_prefix("")
        .iter()
        .map(|k| k.encode_utf16().count() + kv.get(k).unwrap().encode_utf16().count())
        .sum();
    assert_eq!(kv.used_units(), by_hand);
    assert!(
        by_hand > 0 && by_hand < 2_000,
        "one entry with its outbox record: {by_hand}"
    );
}

#[test]
fn namespaces_keep_data_apart() {
    let mut a = DeviceStore::open(MemoryKv::new(), "jg1", || Uuid::from_u128(1)).unwrap();
    a.add(sample_entry(1), &cat(), today()).unwrap();
    let b = DeviceStore::open(a.kv().clone(), "jg1-other", || Uuid::from_u128(2)).unwrap();
    assert_eq!(b.entries().count(), 0);
    assert_eq!(b.device_id(), Uuid::from_u128(2));
}

/// What can happen between a device and the server in one step.
#[derive(Debug, Clone)]
enum Step_ {
    Add,
    /// Edit the `i`th entry (modulo how many there are): a new title.
    Edit(usize),
    /// Delete or restore the `i`th entry.
    Toggle(usize),
    /// Push one batch of at most `max`; `deliver` false loses the response.
    Sync {
        max: usize,
        deliver: bool,
    },
    /// Reload the page: reopen the store from storage.
    Reload,
}

fn step_strategy() -> impl Strategy<Value = Step_> {
    prop_oneof![
        3 => Just(Step_::Add),
        2 => any::<usize>().prop_map(Step_::Edit),
        1 => any::<usize>().prop_map(Step_::Toggle),
        2 => (1usize..5, any::<bool>()).prop_map(|(max, deliver)| Step_::Sync { max, deliver }),
        1 => Just(Step_::Reload),
    ]
}

proptest! {
    /// However adds, edits, deletes, undos, partial syncs, lost responses and
    /// reloads interleave, once the network is good again every entry is on
    /// the server exactly once and exactly as on the device, every entry is
    /// marked received, nothing waits.
    #[test]
    fn every_entry_arrives_exactly_once(steps in proptest::collection::vec(step_strategy(), 1..60)) {
        let mut store = open(MemoryKv::new());
        let mut server = FakeServer::default();
        let mut n = 0;
        let mut edits = 0;
        for step in steps {
            let ids: Vec<Uuid> = store.entries().map(|l| l.entry.id).collect();
            match step {
                Step_::Add => { n += 1; store.add(sample_entry(n), &cat(), today()).unwrap(); }
                Step_::Edit(i) if !ids.is_empty() => {
                    edits += 1;
                    let mut e = store.get(&ids[i % ids.len()]).unwrap().entry.clone();
                    e.title = format!("改过{edits}次");
                    store.edit(e, &cat(), today()).unwrap();
                }
                Step_::Toggle(i) if !ids.is_empty() => {
                    let id = ids[i % ids.len()];
                    let deleted = store.get(&id).unwrap().entry.deleted;
                    store.set_deleted(&id, !deleted, 5).unwrap();
                }
                Step_::Edit(_) | Step_::Toggle(_) => {}
                Step_::Sync { max, deliver } => {
                    if let Some(batch) = store.next_batch(max).unwrap() {
                        store.mark_in_flight(batch.changes.last().unwrap().seq);
                        let resp = server.push(&batch);
                        if deliver { store.apply_response(&resp, 1).unwrap(); }
                    }
                }
                Step_::Reload => store = open(store.kv().clone()),
            }
        }
        sync_all(&mut store, &mut server, 3);
        server.pull_into(&mut store);
        prop_assert_eq!(store.pending_count(), 0);
        prop_assert_eq!(server.count(), n as usize);
        prop_assert_eq!(store.entries().count(), n as usize);
        let mut change_nos: Vec<u64> = Vec::new();
        for local in store.entries() {
            match store.status(local) {
                EntryStatus::Received { change_no } => change_nos.push(change_no),
                other => prop_assert!(false, "entry not received: {:?}", other),
            }
            let (held, version) = server.held(&local.entry.id);
            prop_assert_eq!(&held, &local.entry);
            prop_assert_eq!(Some(version), local.version, "the device knows the server's version");
        }
        change_nos.sort_unstable();
        change_nos.dedup();
        prop_assert_eq!(change_nos.len(), n as usize, "one receipt number per entry");
    }
}
