//! Entry rows: the listing, in server order and filtered to what the reader
//! may see (the filter is shared with pulls); inserting and rewriting one
//! (inside the push transaction); and the mapping between a row and the
//! shared [`ServerEntry`]. Partners, counts, the person and the photos are
//! JSON columns; the blobs the photos name are listed in `entry_photos` too,
//! rewritten with the row ([`super::photos`]).
//! Finding one with who wrote which field (for merging edits) is
//! [`super::stamped`].

use super::{to_u64, Db, DbError};
use shared::entry::{Level, Person};
use shared::photo::PhotoRef;
use shared::scope::Scope;
use shared::sync::protocol::{EntryPage, ServerEntry, MAX_PAGE};
use shared::Entry;
use sqlx::any::{AnyArguments, AnyRow};
use sqlx::query::Query;
use sqlx::{Any, AnyConnection, Row};
use std::collections::BTreeMap;
use uuid::Uuid;

/// What every read selects, in one place: the row, its field stamps and,
/// through its creator's account, who recorded it (empty when nobody known).
/// Filter with `e.`.
pub(crate) const SELECT: &str = "SELECT e.id, e.org_id, e.kind, e.title, e.date, e.end_date, \
     e.place, e.level, e.partners, e.counts, e.person, e.note, e.photos, e.deleted, e.created_ms, \
     e.updated_ms, e.device_id, e.change_no, e.received_ms, e.field_stamps, \
     e.created_change_no, e.created_device, e.sensitive, COALESCE(u.username, '') AS recorded_by \
     FROM entries e LEFT JOIN users u ON u.id = e.created_by";

/// The columns [`bind_row`] binds to `$1…$20`, in order.
const WRITTEN: [&str; 20] = [
    "id",
    "org_id",
    "kind",
    "title",
    "date",
    "end_date",
    "place",
    "level",
    "partners",
    "counts",
    "person",
    "note",
    "photos",
    "deleted",
    "created_ms",
    "updated_ms",
    "device_id",
    "change_no",
    "received_ms",
    "sensitive",
];

/// One page of the entries `scope` allows with `change_no > after`, oldest
/// first; deleted ones included (devices need the tombstones). `limit` is
/// clamped to `1..=MAX_PAGE`: zero would end a pull that has not finished.
pub async fn list(db: &Db, scope: &Scope, after: u64, limit: u32) -> Result<EntryPage, DbError> {
    let limit = limit.clamp(1, MAX_PAGE);
    // Numbers beyond i64::MAX cannot have been assigned: nothing lies after them.
    let Ok(after) = i64::try_from(after) else {
        return Ok(EntryPage {
            entries: Vec::new(),
            next_after: None,
        });
    };
    let (filter, ids) = super::scope::filter(scope, "e.", 3);
    let sql = format!("{SELECT} WHERE e.change_no > $1{filter} ORDER BY e.change_no LIMIT $2");
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

/// Where a row's content came from: the write's receipt number and device,
/// its arrival, and whether the catalogue calls its kind sensitive (stored
/// beside it, so the listing can filter in SQL).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Written {
    pub device_id: Uuid,
    pub change_no: i64,
    pub received_ms: i64,
    pub sensitive: bool,
}

/// Stores a new entry, created by the account `created_by`; `written` is
/// also its create stamp (every field written by it, none stamped yet).
pub(crate) async fn insert(
    conn: &mut AnyConnection,
    entry: &Entry,
    written: Written,
    created_by: Uuid,
) -> Result<(), DbError> {
    let sql = format!(
        "INSERT INTO entries ({}, created_by, created_change_no, created_device) \
         VALUES ({}, $21, $22, $23)",
        WRITTEN.join(", "),
        super::scope::in_list(1, WRITTEN.len())
    );
    let json = JsonParts::of(entry)?;
    bind_row(sqlx::query(&sql), entry, &json, written)
        .bind(created_by.to_string())
        .bind(written.change_no)
        .bind(written.device_id.to_string())
        .execute(&mut *conn)
        .await?;
    super::photos::refer(conn, entry, written.received_ms).await
}

/// Rewrites the stored entry `entry.id` with `entry`'s content: its
/// organisation and kind (so its sensitivity) may have changed; `written`
/// names the edit as its last writer and version; `field_stamps` is the
/// column's new JSON (see [`super::stamped`]). Who created it stays.
pub(crate) async fn update(
    conn: &mut AnyConnection,
    entry: &Entry,
    written: Written,
    field_stamps: &str,
) -> Result<(), DbError> {
    let sets = WRITTEN
        .iter()
        .enumerate()
        .skip(1)
        .map(|(i, col)| format!("{col} = ${}", i + 1))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!("UPDATE entries SET {sets}, field_stamps = $21 WHERE id = $1");
    let json = JsonParts::of(entry)?;
    let done = bind_row(sqlx::query(&sql), entry, &json, written)
        .bind(field_stamps)
        .execute(&mut *conn)
        .await?;
    if done.rows_affected() != 1 {
        return Err(DbError::Corrupt(format!("entry {} vanished", entry.id)));
    }
    super::photos::refer(conn, entry, written.received_ms).await
}

/// The JSON columns of an entry, made before binding (binds borrow them).
struct JsonParts {
    partners: String,
    counts: String,
    person: Option<String>,
    photos: String,
}

