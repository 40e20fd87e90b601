//! A phone that synced after a backup was taken, once the server is restored
//! from that backup (docs/deploy.md, "Restoring"; `shared::sync::recovery`):
//! its next sync re-bases the server by itself — the entries its lost
//! changes wrote come back at their current content, its counter moves on,
//! nothing twice (a retry is answered word for word), another device's edit
//! since the restoration is a conflict, not an overwrite — and importing
//! its export file does the same. The phones are the real
//! `shared::device::DeviceStore`, over the HTTP API. The backup is SQLite's
//! (`server backup`, then `server restore`'s own steps), or on PostgreSQL
//! (`JINGUO_TEST_DATABASE_URL`) a copy into a fresh schema, which notes no
//! restoration: there the phone's re-base notes it.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use common::{call, device, post_request, with_token, TestApp, ADMIN};
use server::assets::Assets;
use server::db::audit::Actor;
use server::db::Db;
use server::AppState;
use shared::access::Role;
use shared::api::{PULL_PATH, PUSH_PATH};
use shared::catalogue_default::default_catalogue;
use shared::device::{DeviceStore, MemoryKv};
use shared::fixtures::{sample_entry, DEMO_HEWAN, DEMO_XIAOJING};
use shared::sync::protocol::{Change, ChangeOp, PullPage, PushRequest, PushResponse, MAX_BATCH};
use shared::{Entry, LocalDate};
use std::sync::Arc;
use uuid::Uuid;

fn today() -> LocalDate {
    LocalDate::from_unix_ms(server::now_ms(), shared::date::CHINA_UTC_OFFSET_MINUTES)
}

/// Pushes `req` with `token`: status and body as sent.
async fn push_raw(router: &axum::Router, token: &str, req: &PushRequest) -> (u16, Vec<u8>) {
    let body = serde_json::to_vec(req).unwrap();
    let reply = call(
        router.clone(),
        with_token(post_request(PUSH_PATH, body), token),
    )
    .await;
    (reply.status.as_u16(), reply.body.to_vec())
}

/// A phone: the real device store, signed in as one account.
struct Phone {
    store: DeviceStore<MemoryKv>,
    token: String,
}

impl Phone {
    fn new(id: Uuid, token: String) -> Self {
        let store = DeviceStore::open(MemoryKv::new(), "jg", || id).unwrap();
        Phone { store, token }
    }

    fn add(&mut self, entry: Entry) {
        self.store
            .add(entry, &default_catalogue(), today())
            .unwrap();
    }

    fn retitle(&mut self, id: Uuid, title: &str) {
        let mut entry = self.store.get(&id).unwrap().entry.clone();
        entry.title = title.into();
        self.store
            .edit(entry, &default_catalogue(), today())
            .unwrap();
    }

    /// One push of the next batch; its answer.
    async fn push_once(&mut self, router: &axum::Router) -> Option<PushResponse> {
        let batch = self.store.next_batch(MAX_BATCH).unwrap()?;
        let (status, body) = push_raw(router, &self.token, &batch).await;
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
        let resp: PushResponse = serde_json::from_slice(&body).unwrap();
        self.store.apply_response(&resp, 1).unwrap();
        Some(resp)
    }

    /// A sync as the app runs it: push until nothing waits, then pull
    /// until the last page.
    async fn sync(&mut self, router: &axum::Router) {
        for _ in 0..20 {
            if self.push_once(router).await.is_none() {
                break;
            }
        }
        for _ in 0..20 {
            let after = self.store.pulled_through();
            let uri = format!("{PULL_PATH}?after={after}&limit=500");
            let req = axum::http::Request::get(uri)
                .body(axum::body::Body::empty())
                .unwrap();
            let reply = call(router.clone(), with_token(req, &self.token)).await;
            assert_eq!(reply.status, 200, "{}", reply.text());
            let page: PullPage = serde_json::from_slice(&reply.body).unwrap();
            let summary = self.store.apply_pull(&page).unwrap();
            if !page.more && !summary.restarted {
                return;
            }
        }
        panic!("the pulls never ended");
    }
}

/// The server restored from a backup of `app` taken now: its database and
/// its router (the sessions were in the backup).
async fn backup(app: &TestApp, dir: &tempfile::TempDir) -> Db {
    if app.db.backend() == server::db::Backend::Sqlite {
        let copy = dir.path().join("backup.sqlite3");
        server::db::backup::backup(&app.db, &copy).await.unwrap();
        copy_into_place(&copy, dir).await
    } else {
        let url = common::test_database_url(dir).await;
        let target = Db::connect(&url, 4).await.unwrap();
        server::db::transfer::copy(&app.db, &target).await.unwrap();
        target
    }
}

