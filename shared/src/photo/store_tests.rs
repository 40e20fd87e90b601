use super::*;
use crate::device::{KeyValue, MemoryKv};
use crate::photo::memory::{block_on, MemoryPhotos};

fn photo(n: u8, bytes: u64, thumb_bytes: u64) -> PhotoRef {
    PhotoRef {
        sha256: format!("{n:02x}").repeat(32),
        bytes,
        width: 1600,
        height: 1200,
        thumb_sha256: format!("{:02x}", n.wrapping_add(128)).repeat(32),
        thumb_bytes,
        caption: "入户走访".into(),
    }
}

fn add(store: &PhotoStore<MemoryPhotos>, p: &PhotoRef, now: i64) -> Result<(), PhotoStoreError> {
    let bytes = vec![1u8; p.bytes as usize];
    let thumb = vec![2u8; p.thumb_bytes as usize];
    block_on(store.add(p, &bytes, &thumb, now))
}

fn status(sha: &str, held: u64, complete: bool) -> UploadStatus {
    UploadStatus {
        sha256: sha.to_owned(),
        held,
        complete,
    }
}

fn blob(p: &PhotoRef, thumb: bool) -> Blob {
    Blob {
        sha256: if thumb { &p.thumb_sha256 } else { &p.sha256 }.clone(),
        bytes: if thumb { p.thumb_bytes } else { p.bytes },
        thumb,
    }
}

/// Sends `p` and its thumbnail completely, as the server confirms them.
fn confirm(store: &PhotoStore<MemoryPhotos>, p: &PhotoRef, now: i64) {
    for thumb in [true, false] {
        let b = blob(p, thumb);
        block_on(store.note_status(&b, &status(&b.sha256, b.bytes, true), now)).unwrap();
    }
}

#[test]
fn a_photo_is_kept_with_its_thumbnail_and_record() {
    let store = PhotoStore::new(MemoryPhotos::new(), "hewan");
    let p = photo(1, 300, 20);
    add(&store, &p, 7).unwrap();
    assert_eq!(
        block_on(store.photo(&p.sha256)).unwrap().unwrap().len(),
        300
    );
    assert_eq!(
        block_on(store.thumb(&p.thumb_sha256))
            .unwrap()
            .unwrap()
            .len(),
        20
    );
    let record = block_on(store.record(&p.sha256)).unwrap().unwrap();
    assert!(record.has_photo);
    assert_eq!(record.added_ms, 7);
    assert_eq!(record.label(Lang::Zh), "仅在本机");
    assert_eq!(record.photo.caption, "", "the caption belongs to the entry");
}

#[test]
fn the_estimate_refuses_a_photo_that_will_not_fit_and_nothing_is_written() {
    // Records (JSON, about 350 bytes) count too.
    let quota = HEADROOM_BYTES + 2_000;
    let backend = MemoryPhotos::with_quota(quota, true);
    let store = PhotoStore::new(backend.clone(), "hewan");
    add(&store, &photo(1, 1_200, 50), 1).unwrap();
    let before = backend.used();
    assert_eq!(
        add(&store, &photo(2, 400, 50), 2),
        Err(PhotoStoreError::Full { needed: 450 })
    );
    assert_eq!(backend.used(), before);
    assert!(block_on(store.record(&photo(2, 400, 50).sha256))
        .unwrap()
        .is_none());
    // A smaller one still fits.
    add(&store, &photo(3, 100, 20), 3).unwrap();
}

#[test]
fn a_refused_write_without_an_estimate_leaves_nothing_half_kept() {
    let backend = MemoryPhotos::with_quota(500, false);
    let store = PhotoStore::new(backend.clone(), "hewan");
    // The thumbnail fits, the photo does not.
    assert_eq!(
        add(&store, &photo(1, 600, 50), 1),
        Err(PhotoStoreError::Full { needed: 650 })
    );
    assert_eq!(backend.used(), 0);
}

#[test]
fn a_full_photo_store_never_touches_the_entries() {
    let mut entries = MemoryKv::new();
    entries.set("jg:u:hewan:e:1", "[\"entry\"]").unwrap();
    let before = entries.snapshot();
    let store = PhotoStore::new(MemoryPhotos::with_quota(100, true), "hewan");
    assert!(matches!(
        add(&store, &photo(1, 600, 50), 1),
        Err(PhotoStoreError::Full { .. })
    ));
    assert_eq!(entries.snapshot(), before);
    assert_eq!(
        entries.get("jg:u:hewan:e:1").as_deref(),
        Some("[\"entry\"]")
    );
}

#[test]
fn the_same_photo_twice_is_kept_once() {
    let backend = MemoryPhotos::new();
    let store = PhotoStore::new(backend.clone(), "hewan");
    let p = photo(1, 300, 20);
    add(&store, &p, 1).unwrap();
    confirm(&store, &p, 5);
    add(&store, &p, 9).unwrap();
    let record = block_on(store.record(&p.sha256)).unwrap().unwrap();
    assert_eq!(record.added_ms, 1);
    assert_eq!(record.sending, Sending::Uploaded { at_ms: 5 });
    assert_eq!(backend.all_keys(Shelf::Photos).len(), 1);
    assert_eq!(backend.all_keys(Shelf::Thumbs).len(), 1);
    assert_eq!(backend.all_keys(Shelf::Records).len(), 1);
}

