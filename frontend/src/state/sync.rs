//! The sync driver: drains the outbox to the server, then pulls what changed
//! there, one run at a time (also across tabs: [`crate::platform::lease`]).
//!
//! A run repeats `next_batch → mark_in_flight → POST → apply_response` (or
//! `send_failed`) until nothing waits, then `GET pull → apply_pull` until the
//! last page (before that, a cadre's first sign-in fills her window newest
//! first; an office account pulls only committee changes:
//! `crate::logic::mirror`). What is sent and how receipts and pulled pages
//! are applied, and what an entry's state is meanwhile, is the device
//! store's business (`shared::device`); this module decides *when*: at start, when the
//! browser comes online, after each save, on the button, and after a transient
//! failure on `shared::sync::backoff`'s schedule. A permanent failure waits for
//! the next of those triggers instead of looping. A refused session or a
//! revoked device (noted in `session::Auth`) stops the automatic triggers
//! until a new sign-in; the button still tries.
//!
//! One driver per signed-in account: it lives as long as that account's view
//! and removes its listeners and its pending retry when it goes.

use crate::logic::mirror::{self, Pulls};
use crate::logic::sync_outcome::{reached, SyncError, SyncView, CLOCK_OFF_MS};
use crate::platform::api;
use crate::platform::clock;
use crate::platform::lease;
use crate::state::ledger::Ledger;
use crate::state::session::Auth;
use leptos::ev;
use leptos::prelude::*;
use shared::device::{KvError, StoreError, PULLED_BUDGET_UNITS};
use shared::sync::backoff::retry_delay_ms;
use shared::sync::protocol::MAX_BATCH;
use std::time::Duration;

/// Entries per pulled page.
const PULL_PAGE: u32 = 500;
/// When another tab holds the sync, look again after this long.
const OTHER_TAB_RETRY_MS: u64 = 5_000;

