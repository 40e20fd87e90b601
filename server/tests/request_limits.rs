//! Oversized request heads (the F7): a URI or headers beyond our
//! limits are answered by our own layer, 414 or 431 in the API's JSON shape
//! with the security headers, not by hyper's bare status line. Through the
//! router first (`oneshot`), then on a real socket, where hyper's own limits
//! decide what reaches the router at all.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod binary;
mod common;

use axum::body::Body;
use axum::http::{header, Request};
use binary::{header as header_of, Running};
use common::{error_code, Reply, TestApp};
use server::headers::CONTENT_SECURITY_POLICY_VALUE;
use server::limits::{MAX_HEADERS, MAX_HEADER_BYTES, MAX_URI_BYTES};

const HEALTH: &str = "/api/v1/health";

/// `path` padded with a query to exactly `len` bytes.
fn uri_of_len(path: &str, len: usize) -> String {
    let mut uri = format!("{path}?pad=");
    uri.push_str(&"x".repeat(len - uri.len()));
    uri
}

/// A GET of `uri` with `n` extra headers of `value`.
fn request(uri: &str, n: usize, value: &str) -> Request<Body> {
    let mut req = Request::get(uri);
    for i in 0..n {
        req = req.header(format!("x-pad-{i}"), value);
    }
    req.body(Body::empty()).unwrap()
}

/// The answer must be our JSON error `code` with status and security headers.
fn refused(reply: &Reply, status: u16, code: &str) {
    assert_eq!(reply.status, status, "{}", reply.text());
    assert_eq!(error_code(reply), code);
    assert_eq!(
        reply.header(header::CONTENT_SECURITY_POLICY),
        CONTENT_SECURITY_POLICY_VALUE
    );
    assert_eq!(reply.header(header::X_CONTENT_TYPE_OPTIONS), "nosniff");
}

#[tokio::test]
async fn a_uri_beyond_the_limit_is_answered_414_in_json() {
    let app = TestApp::new().await;
    let at_limit = app.get(&uri_of_len(HEALTH, MAX_URI_BYTES)).await;
    assert_eq!(at_limit.status, 200, "{}", at_limit.text());

    let reply = app.get(&uri_of_len(HEALTH, MAX_URI_BYTES + 1)).await;
    refused(&reply, 414, "uri_too_long");
    assert_eq!(reply.header(header::CACHE_CONTROL), "no-store");
    let v = reply.json();
    assert!(
        v["error"]["message"].as_str().unwrap().contains("8192"),
        "{v}"
    );
    assert!(
        v["error"]["message_zh"].as_str().unwrap().contains("8192"),
        "{v}"
    );
    // Outside the API too: the app's pages are refused the same way.
    let page = app.get(&uri_of_len("/history", MAX_URI_BYTES + 1)).await;
    refused(&page, 414, "uri_too_long");
}

#[tokio::test]
async fn too_many_or_too_large_headers_are_answered_431_in_json() {
    let app = TestApp::new().await;
    // `oneshot` requests carry no headers of their own.
    let at_limit = app.send(request(HEALTH, MAX_HEADERS, "1")).await;
    assert_eq!(at_limit.status, 200, "{}", at_limit.text());
    let reply = app.send(request(HEALTH, MAX_HEADERS + 1, "1")).await;
    refused(&reply, 431, "headers_too_large");
    assert_eq!(reply.header(header::CACHE_CONTROL), "no-store");

    let big = "v".repeat(MAX_HEADER_BYTES / 4);
    let reply = app.send(request(HEALTH, 4, &big)).await;
    refused(&reply, 431, "headers_too_large");
    let reply = app.send(request(HEALTH, 3, &big)).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
}

/// A raw request with `n` padding headers of `value` and a `uri`.
fn raw_request(server: &Running, uri: &str, n: usize, value: &str) -> String {
    let mut head = format!("GET {uri} HTTP/1.1\r\nHost: {}\r\n", server.addr);
    for i in 0..n {
        head.push_str(&format!("X-Pad-{i}: {value}\r\n"));
    }
    head.push_str("Connection: close\r\n\r\n");
    server.raw(&head)
}

/// The status line and the JSON error code of a raw answer.
fn status_and_code(answer: &str) -> (&str, Option<String>) {
    let status = answer.lines().next().unwrap_or("");
    let code = answer
        .split_once("\r\n\r\n")
        .and_then(|(_, body)| serde_json::from_str::<serde_json::Value>(body).ok())
        .and_then(|v| v["error"]["code"].as_str().map(str::to_owned));
    (status, code)
}

/// What hyper would refuse itself at its default limits (100 headers) reaches
/// our layer now; only beyond hyper's raised limits is its bare answer left.
#[test]
fn on_a_real_socket_our_answer_comes_before_hypers() {
    let dir = tempfile::tempdir().unwrap();
    let server = Running::start(&dir.path().join("db.sqlite3"));

    let answer = raw_request(&server, HEALTH, 150, "1");
    let (status, code) = status_and_code(&answer);
    assert_eq!(
        status, "HTTP/1.1 431 Request Header Fields Too Large",
        "{answer}"
    );
    assert_eq!(code.as_deref(), Some("headers_too_large"), "{answer}");
    assert!(
        header_of(&answer, "content-security-policy").is_some(),
        "{answer}"
    );

    let answer = raw_request(&server, HEALTH, 10, &"v".repeat(4 * 1024));
    let (status, code) = status_and_code(&answer);
    assert_eq!(
        status, "HTTP/1.1 431 Request Header Fields Too Large",
        "{answer}"
    );
    assert_eq!(code.as_deref(), Some("headers_too_large"), "{answer}");

    let answer = raw_request(&server, &uri_of_len(HEALTH, 20 * 1024), 0, "");
    let (status, code) = status_and_code(&answer);
    assert_eq!(status, "HTTP/1.1 414 URI Too Long", "{answer}");
    assert_eq!(code.as_deref(), Some("uri_too_long"), "{answer}");
    assert_eq!(header_of(&answer, "cache-control"), Some("no-store"));

    // Beyond hyper's own limits (see server::limits): its bare answers.
    let answer = raw_request(&server, HEALTH, 250, "1");
    assert!(answer.starts_with("HTTP/1.1 431 "), "{answer}");
    assert_eq!(status_and_code(&answer).1, None, "{answer}");
    let answer = raw_request(&server, &uri_of_len(HEALTH, 70_000), 0, "");
    assert!(answer.starts_with("HTTP/1.1 414 "), "{answer}");
    assert_eq!(status_and_code(&answer).1, None, "{answer}");

    // An ordinary request on the same server is untouched.
    let (status, _) = server.get(HEALTH, None);
    assert_eq!(status, "HTTP/1.1 200 OK");
    server.stop();
}
