//! The admin API at work: organisations created, renamed, moved, retired
//! (their history kept) and restored by the tree's rules; accounts created with
//! one-time passwords; the audit log paged.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use axum::http::Method;
use common::{create, device, error_code, Reply, TestApp, ADMIN_DEVICE};
use serde_json::json;
use shared::access::{Denied, Role};
use shared::account::{AuditPage, CreatedUser, UserInfo};
use shared::api::{AUDIT_PATH, ENTRIES_PATH, ORGS_PATH, USERS_PATH};
use shared::fixtures::{sample_entry, DEMO_HEWAN, DEMO_HEWAN_DANCE, DEMO_ROOT, DEMO_XIAOJING};
use shared::org::Organisation;
use shared::sync::protocol::{EntryPage, Outcome, PushRequest, PushResponse, RejectReason};

async fn admin(app: &TestApp, method: Method, uri: &str, body: serde_json::Value) -> Reply {
    let token = app.admin_token(ADMIN_DEVICE).await;
    app.send_json_as(&token, method, uri, serde_json::to_vec(&body).unwrap())
        .await
}

fn ok<T: serde::de::DeserializeOwned>(reply: &Reply, status: u16) -> T {
    assert_eq!(reply.status, status, "{}", reply.text());
    serde_json::from_slice(&reply.body).unwrap()
}

fn refused(reply: &Reply, status: u16, code: &str) -> serde_json::Value {
    assert_eq!(reply.status, status, "{}", reply.text());
    assert_eq!(error_code(reply), code);
    reply.json()
}

#[tokio::test]
async fn organisations_follow_the_tree_rules() {
    let app = TestApp::new().await;
    let reply = admin(
        &app,
        Method::POST,
        ORGS_PATH,
        json!({"name": "新村妇联", "kind": "village", "parent_id": DEMO_ROOT, "pilot": true,
               "venues": ["womens_home", "womens_home"]}),
    )
    .await;
    let village: Organisation = ok(&reply, 201);
    assert_eq!(village.venues.len(), 1, "each venue once");
    assert!(village.pilot);

    // Where a kind may sit, in both languages.
    let reply = admin(
        &app,
        Method::POST,
        ORGS_PATH,
        json!({"name": "错位", "kind": "village", "parent_id": DEMO_HEWAN}),
    )
    .await;
    let v = refused(&reply, 422, "invalid_org");
    assert_eq!(v["error"]["message_zh"], "村妇联不能设在社区妇联之下");
    assert_eq!(
        v["error"]["message"],
        "A Village federation cannot sit under Community federation"
    );
    let reply = admin(
        &app,
        Method::POST,
        ORGS_PATH,
        json!({"name": " ", "kind": "village", "parent_id": DEMO_ROOT}),
    )
    .await;
    refused(&reply, 422, "invalid_org");
    // Text that reads backwards is refused; invisible edges are trimmed, so
    // no two organisations look alike.
    for name in ["河湾社区妇联\u{202E}", "\u{200B}\u{FEFF}", "新\u{2066}村"] {
        let reply = admin(
            &app,
            Method::POST,
            ORGS_PATH,
            json!({"name": name, "kind": "village", "parent_id": DEMO_ROOT}),
        )
        .await;
        refused(&reply, 422, "invalid_org");
    }
    let reply = admin(
        &app,
        Method::POST,
        ORGS_PATH,
        json!({"name": "\u{200B}东村妇联 \u{FEFF}", "kind": "village", "parent_id": DEMO_ROOT}),
    )
    .await;
    let trimmed: Organisation = ok(&reply, 201);
    assert_eq!(trimmed.name, "东村妇联");

    // Rename and move a group to the new village.
    let uri = format!("{ORGS_PATH}/{DEMO_HEWAN_DANCE}");
    let reply = admin(
        &app,
        Method::PATCH,
        &uri,
        json!({"name": "广场舞队", "parent_id": village.id}),
    )
    .await;
    let moved: Organisation = ok(&reply, 200);
    assert_eq!(
        (moved.name.as_str(), moved.parent_id),
        ("广场舞队", Some(village.id))
    );
    // Not under itself.
    let reply = admin(
        &app,
        Method::PATCH,
        &format!("{ORGS_PATH}/{DEMO_ROOT}"),
        json!({"parent_id": DEMO_HEWAN}),
    )
    .await;
    refused(&reply, 422, "invalid_org");
    // Unknown organisations and malformed ids are 404.
    let reply = admin(
        &app,
        Method::PATCH,
        &format!("{ORGS_PATH}/{}", uuid::Uuid::nil()),
        json!({}),
    )
    .await;
    refused(&reply, 404, "not_found");
    let reply = admin(
        &app,
        Method::PATCH,
        &format!("{ORGS_PATH}/not-an-id"),
        json!({}),
    )
    .await;
    refused(&reply, 404, "not_found");
}

