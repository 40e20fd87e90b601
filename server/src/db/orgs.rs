//! Organisations as rows. Whether a change to the tree is allowed is
//! `shared::org::OrgTree`'s question; this module reads and writes only.

use super::{enum_text, parse_uuid, text_enum, Db, DbError};
use shared::org::{OrgTree, Organisation, Venue};
use sqlx::any::AnyRow;
use sqlx::{Any, Executor, Row};
use uuid::Uuid;

const COLUMNS: &str = "id, parent_id, name, kind, pilot, venues, retired";

/// Every organisation, retired ones included, by name.
pub async fn all(db: &Db) -> Result<Vec<Organisation>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM organisations ORDER BY name, id");
    let rows = sqlx::query(&sql).fetch_all(db.pool()).await?;
    rows.iter().map(from_row).collect()
}

/// The whole tree, for the access rules. Read per request: a deployment has
/// tens to a few thousand organisations, and a cache would be one more thing
/// that several server processes could disagree on.
pub async fn tree(db: &Db) -> Result<OrgTree, DbError> {
    Ok(OrgTree::new(all(db).await?))
}

/// Stores a new organisation.
pub async fn insert<'e>(
    ex: impl Executor<'e, Database = Any>,
    org: &Organisation,
    now_ms: i64,
) -> Result<(), DbError> {
    write(ex, org, now_ms, false).await
}

/// Stores `org` unless an organisation with its id exists (demo data).
pub async fn insert_if_absent<'e>(
    ex: impl Executor<'e, Database = Any>,
    org: &Organisation,
    now_ms: i64,
) -> Result<(), DbError> {
    write(ex, org, now_ms, true).await
}

async fn write<'e>(
    ex: impl Executor<'e, Database = Any>,
    org: &Organisation,
    now_ms: i64,
    if_absent: bool,
) -> Result<(), DbError> {
    let conflict = if if_absent {
        " ON CONFLICT (id) DO NOTHING"
    } else {
        ""
    };
    let sql = format!(
        "INSERT INTO organisations ({COLUMNS}, created_ms, updated_ms) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8){conflict}"
    );
    sqlx::query(&sql)
        .bind(org.id.to_string())
        .bind(org.parent_id.map(|p| p.to_string()))
        .bind(org.name.as_str())
        .bind(enum_text(&org.kind)?)
        .bind(i64::from(org.pilot))
        .bind(venues_json(&org.venues)?)
        .bind(i64::from(org.retired))
        .bind(now_ms)
        .execute(ex)
        .await?;
    Ok(())
}

/// Writes every field of `org` over the stored one; false if there is none.
pub async fn update<'e>(
    ex: impl Executor<'e, Database = Any>,
    org: &Organisation,
    now_ms: i64,
) -> Result<bool, DbError> {
    let done = sqlx::query(
        "UPDATE organisations SET parent_id = $2, name = $3, pilot = $4, venues = $5, \
         retired = $6, updated_ms = $7 WHERE id = $1",
    )
    .bind(org.id.to_string())
    .bind(org.parent_id.map(|p| p.to_string()))
    .bind(org.name.as_str())
    .bind(i64::from(org.pilot))
    .bind(venues_json(&org.venues)?)
    .bind(i64::from(org.retired))
    .bind(now_ms)
    .execute(ex)
    .await?;
    Ok(done.rows_affected() == 1)
}

fn venues_json(venues: &[Venue]) -> Result<String, DbError> {
    serde_json::to_string(venues).map_err(|e| DbError::Corrupt(format!("venues: {e}")))
}

fn from_row(row: &AnyRow) -> Result<Organisation, DbError> {
    let parent: Option<String> = row.try_get("parent_id")?;
    let venues: String = row.try_get("venues")?;
    Ok(Organisation {
        id: parse_uuid(&row.try_get::<String, _>("id")?, "organisations.id")?,
        parent_id: parent
            .map(|p| parse_uuid(&p, "organisations.parent_id"))
            .transpose()?,
        name: row.try_get("name")?,
        kind: text_enum(&row.try_get::<String, _>("kind")?, "organisations.kind")?,
        pilot: row.try_get::<i64, _>("pilot")? != 0,
        venues: serde_json::from_str(&venues)
            .map_err(|e| DbError::Corrupt(format!("organisations.venues: {e}")))?,
        retired: row.try_get::<i64, _>("retired")? != 0,
    })
}

/// Organisations whose exact name is `name` (the command line accepts names).
pub async fn find_by_name(db: &Db, name: &str) -> Result<Vec<Uuid>, DbError> {
    let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM organisations WHERE name = $1")
        .bind(name)
        .fetch_all(db.pool())
        .await?;
    ids.iter()
        .map(|id| parse_uuid(id, "organisations.id"))
        .collect()
}
