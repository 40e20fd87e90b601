//! The resumable upload, as decisions without I/O: the phone asks the server
//! how many bytes it holds of a blob ([`UploadStatus`]), sends the rest in
//! chunks from there ([`next_chunk`]), shows each photo's state
//! ([`PhotoState`]), and sends thumbnails first, then the smallest photos
//! ([`upload_order`]), so the office sees something soonest on a 2G link.
//!
//! The exchange (addresses in `crate::api`):
//! - `GET /api/v1/photos/{sha256}/upload` → [`UploadStatus`];
//! - `PUT /api/v1/photos/{sha256}/upload?offset=N&total=T` with the bytes
//!   `[N, N + len)` as `application/octet-stream` → [`UploadStatus`]. A
//!   resend of bytes the server holds is harmless; an `offset` beyond what it
//!   holds is refused (409 `upload_offset`, with its `held` in the
//!   `Upload-Offset` header). When the server holds all `T` bytes it checks
//!   the hash and the image and answers `complete`, or refuses them (4xx) and
//!   forgets them: the phone then keeps the photo, marked as refused.

use super::reference::PhotoRef;
use crate::lang::Lang;
use serde::{Deserialize, Serialize};

/// Bytes per chunk: about three seconds on a village's 2G (20 KB/s), so a
/// cut costs at most that much again.
pub const CHUNK_BYTES: u64 = 64 * 1024;
/// The most bytes the server takes in one chunk.
pub const MAX_CHUNK_BYTES: u64 = 1024 * 1024;

/// What the server holds of one blob: its answer to a status request and
/// to every chunk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UploadStatus {
    /// The blob's SHA-256 (64 lowercase hex digits).
    pub sha256: String,
    /// Bytes held, from the start: the next chunk starts here. For a
    /// complete blob, its size.
    pub held: u64,
    /// Whether the server holds the whole blob, checked (hash and image):
    /// nothing more to send, ever.
    pub complete: bool,
}

/// The query string of a chunk: where it starts and how long the whole
/// blob is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct ChunkQuery {
    /// The position of the chunk's first byte in the blob.
    pub offset: u64,
    /// The whole blob's size in bytes (at most `MAX_PHOTO_BYTES`).
    pub total: u64,
}

/// What to do next for one blob of `total` bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextChunk {
    /// The server holds it all, checked.
    Done,
    /// Send bytes `offset..end`.
    Send {
        /// The first byte to send.
        offset: u64,
        /// One past the last byte to send.
        end: u64,
    },
}

/// The next chunk of a blob of `total` bytes, given the server's last word
/// on it (`None`: not asked yet, so from the start; a resend is harmless),
/// at most `chunk` bytes long (clamped to 1..=[`MAX_CHUNK_BYTES`]).
pub fn next_chunk(total: u64, status: Option<&UploadStatus>, chunk: u64) -> NextChunk {
    let held = match status {
        Some(s) if s.complete => return NextChunk::Done,
        Some(s) => s.held,
        None => 0,
    };
    let chunk = chunk.clamp(1, MAX_CHUNK_BYTES);
    let offset = if held < total {
        held
    } else {
        // It holds every byte but has not checked them (an answer lost, an
        // interrupted check): send the last chunk again, which ends the upload.
        total.saturating_sub(chunk)
    };
    NextChunk::Send {
        offset,
        end: offset.saturating_add(chunk).min(total),
    }
}

/// What the phone shows beside a photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoState {
    /// Nothing of it is on the server yet (仅在本机).
    OnDevice,
    /// Part of it is (上传中 42 %): never 100 before the server checked it.
    Uploading {
        /// Whole percent of the photo's and its thumbnail's bytes held, 0..=99.
        percent: u8,
    },
    /// The server holds the photo and its thumbnail, checked (已上传).
    Uploaded,
}

impl PhotoState {
    /// The state of `photo` from the server's last word on the photo's blob
    /// and on its thumbnail's (`None`: nothing heard yet).
    pub fn of(photo: &PhotoRef, full: Option<&UploadStatus>, thumb: Option<&UploadStatus>) -> Self {
        let done = |s: Option<&UploadStatus>| s.is_some_and(|s| s.complete);
        if done(full) && done(thumb) {
            return PhotoState::Uploaded;
        }
        let held = |s: Option<&UploadStatus>, size: u64| match s {
            Some(s) if s.complete => size,
            Some(s) => s.held.min(size),
            None => 0,
        };
        let sent = held(full, photo.bytes) + held(thumb, photo.thumb_bytes);
        if sent == 0 {
            return PhotoState::OnDevice;
        }
        let total = (photo.bytes + photo.thumb_bytes).max(1);
        let percent = (u128::from(sent) * 100 / u128::from(total)).min(99);
        PhotoState::Uploading {
            percent: u8::try_from(percent).unwrap_or(99),
        }
    }

    /// The words beside the photo.
    pub fn label(self, lang: Lang) -> String {
        match self {
            PhotoState::OnDevice => lang.pick("仅在本机", "On this phone only").to_owned(),
            PhotoState::Uploading { percent } => match lang {
                Lang::Zh => format!("上传中 {percent} %"),
                Lang::En => format!("Uploading {percent} %"),
            },
            PhotoState::Uploaded => lang.pick("已上传", "Uploaded").to_owned(),
        }
    }
}

/// One blob to send: a photo or a thumbnail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blob {
    /// Its SHA-256.
    pub sha256: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// Whether it is a thumbnail.
    pub thumb: bool,
}

/// The blobs of `photos` in the order to send them: every thumbnail first
/// (the office's lists show them), then the photos, each group smallest
/// first (the most photos complete soonest on a slow link), ties by hash.
/// A blob listed twice (the same photo in two entries) is sent once.
pub fn upload_order<'a>(photos: impl IntoIterator<Item = &'a PhotoRef>) -> Vec<Blob> {
    let mut blobs: Vec<Blob> = photos
        .into_iter()
        .flat_map(|p| {
            [
                Blob {
                    sha256: p.thumb_sha256.clone(),
                    bytes: p.thumb_bytes,
                    thumb: true,
                },
                Blob {
                    sha256: p.sha256.clone(),
                    bytes: p.bytes,
                    thumb: false,
                },
            ]
        })
        .collect();
    blobs.sort_by(|a, b| (!a.thumb, a.bytes, &a.sha256).cmp(&(!b.thumb, b.bytes, &b.sha256)));
    let mut seen = std::collections::HashSet::new();
    blobs.retain(|b| seen.insert(b.sha256.clone()));
    blobs
}

#[cfg(test)]
#[path = "upload_tests.rs"]
mod tests;
