//! The never-synced sign-ins of one account revoked together (admin only,
//! audited): their sessions end, a phone that synced keeps working.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use common::{creates, device, error_code, TestApp, ADMIN_DEVICE};
use shared::access::Role;
use shared::account::{AuditPage, DeviceInfo};
use shared::api::{AUDIT_PATH, DEVICES_PATH, ME_PATH, USERS_PATH};
use shared::fixtures::DEMO_HEWAN;

fn path(user: uuid::Uuid) -> String {
    format!("{USERS_PATH}/{user}/revoke-never-synced")
}

#[tokio::test]
async fn never_synced_devices_are_revoked_together_and_audited() {
    let app = TestApp::new().await;
    let hewan = app.add_user("hewan", Role::Cadre, DEMO_HEWAN).await;
    let phone = app.login("hewan", device(1)).await;
    let reply = app.push_as(&phone.token, &creates(device(1), 1..=1)).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let mut idle = Vec::new();
    for n in 2..=4 {
        idle.push(app.login("hewan", device(n)).await);
    }

    let token = app.admin_token(ADMIN_DEVICE).await;
    let reply = app.post_json_as(&token, &path(hewan.id), "").await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let mut revoked: Vec<uuid::Uuid> =
        serde_json::from_value(reply.json()["revoked"].clone()).unwrap();
    revoked.sort();
    assert_eq!(revoked, vec![device(2), device(3), device(4)]);

    for s in &idle {
        assert_eq!(app.get_as(&s.token, ME_PATH).await.status, 401);
    }
    assert_eq!(
        app.get_as(&phone.token, ME_PATH).await.status,
        200,
        "the synced phone works on"
    );
    let devices: Vec<DeviceInfo> =
        serde_json::from_slice(&app.get_admin(DEVICES_PATH).await.body).unwrap();
    let mine: Vec<&DeviceInfo> = devices.iter().filter(|d| d.user_id == hewan.id).collect();
    assert_eq!(mine.iter().filter(|d| d.revoked).count(), 3);
    let audit: AuditPage = serde_json::from_slice(
        &app.get_admin(&format!("{AUDIT_PATH}?action=device.revoke"))
            .await
            .body,
    )
    .unwrap();
    assert_eq!(audit.records.len(), 3);

    // Again: nothing left to revoke.
    let reply = app.post_json_as(&token, &path(hewan.id), "").await;
    assert_eq!(reply.json()["revoked"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn only_an_admin_and_only_an_account() {
    let app = TestApp::new().await;
    let hewan = app.add_user("hewan", Role::Cadre, DEMO_HEWAN).await;
    let cadre = app.login("hewan", device(1)).await;
    let reply = app.post_json_as(&cadre.token, &path(hewan.id), "").await;
    assert_eq!(reply.status, 403);
    let token = app.admin_token(ADMIN_DEVICE).await;
    let reply = app
        .post_json_as(&token, &path(uuid::Uuid::from_u128(99)), "")
        .await;
    assert_eq!(reply.status, 404);
    assert_eq!(error_code(&reply), "not_found");
    let reply = app
        .post_json_as(
            &token,
            &format!("{USERS_PATH}/nope/revoke-never-synced"),
            "",
        )
        .await;
    assert_eq!(reply.status, 404);
}
