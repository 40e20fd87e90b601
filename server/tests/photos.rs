//! Photo uploads through the API (`/api/v1/photos/{sha256}/upload`) and
//! reads: resumable from any offset with lost answers, one blob per bytes,
//! refusals that keep nothing, and the headers of a photo's bytes. Who may
//! read which photo is `photos_scope.rs`.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;
#[path = "photos/support.rs"]
mod support;

use common::{create, device, edit, error_code, Session, TestApp, ADMIN};
use shared::access::Role;
use shared::entry::EntryField;
use shared::fixtures::{sample_entry, DEMO_HEWAN};
use shared::photo::upload::CHUNK_BYTES;
use shared::photo::{PhotoRef, UploadStatus};
use support::{fanned, jpeg_header, png, png_with, sha, webp_header, PhotoApp};

fn status(reply: &common::Reply) -> UploadStatus {
    assert!(
        reply.status.is_success(),
        "{}: {}",
        reply.status,
        reply.text()
    );
    let s: UploadStatus = serde_json::from_slice(&reply.body).unwrap();
    assert_eq!(
        reply.header("upload-offset".parse().unwrap()),
        s.held.to_string()
    );
    s
}

/// A photo of `bytes` with the thumbnail `thumb`, as an entry lists it.
fn reference(bytes: &[u8], thumb: &[u8]) -> PhotoRef {
    PhotoRef {
        sha256: sha(bytes),
        bytes: bytes.len() as u64,
        width: 450,
        height: 450,
        thumb_sha256: sha(thumb),
        thumb_bytes: thumb.len() as u64,
        caption: "宣讲现场".into(),
    }
}

/// The admin's phone.
async fn admin(app: &TestApp) -> Session {
    app.login(ADMIN, device(1)).await
}

#[tokio::test]
async fn lost_answers_and_resends_from_any_offset_store_the_photo_once() {
    let p = PhotoApp::new().await;
    let phone = admin(&p.app).await;
    let token = phone.token.clone();
    let photo = png(450, 450, 1); // about 203 KB: four chunks
    let (hash, total) = (sha(&photo), photo.len() as u64);
    let c = CHUNK_BYTES as usize;
    assert!(photo.len() > 3 * c, "{}", photo.len());

    // Nothing yet.
    let s = status(&p.status(&token, &hash).await);
    assert_eq!((s.held, s.complete), (0, false));
    // The first chunk, its answer lost, sent again: the same state.
    status(&p.put(&token, &hash, 0, total, &photo[..c]).await);
    let s = status(&p.put(&token, &hash, 0, total, &photo[..c]).await);
    assert_eq!(s.held, c as u64);
    // A resend from the middle of what is held, reaching past it.
    let s = status(&p.put(&token, &hash, 1000, total, &photo[1000..2 * c]).await);
    assert_eq!(s.held, 2 * c as u64);
    // A chunk past what is held: refused with where to go on.
    let gap = p
        .put(&token, &hash, 3 * c as u64, total, &photo[3 * c..])
        .await;
    assert_eq!(gap.status, 409, "{}", gap.text());
    assert_eq!(error_code(&gap), "upload_offset");
    assert_eq!(
        gap.header("upload-offset".parse().unwrap()),
        (2 * c).to_string()
    );
    // Half-received: not served to anyone, not even to the one who sends it.
    let mut e = sample_entry(1);
    e.photos = vec![reference(&photo, &photo)];
    p.app.push_changes(&phone, vec![create(1, e.clone())]).await;
    assert_eq!(p.photo(&token, &hash).await.status, 404);
    // The phone asks after a cut and sends the rest.
    let s = status(&p.status(&token, &hash).await);
    let rest = s.held as usize;
    status(
        &p.put(&token, &hash, s.held, total, &photo[rest..3 * c])
            .await,
    );
    let done = status(
        &p.put(&token, &hash, 3 * c as u64, total, &photo[3 * c..])
            .await,
    );
    assert_eq!((done.held, done.complete), (total, true));
    // The last chunk again (its answer lost): still complete, nothing changes.
    let again = status(
        &p.put(&token, &hash, 3 * c as u64, total, &photo[3 * c..])
            .await,
    );
    assert!(again.complete);

    let read = p.photo(&token, &hash).await;
    assert_eq!(read.status, 200);
    assert_eq!(read.body.as_ref(), photo.as_slice(), "byte-identical");
    // One finished blob, fanned out by hash; nothing partial left.
    assert_eq!(p.files().await, [fanned(&hash)]);
}

