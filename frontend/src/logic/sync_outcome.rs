//! What a sync run's outcome means, as plain values: why a run stopped, what
//! the status bar shows, whether the server was reached. The driver
//! (`state::sync`) decides when to run; this says what came of it.

use crate::platform::api::{ApiError, Transient};
use shared::device::StoreError;

/// A phone clock further off the server's than this is pointed out.
pub const CLOCK_OFF_MS: i64 = 10 * 60 * 1000;

/// Why a sync run stopped early.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Api(#[from] ApiError),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The server needs a change this phone no longer has (restored from an
    /// older backup?): a person must look.
    #[error("the server expects change {0}")]
    ServerExpects(u64),
    /// The server answered but took nothing; stop rather than loop.
    #[error("the server took no change")]
    NoProgress,
    /// Nobody is signed in (the account's view is closing).
    #[error("signed out")]
    SignedOut,
}

impl SyncError {
    /// Whether trying again later, unchanged, may succeed.
    pub fn is_transient(&self) -> bool {
        matches!(self, SyncError::Api(ApiError::Transient(_)))
    }
}

/// What the status bar shows about syncing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncView {
    /// A run is under way.
    pub syncing: bool,
    /// The browser says it has a network.
    pub online: bool,
    /// The fate of the last request to the server: `Some(false)` when it did
    /// not reach it (no connection, or an answer that was not the server's,
    /// as from a Wi-Fi login page); `None` before the first. A village's weak
    /// signal is "online" to the browser with every request failing.
    pub reachable: Option<bool>,
    /// Why the last run failed, until a run succeeds.
    pub problem: Option<SyncError>,
    /// Changes sent and to send in this run, while a large outbox drains.
    pub progress: Option<(u64, u64)>,
    /// How far the phone's clock is off the server's (server minus phone,
    /// ms), when more than [`CLOCK_OFF_MS`].
    pub clock_off_ms: Option<i64>,
}

/// The network as the sync card states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NetState {
    /// The browser says it has no network.
    Offline,
    /// The browser says it has one, but the last request did not get through.
    Unreachable,
    /// The browser says it has one, and the last request (if any) got through.
    Online,
}

impl SyncView {
    /// The browser's word and the last request's fate, together.
    pub fn net(&self) -> NetState {
        match (self.online, self.reachable) {
            (false, _) => NetState::Offline,
            (true, Some(false)) => NetState::Unreachable,
            (true, _) => NetState::Online,
        }
    }
}

/// Whether `result` of a run says the server was reached: `None` when the run
/// made no request that tells (another tab syncs, storage, signed out).
pub fn reached(result: &Result<bool, SyncError>) -> Option<bool> {
    match result {
        Ok(true) => Some(true),
        Ok(false) => None,
        Err(SyncError::Api(ApiError::Transient(Transient::Network | Transient::Unreadable))) => {
            Some(false)
        }
        Err(SyncError::Api(_) | SyncError::ServerExpects(_) | SyncError::NoProgress) => Some(true),
        Err(SyncError::Store(_) | SyncError::SignedOut) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_answers_of_the_server_count_as_reaching_it() {
        let network = SyncError::Api(ApiError::Transient(Transient::Network));
        let unreadable = SyncError::Api(ApiError::Transient(Transient::Unreadable));
        let busy = SyncError::Api(ApiError::Transient(Transient::Server(503)));
        let refused = SyncError::Api(ApiError::Permanent {
            status: 403,
            detail: None,
        });
        assert_eq!(reached(&Ok(true)), Some(true));
        assert_eq!(reached(&Ok(false)), None);
        assert_eq!(reached(&Err(network)), Some(false));
        assert_eq!(reached(&Err(unreadable)), Some(false));
        assert_eq!(reached(&Err(busy)), Some(true));
        assert_eq!(reached(&Err(refused)), Some(true));
        assert_eq!(reached(&Err(SyncError::NoProgress)), Some(true));
        assert_eq!(reached(&Err(SyncError::ServerExpects(7))), Some(true));
        assert_eq!(reached(&Err(SyncError::SignedOut)), None);
    }

    #[test]
    fn the_network_state_joins_the_browser_and_the_last_request() {
        let view = |online, reachable| SyncView {
            online,
            reachable,
            ..SyncView::default()
        };
        assert_eq!(view(false, Some(true)).net(), NetState::Offline);
        assert_eq!(view(true, Some(false)).net(), NetState::Unreachable);
        assert_eq!(view(true, None).net(), NetState::Online);
        assert_eq!(view(true, Some(true)).net(), NetState::Online);
    }

    #[test]
    fn only_network_and_server_trouble_is_transient() {
        assert!(SyncError::Api(ApiError::Transient(Transient::Network)).is_transient());
        assert!(!SyncError::NoProgress.is_transient());
        assert!(!SyncError::SignedOut.is_transient());
    }
}
