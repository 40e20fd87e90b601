//! Sessions and devices: expiry, sign-out, password resets, revoked and
//! restored devices, one device per account, pushes only from the session's
//! device, and the admin's list of devices.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use axum::http::header;
use common::{creates, device, error_code, Reply, TestApp, PASSWORD};
use server::auth::token::hash_token;
use shared::access::Role;
use shared::account::{CreatedUser, DeviceInfo};
use shared::api::{DEVICES_PATH, LOGOUT_PATH, ME_PATH, USERS_PATH};
use shared::fixtures::DEMO_HEWAN;
use shared::sync::protocol::{PushRequest, PushResponse};

fn assert_refused(reply: &Reply, status: u16, code: &str) {
    assert_eq!(reply.status, status, "{}", reply.text());
    assert_eq!(error_code(reply), code, "{}", reply.text());
}

fn applied(reply: &Reply) -> PushResponse {
    assert_eq!(reply.status, 200, "{}", reply.text());
    serde_json::from_slice(&reply.body).unwrap()
}

/// A cadre of 河湾 (the sample entries 4k+1 are 河湾's).
async fn cadre(app: &TestApp) -> shared::account::UserInfo {
    app.add_user("hewan", Role::Cadre, DEMO_HEWAN).await
}

/// Sample entries of 河湾 only, numbered `seqs`.
fn hewan_batch(device_id: uuid::Uuid, seqs: std::ops::RangeInclusive<u64>) -> PushRequest {
    let mut req = creates(device_id, seqs);
    for c in &mut req.changes {
        if let shared::sync::protocol::ChangeOp::Create { entry } = &mut c.op {
            entry.org_id = DEMO_HEWAN;
        }
    }
    req
}

#[tokio::test]
async fn an_expired_session_loses_nothing() {
    let app = TestApp::new().await;
    let user = cadre(&app).await;
    app.login("hewan", device(1)).await; // registers the device
    let stale = "an-old-token-from-last-month";
    server::db::sessions::insert(&app.db, &hash_token(stale), user.id, device(1), 0, 1)
        .await
        .unwrap();
    assert_refused(&app.get_as(stale, ME_PATH).await, 401, "session_expired");
    let waiting = hewan_batch(device(1), 1..=3);
    let reply = app.push_as(stale, &waiting).await;
    assert_refused(&reply, 401, "session_expired");
    assert_eq!(reply.header(header::WWW_AUTHENTICATE), "Bearer");
    assert_eq!(app.counts().await.0, 0);

    // Signing in again, the waiting entries sync.
    let fresh = app.login("hewan", device(1)).await;
    assert_eq!(
        applied(&app.push_as(&fresh.token, &waiting).await).last_applied,
        3
    );
}

#[tokio::test]
async fn unknown_and_malformed_tokens() {
    let app = TestApp::new().await;
    for auth in [
        "Bearer nonsense",
        "Basic YWRtaW46eA==",
        "Bearer",
        "nonsense",
    ] {
        let req = axum::http::Request::get(ME_PATH)
            .header(header::AUTHORIZATION, auth)
            .body(axum::body::Body::empty())
            .unwrap();
        assert_refused(&app.send(req).await, 401, "unauthenticated");
    }
    assert_refused(&app.get(ME_PATH).await, 401, "unauthenticated");
}

#[tokio::test]
async fn a_revoked_device_is_refused_until_restored() {
    let app = TestApp::new().await;
    cadre(&app).await;
    let session = app.login("hewan", device(1)).await;
    applied(
        &app.push_as(&session.token, &hewan_batch(device(1), 1..=1))
            .await,
    );

    let admin = app.admin_token(common::ADMIN_DEVICE).await;
    let uri = format!("{DEVICES_PATH}/{}/revoke", device(1));
    let reply = app.post_json_as(&admin, &uri, "").await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let info: DeviceInfo = serde_json::from_slice(&reply.body).unwrap();
    assert!(info.revoked);

    // Its next sync: 401 device_revoked; nothing stored.
    let reply = app
        .push_as(&session.token, &hewan_batch(device(1), 2..=3))
        .await;
    assert_refused(&reply, 401, "device_revoked");
    assert_eq!(app.counts().await.0, 1);
    // Signing in on it: 403 device_revoked, telling the person what to do.
    let reply = app.try_login("hewan", PASSWORD, device(1)).await;
    assert_refused(&reply, 403, "device_revoked");
    let v = reply.json();
    assert!(
        v["error"]["message_zh"]
            .as_str()
            .unwrap()
            .contains("联系管理员"),
        "{v}"
    );
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("stay on this device"),
        "{v}"
    );
    // The account itself is fine on another phone.
    app.login("hewan", device(2)).await;

    // Restored: the old session stays ended; a new sign-in works, and the
    // waiting entries go through.
    let uri = format!("{DEVICES_PATH}/{}/restore", device(1));
    assert_eq!(app.post_json_as(&admin, &uri, "").await.status, 200);
    let reply = app
        .push_as(&session.token, &hewan_batch(device(1), 2..=3))
        .await;
    assert_refused(&reply, 401, "unauthenticated");
    let again = app.login("hewan", device(1)).await;
    let res = applied(
        &app.push_as(&again.token, &hewan_batch(device(1), 2..=3))
            .await,
    );
    assert_eq!(res.last_applied, 3);
    assert_eq!(app.counts().await.0, 3);
}

