//! The HTTP calls to the server, and what their failures mean for retrying.
//! Only the sync driver calls this; no component talks HTTP.

use gloo_net::http::Request;
use leptos::prelude::set_timeout_with_handle;
use shared::sync::protocol::{ErrorBody, ErrorDetail, PushRequest, PushResponse, PUSH_PATH};
use std::time::Duration;
use web_sys::AbortController;

/// A push that has not answered by then is given up and retried later: on a
/// weak link a hung request must not block syncing for good.
const PUSH_TIMEOUT: Duration = Duration::from_secs(45);

/// Why a call failed, sorted by what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// Worth trying again later, unchanged.
    #[error("temporary failure: {0:?}")]
    Transient(Transient),
    /// The server refused the request; sending it again the same way will not help.
    #[error("refused with status {status}")]
    Permanent {
        status: u16,
        /// The server's explanation, when it sent one.
        detail: Option<ErrorDetail>,
    },
}

/// The kinds of temporary failure, for the message shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transient {
    /// No connection, DNS failure, connection dropped or timed out.
    Network,
    /// 5xx, 408 or 429: the server is there but cannot answer now.
    Server(u16),
    /// A 2xx whose body is not a push response (e.g. a Wi-Fi login page).
    Unreadable,
}

/// Sends a batch of changes; the answer holds one receipt per change taken.
pub async fn push(batch: &PushRequest) -> Result<PushResponse, ApiError> {
    let network = || ApiError::Transient(Transient::Network);
    let controller = AbortController::new().map_err(|_| network())?;
    let abort = controller.clone();
    let timer = set_timeout_with_handle(move || abort.abort(), PUSH_TIMEOUT).ok();
    let sent = Request::post(PUSH_PATH)
        .abort_signal(Some(&controller.signal()))
        .json(batch)
        .map_err(|_| network())?
        .send()
        .await;
    let result = match sent {
        Err(_) => Err(network()),
        Ok(resp) => match resp.status() {
            200..=299 => resp
                .json::<PushResponse>()
                .await
                .map_err(|_| ApiError::Transient(Transient::Unreadable)),
            status @ (408 | 429 | 500..=599) => Err(ApiError::Transient(Transient::Server(status))),
            status @ 400..=499 => {
                let detail = resp.json::<ErrorBody>().await.ok().map(|b| b.error);
                Err(ApiError::Permanent { status, detail })
            }
            // An unfollowed redirect or the like: not our server answering.
            _ => Err(ApiError::Transient(Transient::Unreadable)),
        },
    };
    if let Some(timer) = timer {
        timer.clear();
    }
    result
}