impl JsonParts {
    fn of(entry: &Entry) -> Result<Self, DbError> {
        let json = |e: serde_json::Error| DbError::Corrupt(format!("entry not serialisable: {e}"));
        Ok(Self {
            partners: serde_json::to_string(&entry.partners).map_err(json)?,
            counts: serde_json::to_string(&entry.counts).map_err(json)?,
            person: entry
                .person
                .as_ref()
                .map(serde_json::to_string)
                .transpose()
                .map_err(json)?,
            photos: serde_json::to_string(&entry.photos).map_err(json)?,
        })
    }
}

/// Binds [`WRITTEN`] to `$1…$20`.
fn bind_row<'q>(
    query: Query<'q, Any, AnyArguments<'q>>,
    entry: &'q Entry,
    json: &'q JsonParts,
    written: Written,
) -> Query<'q, Any, AnyArguments<'q>> {
    query
        .bind(entry.id.to_string())
        .bind(entry.org_id.to_string())
        .bind(entry.kind.as_str())
        .bind(entry.title.as_str())
        .bind(entry.date.to_string())
        .bind(entry.end_date.map(|d| d.to_string()))
        .bind(entry.place.as_str())
        .bind(entry.level.code())
        .bind(json.partners.as_str())
        .bind(json.counts.as_str())
        .bind(json.person.as_deref())
        .bind(entry.note.as_str())
        .bind(json.photos.as_str())
        .bind(i64::from(entry.deleted))
        .bind(entry.created_ms)
        .bind(entry.updated_ms)
        .bind(written.device_id.to_string())
        .bind(written.change_no)
        .bind(written.received_ms)
        .bind(i64::from(written.sensitive))
}

/// Gives an entry stored before organisations existed the organisation (and
/// sensitivity) of `entry`, if it has the same id and none yet. For the demo
/// data, whose organisations are known: a database from before accounts keeps
/// showing its demo entries to the demo cadres. True if a row changed.
pub async fn adopt_legacy(db: &Db, entry: &Entry, sensitive: bool) -> Result<bool, DbError> {
    let done = sqlx::query(
        "UPDATE entries SET org_id = $2, sensitive = $3 WHERE id = $1 AND org_id IS NULL",
    )
    .bind(entry.id.to_string())
    .bind(entry.org_id.to_string())
    .bind(i64::from(sensitive))
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Credits entry `id` to the account `to` as its creator, if it has none or
/// was credited to `from` (the demo's entries, pushed by the demo admin, are
/// shown as recorded by their organisation's cadre). True if a row changed.
pub async fn credit_creator(db: &Db, id: Uuid, from: Uuid, to: Uuid) -> Result<bool, DbError> {
    let done = sqlx::query(
        "UPDATE entries SET created_by = $2 \
         WHERE id = $1 AND (created_by IS NULL OR created_by = $3)",
    )
    .bind(id.to_string())
    .bind(to.to_string())
    .bind(from.to_string())
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Reads a row selected with [`SELECT`]. Entries stored before organisations
/// existed have none: they read as the nil UUID (which no organisation has),
/// so only admins ever see them.
pub(crate) fn from_row(row: &AnyRow) -> Result<ServerEntry, DbError> {
    let text = |col: &str| row.try_get::<String, _>(col);
    let int = |col: &str| row.try_get::<i64, _>(col);
    let corrupt = |col: &str, detail: String| DbError::Corrupt(format!("entries.{col}: {detail}"));
    let uuid = |col: &str| -> Result<Uuid, DbError> {
        let s = text(col)?;
        Uuid::parse_str(&s).map_err(|e| corrupt(col, e.to_string()))
    };
    let date = |s: String, col: &str| {
        s.parse()
            .map_err(|e: shared::date::DateParseError| corrupt(col, e.to_string()))
    };
    let org_id = match row.try_get::<Option<String>, _>("org_id")? {
        Some(s) => Uuid::parse_str(&s).map_err(|e| corrupt("org_id", e.to_string()))?,
        None => Uuid::nil(),
    };
    let level = text("level")?;
    let partners: Vec<String> =
        serde_json::from_str(&text("partners")?).map_err(|e| corrupt("partners", e.to_string()))?;
    let counts: BTreeMap<String, u64> =
        serde_json::from_str(&text("counts")?).map_err(|e| corrupt("counts", e.to_string()))?;
    let person: Option<Person> = row
        .try_get::<Option<String>, _>("person")?
        .map(|s| serde_json::from_str(&s))
        .transpose()
        .map_err(|e| corrupt("person", e.to_string()))?;
    let photos: Vec<PhotoRef> =
        serde_json::from_str(&text("photos")?).map_err(|e| corrupt("photos", e.to_string()))?;
    let entry = Entry {
        id: uuid("id")?,
        org_id,
        kind: text("kind")?,
        title: text("title")?,
        date: date(text("date")?, "date")?,
        end_date: row
            .try_get::<Option<String>, _>("end_date")?
            .map(|s| date(s, "end_date"))
            .transpose()?,
        place: text("place")?,
        level: Level::from_code(&level).ok_or_else(|| corrupt("level", level.clone()))?,
        partners,
        counts,
        person,
        note: text("note")?,
        photos,
        deleted: int("deleted")? != 0,
        created_ms: int("created_ms")?,
        updated_ms: int("updated_ms")?,
    };
    Ok(ServerEntry {
        entry,
        device_id: uuid("device_id")?,
        recorded_by: text("recorded_by")?,
        change_no: to_u64(int("change_no")?, "change_no")?,
        received_ms: int("received_ms")?,
    })
}
