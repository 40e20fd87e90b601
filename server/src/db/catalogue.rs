//! The catalogue of work as stored: one row per version, the newest in force.
//! A database without one (or with an older built-in one) gets `shared`'s default at start-up ([`seed_default`],
//! run by [`Db::migrate`]), so every other path can rely on [`current`].
//! An admin's edit is stored as the next version ([`save`]); older versions
//! stay, because entries are judged under the version they were made with
//! ([`version`]).

use super::audit::{self, Actor, AuditEvent};
use super::{to_i64, Db, DbError};
use axum::http::StatusCode;
use shared::audit::AuditAction;
use shared::catalogue::edit::{apply, CatalogueEdit, EditError};
use shared::catalogue::upgrade::with_new_defaults;
use shared::catalogue::Catalogue;
use shared::catalogue_default::default_catalogue;
use shared::Lang;

/// The catalogue in force: the newest version stored.
pub async fn current(db: &Db) -> Result<Catalogue, DbError> {
    let body: Option<String> =
        sqlx::query_scalar("SELECT body FROM catalogue ORDER BY version DESC LIMIT 1")
            .fetch_optional(db.pool())
            .await?;
    let body = body.ok_or_else(|| DbError::Corrupt("no catalogue stored".into()))?;
    parse(&body)
}

/// The catalogue of version `v`, if it is stored.
pub async fn version(db: &Db, v: u32) -> Result<Option<Catalogue>, DbError> {
    let body: Option<String> = sqlx::query_scalar("SELECT body FROM catalogue WHERE version = $1")
        .bind(i64::from(v))
        .fetch_optional(db.pool())
        .await?;
    body.as_deref().map(parse).transpose()
}

fn parse(body: &str) -> Result<Catalogue, DbError> {
    serde_json::from_str(body).map_err(|e| DbError::Corrupt(format!("catalogue.body: {e}")))
}

fn serialise(catalogue: &Catalogue) -> Result<String, DbError> {
    serde_json::to_string(catalogue)
        .map_err(|e| DbError::Corrupt(format!("catalogue not serialisable: {e}")))
}

/// Why an admin's edit was not stored.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    /// The edit was made from an older version than the one in force (409).
    #[error("the catalogue was changed meanwhile: version {current} is in force, the edit was made from {base}")]
    Stale { base: u32, current: u32 },
    /// The edit breaks a rule of `shared::catalogue::edit` (400).
    #[error(transparent)]
    Invalid(EditError),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl SaveError {
    pub fn status(&self) -> StatusCode {
        match self {
            SaveError::Stale { .. } => StatusCode::CONFLICT,
            SaveError::Invalid(_) => StatusCode::BAD_REQUEST,
            SaveError::Db(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            SaveError::Stale { .. } => "stale_catalogue",
            SaveError::Invalid(_) => "invalid_catalogue_edit",
            SaveError::Db(_) => "internal",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (SaveError::Stale { base, current }, Lang::Zh) => format!(
                "工作目录已被他人修改（现为第{current}版，您的修改基于第{base}版）：请重新打开工作目录，再修改一次"
            ),
            (SaveError::Stale { base, current }, Lang::En) => format!(
                "The catalogue was changed meanwhile (version {current} is in force; your edit was made from version {base}). Open it again and redo the edit."
            ),
            (SaveError::Invalid(e), lang) => e.message(lang),
            (SaveError::Db(_), lang) => lang.pick("服务器内部错误", "internal error").into(),
        }
    }
}

/// Stores `edit` as the next version if it was made from the version in
/// force, audited in the same transaction; the new catalogue. Two admins
/// saving from the same version: one is stored, the other told it is stale
/// (the version is the key, so this holds across server processes too).
pub async fn save(
    db: &Db,
    edit: &CatalogueEdit,
    actor: Actor,
    now_ms: i64,
) -> Result<Catalogue, SaveError> {
    let base = current(db).await?;
    let stale = SaveError::Stale {
        base: edit.base_version,
        current: base.version,
    };
    if edit.base_version != base.version {
        return Err(stale);
    }
    let next = apply(&base, &edit.ops).map_err(SaveError::Invalid)?;
    let mut tx = db.pool().begin().await.map_err(DbError::from)?;
    let stored = sqlx::query(
        "INSERT INTO catalogue (version, body, created_ms) VALUES ($1, $2, $3) \
         ON CONFLICT (version) DO NOTHING",
    )
    .bind(i64::from(next.version))
    .bind(serialise(&next)?)
    .bind(now_ms)
    .execute(&mut *tx)
    .await
    .map_err(DbError::from)?;
    if stored.rows_affected() != 1 {
        return Err(SaveError::Stale {
            base: edit.base_version,
            current: next.version,
        });
    }
    let event = AuditEvent {
        actor,
        action: AuditAction::CatalogueEdit,
        target: format!("catalogue {}", next.version),
        detail: format!("version {} from {}", next.version, base.version),
    };
    audit::record(&mut *tx, now_ms, &event).await?;
    tx.commit().await.map_err(DbError::from)?;
    Ok(next)
}

/// Brings the built-in catalogue into force at start-up; true if it stored
/// a version. A deployment whose admin never edited its catalogue takes the
/// built-in one whole unless a version as new or newer is stored (a fresh
/// database, or one from before a newer built-in default). One whose admin
/// edited it keeps the edits and gains only the built-in kinds and lines it
/// lacks, as its next version (`shared::catalogue::upgrade`): by content,
/// since an edit's number may be a later release's built-in number too.
/// Two processes starting at once store it once (the version is the key).
pub async fn seed_default(db: &Db, now_ms: i64) -> Result<bool, DbError> {
    let catalogue = default_catalogue();
    if edited(db).await? {
        let current = current(db).await?;
        let Some(next) = with_new_defaults(&current, &catalogue) else {
            return Ok(false);
        };
        let done = sqlx::query(
            "INSERT INTO catalogue (version, body, created_ms) VALUES ($1, $2, $3) \
             ON CONFLICT (version) DO NOTHING",
        )
        .bind(i64::from(next.version))
        .bind(serialise(&next)?)
        .bind(now_ms)
        .execute(db.pool())
        .await?;
        return Ok(done.rows_affected() == 1);
    }
    let body = serialise(&catalogue)?;
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

/// Whether an admin ever saved an edit of the catalogue: each save is
/// audited in its own transaction ([`save`]), so the log says it for sure.
async fn edited(db: &Db) -> Result<bool, DbError> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM audit_log WHERE action = $1 LIMIT 1")
            .bind(AuditAction::CatalogueEdit.code())
            .fetch_optional(db.pool())
            .await?;
    Ok(found.is_some())
}
