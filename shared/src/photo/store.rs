//! The phone's photo store: each account's photos, thumbnails and per-photo
//! upload state, over a small asynchronous interface ([`PhotoBackend`]) that
//! the browser implements on IndexedDB and tests on memory
//! ([`super::memory::MemoryPhotos`]). The rules live here, tested natively:
//! a photo that will not fit is refused before anything is written (text
//! entries live elsewhere and are never touched), a photo the server has
//! confirmed may leave the phone after a while (its thumbnail stays), and
//! which blobs still need sending, in [`upload_order`].

use super::reference::PhotoRef;
use super::upload::{upload_order, Blob, PhotoState, UploadStatus};
use crate::lang::Lang;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The three kinds of record, one object store each in IndexedDB.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Shelf {
    /// The compressed photos' bytes, by hash.
    Photos,
    /// The thumbnails' bytes, by hash.
    Thumbs,
    /// One [`PhotoRecord`] (JSON) per photo, by the photo's hash.
    Records,
}

impl Shelf {
    /// Every shelf, in the order stores are made.
    pub const ALL: [Shelf; 3] = [Shelf::Photos, Shelf::Thumbs, Shelf::Records];

    /// The object store's name.
    pub fn name(self) -> &'static str {
        match self {
            Shelf::Photos => "photos",
            Shelf::Thumbs => "thumbs",
            Shelf::Records => "records",
        }
    }
}

/// Why the photo store did not do what was asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhotoStoreError {
    /// The photo would not fit (the browser's estimate, or its refusal of
    /// the write). Nothing was kept; nothing else was touched.
    #[error("the phone's storage has no room for this photo ({needed} bytes needed)")]
    Full {
        /// Bytes the photo and its thumbnail need.
        needed: u64,
    },
    /// There is no photo storage here (IndexedDB missing or blocked: some
    /// private windows and in-app browsers).
    #[error("photos cannot be kept on this phone: {0}")]
    Unavailable(String),
}

/// `navigator.storage.estimate()`: bytes the origin uses and may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Estimate {
    /// Bytes used by the origin (every kind of storage).
    pub usage: u64,
    /// Bytes the browser grants the origin.
    pub quota: u64,
}

/// Room kept free beyond a photo: localStorage's text entries and the app's
/// cache share the origin's quota, and a photo must never take their place.
pub const HEADROOM_BYTES: u64 = 20 * 1024 * 1024;

/// Whether `needed` more bytes may be written under `estimate` (`None`:
/// the browser does not say; then its refusal of the write decides).
pub fn admit(estimate: Option<Estimate>, needed: u64) -> Result<(), PhotoStoreError> {
    match estimate {
        Some(e)
            if e.usage
                .saturating_add(needed)
                .saturating_add(HEADROOM_BYTES)
                > e.quota =>
        {
            Err(PhotoStoreError::Full { needed })
        }
        _ => Ok(()),
    }
}

/// Where a photo stands with the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Sending {
    /// Bytes held by the server of the photo and of its thumbnail (0, 0:
    /// nothing sent yet, 仅在本机).
    Partly {
        /// Bytes of the photo the server holds.
        photo: u64,
        /// Bytes of the thumbnail the server holds (its size when complete).
        thumb: u64,
        /// Whether the thumbnail is complete (checked by the server).
        thumb_done: bool,
    },
    /// The server holds both, checked, since `at_ms` (phone time).
    Uploaded {
        /// When the phone heard it.
        at_ms: i64,
    },
    /// The server refused the bytes for good, with its reason; the photo
    /// stays on the phone.
    Refused {
        /// The server's message.
        reason: String,
    },
}

/// What the phone keeps about one photo besides its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhotoRecord {
    /// The photo as entries list it (caption aside: that is the entry's).
    pub photo: PhotoRef,
    /// When it was taken into the store (phone time).
    pub added_ms: i64,
    /// Whether the photo's bytes are still on the phone (the thumbnail
    /// always is).
    pub has_photo: bool,
    /// Where it stands with the server.
    pub sending: Sending,
}

impl PhotoRecord {
    /// What the phone shows beside the photo, in `lang`.
    pub fn label(&self, lang: Lang) -> String {
        match &self.sending {
            Sending::Refused { reason } => match lang {
                Lang::Zh => format!("服务器未接受：{reason}"),
                Lang::En => format!("Refused by the server: {reason}"),
            },
            Sending::Uploaded { .. } => PhotoState::Uploaded.label(lang),
            Sending::Partly {
                photo,
                thumb,
                thumb_done,
            } => {
                let status = |sha: &str, held: u64, complete: bool| UploadStatus {
                    sha256: sha.to_owned(),
                    held,
                    complete,
                };
                let p = &self.photo;
                let full = status(&p.sha256, *photo, false);
                let small = status(&p.thumb_sha256, *thumb, *thumb_done);
                PhotoState::of(p, Some(&full), Some(&small)).label(lang)
            }
        }
    }

    /// Whether nothing more needs sending.
    pub fn is_settled(&self) -> bool {
        !matches!(self.sending, Sending::Partly { .. })
    }
}

