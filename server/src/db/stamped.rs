//! An entry with its stamps, as the merge sees it: the shared [`HeldEntry`]
//! (content, version, the change that created it, and who last wrote each
//! field since), read from and written to its `entries` row; and what one
//! account sees of it ([`look`]: nothing, when it may not read it).
//!
//! The create stamp is two columns (`created_change_no`, `created_device`);
//! the later ones are the `field_stamps` column, a JSON object from the
//! field's wire name to `[change_no, device_id]`:
//! `{"title":[12,"0190c4e2-…"],"deleted":[15,"0190c4e3-…"]}`. A field that
//! is not a key was last written by the create.

use super::entries::{self, Written, SELECT};
use super::{parse_uuid, to_u64, DbError};
use shared::access::Principal;
use shared::entry::EntryField;
use shared::org::OrgTree;
use shared::sync::merge::{FieldStamp, HeldEntry};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use std::collections::BTreeMap;
use uuid::Uuid;

/// The `field_stamps` column: field → (change_no, device).
type StoredStamps = BTreeMap<EntryField, (u64, Uuid)>;

/// An entry as one account sees it: whether it may read what is stored under an id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sight {
    /// Nothing is stored under the id.
    Missing,
    /// Something is, which the account may not read (another organisation's,
    /// or a sensitive record of a group under hers). Edits, deletes and
    /// settlements treat it exactly as [`Sight::Missing`], so that their
    /// answers tell nothing about it.
    Hidden,
    /// The stored entry, which the account may read.
    Visible(Box<HeldEntry>),
}

/// What `reader` sees under `id`: the stored entry only if `shared::access`
/// lets it read the entry as stored (its organisation and the sensitivity
/// recorded with it).
pub async fn look(
    conn: &mut AnyConnection,
    id: Uuid,
    reader: &Principal,
    tree: &OrgTree,
) -> Result<Sight, DbError> {
    let sql = format!("{SELECT} WHERE e.id = $1");
    let row = sqlx::query(&sql)
        .bind(id.to_string())
        .fetch_optional(conn)
        .await?;
    let Some(row) = row else {
        return Ok(Sight::Missing);
    };
    let held = from_row(&row)?;
    let sensitive = row.try_get::<i64, _>("sensitive")? != 0;
    Ok(
        if reader.can_read_record(tree, &held.entry.org_id, sensitive) {
            Sight::Visible(Box::new(held))
        } else {
            Sight::Hidden
        },
    )
}

/// The entry stored under `id`, with its stamps, if any (inside the push
/// transaction, or on a connection of the pool), whoever may read it.
pub async fn find(conn: &mut AnyConnection, id: Uuid) -> Result<Option<HeldEntry>, DbError> {
    let sql = format!("{SELECT} WHERE e.id = $1");
    let row = sqlx::query(&sql)
        .bind(id.to_string())
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Rewrites the stored entry with `held` (its content and stamps); `written`
/// names the change that wrote it (`held.version`) and where it came from.
pub(crate) async fn store(
    conn: &mut AnyConnection,
    held: &HeldEntry,
    written: Written,
) -> Result<(), DbError> {
    if u64::try_from(written.change_no).ok() != Some(held.version) {
        return Err(DbError::Corrupt(format!(
            "entry {} merged as version {} but written by change {}",
            held.entry.id, held.version, written.change_no
        )));
    }
    let stamps = encode_stamps(&held.stamps)?;
    entries::update(conn, &held.entry, written, &stamps).await
}

/// Reads a row selected with [`SELECT`].
fn from_row(row: &AnyRow) -> Result<HeldEntry, DbError> {
    let stored = entries::from_row(row)?;
    let created_no: Option<i64> = row.try_get("created_change_no")?;
    let created_device: Option<String> = row.try_get("created_device")?;
    let (Some(created_no), Some(created_device)) = (created_no, created_device) else {
        return Err(DbError::Corrupt(format!(
            "entry {} has no create stamp",
            stored.entry.id
        )));
    };
    let created = FieldStamp {
        change_no: to_u64(created_no, "entries.created_change_no")?,
        device_id: parse_uuid(&created_device, "entries.created_device")?,
    };
    let stamps = decode_stamps(&row.try_get::<String, _>("field_stamps")?)?;
    Ok(HeldEntry {
        entry: stored.entry,
        version: stored.change_no,
        stamps,
        created,
    })
}

/// The `field_stamps` column's JSON for `stamps`.
pub(crate) fn encode_stamps(stamps: &BTreeMap<EntryField, FieldStamp>) -> Result<String, DbError> {
    let stored: StoredStamps = stamps
        .iter()
        .map(|(field, s)| (*field, (s.change_no, s.device_id)))
        .collect();
    serde_json::to_string(&stored)
        .map_err(|e| DbError::Corrupt(format!("field stamps not serialisable: {e}")))
}

/// The inverse of [`encode_stamps`].
fn decode_stamps(json: &str) -> Result<BTreeMap<EntryField, FieldStamp>, DbError> {
    let stored: StoredStamps = serde_json::from_str(json)
        .map_err(|e| DbError::Corrupt(format!("entries.field_stamps: {e}")))?;
    Ok(stored
        .into_iter()
        .map(|(field, (change_no, device_id))| {
            (
                field,
                FieldStamp {
                    change_no,
                    device_id,
                },
            )
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_are_a_compact_object_by_wire_name() {
        let device = Uuid::from_u128(7);
        let stamps: BTreeMap<EntryField, FieldStamp> = [
            (EntryField::EndDate, 12),
            (EntryField::Title, 3),
            (EntryField::Deleted, 15),
        ]
        .into_iter()
        .map(|(f, change_no)| {
            (
                f,
                FieldStamp {
                    change_no,
                    device_id: device,
                },
            )
        })
        .collect();
        let json = encode_stamps(&stamps).unwrap();
        assert_eq!(
            json,
            format!(
                r#"{{"title":[3,"{device}"],"end_date":[12,"{device}"],"deleted":[15,"{device}"]}}"#
            )
        );
        assert_eq!(decode_stamps(&json).unwrap(), stamps);
        assert!(decode_stamps("{}").unwrap().is_empty());
        assert!(decode_stamps(r#"{"colour":[1,"x"]}"#).is_err());
        assert!(decode_stamps(r#"{"title":[-1,"x"]}"#).is_err());
    }
}
