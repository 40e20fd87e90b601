//! A pull that knows the phone's window: the query parameters a newer app
//! adds to `GET /api/v1/sync/pull`, and the order of a first fill.
//!
//! A phone signing in for the first time asks for its window only (entries
//! dated on or after `from`), newest first by date, so this month is on the
//! screen after the first page; later pulls go by server change number as
//! before. A request without these parameters is answered exactly as before
//! (older app builds in the field).

use crate::date::LocalDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Where a newest-first page continues: with the entries strictly before
/// this one in fill order (date descending, then id descending).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FillCursor {
    /// The date of the last entry the previous page held.
    pub date: LocalDate,
    /// Its id (ties on a date are broken by id).
    pub id: Uuid,
}

impl FillCursor {
    /// Whether an entry dated `date` with `id` comes after this cursor in
    /// fill order (and so belongs to the next page).
    pub fn precedes(&self, date: LocalDate, id: Uuid) -> bool {
        (date, id) < (self.date, self.id)
    }
}

/// The window parameters of a pull, all optional. With `from` set the
/// request is a first fill: `after` must be 0 and pages come newest first.
/// (The server's query type repeats these fields beside `after` and `limit`:
/// a flattened struct would not parse numbers from a query string.)
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowQuery {
    /// The window's first day: only entries dated on or after it, newest
    /// first. Absent: a pull by change number, as older builds make it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<LocalDate>,
    /// The date of the last entry of the previous fill page (with `before_id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before_date: Option<LocalDate>,
    /// The id of the last entry of the previous fill page (with `before_date`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before_id: Option<Uuid>,
}

impl WindowQuery {
    /// Where the fill page continues, when both halves of the cursor are given.
    pub fn before(&self) -> Option<FillCursor> {
        Some(FillCursor {
            date: self.before_date?,
            id: self.before_id?,
        })
    }
}