/// Storage of bytes by shelf and key: IndexedDB in the browser, memory in
/// tests. Keys already carry the account (see [`PhotoStore`]).
// The browser's futures are not `Send`, and each target has one backend:
// plain `async fn` is what both need.
#[allow(async_fn_in_trait)]
pub trait PhotoBackend {
    /// The bytes under `key`, if any.
    async fn get(&self, shelf: Shelf, key: &str) -> Result<Option<Vec<u8>>, PhotoStoreError>;
    /// Writes `value` under `key`; on error nothing changed.
    async fn put(&self, shelf: Shelf, key: &str, value: &[u8]) -> Result<(), PhotoStoreError>;
    /// Removes `key` (nothing if absent).
    async fn delete(&self, shelf: Shelf, key: &str) -> Result<(), PhotoStoreError>;
    /// Every key of `shelf` that starts with `prefix`.
    async fn keys(&self, shelf: Shelf, prefix: &str) -> Result<Vec<String>, PhotoStoreError>;
    /// The browser's estimate of the origin's storage, when it gives one.
    async fn estimate(&self) -> Option<Estimate>;
}

/// One account's photos over a backend.
#[derive(Debug, Clone)]
pub struct PhotoStore<B> {
    backend: B,
    prefix: String,
}

impl<B: PhotoBackend> PhotoStore<B> {
    /// The photos of `account` (kept apart from every other account's).
    pub fn new(backend: B, account: &str) -> Self {
        Self {
            backend,
            prefix: format!("{account}/"),
        }
    }

    fn key(&self, sha256: &str) -> String {
        format!("{}{sha256}", self.prefix)
    }

    /// Keeps a new photo (compressed bytes and thumbnail), unless the
    /// browser's estimate says it will not fit; then nothing is written.
    /// A photo already kept is left as it is (same bytes, same hash).
    pub async fn add(
        &self,
        photo: &PhotoRef,
        bytes: &[u8],
        thumb: &[u8],
        now_ms: i64,
    ) -> Result<(), PhotoStoreError> {
        if self.record(&photo.sha256).await?.is_some() {
            return Ok(());
        }
        let needed = (bytes.len() + thumb.len()) as u64;
        admit(self.backend.estimate().await, needed)?;
        let key = self.key(&photo.sha256);
        let thumb_key = self.key(&photo.thumb_sha256);
        let record = PhotoRecord {
            photo: PhotoRef {
                caption: String::new(),
                ..photo.clone()
            },
            added_ms: now_ms,
            has_photo: true,
            sending: Sending::Partly {
                photo: 0,
                thumb: 0,
                thumb_done: false,
            },
        };
        let json = serde_json::to_vec(&record).unwrap_or_default();
        // The record last: a record names bytes that are there.
        let written = async {
            self.backend.put(Shelf::Thumbs, &thumb_key, thumb).await?;
            self.backend.put(Shelf::Photos, &key, bytes).await?;
            self.backend.put(Shelf::Records, &key, &json).await
        }
        .await;
        if let Err(e) = written {
            // Leave nothing half-kept behind.
            let _ = self.backend.delete(Shelf::Photos, &key).await;
            let _ = self.backend.delete(Shelf::Thumbs, &thumb_key).await;
            return Err(match e {
                PhotoStoreError::Full { .. } => PhotoStoreError::Full { needed },
                other => other,
            });
        }
        Ok(())
    }

    /// The record of the photo `sha256`.
    pub async fn record(&self, sha256: &str) -> Result<Option<PhotoRecord>, PhotoStoreError> {
        let raw = self.backend.get(Shelf::Records, &self.key(sha256)).await?;
        Ok(raw.and_then(|r| serde_json::from_slice(&r).ok()))
    }

    /// Every record of this account, by photo hash.
    pub async fn records(&self) -> Result<HashMap<String, PhotoRecord>, PhotoStoreError> {
        let mut out = HashMap::new();
        for key in self.backend.keys(Shelf::Records, &self.prefix).await? {
            let Some(sha) = key.strip_prefix(&self.prefix) else {
                continue;
            };
            if let Some(r) = self.record(sha).await? {
                out.insert(sha.to_owned(), r);
            }
        }
        Ok(out)
    }

    /// A photo's bytes, while on the phone.
    pub async fn photo(&self, sha256: &str) -> Result<Option<Vec<u8>>, PhotoStoreError> {
        self.backend.get(Shelf::Photos, &self.key(sha256)).await
    }

    /// A thumbnail's bytes.
    pub async fn thumb(&self, sha256: &str) -> Result<Option<Vec<u8>>, PhotoStoreError> {
        self.backend.get(Shelf::Thumbs, &self.key(sha256)).await
    }

    /// The bytes of a blob to send.
    pub async fn blob(&self, blob: &Blob) -> Result<Option<Vec<u8>>, PhotoStoreError> {
        if blob.thumb {
            self.thumb(&blob.sha256).await
        } else {
            self.photo(&blob.sha256).await
        }
    }

