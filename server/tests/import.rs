//! Importing a phone's export file exactly once: its pending changes go
//! through the push path (a second import replays them and stores nothing),
//! entries the device believed synced that the server lacks are restored, and
//! the file's device must be the account's (or unknown). The API is the
//! admin's only.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use common::{create, device, error_code, update, TestApp, ADMIN_DEVICE};
use server::db::audit::Actor;
use server::import::{self, ImportError};
use shared::access::Role;
use shared::account::UserInfo;
use shared::api::{ENTRIES_PATH, IMPORT_PATH};
use shared::device::{DeviceExport, ExportedEntry, ImportSummary, EXPORT_FORMAT, EXPORT_VERSION};
use shared::entry::EntryField;
use shared::fixtures::{sample_entry, DEMO_HEWAN, DEMO_XIAOJING};
use shared::sync::protocol::{EntryPage, Outcome};
use shared::Entry;
use uuid::Uuid;

fn of(org: Uuid, n: u32) -> Entry {
    Entry {
        org_id: org,
        ..sample_entry(n)
    }
}

fn exported(entry: Entry, version: Option<u64>) -> ExportedEntry {
    ExportedEntry {
        outcome: version.map(|change_no| Outcome::Applied { change_no }),
        entry,
        version,
        seq: None,
    }
}

/// A 河湾 phone's file: three entries made offline and one edit of the
/// first (pending, 1–4), an invalid one (pending 5), an entry the device was
/// told the server has (it does not), a deleted one, and one of another
/// organisation that the account may not record for.
fn export_file(device_id: Uuid) -> DeviceExport {
    let made: Vec<Entry> = (1..=3).map(|n| of(DEMO_HEWAN, n)).collect();
    let mut edited = made[0].clone();
    edited.title = "改过的名称".into();
    let mut invalid = of(DEMO_HEWAN, 4);
    invalid.title = " ".into();
    let lost = of(DEMO_HEWAN, 5);
    let deleted = Entry {
        deleted: true,
        ..of(DEMO_HEWAN, 6)
    };
    let elsewhere = of(DEMO_XIAOJING, 7);
    let mut pending: Vec<_> = made
        .iter()
        .enumerate()
        .map(|(i, e)| create(i as u64 + 1, e.clone()))
        .collect();
    pending.push(update(4, edited.clone(), &[EntryField::Title]));
    pending.push(create(5, invalid.clone()));
    let mut entries: Vec<_> = made[1..]
        .iter()
        .map(|e| exported(e.clone(), None))
        .collect();
    entries.push(exported(edited, None));
    entries.push(exported(invalid, None));
    entries.push(exported(lost, Some(17)));
    entries.push(exported(deleted, Some(18)));
    entries.push(exported(elsewhere, Some(19)));
    DeviceExport {
        format: EXPORT_FORMAT.into(),
        version: EXPORT_VERSION,
        device_id,
        username: "hewan".into(),
        exported_ms: 1_700_000_000_000,
        entries,
        pending,
        acked_seq: None,
    }
}

async fn count(app: &TestApp, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(app.db.pool())
        .await
        .unwrap()
}

async fn hewan(app: &TestApp) -> UserInfo {
    app.add_user("hewan", Role::Cadre, DEMO_HEWAN).await
}

#[tokio::test]
async fn importing_the_same_file_twice_stores_it_once() {
    let app = TestApp::new().await;
    let user = hewan(&app).await;
    let file = export_file(device(5));
    let now = server::now_ms();

    let first = import::apply(&app.db, &file, &user, Actor::default(), now)
        .await
        .unwrap();
    assert_eq!(
        first,
        ImportSummary {
            applied: 4,
            replayed: 0,
            rejected: 1,
            restored: 1,
            already_held: 0,
            not_restored: 1,
        }
    );
    let entries = count(&app, "entries").await;
    let changes = count(&app, "changes").await;
    assert_eq!(entries, 4, "three made, one restored");

    let second = import::apply(&app.db, &file, &user, Actor::default(), now)
        .await
        .unwrap();
    assert_eq!(
        second,
        ImportSummary {
            applied: 0,
            replayed: 5,
            rejected: 0,
            restored: 0,
            already_held: 1,
            not_restored: 1,
        }
    );
    assert_eq!(count(&app, "entries").await, entries);
    assert_eq!(count(&app, "changes").await, changes);

    // What landed: the edit, and the restored entry as the account's, from
    // that device; the device is now the account's.
    let page: EntryPage = serde_json::from_slice(&app.get_admin(ENTRIES_PATH).await.body).unwrap();
    let find = |id| page.entries.iter().find(|e| e.entry.id == id).unwrap();
    assert_eq!(find(sample_entry(1).id).entry.title, "改过的名称");
    let lost = find(sample_entry(5).id);
    assert_eq!(lost.entry, of(DEMO_HEWAN, 5));
    assert_eq!(
        (lost.recorded_by.as_str(), lost.device_id),
        ("hewan", device(5))
    );
    assert_eq!(
        server::db::devices::owner(&app.db, device(5))
            .await
            .unwrap(),
        Some(user.id)
    );
    // The phone, signing in afterwards, carries on from the file's numbers.
    let phone = app.login("hewan", device(5)).await;
    let next = shared::sync::protocol::PushRequest {
        device_id: device(5),
        changes: vec![create(6, of(DEMO_HEWAN, 9))],
    };
    let reply = app.push_as(&phone.token, &next).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(reply.json()["last_applied"], 6);
    assert_eq!(reply.json()["receipts"][0]["status"], "applied");

    let log = app.get_admin("/api/v1/audit?limit=200").await.json();
    let imports = log["records"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["action"] == "import")
        .count();
    assert_eq!(imports, 2);
}

