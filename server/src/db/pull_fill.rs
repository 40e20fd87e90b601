//! A pull with the phone's window (`shared::sync::window`): the first fill,
//! one page of the entries dated on or after `from` that the reader may
//! see, newest first (date, then id, descending), continuing strictly
//! after a cursor; answering exactly as the shared
//! `ServerModel::pull_fill` does (which has no scope):
//! - `after` is 0; `upto` is the newest change number given out (where the
//!   phone's incremental pulls start once the fill is done);
//! - `more` when further entries of the window lie beyond the page;
//! - the first page (no cursor) carries every conflict the reader may see,
//!   later pages none;
//! - `device_taken`: the pulling device's last applied change number.
//!
//! Read in one transaction like `pull::page`. The date index
//! (`entries_by_org_date`) serves the scoped reads.

use super::entries::SELECT;
use super::{conflicts, to_u64, Db, DbError};
use shared::date::LocalDate;
use shared::scope::Scope;
use shared::sync::protocol::{PullPage, MAX_PAGE};
use shared::sync::window::FillCursor;
use sqlx::AnyConnection;
use uuid::Uuid;

/// A fill page for `device` of the entries dated from `from`, after
/// `before`, read as `scope` allows (with `kinds`, only those kinds), at
/// most `limit` entries (clamped to `1..=MAX_PAGE`), stamped `server_ms`.
#[allow(clippy::too_many_arguments)] // one page's query, all of it
pub async fn page(
    db: &Db,
    scope: &Scope,
    kinds: Option<&[String]>,
    device: Uuid,
    from: LocalDate,
    before: Option<FillCursor>,
    limit: u32,
    server_ms: i64,
) -> Result<PullPage, DbError> {
    let mut tx = db.begin_snapshot().await?;
    let page = read(
        &mut tx, scope, kinds, device, from, before, limit, server_ms,
    )
    .await?;
    tx.commit().await?;
    Ok(page)
}

#[allow(clippy::too_many_arguments)] // one page's query, all of it
async fn read(
    conn: &mut AnyConnection,
    scope: &Scope,
    kinds: Option<&[String]>,
    device: Uuid,
    from: LocalDate,
    before: Option<FillCursor>,
    limit: u32,
    server_ms: i64,
) -> Result<PullPage, DbError> {
    let limit = limit.clamp(1, MAX_PAGE);
    let device_taken = super::pull::device_taken(conn, device).await?;
    let latest: Option<i64> = sqlx::query_scalar("SELECT MAX(change_no) FROM changes")
        .fetch_one(&mut *conn)
        .await?;
    let upto = to_u64(latest.unwrap_or(0), "changes.change_no")?;

    // Dates are stored as ISO text, so text order is date order; ids are
    // the hyphenated lowercase text of `Uuid`, whose order is the UUIDs'.
    let (cursor, first) = match before {
        Some(_) => (" AND (e.date < $3 OR (e.date = $3 AND e.id < $4))", 5),
        None => ("", 3),
    };
    let (filter, ids) = super::scope::filter(scope, "e.", first);
    let (of_kinds, kinds) = super::pull::kind_filter(kinds, first + ids.len());
    let sql = format!(
        "{SELECT} WHERE e.date >= $1{cursor}{filter}{of_kinds} \
         ORDER BY e.date DESC, e.id DESC LIMIT $2"
    );
    // One more than the page holds tells whether more follow.
    let mut query = sqlx::query(&sql)
        .bind(from.to_string())
        .bind(i64::from(limit) + 1);
    if let Some(c) = before {
        query = query.bind(c.date.to_string()).bind(c.id.to_string());
    }
    for id in ids {
        query = query.bind(id.to_string());
    }
    for kind in kinds {
        query = query.bind(kind.clone());
    }
    let rows = query.fetch_all(&mut *conn).await?;
    let (entries, more) = super::pull::take_page(&rows, limit)?;
    let conflicts = match before {
        None => {
            let upto_sql = i64::try_from(upto).unwrap_or(i64::MAX);
            conflicts::touched_between(conn, scope, 0, upto_sql).await?
        }
        Some(_) => Vec::new(),
    };
    Ok(PullPage {
        after: 0,
        entries,
        conflicts,
        upto,
        more,
        device_taken,
        restored_at: super::restorations::latest(&mut *conn).await?,
        server_ms,
    })
}
