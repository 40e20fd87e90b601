//! The listing by date (`GET /api/v1/entries/by-date`, the phone's 全部记录):
//! newest first, each readable entry once across pages even while entries
//! arrive, deleted ones left out, a period honoured, and the reader's scope
//! (subtree, sensitivity) exactly as pulls apply it.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use common::{create, dated, device, seed_dated, update, Session, TestApp};
use shared::access::Role;
use shared::api::ENTRIES_BY_DATE_PATH;
use shared::date::{LocalDate, Period};
use shared::entry::EntryField;
use shared::fixtures::{DEMO_HEWAN, DEMO_HEWAN_DANCE, DEMO_ROOT, DEMO_XIAOJING};
use shared::listing::{DatedPage, DatedQuery};
use shared::Entry;
use std::collections::BTreeSet;
use uuid::Uuid;

fn d(s: &str) -> LocalDate {
    s.parse().unwrap()
}

async fn page(app: &TestApp, who: &Session, query: &DatedQuery) -> DatedPage {
    let uri = format!("{ENTRIES_BY_DATE_PATH}?{}", query.to_query_string());
    let reply = app.get_as(&who.token, &uri).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    serde_json::from_slice(&reply.body).unwrap()
}

/// Every page of `first`, in order.
async fn all_pages(app: &TestApp, who: &Session, first: DatedQuery) -> Vec<Entry> {
    let mut got = Vec::new();
    let mut query = first;
    loop {
        let p = page(app, who, &query).await;
        assert!(p.entries.len() <= query.page_size() as usize);
        got.extend(p.entries.iter().map(|e| e.entry.clone()));
        match query.next(&p) {
            Some(next) => query = next,
            None => return got,
        }
    }
}

/// Newest first: date descending, then id descending.
fn newest_first(entries: &[Entry]) -> Vec<Uuid> {
    let mut sorted = entries.to_vec();
    sorted.sort_by_key(|e| std::cmp::Reverse((e.date, e.id)));
    sorted.iter().map(|e| e.id).collect()
}

/// Entries over 2019–2026 in hewan, her dance team (her subtree) and
/// xiaojing (not hers), ties on a date included.
async fn seed(app: &TestApp) -> Vec<Entry> {
    seed_dated(
        app,
        &[
            "2024-12-31",
            "2026-03-01",
            "2019-05-05",
            "2025-01-01",
            "2025-07-14",
            "2026-03-01",
            "2023-02-02",
            "2025-07-14",
            "2026-01-20",
            "2025-07-31",
        ],
    )
    .await
}

#[tokio::test]
async fn pages_list_her_subtree_newest_first_each_entry_once() {
    let app = TestApp::new().await;
    let entries = seed(&app).await;
    app.add_user("hewan", Role::Cadre, DEMO_HEWAN).await;
    let hewan = app.login("hewan", device(1)).await;
    let hers: Vec<Entry> = entries
        .iter()
        .filter(|e| e.org_id != DEMO_XIAOJING)
        .cloned()
        .collect();

    let first = DatedQuery {
        limit: Some(3),
        ..DatedQuery::default()
    };
    let got = all_pages(&app, &hewan, first).await;
    let ids: Vec<Uuid> = got.iter().map(|e| e.id).collect();
    assert_eq!(ids, newest_first(&hers));

    // The default page is the phone's (50): one page holds all 20.
    let p = page(&app, &hewan, &DatedQuery::default()).await;
    assert_eq!((p.entries.len(), p.next), (20, None));
}

#[tokio::test]
async fn a_period_lists_only_its_days_and_deleted_entries_are_left_out() {
    let app = TestApp::new().await;
    let entries = seed(&app).await;
    let admin = app.login(common::ADMIN, device(91)).await;
    let july = Period::month_of(d("2025-07-01"));
    let mut in_july: Vec<Entry> = entries
        .iter()
        .filter(|e| july.contains(e.date))
        .cloned()
        .collect();
    assert_eq!(in_july.len(), 9, "the seed has July's 14th and 31st");
    // One of July's entries is deleted: it is no longer listed.
    let gone = Entry {
        deleted: true,
        ..in_july.remove(0)
    };
    app.push_changes(&admin, vec![update(1, gone, &[EntryField::Deleted])])
        .await;

    let first = DatedQuery {
        limit: Some(2),
        ..DatedQuery::first(Some(july))
    };
    let got = all_pages(&app, &admin, first).await;
    let ids: Vec<Uuid> = got.iter().map(|e| e.id).collect();
    assert_eq!(ids, newest_first(&in_july));
}

