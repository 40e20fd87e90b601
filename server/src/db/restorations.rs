//! When the server was restored from a backup (see `shared::sync::recovery`):
//! the `restorations` table's newest moment is told in every pulled page
//! (`PullPage::restored_at`), so that a phone holding numbers the restored
//! server gives out again pulls everything again from the start.
//! `server restore` notes one (SQLite); on PostgreSQL, restored with its own
//! tools, the first phone that re-bases the server notes it.

use super::{to_u64, DbError};
use sqlx::{Any, Executor};

/// The newest restoration's moment, ms since the Unix epoch (0: none).
pub async fn latest<'c, E: Executor<'c, Database = Any>>(conn: E) -> Result<u64, DbError> {
    let at: Option<i64> = sqlx::query_scalar("SELECT MAX(at_ms) FROM restorations")
        .fetch_one(conn)
        .await?;
    to_u64(at.unwrap_or(0), "restorations.at_ms")
}

/// Notes a restoration at `now_ms` (another at the same moment is the same).
pub async fn note<'c, E: Executor<'c, Database = Any>>(
    conn: E,
    now_ms: i64,
) -> Result<(), DbError> {
    sqlx::query("INSERT INTO restorations (at_ms) VALUES ($1) ON CONFLICT (at_ms) DO NOTHING")
        .bind(now_ms.max(1))
        .execute(conn)
        .await?;
    Ok(())
}
