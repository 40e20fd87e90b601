//! Sending photos in the background, after the text: when a sync run has
//! gone through, the photos the account's entries list and the server lacks
//! follow (`shared::photo::store::to_send`: thumbnails first, then the
//! smallest photos), each in chunks from the offset the server says it
//! holds, so a cut resends only the rest. A refused photo stays on the
//! phone, marked with the server's reason; a failure ends this round and
//! another follows on `shared::sync::backoff`'s schedule (or with the next
//! sync). Nothing here holds up the entries.

use super::photos::Photos;
use crate::platform::api::ApiError;
use crate::platform::{clock, photo_api, task};
use crate::state::ledger::Ledger;
use crate::state::sync::SyncDriver;
use leptos::prelude::*;
use shared::photo::store::PhotoStore;
use shared::photo::upload::CHUNK_BYTES;
use shared::photo::{next_chunk, Blob, NextChunk, PhotoRef};
use shared::sync::backoff::retry_delay_ms;
use std::time::Duration;

/// Whether a round is under way (one at a time), and failed rounds in a
/// row (for the backoff).
#[derive(Debug, Clone, Copy)]
pub struct Uploader {
    running: StoredValue<bool>,
    failures: StoredValue<u32>,
}

impl Uploader {
    /// Starts a round after every sync run that went through (the effect
    /// lives as long as the account's workspace).
    pub fn follow(photos: Photos, ledger: Ledger, sync: SyncDriver) -> Self {
        let me = Self {
            running: StoredValue::new(false),
            failures: StoredValue::new(0),
        };
        let view = sync.view();
        Effect::new(move |was_syncing: Option<bool>| {
            let (syncing, ok) = view.with(|v| (v.syncing, v.problem.is_none()));
            if was_syncing == Some(true) && !syncing && ok {
                me.round(photos, ledger);
            }
            syncing
        });
        me
    }

    /// Sends what waits, unless a round is under way.
    pub fn round(self, photos: Photos, ledger: Ledger) {
        // Busy, or the account's workspace is gone (a timer outlived it).
        if self.running.try_get_value().unwrap_or(true) {
            return;
        }
        self.running.set_value(true);
        let listed = untrack(|| Photos::listed(ledger));
        task::spawn(async move {
            let result = send_all(photos, &listed).await;
            self.running.try_set_value(false);
            let again = match result {
                Ok(()) | Err(Stop::Store) => {
                    self.failures.try_set_value(0);
                    None
                }
                Err(Stop::Api) => {
                    let n = self.failures.try_get_value().unwrap_or(0).saturating_add(1);
                    self.failures.try_set_value(n);
                    Some(retry_delay_ms(n, js_sys::Math::random()))
                }
            };
            if let Some(ms) = again {
                let online = web_sys::window().is_some_and(|w| w.navigator().on_line());
                let signed_in = photos.auth.problem_untracked().is_none();
                if online && signed_in {
                    let _ = set_timeout_with_handle(
                        move || self.round(photos, ledger),
                        Duration::from_millis(ms),
                    );
                }
            }
        });
    }
}

/// Why a round stopped early.
enum Stop {
    Api,
    Store,
}

impl From<ApiError> for Stop {
    fn from(_: ApiError) -> Self {
        Stop::Api
    }
}

async fn send_all(photos: Photos, listed: &[PhotoRef]) -> Result<(), Stop> {
    if listed.is_empty() {
        return Ok(());
    }
    let store = photos.store().await.map_err(|_| Stop::Store)?;
    let blobs = store.to_send(listed).await.map_err(|_| Stop::Store)?;
    for blob in blobs {
        let token = photos.auth.token().ok_or(Stop::Api)?;
        let sent = send_blob(photos, &store, &token, &blob).await;
        photos.reload(&store).await;
        sent?;
    }
    Ok(())
}

/// Whether the server refused the bytes for good (checked hash, image,
/// size): the photo stays on the phone, marked.
fn refused(e: &ApiError) -> Option<String> {
    match e {
        ApiError::Permanent {
            status: 413 | 422,
            detail,
        } => Some(detail.as_ref().map_or_else(String::new, |d| {
            if d.message_zh.is_empty() {
                d.message.clone()
            } else {
                d.message_zh.clone()
            }
        })),
        _ => None,
    }
}

async fn send_blob<B: shared::photo::store::PhotoBackend>(
    photos: Photos,
    store: &PhotoStore<B>,
    token: &str,
    blob: &Blob,
) -> Result<(), Stop> {
    let mut status = photos
        .auth
        .observe(photo_api::upload_status(token, &blob.sha256).await)?;
    let mut bytes: Option<Vec<u8>> = None;
    loop {
        store
            .note_status(blob, &status, clock::now_ms())
            .await
            .map_err(|_| Stop::Store)?;
        if let Ok(records) = store.records().await {
            photos.records.set(records);
        }
        let (offset, end) = match next_chunk(blob.bytes, Some(&status), CHUNK_BYTES) {
            NextChunk::Done => return Ok(()),
            NextChunk::Send { offset, end } => (offset, end),
        };
        if bytes.is_none() {
            bytes = store.blob(blob).await.map_err(|_| Stop::Store)?;
        }
        let Some(all) = bytes.as_deref() else {
            return Ok(()); // no longer on the phone: nothing to send
        };
        let chunk = usize::try_from(offset)
            .ok()
            .zip(usize::try_from(end).ok())
            .and_then(|(a, b)| all.get(a..b))
            .ok_or(Stop::Store)?;
        let answer = photo_api::put_chunk(token, &blob.sha256, offset, blob.bytes, chunk).await;
        status = match photos.auth.observe(answer) {
            Ok(s) => s,
            // The server holds less than thought (a lost chunk): ask it.
            Err(e) if e.code() == Some("upload_offset") => {
                photo_api::upload_status(token, &blob.sha256).await?
            }
            Err(e) => {
                if let Some(reason) = refused(&e) {
                    store
                        .note_refused(blob, &reason)
                        .await
                        .map_err(|_| Stop::Store)?;
                    return Ok(());
                }
                return Err(e.into());
            }
        };
    }
}
