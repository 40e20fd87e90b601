//! The server's listing by date (全部记录 on the phone, and any program
//! reading the ledger): the entries an account may read, newest first by
//! date, a page at a time, optionally within a period (one month picked on
//! the phone). Deleted entries are not listed.
//!
//! A page continues strictly after the last entry of the previous one, in
//! the same order the window's first fill uses (date descending, then id
//! descending: [`FillCursor`]), so paging is stable while entries arrive.
#![deny(missing_docs)]

use crate::date::{LocalDate, Period};
use crate::sync::protocol::ServerEntry;
use crate::sync::window::FillCursor;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Entries per page when the caller does not say (a phone on 2G: about
/// 20 KB a page).
pub const LISTING_PAGE: u32 = 50;
/// The most entries one page may hold.
pub const LISTING_MAX_PAGE: u32 = 500;

/// The query string of `GET /api/v1/entries/by-date`. Every field is
/// optional: no period lists everything readable; no cursor starts at the
/// newest entry.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct DatedQuery {
    /// Only entries dated on or after this day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<LocalDate>,
    /// Only entries dated on or before this day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<LocalDate>,
    /// The date of the last entry of the previous page (with `before_id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before_date: Option<LocalDate>,
    /// The id of the last entry of the previous page (with `before_date`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before_id: Option<Uuid>,
    /// Page size, clamped to `1..=LISTING_MAX_PAGE` (default `LISTING_PAGE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

impl DatedQuery {
    /// The first page of `period` (or of everything).
    pub fn first(period: Option<Period>) -> Self {
        DatedQuery {
            from: period.map(|p| p.from),
            to: period.map(|p| p.to),
            ..DatedQuery::default()
        }
    }

    /// The page after `page` of this query, if it said more follow.
    pub fn next(&self, page: &DatedPage) -> Option<Self> {
        let cursor = page.next?;
        Some(DatedQuery {
            before_date: Some(cursor.date),
            before_id: Some(cursor.id),
            ..*self
        })
    }

    /// Where the page continues, when both halves of the cursor are given.
    pub fn before(&self) -> Option<FillCursor> {
        Some(FillCursor {
            date: self.before_date?,
            id: self.before_id?,
        })
    }

    /// The page size asked for, clamped.
    pub fn page_size(&self) -> u32 {
        self.limit
            .unwrap_or(LISTING_PAGE)
            .clamp(1, LISTING_MAX_PAGE)
    }

    /// The query string (without `?`), as the server parses it.
    pub fn to_query_string(&self) -> String {
        let mut parts = Vec::new();
        if let Some(d) = self.from {
            parts.push(format!("from={d}"));
        }
        if let Some(d) = self.to {
            parts.push(format!("to={d}"));
        }
        if let Some(c) = self.before() {
            parts.push(format!("before_date={}&before_id={}", c.date, c.id));
        }
        if let Some(n) = self.limit {
            parts.push(format!("limit={n}"));
        }
        parts.join("&")
    }
}

/// One page of the listing by date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DatedPage {
    /// Newest first: date descending, then id descending.
    pub entries: Vec<ServerEntry>,
    /// Where the next page starts; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<FillCursor>,
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn the_query_string_round_trips_through_the_servers_parser() {
        let month = Period::month_of("2025-02-14".parse().unwrap());
        let first = DatedQuery {
            limit: Some(20),
            ..DatedQuery::first(Some(month))
        };
        assert_eq!(
            first.to_query_string(),
            "from=2025-02-01&to=2025-02-28&limit=20"
        );
        let page = DatedPage {
            entries: Vec::new(),
            next: Some(FillCursor {
                date: "2025-02-03".parse().unwrap(),
                id: Uuid::from_u128(7),
            }),
        };
        let next = first.next(&page).unwrap();
        let parsed: DatedQuery = serde_urlencoded_like(&next.to_query_string());
        assert_eq!(parsed, next);
        assert_eq!(
            next.from, first.from,
            "the period is kept from page to page"
        );
        assert!(first
            .next(&DatedPage {
                entries: Vec::new(),
                next: None
            })
            .is_none());
        assert_eq!(DatedQuery::default().to_query_string(), "");
    }

    #[test]
    fn the_page_size_is_clamped() {
        let q = |limit| DatedQuery {
            limit,
            ..DatedQuery::default()
        };
        assert_eq!(q(None).page_size(), LISTING_PAGE);
        assert_eq!(q(Some(0)).page_size(), 1);
        assert_eq!(q(Some(100_000)).page_size(), LISTING_MAX_PAGE);
    }

    /// The query string read back field by field, as a form decoder does
    /// (shared has no URL-decoding dependency; these values need none).
    fn serde_urlencoded_like(s: &str) -> DatedQuery {
        let map: serde_json::Map<String, serde_json::Value> = s
            .split('&')
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap();
                let value = match v.parse::<u32>() {
                    Ok(n) if k == "limit" => serde_json::Value::from(n),
                    _ => serde_json::Value::from(v),
                };
                (k.to_owned(), value)
            })
            .collect();
        serde_json::from_value(serde_json::Value::Object(map)).unwrap()
    }
}
