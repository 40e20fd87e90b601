//! The body-read and request timeouts through the router (`oneshot`, short
//! timeouts): a body that stalls, and one trickled so slowly that it never
//! pauses long enough to stall, are both answered 408 `request_timeout` in the
//! API's JSON shape, which the app retries. The header-read timeout is
//! hyper's and is tested on a real socket (`slow_clients.rs`).
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use axum::body::{Body, Bytes};
use axum::http::{header, Method, Request};
use common::{call, error_code};
use http_body::Frame;
use server::assets::Assets;
use server::timeouts::Timeouts;
use server::{app_with, AppState};
use shared::api::LOGIN_PATH;
use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{ready, Context, Poll};
use std::time::Duration;
use tokio::time::{sleep, Sleep};

/// A request body that sends `first`, then one space (JSON whitespace) after
/// every `gap`, for ever.
struct Trickle {
    first: Option<Bytes>,
    gap: Duration,
    next: Pin<Box<Sleep>>,
}

impl Trickle {
    fn new(first: &'static str, gap: Duration) -> Self {
        Self {
            first: Some(Bytes::from_static(first.as_bytes())),
            gap,
            next: Box::pin(sleep(gap)),
        }
    }
}

impl http_body::Body for Trickle {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        if let Some(first) = self.first.take() {
            return Poll::Ready(Some(Ok(Frame::data(first))));
        }
        ready!(self.next.as_mut().poll(cx));
        let gap = self.gap;
        self.next.as_mut().reset(tokio::time::Instant::now() + gap);
        Poll::Ready(Some(Ok(Frame::data(Bytes::from_static(b" ")))))
    }
}

/// A sign-in whose body is `body`, through an app with `timeouts`.
async fn sign_in_with(timeouts: Timeouts, body: Trickle) -> common::Reply {
    let app = common::TestApp::new().await;
    let router = app_with(
        AppState::new(app.db.clone(), Arc::new(Assets::empty())),
        &timeouts,
    );
    let req = Request::builder()
        .method(Method::POST)
        .uri(LOGIN_PATH)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::new(body))
        .unwrap();
    call(router, req).await
}

#[tokio::test]
async fn a_stalled_body_is_answered_408() {
    let timeouts = Timeouts {
        header_read: Duration::from_secs(30),
        body_read: Duration::from_millis(200),
        request: Duration::from_secs(60),
    };
    // Half a sign-in, then nothing for an hour.
    let reply = sign_in_with(
        timeouts,
        Trickle::new("{\"username\":\"adm", Duration::from_secs(3600)),
    )
    .await;
    assert_eq!(reply.status, 408, "{}", reply.text());
    assert_eq!(error_code(&reply), "request_timeout");
    assert_eq!(reply.header(header::CACHE_CONTROL), "no-store");
}

#[tokio::test]
async fn a_body_trickled_past_the_request_timeout_is_answered_408() {
    let timeouts = Timeouts {
        header_read: Duration::from_secs(30),
        body_read: Duration::from_secs(30),
        request: Duration::from_millis(500),
    };
    // Never a pause near the body-read timeout, never an end.
    let reply = sign_in_with(
        timeouts,
        Trickle::new("{\"username\":", Duration::from_millis(20)),
    )
    .await;
    assert_eq!(reply.status, 408, "{}", reply.text());
    assert_eq!(error_code(&reply), "request_timeout");
    assert!(reply.headers.contains_key(header::CONTENT_SECURITY_POLICY));
}
