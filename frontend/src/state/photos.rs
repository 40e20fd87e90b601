//! The account's photos, made reactive: whether this browser can keep
//! photos at all (IndexedDB), each photo's record (its upload state), the
//! thumbnails as `data:` URLs, the storage estimate. The rules are
//! `shared::photo::store`'s; the bytes live in IndexedDB
//! (`platform::idb`); sending is `photo_upload`'s.
//!
//! One per signed-in account, by context (`Photos` is `Copy`).

use crate::platform::idb::{self, IdbPhotos};
use crate::platform::{clock, photo_api, picture, task};
use crate::state::session::Auth;
use leptos::prelude::*;
use shared::photo::store::{Estimate, PhotoRecord, PhotoStore, PhotoStoreError};
use shared::photo::PhotoRef;
use std::collections::HashMap;

/// Photos the server confirmed leave the phone after this long (their
/// thumbnails stay): a month to look at them again offline.
pub const KEEP_CONFIRMED_MS: i64 = 30 * 86_400_000;

/// Whether this browser can keep photos.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Availability {
    /// Not known yet (IndexedDB opening).
    Unknown,
    Yes,
    /// IndexedDB missing or blocked: entries save without photos.
    No,
}

/// Why a picked file did not become a photo of the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddProblem {
    Picture(picture::PictureError),
    Store(PhotoStoreError),
}

/// Handle on the account's photos.
#[derive(Debug, Clone, Copy)]
pub struct Photos {
    username: StoredValue<String>,
    pub available: RwSignal<Availability>,
    /// Every record of this account, by photo hash.
    pub records: RwSignal<HashMap<String, PhotoRecord>>,
    /// Thumbnails as `data:` URLs, by thumbnail hash.
    thumbs: RwSignal<HashMap<String, String>>,
    /// Thumbnails being fetched (not asked twice).
    asked: StoredValue<Vec<String>>,
    pub estimate: RwSignal<Option<Estimate>>,
    /// A photo being compressed and stored (the form waits with its save).
    pub busy: RwSignal<u32>,
    pub(crate) auth: Auth,
}

impl Photos {
    pub fn new(username: &str, auth: Auth) -> Self {
        Self {
            username: StoredValue::new(username.to_owned()),
            available: RwSignal::new(Availability::Unknown),
            records: RwSignal::new(HashMap::new()),
            thumbs: RwSignal::new(HashMap::new()),
            asked: StoredValue::new(Vec::new()),
            estimate: RwSignal::new(None),
            busy: RwSignal::new(0),
            auth,
        }
    }

    /// The account's photo store, if this browser has IndexedDB.
    pub(crate) async fn store(self) -> Result<PhotoStore<IdbPhotos>, PhotoStoreError> {
        let Some(username) = self.username.try_get_value() else {
            return Err(PhotoStoreError::Unavailable("signed out".into()));
        };
        match IdbPhotos::open().await {
            Ok(db) => {
                self.available.set(Availability::Yes);
                Ok(PhotoStore::new(db, &username))
            }
            Err(e) => {
                self.available.set(Availability::No);
                Err(e)
            }
        }
    }

    /// Opens the store, reads the records and the estimate, and lets photos
    /// confirmed long ago leave the phone.
    pub fn start(self) {
        task::spawn(async move {
            let Ok(store) = self.store().await else {
                self.estimate.set(idb::estimate().await);
                return;
            };
            let _ = store
                .remove_confirmed(clock::now_ms(), KEEP_CONFIRMED_MS)
                .await;
            self.reload(&store).await;
        });
    }

    /// Reads the records and the estimate again.
    pub(crate) async fn reload(self, store: &PhotoStore<IdbPhotos>) {
        if let Ok(records) = store.records().await {
            self.records.set(records);
        }
        self.estimate.set(store.estimate().await);
    }

    /// Compresses `file` and keeps it; the photo to list on the entry.
    pub async fn add_file(self, file: web_sys::Blob) -> Result<PhotoRef, AddProblem> {
        let store = self.store().await.map_err(AddProblem::Store)?;
        let c = picture::compress(&file)
            .await
            .map_err(AddProblem::Picture)?;
        let photo = PhotoRef {
            sha256: c.sha256.clone(),
            bytes: c.bytes.len() as u64,
            width: c.width,
            height: c.height,
            thumb_sha256: c.thumb_sha256.clone(),
            thumb_bytes: c.thumb.len() as u64,
            caption: String::new(),
        };
        store
            .add(&photo, &c.bytes, &c.thumb, clock::now_ms())
            .await
            .map_err(AddProblem::Store)?;
        let url = picture::data_url(&c.thumb);
        self.thumbs.update(|t| {
            t.insert(c.thumb_sha256.clone(), url);
        });
        self.reload(&store).await;
        Ok(photo)
    }

    /// The thumbnail of `photo` as a `data:` URL (reactive): from this
    /// phone's store, or else the server's copy when online (a pulled entry).
    pub fn thumb_url(self, photo: &PhotoRef) -> Option<String> {
        let sha = photo.thumb_sha256.clone();
        if let Some(url) = self.thumbs.with(|t| t.get(&sha).cloned()) {
            return Some(url);
        }
        let first = self
            .asked
            .try_update_value(|a| {
                if a.contains(&sha) {
                    false
                } else {
                    a.push(sha.clone());
                    true
                }
            })
            .unwrap_or(false);
        if first {
            task::spawn(async move {
                if let Some(url) = self.load_thumb(&sha).await {
                    self.thumbs.update(|t| {
                        t.insert(sha, url);
                    });
                } else {
                    // Not here and not reachable: ask again next time.
                    self.asked.update_value(|a| a.retain(|s| s != &sha));
                }
            });
        }
        None
    }

    async fn load_thumb(self, sha: &str) -> Option<String> {
        if let Ok(store) = self.store().await {
            if let Ok(Some(bytes)) = store.thumb(sha).await {
                return Some(picture::data_url(&bytes));
            }
        }
        let token = self.auth.token()?;
        let bytes = photo_api::photo(&token, sha).await.ok()?;
        Some(picture::data_url(&bytes))
    }

    /// The record of `photo` (reactive).
    pub fn record(self, photo: &PhotoRef) -> Option<PhotoRecord> {
        self.records.with(|r| r.get(&photo.sha256).cloned())
    }

    /// Every photo the account's live entries list, once each (tracked: a
    /// view that calls it follows the ledger). Copies photos only.
    pub fn listed(ledger: crate::state::ledger::Ledger) -> Vec<PhotoRef> {
        let mut listed: Vec<PhotoRef> = ledger
            .read(|s| {
                s.entries()
                    .filter(|l| !l.entry.deleted)
                    .flat_map(|l| l.entry.photos.iter().cloned())
                    .collect()
            })
            .unwrap_or_default();
        listed.sort_by(|a, b| a.sha256.cmp(&b.sha256));
        listed.dedup_by(|a, b| a.sha256 == b.sha256);
        listed
    }

    /// Photos listed by `photos` still to send from this phone (reactive).
    pub fn waiting<'a>(self, photos: impl IntoIterator<Item = &'a PhotoRef>) -> usize {
        self.records.with(|r| {
            photos
                .into_iter()
                .filter(|p| {
                    r.get(&p.sha256)
                        .is_some_and(|rec| rec.has_photo && !rec.is_settled())
                })
                .count()
        })
    }
}
