//! Reports agree with the shared arithmetic: random ledgers (several seeds)
//! are written through the real push path — creates, then edits of counts,
//! dates across months, kinds, levels and organisations, deletes and undos —
//! and the SQL tally (rollup kept by triggers, plus the entries of partly
//! covered months) equals `Tally::of_entries` of the entries as the server
//! holds them, for whole years, ranges that cut months and subtrees; the
//! report endpoint answers exactly `Report::build` of that tally, for each
//! role's own reading; and a rollup made by the migration's backfill equals
//! the one the triggers kept.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;
#[path = "report/gen.rs"]
mod gen;

use common::{Session, TestApp};
use server::db::report::tally;
use shared::access::{Principal, Role};
use shared::api::{ENTRIES_PATH, REPORT_PATH};
use shared::catalogue_default::default_catalogue;
use shared::date::Period;
use shared::fixtures::{demo_orgs, DEMO_BAIMA, DEMO_HEWAN, DEMO_ROOT};
use shared::org::OrgTree;
use shared::report::build::{Report, ReportQuery};
use shared::report::tally::Tally;
use shared::sync::protocol::{Change, EntryPage, Outcome, PushRequest};
use shared::Entry;
use uuid::Uuid;

const SEEDS: [u64; 3] = [1, 2, 3];

fn period(from: &str, to: &str) -> Period {
    Period {
        from: from.parse().unwrap(),
        to: to.parse().unwrap(),
    }
}

/// Whole years, ranges cutting their first and last months, one month
/// partly, two neighbouring part months, and both years.
fn periods() -> Vec<Period> {
    vec![
        period("2023-01-01", "2023-12-31"),
        period("2024-01-01", "2024-12-31"),
        period("2023-03-17", "2024-02-09"),
        period("2024-05-03", "2024-05-20"),
        period("2023-12-15", "2024-01-15"),
        period("2023-01-01", "2024-12-31"),
    ]
}

/// Pushes `changes` as the admin's phone, in batches; every one must apply.
async fn write(app: &TestApp, changes: Vec<Change>) {
    let device = common::device(7);
    for batch in changes.chunks(150) {
        let req = PushRequest {
            device_id: device,
            changes: batch.to_vec(),
        };
        let reply = app.push(&req).await;
        assert_eq!(reply.status, 200, "{}", reply.text());
        let res: shared::sync::protocol::PushResponse = reply.json_as();
        for r in &res.receipts {
            assert!(
                matches!(r.outcome, Outcome::Applied { .. }),
                "change {} not applied: {:?}",
                r.seq,
                r.outcome
            );
        }
    }
}

trait JsonAs {
    fn json_as<T: serde::de::DeserializeOwned>(&self) -> T;
}

impl JsonAs for common::Reply {
    fn json_as<T: serde::de::DeserializeOwned>(&self) -> T {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.text()))
    }
}

/// Every entry `token` may read, as the listing gives them.
async fn readable(app: &TestApp, token: &str) -> Vec<Entry> {
    let mut out = Vec::new();
    let mut after = 0;
    loop {
        let reply = app
            .get_as(token, &format!("{ENTRIES_PATH}?after={after}"))
            .await;
        let page: EntryPage = reply.json_as();
        out.extend(page.entries.into_iter().map(|e| e.entry));
        match page.next_after {
            Some(n) => after = n,
            None => return out,
        }
    }
}

fn admin_of(org: Uuid) -> Principal {
    Principal {
        user_id: Uuid::nil(),
        role: Role::Admin,
        org_id: org,
    }
}

fn in_subtree(entries: &[Entry], root: Uuid) -> Vec<Entry> {
    let tree = OrgTree::new(demo_orgs());
    entries
        .iter()
        .filter(|e| tree.is_within(&e.org_id, &root))
        .cloned()
        .collect()
}

/// A ledger of `seed`, written to a fresh server.
async fn ledger(seed: u64) -> TestApp {
    let app = TestApp::new().await;
    write(&app, gen::script(seed, 160, 240)).await;
    app
}

#[tokio::test]
async fn the_sql_tally_is_the_shared_tally_of_the_held_entries() {
    let tree = OrgTree::new(demo_orgs());
    for seed in SEEDS {
        let app = ledger(seed).await;
        let token = app.admin_token(common::ADMIN_DEVICE).await;
        let held = readable(&app, &token).await;
        assert!(held.iter().any(|e| e.deleted), "seed {seed}: some deletes");
        for root in [DEMO_ROOT, DEMO_HEWAN, DEMO_BAIMA] {
            let scope = shared::scope::report_scope(&admin_of(DEMO_ROOT), &tree, &root);
            let mine = in_subtree(&held, root);
            for p in periods() {
                let sql = tally(&app.db, p, &scope).await.unwrap();
                let shared = Tally::of_entries(&mine, p);
                assert_eq!(sql, shared, "seed {seed}, root {root}, {p:?}");
                if root == DEMO_ROOT {
                    assert!(!sql.cells.is_empty(), "seed {seed}: {p:?} has entries");
                }
            }
        }
    }
}