#[tokio::test]
async fn the_same_bytes_twice_are_one_blob() {
    let p = PhotoApp::new().await;
    let phone = admin(&p.app).await;
    let token = phone.token.clone();
    let cadre_token = {
        p.app.add_user("hewan", Role::Cadre, DEMO_HEWAN).await;
        p.app.login("hewan", device(2)).await.token
    };
    let photo = png(200, 150, 2);
    let first = status(&p.upload(&token, &photo, 10_000).await);
    assert!(first.complete);
    // Another phone sends the same photo from the start: complete at once.
    let second = status(
        &p.put(
            &cadre_token,
            &sha(&photo),
            0,
            photo.len() as u64,
            &photo[..10_000],
        )
        .await,
    );
    assert_eq!((second.held, second.complete), (photo.len() as u64, true));
    status(&p.upload(&cadre_token, &photo, 7_000).await);
    assert_eq!(p.files().await, [fanned(&sha(&photo))]);
}

#[tokio::test]
async fn refused_bytes_get_a_clear_4xx_and_nothing_is_kept() {
    let p = PhotoApp::new().await;
    let phone = admin(&p.app).await;
    let token = phone.token.clone();
    let real = png(64, 64, 3);
    let not_an_image = "这不是一张照片。".repeat(500).into_bytes();
    let huge = png_with(30_000, 30_000, &[0; 64]);
    // What, under which hash, the bytes, the status, the code, what it says.
    type Case<'a> = (&'a str, String, Vec<u8>, u16, &'a str, &'a str);
    let cases: Vec<Case> = vec![
        (
            "wrong hash",
            sha(b"other bytes"),
            real.clone(),
            422,
            "photo_hash_mismatch",
            "SHA-256",
        ),
        (
            "not an image",
            sha(&not_an_image),
            not_an_image.clone(),
            422,
            "not_an_image",
            "JPEG, WebP or PNG",
        ),
        (
            "30000×30000",
            sha(&huge),
            huge.clone(),
            422,
            "photo_dimensions",
            "30000×30000",
        ),
    ];
    for (what, hash, bytes, code, name, says) in cases {
        let reply = p.put(&token, &hash, 0, bytes.len() as u64, &bytes).await;
        assert_eq!(reply.status, code, "{what}: {}", reply.text());
        assert_eq!(error_code(&reply), name, "{what}");
        let body = reply.json();
        assert!(
            body["error"]["message"].as_str().unwrap().contains(says),
            "{what}: {body}"
        );
        assert!(
            !body["error"]["message_zh"].as_str().unwrap().is_empty(),
            "{what}"
        );
        let s = status(&p.status(&token, &hash).await);
        assert_eq!((s.held, s.complete), (0, false), "{what}");
        assert_eq!(p.files().await, Vec::<String>::new(), "{what}");
    }

    // 20 MB: refused by the total it names before a byte is kept…
    let twenty = 20_000_000u64;
    let hash = "ab".repeat(32);
    let reply = p.put(&token, &hash, 0, twenty, &real).await;
    assert_eq!(reply.status, 413, "{}", reply.text());
    assert_eq!(error_code(&reply), "photo_too_large");
    assert!(reply.json()["error"]["message"]
        .as_str()
        .unwrap()
        .contains("10000000"));
    // …and as one 20 MB body, by the body limit.
    let body = vec![0u8; twenty as usize];
    let reply = p.put(&token, &hash, 0, 5_000_000, &body).await;
    assert_eq!(reply.status, 413, "{}", reply.text());
    assert_eq!(error_code(&reply), "body_too_large");
    // A chunk past the total it names.
    let reply = p.put(&token, &sha(&real), 10, 12, &real[..10]).await;
    assert_eq!(
        (reply.status.as_u16(), error_code(&reply)),
        (400, "invalid_chunk".into())
    );
    assert_eq!(p.files().await, Vec::<String>::new());
    // A refused photo can still be sent right afterwards.
    assert!(status(&p.upload(&token, &real, 1000).await).complete);
}

