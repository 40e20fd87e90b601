//! Which entries refer to which photo blobs (`entry_photos`), and whether a
//! reader may read a blob: exactly when she may read a live entry that
//! refers to it (as the photo or as its thumbnail), by the same scope filter
//! as the listing ([`super::scope`]). A deleted entry's photos are hidden
//! with it, and come back with its undo. A blob that loses its last entry
//! is noted in `photo_unreferenced` with the time, for `server gc-photos`.

use super::{Db, DbError};
use shared::scope::Scope;
use shared::Entry;
use sqlx::AnyConnection;
use std::collections::BTreeSet;

/// Rewrites the blobs `entry` refers to, inside the transaction that writes
/// the entry's row (so the list never disagrees with the row); `now_ms` is
/// when a blob it no longer lists, and no other entry does, lost its last
/// reference.
pub(crate) async fn refer(
    conn: &mut AnyConnection,
    entry: &Entry,
    now_ms: i64,
) -> Result<(), DbError> {
    let id = entry.id.to_string();
    let before: Vec<String> =
        sqlx::query_scalar("SELECT sha256 FROM entry_photos WHERE entry_id = $1")
            .bind(id.as_str())
            .fetch_all(&mut *conn)
            .await?;
    let hashes: BTreeSet<&str> = entry
        .photos
        .iter()
        .flat_map(|p| [p.sha256.as_str(), p.thumb_sha256.as_str()])
        .collect();
    if before.iter().map(String::as_str).collect::<BTreeSet<_>>() == hashes {
        return Ok(()); // most edits leave the photos alone
    }
    sqlx::query("DELETE FROM entry_photos WHERE entry_id = $1")
        .bind(id.as_str())
        .execute(&mut *conn)
        .await?;
    for hash in &hashes {
        sqlx::query("INSERT INTO entry_photos (sha256, entry_id) VALUES ($1, $2)")
            .bind(*hash)
            .bind(id.as_str())
            .execute(&mut *conn)
            .await?;
        sqlx::query("DELETE FROM photo_unreferenced WHERE sha256 = $1")
            .bind(*hash)
            .execute(&mut *conn)
            .await?;
    }
    for hash in before.iter().filter(|h| !hashes.contains(h.as_str())) {
        sqlx::query(
            "INSERT INTO photo_unreferenced (sha256, since_ms) SELECT $1, $2 \
             WHERE NOT EXISTS (SELECT 1 FROM entry_photos WHERE sha256 = $1) \
             ON CONFLICT (sha256) DO UPDATE SET since_ms = excluded.since_ms",
        )
        .bind(hash.as_str())
        .bind(now_ms)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Whether some entry (deleted or not) refers to the blob `sha256`, and if
/// none does, since when (`None` if none ever did: a blob uploaded for an
/// entry not sent yet, or never).
pub async fn references(db: &Db, sha256: &str) -> Result<(bool, Option<i64>), DbError> {
    let referred: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM entry_photos WHERE sha256 = $1 LIMIT 1")
            .bind(sha256)
            .fetch_optional(db.pool())
            .await?;
    if referred.is_some() {
        return Ok((true, None));
    }
    let since = sqlx::query_scalar("SELECT since_ms FROM photo_unreferenced WHERE sha256 = $1")
        .bind(sha256)
        .fetch_optional(db.pool())
        .await?;
    Ok((false, since))
}

/// Forgets the note of an unreferenced blob (it was removed).
pub async fn forget(db: &Db, sha256: &str) -> Result<(), DbError> {
    sqlx::query("DELETE FROM photo_unreferenced WHERE sha256 = $1")
        .bind(sha256)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Whether a reader with `scope` may read the blob `sha256`: some entry she
/// may read, not deleted, lists it.
pub async fn readable(db: &Db, scope: &Scope, sha256: &str) -> Result<bool, DbError> {
    let (filter, ids) = super::scope::filter(scope, "e.", 2);
    let sql = format!(
        "SELECT 1 FROM entry_photos p JOIN entries e ON e.id = p.entry_id \
         WHERE p.sha256 = $1 AND e.deleted = 0{filter} LIMIT 1"
    );
    let mut query = sqlx::query(&sql).bind(sha256);
    for id in ids {
        query = query.bind(id.to_string());
    }
    Ok(query.fetch_optional(db.pool()).await?.is_some())
}
