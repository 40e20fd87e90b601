//! `server gc-photos --grace-days N`: removes the blobs no entry has
//! referred to for N days — ones an edit took out of their last entry, and
//! uploads no entry ever listed (their age counted from their last write) —
//! and partial uploads abandoned as long. A deleted entry still refers to
//! its photos (its undo brings them back), so they stay.
//!
//! Run it with a grace period longer than any phone may stay offline with
//! an edit that lists a photo again: a blob removed meanwhile would have to
//! be sent again by a phone that still keeps it.

use super::PhotoError;
use crate::blobs::BlobStore;
use crate::db::{self, Db, DbError};

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// What a collection did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Collected {
    /// Finished blobs kept (referred to, or not for long enough).
    pub kept: usize,
    /// Finished blobs removed, by hash.
    pub removed: Vec<String>,
    /// Partial uploads removed.
    pub partial_removed: usize,
}

/// Why a collection stopped.
#[derive(Debug, thiserror::Error)]
pub enum GcError {
    #[error("database: {0}")]
    Db(#[from] DbError),
    #[error("{0}")]
    Store(#[from] PhotoError),
}

/// Removes from `store` what no entry of `db` has referred to for
/// `grace_days` days before `now_ms` (`dry_run`: only says what).
pub async fn collect(
    db: &Db,
    store: &dyn BlobStore,
    now_ms: i64,
    grace_days: u32,
    dry_run: bool,
) -> Result<Collected, GcError> {
    let cutoff = now_ms.saturating_sub(i64::from(grace_days) * DAY_MS);
    let mut done = Collected::default();
    let listed = store.list().await.map_err(PhotoError::from)?;
    for blob in listed {
        let (referred, since) = db::photos::references(db, &blob.sha256).await?;
        // A partial upload is judged by its last chunk alone.
        let unreferenced_since = if blob.partial {
            Some(blob.modified_ms)
        } else if referred {
            None
        } else {
            Some(since.unwrap_or(blob.modified_ms))
        };
        let expired = unreferenced_since.is_some_and(|t| t < cutoff);
        match (expired, blob.partial) {
            (false, false) => done.kept += 1,
            (false, true) => {}
            (true, true) => {
                if !dry_run {
                    store
                        .discard(&blob.sha256)
                        .await
                        .map_err(PhotoError::from)?;
                }
                done.partial_removed += 1;
            }
            (true, false) => {
                if !dry_run {
                    store.delete(&blob.sha256).await.map_err(PhotoError::from)?;
                    db::photos::forget(db, &blob.sha256).await?;
                }
                done.removed.push(blob.sha256);
            }
        }
    }
    Ok(done)
}
