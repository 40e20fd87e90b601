//! Accepting connections and handing them to hyper: at most a fixed number
//! open at once, each served over HTTP/1.1 with a header-read timeout and
//! head limits, and a graceful stop that lets requests in flight finish.
//!
//! Why not `axum::serve`: it gives hyper no timer, so hyper's header-read
//! timeout never fires, and it has no connection cap; both are needed against
//! slow clients (see `crate::timeouts`). The loop below is axum's, with
//! hyper-util's `GracefulShutdown` for the stop.
//!
//! HTTP/1.1 only: browsers speak HTTP/2 only over TLS, which a proxy in front
//! terminates (and speaks HTTP/1.1 to us); the timeouts and head limits are
//! HTTP/1 settings of hyper.

use crate::limits::{HYPER_MAX_HEADERS, HYPER_MAX_HEAD_BYTES};
use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt;

/// Connections open at once unless told otherwise. A phone holds one or two
/// for a sync, a browser up to six while a page loads; idle ones close after
/// the header-read timeout. Each costs a file descriptor and about 25 KiB
/// (measured: 3,000 stalled connections, 65 MB), so the cap bounds memory to
/// about 100 MB, and is above the 1,100 stalled connections that stopped the
/// old server. Per-address limits belong to the proxy in front.
pub const DEFAULT_MAX_CONNECTIONS: u32 = 4096;
/// Descriptors kept free of connections: stdio, the listener, the runtime's,
/// the database pool's files (SQLite's database, WAL and shared memory per
/// connection), frontend files read from disk, logs.
pub const RESERVED_FILES: u64 = 64;

/// How connections are served.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Connections open at once; more wait in the kernel's listen queue.
    pub max_connections: usize,
    /// hyper's header-read timeout, also its keep-alive idle timeout.
    pub header_read_timeout: Duration,
    /// How long a stop waits for open connections before giving up on them.
    pub shutdown_grace: Duration,
}

/// Raises the process's soft limit of open files to its hard limit (a
/// service manager's soft default, 1,024, is often far below the hard one)
/// and returns the limit now in force, or `None` where it cannot be read.
pub fn raise_open_files_limit() -> Option<u64> {
    match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(limit) => Some(limit),
        Err(e) => {
            tracing::warn!(error = %e, "cannot read or raise the open-files limit");
            None
        }
    }
}

/// The connection cap: what was asked for, lowered so that connections and
/// [`RESERVED_FILES`] fit in the open-files limit (without room, accepting
/// fails with "Too many open files" and nobody is served).
pub fn connection_cap(wanted: u32, open_files: Option<u64>) -> usize {
    let wanted = u64::from(wanted);
    let room = open_files.map_or(wanted, |n| n.saturating_sub(RESERVED_FILES).max(1));
    usize::try_from(wanted.min(room)).unwrap_or(usize::MAX)
}

/// Serves `router` on `listener` until `shutdown` resolves, then stops
/// accepting and waits (at most `shutdown_grace`) for open connections: a
/// request in flight finishes, an idle connection is closed at once.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    settings: Settings,
    shutdown: impl Future<Output = ()>,
) {
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(settings.header_read_timeout)
        .max_headers(HYPER_MAX_HEADERS)
        .max_header_size(HYPER_MAX_HEAD_BYTES);
    let slots = Arc::new(Semaphore::new(settings.max_connections));
    let graceful = GracefulShutdown::new();
    let mut listener = listener;
    let mut shutdown = pin!(shutdown);
    loop {
        // A free slot first: at the cap, new clients wait in the kernel's
        // queue (they are not refused) until a connection ends.
        let slot = tokio::select! {
            biased;
            () = &mut shutdown => break,
            slot = Arc::clone(&slots).acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break, // never closed
            },
        };
        // axum's accept: transient errors are logged and retried.
        let (stream, peer) = tokio::select! {
            biased;
            () = &mut shutdown => break,
            accepted = axum::serve::Listener::accept(&mut listener) => accepted,
        };
        // The peer address reaches handlers (sign-in limits per address).
        let service = router
            .clone()
            .map_request(move |mut request: hyper::Request<Incoming>| {
                request.extensions_mut().insert(ConnectInfo(peer));
                request
            });
        let connection = graceful
            .watch(http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service)));
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                // A header-read timeout, a client gone mid-request: routine.
                tracing::debug!(%peer, error = %e, "connection ended");
            }
            drop(slot);
        });
    }
    drop(listener);
    tracing::info!(
        open = graceful.count(),
        "stopped accepting; waiting for open connections"
    );
    tokio::select! {
        () = graceful.shutdown() => {},
        () = tokio::time::sleep(settings.shutdown_grace) => {
            tracing::warn!("connections still open after {:?}; stopping anyway", settings.shutdown_grace);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cap_leaves_room_in_the_open_files_limit() {
        assert_eq!(connection_cap(1000, Some(1_048_576)), 1000);
        assert_eq!(connection_cap(1000, Some(1024)), 960);
        assert_eq!(connection_cap(1000, None), 1000);
        // Even a tiny limit serves someone.
        assert_eq!(connection_cap(1000, Some(10)), 1);
    }
}
