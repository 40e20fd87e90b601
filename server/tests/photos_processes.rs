//! Photo uploads with several server processes on one database and one blob
//! store (each process a router with locks of its own): a phone's chunks
//! reach whichever process, a resend reaches another, and the last chunk
//! sent to two at once (the first answer lost) finishes the blob once, both
//! answering `complete`. On the directory store and, under
//! `JINGUO_TEST_S3`, on object storage, where deployments of several
//! processes keep their photos. And when another process finishes the blob
//! while this one reads the parts back (and so reads them short), the
//! refusal this would make is answered `complete` instead.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;
#[path = "photos/support.rs"]
mod support;

use common::{call, device, Reply, ADMIN};
use server::assets::Assets;
use server::blobs::{BlobError, BlobStore, BoxFuture, Held, Listed};
use server::AppState;
use shared::photo::UploadStatus;
use std::sync::Arc;
use support::{fanned, png, sha, PhotoApp};

fn complete(reply: &Reply) -> bool {
    assert_eq!(reply.status, 200, "{}", reply.text());
    let s: UploadStatus = serde_json::from_slice(&reply.body).unwrap();
    s.complete
}

#[tokio::test]
async fn chunks_reach_any_process_and_a_photo_finished_by_two_at_once_is_one_blob() {
    let p = PhotoApp::new().await;
    let token = p.app.login(ADMIN, device(1)).await.token;
    let processes = [p.router.clone(), p.another_process()];
    // Several photos: the two processes' steps interleave differently.
    let photos: Vec<Vec<u8>> = (0..4).map(|n| png(120, 100, 10 + n)).collect();
    for photo in &photos {
        let (hash, total) = (sha(photo), photo.len() as u64);
        let chunks: Vec<&[u8]> = photo.chunks(3000).collect();
        let (last, rest) = chunks.split_last().unwrap();
        for (i, chunk) in rest.iter().enumerate() {
            let offset = (i * 3000) as u64;
            // Every chunk to one process, every other one resent to the other.
            let reply = p
                .put_via(&processes[i % 2], &token, &hash, offset, total, chunk)
                .await;
            assert!(!complete(&reply));
            if i % 2 == 1 {
                let again = p
                    .put_via(&processes[0], &token, &hash, offset, total, chunk)
                    .await;
                assert!(!complete(&again));
            }
        }
        let offset = total - last.len() as u64;
        let (a, b) = tokio::join!(
            p.put_via(&processes[0], &token, &hash, offset, total, last),
            p.put_via(&processes[1], &token, &hash, offset, total, last),
        );
        assert!(complete(&a) && complete(&b));
    }
    let mut want: Vec<String> = photos.iter().map(|b| fanned(&sha(b))).collect();
    want.sort();
    assert_eq!(p.files().await, want, "one blob each, nothing partial left");
    for photo in &photos {
        let held = p.store.get(&sha(photo)).await.unwrap().unwrap();
        assert_eq!(&held, photo, "byte-identical");
    }
}

/// A store in which another process finishes `photo` just before this one
/// reads the partial blob back.
#[derive(Debug)]
struct FinishedMeanwhile {
    inner: Arc<dyn BlobStore>,
    photo: Vec<u8>,
}

impl BlobStore for FinishedMeanwhile {
    fn held<'a>(&'a self, sha256: &'a str) -> BoxFuture<'a, Result<Held, BlobError>> {
        self.inner.held(sha256)
    }
    fn put_chunk<'a>(
        &'a self,
        sha256: &'a str,
        offset: u64,
        bytes: &'a [u8],
    ) -> BoxFuture<'a, Result<u64, BlobError>> {
        self.inner.put_chunk(sha256, offset, bytes)
    }
    fn partial<'a>(&'a self, sha256: &'a str) -> BoxFuture<'a, Result<Vec<u8>, BlobError>> {
        Box::pin(async move {
            self.inner.finish(sha256, &self.photo).await?;
            self.inner.partial(sha256).await
        })
    }
    fn finish<'a>(
        &'a self,
        sha256: &'a str,
        checked: &'a [u8],
    ) -> BoxFuture<'a, Result<(), BlobError>> {
        self.inner.finish(sha256, checked)
    }
    fn discard<'a>(&'a self, sha256: &'a str) -> BoxFuture<'a, Result<(), BlobError>> {
        self.inner.discard(sha256)
    }
    fn get<'a>(&'a self, sha256: &'a str) -> BoxFuture<'a, Result<Option<Vec<u8>>, BlobError>> {
        self.inner.get(sha256)
    }
    fn list(&self) -> BoxFuture<'_, Result<Vec<Listed>, BlobError>> {
        self.inner.list()
    }
    fn delete<'a>(&'a self, sha256: &'a str) -> BoxFuture<'a, Result<(), BlobError>> {
        self.inner.delete(sha256)
    }
}

#[tokio::test]
async fn a_blob_finished_by_another_process_while_read_back_is_answered_complete() {
    let p = PhotoApp::new().await;
    let token = p.app.login(ADMIN, device(1)).await.token;
    let photo = png(80, 60, 30);
    let (hash, total) = (sha(&photo), photo.len() as u64);
    let this = server::app(AppState {
        blobs: Arc::new(FinishedMeanwhile {
            inner: p.store.clone(),
            photo: photo.clone(),
        }),
        ..AppState::new(p.app.db.clone(), Arc::new(Assets::empty()))
    });
    let half = photo.len() / 2;
    assert!(!complete(
        &p.put(&token, &hash, 0, total, &photo[..half]).await
    ));
    let last = p
        .put_via(&this, &token, &hash, half as u64, total, &photo[half..])
        .await;
    assert!(complete(&last), "not refused: the blob is there");
    assert_eq!(p.files().await, [fanned(&hash)]);
    let req = axum::http::Request::builder()
        .uri(shared::api::photo_upload_path(&hash))
        .body(axum::body::Body::empty())
        .unwrap();
    let held = call(this, common::with_token(req, &token)).await;
    assert!(complete(&held));
}
