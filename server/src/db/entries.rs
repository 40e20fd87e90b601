//! Reading entries: the listing other devices pull from, in server order and
//! filtered to what the reader may see, and the mapping between an `entries`
//! row and the shared [`ServerEntry`].

use super::{to_u64, Db, DbError};
use shared::kind::is_sensitive;
use shared::sync::protocol::{EntryPage, ServerEntry, MAX_PAGE};
use shared::Entry;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use uuid::Uuid;

/// The columns [`from_row`] reads, in one place so every query selects the same.
pub(crate) const COLUMNS: &str = "id, org_id, kind, title, date, place, sessions, participants, \
     note, created_ms, updated_ms, device_id, change_no, received_ms";

/// What a reader may see, worked out by the caller from `shared::access` (this
/// layer only turns it into SQL, so the listing is filtered in the database).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadScope {
    /// Admins: every entry, including those from before organisations existed.
    Everything,
    /// Entries of these organisations; sensitive ones only of `sensitive_orgs`.
    Orgs {
        orgs: Vec<Uuid>,
        sensitive_orgs: Vec<Uuid>,
    },
}

/// One page of the entries `scope` allows with `change_no > after`, oldest
/// first. `limit` is clamped to `1..=MAX_PAGE`: zero would end a pull that has
/// not finished.
pub async fn list(
    db: &Db,
    scope: &ReadScope,
    after: u64,
    limit: u32,
) -> Result<EntryPage, DbError> {
    let limit = limit.clamp(1, MAX_PAGE);
    // Numbers beyond i64::MAX cannot have been assigned: nothing lies after them.
    let Ok(after) = i64::try_from(after) else {
        return Ok(EntryPage {
            entries: Vec::new(),
            next_after: None,
        });
    };
    let (filter, ids) = match scope {
        ReadScope::Everything => (String::new(), Vec::new()),
        ReadScope::Orgs {
            orgs,
            sensitive_orgs,
        } => {
            let plain = in_list(3, orgs.len());
            let sensitive = in_list(3 + orgs.len(), sensitive_orgs.len());
            let filter = format!(
                " AND ((sensitive = 0 AND org_id IN ({plain})) \
                   OR (sensitive <> 0 AND org_id IN ({sensitive})))"
            );
            (filter, orgs.iter().chain(sensitive_orgs).collect())
        }
    };
    let sql = format!(
        "SELECT {COLUMNS} FROM entries WHERE change_no > $1{filter} ORDER BY change_no LIMIT $2"
    );
    let mut query = sqlx::query(&sql).bind(after).bind(i64::from(limit));
    for id in ids {
        query = query.bind(id.to_string());
    }
    let rows = query.fetch_all(db.pool()).await?;
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

/// `$first, $first+1, …` for `n` values; an empty list matches nothing
/// (`IN ()` is not valid SQL on PostgreSQL).
fn in_list(first: usize, n: usize) -> String {
    if n == 0 {
        return "NULL".into();
    }
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
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

/// Stores a new entry under the receipt number `change_no`. Whether its kind
/// is sensitive is stored beside it, so the listing can filter in SQL.
pub(crate) async fn insert(
    conn: &mut AnyConnection,
    entry: &Entry,
    device_id: Uuid,
    change_no: i64,
    received_ms: i64,
) -> Result<(), DbError> {
    let sql = format!(
        "INSERT INTO entries ({COLUMNS}, sensitive) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
    );
    sqlx::query(&sql)
        .bind(entry.id.to_string())
        .bind(entry.org_id.to_string())
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
        .bind(i64::from(is_sensitive(&entry.kind)))
        .execute(conn)
        .await?;
    Ok(())
}

/// Gives an entry stored before organisations existed the organisation (and
/// sensitivity) of `entry`, if it has the same id and none yet. For the demo
/// data, whose organisations are known: a database from before accounts keeps
/// showing its demo entries to the demo cadres. True if a row changed.
pub async fn adopt_legacy(db: &Db, entry: &Entry) -> Result<bool, DbError> {
    let done = sqlx::query(
        "UPDATE entries SET org_id = $2, sensitive = $3 WHERE id = $1 AND org_id IS NULL",
    )
    .bind(entry.id.to_string())
    .bind(entry.org_id.to_string())
    .bind(i64::from(is_sensitive(&entry.kind)))
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Reads a row selected with [`COLUMNS`]. Entries stored before
/// organisations existed have none: they read as the nil UUID (which no
/// organisation has), so only admins ever see them.
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
    let org_id = match row.try_get::<Option<String>, _>("org_id")? {
        Some(s) => Uuid::parse_str(&s).map_err(|e| corrupt("org_id", e.to_string()))?,
        None => Uuid::nil(),
    };
    let entry = Entry {
        id: uuid("id")?,
        org_id,
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
