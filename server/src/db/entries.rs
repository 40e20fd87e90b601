//! Reading entries: the listing other devices pull from, in server order, and
//! the mapping between an `entries` row and the shared [`ServerEntry`].

use super::{to_u64, Db, DbError};
use shared::sync::protocol::{EntryPage, ServerEntry, MAX_PAGE};
use shared::Entry;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use uuid::Uuid;

/// The columns [`from_row`] reads, in one place so every query selects the same.
pub(crate) const COLUMNS: &str = "id, kind, title, date, place, sessions, participants, note, \
     created_ms, updated_ms, device_id, change_no, received_ms";

/// One page of entries with `change_no > after`, oldest first. `limit` is
/// clamped to `1..=MAX_PAGE`: zero would end a pull that has not finished.
pub async fn list(db: &Db, after: u64, limit: u32) -> Result<EntryPage, DbError> {
    let limit = limit.clamp(1, MAX_PAGE);
    // Numbers beyond i64::MAX cannot have been assigned: nothing lies after them.
    let Ok(after) = i64::try_from(after) else {
        return Ok(EntryPage {
            entries: Vec::new(),
            next_after: None,
        });
    };
    let sql =
        format!("SELECT {COLUMNS} FROM entries WHERE change_no > $1 ORDER BY change_no LIMIT $2");
    let rows = sqlx::query(&sql)
        .bind(after)
        .bind(i64::from(limit))
        .fetch_all(db.pool())
        .await?;
    let entries = rows.iter().map(from_row).collect::<Result<Vec<_>, _>>()?;
    // A full page may have more behind it; a short one is the end (for now).
    let next_after = if entries.len() == limit as usize {
        entries.last().map(|e| e.change_no)
    } else {
        None
    };
    Ok(EntryPage {
        entries,
        next_after,
    })
}

/// The entry stored under `id`, if any (inside the push transaction).
pub(crate) async fn find(
    conn: &mut AnyConnection,
    id: Uuid,
) -> Result<Option<ServerEntry>, DbError> {
    let sql = format!("SELECT {COLUMNS} FROM entries WHERE id = $1");
    let row = sqlx::query(&sql)
        .bind(id.to_string())
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Stores a new entry under the receipt number `change_no`.
pub(crate) async fn insert(
    conn: &mut AnyConnection,
    entry: &Entry,
    device_id: Uuid,
    change_no: i64,
    received_ms: i64,
) -> Result<(), DbError> {
    let sql = format!(
        "INSERT INTO entries ({COLUMNS}) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
    );
    sqlx::query(&sql)
        .bind(entry.id.to_string())
        .bind(entry.kind.as_str())
        .bind(entry.title.as_str())
        .bind(entry.date.to_string())
        .bind(entry.place.as_str())
        .bind(i64::from(entry.sessions))
        .bind(i64::from(entry.participants))
        .bind(entry.note.as_str())
        .bind(entry.created_ms)
        .bind(entry.updated_ms)
        .bind(device_id.to_string())
        .bind(change_no)
        .bind(received_ms)
        .execute(conn)
        .await?;
    Ok(())
}

/// Reads a row selected with [`COLUMNS`].
pub(crate) fn from_row(row: &AnyRow) -> Result<ServerEntry, DbError> {
    let text = |col: &str| row.try_get::<String, _>(col);
    let int = |col: &str| row.try_get::<i64, _>(col);
    let corrupt = |col: &str, detail: String| DbError::Corrupt(format!("entries.{col}: {detail}"));
    let uuid = |col: &str| -> Result<Uuid, DbError> {
        let s = text(col)?;
        Uuid::parse_str(&s).map_err(|e| corrupt(col, e.to_string()))
    };
    let count = |col: &str| -> Result<u32, DbError> {
        let n = int(col)?;
        u32::try_from(n).map_err(|e| corrupt(col, format!("{n}: {e}")))
    };
    let entry = Entry {
        id: uuid("id")?,
        kind: text("kind")?,
        title: text("title")?,
        date: text("date")?
            .parse()
            .map_err(|e: shared::date::DateParseError| corrupt("date", e.to_string()))?,
        place: text("place")?,
        sessions: count("sessions")?,
        participants: count("participants")?,
        note: text("note")?,
        created_ms: int("created_ms")?,
        updated_ms: int("updated_ms")?,
    };
    Ok(ServerEntry {
        entry,
        device_id: uuid("device_id")?,
        change_no: to_u64(int("change_no")?, "change_no")?,
        received_ms: int("received_ms")?,
    })
}
