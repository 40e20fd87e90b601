//! The window's first fill: newest first, only the window, resumable, and
//! followed by incremental pulls that miss nothing changed meanwhile.

use super::*;
use crate::catalogue_default::default_catalogue;
use crate::date::LocalDate;
use crate::device::test_server::{FakeServer, TODAY};
use crate::device::{DeviceStore, MemoryKv};
use crate::fixtures::sample_entry;
use crate::Entry;
use uuid::Uuid;

type Store = DeviceStore<MemoryKv>;

fn device() -> Store {
    DeviceStore::open(MemoryKv::new(), "jg", || Uuid::from_u128(1)).unwrap()
}

fn today() -> LocalDate {
    TODAY.parse().unwrap()
}

fn window() -> Window {
    Window {
        from: "2025-01-01".parse().unwrap(),
    }
}

/// Entry `n` dated `days` days before today.
fn aged(n: u32, days: i64) -> Entry {
    let mut e = sample_entry(n);
    e.date = today().add_days(-days);
    e
}

/// A server with 40 entries, one every 30 days back from today (entry 1 is
/// the newest), created in random-ish order of change numbers.
fn server() -> FakeServer {
    // Held entries carry change numbers up to 40; new ones come after.
    let mut server = FakeServer::starting_at(41);
    for k in 1..=40u32 {
        let change_no = u64::from((k * 17) % 41);
        server.hold(aged(k, i64::from(k - 1) * 30), change_no);
    }
    server
}

/// One fill page of `limit` into `store`; whether it was the last.
fn fill_page(server: &FakeServer, store: &mut Store, limit: usize) -> bool {
    let query = store.fill_query(window()).expect("still filling");
    let page = server.0.pull_fill(
        store.device_id(),
        query.from.unwrap(),
        query.before(),
        limit,
        0,
    );
    store.apply_fill(&query, &page).unwrap();
    !page.more
}

#[test]
fn the_first_fill_brings_the_window_newest_first_and_nothing_older() {
    let server = server();
    let mut store = device();
    assert!(!fill_page(&server, &mut store, 5));
    // The first page is the five newest entries: this month first.
    let firsts: Vec<Uuid> = store.entries().map(|l| l.entry.id).collect();
    assert_eq!(firsts.len(), 5);
    for k in 1..=5 {
        assert!(store.get(&sample_entry(k).id).is_some(), "entry {k}");
    }
    while !fill_page(&server, &mut store, 5) {}
    assert_eq!(store.fill_query(window()), None, "the fill is done");
    let in_window = (1..=40u32)
        .filter(|k| aged(*k, i64::from(k - 1) * 30).date >= window().from)
        .count();
    assert_eq!(store.entries().count(), in_window);
    assert!(store.entries().all(|l| l.entry.date >= window().from));
    assert_eq!(store.held_from(), Some(window().from));
    assert_eq!(store.pulled_through(), server.0.latest());
}

#[test]
fn changes_made_during_the_fill_come_with_the_next_pull() {
    let mut server = server();
    let mut store = device();
    assert!(!fill_page(&server, &mut store, 3));
    // Meanwhile: a new entry, an entry already taken edited, and an old
    // entry moved into the window.
    let mut other = DeviceStore::open(MemoryKv::new(), "jg", || Uuid::from_u128(2)).unwrap();
    server.pull_into(&mut other);
    let cat = default_catalogue();
    let fresh = aged(99, 0);
    other.add(fresh.clone(), &cat, today()).unwrap();
    let mut newest = other.get(&sample_entry(1).id).unwrap().entry.clone();
    newest.title = "改了名称".into();
    other.edit(newest, &cat, today()).unwrap();
    let mut moved = other.get(&sample_entry(40).id).unwrap().entry.clone();
    moved.date = today().add_days(-3);
    other.edit(moved.clone(), &cat, today()).unwrap();
    while let Some(batch) = other.next_batch(50).unwrap() {
        let resp = server.push(&batch);
        other.apply_response(&resp, 1).unwrap();
    }
    while !fill_page(&server, &mut store, 3) {}
    server.pull_into(&mut store);
    assert_eq!(store.get(&fresh.id).unwrap().entry, fresh);
    assert_eq!(
        store.get(&sample_entry(1).id).unwrap().entry.title,
        "改了名称"
    );
    assert_eq!(store.get(&moved.id).unwrap().entry.date, moved.date);
}

#[test]
fn a_fill_cut_short_goes_on_where_it_stopped_and_late_pages_are_ignored() {
    let server = server();
    let mut store = device();
    let first_query = store.fill_query(window()).unwrap();
    let first = server
        .0
        .pull_fill(store.device_id(), window().from, None, 4, 0);
    store.apply_fill(&first_query, &first).unwrap();
    // The tab closes; reopened, the fill continues after the fourth entry.
    let mut store = DeviceStore::open(store.kv().clone(), "jg", || Uuid::from_u128(9)).unwrap();
    let query = store.fill_query(window()).unwrap();
    let last = &first.entries[3].entry;
    assert_eq!(query.before_date, Some(last.date));
    assert_eq!(query.before_id, Some(last.id));
    // The first page again (a retried request's late answer): ignored.
    let held = store.kv().snapshot();
    store.apply_fill(&first_query, &first).unwrap();
    assert_eq!(store.kv().snapshot(), held);
    // An incremental page is not a fill page either.
    let incremental = server.0.pull(store.device_id(), 0, 4, 0);
    assert_eq!(
        store.apply_pull(&incremental).unwrap(),
        PullSummary::default()
    );
    while !fill_page(&server, &mut store, 4) {}
    assert!(store.entries().all(|l| l.entry.date >= window().from));
    assert_eq!(store.pulled_through(), server.0.latest());
}

#[test]
fn typed_entries_stay_through_a_fill() {
    let server = server();
    let mut store = device();
    let typed = aged(300, 4000);
    store
        .add(typed.clone(), &default_catalogue(), today())
        .unwrap();
    while !fill_page(&server, &mut store, 7) {}
    assert_eq!(store.get(&typed.id).unwrap().entry, typed);
    assert_eq!(store.pending_count(), 1);
}
