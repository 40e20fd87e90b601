//! The Word summary with the photos the office picks: embedded in order and
//! captioned 图1, 图2… before the headed sections; a picked photo the account
//! may not read (out of scope, a viewer's sensitive screening, unknown) is
//! refused by number, never silently left out; one not yet uploaded is a
//! conflict; a malformed pick is a bad request.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;
#[path = "photos/support.rs"]
mod support;

use common::{create, device, post_request, with_token, Reply, ADMIN};
use serde_json::{json, Value};
use shared::access::Role;
use shared::api::SUMMARY_DOCX_PATH;
use shared::fixtures::{sample_entry, DEMO_HEWAN, DEMO_XIAOJING};
use shared::photo::PhotoRef;
use shared::Entry;
use std::io::{Cursor, Read};
use support::{png, sha, PhotoApp};
use uuid::Uuid;

/// A reference to `photo` (its thumbnail another small image).
fn reference(photo: &[u8], thumb: &[u8], (width, height): (u32, u32)) -> PhotoRef {
    PhotoRef {
        sha256: sha(photo),
        bytes: photo.len() as u64,
        width,
        height,
        thumb_sha256: sha(thumb),
        thumb_bytes: thumb.len() as u64,
        caption: String::new(),
    }
}

fn entry(n: u32, org: Uuid, photos: Vec<PhotoRef>) -> Entry {
    let mut e = sample_entry(n);
    e.org_id = org;
    e.photos = photos;
    e
}

async fn post(p: &PhotoApp, token: &str, body: Value) -> Reply {
    let req = post_request(SUMMARY_DOCX_PATH, serde_json::to_vec(&body).unwrap());
    p.send(with_token(req, token)).await
}

fn summary(photos: Value) -> Value {
    json!({
        "title": "河湾社区妇联2024年工作总结",
        "body": "一、思想引领\n累计开展宣讲80余场",
        "sections": [
            {"heading": "二、存在问题", "text": "一是部分台账照片不全"},
            {"heading": "三、下一步打算", "text": "一是补齐台账"}
        ],
        "photos": photos,
    })
}

fn parts(reply: &Reply) -> zip::ZipArchive<Cursor<Vec<u8>>> {
    zip::ZipArchive::new(Cursor::new(reply.body.to_vec())).unwrap()
}

fn names(zip: &zip::ZipArchive<Cursor<Vec<u8>>>) -> Vec<String> {
    zip.file_names().map(|n| n.unwrap().into_owned()).collect()
}

