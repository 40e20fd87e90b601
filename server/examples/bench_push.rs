//! Benchmark of pushes (issue 14), on SQLite or PostgreSQL: one device's
//! ingestion (its entries in batches of 200, one request after the other) and
//! 200 devices pushing 20 entries each at the same moment (the latency of each
//! request: p50, p95, p99; and how many failed or were not applied).
//!
//! ```sh
//! cargo run --profile server -p server --example bench_push -- [--db URL] [--entries N] [--devices D] [--per-device K]
//! ```
//! Without `--db` a fresh SQLite file; a PostgreSQL URL must name an empty
//! database (`scripts/postgres.sh` gives one). Requests go to the app in this
//! process (`tower::ServiceExt::oneshot`, as the server tests send them), so
//! the figures are the server's and the database's, without TCP or TLS. The
//! pool has the 8 connections `server serve` opens. Not a test: it prints
//! figures; it fails only when it cannot measure.

use axum::body::Body;
use axum::http::{header, Request};
use http_body_util::BodyExt;
use server::assets::Assets;
use server::db::Db;
use server::{app, AppState};
use shared::access::Role;
use shared::account::UserInfo;
use shared::api::PUSH_PATH;
use shared::fixtures::{demo_orgs, sample_entry, DEMO_ROOT};
use shared::sync::protocol::{Change, ChangeOp, Outcome, PushRequest, PushResponse, MAX_BATCH};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower::ServiceExt;
use uuid::Uuid;

/// As `server serve` opens.
const POOL_SIZE: u32 = 8;

type Fail = Box<dyn std::error::Error + Send + Sync>;

struct Args {
    db: Option<String>,
    entries: u32,
    devices: u32,
    per_device: u32,
}

fn args() -> Result<Args, String> {
    let mut out = Args {
        db: None,
        entries: 20_000,
        devices: 200,
        per_device: 20,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} needs a value"))?;
        let n = || value.parse::<u32>().map_err(|e| format!("{flag}: {e}"));
        match flag.as_str() {
            "--db" => out.db = Some(value.clone()),
            "--entries" => out.entries = n()?,
            "--devices" => out.devices = n()?,
            "--per-device" => out.per_device = n()?.clamp(1, MAX_BATCH as u32),
            other => return Err(format!("unknown flag {other}")),
        }
    }
    Ok(out)
}

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench_push: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Fail> {
    let args = args()?;
    let dir = tempfile::tempdir()?;
    let url = match &args.db {
        Some(url) => url.clone(),
        None => format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("bench.sqlite3").display()
        ),
    };
    let db = Db::connect(&url, POOL_SIZE).await?;
    db.migrate().await?;
    for org in demo_orgs() {
        server::db::orgs::insert(db.pool(), &org, 0).await?;
    }
    let user = UserInfo {
        id: Uuid::now_v7(),
        username: "bench-admin".into(),
        display_name: "bench-admin".into(),
        role: Role::Admin,
        org_id: DEMO_ROOT,
        disabled: false,
    };
    // Sessions are written straight to the database: signing 200 devices in
    // would measure argon2, not pushes.
    server::db::users::insert(db.pool(), &user, "unused", 0).await?;
    let router = app(AppState::new(db.clone(), Arc::new(Assets::empty())));
    println!(
        "Push benchmark on {:?} ({POOL_SIZE} connections, requests in process)",
        db.backend()
    );

    // One device's ingestion.
    let one = device(&db, &user, 0).await?;
    let started = Instant::now();
    let mut seq = 0u64;
    let mut n = 0u32;
    while n < args.entries {
        let take = (args.entries - n).min(MAX_BATCH as u32);
        let changes = (n..n + take)
            .map(|i| {
                seq += 1;
                create(seq, i)
            })
            .collect();
        let (_, failed) = push(&router, &one, changes).await?;
        if failed > 0 {
            return Err(format!("ingestion: {failed} changes not applied").into());
        }
        n += take;
    }
    let took = started.elapsed().as_secs_f64();
    println!(
        "  ingestion, one device, batches of {MAX_BATCH}: {} entries in {took:.1} s = {:.0} entries/s",
        args.entries,
        f64::from(args.entries) / took.max(1e-9)
    );

    // Many devices at once: every request is made first, then all are let go.
    let mut phones = Vec::new();
    for d in 0..args.devices {
        phones.push(device(&db, &user, u128::from(d) + 1).await?);
    }
    let gate = Arc::new(tokio::sync::Barrier::new(phones.len()));
    let mut tasks = Vec::new();
    for (d, phone) in phones.into_iter().enumerate() {
        let first = args.entries + d as u32 * args.per_device;
        let changes: Vec<Change> = (0..args.per_device)
            .map(|k| create(u64::from(k) + 1, first + k))
            .collect();
        let (router, gate) = (router.clone(), gate.clone());
        tasks.push(tokio::spawn(async move {
            gate.wait().await;
            let t = Instant::now();
            let answer = push(&router, &phone, changes).await;
            (t.elapsed(), answer)
        }));
    }
    let started = Instant::now();
    let (mut times, mut errors, mut refused) = (Vec::new(), 0, 0);
    for task in tasks {
        let (took, answer) = task.await?;
        times.push(ms(took));
        match answer {
            Ok((_, failed)) => refused += failed,
            Err(e) => {
                errors += 1;
                eprintln!("  a push failed: {e}");
            }
        }
    }
    let wall = started.elapsed().as_secs_f64();
    times.sort_by(f64::total_cmp);
    println!(
        "  {} devices x {} entries at once: p50 {:.0} ms, p95 {:.0} ms, p99 {:.0} ms, max {:.0} ms; \
         all done in {wall:.1} s; {errors} requests failed, {refused} changes not applied",
        args.devices,
        args.per_device,
        percentile(&times, 50.0),
        percentile(&times, 95.0),
        percentile(&times, 99.0),
        times.last().copied().unwrap_or(f64::NAN),
    );
    db.close().await;
    Ok(())
}

