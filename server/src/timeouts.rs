//! How long the server waits for a slow client, and the layers that enforce
//! the waits inside a request. Without them a client that stops half-way
//! holds its connection (a file descriptor, a task) for ever, and enough of
//! them stop the server from accepting anyone (the issue's "Too many open
//! files").
//!
//! Three waits, each a setting of a well-kept crate rather than a timer of
//! our own:
//! - **header read** — hyper's HTTP/1 `header_read_timeout`, set in
//!   `crate::listen`: from the moment hyper waits for a request until its
//!   head is complete. hyper starts the same timer whenever a keep-alive
//!   connection waits for its next request, so it is also the *idle* timeout.
//! - **body read** — tower-http's `RequestBodyTimeoutLayer`: the longest
//!   pause between two pieces of a request body. A body that stops short of
//!   its Content-Length fails after this pause; the API answers 408.
//! - **request** — tower's `timeout` (answered through [`AppError`]): the
//!   whole request, body and handler, so that a body trickled a byte at a
//!   time, each just inside the body-read pause, still ends.
//!
//! The defaults suit phones on 2G links (see the test below): a push of
//! [`MAX_BATCH`](shared::sync::protocol::MAX_BATCH) entries is about 100 KB,
//! five seconds at 20 KB/s; the longest push the API takes (1 MiB) is under a
//! minute. A 16 MiB import needs a fast link or `server import`.

use crate::error::AppError;
use axum::error_handling::HandleErrorLayer;
use axum::{BoxError, Router};
use std::time::Duration;
use tower::ServiceBuilder;
use tower_http::timeout::RequestBodyTimeoutLayer;

/// Seconds for a request's head, and for an idle keep-alive connection
/// (hyper's own default, and what Go's servers are commonly given).
pub const DEFAULT_HEADER_READ_SECS: u64 = 30;
/// Seconds a body may pause between two pieces: a 2G link that stalls for
/// this long has lost the request anyway (the phone retries).
pub const DEFAULT_BODY_READ_SECS: u64 = 30;
/// Seconds for a whole request, body and answer.
pub const DEFAULT_REQUEST_SECS: u64 = 120;

/// The waits, as the command line sets them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    pub header_read: Duration,
    pub body_read: Duration,
    pub request: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            header_read: Duration::from_secs(DEFAULT_HEADER_READ_SECS),
            body_read: Duration::from_secs(DEFAULT_BODY_READ_SECS),
            request: Duration::from_secs(DEFAULT_REQUEST_SECS),
        }
    }
}

/// `router` with the body-read and request timeouts around every route
/// (the header-read timeout is hyper's, below the router).
pub fn apply<S>(router: Router<S>, timeouts: &Timeouts) -> Router<S>
where
    S: Clone + Send + Sync + 'static,
{
    router
        .layer(RequestBodyTimeoutLayer::new(timeouts.body_read))
        .layer(
            ServiceBuilder::new()
                .layer(HandleErrorLayer::new(request_failed))
                .timeout(timeouts.request),
        )
}

/// tower's timeout fails the service; the client gets our 408 (which the
/// app retries) instead.
async fn request_failed(error: BoxError) -> AppError {
    if error.is::<tower::timeout::error::Elapsed>() {
        AppError::RequestTimeout
    } else {
        AppError::Internal(error.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::limits::API_BODY_LIMIT;

    /// The bar: a push of 200 entries over 20 KB/s gets through. The
    /// largest push the API accepts at all, 1 MiB, must too, with room for
    /// the server's work and a stalled second or two.
    #[test]
    fn a_full_push_over_2g_fits_the_defaults() {
        let t = Timeouts::default();
        let at_20_kb_s = Duration::from_secs_f64(API_BODY_LIMIT as f64 / 20_000.0);
        assert!(
            at_20_kb_s * 2 < t.request,
            "{at_20_kb_s:?} vs {:?}",
            t.request
        );
        // A 2G link's pauses (seconds) stay well inside the body-read pause.
        assert!(t.body_read >= Duration::from_secs(15));
        assert!(t.header_read >= Duration::from_secs(15));
    }
}
