//! The ledger's side of the phone's window (see `shared::device::window`):
//! the first fill's pages, eviction of pulled entries under their budget,
//! and from which day on the phone holds everything.

use super::Ledger;
use leptos::prelude::*;
use shared::date::LocalDate;
use shared::device::{Eviction, PullSummary, StoreError, Window, PULLED_BUDGET_UNITS};
use shared::sync::protocol::PullPage;
use shared::sync::window::WindowQuery;

impl Ledger {
    /// The window parameters of the next pull while the first fill is under
    /// way (see `DeviceStore::fill_query`).
    pub fn fill_query(&self) -> Option<WindowQuery> {
        self.store
            .try_with_value(|s| s.as_ref().ok().and_then(|s| s.fill_query()))
            .flatten()
    }

    /// Takes a page of the first fill: it ends once `window` is in and the
    /// pulled entries reach their budget.
    pub fn apply_fill(
        &self,
        window: Window,
        query: &WindowQuery,
        page: &PullPage,
    ) -> Result<PullSummary, StoreError> {
        self.write(|s| s.apply_fill(window, PULLED_BUDGET_UNITS, query, page))
    }

    /// Evicts the oldest pulled entries beyond their budget (half of the
    /// app's storage); typed data is never touched.
    pub fn evict_pulled(&self) -> Result<Eviction, StoreError> {
        self.write(|s| s.evict_pulled(PULLED_BUDGET_UNITS))
    }

    /// The first day from which the phone holds every entry it may read
    /// (tracked); `None`: all of them.
    pub fn held_from(&self) -> Option<LocalDate> {
        self.read(|s| s.held_from()).flatten()
    }
}
