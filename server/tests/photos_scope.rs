//! Who may read which photo, as a table: admin, cadre and viewer of
//! 河湾社区妇联 × where the entry that lists the photo sits (own, child,
//! sibling, parent organisation) × ordinary or a high-risk screening; each
//! cell both as the access rules say and exactly as the account's listing
//! of entries does. A viewer never gets a screening's photo; without a token
//! nobody gets any. The thumbnail follows its photo.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;
#[path = "photos/support.rs"]
mod support;

use common::{create, device, ADMIN};
use shared::access::Role;
use shared::api::ENTRIES_PATH;
use shared::fixtures::{sample_entry, DEMO_HEWAN, DEMO_HEWAN_DANCE, DEMO_ROOT, DEMO_XIAOJING};
use shared::photo::PhotoRef;
use shared::sync::protocol::EntryPage;
use std::collections::HashSet;
use support::{png, sha, PhotoApp};
use uuid::Uuid;

const RELS: [(&str, Uuid); 4] = [
    ("own", DEMO_HEWAN),
    ("child", DEMO_HEWAN_DANCE),
    ("sibling", DEMO_XIAOJING),
    ("parent", DEMO_ROOT),
];

/// Whether `role` of 河湾社区妇联 may read a record of the relation `rel`.
fn expected(role: Role, rel: &str, sensitive: bool) -> bool {
    matches!(
        (role, rel, sensitive),
        (Role::Admin, _, _)
            | (Role::Cadre, "own", _)
            | (Role::Cadre, "child", false)
            | (Role::Viewer, "own" | "child", false)
    )
}

#[tokio::test]
async fn photo_reads_follow_the_entries_scope_and_sensitivity() {
    let p = PhotoApp::new().await;
    p.app.add_user("hewan", Role::Cadre, DEMO_HEWAN).await;
    p.app.add_user("county", Role::Viewer, DEMO_HEWAN).await;
    let admin = p.app.login(ADMIN, device(1)).await;

    // One entry per cell, each with a photo and a thumbnail of its own.
    let mut cells = Vec::new();
    let mut changes = Vec::new();
    for (i, (rel, org)) in RELS.into_iter().enumerate() {
        for sensitive in [false, true] {
            let n = (i * 2 + usize::from(sensitive)) as u8;
            let (photo, thumb) = (png(60, 40, n), png(32, 21, n + 100));
            for bytes in [&photo, &thumb] {
                let done = p.upload(&admin.token, bytes, 1500).await;
                assert_eq!(done.status, 200, "{}", done.text());
            }
            let mut e = sample_entry(700 + u32::from(n));
            e.org_id = org;
            if sensitive {
                e.kind = "high_risk_screening".into();
                e.counts = [("times".into(), 1), ("households".into(), 3)].into();
            }
            e.photos = vec![PhotoRef {
                sha256: sha(&photo),
                bytes: photo.len() as u64,
                width: 60,
                height: 40,
                thumb_sha256: sha(&thumb),
                thumb_bytes: thumb.len() as u64,
                caption: String::new(),
            }];
            changes.push(create(changes.len() as u64 + 1, e.clone()));
            cells.push((rel, sensitive, e.id, sha(&photo), sha(&thumb)));
        }
    }
    let res = p.app.push_changes(&admin, changes).await;
    for i in 0..cells.len() {
        common::applied(&res, i);
    }

    let accounts = [
        (Role::Admin, admin.token.clone()),
        (Role::Cadre, p.app.login("hewan", device(2)).await.token),
        (Role::Viewer, p.app.login("county", device(3)).await.token),
    ];
    for (role, token) in &accounts {
        let listed = p
            .app
            .get_as(token, &format!("{ENTRIES_PATH}?limit=1000"))
            .await;
        let page: EntryPage = serde_json::from_slice(&listed.body).unwrap();
        let listed: HashSet<Uuid> = page.entries.iter().map(|e| e.entry.id).collect();
        for (rel, sensitive, id, photo, thumb) in &cells {
            let want = expected(*role, rel, *sensitive);
            assert_eq!(
                listed.contains(id),
                want,
                "{role:?} lists {rel} sensitive={sensitive}"
            );
            for hash in [photo, thumb] {
                let read = p.photo(token, hash).await;
                let got = read.status == 200;
                assert_eq!(
                    got, want,
                    "{role:?} reads {rel} sensitive={sensitive}: {}",
                    read.status
                );
                if !got {
                    // Refused exactly as a photo that does not exist.
                    assert_eq!(read.status, 404);
                    assert_eq!(common::error_code(&read), "not_found");
                }
            }
        }
    }

    // Without a token, nothing.
    let (_, _, _, photo, _) = &cells[0];
    let req = axum::http::Request::builder()
        .uri(shared::api::photo_path(photo))
        .body(axum::body::Body::empty())
        .unwrap();
    assert_eq!(p.send(req).await.status, 401);
}

#[tokio::test]
async fn a_photo_also_listed_by_a_readable_entry_is_readable_through_it() {
    // The same bytes in a screening and in an ordinary lecture: a viewer
    // reads them through the lecture, and only while the lecture lists them.
    let p = PhotoApp::new().await;
    p.app.add_user("county", Role::Viewer, DEMO_HEWAN).await;
    let admin = p.app.login(ADMIN, device(1)).await;
    let photo = png(50, 50, 9);
    assert_eq!(p.upload(&admin.token, &photo, 999).await.status, 200);
    let reference = PhotoRef {
        sha256: sha(&photo),
        bytes: photo.len() as u64,
        width: 50,
        height: 50,
        thumb_sha256: sha(&photo[..10]),
        thumb_bytes: 10,
        caption: String::new(),
    };
    let mut screening = sample_entry(800);
    screening.org_id = DEMO_HEWAN;
    screening.kind = "high_risk_screening".into();
    screening.counts = [("times".into(), 1), ("households".into(), 3)].into();
    screening.photos = vec![reference.clone()];
    let mut lecture = sample_entry(801);
    lecture.org_id = DEMO_HEWAN;
    lecture.photos = vec![reference];
    p.app
        .push_changes(
            &admin,
            vec![create(1, screening), create(2, lecture.clone())],
        )
        .await;
    let viewer = p.app.login("county", device(3)).await.token;
    assert_eq!(p.photo(&viewer, &sha(&photo)).await.status, 200);
    lecture.photos.clear();
    p.app
        .push_changes(
            &admin,
            vec![common::update(
                3,
                lecture,
                &[shared::entry::EntryField::Photos],
            )],
        )
        .await;
    assert_eq!(p.photo(&viewer, &sha(&photo)).await.status, 404);
    assert_eq!(p.photo(&admin.token, &sha(&photo)).await.status, 200);
}