#[tokio::test]
async fn two_picked_photos_are_embedded_and_captioned_before_the_sections() {
    let p = PhotoApp::new().await;
    let admin = p.app.login(ADMIN, device(1)).await;
    let (wide, tall) = (png(60, 40, 1), png(40, 60, 2));
    let (thumb_a, thumb_b) = (png(32, 21, 3), png(21, 32, 4));
    for bytes in [&wide, &tall, &thumb_a, &thumb_b] {
        assert_eq!(p.upload(&admin.token, bytes, 4000).await.status, 200);
    }
    let lecture = entry(
        1,
        DEMO_HEWAN,
        vec![
            reference(&wide, &thumb_a, (60, 40)),
            reference(&tall, &thumb_b, (40, 60)),
        ],
    );
    common::applied(
        &p.app.push_changes(&admin, vec![create(1, lecture)]).await,
        0,
    );

    let reply = post(
        &p,
        &admin.token,
        summary(json!([
            {"sha256": sha(&wide), "caption": "巾帼大宣讲现场"},
            {"sha256": sha(&tall)}
        ])),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let mut zip = parts(&reply);
    let media: Vec<String> = names(&zip)
        .into_iter()
        .filter(|n| n.starts_with("word/media/") && !n.ends_with('/'))
        .collect();
    assert_eq!(media.len(), 2, "{media:?}");
    // The bytes embedded are the bytes uploaded, not a re-encoding.
    let mut embedded = Vec::new();
    for name in &media {
        let mut bytes = Vec::new();
        zip.by_name(name).unwrap().read_to_end(&mut bytes).unwrap();
        embedded.push(bytes);
    }
    embedded.sort();
    let mut uploaded = vec![wide.clone(), tall.clone()];
    uploaded.sort();
    assert_eq!(embedded, uploaded);

    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let at = |s: &str| xml.find(s).unwrap_or_else(|| panic!("{s} missing: {xml}"));
    let order = [
        ">河湾社区妇联2024年工作总结<",
        ">累计开展宣讲80余场<",
        ">图1 巾帼大宣讲现场<",
        ">图2<",
        ">二、存在问题<",
        ">一是部分台账照片不全<",
        ">三、下一步打算<",
        ">一是补齐台账<",
    ];
    for pair in order.windows(2) {
        assert!(at(pair[0]) < at(pair[1]), "{} before {}", pair[0], pair[1]);
    }
    // Each picture is as wide as the text column; the tall one is taller than wide.
    let extents: Vec<(u64, u64)> = xml
        .match_indices("<wp:extent cx=\"")
        .map(|(i, _)| {
            let rest = &xml[i + "<wp:extent cx=\"".len()..];
            let cx: u64 = rest[..rest.find('"').unwrap()].parse().unwrap();
            let rest = &rest[rest.find("cy=\"").unwrap() + 4..];
            let cy: u64 = rest[..rest.find('"').unwrap()].parse().unwrap();
            (cx, cy)
        })
        .collect();
    assert_eq!(extents.len(), 2, "{xml}");
    assert_eq!(extents[0].0, server::report::docx::TEXT_WIDTH_EMU);
    // Aspect kept (to the EMU, rounded down); the tall one at the height allowed.
    assert_eq!(extents[0].1, extents[0].0 * 40 / 60);
    assert_eq!(extents[1].1, server::report::docx::MAX_PICTURE_HEIGHT_EMU);
    assert_eq!(extents[1].0, extents[1].1 * 40 / 60);

    // An old client's body (title and text) still makes a file, without pictures.
    let old = post(&p, &admin.token, json!({"title": "总结", "body": "正文"})).await;
    assert_eq!(old.status, 200, "{}", old.text());
    assert!(!names(&parts(&old))
        .iter()
        .any(|n| n.starts_with("word/media/") && !n.ends_with('/')));
}

#[tokio::test]
async fn a_picked_photo_the_account_may_not_read_refuses_the_file() {
    let p = PhotoApp::new().await;
    p.app.add_user("hewan", Role::Cadre, DEMO_HEWAN).await;
    p.app.add_user("county", Role::Viewer, DEMO_HEWAN).await;
    let admin = p.app.login(ADMIN, device(1)).await;
    let (own, sibling, screening, thumb) = (
        png(30, 20, 1),
        png(30, 20, 2),
        png(30, 20, 3),
        png(10, 10, 4),
    );
    for bytes in [&own, &sibling, &screening, &thumb] {
        assert_eq!(p.upload(&admin.token, bytes, 4000).await.status, 200);
    }
    let never_uploaded = png(30, 20, 5);
    let mut sensitive = entry(3, DEMO_HEWAN, vec![reference(&screening, &thumb, (30, 20))]);
    sensitive.kind = "high_risk_screening".into();
    sensitive.counts = [("times".into(), 1), ("households".into(), 3)].into();
    let res = p
        .app
        .push_changes(
            &admin,
            vec![
                create(
                    1,
                    entry(1, DEMO_HEWAN, vec![reference(&own, &thumb, (30, 20))]),
                ),
                create(
                    2,
                    entry(
                        2,
                        DEMO_XIAOJING,
                        vec![reference(&sibling, &thumb, (30, 20))],
                    ),
                ),
                create(3, sensitive),
                create(
                    4,
                    entry(
                        4,
                        DEMO_HEWAN,
                        vec![reference(&never_uploaded, &thumb, (30, 20))],
                    ),
                ),
            ],
        )
        .await;
    for i in 0..4 {
        common::applied(&res, i);
    }
    let cadre = p.app.login("hewan", device(2)).await.token;
    let viewer = p.app.login("county", device(3)).await.token;
    let pick = |photos: &[&[u8]]| {
        summary(Value::Array(
            photos.iter().map(|b| json!({"sha256": sha(b)})).collect(),
        ))
    };

    // Her own organisation's photo: fine.
    assert_eq!(post(&p, &cadre, pick(&[&own])).await.status, 200);
    let cases: [(&str, &[&[u8]], &str); 4] = [
        (cadre.as_str(), &[&own, &sibling], "第2张"),
        (viewer.as_str(), &[&screening], "第1张"),
        (cadre.as_str(), &[&png(30, 20, 9)], "第1张"),
        (viewer.as_str(), &[&own, &own, &sibling], "第3张"),
    ];
    for (token, photos, number) in cases {
        let reply = post(&p, token, pick(photos)).await;
        assert_eq!(reply.status, 403, "{}", reply.text());
        assert_eq!(common::error_code(&reply), "photo_forbidden");
        assert!(
            reply.json()["error"]["message_zh"]
                .as_str()
                .unwrap()
                .contains(number),
            "{}",
            reply.text()
        );
    }
    // Listed by an entry she may read, but not on the server yet.
    let reply = post(&p, &cadre, pick(&[&never_uploaded])).await;
    assert_eq!(reply.status, 409, "{}", reply.text());
    assert_eq!(common::error_code(&reply), "photo_not_received");
    // Not a hash at all: the request itself is wrong.
    let reply = post(
        &p,
        &admin.token,
        summary(json!([{"sha256": "../../etc/passwd"}])),
    )
    .await;
    assert_eq!(reply.status, 422, "{}", reply.text());
    assert_eq!(common::error_code(&reply), "invalid_summary");
}