#[tokio::test]
async fn a_device_of_another_account_is_refused() {
    let app = TestApp::new().await;
    let user = hewan(&app).await;
    app.add_user("xiaojing", Role::Cadre, DEMO_XIAOJING).await;
    app.login("xiaojing", device(5)).await;
    let before = (count(&app, "entries").await, count(&app, "changes").await);
    let refused = import::apply(
        &app.db,
        &export_file(device(5)),
        &user,
        Actor::default(),
        server::now_ms(),
    )
    .await;
    assert!(
        matches!(refused, Err(ImportError::DeviceTaken)),
        "{refused:?}"
    );
    assert_eq!(
        (count(&app, "entries").await, count(&app, "changes").await),
        before
    );
    // The same through the API: 409, said in both languages.
    let admin = app.admin_token(ADMIN_DEVICE).await;
    let body = serde_json::to_vec(&export_file(device(5))).unwrap();
    let reply = app.post_json_as(&admin, IMPORT_PATH, body).await;
    assert_eq!(reply.status, 409, "{}", reply.text());
    assert_eq!(error_code(&reply), "device_taken");
}

#[tokio::test]
async fn the_api_is_for_admins_and_answers_the_summary() {
    let app = TestApp::new().await;
    hewan(&app).await;
    let body = serde_json::to_vec(&export_file(device(5))).unwrap();

    let cadre = app.login("hewan", device(1)).await;
    let reply = app
        .post_json_as(&cadre.token, IMPORT_PATH, body.clone())
        .await;
    assert_eq!(reply.status, 403);
    assert_eq!(error_code(&reply), "forbidden");
    assert_eq!(count(&app, "entries").await, 0);
    assert_eq!(app.post_json(IMPORT_PATH, body.clone()).await.status, 401);

    let admin = app.admin_token(ADMIN_DEVICE).await;
    let reply = app.post_json_as(&admin, IMPORT_PATH, body.clone()).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(
        reply.json(),
        serde_json::json!({"applied": 4, "replayed": 0, "rejected": 1, "restored": 1,
                           "already_held": 0, "not_restored": 1})
    );
    let again: ImportSummary =
        serde_json::from_slice(&app.post_json_as(&admin, IMPORT_PATH, body).await.body).unwrap();
    assert_eq!((again.applied, again.replayed), (0, 5));

    // Not an export, or of a newer layout: refused, nothing stored.
    let reply = app
        .post_json_as(&admin, IMPORT_PATH, br#"{"entries": []}"#.to_vec())
        .await;
    assert_eq!(reply.status, 422);
    assert_eq!(error_code(&reply), "invalid_export");
    let mut newer = serde_json::to_value(export_file(device(6))).unwrap();
    newer["version"] = serde_json::json!(EXPORT_VERSION + 1);
    let reply = app
        .post_json_as(&admin, IMPORT_PATH, serde_json::to_vec(&newer).unwrap())
        .await;
    assert_eq!(reply.status, 422);
    assert!(reply.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("newer version"));
    // An export of an account that does not exist.
    let mut stranger = export_file(device(7));
    stranger.username = "nobody".into();
    let reply = app
        .post_json_as(&admin, IMPORT_PATH, serde_json::to_vec(&stranger).unwrap())
        .await;
    assert_eq!(reply.status, 422);
    assert_eq!(error_code(&reply), "unknown_user");
    assert_eq!(count(&app, "entries").await, 4);
}

#[tokio::test]
async fn pending_changes_the_server_cannot_number_are_refused() {
    let app = TestApp::new().await;
    let user = hewan(&app).await;
    // The server has none of this device's changes; the file starts at 3.
    let mut file = export_file(device(5));
    file.pending.drain(..2);
    let refused = import::apply(&app.db, &file, &user, Actor::default(), server::now_ms()).await;
    assert!(
        matches!(
            refused,
            Err(ImportError::Gap {
                expected: 1,
                first: 3
            })
        ),
        "{refused:?}"
    );
    assert_eq!(count(&app, "entries").await, 0);
    // Numbers that skip inside the file.
    let mut file = export_file(device(6));
    file.pending.remove(2);
    let refused = import::apply(&app.db, &file, &user, Actor::default(), server::now_ms()).await;
    assert!(
        matches!(refused, Err(ImportError::Numbering(_))),
        "{refused:?}"
    );
}
