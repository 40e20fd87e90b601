//! The window's first fill on the phone: newest-first pages of the entries
//! dated in the window (see `sync::window`), taken like any pulled page; the
//! device record keeps where the fill is, so one cut short goes on from
//! there, and when the last page is in, the incremental pulls start from
//! the server's change number of the fill's first page (every change made
//! since, in the window or not, comes by them).

use super::kv::KeyValue;
use super::records::{FillState, PullSummary, StoreError};
use super::store::DeviceStore;
use super::window::Window;
use crate::sync::protocol::PullPage;
use crate::sync::window::{FillCursor, WindowQuery};

impl<K: KeyValue> DeviceStore<K> {
    /// The window parameters of the next pull: a fill page while the phone
    /// has pulled nothing yet (or forgot what it had), `None` once it pulls
    /// by change number. (A fill of an empty server ends at change 0: what
    /// says it is done is `held_from`, set by its last page.)
    pub fn fill_query(&self, window: Window) -> Option<WindowQuery> {
        let filled = self.meta.pulled_through != 0 || self.meta.held_from.is_some();
        if filled && self.meta.fill.is_none() {
            return None;
        }
        let (from, next) = match self.meta.fill {
            Some(fill) => (fill.from, fill.next),
            None => (window.from, None),
        };
        Some(WindowQuery {
            from: Some(from),
            before_date: next.map(|c| c.date),
            before_id: next.map(|c| c.id),
        })
    }

    /// Takes a fill page answering `query` (from [`Self::fill_query`]). A
    /// page that does not continue the fill (a late answer, or the phone
    /// pulls by change number already) is ignored. Safe to apply twice.
    pub fn apply_fill(
        &mut self,
        query: &WindowQuery,
        page: &PullPage,
    ) -> Result<PullSummary, StoreError> {
        let Some(from) = query.from else {
            return Ok(PullSummary::default());
        };
        let expected = match self.meta.fill {
            Some(fill) => fill.from == from && fill.next == query.before(),
            None => query.before().is_none(),
        };
        if self.fill_query(Window { from }).is_none() || page.after != 0 || !expected {
            return Ok(PullSummary::default());
        }
        let summary = self.take_page(page)?;
        let upto = self.meta.fill.map_or(page.upto, |f| f.upto);
        let mut meta = self.meta.clone();
        match page.entries.last() {
            Some(last) if page.more => {
                meta.fill = Some(FillState {
                    from,
                    upto,
                    next: Some(FillCursor {
                        date: last.entry.date,
                        id: last.entry.id,
                    }),
                });
            }
            _ => {
                meta.fill = None;
                meta.pulled_through = upto;
                // Evictions during the fill only took entries older than
                // what the rest of the fill brings: the later day wins.
                meta.held_from = Some(meta.held_from.map_or(from, |h| h.max(from)));
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
