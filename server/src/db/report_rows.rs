//! The report's sums as they travel from the database: one row per
//! organisation, its id and its `(month, kind, key, total)` items packed in
//! one text, and how those items are added to a `Tally`.
//!
//! Why packed: a database driver hands over each row at a cost of
//! microseconds, so the few hundred thousand sums of a year travel as a few
//! hundred rows. Each backend packs the way it does fastest:
//! - SQLite: a JSON array of `[month, kind, key, total]` (`json_group_array`).
//! - PostgreSQL: `json_agg` over the same arrays cost it a second at a million
//!   entries (building and sorting JSON values), so it concatenates text
//!   instead, a cell (month, kind) at a time ([`Packing::Cells`]): each text
//!   prefixed by its length in bytes, which no content can confuse.
//!
//! The order of the items does not change the sums (`Tally::add_cell` adds to
//! a cell it already has); items of one cell that come together are added in
//! one call, which is faster.

use super::{parse_uuid, DbError};
use serde::Deserialize;
use shared::report::tally::{Month, Tally};
use sqlx::any::AnyRow;
use sqlx::Row;
use std::borrow::Cow;

/// How a backend packs an organisation's items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Packing {
    /// A JSON array of `[month, kind, key, total]`.
    Json,
    /// Cells `<n>:<month><n>:<kind>` followed by their items `<n>:<key><total>`
    /// joined by `,`; cells joined by `;` (each `<n>` the byte length of the
    /// text after its colon).
    Cells,
}

impl Packing {
    /// `rows` (a query of `org_id, month, kind, key, total`) packed as one
    /// row per organisation: its id and its items in one text.
    pub fn packed(self, rows: &str) -> String {
        match self {
            Packing::Json => format!(
                "SELECT org_id, json_group_array(json_array(month, kind, key, total)) \
                 FROM ({rows}) AS r GROUP BY org_id"
            ),
            // Grouped by month first: the rollup's month index gives its
            // rows in that order, so the cells need no sort.
            Packing::Cells => format!(
                "SELECT org_id, string_agg(cell, ';') FROM ( \
                   SELECT org_id, octet_length(month) || ':' || month || octet_length(kind) \
                          || ':' || kind \
                          || string_agg(octet_length(key) || ':' || key || total, ',') AS cell \
                   FROM ({rows}) AS r GROUP BY month, org_id, kind) AS c \
                 GROUP BY org_id"
            ),
        }
    }
}

/// One item, borrowed from the packed text where it can be.
#[derive(Debug, PartialEq, Eq)]
struct Item<'a> {
    month: Cow<'a, str>,
    kind: Cow<'a, str>,
    key: Cow<'a, str>,
    total: i64,
}

/// One JSON `[month, kind, key, total]`.
#[derive(Deserialize)]
struct Packed<'a>(
    #[serde(borrow)] Cow<'a, str>,
    #[serde(borrow)] Cow<'a, str>,
    #[serde(borrow)] Cow<'a, str>,
    i64,
);

fn corrupt(e: impl std::fmt::Display) -> DbError {
    DbError::Corrupt(format!("report rows: {e}"))
}

/// The items of one organisation's packed text.
fn items(packing: Packing, text: &str) -> Result<Vec<Item<'_>>, DbError> {
    match packing {
        Packing::Json => {
            let packed: Vec<Packed<'_>> = serde_json::from_str(text).map_err(corrupt)?;
            Ok(packed
                .into_iter()
                .map(|Packed(month, kind, key, total)| Item {
                    month,
                    kind,
                    key,
                    total,
                })
                .collect())
        }
        Packing::Cells => cells(text),
    }
}