#[tokio::test]
async fn a_device_belongs_to_one_account() {
    let app = TestApp::new().await;
    cadre(&app).await;
    app.add_user("xiaojing", Role::Cadre, shared::fixtures::DEMO_XIAOJING)
        .await;
    app.login("hewan", device(1)).await;
    let reply = app.try_login("xiaojing", PASSWORD, device(1)).await;
    assert_refused(&reply, 409, "device_taken");
    // The same account signing in again on it is fine.
    app.login("hewan", device(1)).await;
}

#[tokio::test]
async fn a_push_must_come_from_the_sessions_device() {
    let app = TestApp::new().await;
    cadre(&app).await;
    let session = app.login("hewan", device(1)).await;
    let reply = app
        .push_as(&session.token, &hewan_batch(device(2), 1..=1))
        .await;
    assert_refused(&reply, 403, "wrong_device");
    assert_eq!(app.counts().await, (0, 0, 0));
}

#[tokio::test]
async fn a_password_reset_ends_every_session() {
    let app = TestApp::new().await;
    let user = cadre(&app).await;
    let phone = app.login("hewan", device(1)).await;
    let tablet = app.login("hewan", device(2)).await;
    let admin = app.admin_token(common::ADMIN_DEVICE).await;
    let reply = app
        .post_json_as(
            &admin,
            &format!("{USERS_PATH}/{}/reset-password", user.id),
            "",
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let created: CreatedUser = serde_json::from_slice(&reply.body).unwrap();
    let one_time = created.one_time_password.unwrap();
    for s in [&phone, &tablet] {
        assert_refused(&app.get_as(&s.token, ME_PATH).await, 401, "unauthenticated");
    }
    assert_refused(
        &app.try_login("hewan", PASSWORD, device(1)).await,
        401,
        "bad_credentials",
    );
    // The new one is right, and must be replaced before a session.
    assert_refused(
        &app.try_login("hewan", &one_time, device(1)).await,
        403,
        "password_change_required",
    );
}

#[tokio::test]
async fn sign_out_ends_this_session_only() {
    let app = TestApp::new().await;
    cadre(&app).await;
    let phone = app.login("hewan", device(1)).await;
    let tablet = app.login("hewan", device(2)).await;
    let reply = app.post_json_as(&phone.token, LOGOUT_PATH, "").await;
    assert_eq!(reply.status, 204);
    assert_refused(
        &app.get_as(&phone.token, ME_PATH).await,
        401,
        "unauthenticated",
    );
    assert_eq!(app.get_as(&tablet.token, ME_PATH).await.status, 200);
}

#[tokio::test]
async fn the_admin_sees_each_devices_account_and_last_sync() {
    let app = TestApp::new().await;
    cadre(&app).await;
    let synced = app.login("hewan", device(1)).await;
    applied(
        &app.push_as(&synced.token, &hewan_batch(device(1), 1..=1))
            .await,
    );
    app.login("hewan", device(2)).await; // signed in, never synced
                                         // A third was last synced six days ago.
    app.login("hewan", device(3)).await;
    let six_days_ago = server::now_ms() - 6 * 24 * 3600 * 1000;
    sqlx::query("UPDATE devices SET last_sync_ms = $1, registered_ms = $1 WHERE id = $2")
        .bind(six_days_ago)
        .bind(device(3).to_string())
        .execute(app.db.pool())
        .await
        .unwrap();

    let reply = app.get_admin(DEVICES_PATH).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let list: Vec<DeviceInfo> = serde_json::from_slice(&reply.body).unwrap();
    let find = |d| list.iter().find(|i| i.id == d).unwrap();
    assert_eq!(find(device(1)).username, "hewan");
    assert_eq!(find(device(1)).label, "hewan's phone");
    assert!(find(device(1)).last_sync_ms.is_some());
    assert!(!find(device(1)).stale);
    assert_eq!(find(device(2)).last_sync_ms, None);
    assert!(!find(device(2)).stale, "registered just now");
    assert!(find(device(3)).stale, "not synced for six days");
}

#[tokio::test]
async fn a_viewer_records_nothing_but_its_queue_moves_on() {
    let app = TestApp::new().await;
    app.add_user("county", Role::Viewer, shared::fixtures::DEMO_ROOT)
        .await;
    let viewer = app.login("county", device(1)).await;
    let res = applied(
        &app.push_as(&viewer.token, &hewan_batch(device(1), 1..=3))
            .await,
    );
    assert_eq!(res.last_applied, 3, "the numbers advance");
    assert!(res.receipts.iter().all(|r| matches!(
        r.outcome,
        shared::sync::protocol::Outcome::Rejected {
            reason: shared::sync::protocol::RejectReason::NotPermitted { .. }
        }
    )));
    assert_eq!(app.counts().await.0, 0);
    // A retry gets the very same refusals.
    let again = app
        .push_as(&viewer.token, &hewan_batch(device(1), 1..=3))
        .await;
    assert_eq!(applied(&again), res);
}
