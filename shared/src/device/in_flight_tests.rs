//! Tests of what an entry says about its way to the server: only on this
//! phone until a request carries it, sending while one does, back to only on
//! this phone (with when) if that request fails, received with the receipt.

use super::*;
use crate::date::LocalDate;
use crate::device::test_server::{FakeServer, TODAY};
use crate::device::{EntryStatus, MemoryKv};
use crate::fixtures::sample_entry;

const NS: &str = "jg1";

fn open(kv: MemoryKv) -> DeviceStore<MemoryKv> {
    DeviceStore::open(kv, NS, || Uuid::from_u128(7)).unwrap()
}

fn with_entries(n: u32) -> DeviceStore<MemoryKv> {
    let mut store = open(MemoryKv::new());
    let today: LocalDate = TODAY.parse().unwrap();
    let cat = crate::catalogue_default::default_catalogue();
    for i in 1..=n {
        store.add(sample_entry(i), &cat, today).unwrap();
    }
    store
}

fn statuses(store: &DeviceStore<MemoryKv>) -> Vec<EntryStatus> {
    store.entries().map(|l| store.status(l)).collect()
}

fn on_device(failed_at_ms: Option<i64>) -> EntryStatus {
    EntryStatus::OnDevice { failed_at_ms }
}

#[test]
fn a_failed_attempt_leaves_entries_on_the_device_and_says_when() {
    let mut store = with_entries(2);
    let batch = store.next_batch(10).unwrap().unwrap();
    store.mark_in_flight(batch.changes.last().unwrap().seq);
    assert_eq!(statuses(&store), vec![EntryStatus::Sending; 2]);

    store.send_failed(1_000).unwrap();
    assert_eq!(statuses(&store), vec![on_device(Some(1_000)); 2]);
    assert_eq!(store.pending_count(), 2);
}

#[test]
fn nothing_is_sending_after_a_reload() {
    let mut store = with_entries(1);
    store.mark_in_flight(1);
    // The page went away mid-request: what is stored says nothing was sent.
    let reopened = open(store.kv().clone());
    assert_eq!(statuses(&reopened), vec![on_device(None)]);

    // A failure is remembered across a reload, with its time.
    store.send_failed(5).unwrap();
    let reopened = open(store.kv().clone());
    assert_eq!(statuses(&reopened), vec![on_device(Some(5))]);
}

#[test]
fn an_answer_ends_the_flight_and_clears_the_failure() {
    let mut store = with_entries(2);
    let mut server = FakeServer::default();
    store.mark_in_flight(2);
    store.send_failed(5).unwrap();

    // The next attempt carries only the first change (a small batch) and is answered.
    let batch = store.next_batch(1).unwrap().unwrap();
    store.mark_in_flight(1);
    let resp = server.push(&batch);
    store.apply_response(&resp, 9).unwrap();
    let newest_first = statuses(&store);
    assert!(matches!(newest_first[1], EntryStatus::Received { .. }));
    // The second never left in an answered request: still the failed one.
    assert_eq!(newest_first[0], on_device(Some(5)));

    let batch = store.next_batch(1).unwrap().unwrap();
    store.mark_in_flight(2);
    let resp = server.push(&batch);
    store.apply_response(&resp, 10).unwrap();
    assert!(statuses(&store)
        .iter()
        .all(|s| matches!(s, EntryStatus::Received { .. })));
    assert_eq!(store.meta().failed_attempt, None);
}

#[test]
fn an_entry_saved_during_a_request_is_not_sending() {
    let mut store = with_entries(1);
    store.mark_in_flight(1);
    let today: LocalDate = TODAY.parse().unwrap();
    let cat = crate::catalogue_default::default_catalogue();
    store.add(sample_entry(2), &cat, today).unwrap();
    assert_eq!(
        statuses(&store),
        vec![on_device(None), EntryStatus::Sending]
    );
}

#[test]
fn a_failure_with_nothing_in_flight_changes_nothing() {
    let mut store = with_entries(1);
    store.send_failed(5).unwrap();
    assert_eq!(statuses(&store), vec![on_device(None)]);
}
