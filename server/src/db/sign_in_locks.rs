//! The per-name sign-in lock as rows (`sign_in_locks`, migration 0006):
//! attempts counted by the username typed, account or not, so that the lock
//! cannot tell which usernames exist. An attempt is counted before its
//! password is checked and the count dropped by a right one, so the columns
//! `failures` and `last_failure_ms` hold the attempts not (yet) proven right. The rules (how many, how long) are
//! `auth::rate_limit`'s; this module keeps the count in the database, so that
//! every server process counts the same.

use super::{Db, DbError};
use sqlx::{Any, Executor};
use uuid::Uuid;

/// What counting an attempt did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counted {
    /// Counted; more may follow.
    Attempt,
    /// Counted, the last allowed: the name is locked until then (a right
    /// password lifts it again, see [`clear`]).
    LastAllowed { until_ms: i64 },
    /// Not counted: the name is locked until then.
    Locked { until_ms: i64 },
}

/// Counts an attempt to sign in as `username` at `now_ms`, before its
/// password is checked, in one statement, so that attempts sent side by side
/// are counted one after the other and none is checked beyond the limit.
/// Attempts more than `window_ms` after the one before start the count
/// again; the `max_attempts`th locks the name until `now_ms + lock_ms` and
/// starts the count again; during a lock nothing is counted. Rows whose
/// attempts and lock are both over are removed on the way, so the table
/// holds only names tried recently.
pub async fn count_attempt(
    db: &Db,
    username: &str,
    now_ms: i64,
    max_attempts: i64,
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
    // `n` is this attempt's place in the run; every right-hand side reads
    // the row as it was before the update. A locked row is left alone (the
    // WHERE), and then nothing is returned.
    let n =
        "(CASE WHEN sign_in_locks.last_failure_ms > $5 THEN sign_in_locks.failures ELSE 0 END) + 1";
    let sql = format!(
        "INSERT INTO sign_in_locks (username, failures, last_failure_ms, locked_until_ms) \
         VALUES ($1, CASE WHEN 1 >= $2 THEN 0 ELSE 1 END, $3, CASE WHEN 1 >= $2 THEN $4 END) \
         ON CONFLICT (username) DO UPDATE SET \
           failures = CASE WHEN {n} >= $2 THEN 0 ELSE {n} END, \
           last_failure_ms = $3, \
           locked_until_ms = CASE WHEN {n} >= $2 THEN $4 ELSE sign_in_locks.locked_until_ms END \
         WHERE sign_in_locks.locked_until_ms IS NULL OR sign_in_locks.locked_until_ms <= $3 \
         RETURNING locked_until_ms"
    );
    let until_ms = now_ms + lock_ms;
    let counted: Option<Option<i64>> = sqlx::query_scalar(&sql)
        .bind(username)
        .bind(max_attempts)
        .bind(now_ms)
        .bind(until_ms)
        .bind(now_ms - window_ms)
        .fetch_optional(&mut *tx)
        .await?;
    let counted = match counted {
        Some(Some(u)) if u == until_ms => Counted::LastAllowed { until_ms },
        Some(_) => Counted::Attempt,
        None => {
            let until: Option<i64> =
                sqlx::query_scalar("SELECT locked_until_ms FROM sign_in_locks WHERE username = $1")
                    .bind(username)
                    .fetch_one(&mut *tx)
                    .await?;
            Counted::Locked {
                until_ms: until.unwrap_or(until_ms),
            }
        }
    };
    tx.commit().await?;
    Ok(counted)
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
