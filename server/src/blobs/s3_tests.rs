//! [`S3Store`] over `object_store`'s in-memory store: the keys it writes,
//! chunks from any offset, nothing readable before `finish`, the listing
//! `gc-photos` reads. The same store against a real S3 server runs the
//! photo tests (`server/tests/photos*.rs` under `scripts/s3.sh`).

use super::*;
use object_store::memory::InMemory;

fn hash(c: char) -> String {
    c.to_string().repeat(64)
}

fn store() -> (S3Store, Arc<InMemory>) {
    let memory = Arc::new(InMemory::new());
    (S3Store::over(memory.clone()), memory)
}

/// Every key in the store, sorted.
async fn keys(memory: &InMemory) -> Vec<String> {
    let mut out: Vec<String> = memory
        .list(None)
        .map_ok(|m| m.location.to_string())
        .try_collect()
        .await
        .unwrap();
    out.sort();
    out
}

#[tokio::test]
async fn chunks_become_parts_and_finishing_puts_one_object() {
    let (store, memory) = store();
    let h = hash('a');
    assert_eq!(store.held(&h).await.unwrap(), Held::Partial(0));
    assert_eq!(store.put_chunk(&h, 0, b"hello ").await.unwrap(), 6);
    // A resend inside what is held writes nothing; one reaching past it does.
    assert_eq!(store.put_chunk(&h, 0, b"hel").await.unwrap(), 6);
    assert_eq!(store.put_chunk(&h, 4, b"o world").await.unwrap(), 11);
    assert!(matches!(
        store.put_chunk(&h, 12, b"!").await,
        Err(BlobError::Gap {
            offset: 12,
            held: 11
        })
    ));
    let partial = format!("partial/{h}");
    assert_eq!(
        keys(&memory).await,
        [
            format!("{partial}/0000000000-0000000006"),
            format!("{partial}/0000000004-0000000011"),
        ]
    );
    assert_eq!(store.held(&h).await.unwrap(), Held::Partial(11));
    assert_eq!(
        store.get(&h).await.unwrap(),
        None,
        "never served half-received"
    );
    assert_eq!(store.partial(&h).await.unwrap(), b"hello world");

    store.finish(&h, b"hello world").await.unwrap();
    assert_eq!(
        keys(&memory).await,
        [format!("aa/aa/{h}")],
        "as the directory lays it out"
    );
    assert_eq!(store.held(&h).await.unwrap(), Held::Complete(11));
    assert_eq!(store.get(&h).await.unwrap().unwrap(), b"hello world");
    // Finished again by another process: the same object, nothing else.
    store.finish(&h, b"hello world").await.unwrap();
    assert_eq!(keys(&memory).await, [format!("aa/aa/{h}")]);
    store.delete(&h).await.unwrap();
    store.delete(&h).await.unwrap();
    assert_eq!(store.held(&h).await.unwrap(), Held::Partial(0));
    assert!(keys(&memory).await.is_empty());
}

#[tokio::test]
async fn a_discarded_partial_is_gone_and_a_part_gone_meanwhile_cuts_the_read() {
    let (store, memory) = store();
    let h = hash('b');
    for (offset, chunk) in [(0, &b"abc"[..]), (3, b"def"), (6, b"ghi")] {
        store.put_chunk(&h, offset, chunk).await.unwrap();
    }
    // Another process removes a part while this one reads.
    let middle = Path::from(format!("partial/{h}/0000000003-0000000006"));
    memory.delete(&middle).await.unwrap();
    assert_eq!(store.partial(&h).await.unwrap(), b"abc");
    assert_eq!(store.held(&h).await.unwrap(), Held::Partial(3));
    store.discard(&h).await.unwrap();
    store.discard(&h).await.unwrap();
    assert_eq!(store.held(&h).await.unwrap(), Held::Partial(0));
    assert!(keys(&memory).await.is_empty());
}

#[tokio::test]
async fn the_listing_has_each_blob_once_and_nothing_else() {
    let (store, memory) = store();
    let (done, half) = (hash('c'), hash('d'));
    store.put_chunk(&done, 0, b"photo").await.unwrap();
    store.finish(&done, b"photo").await.unwrap();
    store.put_chunk(&half, 0, b"ab").await.unwrap();
    store.put_chunk(&half, 2, b"cd").await.unwrap();
    // Objects that are not the store's: misplaced, misnamed, a part whose
    // size is not its name's, a short hash.
    for stray in [
        format!("cc/dd/{done}"),
        "notes.txt".to_owned(),
        format!("partial/{half}/x"),
        "partial/abc/0000000000-0000000001".to_owned(),
        "ab/cd/abcd".to_owned(),
    ] {
        memory
            .put(&Path::from(stray), PutPayload::from_static(b"x"))
            .await
            .unwrap();
    }
    let bad_size = Path::from(format!("partial/{}/0000000000-0000000009", hash('e')));
    memory
        .put(&bad_size, PutPayload::from_static(b"x"))
        .await
        .unwrap();

    let listed = store.list().await.unwrap();
    let names: Vec<(&str, bool)> = listed
        .iter()
        .map(|l| (l.sha256.as_str(), l.partial))
        .collect();
    // A part of the wrong size counts for nothing, but is listed (and so
    // removed by `gc-photos` when it is old).
    let odd = hash('e');
    assert_eq!(
        names,
        [
            (done.as_str(), false),
            (half.as_str(), true),
            (odd.as_str(), true)
        ]
    );
    let newest = memory
        .head(&Path::from(format!("partial/{half}/0000000002-0000000004")))
        .await
        .unwrap();
    assert_eq!(
        listed[1].modified_ms,
        newest.last_modified.timestamp_millis()
    );
    assert_eq!(store.held(&odd).await.unwrap(), Held::Partial(0));
    store.discard(&odd).await.unwrap();
    assert!(!keys(&memory).await.iter().any(|k| k.contains(&odd)));
}

#[test]
fn locations_are_a_bucket_and_an_optional_prefix() {
    let at = |bucket: &str, prefix: &str| {
        Some(S3Location {
            bucket: bucket.into(),
            prefix: prefix.into(),
        })
    };
    assert_eq!(S3Location::parse("s3://photos"), at("photos", ""));
    assert_eq!(S3Location::parse("s3://photos/"), at("photos", ""));
    assert_eq!(
        S3Location::parse("s3://photos/jinguo/prod/"),
        at("photos", "jinguo/prod")
    );
    for bad in [
        "s3://",
        "s3:///x",
        "photos",
        "/srv/photos",
        "s3://u:p@host/x",
        "https://b/x",
    ] {
        assert_eq!(S3Location::parse(bad), None, "{bad}");
    }
}

#[tokio::test]
async fn a_store_that_cannot_be_reached_is_an_object_storage_error() {
    // A port nothing listens on: bound, then closed.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let builder = AmazonS3Builder::new()
        .with_endpoint(format!("http://127.0.0.1:{port}"))
        .with_allow_http(true)
        .with_region("us-east-1")
        .with_access_key_id("k")
        .with_secret_access_key("s");
    let at = S3Location::parse("s3://photos/p").unwrap();
    let store = S3Store::over(at.client_from(builder).unwrap());
    assert!(matches!(
        store.held(&hash('f')).await,
        Err(BlobError::Object(_))
    ));
}
