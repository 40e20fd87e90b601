//! Tests of the phone's side of a recovery: a server restored from an older
//! backup is re-based by the phone's next push, once; a restored server's
//! pages make the phone pull again from the start.

use crate::date::LocalDate;
use crate::device::test_server::{FakeServer, TODAY};
use crate::device::{DeviceStore, MemoryKv};
use crate::fixtures::sample_entry;
use crate::sync::protocol::PullPage;
use uuid::Uuid;

fn today() -> LocalDate {
    TODAY.parse().unwrap()
}

fn cat() -> crate::catalogue::Catalogue {
    crate::catalogue_default::default_catalogue()
}

fn open(kv: MemoryKv) -> DeviceStore<MemoryKv> {
    DeviceStore::open(kv, "jg1", || Uuid::from_u128(7)).unwrap()
}

fn sync_all(store: &mut DeviceStore<MemoryKv>, server: &mut FakeServer, max: usize) {
    while let Some(batch) = store.next_batch(max).unwrap() {
        let resp = server.push(&batch);
        store.apply_response(&resp, 1).unwrap();
    }
}

#[test]
fn a_server_that_lost_changes_is_re_based_by_the_next_push() {
    let mut store = open(MemoryKv::new());
    let mut server = FakeServer::default();
    store.add(sample_entry(1), &cat(), today()).unwrap();
    sync_all(&mut store, &mut server, 10);
    let mut edited = store.get(&sample_entry(1).id).unwrap().entry.clone();
    edited.title = "备份之后改的".into();
    store.edit(edited.clone(), &cat(), today()).unwrap();
    sync_all(&mut store, &mut server, 11);
    store.add(sample_entry(2), &cat(), today()).unwrap();
    let mut restored = FakeServer::default(); // an old backup: knows nothing of seq 1 and 2
    let batch = store.next_batch(10).unwrap().unwrap();
    let resp = restored.push(&batch);
    assert_eq!(resp.expected_seq, Some(1));
    let summary = store.apply_response(&resp, 3).unwrap();
    assert_eq!((summary.server_expects, summary.recovering), (None, true));
    assert_eq!(store.pending_count(), 1, "the unsent change stays");

    // The next push: the restoration standing for 1..=2 (the entry as the
    // phone holds it now), then the waiting change 3.
    let batch = store.next_batch(10).unwrap().unwrap();
    let seqs: Vec<u64> = batch.changes.iter().map(|c| c.seq).collect();
    assert_eq!(seqs, vec![1, 3]);
    let resp = restored.push(&batch);
    assert_eq!((resp.last_applied, resp.expected_seq), (3, None));
    let again = restored.push(&batch);
    assert_eq!(
        again, resp,
        "a retry is answered the same, nothing stored twice"
    );
    let summary = store.apply_response(&resp, 4).unwrap();
    assert_eq!((summary.applied, summary.recovering), (2, false));
    assert_eq!(store.meta().restore_from, None);
    assert_eq!(store.pending_count(), 0);
    assert_eq!(
        restored.held(&edited.id).0,
        edited,
        "the edit after the backup is back"
    );
    assert_eq!(restored.count(), 2);
    assert_eq!(store.next_batch(10).unwrap(), None);
}

#[test]
fn a_page_of_another_restoration_makes_the_phone_pull_again_from_the_start() {
    let mut store = open(MemoryKv::new());
    let mut server = FakeServer::default();
    store.add(sample_entry(1), &cat(), today()).unwrap();
    sync_all(&mut store, &mut server, 10);
    server.pull_into(&mut store);
    assert!(store.pulled_through() > 0);
    let cursor = store.pulled_through();
    let page = |restored_at| PullPage {
        after: cursor,
        entries: Vec::new(),
        conflicts: Vec::new(),
        upto: 0,
        more: false,
        device_taken: 1,
        restored_at,
        server_ms: 0,
    };
    let same = page(0);
    assert!(!store.apply_pull(&same).unwrap().restarted);
    let restored = page(1_700_000_000_000);
    assert!(store.apply_pull(&restored).unwrap().restarted);
    assert_eq!(store.pulled_through(), 0);
    assert_eq!(store.get(&sample_entry(1).id).unwrap().version, Some(0));
    // Seen once: the next page of the same restoration is taken.
    let again = PullPage {
        after: 0,
        ..restored
    };
    assert!(!store.apply_pull(&again).unwrap().restarted);
}
