//! The model server's first fill: the window's entries newest first, as the
//! real server's SQL answers a pull with `from` (see [`super::super::window`]).

use super::ServerModel;
use crate::date::LocalDate;
use crate::sync::merge::HeldEntry;
use crate::sync::protocol::{PullPage, PulledEntry};
use crate::sync::window::FillCursor;
use uuid::Uuid;

impl ServerModel {
    /// A page of the first fill for `device`: entries dated on or after
    /// `from` and before `before` in fill order (date, then id, descending),
    /// at most `limit` (at least one). `after` is 0; `upto` is the newest
    /// change number given out, where the phone's incremental pulls start
    /// once the fill is done; the first page (no `before`) carries every
    /// conflict, later pages none.
    pub fn pull_fill(
        &self,
        device: Uuid,
        from: LocalDate,
        before: Option<FillCursor>,
        limit: usize,
        server_ms: i64,
    ) -> PullPage {
        let mut window: Vec<&HeldEntry> = self
            .entries
            .values()
            .filter(|h| h.entry.date >= from)
            .filter(|h| before.is_none_or(|c| c.precedes(h.entry.date, h.entry.id)))
            .collect();
        window.sort_by_key(|h| std::cmp::Reverse((h.entry.date, h.entry.id)));
        let more = window.len() > limit.max(1);
        window.truncate(limit.max(1));
        let upto = self.next_change_no;
        PullPage {
            after: 0,
            entries: window
                .into_iter()
                .map(|h| PulledEntry {
                    entry: h.entry.clone(),
                    version: h.version,
                })
                .collect(),
            conflicts: match before {
                None => self
                    .conflict_touched
                    .iter()
                    .filter(|(_, &touched)| touched <= upto)
                    .filter_map(|(key, _)| self.conflicts.get(key).cloned())
                    .collect(),
                Some(_) => Vec::new(),
            },
            upto,
            more,
            device_taken: self.last_applied(&device),
            restored_at: self.restored_at,
            server_ms,
        }
    }
}
