//! Pulls with the phone's window (`shared::sync::window`): a first fill
//! pages only the window, newest first, within the reader's scope, each
//! entry once, conflicts on its first page; a pull without the window's
//! parameters is answered by change number as older builds expect; an
//! office phone asks for committee changes only.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use common::{applied, create, dated, device, edit, seed_dated, Session, TestApp};
use shared::access::Role;
use shared::api::PULL_PATH;
use shared::date::LocalDate;
use shared::entry::{EntryField, MemberChange, Person};
use shared::fixtures::{DEMO_HEWAN, DEMO_XIAOJING};
use shared::sync::protocol::PullPage;
use shared::Entry;
use uuid::Uuid;

fn d(s: &str) -> LocalDate {
    s.parse().unwrap()
}

async fn fill(app: &TestApp, who: &Session, query: &str) -> PullPage {
    let reply = app
        .get_as(&who.token, &format!("{PULL_PATH}?{query}"))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    serde_json::from_slice(&reply.body).unwrap()
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
            "2025-11-30",
        ],
    )
    .await
}

#[tokio::test]
async fn a_fill_pages_her_window_newest_first_each_entry_once() {
    let app = TestApp::new().await;
    let entries = seed(&app).await;
    app.add_user("hewan", Role::Cadre, DEMO_HEWAN).await;
    let hewan = app.login("hewan", device(1)).await;
    let latest = fill(&app, &hewan, "after=0&limit=1000").await.upto;

    let mut got: Vec<Entry> = Vec::new();
    let mut query = "from=2025-01-01&limit=4".to_owned();
    loop {
        let page = fill(&app, &hewan, &query).await;
        assert_eq!((page.after, page.upto), (0, latest));
        assert!(page.entries.len() <= 4);
        got.extend(page.entries.iter().map(|p| p.entry.clone()));
        let Some(last) = page.entries.last().filter(|_| page.more) else {
            break;
        };
        query = format!(
            "from=2025-01-01&limit=4&before_date={}&before_id={}",
            last.entry.date, last.entry.id
        );
    }
    let mut want: Vec<Entry> = entries
        .iter()
        .filter(|e| e.org_id != DEMO_XIAOJING && e.date >= d("2025-01-01"))
        .cloned()
        .collect();
    want.sort_by_key(|e| std::cmp::Reverse((e.date, e.id)));
    assert!(want.len() > 8, "several pages: {}", want.len());
    assert_eq!(
        got, want,
        "newest first, the window of her subtree, each once"
    );
}

#[tokio::test]
async fn a_fill_brings_the_conflicts_on_its_first_page_only() {
    let app = TestApp::new().await;
    let admin = app.login(common::ADMIN, device(90)).await;
    let other = app.login(common::ADMIN, device(91)).await;
    let e = dated(1, DEMO_HEWAN, "2026-02-02");
    let base = applied(
        &app.push_changes(&admin, vec![create(1, e.clone())]).await,
        0,
    );
    for (n, (who, seq)) in [(&admin, 2), (&other, 1)].into_iter().enumerate() {
        let moved = Entry {
            place: format!("地点{n}"),
            ..e.clone()
        };
        app.push_changes(
            who,
            vec![edit(seq, moved, &[EntryField::Place], Some(base))],
        )
        .await;
    }
    let more = dated(2, DEMO_HEWAN, "2026-01-01");
    app.push_changes(&admin, vec![create(3, more)]).await;
    app.add_user("hewan", Role::Cadre, DEMO_HEWAN).await;
    let hewan = app.login("hewan", device(1)).await;
    let first = fill(&app, &hewan, "from=2025-01-01&limit=1").await;
    assert_eq!(first.conflicts.len(), 1);
    assert_eq!(first.conflicts[0].conflict.entry_id, e.id);
    assert!(first.more);
    let next = fill(
        &app,
        &hewan,
        &format!(
            "from=2025-01-01&limit=1&before_date={}&before_id={}",
            first.entries[0].entry.date, first.entries[0].entry.id
        ),
    )
    .await;
    assert!(next.conflicts.is_empty());
    assert_eq!(next.entries.len(), 1);
    assert!(!next.more);
}

#[tokio::test]
async fn a_pull_without_the_window_is_answered_by_change_number_as_before() {
    let app = TestApp::new().await;
    let entries = seed(&app).await;
    app.add_user("hewan", Role::Cadre, DEMO_HEWAN).await;
    let hewan = app.login("hewan", device(1)).await;
    let old_build = app.pull(&hewan, 0, 1000).await;
    let ids: Vec<Uuid> = old_build.entries.iter().map(|p| p.entry.id).collect();
    let want: Vec<Uuid> = entries
        .iter()
        .filter(|e| e.org_id != DEMO_XIAOJING)
        .map(|e| e.id)
        .collect();
    // Every entry of her subtree, old ones too, in the order they arrived.
    assert_eq!(ids, want);
    let versions: Vec<u64> = old_build.entries.iter().map(|p| p.version).collect();
    assert!(versions.windows(2).all(|w| w[0] < w[1]));
    // The answer has no field older builds do not know.
    let raw = app
        .get_as(&hewan.token, &format!("{PULL_PATH}?after=0&limit=2"))
        .await
        .json();
    let mut keys: Vec<&str> = raw
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "after",
            "conflicts",
            "device_taken",
            "entries",
            "more",
            "server_ms",
            "upto"
        ]
    );
}

#[tokio::test]
async fn an_office_phone_pulls_only_committee_changes_either_way() {
    let app = TestApp::new().await;
    let entries = seed(&app).await;
    let admin = app.login(common::ADMIN, device(90)).await;
    let mut joined = Entry {
        kind: "committee_change".into(),
        counts: Default::default(),
        person: Some(Person {
            name: "王秀英".into(),
            change: Some(MemberChange::Joined),
            ..Person::default()
        }),
        ..dated(200, DEMO_HEWAN, "2019-05-20")
    };
    joined.level = shared::entry::Level::Village;
    let res = app
        .push_changes(
            &admin,
            vec![create(entries.len() as u64 + 1, joined.clone())],
        )
        .await;
    assert!(matches!(
        res.receipts[0].outcome,
        shared::sync::protocol::Outcome::Applied { .. }
    ));
    app.add_user("county", Role::Viewer, shared::fixtures::DEMO_ROOT)
        .await;
    let county = app.login("county", device(2)).await;
    for query in ["from=2000-01-01&committees=true", "after=0&committees=true"] {
        let page = fill(&app, &county, query).await;
        let ids: Vec<Uuid> = page.entries.iter().map(|p| p.entry.id).collect();
        assert_eq!(ids, [joined.id], "{query}");
    }
    // Without it, every kind (the thirty seeded too).
    let all = fill(&app, &county, "after=0").await;
    assert_eq!(all.entries.len(), entries.len() + 1);
}
