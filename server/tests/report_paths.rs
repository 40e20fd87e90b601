//! Every way into the `entries` table moves the report rollup with it (its
//! triggers, not the writing code, keep it): the demo data, entries from
//! before organisations existed and their adoption, an imported export file
//! (pending changes and restored entries), and a row removed outright. After
//! each, the SQL tally is the shared tally of the entries the server holds.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use common::{create, device, TestApp};
use server::assets::Assets;
use server::db::audit::Actor;
use server::db::report::tally;
use shared::access::{Principal, Role};
use shared::date::Period;
use shared::device::{DeviceExport, ExportedEntry, EXPORT_FORMAT, EXPORT_VERSION};
use shared::fixtures::{demo_orgs, sample_entry, DEMO_HEWAN, DEMO_ROOT};
use shared::org::OrgTree;
use shared::report::tally::Tally;
use shared::scope::Scope;
use shared::sync::protocol::Outcome;
use shared::Entry;
use uuid::Uuid;

fn years() -> Period {
    Period {
        from: "2023-01-01".parse().unwrap(),
        to: "2024-12-31".parse().unwrap(),
    }
}

/// The SQL tally over the whole tree equals the shared tally of what the
/// server holds (read as an admin's listing); the number of live entries counted.
async fn agrees(app: &TestApp) -> u64 {
    let mut held: Vec<Entry> = Vec::new();
    let mut after = 0;
    loop {
        let page = server::db::entries::list(&app.db, &Scope::Everything, after, 1000)
            .await
            .unwrap();
        held.extend(page.entries.into_iter().map(|e| e.entry));
        match page.next_after {
            Some(n) => after = n,
            None => break,
        }
    }
    let tree = OrgTree::new(demo_orgs());
    let admin = Principal {
        user_id: Uuid::nil(),
        role: Role::Admin,
        org_id: DEMO_ROOT,
    };
    let scope = shared::scope::report_scope(&admin, &tree, &DEMO_ROOT);
    let sql = tally(&app.db, years(), &scope).await.unwrap();
    // Entries from before organisations existed (the nil organisation) are
    // in no report.
    let counted: Vec<&Entry> = held.iter().filter(|e| !e.org_id.is_nil()).collect();
    assert_eq!(sql, Tally::of_entries(counted, years()));
    sql.cells.values().map(|c| c.records()).sum()
}

#[tokio::test]
async fn the_demo_data_is_in_the_rollup() {
    let app = TestApp::empty(Assets::empty()).await;
    server::demo::load(&app.db, server::now_ms()).await.unwrap();
    assert!(agrees(&app).await > 100);
}

#[tokio::test]
async fn entries_from_before_organisations_count_once_adopted() {
    let app = TestApp::new().await;
    app.push(&common::creates(device(1), 1..=5)).await;
    let before = agrees(&app).await;
    assert_eq!(before, 5);
    // A row of the first schema's time: no organisation, no account.
    let legacy = Entry {
        id: Uuid::from_u128(0x001e_9ac1),
        ..sample_entry(40)
    };
    let device_id: String = sqlx::query_scalar("SELECT device_id FROM entries LIMIT 1")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    let change_no: i64 = sqlx::query_scalar(
        "INSERT INTO changes (device_id, device_seq, entry_id, status, received_ms) \
         VALUES ($1, 999, $2, 'applied', 0) RETURNING change_no",
    )
    .bind(&device_id)
    .bind(legacy.id.to_string())
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO entries (id, kind, title, date, place, note, created_ms, updated_ms, \
         device_id, change_no, received_ms, counts, level) \
         VALUES ($1, $2, $3, $4, '', '', 0, 0, $5, $6, 0, $7, 'city')",
    )
    .bind(legacy.id.to_string())
    .bind(&legacy.kind)
    .bind(&legacy.title)
    .bind(legacy.date.to_string())
    .bind(&device_id)
    .bind(change_no)
    .bind(serde_json::to_string(&legacy.counts).unwrap())
    .execute(app.db.pool())
    .await
    .unwrap();
    assert_eq!(agrees(&app).await, 5, "not in any organisation's report");
    let adopted = Entry {
        org_id: DEMO_HEWAN,
        ..legacy
    };
    assert!(server::db::entries::adopt_legacy(&app.db, &adopted, false)
        .await
        .unwrap());
    assert_eq!(agrees(&app).await, 6);
}

#[tokio::test]
async fn imported_and_restored_entries_are_in_the_rollup() {
    let app = TestApp::new().await;
    let user = app.add_user("hewan", Role::Cadre, DEMO_HEWAN).await;
    let of_hewan = |n: u32| Entry {
        org_id: DEMO_HEWAN,
        ..sample_entry(n)
    };
    let pending = (1..=3).map(|n| create(u64::from(n), of_hewan(n))).collect();
    let restored = |entry: Entry, v: u64| ExportedEntry {
        entry,
        outcome: Some(Outcome::Applied { change_no: v }),
        version: Some(v),
        seq: None,
    };
    let file = DeviceExport {
        format: EXPORT_FORMAT.into(),
        version: EXPORT_VERSION,
        device_id: device(9),
        username: "hewan".into(),
        exported_ms: 1_700_000_000_000,
        entries: vec![restored(of_hewan(7), 30), restored(of_hewan(8), 31)],
        pending,
        acked_seq: None,
    };
    let summary = server::import::apply(&app.db, &file, &user, Actor::default(), server::now_ms())
        .await
        .unwrap();
    assert_eq!((summary.applied, summary.restored), (3, 2));
    assert_eq!(agrees(&app).await, 5, "three made, two restored");
}

#[tokio::test]
async fn a_row_removed_takes_its_sums_with_it() {
    let app = TestApp::new().await;
    app.push(&common::creates(device(1), 1..=8)).await;
    assert_eq!(agrees(&app).await, 8);
    sqlx::query("DELETE FROM entries WHERE id = $1")
        .bind(sample_entry(3).id.to_string())
        .execute(app.db.pool())
        .await
        .unwrap();
    assert_eq!(agrees(&app).await, 7);
    sqlx::query("DELETE FROM entries")
        .execute(app.db.pool())
        .await
        .unwrap();
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM count_months")
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    assert_eq!(rows, 0, "nothing left over, not even zeros");
}
