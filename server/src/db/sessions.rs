//! Sessions: one per sign-in, bound to an account and a device, found by the
//! SHA-256 of the bearer token (the token itself is never stored).

use super::{parse_uuid, text_enum, Db, DbError};
use shared::access::Principal;
use sqlx::{Any, Executor, Row};
use uuid::Uuid;

/// What a bearer token stands for, with everything needed to accept or refuse it.
#[derive(Debug, Clone)]
pub struct SessionRow {
    pub principal: Principal,
    pub device_id: Uuid,
    pub expires_ms: i64,
    pub revoked_ms: Option<i64>,
    pub device_revoked_ms: Option<i64>,
    pub user_disabled: bool,
}

/// Stores a new session.
pub async fn insert(
    db: &Db,
    token_hash: &str,
    user_id: Uuid,
    device_id: Uuid,
    now_ms: i64,
    expires_ms: i64,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, device_id, created_ms, expires_ms) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(token_hash)
    .bind(user_id.to_string())
    .bind(device_id.to_string())
    .bind(now_ms)
    .bind(expires_ms)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// The session with this token hash, its account and its device, in one read.
pub async fn lookup(db: &Db, token_hash: &str) -> Result<Option<SessionRow>, DbError> {
    let row = sqlx::query(
        "SELECT s.user_id, s.device_id, s.expires_ms, s.revoked_ms, u.role, u.org_id, \
                u.disabled, d.revoked_ms AS device_revoked_ms \
         FROM sessions s \
         JOIN users u ON u.id = s.user_id \
         JOIN devices d ON d.id = s.device_id \
         WHERE s.token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(db.pool())
    .await?;
    let Some(row) = row else { return Ok(None) };
    Ok(Some(SessionRow {
        principal: Principal {
            user_id: parse_uuid(&row.try_get::<String, _>("user_id")?, "sessions.user_id")?,
            role: text_enum(&row.try_get::<String, _>("role")?, "users.role")?,
            org_id: parse_uuid(&row.try_get::<String, _>("org_id")?, "users.org_id")?,
        },
        device_id: parse_uuid(
            &row.try_get::<String, _>("device_id")?,
            "sessions.device_id",
        )?,
        expires_ms: row.try_get("expires_ms")?,
        revoked_ms: row.try_get("revoked_ms")?,
        device_revoked_ms: row.try_get("device_revoked_ms")?,
        user_disabled: row.try_get::<i64, _>("disabled")? != 0,
    }))
}

/// Ends one session (sign-out).
pub async fn revoke<'e>(
    ex: impl Executor<'e, Database = Any>,
    token_hash: &str,
    now_ms: i64,
) -> Result<(), DbError> {
    sqlx::query("UPDATE sessions SET revoked_ms = $2 WHERE token_hash = $1 AND revoked_ms IS NULL")
        .bind(token_hash)
        .bind(now_ms)
        .execute(ex)
        .await?;
    Ok(())
}

/// Ends every session of an account (a password reset). Returns how many.
pub async fn revoke_for_user<'e>(
    ex: impl Executor<'e, Database = Any>,
    user_id: Uuid,
    now_ms: i64,
) -> Result<u64, DbError> {
    let done = sqlx::query(
        "UPDATE sessions SET revoked_ms = $2 WHERE user_id = $1 AND revoked_ms IS NULL",
    )
    .bind(user_id.to_string())
    .bind(now_ms)
    .execute(ex)
    .await?;
    Ok(done.rows_affected())
}

/// Ends every session of `user_id` but the one `keep_hash` names (a password
/// changed on this phone signs the others out). Returns how many.
pub async fn revoke_others<'e>(
    ex: impl Executor<'e, Database = Any>,
    user_id: Uuid,
    keep_hash: &str,
    now_ms: i64,
) -> Result<u64, DbError> {
    let done = sqlx::query(
        "UPDATE sessions SET revoked_ms = $3 \
         WHERE user_id = $1 AND token_hash <> $2 AND revoked_ms IS NULL",
    )
    .bind(user_id.to_string())
    .bind(keep_hash)
    .bind(now_ms)
    .execute(ex)
    .await?;
    Ok(done.rows_affected())
}

/// Ends every session on a device (a lost phone). Returns how many.
pub async fn revoke_for_device<'e>(
    ex: impl Executor<'e, Database = Any>,
    device_id: Uuid,
    now_ms: i64,
) -> Result<u64, DbError> {
    let done = sqlx::query(
        "UPDATE sessions SET revoked_ms = $2 WHERE device_id = $1 AND revoked_ms IS NULL",
    )
    .bind(device_id.to_string())
    .bind(now_ms)
    .execute(ex)
    .await?;
    Ok(done.rows_affected())
}
