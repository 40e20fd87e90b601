//! The real server answers exactly as the shared reference, `ServerModel`.
//!
//! Three phones (each an admin session, so scope — which the model does not
//! have — allows everything) make a pseudo-random sequence of changes:
//! creates (some of ids already held, with the same or other content),
//! edits of title, place and note (and now and then a date in the far future,
//! an empty title or a field named twice) from the current or an older
//! version (stale ones conflict), deletes and undos, settlements of existing
//! and unknown conflicts, edits of entries nobody holds. They push in
//! batches that sometimes resend taken changes, skip a number, or lose the
//! answer. Every push goes to both servers and the answers must be equal;
//! pulls with random cursors and page sizes along the way, and at the end a
//! full pull from each phone and every stored entry with its field stamps,
//! must be equal too.
//!
//! Deterministic: a small xorshift generator with fixed seeds. Steps per seed:
//! `JINGUO_MODEL_STEPS` (default 150).
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

mod common;
#[path = "model_agreement/maker.rs"]
mod maker;

use common::{device, TestApp};
use maker::Maker;
use shared::api::PULL_PATH;
use shared::date::CHINA_UTC_OFFSET_MINUTES;
use shared::entry::EntryField;
use shared::sync::model::{ServerModel, Taken};
use shared::sync::protocol::{
    Change, ChangeOp, Outcome, PullPage, PushRequest, PushResponse, RejectReason,
};
use shared::LocalDate;
use std::collections::BTreeSet;
use std::fmt::Write as _;
use uuid::Uuid;

/// A phone: its session and every change it ever made (seq = index + 1).
struct Phone {
    id: Uuid,
    token: String,
    made: Vec<Change>,
    /// The last number it knows the server took.
    acked: u64,
}

struct Run {
    seed: u64,
    app: TestApp,
    model: ServerModel,
    phones: Vec<Phone>,
    maker: Maker,
    /// What happened so far, to print when the two disagree.
    log: String,
}

impl Run {
    async fn new(seed: u64) -> Self {
        let app = TestApp::new().await;
        let today = LocalDate::from_unix_ms(server::now_ms(), CHINA_UTC_OFFSET_MINUTES);
        let mut phones = Vec::new();
        for n in 1..=3 {
            let id = device(n);
            let token = app.admin_token(id).await;
            phones.push(Phone {
                id,
                token,
                made: Vec::new(),
                acked: 0,
            });
        }
        Run {
            seed,
            app,
            model: ServerModel::new(today),
            phones,
            maker: Maker::new(seed, today),
            log: String::new(),
        }
    }

    fn fail(&self, what: &str) -> ! {
        panic!(
            "seed {}: {what}\n--- what happened ---\n{}",
            self.seed, self.log
        )
    }

    async fn push(&mut self, phone: usize) {
        let (made, acked) = (
            self.phones[phone].made.len() as u64,
            self.phones[phone].acked,
        );
        let from = match self.maker.rng.below(20) {
            0..=3 => acked.saturating_sub(self.maker.rng.below(3)).max(1),
            4 => acked + 2,
            _ => acked + 1,
        };
        let to = (from + self.maker.rng.below(4)).min(made);
        let changes: Vec<Change> = (from..=to)
            .filter_map(|seq| self.phones[phone].made.get(seq as usize - 1).cloned())
            .collect();
        let req = PushRequest {
            device_id: self.phones[phone].id,
            changes,
        };
        let reply = self.app.push_as(&self.phones[phone].token, &req).await;
        let expected = self.model.push(&req).unwrap();
        let _ = writeln!(
            self.log,
            "push phone {phone}: {}",
            serde_json::to_string(&req).unwrap()
        );
        if reply.status != 200 {
            self.fail(&format!("push answered {}: {}", reply.status, reply.text()));
        }
        let got: PushResponse = serde_json::from_slice(&reply.body).unwrap();
        let _ = writeln!(self.log, "  → {}", serde_json::to_string(&got).unwrap());
        if got != expected {
            self.fail(&format!(
                "receipts differ\n server: {got:?}\n  model: {expected:?}"
            ));
        }
        // Now and then the answer is lost: the phone does not learn of it.
        if !self.maker.rng.chance(15) {
            self.phones[phone].acked = got.last_applied;
        }
    }

    async fn pull(&self, phone: usize, after: u64, limit: u32) -> PullPage {
        let uri = format!("{PULL_PATH}?after={after}&limit={limit}");
        let reply = self.app.get_as(&self.phones[phone].token, &uri).await;
        if reply.status != 200 {
            self.fail(&format!("pull answered {}: {}", reply.status, reply.text()));
        }
        let mut got: PullPage = serde_json::from_slice(&reply.body).unwrap();
        let mut expected = self
            .model
            .pull(self.phones[phone].id, after, limit as usize, 0);
        got.server_ms = 0;
        expected.server_ms = 0;
        if got != expected {
            self.fail(&format!(
                "pull of phone {phone} after {after} limit {limit} differs\n server: {got:?}\n  model: {expected:?}"
            ));
        }
        got
    }

