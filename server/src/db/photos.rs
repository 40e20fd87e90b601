//! Which entries refer to which photo blobs (`entry_photos`), and whether a
//! reader may read a blob: exactly when she may read a live entry that
//! refers to it (as the photo or as its thumbnail), by the same scope filter
//! as the listing ([`super::scope`]). A deleted entry's photos are hidden
//! with it, and come back with its undo.

use super::{Db, DbError};
use shared::scope::Scope;
use shared::Entry;
use sqlx::AnyConnection;
use std::collections::BTreeSet;

/// Rewrites the blobs `entry` refers to, inside the transaction that writes
/// the entry's row (so the list never disagrees with the row).
pub(crate) async fn refer(conn: &mut AnyConnection, entry: &Entry) -> Result<(), DbError> {
    let id = entry.id.to_string();
    sqlx::query("DELETE FROM entry_photos WHERE entry_id = $1")
        .bind(id.as_str())
        .execute(&mut *conn)
        .await?;
    let hashes: BTreeSet<&str> = entry
        .photos
        .iter()
        .flat_map(|p| [p.sha256.as_str(), p.thumb_sha256.as_str()])
        .collect();
    for hash in hashes {
        sqlx::query("INSERT INTO entry_photos (sha256, entry_id) VALUES ($1, $2)")
            .bind(hash)
            .bind(id.as_str())
            .execute(&mut *conn)
            .await?;
    }
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