/// The items of a [`Packing::Cells`] text.
fn cells(text: &str) -> Result<Vec<Item<'_>>, DbError> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let (month, after) = prefixed(rest)?;
        let (kind, after) = prefixed(after)?;
        rest = after;
        loop {
            let (key, after) = prefixed(rest)?;
            let end = after.find([',', ';']).unwrap_or(after.len());
            let total = &after[..end];
            let total = total
                .parse()
                .map_err(|e| corrupt(format!("total {total:?}: {e}")))?;
            out.push(Item {
                month: Cow::Borrowed(month),
                kind: Cow::Borrowed(kind),
                key: Cow::Borrowed(key),
                total,
            });
            // Both separators are one byte.
            let separator = after.as_bytes().get(end).copied();
            rest = after.get(end + 1..).unwrap_or_default();
            if separator != Some(b',') {
                break;
            }
        }
    }
    Ok(out)
}

/// `<n>:` and the `n` bytes after it, and what follows them.
fn prefixed(text: &str) -> Result<(&str, &str), DbError> {
    let (n, after) = text
        .split_once(':')
        .ok_or_else(|| corrupt("a length without its colon"))?;
    let n: usize = n
        .parse()
        .map_err(|e| corrupt(format!("length {n:?}: {e}")))?;
    match (after.get(..n), after.get(n..)) {
        (Some(value), Some(rest)) => Ok((value, rest)),
        _ => Err(corrupt(format!("{n} bytes do not end a text"))),
    }
}

/// Adds packed rows (`org_id`, the packed items) to the tally, the items of
/// one cell (month, organisation, kind) that come together at once.
pub fn add_rows(tally: &mut Tally, rows: &[AnyRow], packing: Packing) -> Result<(), DbError> {
    for row in rows {
        let org: String = row.try_get(0)?;
        let org_id = parse_uuid(&org, "count_months.org_id")?;
        // An organisation without items packs to NULL (string_agg of nothing).
        let text: Option<String> = row.try_get(1)?;
        let items = items(packing, text.as_deref().unwrap_or_default())?;
        let mut rest = items.as_slice();
        let mut month: Option<(&str, Month)> = None;
        while let Some(first) = rest.first() {
            let n = rest
                .iter()
                .take_while(|i| i.month == first.month && i.kind == first.kind)
                .count();
            let (cell, after) = rest.split_at(n);
            rest = after;
            let m = match month {
                Some((seen, m)) if seen == first.month.as_ref() => m,
                _ => {
                    let m: Month = first.month.parse().map_err(|e| corrupt(format!("{e}")))?;
                    month = Some((first.month.as_ref(), m));
                    m
                }
            };
            let sums = cell.iter().map(|i| (i.key.as_ref(), i.total));
            tally
                .add_cell(m, org_id, &first.kind, sums)
                .map_err(corrupt)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item<'a>(month: &'a str, kind: &'a str, key: &'a str, total: i64) -> Item<'a> {
        Item {
            month: Cow::Borrowed(month),
            kind: Cow::Borrowed(kind),
            key: Cow::Borrowed(key),
            total,
        }
    }

    #[test]
    fn lengths_are_bytes_and_no_content_confuses_them() {
        // What PostgreSQL's aggregate makes of these items: texts with
        // colons, commas, semicolons, digits and Chinese (3 bytes a character).
        let text = "7:2025-039:visit;1:28:@village1,2:,;-2;7:2025-035:队:13:~123;7:2025-041:a1:b-4";
        assert_eq!(
            cells(text).unwrap(),
            vec![
                item("2025-03", "visit;1:2", "@village", 1),
                item("2025-03", "visit;1:2", ",;", -2),
                item("2025-03", "队:1", "~12", 3),
                item("2025-04", "a", "b", -4),
            ]
        );
        assert_eq!(cells("").unwrap(), vec![]);
    }

    #[test]
    fn a_damaged_text_is_an_error() {
        for bad in [
            "7:2025-0",               // shorter than its length
            "x:2025-031:a1:b1",       // no length
            "7:2025-032:队1:b1",      // a length ending inside a character
            "7:2025-031:a1:b",        // no total
            "7:2025-031:a1:b1,",      // a cell's item cut short
            "7:2025-031:a1:b1;7:202", // a second cell cut short
            "7:2025-031:a1:b1x",      // a total that is not a number
            "7:2025-031:a",           // a cell without items
        ] {
            assert!(cells(bad).is_err(), "{bad}");
        }
    }
}