#[tokio::test]
async fn a_retired_organisation_keeps_its_history_and_takes_nothing_new() {
    let app = TestApp::new().await;
    // An entry of 小井村 first.
    let mut entry = sample_entry(3);
    entry.org_id = DEMO_XIAOJING;
    let res: PushResponse = ok(
        &app.push(&PushRequest {
            device_id: device(1),
            changes: vec![create(1, entry.clone())],
        })
        .await,
        200,
    );
    assert!(matches!(res.receipts[0].outcome, Outcome::Applied { .. }));

    let uri = format!("{ORGS_PATH}/{DEMO_HEWAN}");
    let reply = admin(&app, Method::PATCH, &uri, json!({"retired": true})).await;
    let v = refused(&reply, 422, "invalid_org");
    assert_eq!(v["error"]["message_zh"], "请先撤销其下级组织");

    let uri = format!("{ORGS_PATH}/{DEMO_XIAOJING}");
    let retired: Organisation = ok(
        &admin(&app, Method::PATCH, &uri, json!({"retired": true})).await,
        200,
    );
    assert!(retired.retired);
    // Still listed, flagged; its entries still listed.
    let orgs: Vec<Organisation> = ok(&app.get_admin(ORGS_PATH).await, 200);
    assert!(orgs.iter().any(|o| o.id == DEMO_XIAOJING && o.retired));
    let page: EntryPage = ok(&app.get_admin(ENTRIES_PATH).await, 200);
    assert_eq!(page.entries[0].entry, entry);
    // No new entries for it; no new accounts in it.
    let mut newer = sample_entry(7);
    newer.org_id = DEMO_XIAOJING;
    let res: PushResponse = ok(
        &app.push(&PushRequest {
            device_id: device(1),
            changes: vec![create(2, newer)],
        })
        .await,
        200,
    );
    assert_eq!(
        res.receipts[0].outcome,
        Outcome::Rejected {
            reason: RejectReason::NotPermitted {
                denied: Denied::RetiredOrganisation
            }
        }
    );
    let reply = admin(&app, Method::POST, USERS_PATH, json!({"username": "late", "display_name": "迟到", "role": "cadre", "org_id": DEMO_XIAOJING})).await;
    refused(&reply, 422, "invalid_org");
    // Restored, it takes entries again.
    let restored: Organisation = ok(
        &admin(&app, Method::PATCH, &uri, json!({"retired": false})).await,
        200,
    );
    assert!(!restored.retired);
}

#[tokio::test]
async fn accounts_get_one_time_passwords() {
    let app = TestApp::new().await;
    let reply = admin(&app, Method::POST, USERS_PATH, json!({"username": " SunYP ", "display_name": "孙艳萍", "role": "cadre", "org_id": DEMO_HEWAN})).await;
    let created: CreatedUser = ok(&reply, 201);
    assert_eq!(created.user.username, "sunyp");
    assert_eq!(created.user.role, Role::Cadre);
    let one_time = created.one_time_password.clone().unwrap();
    assert_eq!(one_time.len(), 12);
    // Right, and made by the server: to be replaced at the first sign-in.
    refused(
        &app.try_login("sunyp", &one_time, device(1)).await,
        403,
        "password_change_required",
    );
    // The hash, never the password, is stored.
    let stored: String =
        sqlx::query_scalar("SELECT password_hash FROM users WHERE username = 'sunyp'")
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    assert!(stored.starts_with("$argon2id$") && !stored.contains(&one_time));

    // A chosen password is not echoed.
    let reply = admin(&app, Method::POST, USERS_PATH, json!({"username": "county", "display_name": "县妇联", "role": "viewer", "org_id": DEMO_ROOT, "password": "a-chosen-password"})).await;
    let created: CreatedUser = ok(&reply, 201);
    assert_eq!(created.one_time_password, None);
    assert!(!reply.text().contains("a-chosen-password"));

    let taken = admin(&app, Method::POST, USERS_PATH, json!({"username": "SUNYP", "display_name": "另一个", "role": "cadre", "org_id": DEMO_HEWAN})).await;
    refused(&taken, 409, "username_taken");
    for (body, code) in [
        (
            json!({"username": "李华", "display_name": "李华", "role": "cadre", "org_id": DEMO_HEWAN}),
            "invalid_account",
        ),
        (
            json!({"username": "lihua", "display_name": " ", "role": "cadre", "org_id": DEMO_HEWAN}),
            "invalid_account",
        ),
        (
            json!({"username": "lihua", "display_name": "李华", "role": "cadre", "org_id": DEMO_HEWAN, "password": "short"}),
            "invalid_account",
        ),
        (
            json!({"username": "lihua", "display_name": "李华", "role": "cadre", "org_id": uuid::Uuid::nil()}),
            "invalid_org",
        ),
    ] {
        let reply = admin(&app, Method::POST, USERS_PATH, body).await;
        let v = refused(&reply, 422, code);
        assert!(!v["error"]["message_zh"].as_str().unwrap().is_empty());
    }
    let users: Vec<UserInfo> = ok(&app.get_admin(USERS_PATH).await, 200);
    assert_eq!(users.len(), 3, "admin, sunyp, county");
    assert!(!String::from_utf8_lossy(&app.get_admin(USERS_PATH).await.body).contains("argon2"));
}

#[tokio::test]
async fn the_audit_log_pages_newest_first() {
    let app = TestApp::new().await;
    for n in 0..5 {
        let reply = admin(
            &app,
            Method::PATCH,
            &format!("{ORGS_PATH}/{DEMO_HEWAN}"),
            json!({"name": format!("河湾{n}")}),
        )
        .await;
        assert_eq!(reply.status, 200);
    }
    let first: AuditPage = ok(&app.get_admin(&format!("{AUDIT_PATH}?limit=2")).await, 200);
    assert_eq!(first.records.len(), 2);
    assert!(first.records[0].id > first.records[1].id);
    assert_eq!(first.records[0].detail, "renamed to 河湾4");
    assert_eq!(first.records[0].username.as_deref(), Some("admin"));
    let before = first.next_before.unwrap();
    let second: AuditPage = ok(
        &app.get_admin(&format!("{AUDIT_PATH}?limit=2&before={before}"))
            .await,
        200,
    );
    assert_eq!(second.records[0].detail, "renamed to 河湾2");
    let all: AuditPage = ok(&app.get_admin(AUDIT_PATH).await, 200);
    assert_eq!(all.next_before, None);
    assert_eq!(all.records.last().unwrap().action, "auth.login");
}
