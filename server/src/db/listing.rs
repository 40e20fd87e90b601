//! The listing by date (`shared::listing`): one page of the entries the
//! reader may see, not deleted, within an optional period, newest first
//! (date, then id, descending), strictly after a cursor. The fill order of
//! `pull_fill`, without the device bookkeeping; the date index
//! (`entries_by_org_date`) serves the scoped reads.

use super::entries::{self, SELECT};
use super::{Db, DbError};
use shared::listing::{DatedPage, DatedQuery};
use shared::scope::Scope;
use shared::sync::window::FillCursor;

/// The page `query` asks for, read as `scope` allows.
pub async fn by_date(db: &Db, scope: &Scope, query: &DatedQuery) -> Result<DatedPage, DbError> {
    let limit = query.page_size();
    // Dates are ISO text and ids hyphenated lowercase text: text order is
    // their order (columns compare under the "C" collation on PostgreSQL).
    let mut conditions = vec!["e.deleted = 0".to_owned()];
    let mut binds: Vec<String> = Vec::new();
    let next = |binds: &mut Vec<String>, value: String| {
        binds.push(value);
        format!("${}", binds.len() + 1) // $1 is the limit
    };
    if let Some(from) = query.from {
        let p = next(&mut binds, from.to_string());
        conditions.push(format!("e.date >= {p}"));
    }
    if let Some(to) = query.to {
        let p = next(&mut binds, to.to_string());
        conditions.push(format!("e.date <= {p}"));
    }
    if let Some(c) = query.before() {
        let date = next(&mut binds, c.date.to_string());
        let id = next(&mut binds, c.id.to_string());
        conditions.push(format!(
            "(e.date < {date} OR (e.date = {date} AND e.id < {id}))"
        ));
    }
    let (filter, ids) = super::scope::filter(scope, "e.", binds.len() + 2);
    let sql = format!(
        "{SELECT} WHERE {}{filter} ORDER BY e.date DESC, e.id DESC LIMIT $1",
        conditions.join(" AND ")
    );
    // One more than the page holds tells whether more follow.
    let mut q = sqlx::query(&sql).bind(i64::from(limit) + 1);
    for value in binds {
        q = q.bind(value);
    }
    for id in ids {
        q = q.bind(id.to_string());
    }
    let rows = q.fetch_all(db.pool()).await?;
    let more = rows.len() > limit as usize;
    let entries = rows
        .iter()
        .take(limit as usize)
        .map(entries::from_row)
        .collect::<Result<Vec<_>, _>>()?;
    let next = match entries.last() {
        Some(last) if more => Some(FillCursor {
            date: last.entry.date,
            id: last.entry.id,
        }),
        _ => None,
    };
    Ok(DatedPage { entries, next })
}
