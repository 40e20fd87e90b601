//! Receiving a blob in chunks, exactly once by construction: the phone asks
//! what the server holds ([`status`]) and sends the rest from there
//! ([`put_chunk`]); a resend of held bytes is harmless, a gap is refused
//! with what is held. When the last byte arrives the blob is checked
//! ([`super::check`]) and finished, or forgotten with a 4xx. The same bytes
//! twice are one blob: a chunk of a finished blob only answers `complete`.
//!
//! Chunks of one blob are taken one at a time in this process (a lock per
//! hash stripe), so a check never reads a partial blob while a chunk is
//! being written to it. Other processes on the same store may take chunks
//! of it meanwhile: one finishing the blob first makes this one's chunk
//! refused (a gap, or bytes read short), and that refusal is answered
//! `complete` instead, since the blob is.

use super::{check, PhotoError};
use crate::blobs::{BlobStore, Held};
use shared::photo::reference::MAX_PHOTO_BYTES;
use shared::photo::upload::{ChunkQuery, UploadStatus};
use tokio::sync::Mutex;

/// Locks taken per hash (by its first two hex digits): uploads of different
/// photos rarely wait for each other.
#[derive(Debug)]
pub struct UploadLocks(Vec<Mutex<()>>);

impl Default for UploadLocks {
    fn default() -> Self {
        Self((0..256).map(|_| Mutex::new(())).collect())
    }
}

impl UploadLocks {
    fn of(&self, sha256: &str) -> &Mutex<()> {
        let stripe = sha256
            .get(..2)
            .and_then(|s| usize::from_str_radix(s, 16).ok())
            .unwrap_or(0);
        &self.0[stripe % self.0.len()]
    }
}

fn answer(sha256: &str, held: Held) -> UploadStatus {
    let (held, complete) = match held {
        Held::Partial(n) => (n, false),
        Held::Complete(n) => (n, true),
    };
    UploadStatus {
        sha256: sha256.to_owned(),
        held,
        complete,
    }
}

/// What the server holds of `sha256` (a checked hash).
pub async fn status(store: &dyn BlobStore, sha256: &str) -> Result<UploadStatus, PhotoError> {
    Ok(answer(sha256, store.held(sha256).await?))
}

/// Takes the chunk `bytes` at `query.offset` of the blob `sha256` (a
/// checked hash) of `query.total` bytes; answers what is held after it.
pub async fn put_chunk(
    store: &dyn BlobStore,
    locks: &UploadLocks,
    sha256: &str,
    query: ChunkQuery,
    bytes: &[u8],
) -> Result<UploadStatus, PhotoError> {
    let ChunkQuery { offset, total } = query;
    if total > MAX_PHOTO_BYTES {
        return Err(PhotoError::TooLarge { total });
    }
    let end = offset.saturating_add(bytes.len() as u64);
    if total == 0 || end > total {
        return Err(PhotoError::BadChunk { offset, end, total });
    }
    let _one_at_a_time = locks.of(sha256).lock().await;
    match take(store, sha256, total, offset, bytes).await {
        Err(refused) if !matches!(refused, PhotoError::Store(_)) => {
            match store.held(sha256).await? {
                complete @ Held::Complete(_) => Ok(answer(sha256, complete)),
                Held::Partial(_) => Err(refused),
            }
        }
        other => other,
    }
}

/// [`put_chunk`] after the checks of the request alone, under the lock.
async fn take(
    store: &dyn BlobStore,
    sha256: &str,
    total: u64,
    offset: u64,
    bytes: &[u8],
) -> Result<UploadStatus, PhotoError> {
    match store.held(sha256).await? {
        complete @ Held::Complete(_) => return Ok(answer(sha256, complete)),
        Held::Partial(held) if offset > held => return Err(PhotoError::Gap { offset, held }),
        Held::Partial(_) => {}
    }
    let held = store.put_chunk(sha256, offset, bytes).await?;
    if held < total {
        return Ok(answer(sha256, Held::Partial(held)));
    }
    // Every byte is here (or more than the total claims: a mixed-up upload,
    // which the hash check refuses too).
    let received = store.partial(sha256).await?;
    let checked = if held == total {
        check::check(sha256, &received)
    } else {
        Err(PhotoError::WrongHash {
            sha256: sha256.to_owned(),
        })
    };
    match checked {
        Ok(_) => {
            store.finish(sha256, &received).await?;
            Ok(answer(sha256, Held::Complete(total)))
        }
        Err(refused) => {
            store.discard(sha256).await?;
            Err(refused)
        }
    }
}