    /// Every page from the start, `limit` entries each.
    async fn pull_all(&self, phone: usize, limit: u32) -> Vec<PullPage> {
        let mut pages = Vec::new();
        let mut after = 0;
        loop {
            let page = self.pull(phone, after, limit).await;
            let more = page.more;
            assert!(page.upto >= after, "the cursor never goes back");
            after = page.upto;
            pages.push(page);
            if !more {
                return pages;
            }
        }
    }

    /// Every entry the model holds is stored with the same content, version,
    /// create stamp and field stamps.
    async fn compare_held(&self) {
        let mut conn = self.app.db.pool().acquire().await.unwrap();
        for (id, want) in &self.model.entries {
            let got = server::db::stamped::find(&mut conn, *id).await.unwrap();
            if got.as_ref() != Some(want) {
                self.fail(&format!(
                    "entry {id} differs\n server: {got:?}\n  model: {want:?}"
                ));
            }
        }
        let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM entries")
            .fetch_one(&mut *conn)
            .await
            .unwrap();
        assert_eq!(stored as usize, self.model.entries.len());
    }
}

async fn agree(seed: u64) {
    let steps: usize = std::env::var("JINGUO_MODEL_STEPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(150);
    let mut run = Run::new(seed).await;
    for _ in 0..steps {
        let phone = run.maker.rng.below(3) as usize;
        if run.maker.rng.chance(70) {
            for _ in 0..=run.maker.rng.below(3) {
                let seq = run.phones[phone].made.len() as u64 + 1;
                let change = run.maker.change(&run.model, phone, seq);
                run.phones[phone].made.push(change);
            }
        }
        run.push(phone).await;
        if run.maker.rng.chance(15) {
            let after = run.maker.rng.below(run.model.latest() + 3);
            let limit = 1 + run.maker.rng.below(8) as u32;
            let phone = run.maker.rng.below(3) as usize;
            run.pull(phone, after, limit).await;
        }
    }
    // Everyone sends what is left.
    for phone in 0..3 {
        while run.phones[phone].acked < run.phones[phone].made.len() as u64 {
            run.push(phone).await;
        }
    }
    run.compare_held().await;
    let conflicts = run.model.conflicts.len();
    let resolved = run
        .model
        .conflicts
        .values()
        .filter(|c| c.resolved_by.is_some())
        .count();
    for phone in 0..3 {
        let pages = run.pull_all(phone, 7).await;
        let entries: usize = pages.iter().map(|p| p.entries.len()).sum();
        assert_eq!(entries, run.model.entries.len(), "each entry once");
        let pulled: usize = pages.iter().map(|p| p.conflicts.len()).sum();
        assert_eq!(pulled, conflicts, "each conflict once");
    }
    // The sequence did what it is for: every kind of outcome happened.
    assert!(run.model.entries.len() > 10, "{seed}");
    assert!(
        conflicts > 0 && resolved > 0,
        "seed {seed}: {conflicts} {resolved}"
    );
    let fields: BTreeSet<EntryField> = run.model.conflicts.keys().map(|k| k.field).collect();
    assert!(
        fields.contains(&EntryField::Title) && fields.contains(&EntryField::Deleted),
        "seed {seed}: conflicts on content and on deletes: {fields:?}"
    );
    let kinds: BTreeSet<&str> = run.model.log.iter().map(outcome_kind).collect();
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        [
            "already held",
            "created",
            "edited",
            "id taken",
            "invalid",
            "no such conflict",
            "not found",
            "resolved"
        ],
        "seed {seed}"
    );
}

/// What became of a change the model took, in a word or three.
fn outcome_kind(taken: &Taken) -> &'static str {
    match (&taken.outcome, &taken.change.op) {
        (Outcome::Applied { change_no }, _) if *change_no != taken.change_no => "already held",
        (Outcome::Applied { .. }, ChangeOp::Create { .. }) => "created",
        (Outcome::Applied { .. }, ChangeOp::Update { .. }) => "edited",
        (Outcome::Applied { .. }, ChangeOp::Resolve { .. }) => "resolved",
        (Outcome::Applied { .. }, ChangeOp::Restore { .. }) => "restored",
        (Outcome::Rejected { reason }, _) => match reason {
            RejectReason::Invalid { .. } => "invalid",
            RejectReason::IdTaken => "id taken",
            RejectReason::NotPermitted { .. } => "not permitted",
            RejectReason::NotFound => "not found",
            RejectReason::NoSuchConflict => "no such conflict",
            RejectReason::Unknown => "refused for an unknown reason",
        },
    }
}

#[tokio::test]
async fn agrees_with_the_model_seed_1() {
    agree(1).await;
}

#[tokio::test]
async fn agrees_with_the_model_seed_2() {
    agree(0x5EED_0002).await;
}

#[tokio::test]
async fn agrees_with_the_model_seed_3() {
    agree(20_261_129).await;
}

#[tokio::test]
async fn agrees_with_the_model_seed_4() {
    agree(0xC0FF_EE00_D00D).await;
}