/// `who`'s report of `root` over `p`, as the endpoint answers it.
async fn report_of(app: &TestApp, token: &str, root: Option<Uuid>, p: Period) -> Report {
    let org = root.map(|r| format!("&org={r}")).unwrap_or_default();
    let uri = format!("{REPORT_PATH}?from={}&to={}{org}", p.from, p.to);
    let reply = app.get_as(token, &uri).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    reply.json_as()
}

fn built(entries: &[Entry], root: Uuid, p: Period) -> Report {
    Report::build(
        ReportQuery { period: p, root },
        &Tally::of_entries(entries, p),
        &default_catalogue(),
        &OrgTree::new(demo_orgs()),
    )
}

/// Each role's report is `Report::build` over exactly the entries its
/// listing shows: an admin's everything, a viewer's subtree without the
/// sensitive records, a cadre's own organisation (by default) with hers.
#[tokio::test]
async fn the_report_endpoint_is_the_shared_build_of_what_the_reader_may_read() {
    for seed in SEEDS {
        let app = ledger(seed).await;
        app.add_user("viewer", Role::Viewer, DEMO_ROOT).await;
        app.add_user("hewan", Role::Cadre, DEMO_HEWAN).await;
        let viewer: Session = app.login("viewer", common::device(21)).await;
        let cadre: Session = app.login("hewan", common::device(22)).await;
        let admin = app.admin_token(common::ADMIN_DEVICE).await;
        let all = readable(&app, &admin).await;
        let seen_by_viewer = readable(&app, &viewer.token).await;
        let seen_by_cadre = readable(&app, &cadre.token).await;
        assert!(
            seen_by_viewer.len() < all.len(),
            "seed {seed}: some sensitive or legacy entries hidden"
        );
        for p in periods() {
            for root in [DEMO_ROOT, DEMO_HEWAN] {
                let got = report_of(&app, &admin, Some(root), p).await;
                assert_eq!(
                    got,
                    built(&all, root, p),
                    "seed {seed}, admin, {root}, {p:?}"
                );
                let got = report_of(&app, &viewer.token, Some(root), p).await;
                let want = built(&seen_by_viewer, root, p);
                assert_eq!(got, want, "seed {seed}, viewer, {root}, {p:?}");
            }
            let got = report_of(&app, &cadre.token, None, p).await;
            assert_eq!(got.query.root, DEMO_HEWAN);
            let want = built(&seen_by_cadre, DEMO_HEWAN, p);
            assert_eq!(got, want, "seed {seed}, cadre, {p:?}");
        }
    }
}

/// The rollup as the triggers keep it, row by row.
async fn rollup(app: &TestApp) -> Vec<(String, String, String, i64, String, i64)> {
    sqlx::query_as(
        "SELECT org_id, month, kind, sensitive, key, total FROM count_months \
         ORDER BY org_id, month, kind, sensitive, key",
    )
    .fetch_all(app.db.pool())
    .await
    .unwrap()
}

/// A database written by a server from before the rollup, then migrated,
/// has the very rollup a server with the triggers kept for the same writes,
/// and answers the same reports.
#[tokio::test]
async fn a_rollup_made_by_the_migration_equals_the_one_the_triggers_kept() {
    for seed in SEEDS {
        let changes = gen::script(seed, 120, 200);
        let old = TestApp::before_migration(4).await;
        // Today's code writes the photo list that migration 7 adds: it is
        // there for the writes, and gone again before the migrations run.
        let photos = [
            "ALTER TABLE entries ADD COLUMN photos TEXT NOT NULL DEFAULT '[]'",
            "CREATE TABLE entry_photos (sha256 TEXT NOT NULL, entry_id TEXT NOT NULL)",
        ];
        for sql in photos {
            sqlx::query(sql).execute(old.db.pool()).await.unwrap();
        }
        write(&old, changes.clone()).await;
        for sql in [
            "DROP TABLE entry_photos",
            "ALTER TABLE entries DROP COLUMN photos",
        ] {
            sqlx::query(sql).execute(old.db.pool()).await.unwrap();
        }
        old.db.migrate().await.unwrap();
        let new = TestApp::new().await;
        write(&new, changes).await;

        let (made, kept) = (rollup(&old).await, rollup(&new).await);
        assert!(made.len() > 100, "seed {seed}: {} rows", made.len());
        assert!(made.iter().all(|r| r.5 > 0), "no zero or negative sums");
        assert_eq!(made, kept, "seed {seed}");

        let a = old.admin_token(common::ADMIN_DEVICE).await;
        let b = new.admin_token(common::ADMIN_DEVICE).await;
        for p in periods() {
            let from_old = report_of(&old, &a, None, p).await;
            assert_eq!(from_old, report_of(&new, &b, None, p).await, "{p:?}");
        }
    }
}
