//! A pull: one page of what changed on the server after a device's cursor,
//! filtered to what the reader may see, answering exactly as the shared
//! `ServerModel::pull` does (which has no scope):
//! - the entries with version in `(after, upto]`, by version, at most
//!   `limit` (each once: a row holds only its newest version);
//! - `more` when further entries lie beyond the page; `upto` is then the
//!   last entry's version, else the newest change number given out (the
//!   cursor moves past changes the reader may not see, and past rejections);
//! - the conflicts made or settled by a change in `(after, upto]`;
//! - `device_taken`: the pulling device's last applied change number.
//!
//! All of it is read in one transaction, so from one snapshot: the entries
//! and `device_taken` agree even while the device pushes at the same time.

use super::entries::{self, SELECT};
use super::{conflicts, to_u64, Db, DbError};
use shared::scope::Scope;
use shared::sync::protocol::{PullPage, PulledEntry, MAX_PAGE};
use sqlx::any::AnyRow;
use sqlx::AnyConnection;
use uuid::Uuid;

/// The page after `after` for `device`, read as `scope` allows (and, with
/// `kinds`, only entries of those kinds: an office phone's committee
/// changes), with at most `limit` entries (clamped to `1..=MAX_PAGE`),
/// stamped `server_ms`.
pub async fn page(
    db: &Db,
    scope: &Scope,
    kinds: Option<&[String]>,
    device: Uuid,
    after: u64,
    limit: u32,
    server_ms: i64,
) -> Result<PullPage, DbError> {
    let mut tx = db.begin_snapshot().await?;
    let page = read(&mut tx, scope, kinds, device, after, limit, server_ms).await?;
    tx.commit().await?;
    Ok(page)
}

async fn read(
    conn: &mut AnyConnection,
    scope: &Scope,
    kinds: Option<&[String]>,
    device: Uuid,
    after: u64,
    limit: u32,
    server_ms: i64,
) -> Result<PullPage, DbError> {
    let limit = limit.clamp(1, MAX_PAGE);
    // Numbers beyond i64::MAX cannot have been given out: nothing lies after them.
    let after_sql = i64::try_from(after).unwrap_or(i64::MAX);

    let device_taken = device_taken(conn, device).await?;

    let (filter, ids) = super::scope::filter(scope, "e.", 3);
    let (of_kinds, kinds) = kind_filter(kinds, 3 + ids.len());
    let sql =
        format!("{SELECT} WHERE e.change_no > $1{filter}{of_kinds} ORDER BY e.change_no LIMIT $2");
    // One more than the page holds tells whether more follow.
    let mut query = sqlx::query(&sql).bind(after_sql).bind(i64::from(limit) + 1);
    for id in ids {
        query = query.bind(id.to_string());
    }
    for kind in kinds {
        query = query.bind(kind.clone());
    }
    let rows = query.fetch_all(&mut *conn).await?;
    let (entries, more) = take_page(&rows, limit)?;

    let upto = match entries.last() {
        Some(last) if more => last.version,
        _ => {
            let latest: Option<i64> = sqlx::query_scalar("SELECT MAX(change_no) FROM changes")
                .fetch_one(&mut *conn)
                .await?;
            to_u64(latest.unwrap_or(0), "changes.change_no")?.max(after)
        }
    };
    let upto_sql = i64::try_from(upto).unwrap_or(i64::MAX);
    let conflicts = conflicts::touched_between(conn, scope, after_sql, upto_sql).await?;
    Ok(PullPage {
        after,
        entries,
        conflicts,
        upto,
        more,
        device_taken,
        restored_at: super::restorations::latest(&mut *conn).await?,
        server_ms,
    })
}

/// The last change number of `device` the server has taken (0: none yet).
pub(crate) async fn device_taken(conn: &mut AnyConnection, device: Uuid) -> Result<u64, DbError> {
    let taken: Option<i64> = sqlx::query_scalar("SELECT last_seq FROM devices WHERE id = $1")
        .bind(device.to_string())
        .fetch_optional(&mut *conn)
        .await?;
    to_u64(taken.unwrap_or(0), "devices.last_seq")
}

/// A page's entries from `rows`, asked for one more than `limit` holds, and
/// whether more follow.
pub(crate) fn take_page(rows: &[AnyRow], limit: u32) -> Result<(Vec<PulledEntry>, bool), DbError> {
    let more = rows.len() > limit as usize;
    let entries = rows
        .iter()
        .take(limit as usize)
        .map(|row| {
            entries::from_row(row).map(|stored| PulledEntry {
                entry: stored.entry,
                version: stored.change_no,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((entries, more))
}

/// ` AND e.kind IN (…)` from placeholder `$first` on, and the kinds to bind;
/// empty without `kinds`.
pub(crate) fn kind_filter(kinds: Option<&[String]>, first: usize) -> (String, &[String]) {
    match kinds {
        Some(kinds) => (
            format!(
                " AND e.kind IN ({})",
                super::scope::in_list(first, kinds.len())
            ),
            kinds,
        ),
        None => (String::new(), &[]),
    }
}
