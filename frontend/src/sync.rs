//! The sync driver: drains the outbox to the server, one run at a time.
//!
//! A run repeats `next_batch → mark_sent → POST → apply_response` until nothing
//! waits. What is sent and how receipts are applied is the device store's
//! business (`shared::device`); this module decides *when*: at start, when the
//! browser comes online, after each save, on the button, and after a transient
//! failure on `shared::sync::backoff`'s schedule. A permanent failure waits for
//! the next of those triggers instead of looping. A refused session or a
//! revoked device (noted in `session::Auth`) stops the automatic triggers
//! until a new sign-in; the button still tries.
//!
//! One driver per signed-in account: it lives as long as that account's view
//! and removes its listeners and its pending retry when it goes.

use crate::api::{self, ApiError};
use crate::ledger::Ledger;
use crate::session::Auth;
use leptos::ev;
use leptos::prelude::*;
use shared::device::{KvError, StoreError};
use shared::sync::backoff::retry_delay_ms;
use std::time::Duration;

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
    /// Why the last run failed, until a run succeeds.
    pub problem: Option<SyncError>,
}

/// Bookkeeping of the driver, outside the reactive system.
#[derive(Debug, Default)]
struct DriverState {
    /// The single-flight flag: a run is under way.
    running: bool,
    /// Transient failures in a row, for the backoff.
    failures: u32,
    /// The pending retry, cancelled when a run starts for another reason.
    retry: Option<TimeoutHandle>,
}

/// Handle to the driver, shared by context (it is `Copy`).
#[derive(Debug, Clone, Copy)]
pub struct SyncDriver {
    ledger: Ledger,
    auth: Auth,
    state: StoredValue<DriverState, LocalStorage>,
    view: RwSignal<SyncView>,
}

impl SyncDriver {
    pub fn new(ledger: Ledger, auth: Auth) -> Self {
        let online = window().navigator().on_line();
        Self {
            ledger,
            auth,
            state: StoredValue::new_local(DriverState::default()),
            view: RwSignal::new(SyncView {
                online,
                ..SyncView::default()
            }),
        }
    }

    /// What the status bar shows.
    pub fn view(&self) -> ReadSignal<SyncView> {
        self.view.read_only()
    }

    /// Follows the browser's online state and makes the first run. Stops
    /// when the reactive owner it was started under is cleaned up.
    pub fn start(self) {
        let online = window_event_listener(ev::online, move |_| {
            self.view.update(|v| v.online = true);
            self.request();
        });
        let offline = window_event_listener(ev::offline, move |_| {
            self.view.update(|v| v.online = false);
        });
        let state = self.state;
        on_cleanup(move || {
            online.remove();
            offline.remove();
            state.try_update_value(|s| {
                if let Some(retry) = s.retry.take() {
                    retry.clear();
                }
            });
        });
        self.request();
    }

    /// Starts a run, unless one is under way (that run picks up whatever was
    /// saved meanwhile, since it drains until nothing waits), the browser
    /// knows it is offline (then the `online` event starts it; entries stay
    /// "only on this phone" rather than "sent" into the void), or the server
    /// refused the session or the device (a new sign-in or the button resumes).
    pub fn request(self) {
        if window().navigator().on_line() && self.auth.problem_untracked().is_none() {
            self.sync_now();
        }
    }

    /// Starts a run now even if the browser says it is offline (it can be
    /// wrong, and the person asked for it), unless one is under way.
    pub fn sync_now(self) {
        let busy = self
            .state
            .try_update_value(|s| {
                if s.running {
                    return true;
                }
                s.running = true;
                if let Some(retry) = s.retry.take() {
                    retry.clear();
                }
                false
            })
            .unwrap_or(true);
        if busy {
            return;
        }
        self.view.update(|v| v.syncing = true);
        crate::spawn(async move {
            let result = self.drain().await;
            self.finish(result);
        });
    }

    /// Pushes batches until nothing waits or something fails.
    async fn drain(self) -> Result<(), SyncError> {
        while let Some(batch) = self.ledger.next_batch()? {
            let token = self.auth.token().ok_or(SyncError::SignedOut)?;
            let Some(last) = batch.changes.last().map(|c| c.seq) else {
                return Ok(());
            };
            match self.ledger.mark_sent(last) {
                // "Sent" only feeds the status shown; a full storage must not
                // keep the entries from leaving the phone.
                Ok(()) | Err(StoreError::Kv(KvError::Full)) => {}
                Err(e) => return Err(e.into()),
            }
            let resp = self.auth.observe(api::push(&token, &batch).await)?;
            let summary = self.ledger.apply_response(&resp)?;
            if let Some(seq) = summary.server_expects {
                return Err(SyncError::ServerExpects(seq));
            }
            if summary.applied + summary.rejected == 0 {
                return Err(SyncError::NoProgress);
            }
        }
        Ok(())
    }

    fn finish(self, result: Result<(), SyncError>) {
        let retry_in = self.state.try_update_value(|s| {
            s.running = false;
            match &result {
                Err(e) if e.is_transient() => {
                    s.failures = s.failures.saturating_add(1);
                    Some(retry_delay_ms(s.failures, js_sys::Math::random()))
                }
                _ => {
                    s.failures = 0;
                    None
                }
            }
        });
        if let Some(Some(ms)) = retry_in {
            let handle =
                set_timeout_with_handle(move || self.request(), Duration::from_millis(ms)).ok();
            self.state.try_update_value(|s| s.retry = handle);
        }
        self.view.update(|v| {
            v.syncing = false;
            v.problem = result.err();
        });
    }
}
