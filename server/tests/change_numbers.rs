//! Change numbers and merges under concurrent writers, as several server
//! processes on one PostgreSQL would produce them (here: many requests at
//! once through one router, on as many pool connections): the receipt
//! numbers are 1..=N without a gap or a repeat, a device pulling meanwhile
//! never steps over a number that commits later, and edits of different
//! fields of one entry made at the same moment all keep their field.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use common::{call, create, device, edit, post_request, with_token, TestApp};
use shared::api::PUSH_PATH;
use shared::entry::EntryField;
use shared::fixtures::sample_entry;
use shared::sync::protocol::{Outcome, PullPage, PushRequest, PushResponse};
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tokio::task::JoinSet;
use uuid::Uuid;

const DEVICES: u128 = 8;
const BATCHES: u64 = 4;
const PER_BATCH: u64 = 5;

/// Pushes `req` with `token` through a clone of the router.
async fn push(app: &TestApp, token: &str, req: &PushRequest) -> PushResponse {
    let reply = call(
        app.router.clone(),
        with_token(
            post_request(PUSH_PATH, serde_json::to_vec(req).unwrap()),
            token,
        ),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    serde_json::from_slice(&reply.body).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn numbers_have_no_gap_and_a_pull_meanwhile_misses_nothing() {
    let app = Arc::new(TestApp::new().await);
    let reader = app.login(common::ADMIN, Uuid::from_u128(0xbeef)).await;
    let mut tokens = Vec::new();
    for d in 0..DEVICES {
        tokens.push(app.admin_token(device(d)).await);
    }

    // Each device pushes its batches one after another; the devices at once.
    let mut pushers = JoinSet::new();
    for (d, token) in (0..DEVICES).zip(tokens) {
        let app = app.clone();
        pushers.spawn(async move {
            let mut numbers = Vec::new();
            for b in 0..BATCHES {
                let seqs = b * PER_BATCH + 1..=(b + 1) * PER_BATCH;
                let changes = seqs
                    .map(|seq| {
                        let n = (d as u64 * 1000 + seq) as u32;
                        create(seq, sample_entry(n))
                    })
                    .collect();
                let req = PushRequest {
                    device_id: device(d),
                    changes,
                };
                for r in push(&app, &token, &req).await.receipts {
                    match r.outcome {
                        Outcome::Applied { change_no } => numbers.push(change_no),
                        other => panic!("{other:?}"),
                    }
                }
            }
            numbers
        });
    }

    // A phone pulls all the while, moving its cursor as the server says,
    // until the pushes are over and it has caught up.
    let pushes_done = Arc::new(AtomicBool::new(false));
    let puller = {
        let (app, pushes_done) = (app.clone(), pushes_done.clone());
        tokio::spawn(async move {
            let (mut cursor, mut seen) = (0u64, BTreeSet::new());
            loop {
                let done = pushes_done.load(Ordering::SeqCst);
                let page: PullPage = app.pull(&reader, cursor, 7).await;
                for e in &page.entries {
                    assert!(e.version > cursor, "{} after cursor {cursor}", e.version);
                    seen.insert(e.entry.id);
                }
                cursor = page.upto;
                if done && !page.more {
                    return (cursor, seen);
                }
                tokio::task::yield_now().await;
            }
        })
    };

    let mut numbers = Vec::new();
    while let Some(done) = pushers.join_next().await {
        numbers.extend(done.unwrap());
    }
    pushes_done.store(true, Ordering::SeqCst);
    numbers.sort_unstable();
    let total = DEVICES as u64 * BATCHES * PER_BATCH;
    assert_eq!(numbers, (1..=total).collect::<Vec<_>>());

    // Had its cursor stepped over a number that committed after it, the
    // phone would lack that entry now.
    let (cursor, seen) = puller.await.unwrap();
    assert_eq!(cursor, total);
    assert_eq!(seen.len() as u64, total);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn edits_of_different_fields_at_the_same_moment_all_keep_their_field() {
    let app = Arc::new(TestApp::new().await);
    let fields = [EntryField::Title, EntryField::Place, EntryField::Note];
    let mut tokens = Vec::new();
    for d in 0..=fields.len() as u128 {
        tokens.push(app.admin_token(device(d)).await);
    }
    for round in 0..6u32 {
        let original = sample_entry(round);
        let created = push(
            &app,
            &tokens[0],
            &PushRequest {
                device_id: device(0),
                changes: vec![create(u64::from(round) + 1, original.clone())],
            },
        )
        .await;
        let base = common::applied(&created, 0);

        // Each device edits its own field from the same version, all at once.
        let mut editors = JoinSet::new();
        for (i, field) in fields.iter().enumerate() {
            let mut changed = original.clone();
            let text = format!("第{round}轮 设备{i}");
            match field {
                EntryField::Title => changed.title = text,
                EntryField::Place => changed.place = text,
                _ => changed.note = text,
            }
            let req = PushRequest {
                device_id: device(i as u128 + 1),
                changes: vec![edit(u64::from(round) + 1, changed, &[*field], Some(base))],
            };
            let (app, token) = (app.clone(), tokens[i + 1].clone());
            editors.spawn(async move { push(&app, &token, &req).await });
        }
        while let Some(done) = editors.join_next().await {
            let res = done.unwrap();
            assert!(
                matches!(res.receipts[0].outcome, Outcome::Applied { .. }),
                "{res:?}"
            );
        }

        let reader = app.login(common::ADMIN, device(99)).await;
        let page = app.pull(&reader, 0, 1000).await;
        let held = page
            .entries
            .iter()
            .find(|e| e.entry.id == original.id)
            .unwrap();
        assert_eq!(held.entry.title, format!("第{round}轮 设备0"));
        assert_eq!(held.entry.place, format!("第{round}轮 设备1"));
        assert_eq!(held.entry.note, format!("第{round}轮 设备2"));
        assert!(page.conflicts.is_empty(), "{:?}", page.conflicts);
    }
}
