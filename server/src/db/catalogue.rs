//! The catalogue of work as stored: one row per version, the newest in force.
//! A database without one (or with an older built-in one) gets `shared`'s default at start-up ([`seed_default`],
//! run by [`Db::migrate`]), so every other path can rely on [`current`].

use super::{to_i64, Db, DbError};
use shared::catalogue::Catalogue;
use shared::catalogue_default::default_catalogue;

/// The catalogue in force: the newest version stored.
pub async fn current(db: &Db) -> Result<Catalogue, DbError> {
    let body: Option<String> =
        sqlx::query_scalar("SELECT body FROM catalogue ORDER BY version DESC LIMIT 1")
            .fetch_optional(db.pool())
            .await?;
    let body = body.ok_or_else(|| DbError::Corrupt("no catalogue stored".into()))?;
    serde_json::from_str(&body).map_err(|e| DbError::Corrupt(format!("catalogue.body: {e}")))
}

/// Stores the built-in default catalogue unless a version as new or newer is
/// stored (a fresh database, or one from before a newer built-in default);
/// true if it did. Two processes starting at once store it once (the
/// version is the key). Edited catalogues get versions above the built-in.
pub async fn seed_default(db: &Db, now_ms: i64) -> Result<bool, DbError> {
    let catalogue = default_catalogue();
    let body = serde_json::to_string(&catalogue)
        .map_err(|e| DbError::Corrupt(format!("catalogue not serialisable: {e}")))?;
    let done = sqlx::query(
        "INSERT INTO catalogue (version, body, created_ms) \
         SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM catalogue WHERE version >= $1) \
         ON CONFLICT (version) DO NOTHING",
    )
    .bind(to_i64(u64::from(catalogue.version), "catalogue.version")?)
    .bind(body)
    .bind(now_ms)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}