/// Bookkeeping of the driver, outside the reactive system.
#[derive(Debug, Default)]
struct DriverState {
    /// The single-flight flag: a run is under way.
    running: bool,
    /// Transient failures in a row, for the backoff.
    failures: u32,
    /// The pending retry, cancelled when a run starts for another reason.
    retry: Option<TimeoutHandle>,
    /// This page's name in the lease (one per page load).
    tab: String,
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
            state: StoredValue::new_local(DriverState {
                tab: uuid::Uuid::now_v7().to_string(),
                ..DriverState::default()
            }),
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
            // A new network: whether it reaches the server is not known yet.
            self.view.update(|v| {
                v.online = true;
                v.reachable = None;
            });
            self.request();
        });
        let offline = window_event_listener(ev::offline, move |_| {
            self.view.update(|v| v.online = false);
        });
        // Another tab wrote (a save, a sync): read the store again.
        let ledger = self.ledger;
        let other_tab = window_event_listener(ev::storage, move |_| ledger.refresh_if_stale());
        let state = self.state;
        on_cleanup(move || {
            online.remove();
            offline.remove();
            other_tab.remove();
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
        crate::platform::task::spawn(async move {
            let result = self.drain().await;
            self.finish(result);
        });
    }

    /// One run, if this tab gets the lease: push, then pull. `Ok(false)`
    /// when another tab is syncing this account.
    async fn drain(self) -> Result<bool, SyncError> {
        let username = self.auth.username().ok_or(SyncError::SignedOut)?;
        let me = self
            .state
            .try_with_value(|s| s.tab.clone())
            .unwrap_or_default();
        let Some(held) = lease::acquire(&username, &me, clock::now_ms()).await else {
            return Ok(false);
        };
        // Another tab may have written since this one last read.
        self.ledger.refresh_if_stale();
        let result = self.push_all(&held).await;
        let result = match result {
            Ok(()) => self.pull_all(&held).await,
            Err(e) => Err(e),
        };
        drop(held);
        if result.is_ok() {
            // Only what "上次同步" shows: a full storage must not turn a
            // sync that went through into a failure.
            let _ = self.ledger.write(|s| s.note_synced(clock::now_ms()));
        }
        self.view.update(|v| v.progress = None);
        result.map(|()| true)
    }

    /// Pushes batches until nothing waits or something fails.
    async fn push_all(self, held: &lease::Held) -> Result<(), SyncError> {
        let total = self.ledger.read(|s| s.pending_count()).unwrap_or(0);
        let mut sent = 0;
        while let Some(batch) = self.ledger.peek(|s| s.next_batch(MAX_BATCH))? {
            let token = self.auth.token().ok_or(SyncError::SignedOut)?;
            let Some(last) = batch.changes.last().map(|c| c.seq) else {
                return Ok(());
            };
            // "Sending" from here until the answer, or the failure.
            let _ = self.ledger.write(|s| {
                s.mark_in_flight(last);
                Ok::<_, StoreError>(())
            });
            let resp = match self.auth.observe(api::push(&token, &batch).await) {
                Ok(resp) => resp,
                Err(e) => {
                    match self.ledger.write(|s| s.send_failed(clock::now_ms())) {
                        // Only the "when" of the failure is lost.
                        Ok(()) | Err(StoreError::Kv(KvError::Full)) => {}
                        Err(store) => return Err(store.into()),
                    }
                    return Err(e.into());
                }
            };
            let summary = self
                .ledger
                .write(|s| s.apply_response(&resp, clock::now_ms()))?;
            if let Some(seq) = summary.server_expects {
                return Err(SyncError::ServerExpects(seq));
            }
            // A server behind this phone (restored from a backup) is
            // re-based by the next batch, in this same run.
            if summary.applied + summary.rejected == 0 && !summary.recovering {
                return Err(SyncError::NoProgress);
            }
            sent += (summary.applied + summary.rejected) as u64;
            if total > MAX_BATCH as u64 {
                self.view
                    .update(|v| v.progress = Some((sent.min(total), total)));
            }
            held.renew(clock::now_ms());
        }
        Ok(())
    }

    /// Takes the server's changes, page by page: a cadre's first sign-in
    /// fills newest first (her window always, older entries while the
    /// budget allows), an office account's only the committee changes;
    /// then every run takes what changed in server order.
    /// After each page the oldest pulled entries beyond their budget leave
    /// (`crate::logic::mirror`, `shared::device::window`).
    async fn pull_all(self, held: &lease::Held) -> Result<(), SyncError> {
        let role = self.auth.principal_untracked().role;
        let years = self.auth.window_years_untracked();
        let Pulls {
            window,
            committees_only,
        } = mirror::pulls(role, clock::today(), years);
        // First: a phone filled by an older build (or over its budget for
        // any reason) makes room before it takes anything more; an office
        // account's keeps only committee changes.
        self.ledger.write(|s| s.evict_pulled(PULLED_BUDGET_UNITS))?;
        if committees_only {
            let catalogue = crate::state::catalogue::load();
            self.ledger
                .write(|s| s.evict_pulled_except(|e| mirror::office_keeps(&catalogue, e)))?;
        }
        // Again from the start when a page shows the server restored from a
        // backup (`shared::device`'s recovery: the phone forgot its cursor).
        'from_start: loop {
            while let Some(query) = self.ledger.peek(|s| Ok(s.fill_query()))? {
                let token = self.auth.token().ok_or(SyncError::SignedOut)?;
                let page = self
                    .auth
                    .observe(api::pull_fill(&token, &query, PULL_PAGE, committees_only).await)?;
                self.note_clock(page.server_ms);
                self.ledger
                    .write(|s| s.apply_fill(window, PULLED_BUDGET_UNITS, &query, &page))?;
                self.ledger.write(|s| s.evict_pulled(PULLED_BUDGET_UNITS))?;
                held.renew(clock::now_ms());
            }
            loop {
                let token = self.auth.token().ok_or(SyncError::SignedOut)?;
                let after = self.ledger.peek(|s| Ok(s.pulled_through())).unwrap_or(0);
                let page = self
                    .auth
                    .observe(api::pull(&token, after, PULL_PAGE, committees_only).await)?;
                self.note_clock(page.server_ms);
                let summary = self.ledger.write(|s| s.apply_pull(&page))?;
                self.ledger.write(|s| s.evict_pulled(PULLED_BUDGET_UNITS))?;
                if summary.restarted {
                    continue 'from_start;
                }
                if !page.more {
                    return Ok(());
                }
                held.renew(clock::now_ms());
            }
        }
    }

    /// Notes how far the phone's clock is off the server's.
    fn note_clock(self, server_ms: i64) {
        let off = server_ms - clock::now_ms();
        self.view
            .update(|v| v.clock_off_ms = (off.abs() > CLOCK_OFF_MS).then_some(off));
    }

    fn finish(self, result: Result<bool, SyncError>) {
        let retry_in = self.state.try_update_value(|s| {
            s.running = false;
            match &result {
                Err(e) if e.is_transient() => {
                    s.failures = s.failures.saturating_add(1);
                    Some(retry_delay_ms(s.failures, js_sys::Math::random()))
                }
                // Another tab is syncing: look again soon (its writes reach
                // this tab through the `storage` event meanwhile).
                Ok(false) => Some(OTHER_TAB_RETRY_MS),
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
            if let Some(reached) = reached(&result) {
                v.reachable = Some(reached);
            }
            v.problem = result.err();
        });
    }
}
