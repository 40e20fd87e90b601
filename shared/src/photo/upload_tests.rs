use super::*;

fn status(held: u64, complete: bool) -> UploadStatus {
    UploadStatus {
        sha256: "ab".repeat(32),
        held,
        complete,
    }
}

fn photo(sha: &str, bytes: u64, thumb_sha: &str, thumb_bytes: u64) -> PhotoRef {
    PhotoRef {
        sha256: sha.repeat(32),
        bytes,
        width: 1600,
        height: 1200,
        thumb_sha256: thumb_sha.repeat(32),
        thumb_bytes,
        caption: String::new(),
    }
}

#[test]
fn the_next_chunk_starts_where_the_server_stands() {
    let send = |offset, end| NextChunk::Send { offset, end };
    assert_eq!(next_chunk(100, None, 40), send(0, 40));
    assert_eq!(next_chunk(100, Some(&status(0, false)), 40), send(0, 40));
    assert_eq!(next_chunk(100, Some(&status(40, false)), 40), send(40, 80));
    assert_eq!(next_chunk(100, Some(&status(80, false)), 40), send(80, 100));
    assert_eq!(
        next_chunk(100, Some(&status(100, true)), 40),
        NextChunk::Done
    );
    // Every byte held but not checked: the last chunk again ends it.
    assert_eq!(
        next_chunk(100, Some(&status(100, false)), 40),
        send(60, 100)
    );
    assert_eq!(next_chunk(30, Some(&status(30, false)), 40), send(0, 30));
    // A chunk is never empty nor larger than the server takes.
    assert_eq!(next_chunk(10, None, 0), send(0, 1));
    assert_eq!(
        next_chunk(u64::MAX, None, u64::MAX),
        send(0, MAX_CHUNK_BYTES)
    );
}

/// Sends a blob of `total` bytes to a server that holds a prefix of it,
/// over a link that fails once at `cut_at` bytes: the chunk crossing it is
/// lost before the server (`lost_before`) or its answer is lost after the
/// server took it. The phone then asks what the server holds and goes on.
/// Returns the bytes sent and the server's final prefix.
fn upload_with_a_cut(total: u64, cut_at: u64, lost_before: bool) -> (u64, u64) {
    let mut server_held = 0u64;
    let mut phone_knows: Option<UploadStatus> = None;
    let mut sent = 0u64;
    let mut cut = false;
    while let NextChunk::Send { offset, end } = next_chunk(total, phone_knows.as_ref(), CHUNK_BYTES)
    {
        assert!(offset <= server_held, "never beyond what it holds");
        sent += end - offset;
        let cut_now = !cut && end >= cut_at;
        if !(cut_now && lost_before) {
            server_held = server_held.max(end);
        }
        // After a cut the phone asks; otherwise the answer says the same.
        phone_knows = Some(status(server_held, server_held == total));
        cut |= cut_now;
    }
    assert!(cut);
    (sent, server_held)
}

#[test]
fn a_cut_at_ninety_percent_resends_only_the_rest() {
    let total = 300_000;
    // The answer lost after the server took the chunk: nothing sent twice.
    assert_eq!(upload_with_a_cut(total, 270_000, false), (total, total));
    // The chunk itself lost: that one chunk again, from where the server stands.
    let (sent, held) = upload_with_a_cut(total, 270_000, true);
    assert_eq!(held, total);
    assert!(sent > total && sent - total <= CHUNK_BYTES, "{sent}");
}

#[test]
fn without_asking_after_a_cut_the_phone_starts_over_harmlessly() {
    // A phone that lost its memory (a reload) and did not ask sends from 0:
    // every byte it sends the server already holds, which it takes again.
    assert_eq!(
        next_chunk(1000, None, 400),
        NextChunk::Send {
            offset: 0,
            end: 400
        }
    );
}

#[test]
fn states_count_the_photo_and_its_thumbnail() {
    let p = photo("aa", 900, "bb", 100);
    assert_eq!(PhotoState::of(&p, None, None), PhotoState::OnDevice);
    assert_eq!(
        PhotoState::of(&p, Some(&status(0, false)), Some(&status(0, false))),
        PhotoState::OnDevice
    );
    assert_eq!(
        PhotoState::of(&p, None, Some(&status(100, true))),
        PhotoState::Uploading { percent: 10 }
    );
    assert_eq!(
        PhotoState::of(&p, Some(&status(320, false)), Some(&status(100, true))),
        PhotoState::Uploading { percent: 42 }
    );
    // All bytes there but not yet checked: 99, not 100.
    assert_eq!(
        PhotoState::of(&p, Some(&status(900, false)), Some(&status(100, true))),
        PhotoState::Uploading { percent: 99 }
    );
    assert_eq!(
        PhotoState::of(&p, Some(&status(900, true)), Some(&status(100, true))),
        PhotoState::Uploaded
    );
}

#[test]
fn state_labels_in_both_languages() {
    let up = PhotoState::Uploading { percent: 42 };
    assert_eq!(PhotoState::OnDevice.label(Lang::Zh), "仅在本机");
    assert_eq!(up.label(Lang::Zh), "上传中 42 %");
    assert_eq!(PhotoState::Uploaded.label(Lang::Zh), "已上传");
    assert_eq!(PhotoState::OnDevice.label(Lang::En), "On this phone only");
    assert_eq!(up.label(Lang::En), "Uploading 42 %");
    assert_eq!(PhotoState::Uploaded.label(Lang::En), "Uploaded");
}

#[test]
fn thumbnails_first_then_the_smallest_photos_each_blob_once() {
    let a = photo("aa", 300, "a1", 30);
    let b = photo("bb", 100, "b1", 20);
    let c = photo("cc", 200, "c1", 20);
    // `b` again, as the same photo in a second entry.
    let order = upload_order([&a, &b, &c, &b]);
    let names: Vec<(String, u64, bool)> = order
        .iter()
        .map(|x| (x.sha256[..2].to_owned(), x.bytes, x.thumb))
        .collect();
    assert_eq!(
        names,
        vec![
            ("b1".into(), 20, true),
            ("c1".into(), 20, true),
            ("a1".into(), 30, true),
            ("bb".into(), 100, false),
            ("cc".into(), 200, false),
            ("aa".into(), 300, false),
        ]
    );
}