/// A device registered to `user` and a session token on it.
async fn device(db: &Db, user: &UserInfo, n: u128) -> Result<(Uuid, String), Fail> {
    let id = Uuid::from_u128(0xbe7c_0000 + n);
    let now = server::now_ms();
    server::db::devices::register(db, id, user.id, "bench", now).await?;
    let token = server::auth::token::new_token()?;
    server::db::sessions::insert(db, &token.hash, user.id, id, now, now + 86_400_000).await?;
    Ok((id, token.token))
}

/// The create of sample entry `n` (its own id) as change `seq`.
fn create(seq: u64, n: u32) -> Change {
    Change {
        seq,
        op: ChangeOp::Create {
            entry: sample_entry(n),
        },
        catalogue_version: None,
    }
}

/// Pushes `changes` from `phone`; the answer and how many were not applied.
async fn push(
    router: &axum::Router,
    (device_id, token): &(Uuid, String),
    changes: Vec<Change>,
) -> Result<(PushResponse, usize), Fail> {
    let sent = changes.len();
    let body = serde_json::to_vec(&PushRequest {
        device_id: *device_id,
        changes,
    })?;
    let req = Request::post(PUSH_PATH)
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::from(body))?;
    let res = router.clone().oneshot(req).await?;
    let status = res.status();
    let bytes = res.into_body().collect().await?.to_bytes();
    if !status.is_success() {
        return Err(format!("{status}: {}", String::from_utf8_lossy(&bytes)).into());
    }
    let answer: PushResponse = serde_json::from_slice(&bytes)?;
    let applied = answer
        .receipts
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Applied { .. }))
        .count();
    let failed = sent - applied;
    Ok((answer, failed))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The `p`th percentile of sorted `xs` (nearest rank).
fn percentile(xs: &[f64], p: f64) -> f64 {
    if xs.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * xs.len() as f64).ceil() as usize;
    xs[rank.clamp(1, xs.len()) - 1]
}
