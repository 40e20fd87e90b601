//! Accounts as rows: who they are and their password hash (the lock after
//! wrong passwords is kept by name, in [`super::sign_in_locks`]). The hash never leaves this module except to be
//! verified (`auth::password`); [`UserInfo`] is what others see.

use super::{enum_text, parse_uuid, text_enum, Db, DbError};
use shared::access::Role;
use shared::account::UserInfo;
use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};
use uuid::Uuid;

const COLUMNS: &str =
    "id, username, display_name, role, org_id, disabled, password_hash, must_change_password";

/// An account with what signing in needs.
#[derive(Debug, Clone)]
pub struct UserRow {
    pub info: UserInfo,
    /// argon2id PHC string.
    pub password_hash: String,
    /// An admin made the password: it must be replaced at the next sign-in.
    pub must_change_password: bool,
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
         disabled, created_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
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

/// Who made a password: the account's owner, or an admin (then it must be
/// replaced at the next sign-in).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MadeBy {
    Owner,
    Admin,
}

/// Replaces the password; false if there is no such account. (Lifting a
/// lock is [`super::sign_in_locks::lift`].)
pub async fn set_password<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: Uuid,
    password_hash: &str,
    made_by: MadeBy,
) -> Result<bool, DbError> {
    let done =
        sqlx::query("UPDATE users SET password_hash = $2, must_change_password = $3 WHERE id = $1")
            .bind(id.to_string())
            .bind(password_hash)
            .bind(i64::from(made_by == MadeBy::Admin))
            .execute(ex)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// Marks the password of account `id` as made by an admin (a new account's
/// one-time password).
pub async fn require_password_change<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: Uuid,
) -> Result<(), DbError> {
    sqlx::query("UPDATE users SET must_change_password = 1 WHERE id = $1")
        .bind(id.to_string())
        .execute(ex)
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
        must_change_password: row.try_get::<i64, _>("must_change_password")? != 0,
    })
}