#[tokio::test]
async fn entries_arriving_between_pages_neither_repeat_nor_hide_older_ones() {
    let app = TestApp::new().await;
    let entries = seed(&app).await;
    let admin = app.login(common::ADMIN, device(92)).await;
    let first = DatedQuery {
        limit: Some(4),
        ..DatedQuery::default()
    };
    let one = page(&app, &admin, &first).await;
    // A phone sends a newer entry and an older one while the office reads.
    let (newer, older) = (
        dated(200, DEMO_HEWAN, "2026-12-01"),
        dated(201, DEMO_HEWAN, "2020-01-01"),
    );
    let phone = app.login(common::ADMIN, device(93)).await;
    app.push_changes(
        &phone,
        vec![create(1, newer.clone()), create(2, older.clone())],
    )
    .await;
    let rest = all_pages(&app, &admin, first.next(&one).unwrap()).await;

    let mut seen: Vec<Uuid> = one.entries.iter().map(|e| e.entry.id).collect();
    seen.extend(rest.iter().map(|e| e.id));
    let unique: BTreeSet<Uuid> = seen.iter().copied().collect();
    assert_eq!(unique.len(), seen.len(), "no entry twice");
    // Every seeded entry once, the older newcomer on its place; the newer one
    // belongs before the first page (a fresh listing shows it first).
    let mut want = entries.clone();
    want.push(older);
    assert_eq!(seen, newest_first(&want));
    let fresh = page(&app, &admin, &first).await;
    assert_eq!(fresh.entries[0].entry.id, newer.id);
}

#[tokio::test]
async fn readers_see_what_their_scope_allows_and_no_more() {
    let app = TestApp::new().await;
    let admin = app.login(common::ADMIN, device(94)).await;
    let screening = |n: u32, org: Uuid| Entry {
        kind: "high_risk_screening".into(),
        counts: [("times".into(), 1), ("households".into(), 2)].into(),
        ..dated(n, org, "2026-05-05")
    };
    let seeded = [
        dated(1, DEMO_HEWAN, "2026-05-01"),
        screening(2, DEMO_HEWAN),
        dated(3, DEMO_HEWAN_DANCE, "2026-05-02"),
        dated(4, DEMO_XIAOJING, "2026-05-03"),
        screening(5, DEMO_XIAOJING),
        dated(6, DEMO_ROOT, "2026-05-04"),
    ];
    let changes = (1..)
        .zip(&seeded)
        .map(|(s, e)| create(s, e.clone()))
        .collect();
    app.push_changes(&admin, changes).await;
    let readers = [
        ("hewan", Role::Cadre, DEMO_HEWAN),
        ("county", Role::Viewer, DEMO_ROOT),
        ("xiaojing", Role::Cadre, DEMO_XIAOJING),
    ];
    // Her subtree; sensitive ones only of her own organisation; the viewer
    // of the whole subdistrict none of those. The admin: all.
    let wanted: [&[usize]; 4] = [&[0, 1, 2], &[0, 2, 3, 5], &[3, 4], &[0, 1, 2, 3, 4, 5]];
    let mut sessions = Vec::new();
    for (n, (name, role, org)) in (1..).zip(readers) {
        app.add_user(name, role, org).await;
        sessions.push(app.login(name, device(n)).await);
    }
    sessions.push(admin);
    for (who, wanted) in sessions.iter().zip(wanted) {
        let got: BTreeSet<Uuid> = all_pages(&app, who, DatedQuery::default())
            .await
            .iter()
            .map(|e| e.id)
            .collect();
        let want: BTreeSet<Uuid> = wanted.iter().map(|&i| seeded[i].id).collect();
        assert_eq!(got, want, "{}", who.user.username);
    }
}

#[tokio::test]
async fn a_bad_query_is_refused_plainly_and_signing_in_is_required() {
    let app = TestApp::new().await;
    let admin = app.login(common::ADMIN, device(95)).await;
    for query in ["from=2025-13-01", "before_id=not-a-uuid", "limit=-1"] {
        let reply = app
            .get_as(&admin.token, &format!("{ENTRIES_BY_DATE_PATH}?{query}"))
            .await;
        assert_eq!(reply.status, 400, "{query}: {}", reply.text());
        assert_eq!(common::error_code(&reply), "invalid_query", "{query}");
    }
    let anonymous = app.get(ENTRIES_BY_DATE_PATH).await;
    assert_eq!(anonymous.status, 401);
}
