//! A phone that synced after a backup was taken, once the server is restored
//! from that backup (docs/deploy.md, "Restoring"): its next push stores
//! nothing and is answered with the older number the server expects (the
//! phone shows it: `shared::device` turns it into `server_expects`); its
//! export file, imported, puts back the entries the server lost, each once.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use common::{applied, creates, device, post_request, with_token, TestApp, ADMIN};
use server::assets::Assets;
use server::db::audit::Actor;
use server::db::Db;
use server::AppState;
use shared::api::PUSH_PATH;
use shared::device::{DeviceExport, ExportedEntry, EXPORT_FORMAT, EXPORT_VERSION};
use shared::fixtures::sample_entry;
use shared::sync::protocol::{Outcome, PushRequest, PushResponse};
use std::sync::Arc;

async fn push(router: &axum::Router, token: &str, req: &PushRequest) -> PushResponse {
    let body = serde_json::to_vec(req).unwrap();
    let reply = common::call(
        router.clone(),
        with_token(post_request(PUSH_PATH, body), token),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    serde_json::from_slice(&reply.body).unwrap()
}

async fn entries(db: &Db) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM entries")
        .fetch_one(db.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_phone_ahead_of_a_restored_backup_is_told_and_its_export_puts_back_its_entries_once() {
    let app = TestApp::on_sqlite().await;
    let phone = device(1);
    let token = app.admin_token(phone).await;
    push(&app.router, &token, &creates(phone, 1..=3)).await;
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("backup.sqlite3");
    server::db::backup::backup(&app.db, &copy).await.unwrap();
    // Answered after the backup: the phone holds 4..=6 as received.
    let after = push(&app.router, &token, &creates(phone, 4..=6)).await;
    let numbers: Vec<u64> = (0..3).map(|i| applied(&after, i)).collect();

    // The server restored from the backup (its session was in it).
    let restored = Db::connect(&format!("sqlite://{}", copy.display()), 4)
        .await
        .unwrap();
    restored.migrate().await.unwrap();
    let router = server::app(AppState::new(restored.clone(), Arc::new(Assets::empty())));
    assert_eq!(entries(&restored).await, 3);

    // The phone's next change: nothing stored, the older number named.
    let next = PushRequest {
        device_id: phone,
        changes: vec![common::create(7, sample_entry(7))],
    };
    let answer = push(&router, &token, &next).await;
    assert!(answer.receipts.is_empty(), "{answer:?}");
    assert_eq!((answer.last_applied, answer.expected_seq), (3, Some(4)));
    assert_eq!(entries(&restored).await, 3);

    // Its export: every entry as received, with the numbers it was given.
    let mut held: Vec<ExportedEntry> = (1..=3)
        .map(|n| ExportedEntry {
            entry: sample_entry(n),
            outcome: Some(Outcome::Applied {
                change_no: n.into(),
            }),
            version: Some(n.into()),
        })
        .collect();
    held.extend((4..=6).zip(&numbers).map(|(n, &no)| ExportedEntry {
        entry: sample_entry(n),
        outcome: Some(Outcome::Applied { change_no: no }),
        version: Some(no),
    }));
    let file = DeviceExport {
        format: EXPORT_FORMAT.into(),
        version: EXPORT_VERSION,
        device_id: phone,
        username: ADMIN.into(),
        exported_ms: 1_700_000_000_000,
        entries: held,
        pending: Vec::new(),
    };
    let admin = server::db::users::find_by_username(&restored, ADMIN)
        .await
        .unwrap()
        .unwrap()
        .info;
    let now = server::now_ms();
    let first = server::import::apply(&restored, &file, &admin, Actor::default(), now)
        .await
        .unwrap();
    assert_eq!((first.restored, first.already_held), (3, 3), "{first:?}");
    assert_eq!(entries(&restored).await, 6);
    let second = server::import::apply(&restored, &file, &admin, Actor::default(), now)
        .await
        .unwrap();
    assert_eq!((second.restored, second.already_held), (0, 6), "{second:?}");
    assert_eq!(entries(&restored).await, 6, "nothing stored twice");
}
