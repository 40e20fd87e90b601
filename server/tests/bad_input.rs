//! Requests no correct client sends: each gets a 4xx JSON error with a code
//! and messages in both languages, and the database stays empty.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use axum::body::{Body, Bytes};
use axum::http::{header, Method, Request, StatusCode};
use common::{body, creates, device, error_code, sample_json, TestApp};
use serde_json::json;
use shared::api::{ENTRIES_PATH, PUSH_PATH};
use shared::sync::protocol::MAX_BATCH;

/// A JSON POST to the push endpoint as the admin signed in on `device(1)`.
async fn post_push(app: &TestApp, body: impl Into<Body>) -> common::Reply {
    let token = app.admin_token(device(1)).await;
    app.post_json_as(&token, PUSH_PATH, body).await
}

/// `req` with the admin's token for `device(1)`.
async fn signed(app: &TestApp, req: Request<Body>) -> Request<Body> {
    common::with_token(req, &app.admin_token(device(1)).await)
}

/// Checks status and code, and that nothing was stored.
async fn refused(app: &TestApp, reply: common::Reply, status: u16, code: &str) -> String {
    assert_eq!(
        reply.status,
        status,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    assert_eq!(error_code(&reply), code);
    assert_eq!(app.counts().await, (0, 0, 0));
    reply.json()["error"]["message"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn change(seq: i64, entry: serde_json::Value) -> serde_json::Value {
    json!({ "seq": seq, "op": { "create": { "entry": entry } } })
}

fn push_body(changes: Vec<serde_json::Value>) -> Vec<u8> {
    body(json!({ "device_id": device(1), "changes": changes }))
}

#[tokio::test]
async fn malformed_json() {
    let app = TestApp::new().await;
    let reply = post_push(&app, "{\"device_id\": ").await;
    refused(&app, reply, 400, "invalid_json").await;
}

#[tokio::test]
async fn a_missing_field_is_named() {
    let app = TestApp::new().await;
    let mut entry = sample_json(1);
    entry.as_object_mut().unwrap().remove("title");
    let reply = post_push(&app, push_body(vec![change(1, entry)])).await;
    let message = refused(&app, reply, 422, "invalid_body").await;
    assert!(message.contains("title"), "{message}");
}

#[tokio::test]
async fn a_negative_count_is_named_with_its_path() {
    let app = TestApp::new().await;
    let mut entry = sample_json(1);
    entry["counts"]["participants"] = json!(-5);
    let reply = post_push(&app, push_body(vec![change(1, entry)])).await;
    let message = refused(&app, reply, 422, "invalid_body").await;
    assert!(
        message.contains("changes[0].op.create.entry.counts.participants"),
        "{message}"
    );
    assert!(message.contains("expected u64"), "{message}");
}

#[tokio::test]
async fn wrong_content_type() {
    let app = TestApp::new().await;
    let req = Request::post(PUSH_PATH)
        .header(header::CONTENT_TYPE, "text/plain")
        .body(Body::from(push_body(vec![change(1, sample_json(1))])))
        .unwrap();
    let reply = app.send(signed(&app, req).await).await;
    refused(&app, reply, 415, "unsupported_media_type").await;
}

/// 10 MB of a valid-looking batch: the limit must bite while reading.
fn huge_body() -> Vec<u8> {
    let mut entry = sample_json(1);
    entry["note"] = json!("很".repeat(3_500_000));
    push_body(vec![change(1, entry)])
}

#[tokio::test]
async fn a_huge_body_with_content_length() {
    let app = TestApp::new().await;
    let bytes = huge_body();
    assert!(bytes.len() > 10_000_000);
    let req = Request::post(PUSH_PATH)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CONTENT_LENGTH, bytes.len())
        .body(Body::from(bytes))
        .unwrap();
    let reply = app.send(signed(&app, req).await).await;
    refused(&app, reply, 413, "body_too_large").await;
}

#[tokio::test]
async fn a_huge_body_sent_chunked() {
    let app = TestApp::new().await;
    let chunks = huge_body()
        .chunks(64 * 1024)
        .map(Bytes::copy_from_slice)
        .collect();
    let req = Request::post(PUSH_PATH)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::new(Chunked(chunks)))
        .unwrap();
    assert!(req.headers().get(header::CONTENT_LENGTH).is_none());
    let reply = app.send(signed(&app, req).await).await;
    refused(&app, reply, 413, "body_too_large").await;
}

/// A body of unknown length, like `Transfer-Encoding: chunked` on the wire.
struct Chunked(std::collections::VecDeque<Bytes>);

impl http_body::Body for Chunked {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        std::task::Poll::Ready(self.0.pop_front().map(|b| Ok(http_body::Frame::data(b))))
    }
}

#[tokio::test]
async fn seq_zero() {
    let app = TestApp::new().await;
    let reply = post_push(&app, push_body(vec![change(0, sample_json(1))])).await;
    refused(&app, reply, 422, "invalid_batch").await;
}

#[tokio::test]
async fn non_consecutive_seqs() {
    let app = TestApp::new().await;
    let reply = post_push(
        &app,
        push_body(vec![change(1, sample_json(1)), change(3, sample_json(3))]),
    )
    .await;
    let message = refused(&app, reply, 422, "invalid_batch").await;
    assert!(message.contains("after 1 came 3"), "{message}");
}

#[tokio::test]
async fn too_many_changes() {
    let app = TestApp::new().await;
    let batch = creates(device(1), 1..=MAX_BATCH as u64 + 1);
    let reply = app.push(&batch).await;
    refused(&app, reply, 422, "invalid_batch").await;
}

#[tokio::test]
async fn a_seq_beyond_what_the_database_holds() {
    let app = TestApp::new().await;
    let reply = post_push(
        &app,
        push_body(vec![
            json!({"seq": u64::MAX, "op": {"create": {"entry": sample_json(1)}}}),
        ]),
    )
    .await;
    refused(&app, reply, 422, "invalid_batch").await;
}

#[tokio::test]
async fn bad_query_and_unknown_api_paths() {
    let app = TestApp::new().await;
    let reply = app.get_admin(&format!("{ENTRIES_PATH}?after=-1")).await;
    refused(&app, reply, 400, "invalid_query").await;
    let reply = app.get("/api/v1/nothing").await;
    refused(&app, reply, 404, "not_found").await;
    let reply = app.get("/api").await;
    refused(&app, reply, 404, "not_found").await;
    let req = Request::builder()
        .method(Method::DELETE)
        .uri(PUSH_PATH)
        .body(Body::empty())
        .unwrap();
    let reply = app.send(req).await;
    assert_eq!(reply.header(header::ALLOW), "POST");
    refused(&app, reply, 405, "method_not_allowed").await;
}

#[tokio::test]
async fn health_answers() {
    let app = TestApp::new().await;
    let reply = app.get("/api/v1/health").await;
    assert_eq!(reply.status, StatusCode::OK);
    let v = reply.json();
    assert_eq!(v["ok"], true);
    assert!(v["server_time_ms"].as_i64().unwrap() > 1_700_000_000_000);
}
