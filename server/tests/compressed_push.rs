//! Pushes sent gzip-compressed (`Content-Encoding: gzip`, as a phone's
//! `CompressionStream` makes them): applied exactly as the plain body would
//! be, replays included; the body limit counts the bytes after
//! decompression, so a zip bomb is refused 413 before it fills memory; a
//! broken stream and an encoding we do not take are refused.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use axum::body::Body;
use axum::http::{header, Request};
use common::{applied, creates, device, error_code, with_token, TestApp};
use flate2::write::GzEncoder;
use flate2::Compression;
use server::limits::API_BODY_LIMIT;
use shared::api::PUSH_PATH;
use shared::sync::protocol::{PushRequest, PushResponse};
use std::io::Write;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

/// A push of `body` with `Content-Encoding: encoding`.
fn encoded_push(token: &str, encoding: &str, body: Vec<u8>) -> Request<Body> {
    let req = Request::post(PUSH_PATH)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CONTENT_ENCODING, encoding)
        .body(Body::from(body))
        .unwrap();
    with_token(req, token)
}

#[tokio::test]
async fn a_gzipped_push_is_applied_once_like_a_plain_one() {
    let app = TestApp::new().await;
    let dev = device(1);
    let token = app.admin_token(dev).await;
    let (before, _, _) = app.counts().await;
    let batch: PushRequest = creates(dev, 1..=20);
    let json = serde_json::to_vec(&batch).unwrap();
    let zipped = gzip(&json);
    assert!(
        zipped.len() * 2 < json.len(),
        "{} vs {}",
        zipped.len(),
        json.len()
    );

    let first = app.send(encoded_push(&token, "gzip", zipped.clone())).await;
    assert_eq!(first.status, 200, "{}", first.text());
    let first: PushResponse = serde_json::from_slice(&first.body).unwrap();
    assert_eq!(first.receipts.len(), 20);

    // The same batch again (a lost answer), once compressed and once plain:
    // the same receipts, nothing stored twice.
    let again = app.send(encoded_push(&token, "gzip", zipped)).await;
    assert_eq!(again.status, 200, "{}", again.text());
    let again: PushResponse = serde_json::from_slice(&again.body).unwrap();
    let plain = app.push_as(&token, &batch).await;
    assert_eq!(plain.status, 200, "{}", plain.text());
    let plain: PushResponse = serde_json::from_slice(&plain.body).unwrap();
    for i in 0..20 {
        assert_eq!(applied(&again, i), applied(&first, i));
        assert_eq!(applied(&plain, i), applied(&first, i));
    }
    let (entries, _, _) = app.counts().await;
    assert_eq!(entries, before + 20);
}

#[tokio::test]
async fn a_zip_bomb_is_refused_413_after_decompression() {
    let app = TestApp::new().await;
    let dev = device(2);
    let token = app.admin_token(dev).await;
    // 64 MiB of blanks (valid JSON whitespace) compress to about 64 KiB:
    // small on the wire, far past the limit once decompressed.
    let mut inflated = vec![b' '; 64 * 1024 * 1024];
    inflated.extend_from_slice(b"{}");
    let bomb = gzip(&inflated);
    assert!(bomb.len() < API_BODY_LIMIT / 8, "{}", bomb.len());
    let reply = app.send(encoded_push(&token, "gzip", bomb)).await;
    assert_eq!(reply.status, 413, "{}", reply.text());
    assert_eq!(error_code(&reply), "body_too_large");
    let message = reply.json()["error"]["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(message.contains("after decompression"), "{message}");

    // Just under the limit once decompressed, the body is read (and then
    // refused for its shape, not its size).
    let mut fits = vec![b' '; API_BODY_LIMIT - 2];
    fits.extend_from_slice(b"{}");
    let reply = app.send(encoded_push(&token, "gzip", gzip(&fits))).await;
    assert_eq!(reply.status, 422, "{}", reply.text());
}

#[tokio::test]
async fn a_broken_stream_and_an_unknown_encoding_are_refused() {
    let app = TestApp::new().await;
    let dev = device(3);
    let token = app.admin_token(dev).await;
    let (before, _, _) = app.counts().await;
    let json = serde_json::to_vec(&creates(dev, 1..=3)).unwrap();

    let mut broken = gzip(&json);
    broken.truncate(broken.len() / 2);
    let reply = app.send(encoded_push(&token, "gzip", broken)).await;
    assert_eq!(reply.status, 400, "{}", reply.text());
    assert_eq!(error_code(&reply), "unreadable_body");

    let reply = app.send(encoded_push(&token, "br", json)).await;
    assert_eq!(reply.status, 415, "{}", reply.text());
    assert_eq!(reply.header(header::ACCEPT_ENCODING), "gzip");
    let (entries, _, _) = app.counts().await;
    assert_eq!(entries, before);
}
