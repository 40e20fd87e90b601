//! The sync protocol over HTTP: exactly-once pushes and the listing.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;

use common::{create, creates, device, TestApp};
use shared::api::{ENTRIES_PATH, PUSH_PATH};
use shared::catalogue::MAX_PEOPLE;
use shared::fixtures::sample_entry;
use shared::sync::protocol::{EntryPage, Outcome, PushRequest, PushResponse, RejectReason};
use shared::validate::{Field, ValidationError};

fn response(reply: &common::Reply) -> PushResponse {
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    serde_json::from_slice(&reply.body).unwrap()
}

fn applied_no(outcome: &Outcome) -> u64 {
    match outcome {
        Outcome::Applied { change_no } => *change_no,
        other => panic!("not applied: {other:?}"),
    }
}

async fn page(app: &TestApp, query: &str) -> EntryPage {
    let reply = app.get_admin(&format!("{ENTRIES_PATH}{query}")).await;
    assert_eq!(
        reply.status,
        200,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    serde_json::from_slice(&reply.body).unwrap()
}

/// Every entry the admin's listing gives, page after page.
async fn pages(app: &TestApp) -> Vec<shared::sync::protocol::ServerEntry> {
    let mut out = Vec::new();
    let mut query = String::new();
    loop {
        let p = page(app, &query).await;
        out.extend(p.entries);
        match p.next_after {
            Some(after) => query = format!("?after={after}"),
            None => return out,
        }
    }
}

#[tokio::test]
async fn three_creates_are_applied_in_order_and_listed() {
    let app = TestApp::new().await;
    let res = response(&app.push(&creates(device(1), 1..=3)).await);
    assert_eq!(res.last_applied, 3);
    assert_eq!(res.expected_seq, None);
    let seqs: Vec<u64> = res.receipts.iter().map(|r| r.seq).collect();
    assert_eq!(seqs, [1, 2, 3]);
    let nos: Vec<u64> = res
        .receipts
        .iter()
        .map(|r| applied_no(&r.outcome))
        .collect();
    assert!(nos.windows(2).all(|w| w[0] < w[1]), "{nos:?}");

    let listed = page(&app, "").await;
    assert_eq!(listed.entries.len(), 3);
    assert_eq!(listed.next_after, None);
    for (i, e) in listed.entries.iter().enumerate() {
        assert_eq!(e.entry, sample_entry(i as u32 + 1));
        assert_eq!(e.change_no, nos[i]);
        assert_eq!(e.device_id, device(1));
    }
}

#[tokio::test]
async fn a_retried_batch_gets_the_identical_answer_and_stores_nothing() {
    let app = TestApp::new().await;
    let batch = creates(device(1), 1..=3);
    let first = app.push(&batch).await;
    let second = app.push(&batch).await;
    assert_eq!(second.status, 200);
    assert_eq!(first.body, second.body, "byte-identical");
    assert_eq!(app.counts().await, (3, 3, 1));
}

#[tokio::test]
async fn an_overlapping_batch_replays_the_old_and_applies_the_new() {
    let app = TestApp::new().await;
    let first = response(&app.push(&creates(device(1), 1..=3)).await);
    let second = response(&app.push(&creates(device(1), 2..=5)).await);
    assert_eq!(second.receipts.len(), 4);
    assert_eq!(second.receipts[0], first.receipts[1]);
    assert_eq!(second.receipts[1], first.receipts[2]);
    let third_no = applied_no(&first.receipts[2].outcome);
    assert!(applied_no(&second.receipts[2].outcome) > third_no);
    assert_eq!(second.last_applied, 5);
    assert_eq!(app.counts().await, (5, 5, 1));
}

#[tokio::test]
async fn a_rejected_change_does_not_block_the_ones_behind_it() {
    let app = TestApp::new().await;
    let mut batch = creates(device(1), 1..=4);
    let mut bad = sample_entry(2);
    bad.title = " ".into();
    bad.counts.insert("beneficiaries".into(), MAX_PEOPLE + 1); // a visit's
    batch.changes[1] = create(2, bad);
    let res = response(&app.push(&batch).await);
    assert_eq!(res.last_applied, 4);
    assert_eq!(
        res.receipts[1].outcome,
        Outcome::Rejected {
            reason: RejectReason::Invalid {
                errors: vec![
                    ValidationError::Required {
                        field: Field::Title
                    },
                    ValidationError::CountTooLarge {
                        key: "beneficiaries".into(),
                        max: MAX_PEOPLE
                    },
                ]
            }
        }
    );
    for i in [0, 2, 3] {
        applied_no(&res.receipts[i].outcome);
    }
    assert_eq!(app.counts().await, (3, 4, 1));
    // And its rejection is replayed identically, reason included.
    let again = app.push(&batch).await;
    assert_eq!(again.body, app.push(&batch).await.body);
    assert_eq!(response(&again), res);
}

#[tokio::test]
async fn a_gap_takes_nothing_and_names_the_expected_number() {
    let app = TestApp::new().await;
    response(&app.push(&creates(device(1), 1..=2)).await);
    let res = response(&app.push(&creates(device(1), 5..=6)).await);
    assert!(res.receipts.is_empty());
    assert_eq!(res.last_applied, 2);
    assert_eq!(res.expected_seq, Some(3));
    assert_eq!(app.counts().await, (2, 2, 1));
    // The JSON leaves `expected_seq` out when there is no gap.
    let ok = app.push(&creates(device(1), 3..=3)).await;
    assert!(!String::from_utf8_lossy(&ok.body).contains("expected_seq"));
}

#[tokio::test]
async fn the_same_entry_id_from_another_device() {
    let app = TestApp::new().await;
    let original = response(&app.push(&creates(device(1), 1..=1)).await);
    let original_no = applied_no(&original.receipts[0].outcome);

    // Other content under a taken id: refused for good.
    let mut other = sample_entry(1);
    other.title = "另一个活动".into();
    let mut batch = creates(device(2), 1..=1);
    batch.changes[0] = create(1, other);
    let res = response(&app.push(&batch).await);
    assert_eq!(
        res.receipts[0].outcome,
        Outcome::Rejected {
            reason: RejectReason::IdTaken
        }
    );

    // The very same entry (a re-imported export): applied, with the original's number.
    let res = response(
        &app.push(&creates(device(2), 2..=2).with_entry(sample_entry(1)))
            .await,
    );
    assert_eq!(applied_no(&res.receipts[0].outcome), original_no);
    assert_eq!(res.last_applied, 2);
    // ... and so on a retry too.
    let res = response(
        &app.push(&creates(device(2), 2..=2).with_entry(sample_entry(1)))
            .await,
    );
    assert_eq!(applied_no(&res.receipts[0].outcome), original_no);
    assert_eq!(app.counts().await.0, 1);
}

/// Replaces the entry of a one-change batch.
trait WithEntry {
    fn with_entry(self, entry: shared::Entry) -> Self;
}

impl WithEntry for PushRequest {
    fn with_entry(mut self, entry: shared::Entry) -> Self {
        let seq = self.changes[0].seq;
        self.changes[0] = create(seq, entry);
        self
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_identical_pushes_at_once_store_one_copy() {
    let app = TestApp::new().await;
    let batch = creates(device(7), 1..=50);
    for _ in 0..3 {
        let (a, b) = tokio::join!(app.push(&batch), app.push(&batch));
        assert_eq!(a.status, 200, "{}", String::from_utf8_lossy(&a.body));
        assert_eq!(b.status, 200, "{}", String::from_utf8_lossy(&b.body));
        assert_eq!(a.body, b.body);
    }
    assert_eq!(app.counts().await, (50, 50, 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pushes_from_many_devices_at_once_all_land() {
    let app = TestApp::new().await;
    let batches: Vec<_> = (0..6u128)
        .map(|d| {
            let mut b = creates(device(100 + d), 1..=10);
            for (i, c) in b.changes.iter_mut().enumerate() {
                *c = create(c.seq, sample_entry(1000 + (d as u32) * 100 + i as u32));
            }
            b
        })
        .collect();
    let replies = push_all_at_once(&app, &batches).await;
    for r in &replies {
        assert_eq!(r.status, 200, "{}", String::from_utf8_lossy(&r.body));
    }
    assert_eq!(app.counts().await, (60, 60, 6));
    // Receipt numbers are unique across devices.
    let mut nos: Vec<u64> = page(&app, "")
        .await
        .entries
        .iter()
        .map(|e| e.change_no)
        .collect();
    nos.dedup();
    assert_eq!(nos.len(), 60);
}

async fn push_all_at_once(app: &TestApp, batches: &[PushRequest]) -> Vec<common::Reply> {
    let mut set = tokio::task::JoinSet::new();
    for b in batches {
        let token = app.admin_token(b.device_id).await;
        let req = common::post_request(PUSH_PATH, serde_json::to_vec(b).unwrap());
        set.spawn(common::call(
            app.router.clone(),
            common::with_token(req, &token),
        ));
    }
    let mut out = Vec::new();
    while let Some(r) = set.join_next().await {
        out.push(r.unwrap());
    }
    out
}

#[tokio::test]
async fn listing_pages_through_change_numbers() {
    let app = TestApp::new().await;
    response(&app.push(&creates(device(1), 1..=5)).await);
    let first = page(&app, "?limit=2").await;
    assert_eq!(first.entries.len(), 2);
    let after = first.next_after.unwrap();
    assert_eq!(after, first.entries[1].change_no);
    let second = page(&app, &format!("?after={after}&limit=2")).await;
    let third = page(
        &app,
        &format!("?after={}&limit=2", second.next_after.unwrap()),
    )
    .await;
    assert_eq!(third.entries.len(), 1);
    assert_eq!(third.next_after, None);
    let all: Vec<_> = [first, second, third]
        .into_iter()
        .flat_map(|p| p.entries)
        .map(|e| e.entry)
        .collect();
    assert_eq!(all, (1..=5).map(sample_entry).collect::<Vec<_>>());
    // limit 0 is treated as 1 so a pull never stalls on an empty "full" page.
    assert_eq!(page(&app, "?limit=0").await.entries.len(), 1);
}

#[tokio::test]
async fn demo_data_loads_once_however_often() {
    let app = TestApp::new().await;
    let first = server::demo::load(&app.db, server::now_ms()).await.unwrap();
    let again = server::demo::load(&app.db, server::now_ms()).await.unwrap();
    assert_eq!(first, again);
    let year = shared::demo_year::demo_year_entries();
    let n = year.len() as i64;
    assert!(
        n > shared::sync::protocol::MAX_BATCH as i64,
        "pushed in batches"
    );
    assert_eq!(first.last_applied, n as u64);
    assert_eq!(first.receipts.len(), year.len());
    assert_eq!(app.counts().await, (n, n, 1));
    // Recorded, as the app shows it, by the organisation's demo cadre where
    // there is one (the admin's demo device pushed them all).
    let listed = pages(&app).await;
    assert_eq!(listed.len(), year.len());
    for e in listed {
        let by = match e.entry.org_id {
            shared::fixtures::DEMO_HEWAN => "hewan",
            shared::fixtures::DEMO_XIAOJING => "xiaojing",
            _ => "admin",
        };
        assert_eq!(e.recorded_by, by, "{:?}", e.entry.title);
    }
}

#[tokio::test]
async fn entries_from_before_organisations_are_for_admins_and_demo_ones_are_adopted() {
    let app = TestApp::new().await;
    server::demo::load(&app.db, server::now_ms()).await.unwrap();
    // As a database from before accounts holds them: no organisation.
    sqlx::query("UPDATE entries SET org_id = NULL")
        .execute(app.db.pool())
        .await
        .unwrap();
    let admin_sees = pages(&app).await;
    let year = shared::demo_year::demo_year_entries();
    assert_eq!(admin_sees.len(), year.len());
    assert!(admin_sees
        .iter()
        .all(|e| e.entry.org_id == uuid::Uuid::nil()));
    app.add_user(
        "cadre",
        shared::access::Role::Cadre,
        shared::fixtures::DEMO_HEWAN,
    )
    .await;
    let cadre = app.login("cadre", device(9)).await;
    let seen = |reply: common::Reply| -> usize {
        serde_json::from_slice::<EntryPage>(&reply.body)
            .unwrap()
            .entries
            .len()
    };
    assert_eq!(seen(app.get_as(&cadre.token, ENTRIES_PATH).await), 0);

    // The demo's own entries get their organisations back on the next start.
    server::demo::load(&app.db, server::now_ms()).await.unwrap();
    assert_eq!(pages(&app).await, {
        let mut again = admin_sees.clone();
        for (e, entry) in again.iter_mut().zip(&year) {
            e.entry = entry.clone();
        }
        again
    });
    let hewan = year
        .iter()
        .filter(|e| {
            [
                shared::fixtures::DEMO_HEWAN,
                shared::fixtures::DEMO_HEWAN_GRID,
                shared::fixtures::DEMO_HEWAN_DANCE,
                shared::fixtures::DEMO_HEWAN_JIANZI,
            ]
            .contains(&e.org_id)
        })
        .count();
    assert_eq!(
        seen(
            app.get_as(&cadre.token, &format!("{ENTRIES_PATH}?limit=1000"))
                .await
        ),
        hewan,
        "河湾's share, its women's groups included"
    );
}
