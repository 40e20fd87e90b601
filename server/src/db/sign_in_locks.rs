//! The per-name sign-in lock as rows (`sign_in_locks`, migration 0006): wrong
//! passwords counted by the username typed, account or not, so that the lock
//! cannot tell which usernames exist. The rules (how many, how long) are
//! `auth::rate_limit`'s; this module keeps the count in the database, so that
//! every server process counts the same.

use super::{Db, DbError};
use sqlx::{Any, Executor};
use uuid::Uuid;

/// Until when `username` is locked, if it is at `now_ms`.
pub async fn locked_until(db: &Db, username: &str, now_ms: i64) -> Result<Option<i64>, DbError> {
    let until: Option<Option<i64>> =
        sqlx::query_scalar("SELECT locked_until_ms FROM sign_in_locks WHERE username = $1")
            .bind(username)
            .fetch_optional(db.pool())
            .await?;
    Ok(until.flatten().filter(|&u| u > now_ms))
}

/// What counting a wrong password did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    /// Not locked yet.
    Failure,
    /// This failure was the last allowed: locked until then.
    Locked { until_ms: i64 },
}

/// Counts a wrong password for `username` at `now_ms`. Failures more than
/// `window_ms` after the one before start the count again; the `max_failures`th
/// locks the name until `now_ms + lock_ms` and starts the count again. Rows
/// whose failures and lock are both over are removed on the way, so the
/// table holds only names tried recently.
pub async fn count_failure(
    db: &Db,
    username: &str,
    now_ms: i64,
    max_failures: i64,
    window_ms: i64,
    lock_ms: i64,
) -> Result<Counted, DbError> {
    let mut tx = db.pool().begin().await?;
    sqlx::query(
        "DELETE FROM sign_in_locks WHERE last_failure_ms <= $1 \
         AND (locked_until_ms IS NULL OR locked_until_ms <= $2)",
    )
    .bind(now_ms - window_ms)
    .bind(now_ms)
    .execute(&mut *tx)
    .await?;
    // `n` is this failure's place in the run; every right-hand side reads
    // the row as it was before the update.
    let n =
        "(CASE WHEN sign_in_locks.last_failure_ms > $5 THEN sign_in_locks.failures ELSE 0 END) + 1";
    let sql = format!(
        "INSERT INTO sign_in_locks (username, failures, last_failure_ms, locked_until_ms) \
         VALUES ($1, CASE WHEN 1 >= $2 THEN 0 ELSE 1 END, $3, CASE WHEN 1 >= $2 THEN $4 END) \
         ON CONFLICT (username) DO UPDATE SET \
           failures = CASE WHEN {n} >= $2 THEN 0 ELSE {n} END, \
           last_failure_ms = $3, \
           locked_until_ms = CASE WHEN {n} >= $2 THEN $4 ELSE sign_in_locks.locked_until_ms END \
         RETURNING locked_until_ms"
    );
    let until_ms = now_ms + lock_ms;
    let locked: Option<i64> = sqlx::query_scalar(&sql)
        .bind(username)
        .bind(max_failures)
        .bind(now_ms)
        .bind(until_ms)
        .bind(now_ms - window_ms)
        .fetch_one(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(match locked {
        Some(u) if u == until_ms => Counted::Locked { until_ms },
        _ => Counted::Failure,
    })
}

/// A right password: the count starts again.
pub async fn clear(db: &Db, username: &str) -> Result<(), DbError> {
    sqlx::query("DELETE FROM sign_in_locks WHERE username = $1")
        .bind(username)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// An admin's reset lifts the lock of account `id`'s name.
pub async fn lift<'e>(ex: impl Executor<'e, Database = Any>, id: Uuid) -> Result<(), DbError> {
    sqlx::query(
        "DELETE FROM sign_in_locks WHERE username = (SELECT username FROM users WHERE id = $1)",
    )
    .bind(id.to_string())
    .execute(ex)
    .await?;
    Ok(())
}
