//! The `conflicts` table: every field two devices changed without seeing each
//! other's change, named by the change that made it and the field (the shared
//! [`ConflictKey`]), with the shared [`Conflict`] as its JSON body, whether
//! (and by which change) a person settled it, and `touched`: the change that
//! made or settled it, by which pulls page it. The entry's organisation and
//! sensitivity when it was made are kept beside it, so that pulls filter
//! conflicts in SQL as they filter entries.

use super::{enum_text, text_enum, to_i64, to_u64, DbError};
use shared::entry::EntryField;
use shared::scope::Scope;
use shared::sync::merge::Conflict;
use shared::sync::protocol::{ConflictKey, ConflictRecord};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use uuid::Uuid;

/// A stored conflict's entry and settlement, for judging a resolve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stored {
    pub entry_id: Uuid,
    pub resolved_by: Option<u64>,
}

/// Stores `conflict`, made by change `touched` (its key's change), for an
/// entry now in `org_id` and of a kind that is `sensitive` or not. False if
/// it was stored already: an edit naming a field twice makes the same
/// conflict twice, and it is kept once.
pub(crate) async fn insert(
    conn: &mut AnyConnection,
    conflict: &Conflict,
    org_id: Uuid,
    sensitive: bool,
    touched: u64,
) -> Result<bool, DbError> {
    let key = conflict.key();
    let body = serde_json::to_string(conflict)
        .map_err(|e| DbError::Corrupt(format!("conflict not serialisable: {e}")))?;
    let done = sqlx::query(
        "INSERT INTO conflicts \
         (change_no, field, entry_id, org_id, sensitive, body, resolved_by, touched) \
         VALUES ($1, $2, $3, $4, $5, $6, NULL, $7) \
         ON CONFLICT (change_no, field) DO NOTHING",
    )
    .bind(to_i64(key.change_no, "conflict change_no")?)
    .bind(enum_text(&key.field)?)
    .bind(conflict.entry_id.to_string())
    .bind(org_id.to_string())
    .bind(i64::from(sensitive))
    .bind(body)
    .bind(to_i64(touched, "conflict touched")?)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The conflict named `key`, if the server holds one.
pub(crate) async fn find(
    conn: &mut AnyConnection,
    key: &ConflictKey,
) -> Result<Option<Stored>, DbError> {
    let Ok(change_no) = i64::try_from(key.change_no) else {
        return Ok(None); // never given out
    };
    let row = sqlx::query(
        "SELECT entry_id, resolved_by FROM conflicts WHERE change_no = $1 AND field = $2",
    )
    .bind(change_no)
    .bind(enum_text(&key.field)?)
    .fetch_optional(conn)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let entry_id = super::parse_uuid(&row.try_get::<String, _>("entry_id")?, "conflicts.entry_id")?;
    let resolved_by = row
        .try_get::<Option<i64>, _>("resolved_by")?
        .map(|n| to_u64(n, "conflicts.resolved_by"))
        .transpose()?;
    Ok(Some(Stored {
        entry_id,
        resolved_by,
    }))
}

/// Marks the conflict `key` settled by change `by`, unless it is settled
/// already (the first settlement stands). True if it was settled now.
pub(crate) async fn resolve(
    conn: &mut AnyConnection,
    key: &ConflictKey,
    by: u64,
) -> Result<bool, DbError> {
    let done = sqlx::query(
        "UPDATE conflicts SET resolved_by = $3, touched = $3 \
         WHERE change_no = $1 AND field = $2 AND resolved_by IS NULL",
    )
    .bind(to_i64(key.change_no, "conflict change_no")?)
    .bind(enum_text(&key.field)?)
    .bind(to_i64(by, "resolved_by")?)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The conflicts `scope` allows that were made or settled by a change in
/// `(after, upto]`, ordered by key (change, then field in the form's order).
pub(crate) async fn touched_between(
    conn: &mut AnyConnection,
    scope: &Scope,
    after: i64,
    upto: i64,
) -> Result<Vec<ConflictRecord>, DbError> {
    let (filter, ids) = super::scope::filter(scope, "c.", 3);
    let sql = format!(
        "SELECT c.change_no, c.field, c.body, c.resolved_by FROM conflicts c \
         WHERE c.touched > $1 AND c.touched <= $2{filter}"
    );
    let mut query = sqlx::query(&sql).bind(after).bind(upto);
    for id in ids {
        query = query.bind(id.to_string());
    }
    let rows = query.fetch_all(conn).await?;
    let mut records = rows.iter().map(record).collect::<Result<Vec<_>, _>>()?;
    // The field's stored text does not sort in the form's order: sort here.
    records.sort_by_key(|r| r.key);
    Ok(records)
}

/// Reads a row of [`touched_between`].
fn record(row: &AnyRow) -> Result<ConflictRecord, DbError> {
    let field: EntryField = text_enum(&row.try_get::<String, _>("field")?, "conflicts.field")?;
    let key = ConflictKey {
        change_no: to_u64(row.try_get("change_no")?, "conflicts.change_no")?,
        field,
    };
    let conflict: Conflict = serde_json::from_str(&row.try_get::<String, _>("body")?)
        .map_err(|e| DbError::Corrupt(format!("conflicts.body: {e}")))?;
    if conflict.key() != key {
        return Err(DbError::Corrupt(format!(
            "conflict {key:?} holds the body of {:?}",
            conflict.key()
        )));
    }
    let resolved_by = row
        .try_get::<Option<i64>, _>("resolved_by")?
        .map(|n| to_u64(n, "conflicts.resolved_by"))
        .transpose()?;
    Ok(ConflictRecord {
        key,
        conflict,
        resolved_by,
    })
}