    async fn save(&self, record: &PhotoRecord) -> Result<(), PhotoStoreError> {
        let json = serde_json::to_vec(record).unwrap_or_default();
        let key = self.key(&record.photo.sha256);
        self.backend.put(Shelf::Records, &key, &json).await
    }

    /// Notes the server's word on `blob` for every photo it belongs to.
    pub async fn note_status(
        &self,
        blob: &Blob,
        status: &UploadStatus,
        now_ms: i64,
    ) -> Result<(), PhotoStoreError> {
        for mut record in self.records().await?.into_values() {
            let before = record.clone();
            record.sending = noted(&record, blob, status, now_ms);
            if record != before {
                self.save(&record).await?;
            }
        }
        Ok(())
    }

    /// Marks the photos `blob` belongs to as refused, with the server's reason.
    pub async fn note_refused(&self, blob: &Blob, reason: &str) -> Result<(), PhotoStoreError> {
        for mut record in self.records().await?.into_values() {
            let p = &record.photo;
            if p.sha256 == blob.sha256 || p.thumb_sha256 == blob.sha256 {
                record.sending = Sending::Refused {
                    reason: reason.to_owned(),
                };
                self.save(&record).await?;
            }
        }
        Ok(())
    }

    /// Removes the bytes of photos the server confirmed more than `keep_ms`
    /// ago (thumbnails and records stay); the number removed.
    pub async fn remove_confirmed(
        &self,
        now_ms: i64,
        keep_ms: i64,
    ) -> Result<usize, PhotoStoreError> {
        let records = self.records().await?;
        let gone = removable(records.values(), now_ms, keep_ms);
        for sha in &gone {
            if let Some(mut record) = records.get(sha).cloned() {
                self.backend.delete(Shelf::Photos, &self.key(sha)).await?;
                record.has_photo = false;
                self.save(&record).await?;
            }
        }
        Ok(gone.len())
    }

    /// The blobs still to send for `referenced` (the photos the account's
    /// entries list), thumbnails first, then smallest first.
    pub async fn to_send<'a>(
        &self,
        referenced: impl IntoIterator<Item = &'a PhotoRef>,
    ) -> Result<Vec<Blob>, PhotoStoreError> {
        Ok(to_send(referenced, &self.records().await?))
    }

    /// The browser's estimate, for the screens.
    pub async fn estimate(&self) -> Option<Estimate> {
        self.backend.estimate().await
    }
}

/// The sending state of `record` after the server's `status` on `blob`.
pub fn noted(record: &PhotoRecord, blob: &Blob, status: &UploadStatus, now_ms: i64) -> Sending {
    let p = &record.photo;
    let (mut photo, mut thumb, mut thumb_done, mut photo_done) = match &record.sending {
        Sending::Partly {
            photo,
            thumb,
            thumb_done,
        } => (*photo, *thumb, *thumb_done, false),
        settled => return settled.clone(),
    };
    if blob.sha256 == p.thumb_sha256 {
        thumb = if status.complete {
            p.thumb_bytes
        } else {
            status.held
        };
        thumb_done = status.complete;
    }
    if blob.sha256 == p.sha256 {
        photo = status.held;
        photo_done = status.complete;
    }
    if photo_done && thumb_done {
        Sending::Uploaded { at_ms: now_ms }
    } else {
        Sending::Partly {
            photo,
            thumb,
            thumb_done,
        }
    }
}

/// The photos whose bytes may leave the phone: confirmed by the server more
/// than `keep_ms` ago, and still there.
pub fn removable<'a>(
    records: impl IntoIterator<Item = &'a PhotoRecord>,
    now_ms: i64,
    keep_ms: i64,
) -> Vec<String> {
    let mut out: Vec<String> = records
        .into_iter()
        .filter(|r| {
            r.has_photo
                && matches!(r.sending, Sending::Uploaded { at_ms } if now_ms.saturating_sub(at_ms) >= keep_ms)
        })
        .map(|r| r.photo.sha256.clone())
        .collect();
    out.sort();
    out
}

/// The blobs still to send: of the photos `referenced` (by the account's
/// entries) that this phone holds, the ones not confirmed and not refused,
/// in [`upload_order`]; a thumbnail already complete is not sent again.
pub fn to_send<'a>(
    referenced: impl IntoIterator<Item = &'a PhotoRef>,
    records: &HashMap<String, PhotoRecord>,
) -> Vec<Blob> {
    let waiting: Vec<&PhotoRef> = referenced
        .into_iter()
        .filter_map(|p| records.get(&p.sha256))
        .filter(|r| r.has_photo && !r.is_settled())
        .map(|r| &r.photo)
        .collect();
    let done_thumbs: Vec<&str> = records
        .values()
        .filter(|r| {
            matches!(
                r.sending,
                Sending::Partly {
                    thumb_done: true,
                    ..
                }
            ) || matches!(r.sending, Sending::Uploaded { .. })
        })
        .map(|r| r.photo.thumb_sha256.as_str())
        .collect();
    upload_order(waiting)
        .into_iter()
        .filter(|b| !(b.thumb && done_thumbs.contains(&b.sha256.as_str())))
        .collect()
}

#[cfg(test)]
#[path = "store_tests.rs"]
mod tests;
