//! Moving a deployment (`server::db::transfer`, `server migrate-db`): a SQLite
//! ledger with the demo year, a phone's entries, edits and a conflict, copied
//! into an empty database — PostgreSQL when `JINGUO_TEST_DATABASE_URL` names
//! one, else another SQLite file — agrees in rows, rollup and report; the
//! phone that synced before the move goes on after it with its session, its
//! next number and byte-identical answers to a retry; a second copy into the
//! same target is refused.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use common::{call, create, creates, device, edit, post_request, with_token, TestApp};
use server::assets::Assets;
use server::db::transfer::{self, TransferError};
use server::db::Db;
use server::AppState;
use shared::api::{PULL_PATH, PUSH_PATH};
use shared::entry::EntryField;
use shared::fixtures::sample_entry;
use shared::sync::protocol::{Outcome, PullPage, PushRequest, PushResponse};
use std::sync::Arc;

/// The page after `after` for the device of `token`, through `router`.
async fn pull(router: &axum::Router, token: &str, after: u64) -> PullPage {
    let uri = format!("{PULL_PATH}?after={after}&limit=1000");
    let req = axum::http::Request::get(uri)
        .body(axum::body::Body::empty())
        .unwrap();
    let reply = call(router.clone(), with_token(req, token)).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    serde_json::from_slice(&reply.body).unwrap()
}

/// Pushes `req` with `token` through `router`; the raw answer.
async fn push(router: &axum::Router, token: &str, req: &PushRequest) -> (u16, Vec<u8>) {
    let body = serde_json::to_vec(req).unwrap();
    let reply = call(
        router.clone(),
        with_token(post_request(PUSH_PATH, body), token),
    )
    .await;
    (reply.status.as_u16(), reply.body.to_vec())
}

#[tokio::test]
async fn a_moved_deployment_agrees_and_its_phones_go_on() {
    let source = TestApp::on_sqlite().await;
    server::demo::load(&source.db, 1_700_000_000_000)
        .await
        .unwrap();
    let phone = device(1);
    let token = source.admin_token(phone).await;
    let batch = creates(phone, 1..=40);
    let (status, first_answer) = push(&source.router, &token, &batch).await;
    assert_eq!(status, 200);
    // Two phones edit the same field from the same version: a conflict kept.
    let other = source.admin_token(device(2)).await;
    let target_entry = sample_entry(3);
    let mut mine = target_entry.clone();
    mine.title = "本机改的标题".into();
    let mut theirs = target_entry.clone();
    theirs.title = "别人改的标题".into();
    let base = Some(serde_json::from_slice::<PushResponse>(&first_answer).unwrap())
        .map(|r| common::applied(&r, 2));
    let edit_theirs = PushRequest {
        device_id: device(2),
        changes: vec![edit(1, theirs, &[EntryField::Title], base)],
    };
    assert_eq!(push(&source.router, &other, &edit_theirs).await.0, 200);
    let edit_mine = PushRequest {
        device_id: phone,
        changes: vec![edit(41, mine, &[EntryField::Title], base)],
    };
    assert_eq!(push(&source.router, &token, &edit_mine).await.0, 200);
    // A retry of the first batch just before the move, to compare with one after.
    let (_, retry_before) = push(&source.router, &token, &batch).await;
    let before = pull(&source.router, &token, 0).await;
    assert!(!before.more);
    assert!(!before.conflicts.is_empty());

    let dir = tempfile::tempdir().unwrap();
    let url = common::test_database_url(&dir).await;
    let target = Db::connect(&url, 4).await.unwrap();
    let copied = transfer::copy(&source.db, &target).await.unwrap();
    let entries = copied.rows.iter().find(|(t, _)| *t == "entries").unwrap().1;
    let (held, _, _) = source.counts().await;
    assert_eq!(entries, held);
    assert!(held > 200, "{held}");
    assert!(copied.tally_cells > 0);

    // The phone, against the new database, with the session it had.
    let router = server::app(AppState::new(target.clone(), Arc::new(Assets::empty())));
    let (status, retry) = push(&router, &token, &batch).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&retry));
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    assert_eq!(
        text(&retry),
        text(&retry_before),
        "a retry is answered word for word"
    );
    let stored = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM entries")
            .fetch_one(target.pool())
            .await
            .unwrap()
    };
    assert_eq!(stored().await, held, "the retry stored nothing twice");
    let next = PushRequest {
        device_id: phone,
        changes: vec![create(42, sample_entry(500))],
    };
    let (status, body) = push(&router, &token, &next).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let answer: PushResponse = serde_json::from_slice(&body).unwrap();
    // Numbered right after the last one the old database gave: no gap, no reuse.
    let Outcome::Applied { change_no } = answer.receipts[0].outcome else {
        panic!("{answer:?}")
    };
    assert_eq!(change_no, before.upto + 1);
    assert_eq!(answer.last_applied, 42);
    assert_eq!(stored().await, held + 1);
    // Its cursor from before the move brings only what came after.
    let page = pull(&router, &token, before.upto).await;
    let ids: Vec<_> = page.entries.iter().map(|e| e.entry.id).collect();
    assert_eq!(ids, [sample_entry(500).id]);

    // The target is no longer empty.
    let again = transfer::copy(&source.db, &target).await.unwrap_err();
    assert!(matches!(again, TransferError::NotEmpty(_)), "{again}");
    println!(
        "moved: {:?}, {} report cells",
        copied.rows, copied.tally_cells
    );
}
