//! Valid JSON of the wrong shape is 422 `invalid_body` naming its path, even
//! where serde_json calls the error "syntax" (an enum given `null` or `{}`,
//! an enum object with two keys); text that is not JSON stays 400
//! `invalid_json`.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use common::{body, device, error_code, sample_json, TestApp};
use serde_json::{json, Value};
use shared::api::{LOGIN_PATH, PUSH_PATH};

/// Pushes `{"device_id", "changes": [{"seq": 1, "op": op}]}` as the admin.
async fn push_op(app: &TestApp, op: Value) -> common::Reply {
    let token = app.admin_token(device(1)).await;
    let batch = json!({ "device_id": device(1), "changes": [{ "seq": 1, "op": op }] });
    app.post_json_as(&token, PUSH_PATH, body(batch)).await
}

/// Checks a 422 `invalid_body` whose message names `path`, and that nothing was stored.
async fn names_path(app: &TestApp, reply: common::Reply, path: &str) {
    assert_eq!(reply.status, 422, "{}", reply.text());
    assert_eq!(error_code(&reply), "invalid_body");
    let message = reply.json()["error"]["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(message.contains(&format!("{path}:")), "{message}");
    assert_eq!(app.counts().await, (0, 0, 0));
}

#[tokio::test]
async fn a_null_level_is_a_shape_error_at_its_path() {
    let app = TestApp::new().await;
    let mut entry = sample_json(1);
    entry["level"] = Value::Null;
    let reply = push_op(&app, json!({ "create": { "entry": entry } })).await;
    names_path(&app, reply, "changes[0].op.create.entry.level").await;
}

#[tokio::test]
async fn an_empty_op_is_a_shape_error_at_its_path() {
    let app = TestApp::new().await;
    let reply = push_op(&app, json!({})).await;
    names_path(&app, reply, "changes[0].op").await;
}

#[tokio::test]
async fn an_op_with_two_keys_is_a_shape_error_at_its_path() {
    let app = TestApp::new().await;
    let op = json!({
        "resolve": { "entry_id": device(9), "conflict": { "change_no": 1, "field": "title" } },
        "create": { "entry": sample_json(1) },
    });
    let reply = push_op(&app, op).await;
    names_path(&app, reply, "changes[0].op").await;
}

#[tokio::test]
async fn a_null_where_an_enum_belongs_outside_the_push_too() {
    let app = TestApp::new().await;
    let login = json!({ "username": "admin", "password": "x", "device_id": null });
    let reply = app.post_json(LOGIN_PATH, body(login)).await;
    assert_eq!(reply.status, 422, "{}", reply.text());
    assert!(reply.text().contains("device_id"), "{}", reply.text());
}

#[tokio::test]
async fn text_that_is_not_json_stays_invalid_json() {
    let app = TestApp::new().await;
    let token = app.admin_token(device(1)).await;
    let whole = body(json!({ "device_id": device(1), "changes": [] }));
    let mut cut = whole.clone();
    cut.truncate(whole.len() - 3);
    let mut trailing = whole.clone();
    trailing.extend_from_slice(b" x");
    let mut null_inside = br#"{"device_id": nul"#.to_vec();
    null_inside.extend_from_slice(b"}");
    for bad in [cut, trailing, null_inside, b"".to_vec()] {
        let reply = app.post_json_as(&token, PUSH_PATH, bad.clone()).await;
        assert_eq!(
            reply.status,
            400,
            "{}: {}",
            String::from_utf8_lossy(&bad),
            reply.text()
        );
        assert_eq!(error_code(&reply), "invalid_json");
    }
    assert_eq!(app.counts().await, (0, 0, 0));
}
