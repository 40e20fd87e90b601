//! Failed sign-ins, remembered per client address for the sliding-window
//! slowing down of `auth::rate_limit`. In the database, so every server process counts the same.

use super::{Db, DbError};
use sqlx::Row;

/// How many failures `key` had since `since_ms`, and when the oldest of them was.
pub async fn count_since(db: &Db, key: &str, since_ms: i64) -> Result<(i64, Option<i64>), DbError> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n, MIN(at_ms) AS oldest FROM login_failures \
         WHERE address = $1 AND at_ms > $2",
    )
    .bind(key)
    .bind(since_ms)
    .fetch_one(db.pool())
    .await?;
    Ok((row.try_get("n")?, row.try_get("oldest")?))
}

/// Remembers one failure of `key`, and forgets every failure older than
/// `forget_before_ms` (of any key) so the table stays small.
pub async fn record(db: &Db, key: &str, now_ms: i64, forget_before_ms: i64) -> Result<(), DbError> {
    let mut tx = db.pool().begin().await?;
    sqlx::query("DELETE FROM login_failures WHERE at_ms <= $1")
        .bind(forget_before_ms)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO login_failures (address, at_ms) VALUES ($1, $2)")
        .bind(key)
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}
