//! `Cache-Control: no-store` on every answer of the API (the F5):
//! each route's success as the admin, the sign-in that carries a token, and
//! the refusals (no token, a bad password, an unknown path, a wrong method,
//! a bad body). Static files keep their own policy.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request};
use common::{creates, device, Reply, TestApp, ADMIN, ADMIN_DEVICE, PASSWORD};
use serde_json::json;
use shared::access::Role;
use shared::api::{
    AUDIT_PATH, CATALOGUE_PATH, DEVICES_PATH, ENTRIES_PATH, HEALTH_PATH, IMPORT_PATH, LOGIN_PATH,
    LOGOUT_PATH, ME_PATH, ORGS_PATH, PULL_PATH, PUSH_PATH, REPORT_CSV_PATH, REPORT_PATH,
    REPORT_XLSX_PATH, SUMMARY_DOCX_PATH, USERS_PATH,
};
use shared::fixtures::{DEMO_HEWAN, DEMO_ROOT};

const YEAR: &str = "from=2024-01-01&to=2024-12-31";

/// Checks the answer's status and that it may not be stored.
fn no_store(what: &str, reply: &Reply, status: u16) {
    assert_eq!(reply.status, status, "{what}: {}", reply.text());
    assert_eq!(
        reply
            .headers
            .get(header::CACHE_CONTROL)
            .map(|v| v.to_str().unwrap()),
        Some("no-store"),
        "{what}"
    );
}

#[tokio::test]
async fn every_api_answer_is_no_store() {
    let app = TestApp::new().await;
    let cadre = app.add_user("hewan", Role::Cadre, DEMO_HEWAN).await;

    let login = app.try_login(ADMIN, PASSWORD, device(1)).await;
    no_store("sign-in (the token)", &login, 200);
    let token = login.json()["token"].as_str().unwrap().to_owned();

    let push = app.push_as(&token, &creates(device(1), 1..=2)).await;
    no_store("push", &push, 200);

    let gets = [
        ("me", ME_PATH.to_owned()),
        ("pull", format!("{PULL_PATH}?after=0&limit=10")),
        ("entries", format!("{ENTRIES_PATH}?after=0&limit=10")),
        ("catalogue", CATALOGUE_PATH.to_owned()),
        ("health", HEALTH_PATH.to_owned()),
        ("orgs", ORGS_PATH.to_owned()),
        ("users", USERS_PATH.to_owned()),
        ("devices", DEVICES_PATH.to_owned()),
        ("audit", format!("{AUDIT_PATH}?limit=10")),
        ("report", format!("{REPORT_PATH}?{YEAR}")),
        ("csv export", format!("{REPORT_CSV_PATH}?{YEAR}")),
        ("xlsx export", format!("{REPORT_XLSX_PATH}?{YEAR}")),
    ];
    for (what, uri) in &gets {
        no_store(what, &app.get_as(&token, uri).await, 200);
    }

    let writes = [
        (
            "create org",
            Method::POST,
            ORGS_PATH.to_owned(),
            json!({"name": "新村妇联", "kind": "village", "parent_id": DEMO_ROOT}),
            201,
        ),
        (
            "rename org",
            Method::PATCH,
            format!("{ORGS_PATH}/{DEMO_HEWAN}"),
            json!({"name": "河湾社区妇女联合会"}),
            200,
        ),
        (
            "create user",
            Method::POST,
            USERS_PATH.to_owned(),
            json!({"username": "sunyp", "display_name": "孙艳萍", "role": "cadre",
                   "org_id": DEMO_HEWAN}),
            201,
        ),
        (
            "reset password",
            Method::POST,
            format!("{USERS_PATH}/{}/reset-password", cadre.id),
            json!({}),
            200,
        ),
        (
            "revoke device",
            Method::POST,
            format!("{DEVICES_PATH}/{}/revoke", device(1)),
            json!({}),
            200,
        ),
        (
            "restore device",
            Method::POST,
            format!("{DEVICES_PATH}/{}/restore", device(1)),
            json!({}),
            200,
        ),
        (
            "summary",
            Method::POST,
            SUMMARY_DOCX_PATH.to_owned(),
            json!({"title": "2024年工作总结", "body": "累计开展宣讲80余场"}),
            200,
        ),
        (
            "import (a file that is not one)",
            Method::POST,
            IMPORT_PATH.to_owned(),
            json!({"format": "something else"}),
            422,
        ),
    ];
    // From another device: the first is revoked on the way.
    let admin = app.admin_token(ADMIN_DEVICE).await;
    for (what, method, uri, body, status) in writes {
        let reply = app
            .send_json_as(&admin, method, &uri, common::body(body))
            .await;
        no_store(what, &reply, status);
    }

    // Refusals say who may see what: not stored either.
    no_store("no token", &app.get(ME_PATH).await, 401);
    no_store(
        "bad password",
        &app.try_login(ADMIN, "not-the-password", device(2)).await,
        401,
    );
    no_store(
        "unknown path",
        &app.get_as(&admin, "/api/v1/nothing").await,
        404,
    );
    no_store("wrong method", &app.get_as(&admin, PUSH_PATH).await, 405);
    no_store(
        "bad body",
        &app.post_json_as(&admin, LOGIN_PATH, "{").await,
        400,
    );
    no_store(
        "sign-out",
        &app.post_json_as(&admin, LOGOUT_PATH, "").await,
        204,
    );
}

/// The rule is the API's: a static page keeps its own cache policy.
#[tokio::test]
async fn static_answers_keep_their_own_policy() {
    let app = TestApp::new().await;
    let reply = app
        .send(Request::get("/apiary").body(Body::empty()).unwrap())
        .await;
    let cache = reply.headers.get(header::CACHE_CONTROL);
    assert_ne!(cache.map(|v| v.to_str().unwrap()), Some("no-store"));
}
