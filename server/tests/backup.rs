//! SQLite backups (`server::db::backup`): a copy taken while phones push holds
//! every push answered before it began, whole (entries, receipts and each
//! device's counter agreeing), and a restored copy serves them; a backup
//! never overwrites a file, a restoration never a database unless told.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use common::{call, create, device, post_request, with_token, TestApp};
use server::db::backup;
use server::db::Db;
use shared::api::PUSH_PATH;
use shared::fixtures::sample_entry;
use shared::sync::protocol::{Outcome, PushRequest, PushResponse};
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use tokio::task::JoinSet;
use uuid::Uuid;

const WRITERS: u128 = 4;
const BATCHES: u64 = 12;
const PER_BATCH: u64 = 5;

async fn push(app: &TestApp, token: &str, req: &PushRequest) -> PushResponse {
    let body = serde_json::to_vec(req).unwrap();
    let reply = call(
        app.router.clone(),
        with_token(post_request(PUSH_PATH, body), token),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    serde_json::from_slice(&reply.body).unwrap()
}

/// Every entry id in the SQLite file at `path`, and whether each device's
/// counter equals its highest stored receipt (a batch is there whole or not).
async fn held(path: &std::path::Path) -> (BTreeSet<Uuid>, bool) {
    use sqlx::Connection;
    let url = format!("sqlite://{}?mode=ro", path.display());
    let mut db = sqlx::AnyConnection::connect(&url).await.unwrap();
    let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM entries")
        .fetch_all(&mut db)
        .await
        .unwrap();
    let disagreeing: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM devices d WHERE d.last_seq <> \
         (SELECT COALESCE(MAX(device_seq), 0) FROM changes c WHERE c.device_id = d.id)",
    )
    .fetch_one(&mut db)
    .await
    .unwrap();
    db.close().await.unwrap();
    let ids = ids.iter().map(|id| Uuid::parse_str(id).unwrap()).collect();
    (ids, disagreeing == 0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_under_write_load_holds_every_change_answered_before_it() {
    let app = Arc::new(TestApp::on_sqlite().await);
    let started = Arc::new(AtomicBool::new(false));
    let answered = Arc::new(AtomicUsize::new(0));
    let mut writers = JoinSet::new();
    for w in 0..WRITERS {
        let token = app.admin_token(device(w)).await;
        let (app, started, answered) = (app.clone(), started.clone(), answered.clone());
        writers.spawn(async move {
            let mut before = BTreeSet::new();
            for b in 0..BATCHES {
                let changes: Vec<_> = (b * PER_BATCH + 1..=(b + 1) * PER_BATCH)
                    .map(|seq| create(seq, sample_entry((w as u64 * 1000 + seq) as u32)))
                    .collect();
                let ids: Vec<Uuid> = changes.iter().map(|c| c.op.entry_id()).collect();
                let req = PushRequest {
                    device_id: device(w),
                    changes,
                };
                let res = push(&app, &token, &req).await;
                assert!(res
                    .receipts
                    .iter()
                    .all(|r| matches!(r.outcome, Outcome::Applied { .. })));
                // Answered, and the backup had not begun: it must hold these.
                if !started.load(Ordering::SeqCst) {
                    before.extend(ids);
                }
                answered.fetch_add(1, Ordering::SeqCst);
            }
            before
        });
    }

    // Begin once some batches are in, while the rest are being pushed.
    while answered.load(Ordering::SeqCst) < 8 {
        tokio::task::yield_now().await;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("backup.sqlite3");
    started.store(true, Ordering::SeqCst);
    let made = backup::backup(&app.db, &file).await.unwrap();

    let mut acknowledged = BTreeSet::new();
    while let Some(done) = writers.join_next().await {
        acknowledged.extend(done.unwrap());
    }
    let (in_backup, whole) = held(&file).await;
    let total = (WRITERS as u64 * BATCHES * PER_BATCH) as usize;
    println!(
        "backup under load: {} of {total} entries answered before it, {} in it",
        acknowledged.len(),
        in_backup.len()
    );
    assert!(acknowledged.len() >= 8 * PER_BATCH as usize);
    assert!(
        acknowledged.is_subset(&in_backup),
        "missing: {:?}",
        acknowledged.difference(&in_backup).collect::<Vec<_>>()
    );
    assert!(whole, "a device's counter disagrees with its receipts");
    assert_eq!(made.entries as usize, in_backup.len());
    assert_eq!(made.changes, made.entries);

    // Restored to a new place, it is a database the server opens and upgrades.
    let restored = dir.path().join("restored.sqlite3");
    backup::restore(&file, &restored, false, 1).await.unwrap();
    let db = Db::connect(&format!("sqlite://{}", restored.display()), 1)
        .await
        .unwrap();
    db.migrate().await.unwrap();
    db.close().await;
    assert_eq!(held(&restored).await, (in_backup, true));
}

#[tokio::test]
async fn nothing_is_overwritten_unless_told() {
    let app = TestApp::on_sqlite().await;
    app.push(&common::creates(device(1), 1..=3)).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("b.sqlite3");
    backup::backup(&app.db, &file).await.unwrap();
    // A second backup to the same file is refused; the first stays.
    let again = backup::backup(&app.db, &file).await.unwrap_err();
    assert!(again.to_string().contains("exists"), "{again}");
    assert_eq!(backup::check(&file).await.unwrap().entries, 3);

    // A restoration onto a database is refused, or moves it aside when told.
    let target = dir.path().join("live.sqlite3");
    std::fs::write(&target, b"the live database").unwrap();
    let refused = backup::restore(&file, &target, false, 7).await.unwrap_err();
    assert!(refused.to_string().contains("--replace"), "{refused}");
    assert_eq!(std::fs::read(&target).unwrap(), b"the live database");
    let (held, aside) = backup::restore(&file, &target, true, 7).await.unwrap();
    assert_eq!(held.entries, 3);
    let aside = aside.unwrap();
    assert!(
        aside.ends_with("live.sqlite3.before-restore-7"),
        "{aside:?}"
    );
    assert_eq!(std::fs::read(&aside).unwrap(), b"the live database");
    assert_eq!(backup::check(&target).await.unwrap().entries, 3);

    // Something that is not a ledger is no backup.
    let junk = dir.path().join("junk");
    std::fs::write(&junk, b"not a database").unwrap();
    assert!(backup::restore(&junk, &dir.path().join("x"), false, 7)
        .await
        .is_err());
}

/// The commands: `server backup` of a database, `server restore` of it to a
/// new place, which then holds the same accounts.
#[test]
fn the_commands_back_up_and_restore() {
    use std::process::Command;
    let dir = tempfile::tempdir().unwrap();
    let (db, copy, restored) = (
        dir.path().join("ledger.sqlite3"),
        dir.path().join("copy.sqlite3"),
        dir.path().join("restored.sqlite3"),
    );
    let server = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_server"))
            .args(args)
            .env("RUST_LOG", "warn")
            .env("JINGUO_NEW_PASSWORD", "a-long-enough-password-2026")
            .env_remove("JINGUO_DB")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        (out.status.success(), text, err)
    };
    let db_arg = db.to_str().unwrap();
    let (ok, _, err) = server(&[
        "setup",
        "--db",
        db_arg,
        "--org-name",
        "平邑",
        "--admin",
        "boss",
    ]);
    assert!(ok, "{err}");
    let (ok, out, err) = server(&["backup", "--db", db_arg, "--to", copy.to_str().unwrap()]);
    assert!(ok && out.starts_with("Backed up to"), "{out}{err}");
    let (ok, _, err) = server(&["backup", "--db", db_arg, "--to", copy.to_str().unwrap()]);
    assert!(!ok && err.contains("exists"), "{err}");
    let (ok, out, err) = server(&[
        "restore",
        "--from",
        copy.to_str().unwrap(),
        "--db",
        restored.to_str().unwrap(),
    ]);
    assert!(ok && out.starts_with("Restored"), "{out}{err}");
    // The restored database has the account `setup` made.
    let (ok, _, err) = server(&[
        "setup",
        "--db",
        restored.to_str().unwrap(),
        "--org-name",
        "平邑",
        "--admin",
        "boss",
    ]);
    assert!(
        !ok && err.contains("an admin account already exists"),
        "{err}"
    );
}
