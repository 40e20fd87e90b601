//! Why an HTTP call failed, sorted by what to do about it: the error types of
//! [`super::api`] and the sorting of a status (and the server's error body)
//! into them.

use shared::api::{ErrorBody, ErrorDetail};

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
    /// A 2xx whose body is not what was asked for (e.g. a Wi-Fi login page).
    Unreadable,
}

/// A refusal that is about the session or the device, not the request: the
/// app stops syncing and says what to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthProblem {
    /// The session expired or is unknown (or belongs to another device):
    /// signing in again fixes it.
    SignInAgain,
    /// An admin revoked this device: only an admin can fix it.
    DeviceRevoked,
}

impl ApiError {
    /// The server's stable error code, if it sent one.
    pub fn code(&self) -> Option<&str> {
        match self {
            ApiError::Permanent {
                detail: Some(d), ..
            } => Some(d.code.as_str()),
            _ => None,
        }
    }

    /// Whether the refusal is about the session or the device.
    pub fn auth_problem(&self) -> Option<AuthProblem> {
        let ApiError::Permanent { status, .. } = self else {
            return None;
        };
        match (status, self.code()) {
            (401 | 403, Some("device_revoked")) => Some(AuthProblem::DeviceRevoked),
            (401, _) | (403, Some("wrong_device")) => Some(AuthProblem::SignInAgain),
            _ => None,
        }
    }
}

/// What an answer with `status` and `text` means.
pub(super) fn sort(status: u16, body: Vec<u8>) -> Result<Vec<u8>, ApiError> {
    let detail = || {
        serde_json::from_slice::<ErrorBody>(&body)
            .ok()
            .map(|b| b.error)
    };
    match status {
        200..=299 => Ok(body),
        // A locked account is not a busy server: retrying will not help.
        429 => match detail() {
            Some(d) if d.code == "account_locked" || d.code == "too_many_attempts" => {
                Err(ApiError::Permanent {
                    status,
                    detail: Some(d),
                })
            }
            _ => Err(ApiError::Transient(Transient::Server(status))),
        },
        408 | 500..=599 => Err(ApiError::Transient(Transient::Server(status))),
        400..=499 => Err(ApiError::Permanent {
            status,
            detail: detail(),
        }),
        // An unfollowed redirect or the like: not our server answering.
        _ => Err(ApiError::Transient(Transient::Unreadable)),
    }
}