/// `server restore`'s steps: the backup put in place, migrated, noted.
async fn copy_into_place(copy: &std::path::Path, dir: &tempfile::TempDir) -> Db {
    let file = dir.path().join("restored.sqlite3");
    server::db::backup::restore(copy, &file, false, server::now_ms())
        .await
        .unwrap();
    let db = Db::connect(&format!("sqlite://{}", file.display()), 4)
        .await
        .unwrap();
    server::backup::restored(&db, server::now_ms())
        .await
        .unwrap();
    db
}

fn serve(db: &Db) -> axum::Router {
    server::app(AppState::new(db.clone(), Arc::new(Assets::empty())))
}

async fn count(db: &Db, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(db.pool()).await.unwrap()
}

async fn last_seq(db: &Db, device: Uuid) -> i64 {
    sqlx::query_scalar("SELECT last_seq FROM devices WHERE id = $1")
        .bind(device.to_string())
        .fetch_one(db.pool())
        .await
        .unwrap()
}

async fn held(db: &Db, id: Uuid) -> Entry {
    let mut conn = db.pool().acquire().await.unwrap();
    server::db::stamped::find(&mut conn, id)
        .await
        .unwrap()
        .unwrap()
        .entry
}

/// Phone A: entries 1–3 synced before the backup; after it, entry 1
/// retitled, entry 2 deleted, entries 4 and 5 made, all answered.
async fn ahead_of_a_backup(app: &TestApp, dir: &tempfile::TempDir) -> (Phone, Db) {
    let mut a = Phone::new(device(1), app.admin_token(device(1)).await);
    (1..=3).for_each(|n| a.add(sample_entry(n)));
    a.sync(&app.router).await;
    let restored = backup(app, dir).await;
    a.retitle(sample_entry(1).id, "备份之后改的标题");
    a.store.set_deleted(&sample_entry(2).id, true, 7).unwrap();
    (4..=5).for_each(|n| a.add(sample_entry(n)));
    a.sync(&app.router).await;
    assert_eq!(a.store.meta().acked_seq, 7);
    (a, restored)
}

#[tokio::test]
async fn a_phone_ahead_of_a_restored_backup_recovers_by_its_next_sync() {
    let app = TestApp::new().await;
    let dir = tempfile::tempdir().unwrap();
    // Phone B synced before the backup too.
    let mut b = Phone::new(device(2), app.admin_token(device(2)).await);
    b.sync(&app.router).await;
    let (mut a, restored) = ahead_of_a_backup(&app, &dir).await;
    let router = serve(&restored);
    assert_eq!(count(&restored, "SELECT COUNT(*) FROM entries").await, 3);
    assert_eq!(last_seq(&restored, device(1)).await, 3);

    // After the restoration B retitles entry 1 too: the server has it first.
    b.sync(&router).await;
    b.retitle(sample_entry(1).id, "另一台手机改的标题");
    b.sync(&router).await;

    // A's next sync: told the older number, then the restoration, by itself.
    a.add(sample_entry(6));
    let told = a.push_once(&router).await.unwrap();
    assert_eq!(told.expected_seq, Some(4), "{told:?}");
    assert_eq!(a.store.meta().restore_from, Some(4));
    let batch = a.store.next_batch(MAX_BATCH).unwrap().unwrap();
    let seqs: Vec<u64> = batch.changes.iter().map(|c| c.seq).collect();
    assert_eq!(seqs, [4, 8], "the restoration for 4–7, then the new change");
    let (status, first) = push_raw(&router, &a.token, &batch).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&first));
    // A lost answer: the very request again, answered word for word.
    let (_, again) = push_raw(&router, &a.token, &batch).await;
    assert_eq!(
        String::from_utf8_lossy(&again),
        String::from_utf8_lossy(&first)
    );
    let resp: PushResponse = serde_json::from_slice(&first).unwrap();
    assert_eq!((resp.last_applied, resp.expected_seq), (8, None));
    a.store.apply_response(&resp, 2).unwrap();
    a.sync(&router).await;
    b.sync(&router).await;

    assert_eq!(last_seq(&restored, device(1)).await, 8);
    assert_eq!(count(&restored, "SELECT COUNT(*) FROM entries").await, 6);
    assert!(held(&restored, sample_entry(2).id).await.deleted);
    assert_eq!(held(&restored, sample_entry(4).id).await, sample_entry(4));
    // A's edit came after B's in server order: it holds, B's value is kept.
    let one = held(&restored, sample_entry(1).id).await;
    assert_eq!(one.title, "备份之后改的标题");
    let conflicts = a.store.conflicts().collect::<Vec<_>>();
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    assert_eq!(conflicts[0].conflict.lost, "另一台手机改的标题");
    // Both phones hold exactly the server's entries.
    for phone in [&a, &b] {
        assert_eq!(phone.store.entries().count(), 6);
        for local in phone.store.entries() {
            assert_eq!(local.entry, held(&restored, local.entry.id).await);
        }
        assert_eq!(phone.store.pending_count(), 0);
    }
    // A retry of an old request of A (before the backup) is still a replay.
    let old = PushRequest {
        device_id: device(1),
        changes: vec![common::create(5, sample_entry(4))],
    };
    let (status, _) = push_raw(&router, &a.token, &old).await;
    assert_eq!(status, 200);
    assert_eq!(count(&restored, "SELECT COUNT(*) FROM entries").await, 6);
}

