//! Accounts as rows: who they are, their password hash, and the consecutive
//! failures that lock them. The hash never leaves this module except to be
//! verified (`auth::password`); [`UserInfo`] is what others see.

use super::{enum_text, parse_uuid, text_enum, Db, DbError};
use shared::access::Role;
use shared::account::UserInfo;
use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};
use uuid::Uuid;

const COLUMNS: &str =
    "id, username, display_name, role, org_id, disabled, password_hash, locked_until_ms";

/// An account with what signing in needs.
#[derive(Debug, Clone)]
pub struct UserRow {
    pub info: UserInfo,
    /// argon2id PHC string.
    pub password_hash: String,
    /// Set while the account is locked after too many wrong passwords.
    pub locked_until_ms: Option<i64>,
}

/// The account with this (normalised) username.
pub async fn find_by_username(db: &Db, username: &str) -> Result<Option<UserRow>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE username = $1");
    let row = sqlx::query(&sql)
        .bind(username)
        .fetch_optional(db.pool())
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// The account with this id.
pub async fn find(db: &Db, id: Uuid) -> Result<Option<UserRow>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE id = $1");
    let row = sqlx::query(&sql)
        .bind(id.to_string())
        .fetch_optional(db.pool())
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Every account, by username.
pub async fn list(db: &Db) -> Result<Vec<UserInfo>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM users ORDER BY username");
    let rows = sqlx::query(&sql).fetch_all(db.pool()).await?;
    rows.iter().map(|r| from_row(r).map(|u| u.info)).collect()
}

/// Whether any admin account exists (first-run setup runs only before one does).
pub async fn any_admin(db: &Db) -> Result<bool, DbError> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE role = $1")
        .bind(enum_text(&Role::Admin)?)
        .fetch_one(db.pool())
        .await?;
    Ok(n > 0)
}

/// Stores a new account. A taken username is a unique violation
/// ([`DbError::is_unique_violation`]).
pub async fn insert<'e>(
    ex: impl Executor<'e, Database = Any>,
    user: &UserInfo,
    password_hash: &str,
    now_ms: i64,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO users (id, username, display_name, password_hash, role, org_id, \
         disabled, failed_logins, created_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8)",
    )
    .bind(user.id.to_string())
    .bind(user.username.as_str())
    .bind(user.display_name.as_str())
    .bind(password_hash)
    .bind(enum_text(&user.role)?)
    .bind(user.org_id.to_string())
    .bind(i64::from(user.disabled))
    .bind(now_ms)
    .execute(ex)
    .await?;
    Ok(())
}

/// Replaces the password and lifts any lock; false if there is no such account.
pub async fn set_password<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: Uuid,
    password_hash: &str,
) -> Result<bool, DbError> {
    let done = sqlx::query(
        "UPDATE users SET password_hash = $2, failed_logins = 0, locked_until_ms = NULL \
         WHERE id = $1",
    )
    .bind(id.to_string())
    .bind(password_hash)
    .execute(ex)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Counts one more wrong password. The `max_failures`th in a row locks the
/// account until `lock_until_ms` and starts the count again. One statement, so
/// concurrent guesses cannot skip the lock. Returns the lock's end, if locked now.
pub async fn record_failure(
    db: &Db,
    id: Uuid,
    max_failures: i64,
    lock_until_ms: i64,
) -> Result<Option<i64>, DbError> {
    // Every right-hand side reads the row as it was before this UPDATE.
    let locked: Option<i64> = sqlx::query_scalar(
        "UPDATE users SET \
           failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END, \
           locked_until_ms = CASE WHEN failed_logins + 1 >= $2 THEN $3 ELSE locked_until_ms END \
         WHERE id = $1 RETURNING locked_until_ms",
    )
    .bind(id.to_string())
    .bind(max_failures)
    .bind(lock_until_ms)
    .fetch_optional(db.pool())
    .await?
    .flatten();
    Ok(locked.filter(|&until| until == lock_until_ms))
}

/// A right password: the count of failures starts again.
pub async fn reset_failures(db: &Db, id: Uuid) -> Result<(), DbError> {
    sqlx::query("UPDATE users SET failed_logins = 0, locked_until_ms = NULL WHERE id = $1")
        .bind(id.to_string())
        .execute(db.pool())
        .await?;
    Ok(())
}

fn from_row(row: &AnyRow) -> Result<UserRow, DbError> {
    let info = UserInfo {
        id: parse_uuid(&row.try_get::<String, _>("id")?, "users.id")?,
        username: row.try_get("username")?,
        display_name: row.try_get("display_name")?,
        role: text_enum(&row.try_get::<String, _>("role")?, "users.role")?,
        org_id: parse_uuid(&row.try_get::<String, _>("org_id")?, "users.org_id")?,
        disabled: row.try_get::<i64, _>("disabled")? != 0,
    };
    Ok(UserRow {
        info,
        password_hash: row.try_get("password_hash")?,
        locked_until_ms: row.try_get("locked_until_ms")?,
    })
}