#[tokio::test]
async fn jpeg_webp_and_png_are_taken_and_served_as_what_they_are() {
    let p = PhotoApp::new().await;
    let phone = admin(&p.app).await;
    let token = phone.token.clone();
    let files = [
        (jpeg_header(1600, 1200), "image/jpeg"),
        (webp_header(1600, 1200), "image/webp"),
        (png(32, 24, 4), "image/png"),
    ];
    let mut e = sample_entry(2);
    for (bytes, _) in &files {
        assert!(status(&p.upload(&token, bytes, 4096).await).complete);
        e.photos.push(reference(bytes, &files[2].0));
    }
    e.photos.pop(); // the PNG is the thumbnail already
    e.photos.push(reference(&files[2].0, &files[0].0));
    p.app.push_changes(&phone, vec![create(1, e)]).await;
    for (bytes, media) in &files {
        let read = p.photo(&token, &sha(bytes)).await;
        assert_eq!(read.status, 200, "{media}");
        assert_eq!(read.header(axum::http::header::CONTENT_TYPE), *media);
        assert_eq!(
            read.header(axum::http::header::CACHE_CONTROL),
            "private, max-age=31536000, immutable"
        );
        assert_eq!(read.body.as_ref(), bytes.as_slice());
    }
    // Errors about photos stay `no-store`, as every API answer.
    let missing = p.photo(&token, &"00".repeat(32)).await;
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.header(axum::http::header::CACHE_CONTROL),
        "no-store"
    );
    // Not a hash as the API spells it: no such photo.
    assert_eq!(p.photo(&token, &"AB".repeat(32)).await.status, 404);
    assert_eq!(p.status(&token, "abc").await.status, 404);
}

#[tokio::test]
async fn a_deleted_entry_hides_its_photos_and_an_undo_brings_them_back() {
    let p = PhotoApp::new().await;
    let phone = admin(&p.app).await;
    let token = phone.token.clone();
    let photo = png(40, 30, 5);
    status(&p.upload(&token, &photo, 1000).await);
    let mut e = sample_entry(3);
    assert_eq!(
        p.photo(&token, &sha(&photo)).await.status,
        404,
        "no entry lists it"
    );
    e.photos = vec![reference(&photo, &photo)];
    let made = p.app.push_changes(&phone, vec![create(1, e.clone())]).await;
    let v1 = common::applied(&made, 0);
    assert_eq!(p.photo(&token, &sha(&photo)).await.status, 200);

    e.deleted = true;
    let del = p
        .app
        .push_changes(
            &phone,
            vec![edit(2, e.clone(), &[EntryField::Deleted], Some(v1))],
        )
        .await;
    assert_eq!(p.photo(&token, &sha(&photo)).await.status, 404, "deleted");
    e.deleted = false;
    let v2 = common::applied(&del, 0);
    p.app
        .push_changes(
            &phone,
            vec![edit(3, e.clone(), &[EntryField::Deleted], Some(v2))],
        )
        .await;
    assert_eq!(p.photo(&token, &sha(&photo)).await.status, 200, "undone");

    // Removing the photo from the entry is an edit: then no entry lists it.
    e.photos.clear();
    p.app
        .push_changes(&phone, vec![edit(4, e, &[EntryField::Photos], None)])
        .await;
    assert_eq!(p.photo(&token, &sha(&photo)).await.status, 404, "removed");
}

#[tokio::test]
async fn a_viewer_uploads_nothing() {
    let p = PhotoApp::new().await;
    p.app.add_user("county", Role::Viewer, DEMO_HEWAN).await;
    let viewer = p.app.login("county", device(3)).await.token;
    let photo = png(10, 10, 6);
    let reply = p
        .put(&viewer, &sha(&photo), 0, photo.len() as u64, &photo)
        .await;
    assert_eq!(reply.status, 403, "{}", reply.text());
    assert_eq!(error_code(&reply), "forbidden");
    assert_eq!(p.status(&viewer, &sha(&photo)).await.status, 403);
    assert_eq!(p.files().await, Vec::<String>::new());
    // Without a token: 401.
    let req = axum::http::Request::builder()
        .uri(shared::api::photo_upload_path(&sha(&photo)))
        .body(axum::body::Body::empty())
        .unwrap();
    assert_eq!(p.send(req).await.status, 401);
}