#[tokio::test]
async fn a_restoration_moves_only_the_pushing_device_and_writes_only_what_its_account_may() {
    let app = TestApp::new().await;
    let cadre = app.add_user("hewan", Role::Cadre, DEMO_HEWAN).await;
    let session = app.login(&cadre.username, device(3)).await;
    let mine = Entry {
        org_id: DEMO_HEWAN,
        ..sample_entry(8)
    };
    let theirs = Entry {
        org_id: DEMO_XIAOJING,
        ..sample_entry(9)
    };
    let restore = |device_id| PushRequest {
        device_id,
        changes: vec![Change {
            seq: 1,
            op: ChangeOp::Restore {
                through: 5,
                entries: vec![mine.clone(), theirs.clone()],
            },
            catalogue_version: None,
        }],
    };
    // Another device's counter: refused whole.
    let (status, _) = push_raw(&app.router, &session.token, &restore(device(1))).await;
    assert_eq!(status, 403);
    // Its own: the counter moves, its organisation's entry is written, the
    // other organisation's is not.
    let (status, body) = push_raw(&app.router, &session.token, &restore(device(3))).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let resp: PushResponse = serde_json::from_slice(&body).unwrap();
    assert_eq!(resp.last_applied, 5);
    assert_eq!(held(&app.db, mine.id).await, mine);
    let other = format!("SELECT COUNT(*) FROM entries WHERE id = '{}'", theirs.id);
    assert_eq!(count(&app.db, &other).await, 0);
    // Numbers it covers are answered with its receipt; nothing stored again.
    let replay = PushRequest {
        device_id: device(3),
        changes: vec![common::create(3, mine.clone())],
    };
    let (_, body) = push_raw(&app.router, &session.token, &replay).await;
    let answer: PushResponse = serde_json::from_slice(&body).unwrap();
    assert_eq!(answer.receipts[0].outcome, resp.receipts[0].outcome);
    assert_eq!(count(&app.db, "SELECT COUNT(*) FROM entries").await, 1);
    // A restoration that stands for fewer numbers than it is numbered, or
    // carries too much, is refused before anything is read.
    let mut backwards = restore(device(3));
    backwards.changes[0].seq = 6;
    if let ChangeOp::Restore { through, .. } = &mut backwards.changes[0].op {
        *through = 4;
    }
    assert_eq!(
        push_raw(&app.router, &session.token, &backwards).await.0,
        422
    );
}

#[tokio::test]
async fn importing_the_export_of_a_phone_ahead_re_bases_and_puts_back_its_content() {
    let app = TestApp::new().await;
    let dir = tempfile::tempdir().unwrap();
    let (mut a, restored) = ahead_of_a_backup(&app, &dir).await;
    a.add(sample_entry(6)); // waiting when the file is made
    let file = a.store.export(ADMIN, 1_700_000_000_000).unwrap();
    let admin = server::db::users::find_by_username(&restored, ADMIN)
        .await
        .unwrap()
        .unwrap()
        .info;
    let now = server::now_ms();
    let first = server::import::apply(&restored, &file, &admin, Actor::default(), now)
        .await
        .unwrap();
    assert_eq!(first.applied, 1, "{first:?}");
    assert_eq!(last_seq(&restored, device(1)).await, 8);
    assert_eq!(count(&restored, "SELECT COUNT(*) FROM entries").await, 6);
    let one = held(&restored, sample_entry(1).id).await;
    assert_eq!(one.title, "备份之后改的标题", "the edited content is back");
    assert!(held(&restored, sample_entry(2).id).await.deleted);
    let second = server::import::apply(&restored, &file, &admin, Actor::default(), now)
        .await
        .unwrap();
    assert_eq!(
        (second.applied, second.replayed, second.restored),
        (0, 1, 0)
    );
    let changes = count(&restored, "SELECT COUNT(*) FROM changes").await;

    // The phone syncs afterwards: nothing resent, nothing twice.
    let router = serve(&restored);
    a.sync(&router).await;
    assert_eq!(a.store.meta().restore_from, None);
    assert_eq!(
        count(&restored, "SELECT COUNT(*) FROM changes").await,
        changes
    );
    assert_eq!(count(&restored, "SELECT COUNT(*) FROM entries").await, 6);
    for local in a.store.entries() {
        assert_eq!(local.entry, held(&restored, local.entry.id).await);
    }
}
