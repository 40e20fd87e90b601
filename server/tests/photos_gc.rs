//! `server gc-photos`: blobs no entry has referred to for the grace period
//! go (taken out of their last entry by an edit, or never listed), with
//! abandoned partial uploads; blobs an entry lists — a deleted one too, its
//! undo brings them back — stay, and so does everything within the grace.
//! The command works on the store `--blobs` names: a directory, or
//! `s3://bucket/prefix` (under `JINGUO_TEST_S3`).
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;
#[path = "photos/support.rs"]
mod support;

use common::{create, device, edit, update, ADMIN};
use server::cli::gc_photos;
use server::config::{DbArgs, GcPhotosArgs};
use server::photos::gc::collect;
use shared::entry::EntryField;
use shared::fixtures::sample_entry;
use shared::photo::PhotoRef;
use support::{fanned, png, sha, PhotoApp};

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

fn reference(bytes: &[u8]) -> PhotoRef {
    PhotoRef {
        sha256: sha(bytes),
        bytes: bytes.len() as u64,
        width: 20,
        height: 20,
        thumb_sha256: sha(bytes),
        thumb_bytes: bytes.len() as u64,
        caption: String::new(),
    }
}

#[tokio::test]
async fn unreferenced_photos_go_after_the_grace_period_listed_ones_stay() {
    let p = PhotoApp::new().await;
    let phone = p.app.login(ADMIN, device(1)).await;
    let [kept, removed, never, tombstoned, back] = [1u8, 2, 3, 4, 5].map(|n| png(20, 20, n));
    for bytes in [&kept, &removed, &never, &tombstoned, &back] {
        assert_eq!(p.upload(&phone.token, bytes, 500).await.status, 200);
    }
    // An upload abandoned half-way.
    let abandoned = png(30, 30, 6);
    let half = p
        .put(
            &phone.token,
            &sha(&abandoned),
            0,
            abandoned.len() as u64,
            &abandoned[..500],
        )
        .await;
    assert_eq!(half.status, 200);

    let mut a = sample_entry(1);
    a.photos = vec![reference(&kept), reference(&removed), reference(&back)];
    let mut d = sample_entry(2);
    d.photos = vec![reference(&tombstoned)];
    let made = p
        .app
        .push_changes(&phone, vec![create(1, a.clone()), create(2, d.clone())])
        .await;
    let d_version = common::applied(&made, 1);
    // An edit takes two photos out; another puts one back; the other entry is deleted.
    a.photos = vec![reference(&kept)];
    p.app
        .push_changes(&phone, vec![update(3, a.clone(), &[EntryField::Photos])])
        .await;
    a.photos.push(reference(&back));
    p.app
        .push_changes(&phone, vec![update(4, a, &[EntryField::Photos])])
        .await;
    d.deleted = true;
    p.app
        .push_changes(
            &phone,
            vec![edit(5, d, &[EntryField::Deleted], Some(d_version))],
        )
        .await;

    let store = &*p.store;
    let now = server::now_ms();
    // Within the grace period nothing goes.
    let early = collect(&p.app.db, store, now + 29 * DAY_MS, 30, false)
        .await
        .unwrap();
    assert_eq!(
        (early.kept, early.removed.len(), early.partial_removed),
        (5, 0, 0)
    );
    // A dry run after it says what would go, and removes nothing.
    let dry = collect(&p.app.db, store, now + 31 * DAY_MS, 30, true)
        .await
        .unwrap();
    assert_eq!(dry.removed.len(), 2);
    assert_eq!(p.files().await.len(), 6);

    let late = collect(&p.app.db, store, now + 31 * DAY_MS, 30, false)
        .await
        .unwrap();
    let mut want = vec![sha(&removed), sha(&never)];
    want.sort();
    assert_eq!(late.removed, want);
    assert_eq!((late.kept, late.partial_removed), (3, 1));
    let files = p.files().await;
    assert_eq!(files.len(), 3, "{files:?}");
    for gone in [&removed, &never, &abandoned] {
        let s = p.status(&phone.token, &sha(gone)).await.json();
        assert_eq!(
            (s["held"].as_u64(), s["complete"].as_bool()),
            (Some(0), Some(false))
        );
    }
    for stays in [&kept, &tombstoned, &back] {
        let s = p.status(&phone.token, &sha(stays)).await.json();
        assert_eq!(s["complete"], true);
    }
    // Again: nothing more to do.
    let again = collect(&p.app.db, store, now + 62 * DAY_MS, 30, false)
        .await
        .unwrap();
    assert_eq!(
        (again.kept, again.removed.len(), again.partial_removed),
        (3, 0, 0)
    );
}

#[tokio::test]
async fn the_command_collects_in_the_store_serve_is_given() {
    let p = PhotoApp::new().await;
    let phone = p.app.login(ADMIN, device(1)).await;
    let (never, listed) = (png(20, 20, 7), png(20, 20, 8));
    for bytes in [&never, &listed] {
        assert_eq!(p.upload(&phone.token, bytes, 500).await.status, 200);
    }
    let mut e = sample_entry(1);
    e.photos = vec![reference(&listed)];
    p.app.push_changes(&phone, vec![create(1, e)]).await;
    // `server gc-photos --db … --blobs <the directory or s3://bucket/prefix>`.
    let args = GcPhotosArgs {
        db: DbArgs {
            db: p.app.url.clone(),
        },
        blobs: Some(p.location.clone()),
        grace_days: 30,
        dry_run: false,
    };
    let said = gc_photos(args, server::now_ms() + 31 * DAY_MS)
        .await
        .unwrap();
    assert!(
        said.contains("1 kept; Removed 1 unreferenced for over 30 days"),
        "{said}"
    );
    assert_eq!(p.files().await, [fanned(&sha(&listed))]);
}
