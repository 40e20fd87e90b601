//! The first fill: newest first, the window always, older entries while the
//! budget allows, resumable, and followed by incremental pulls that miss
//! nothing changed meanwhile.

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

/// One fill page of `limit` into `store` under `budget`; whether the fill
/// is done.
fn fill_page_within(server: &FakeServer, store: &mut Store, limit: usize, budget: usize) -> bool {
    let query = store.fill_query().expect("still filling");
    let page = server.0.pull_fill(
        store.device_id(),
        query.from.unwrap(),
        query.before(),
        limit,
        0,
    );
    store.apply_fill(window(), budget, &query, &page).unwrap();
    store.fill_query().is_none()
}

/// The same with room for everything.
fn fill_page(server: &FakeServer, store: &mut Store, limit: usize) -> bool {
    fill_page_within(server, store, limit, usize::MAX)
}

#[test]
fn the_first_fill_comes_newest_first_and_takes_everything_that_fits() {
    let server = server();
    let mut store = device();
    assert!(!fill_page(&server, &mut store, 5));
    // The first page is the five newest entries: this month first.
    assert_eq!(store.entries().count(), 5);
    for k in 1..=5 {
        assert!(store.get(&sample_entry(k).id).is_some(), "entry {k}");
    }
    while !fill_page(&server, &mut store, 5) {}
    assert_eq!(store.entries().count(), 40, "the budget holds them all");
    assert_eq!(store.held_from(), None);
    assert_eq!(store.pulled_through(), server.0.latest());
}

#[test]
fn over_budget_the_fill_stops_past_the_window_which_it_always_holds() {
    let server = server();
    let in_window: Vec<u32> = (1..=40u32)
        .filter(|k| aged(*k, i64::from(k - 1) * 30).date >= window().from)
        .collect();
    // Room for about the window and a few more.
    let mut probe = device();
    while !fill_page(&server, &mut probe, 40) {}
    let per_entry = probe.pulled_units() / 40;
    let budget = per_entry * (in_window.len() + 2);

    let mut store = device();
    let mut pages = 0;
    while !fill_page_within(&server, &mut store, 4, budget) {
        pages += 1;
    }
    assert!(pages < 10, "it stopped before the end: {pages} pages");
    for k in &in_window {
        assert!(
            store.get(&sample_entry(*k).id).is_some(),
            "entry {k} of the window"
        );
    }
    let held = store.held_from().expect("older ones are not all here");
    assert!(held <= window().from);
    // From `held` on, every entry of the server is on the phone.
    for k in 1..=40u32 {
        let e = aged(k, i64::from(k - 1) * 30);
        if e.date >= held {
            assert!(store.get(&e.id).is_some(), "entry {k} dated {}", e.date);
        }
    }
    assert!(store.entries().count() < 40);
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
    let first_query = store.fill_query().unwrap();
    let from = first_query.from.unwrap();
    let first = server.0.pull_fill(store.device_id(), from, None, 4, 0);
    store
        .apply_fill(window(), usize::MAX, &first_query, &first)
        .unwrap();
    // The tab closes; reopened, the fill continues after the fourth entry.
    let mut store = DeviceStore::open(store.kv().clone(), "jg", || Uuid::from_u128(9)).unwrap();
    let query = store.fill_query().unwrap();
    let last = &first.entries[3].entry;
    assert_eq!(query.before_date, Some(last.date));
    assert_eq!(query.before_id, Some(last.id));
    // The first page again (a retried request's late answer): ignored.
    let held = store.kv().snapshot();
    store
        .apply_fill(window(), usize::MAX, &first_query, &first)
        .unwrap();
    assert_eq!(store.kv().snapshot(), held);
    // An incremental page is not a fill page either.
    let incremental = server.0.pull(store.device_id(), 0, 4, 0);
    assert_eq!(
        store.apply_pull(&incremental).unwrap(),
        PullSummary::default()
    );
    while !fill_page(&server, &mut store, 4) {}
    assert_eq!(store.entries().count(), 40);
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