#[test]
fn accounts_are_kept_apart() {
    let backend = MemoryPhotos::new();
    let hewan = PhotoStore::new(backend.clone(), "hewan");
    let xiaojing = PhotoStore::new(backend.clone(), "xiaojing");
    let p = photo(1, 300, 20);
    add(&hewan, &p, 1).unwrap();
    assert!(block_on(xiaojing.photo(&p.sha256)).unwrap().is_none());
    assert!(block_on(xiaojing.records()).unwrap().is_empty());
    assert!(block_on(xiaojing.to_send([&p])).unwrap().is_empty());
    assert_eq!(block_on(hewan.to_send([&p])).unwrap().len(), 2);
    // A confirmation heard by one account does not settle the other's.
    add(&xiaojing, &p, 2).unwrap();
    confirm(&hewan, &p, 3);
    assert_eq!(block_on(xiaojing.to_send([&p])).unwrap().len(), 2);
}

#[test]
fn confirmed_photos_leave_after_the_setting_and_thumbnails_stay() {
    let day = 86_400_000;
    let store = PhotoStore::new(MemoryPhotos::new(), "hewan");
    let (old, young, unsent) = (photo(1, 300, 20), photo(2, 300, 20), photo(3, 300, 20));
    for p in [&old, &young, &unsent] {
        add(&store, p, 0).unwrap();
    }
    confirm(&store, &old, day);
    confirm(&store, &young, 20 * day);
    let removed = block_on(store.remove_confirmed(31 * day + 1, 30 * day)).unwrap();
    assert_eq!(removed, 1);
    assert!(block_on(store.photo(&old.sha256)).unwrap().is_none());
    assert!(block_on(store.thumb(&old.thumb_sha256)).unwrap().is_some());
    let record = block_on(store.record(&old.sha256)).unwrap().unwrap();
    assert!(!record.has_photo);
    assert_eq!(record.label(Lang::Zh), "已上传");
    for p in [&young, &unsent] {
        assert!(block_on(store.photo(&p.sha256)).unwrap().is_some());
    }
    // Never an unconfirmed photo, however old.
    assert_eq!(block_on(store.remove_confirmed(1_000 * day, 0)).unwrap(), 1);
    assert!(block_on(store.photo(&unsent.sha256)).unwrap().is_some());
}

#[test]
fn what_needs_sending_is_what_entries_list_and_the_server_lacks() {
    let store = PhotoStore::new(MemoryPhotos::new(), "hewan");
    let (a, b, c, d) = (
        photo(1, 900, 30),
        photo(2, 300, 20),
        photo(3, 500, 25),
        photo(4, 100, 10),
    );
    for p in [&a, &b, &c, &d] {
        add(&store, p, 0).unwrap();
    }
    confirm(&store, &c, 1);
    block_on(store.note_refused(&blob(&d, false), "not_an_image")).unwrap();
    // `b` was taken but its entry no longer lists it (removed on the form).
    let order = block_on(store.to_send([&a, &c, &d])).unwrap();
    assert_eq!(order, vec![blob(&a, true), blob(&a, false)]);
    let order = block_on(store.to_send([&a, &b])).unwrap();
    assert_eq!(
        order,
        vec![
            blob(&b, true),
            blob(&a, true),
            blob(&b, false),
            blob(&a, false)
        ]
    );
    // A thumbnail already complete is not sent again.
    let t = blob(&a, true);
    block_on(store.note_status(&t, &status(&t.sha256, 30, true), 2)).unwrap();
    assert_eq!(
        block_on(store.to_send([&a])).unwrap(),
        vec![blob(&a, false)]
    );
}

#[test]
fn progress_is_shown_as_the_server_tells_it() {
    let store = PhotoStore::new(MemoryPhotos::new(), "hewan");
    let p = photo(1, 200, 100);
    add(&store, &p, 0).unwrap();
    let (t, f) = (blob(&p, true), blob(&p, false));
    block_on(store.note_status(&t, &status(&t.sha256, 100, true), 1)).unwrap();
    block_on(store.note_status(&f, &status(&f.sha256, 26, false), 1)).unwrap();
    let record = block_on(store.record(&p.sha256)).unwrap().unwrap();
    assert_eq!(record.label(Lang::Zh), "上传中 42 %");
    assert_eq!(record.label(Lang::En), "Uploading 42 %");
    // Held bytes at the end are not "uploaded" before the server checked.
    block_on(store.note_status(&f, &status(&f.sha256, 200, false), 1)).unwrap();
    let record = block_on(store.record(&p.sha256)).unwrap().unwrap();
    assert_eq!(record.label(Lang::Zh), "上传中 99 %");
    block_on(store.note_status(&f, &status(&f.sha256, 200, true), 9)).unwrap();
    let record = block_on(store.record(&p.sha256)).unwrap().unwrap();
    assert_eq!(record.sending, Sending::Uploaded { at_ms: 9 });
    assert!(record.is_settled());
}

#[test]
fn a_refused_photo_stays_with_the_servers_reason() {
    let store = PhotoStore::new(MemoryPhotos::new(), "hewan");
    let p = photo(1, 200, 100);
    add(&store, &p, 0).unwrap();
    block_on(store.note_refused(&blob(&p, false), "不是图片")).unwrap();
    let record = block_on(store.record(&p.sha256)).unwrap().unwrap();
    assert_eq!(record.label(Lang::Zh), "服务器未接受：不是图片");
    assert!(block_on(store.photo(&p.sha256)).unwrap().is_some());
    assert!(block_on(store.to_send([&p])).unwrap().is_empty());
}

#[test]
fn admission_follows_the_estimate() {
    let e = |usage, quota| Some(Estimate { usage, quota });
    assert!(admit(None, u64::MAX).is_ok());
    assert!(admit(e(0, HEADROOM_BYTES + 100), 100).is_ok());
    assert!(admit(e(1, HEADROOM_BYTES + 100), 100).is_err());
    assert!(admit(e(u64::MAX, 0), 1).is_err());
}
