//! The first fill on the phone: newest-first pages (see `sync::window`) of
//! every entry the account may read, taken like any pulled page, until the
//! window is in and the pulled entries reach their budget — so the window
//! (this year and the last) is always held, older entries only while the
//! budget allows. The device record keeps where the fill is, so one cut
//! short goes on from there; when it ends, the incremental pulls start from
//! the server's change number of the fill's first page (every change made
//! since, in the window or not, comes by them).

use super::kv::KeyValue;
use super::records::{FillState, PullSummary, StoreError};
use super::store::DeviceStore;
use super::window::Window;
use crate::date::LocalDate;
use crate::sync::protocol::PullPage;
use crate::sync::window::{FillCursor, WindowQuery};
use crate::validate::EARLIEST_DATE;

/// The earliest date a fill asks from: the earliest the ledger accepts.
fn earliest() -> LocalDate {
    let (y, m, d) = EARLIEST_DATE;
    LocalDate::new(y, m, d).unwrap_or_else(|| LocalDate::from_days(0))
}

impl<K: KeyValue> DeviceStore<K> {
    /// The window parameters of the next pull: a fill page while the phone
    /// has pulled nothing yet (or forgot what it had), `None` once it pulls
    /// by change number. (A fill of an empty server ends at change 0 and
    /// runs again next time: one empty page.)
    pub fn fill_query(&self) -> Option<WindowQuery> {
        let filled = self.meta.pulled_through != 0 || self.meta.held_from.is_some();
        if filled && self.meta.fill.is_none() {
            return None;
        }
        let (from, next) = match self.meta.fill {
            Some(fill) => (fill.from, fill.next),
            None => (earliest(), None),
        };
        Some(WindowQuery {
            from: Some(from),
            before_date: next.map(|c| c.date),
            before_id: next.map(|c| c.id),
        })
    }

    /// Takes a fill page answering `query` (from [`Self::fill_query`]): the
    /// fill ends with the server's last page, or once the page reaches
    /// before `window` and the pulled entries use more than `budget` units
    /// (then the phone holds everything from the day after the page's last
    /// entry on). A page that does not continue the fill (a late answer, or
    /// the phone pulls by change number already) is ignored. Safe to apply
    /// twice.
    pub fn apply_fill(
        &mut self,
        window: Window,
        budget: usize,
        query: &WindowQuery,
        page: &PullPage,
    ) -> Result<PullSummary, StoreError> {
        let (Some(from), Some(asked)) = (query.from, self.fill_query()) else {
            return Ok(PullSummary::default());
        };
        if page.after != 0 || asked != *query {
            return Ok(PullSummary::default());
        }
        if self.restart_after_restoration(page)? {
            return Ok(PullSummary {
                restarted: true,
                ..PullSummary::default()
            });
        }
        let summary = self.take_page(page)?;
        let upto = self.meta.fill.map_or(page.upto, |f| f.upto);
        let mut meta = self.meta.clone();
        let last = page.entries.last().map(|l| (l.entry.date, l.entry.id));
        match last {
            Some((date, id)) if page.more => {
                if date < window.from && self.pulled_units() > budget {
                    meta.fill = None;
                    meta.pulled_through = upto;
                    let held = date.add_days(1);
                    meta.held_from = Some(meta.held_from.map_or(held, |h| h.max(held)));
                } else {
                    meta.fill = Some(FillState {
                        from,
                        upto,
                        next: Some(FillCursor { date, id }),
                    });
                }
            }
            // The server's last page: everything is here (but what an
            // eviction meanwhile took, which `held_from` already says).
            _ => {
                meta.fill = None;
                meta.pulled_through = upto;
            }
        }
        self.write_meta(&meta)?;
        self.meta = meta;
        Ok(summary)
    }
}

#[cfg(test)]
#[path = "fill_tests.rs"]
mod tests;
